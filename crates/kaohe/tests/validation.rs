//! Load-time validation: each mistake is reported with its line, column and a hint.

use kaohe::{Diagnostic, Inputs, Ruleset};

/// A small valid ruleset, shared with the case-definition tests.
pub(crate) const VALID: &str = r#"format = 1
id = "test/minimal"
title = "最小"
title_en = "Minimal"
jurisdiction = "test"
version = "1"
target_kinds = ["unit"]
full_marks = 10
rounding = { places = 2, strategy = "half_up", scope = "total" }
[source]
document = "fixture"

[input.closed_cases]
kind = "count"
label = "结案数"
label_en = "closed cases"
[input.due_cases]
kind = "count"
label = "应结案数"
label_en = "cases due"
[input.rate]
kind = "rate"
label = "满意率"
label_en = "satisfaction"

[metric.closure]
expr = "closed_cases / due_cases"
label = "结案率"
label_en = "closure rate"
display = "percent"
zero_denominator = "error"

[[section]]
id = "s"
title = "大项"
title_en = "Section"
points = 10

[[section.item]]
id = "i"
title = "小项"
title_en = "Item"
points = 10

[[section.item.rule]]
id = "r"
kind = "ladder_below"
value = "closure"
applies_when = "<"
threshold = "95%"
step = "1%"
deduct = 1
counting = "started"
label = "结案率低于95%"
label_en = "Closure below 95%"
basis = "clause 1"

[[section.item.rule]]
id = "r2"
kind = "threshold"
value = "rate"
passes_when = ">="
threshold = "50%"
deduct = 1
label = "满意率低于50%"
label_en = "Satisfaction below 50%"
basis = "clause 2"
"#;

fn diagnostics(text: &str) -> Vec<Diagnostic> {
    Ruleset::from_toml(text, "test.toml").map(|_| ()).unwrap_err().diagnostics
}

/// The diagnostic whose message contains `needle`, after checking `text` differs from VALID.
fn find(text: &str, needle: &str) -> Diagnostic {
    assert_ne!(text, VALID, "the mutation did not apply");
    let all = diagnostics(text);
    all.iter()
        .find(|d| d.message.contains(needle))
        .cloned()
        .unwrap_or_else(|| panic!("no diagnostic contains {needle:?}: {all:#?}"))
}

fn line_of(text: &str, fragment: &str) -> usize {
    text.lines().position(|l| l.contains(fragment)).unwrap() + 1
}

#[test]
fn the_fixture_is_valid() {
    Ruleset::from_toml(VALID, "test.toml").unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn a_metric_reading_an_undeclared_name_points_at_it_and_suggests() {
    let text = VALID.replace("expr = \"closed_cases / due_cases\"", "expr = \"closed_case / due_cases\"");
    let d = find(&text, "reads `closed_case`, which is not declared");
    assert_eq!(d.line, line_of(&text, "closed_case / due_cases"));
    assert_eq!(d.column, "expr = \"".len() + 1);
    assert_eq!(d.hint.as_deref(), Some("did you mean `closed_cases`?"));
}

#[test]
fn an_unknown_value_name_suggests_the_nearest() {
    let text = VALID.replace("value = \"closure\"", "value = \"closur\"");
    let d = find(&text, "unknown input or metric `closur`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `closure`?"));
    assert_eq!((d.line, d.column), (line_of(&text, "\"closur\""), 9));
}

#[test]
fn an_unused_input_is_an_error() {
    let text = VALID.replace(
        "[input.rate]",
        "[input.spare]\nkind = \"flag\"\nlabel = \"x\"\nlabel_en = \"x\"\n[input.rate]",
    );
    let d = find(&text, "input `spare` is declared but no rule or metric reads it");
    assert_eq!(d.line, line_of(&text, "[input.spare]"));
}

#[test]
fn items_must_add_up_to_their_section_and_sections_to_full_marks() {
    let text = VALID.replace("title_en = \"Item\"\npoints = 10", "title_en = \"Item\"\npoints = 9");
    let d = find(&text, "the items of section `s` add up to 9, but the section has 10 points");
    assert_eq!(d.hint.as_deref(), Some("items: i 9"));
    let text = VALID.replace("full_marks = 10", "full_marks = 12");
    find(&text, "the sections add up to 10, but full marks are 12");
}

#[test]
fn a_rate_threshold_outside_zero_to_one_is_refused_with_a_hint() {
    let text = VALID.replace("threshold = \"50%\"", "threshold = 50");
    let d = find(&text, "threshold 50 is outside the range of `rate` (0..1)");
    assert!(d.hint.unwrap().contains("\"70%\""));
}

