//! Runs the case-record corpus (tests/cases/*.toml): each hand-built table counted under its
//! ruleset, every unit-month's counts and indicator values checked against the hand counts.

use std::collections::BTreeMap;
use std::path::PathBuf;

use kaohe::cases::columns::Column;
use kaohe::cases::count::IndicatorValue;
use kaohe::cases::table::CaseTable;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    ruleset: String,
    columns: String,
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    #[allow(dead_code)] // read by people, required by the format
    arithmetic: String,
    rows: Vec<String>,
    #[serde(default)]
    void_rows: usize,
    #[serde(default)]
    unattributed_rows: Vec<usize>,
    error: Option<String>,
    #[serde(default)]
    expect: Vec<UnitMonthExpect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitMonthExpect {
    unit: String,
    month: String,
    #[serde(default)]
    counts: BTreeMap<String, u64>,
    #[serde(default)]
    values: BTreeMap<String, String>,
    #[serde(default)]
    empty: Vec<String>,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/cases")
}

fn load(ruleset: &str) -> kaohe::Ruleset {
    if ruleset.ends_with(".toml") {
        let text = std::fs::read_to_string(dir().join(ruleset)).unwrap();
        kaohe::Ruleset::from_toml(&text, ruleset).unwrap()
    } else {
        kaohe::builtin::load(ruleset).unwrap()
    }
}

/// Builds the table row by row, as the CLI does; `Err` is the refusal's message.
fn table(header: &str, rows: &[String]) -> Result<CaseTable, String> {
    let columns: Vec<Column> = header
        .split(',')
        .map(|name| Column::named(name).unwrap_or_else(|| panic!("no column {name}")))
        .collect();
    let mut table = CaseTable::with_columns(&columns);
    for row in rows {
        table.push_row(&columns, row.split(',')).map_err(|e| e.to_string())?;
    }
    Ok(table)
}

fn run_case(ruleset: &kaohe::Ruleset, header: &str, case: &Case) -> Vec<String> {
    let counted =
        table(header, &case.rows).and_then(|t| ruleset.count_cases(&t, false).map_err(|e| e.to_string()));
    let counted = match (counted, &case.error) {
        (Err(message), Some(expected)) if message.contains(expected.as_str()) => return Vec::new(),
        (Err(message), Some(expected)) => {
            return vec![format!("refused with `{message}`, expected `{expected}`")]
        }
        (Err(message), None) => return vec![format!("refused: {message}")],
        (Ok(_), Some(expected)) => return vec![format!("counted, expected the refusal `{expected}`")],
        (Ok(counted), None) => counted,
    };
    let rules = ruleset.case_rules().unwrap();
    let mut problems = Vec::new();
    if counted.void_rows != case.void_rows {
        problems.push(format!("void rows {} != {}", counted.void_rows, case.void_rows));
    }
    if counted.unattributed_rows != case.unattributed_rows {
        problems.push(format!(
            "unattributed rows {:?} != {:?}",
            counted.unattributed_rows, case.unattributed_rows
        ));
    }
    let got: Vec<String> = counted.months.iter().map(|m| format!("{}/{}", m.unit, m.month)).collect();
    let wanted: Vec<String> = case.expect.iter().map(|e| format!("{}/{}", e.unit, e.month)).collect();
    if got != wanted {
        problems.push(format!("unit-months {got:?} != {wanted:?}"));
        return problems;
    }
    for (month, expect) in counted.months.iter().zip(&case.expect) {
        let at = format!("{}/{}", expect.unit, expect.month);
        for (definition, count) in rules.counts.iter().zip(&month.counts) {
            let wanted = expect.counts.get(&definition.id).copied().unwrap_or(0);
            if *count != wanted {
                problems.push(format!("{at} count {} = {count}, expected {wanted}", definition.id));
            }
        }
        for name in expect.counts.keys() {
            if !rules.counts.iter().any(|c| &c.id == name) {
                problems.push(format!("{at}: no count named {name}"));
            }
        }
        let values = rules.values(month);
        for (name, value) in &values {
            match (value, expect.values.get(*name), expect.empty.iter().any(|e| e == name)) {
                (IndicatorValue::Value(v), Some(wanted), false) if *v == wanted.parse().unwrap() => {}
                (IndicatorValue::EmptyDenominator, None, true) => {}
                (_, None, false) => {}
                (value, wanted, empty) => {
                    problems.push(format!("{at} {name} = {value:?}, expected {wanted:?} (empty: {empty})"))
                }
            }
        }
    }
    problems
}

