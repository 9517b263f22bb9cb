//! Variants: `extends`, overrides by id, additions, removals, and the errors around them.

use kaohe::{builtin, Decimal, Inputs, Ruleset, RulesetError};

const ADOPTER: &str = include_str!("corpus/vectors/rulesets/ningbo-adopter.toml");

fn clean_month() -> Inputs {
    [
        ("grid_cells", "400"),
        ("inspectors", "30"),
        ("operators", "20"),
        ("inspector_online_rate", "80%"),
        ("reported_items", "1000"),
        ("valid_cases", "800"),
        ("daily_valid_collections", "400"),
        ("on_time_closure_rate", "90%"),
        ("closure_rate", "98%"),
        ("rework_rate", "1%"),
        ("superior_satisfaction", "95%"),
        ("partner_satisfaction", "90%"),
        ("community_satisfaction", "90%"),
    ]
    .into_iter()
    .collect()
}

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn load(text: &str) -> Result<Ruleset, RulesetError> {
    Ruleset::from_toml(text, "variant.toml")
}

#[test]
fn the_adopter_differs_from_ningbo_exactly_where_it_says() {
    let parent = builtin::load("ningbo/district").unwrap();
    let variant = load(ADOPTER).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(variant.id(), "examples/ningbo-adopter");
    let mut month = clean_month();
    month
        .insert("on_time_closure_rate", "82%")
        .insert("filing_spot_check_failures", 4)
        .insert("sampled_cases_noncompliant", 1);
    let (p, v) = (parent.score(&month).unwrap(), variant.score(&month).unwrap());
    // Ningbo: 82% >= 80% keeps 按期结案率 at 7; 4 spot checks × 1 = -4 -> 立案率 3; 1 sampled case × 1 -> 结案率 6.
    // Total 100 - 4 - 1 = 95.
    assert_eq!(p.total, d("95"));
    assert_eq!(
        (p.item("on_time_closure").unwrap().score, p.item("filing_rate").unwrap().score),
        (d("7"), d("3"))
    );
    // Variant: 82% < 85%, drop 3 -> 1 started step -> 6; 4 × 0.5 = -2 -> 5; 1 × 0.5 -> 6.5.
    // Total 100 - 1 - 2 - 0.5 = 96.5.
    assert_eq!(v.total, d("96.5"));
    assert_eq!(v.item("on_time_closure").unwrap().score, d("6"));
    assert_eq!(v.item("filing_rate").unwrap().score, d("5"));
    assert_eq!(v.item("closure").unwrap().score, d("6.5"));
    // Every other item is untouched.
    for ((_, a), (_, b)) in p.items().zip(v.items()) {
        if !["on_time_closure", "filing_rate", "closure"].contains(&&*a.id) {
            assert_eq!((&a.id, a.score), (&b.id, b.score));
        }
    }
    // The parent's notes are kept and the variant's are added.
    assert_eq!(variant.meta().notes.len(), parent.meta().notes.len() + 1);
    assert_eq!(variant.meta().title, "示例市区数字化城市管理工作考核细则（参照宁波市办法）");
}

fn message_of(result: Result<Ruleset, RulesetError>) -> String {
    result.map(|_| ()).unwrap_err().to_string()
}

#[test]
fn an_override_of_a_missing_id_is_an_error_with_a_hint() {
    let text = ADOPTER.replace("[rules.on_time_closure_ladder]", "[rules.on_time_closure_ladr]");
    let shown = message_of(load(&text));
    assert!(shown.contains("`[rules.on_time_closure_ladr]` overrides rule `on_time_closure_ladr`, which the extended ruleset does not have"), "{shown}");
    assert!(shown.contains("did you mean `on_time_closure_ladder`?"), "{shown}");
    let line = text.lines().position(|l| l.contains("on_time_closure_ladr")).unwrap() + 1;
    assert!(shown.starts_with(&format!("variant.toml:{line}:")), "{shown}");
}

#[test]
fn an_unknown_parent_is_named() {
    let shown =
        message_of(load(&ADOPTER.replace("extends = \"ningbo/district\"", "extends = \"ningbo/distrct\"")));
    assert!(shown.contains("unknown ruleset `ningbo/distrct` in `extends`"), "{shown}");
    assert!(shown.contains("did you mean `ningbo/district`?"), "{shown}");
}

#[test]
fn a_variant_needs_its_own_id() {
    let shown = message_of(load(&ADOPTER.replace("id = \"examples/ningbo-adopter\"\n", "")));
    assert!(shown.contains("a variant needs its own `id`"), "{shown}");
}

fn chain(name: &str, parent: &str) -> String {
    format!("format = 1\nid = \"{name}\"\nextends = \"{parent}\"\n")
}

fn file(text: String) -> kaohe::Extended {
    kaohe::Extended { origin: "chain.toml".into(), text }
}