#[test]
fn bad_steps_are_refused() {
    let text = VALID.replace("step = \"1%\"", "step = 0");
    find(&text, "the step must be above 0");
    let text =
        VALID.replace("value = \"closure\"", "value = \"rate\"").replace("step = \"1%\"", "step = \"150%\"");
    find(&text, "a step of 1.5 is wider than the whole range of `rate`");
}

#[test]
fn a_grade_colour_must_be_a_colour() {
    // A colour is written into styles of the report and the demo: nothing else may pass.
    let graded = |colour: &str| {
        VALID.replace("[[section]]", &format!("[[grade]]\nmin = 0\nlabel = \"合格\"\nlabel_en = \"Pass\"\ncolour = \"{colour}\"\n[[section]]"))
    };
    for colour in [r#"red\" onmouseover=\"alert(1)"#, "#12345", "url(x)", "red;x:y"] {
        let text = graded(colour);
        let d = find(&text, "is not a colour");
        assert_eq!((d.line, d.column), (line_of(&text, "colour = "), "colour = ".len() + 1), "{colour}");
    }
    for colour in ["#abc", "#a1b2c3", "#a1b2c3d4", "rebeccapurple"] {
        Ruleset::from_toml(&graded(colour), "test.toml").unwrap_or_else(|e| panic!("{colour}: {e}"));
    }
}

#[test]
fn duplicate_ids_are_refused() {
    let text = VALID.replace("id = \"r2\"", "id = \"r\"");
    find(&text, "duplicate rule id `r`");
    let text = VALID.replace("id = \"i\"", "id = \"s\"");
    find(&text, "duplicate id `s`");
}

#[test]
fn misspelt_keys_and_missing_keys_are_named() {
    let text = VALID.replace("deduct = 1\ncounting", "deductt = 1\ncounting");
    let d = find(&text, "unknown field `deductt`");
    assert_eq!(d.line, line_of(&text, "deductt"));
    let text = VALID.replace("counting = \"started\"\n", "");
    find(&text, "rule `r` (ladder_below) needs `counting`");
    let text = VALID.replace("counting = \"started\"", "counting = \"rounded\"");
    find(&text, "unknown variant `rounded`");
    let text = VALID.replace(
        "passes_when = \">=\"\nthreshold = \"50%\"",
        "passes_when = \">=\"\nthreshold = \"50%\"\nstep = 1",
    );
    find(&text, "`step` has no meaning in a `threshold` rule");
}

#[test]
fn a_ladder_compares_in_its_own_direction() {
    let text = VALID.replace("applies_when = \"<\"", "applies_when = \">\"");
    let d = find(&text, "a `ladder_below` rule applies when the value is below");
    assert_eq!(d.hint.as_deref(), Some("write applies_when = \"<\" or \"<=\""));
}

#[test]
fn division_needs_a_zero_denominator_policy() {
    let text = VALID.replace("zero_denominator = \"error\"\n", "");
    let d = find(&text, "divides by a value that may be zero, with no policy for it");
    assert!(d.hint.unwrap().contains("zero_denominator"));
}

#[test]
fn expression_syntax_errors_point_into_the_expression() {
    let text = VALID.replace("closed_cases / due_cases", "closed_cases / / due_cases");
    let d = find(&text, "expected a number, a name or `(`");
    assert_eq!(d.column, "expr = \"closed_cases / ".len() + 1);
}

#[test]
fn metrics_may_not_depend_on_themselves() {
    let text = VALID.replace("closed_cases / due_cases", "closure + closed_cases / due_cases");
    find(&text, "metric `closure` depends on itself");
}

#[test]
fn the_report_shows_file_line_column_source_and_hint() {
    let text = VALID.replace("value = \"closure\"", "value = \"closur\"");
    let shown = Ruleset::from_toml(&text, "rulesets/x.toml").unwrap_err().to_string();
    let line = line_of(&text, "\"closur\"");
    assert!(
        shown.contains(&format!("rulesets/x.toml:{line}:9: error: unknown input or metric `closur`")),
        "{shown}"
    );
    assert!(shown.contains("value = \"closur\"\n"), "{shown}");
    assert!(shown.contains("^^^^^^^^"), "{shown}");
    assert!(shown.contains("= hint: did you mean `closure`?"), "{shown}");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let text = VALID
        .replace("value = \"closure\"", "value = \"closur\"")
        .replace("threshold = \"50%\"", "threshold = 50");
    let all = diagnostics(&text);
    assert!(all.iter().any(|d| d.message.contains("closur")));
    assert!(all.iter().any(|d| d.message.contains("threshold 50")));
}