#[test]
fn the_case_corpus() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 2, "the case corpus is missing");
    let mut problems = Vec::new();
    let mut cases = 0;
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let file: CaseFile = toml::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let ruleset = load(&file.ruleset);
        for case in &file.case {
            cases += 1;
            problems.extend(
                run_case(&ruleset, &file.columns, case)
                    .into_iter()
                    .map(|p| format!("{name}: {}: {p}", case.name)),
            );
        }
    }
    assert!(problems.is_empty(), "{} of {cases} cases failed:\n{}", problems.len(), problems.join("\n"));
}

/// The validation fixture (one rate read by a ladder) with `extra` appended: definitions under test.
fn with_definitions(extra: &str) -> Result<kaohe::Ruleset, kaohe::RulesetError> {
    kaohe::Ruleset::from_toml(&format!("{}\n{extra}", crate::validation::VALID), "cases.toml")
}

const COUNTS: &str = r#"
[case_count.due]
label = "应结案数"
label_en = "due"
basis = "b"
in_period = "deadline"
[case_count.closed]
label = "结案数"
label_en = "closed"
basis = "b"
in_period = "deadline"
"#;

#[test]
fn definitions_are_checked_where_they_are_written() {
    let ok = with_definitions(&format!("{COUNTS}where = \"closed_at and closed_at < assessed_at\"\n[indicator.rate]\nratio = [\"closed\", \"due\"]\nwhen_empty = \"error\"\nbasis = \"b\"\n"));
    assert!(ok.is_ok(), "{:?}", ok.err());
    let cases = [
        ("where = \"closed_at < deadlin\"", "`deadlin` is not a case column"),
        ("where = \"source == 'inspectr'\"", "`inspectr` is not a value of source"),
        ("where = \"reworks >= 'x'\"", "reworks is a count: compare it with a whole number"),
        ("where = \"subclass in long_construction\"", "`long_construction` is not a declared list"),
        ("where = \"closed_at and (reworks >= 1\"", "expected `)`"),
        ("where = \"supervised == 1\"", "supervised is a flag"),
    ];
    for (line, message) in cases {
        let extra = format!("{COUNTS}{line}\n[indicator.rate]\nratio = [\"closed\", \"due\"]\nwhen_empty = \"error\"\nbasis = \"b\"\n");
        let error = with_definitions(&extra).unwrap_err();
        let found = error.diagnostics.iter().find(|d| d.message.contains(message));
        let diagnostic = found.unwrap_or_else(|| panic!("{line}: {message} not in {error}"));
        // The fault is placed on the `where` line it is in (the ruleset text's last count).
        assert!(diagnostic.line > 0, "{line}: {diagnostic:?}");
    }
    let wrong = [
        (
            "[indicator.rate]\ncount = \"due\"\nbasis = \"b\"\n",
            "is a count, so its input must be of kind count",
        ),
        (
            "[indicator.rate]\nratio = [\"closed\", \"dew\"]\nwhen_empty = \"error\"\nbasis = \"b\"\n",
            "`dew` is not a declared [case_count]",
        ),
        ("[indicator.rate]\nratio = [\"closed\", \"due\"]\nbasis = \"b\"\n", "say with `when_empty`"),
        (
            "[indicator.nothing]\ncount = \"due\"\nbasis = \"b\"\n",
            "feeds an input the ruleset does not declare",
        ),
    ];
    for (extra, message) in wrong {
        let error = with_definitions(&format!("{COUNTS}where = \"closed_at\"\n{extra}")).unwrap_err();
        assert!(error.diagnostics.iter().any(|d| d.message.contains(message)), "{extra}: {error}");
    }
}