#[test]
fn cycles_and_deep_chains_are_refused() {
    let resolve = |id: &str| match id {
        "a" => Some(file(chain("a", "b"))),
        "b" => Some(file(chain("b", "a"))),
        _ => None,
    };
    let shown = message_of(Ruleset::from_toml_with(&chain("top", "a"), "top.toml", &resolve));
    assert!(shown.contains("`extends` makes a cycle: a → b → a"), "{shown}");

    // top -> level1 -> ... -> level8 -> ningbo/district is nine links, one too many.
    let resolve_all = |id: &str| match id.strip_prefix("level").and_then(|n| n.parse::<usize>().ok()) {
        Some(n) if n < 8 => Some(file(chain(id, &format!("level{}", n + 1)))),
        Some(_) => Some(file(chain(id, "ningbo/district"))),
        None => builtin::extended(id),
    };
    let shown = message_of(Ruleset::from_toml_with(&chain("top", "level1"), "top.toml", &resolve_all));
    assert!(shown.contains("`extends` chains deeper than 8 rulesets"), "{shown}");
    // Eight links are allowed: top -> level2 -> ... -> level8 -> ningbo/district.
    let ok = Ruleset::from_toml_with(&chain("top", "level2"), "top.toml", &resolve_all);
    assert!(ok.is_ok(), "{}", message_of(ok));
}

#[test]
fn items_can_be_removed_added_and_replaced() {
    let base = "format = 1\nid = \"x/y\"\nextends = \"ningbo/district\"\n";
    // Removing an item without replacing its points breaks the section sum.
    let shown = message_of(load(&format!("{base}remove_items = [\"false_information\"]\n")));
    assert!(
        shown.contains("the items of section `results` add up to 41, but the section has 45 points"),
        "{shown}"
    );
    // Removing and adding a 4-point item keeps the sums.
    let replaced = format!(
        "{base}remove_items = [\"false_information\"]\nremove_inputs = [\"false_case_records\"]\n\
         [input.public_complaints]\nkind = \"count\"\nlabel = \"群众投诉\"\nlabel_en = \"public complaints\"\ndefault = 0\n\
         [[add_items]]\nsection = \"results\"\nid = \"complaints\"\ntitle = \"群众投诉\"\ntitle_en = \"Complaints\"\npoints = 4\n\
         [[add_items.rule]]\nid = \"complaints\"\nkind = \"per_occurrence\"\ninput = \"public_complaints\"\ndeduct = 1\n\
         label = \"群众投诉\"\nlabel_en = \"Complaint\"\nbasis = \"local\"\n"
    );
    let ruleset = load(&replaced).unwrap_or_else(|e| panic!("{e}"));
    let mut month = clean_month();
    month.insert("public_complaints", 3);
    let card = ruleset.score(&month).unwrap();
    // 3 complaints × 1 = -3 -> 1; total 97.
    assert_eq!(card.item("complaints").unwrap().score, d("1"));
    assert!(card.item("false_information").is_none());
    assert_eq!(card.total, d("97"));
    // Removing something that is not there is an error.
    let shown = message_of(load(&format!("{base}remove_rules = [\"no_such_rule\"]\n")));
    assert!(
        shown.contains("`remove_rules` names rule `no_such_rule`, which the extended ruleset does not have"),
        "{shown}"
    );
    // An item override replaces keys; its `rule` list is replaced whole.
    let shown = message_of(load(&format!("{base}[items.rework]\npoints = 5\n")));
    assert!(shown.contains("add up to 46, but the section has 45 points"), "{shown}");
}

#[test]
fn a_fault_in_a_variant_points_at_the_variants_own_line() {
    let text = "format = 1\nid = \"x/typo\"\nextends = \"ningbo/district\"\n\n[rules.late_arrivals]\ninput = \"late_arivals\"\n";
    let error = load(text).unwrap_err();
    let typo = error.diagnostics.iter().find(|d| d.message.contains("late_arivals")).unwrap();
    // Line 6, column 9: the value after `input = ` in the variant file, not in merged text.
    assert_eq!((typo.line, typo.column, typo.origin.as_deref()), (6, 9, None), "{error}");
    // The span is the value in the variant's own text, for an editor to underline.
    assert_eq!(&text[typo.span.clone()], "\"late_arivals\"");
    assert_eq!(error.origin, "variant.toml");
    assert!(error.to_string().contains("variant.toml:6:9: error:"), "{error}");
}

#[test]
fn an_inherited_fault_points_into_the_extended_ruleset_and_says_so() {
    // Removing the only rule that reads `late_arrivals` leaves the parent's declaration unread: the
    // fault is the parent's line, reached through the variant.
    let text =
        "format = 1\nid = \"x/no-late\"\nextends = \"ningbo/district\"\nremove_rules = [\"late_arrivals\"]\n";
    let error = load(text).unwrap_err();
    let unread =
        error.diagnostics.iter().find(|d| d.message.contains("`late_arrivals` is declared")).unwrap();
    let parent = builtin::source("ningbo/district").unwrap();
    let declared = parent.lines().position(|l| l == "[input.late_arrivals]").unwrap() + 1;
    assert_eq!(unread.origin.as_deref(), Some("builtin:ningbo/district"));
    assert_eq!(unread.line, declared);
    let shown = error.to_string();
    assert!(shown.contains(&format!("builtin:ningbo/district:{declared}:")), "{shown}");
    assert!(
        shown.contains("= note: inherited by variant.toml, which extends builtin:ningbo/district"),
        "{shown}"
    );
}