#[test]
fn every_built_in_ruleset_loads() {
    for id in kaohe::builtin::ids() {
        kaohe::builtin::load(id).unwrap_or_else(|e| panic!("{e}"));
    }
    let error = kaohe::builtin::load("ningbo/distrct").unwrap_err();
    assert_eq!(error.diagnostics[0].hint.as_deref(), Some("did you mean `ningbo/district`?"));
}

#[test]
fn limits_make_hostile_rulesets_harmless() {
    use kaohe::limits::*;
    // A ruleset text over the size limit is refused before it is parsed.
    let huge = format!("{VALID}\n# {}\n", "x".repeat(MAX_RULESET_BYTES));
    let error = Ruleset::from_toml(&huge, "huge.toml").map(|_| ()).unwrap_err();
    assert!(error.diagnostics[0].message.contains(&format!("the limit is {MAX_RULESET_BYTES}")), "{error}");
    // An expression over the length limit.
    let long = format!("closed_cases{}", " + 0".repeat(MAX_EXPRESSION_BYTES / 4));
    let text = VALID.replace("closed_cases / due_cases", &format!("({long}) / due_cases"));
    find(&text, &format!("the limit is {MAX_EXPRESSION_BYTES}"));
    // Nesting deeper than the limit.
    let deep = format!(
        "{}closed_cases{}",
        "(".repeat(MAX_EXPRESSION_DEPTH + 1),
        ")".repeat(MAX_EXPRESSION_DEPTH + 1)
    );
    let text = VALID.replace("closed_cases / due_cases", &format!("{deep} / due_cases"));
    find(&text, "nested deeper than 64 levels");
    // Too many declared names.
    let mut many = VALID.to_owned();
    for n in 0..=MAX_NAMES {
        many.push_str(&format!("[input.extra_{n}]\nkind = \"flag\"\nlabel = \"x\"\nlabel_en = \"x\"\n"));
    }
    let shown = diagnostics(&many);
    assert!(
        shown.iter().any(|d| d.message.contains(&format!("the limits are {MAX_NAMES}"))),
        "{:?}",
        shown.first()
    );
}

#[test]
fn an_occurrence_list_is_bounded() {
    let ruleset = kaohe::builtin::load("templates/district-composite").unwrap();
    let mut inputs: kaohe::Inputs = [
        ("cases", "40"),
        ("baseline", "40"),
        ("received", "100"),
        ("handled", "100"),
        ("handled_in_time", "100"),
        ("due", "100"),
        ("closed", "100"),
        ("closed_in_time", "100"),
        ("reworked", "0"),
    ]
    .into_iter()
    .collect();
    let list = vec![kaohe::InputValue::from("0.5"); kaohe::limits::MAX_OCCURRENCES + 1];
    inputs.insert("proactive", kaohe::InputValue::List(list));
    let errors = ruleset.score(&inputs).unwrap_err();
    assert_eq!((errors.0[0].loc.as_str(), errors.0[0].kind.code()), ("proactive", "out_of_range"));
    assert!(errors.0[0].message.contains("expected at most 10000"), "{}", errors.0[0].message);
}

#[test]
fn the_catalogue_lists_what_each_built_in_ruleset_says_of_itself() {
    let listed: Vec<&str> = kaohe::builtin::catalogue().iter().map(|e| e.id).collect();
    assert_eq!(listed, kaohe::builtin::ids().collect::<Vec<_>>());
    for entry in kaohe::builtin::catalogue() {
        let meta = kaohe::builtin::load(entry.id).unwrap().meta().clone();
        assert_eq!(
            (entry.title, entry.title_en, entry.source),
            (meta.title.as_str(), meta.title_en.as_str(), meta.source.document.as_str()),
            "{}",
            entry.id
        );
    }
}