#[test]
fn a_condition_is_placed_at_its_column_in_the_file() {
    let extra = format!("{COUNTS}where = \"closed_at <= deadlin\"\n[indicator.rate]\nratio = [\"closed\", \"due\"]\nwhen_empty = \"error\"\nbasis = \"b\"\n");
    let error = with_definitions(&extra).unwrap_err();
    let diagnostic = &error.diagnostics[0];
    // `deadlin` starts 13 characters into the condition, which starts after `where = "`.
    assert_eq!(diagnostic.column, "where = \"".len() + 13 + 1, "{diagnostic:?}");
}

/// Huai'an, May 2019, as published: 结案率 13599/14173 = 95.95%, 按期处置率 13568/14690 = 92.36%,
/// 按期结案率 13117/14173 = 92.55%. A table with those counts, counted under the composite
/// template's definitions (范文5 四(三)-(五)), gives the published rates on the card.
#[test]
fn published_aggregates_are_reproduced_from_a_table_with_the_published_counts() {
    let ruleset = kaohe::builtin::load("templates/district-composite").unwrap();
    let header = [
        "case_id",
        "unit",
        "source",
        "dispatched_at",
        "deadline",
        "handled_at",
        "closed_at",
        "reworks",
        "reported_at",
        "satisfaction",
        "supervised",
    ];
    let columns: Vec<Column> = header.iter().map(|h| Column::named(h).unwrap()).collect();
    let mut table = CaseTable::with_columns(&columns);
    // 14690 cases dispatched in May. The first 14173 are due in May (deadline 05-20), the rest in
    // June (deadline 06-05). Of the due: 13117 handled by the deadline and closed; 482 closed but
    // handled late (13117 + 482 = 13599 closed); the other 574 open. Of the June ones, 451 are
    // handled in May before their deadline (13117 + 451 = 13568 handled in time).
    for n in 0..14_690 {
        let (deadline, handled, closed) = match n {
            n if n < 13_117 => ("2019-05-20 18:00:00", "2019-05-19 10:00:00", "2019-05-21 10:00:00"),
            n if n < 13_599 => ("2019-05-20 18:00:00", "2019-05-22 10:00:00", "2019-05-23 10:00:00"),
            n if n < 14_173 => ("2019-05-20 18:00:00", "", ""),
            n if n < 14_173 + 451 => ("2019-06-05 18:00:00", "2019-05-30 10:00:00", ""),
            _ => ("2019-06-05 18:00:00", "", ""),
        };
        let id = format!("HA{n}");
        let cells = [
            id.as_str(),
            "淮安",
            "inspector",
            "2019-05-02 09:00:00",
            deadline,
            handled,
            closed,
            "0",
            "2019-05-01 09:00:00",
            "",
            "0",
        ];
        table.push_row(&columns, cells).unwrap();
    }
    let counted = ruleset.count_cases(&table, false).unwrap();
    let may = counted.months.iter().find(|m| m.month.to_string() == "2019-05").unwrap();
    let mut inputs = ruleset.case_rules().unwrap().inputs(may);
    inputs.insert("baseline", 14_690);
    let card = ruleset.score(&inputs).unwrap();
    let rate = |name: &str| {
        let value = card.metrics.iter().find(|m| &*m.name == name).unwrap().value;
        (value * kaohe::Decimal::from(100)).round_dp(2).to_string()
    };
    assert_eq!(rate("closure_rate"), "95.95"); // 13599 / 14173
    assert_eq!(rate("timely_handling_rate"), "92.36"); // 13568 / 14690
    assert_eq!(rate("timely_closure_rate"), "92.55"); // 13117 / 14173
}

#[test]
fn an_item_knows_the_inputs_behind_it_through_metrics() {
    let ruleset = load("ningbo/district");
    let ids: Vec<&str> = ruleset.items().map(|(id, _)| id).collect();
    let inputs = ruleset.item_inputs();
    assert_eq!(inputs.len(), ids.len());
    let of = |id: &str| ids.iter().position(|i| *i == id).and_then(|at| inputs.get(at)).cloned();
    assert_eq!(of("closure").as_deref(), Some(&["closure_rate", "sampled_cases_noncompliant"][..]));
    // 立案率 is the metric filing_rate = valid_cases / reported_items; its spot checks are an input.
    assert_eq!(
        of("filing_rate").as_deref(),
        Some(&["filing_spot_check_failures", "reported_items", "valid_cases"][..])
    );
}