#[test]
fn an_errors_place_is_also_given_as_segments() {
    // months[2].late_arrivals (the second month, as people count) is the path ["months", 1,
    // "late_arrivals"] (positions count from 0).
    let ningbo = kaohe::builtin::load("ningbo/district").unwrap();
    let mut bad = Inputs::new();
    bad.insert("late_arrivals", -1);
    let mut months = vec![None; 12];
    months[1] = Some(bad);
    let errors = ningbo.roll_up(kaohe::Period::Year, &months, &Inputs::new());
    let error = errors.unwrap_err().0.into_iter().find(|e| e.loc.ends_with("late_arrivals")).unwrap();
    assert_eq!(error.loc, "months[2].late_arrivals");
    let path = serde_json::to_value(&error.path).unwrap();
    assert_eq!(path, serde_json::json!(["months", 1, "late_arrivals"]));
}

#[test]
fn every_diagnostic_has_a_stable_code() {
    use kaohe::DiagnosticCode as Code;
    let first = |result: Result<Ruleset, kaohe::RulesetError>| result.unwrap_err().diagnostics[0].code;
    assert_eq!(first(Ruleset::from_toml("format = 1\nid = [", "x.toml")), Code::Syntax);
    assert_eq!(first(Ruleset::from_toml("format = 1\nid = 3\n", "x.toml")), Code::Syntax);
    let variant = |body: &str| format!("format = 1\nid = \"x/v\"\nextends = \"ningbo/district\"\n{body}");
    assert_eq!(
        first(Ruleset::from_toml(&variant("").replace("ningbo/district", "ningbo/distrct"), "v.toml")),
        Code::Extends
    );
    assert_eq!(first(Ruleset::from_toml(&variant("remove_rules = [\"nope\"]\n"), "v.toml")), Code::Variant);
    let unread = Ruleset::from_toml(&variant("remove_rules = [\"late_arrivals\"]\n"), "v.toml").unwrap_err();
    assert!(unread.diagnostics.iter().any(|d| d.code == Code::Unused), "{unread}");
    let typo = Ruleset::from_toml(&variant("[rules.late_arrivals]\ninput = \"late_arivals\"\n"), "v.toml")
        .unwrap_err();
    assert!(typo.diagnostics.iter().any(|d| d.code == Code::Invalid), "{typo}");
    assert_eq!(first(kaohe::builtin::load("ningbo/distrct")), Code::UnknownRuleset);
    assert_eq!(
        first(Ruleset::from_toml(&"#".repeat(kaohe::limits::MAX_RULESET_BYTES + 1), "big.toml")),
        Code::TooLarge
    );
    // Serialised as the words programs match on.
    assert_eq!(serde_json::to_value(Code::UnknownRuleset).unwrap(), "unknown_ruleset");
}

#[test]
fn a_ranking_refuses_a_kind_the_ruleset_does_not_name() {
    use kaohe::rank::Standing;
    let ningbo = kaohe::builtin::load("ningbo/district").unwrap();
    let standing =
        |unit: &str, kind: &str| Standing { unit: unit.into(), kind: kind.into(), total: 90.into() };
    // "district_bureu" would otherwise make a group of its own, ranked first.
    let errors = ningbo
        .rank(vec![standing("海曙区", "district_bureau"), standing("江北区", "district_bureu")])
        .unwrap_err();
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].loc, "standings[1].kind");
    assert!(errors.0[0].message.contains("expected one of district_bureau"), "{}", errors.0[0].message);
}

#[test]
fn a_ranking_refuses_a_unit_given_twice() {
    use kaohe::rank::Standing;
    let ningbo = kaohe::builtin::load("ningbo/district").unwrap();
    let standing = |unit: &str, total: u32| Standing {
        unit: unit.into(),
        kind: "district_bureau".into(),
        total: total.into(),
    };
    // Ranked as given, 海曙区 would take places 1 and 3 and push 江北区 (95) down to 2 of 4.
    let errors = ningbo
        .rank(vec![
            standing("海曙区", 98),
            standing("江北区", 95),
            standing("海曙区", 97),
            standing("镇海区", 90),
            standing("海曙区", 80),
        ])
        .unwrap_err();
    let problems: Vec<(&str, bool)> =
        errors.0.iter().map(|e| (e.loc.as_str(), e.message.contains("first at standings[0]"))).collect();
    assert_eq!(problems, [("standings[2].unit", true), ("standings[4].unit", true)]);
    // Each unit once ranks as before: 98, 95, 90.
    let ranked =
        ningbo.rank(vec![standing("海曙区", 98), standing("江北区", 95), standing("镇海区", 90)]).unwrap();
    let ranks: Vec<(&str, usize)> = ranked.iter().map(|r| (r.unit.as_str(), r.rank)).collect();
    assert_eq!(ranks, [("海曙区", 1), ("江北区", 2), ("镇海区", 3)]);
}
