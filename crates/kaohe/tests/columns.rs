//! Scoring rows of values bound once to column names: the same cards as named inputs, and errors
//! for unknown columns reported once.

use kaohe::{builtin, InputValue, Inputs};

const COLUMNS: [&str; 14] = [
    "grid_cells",
    "inspectors",
    "operators",
    "inspector_online_rate",
    "reported_items",
    "valid_cases",
    "daily_valid_collections",
    "on_time_closure_rate",
    "closure_rate",
    "rework_rate",
    "superior_satisfaction",
    "partner_satisfaction",
    "community_satisfaction",
    "late_arrivals",
];

fn row(late_arrivals: Option<&str>) -> Vec<Option<InputValue>> {
    let cells = ["400", "30", "20", "80%", "1000", "800", "400", "90%", "98%", "1%", "95%", "90%", "90%"];
    cells.iter().map(|c| Some(InputValue::from(*c))).chain([late_arrivals.map(InputValue::from)]).collect()
}

#[test]
fn a_row_scores_like_the_same_named_inputs() {
    let ruleset = builtin::load("ningbo/district").unwrap();
    let columns = ruleset.columns(&COLUMNS).unwrap();
    let named: Inputs = COLUMNS.iter().zip(row(Some("2"))).map(|(n, v)| (*n, v.unwrap())).collect();
    assert_eq!(ruleset.score_row(&columns, &row(Some("2"))).unwrap(), ruleset.score(&named).unwrap());
    assert_eq!(ruleset.explain_row(&columns, &row(Some("2"))).unwrap(), ruleset.explain(&named).unwrap());
    // 100 - 2 late arrivals = 98; an empty cell leaves the input to its default of 0: 100.
    assert_eq!(ruleset.score_row(&columns, &row(Some("2"))).unwrap().total.to_string(), "98");
    assert_eq!(ruleset.score_row(&columns, &row(None)).unwrap().total.to_string(), "100");
}

#[test]
fn unknown_and_repeated_columns_are_refused_once() {
    let ruleset = builtin::load("ningbo/district").unwrap();
    let errors = ruleset.columns(&["closure_rat", "late_arrivals", "late_arrivals"]).unwrap_err();
    assert_eq!(errors.0.len(), 2);
    assert_eq!((errors.0[0].loc.as_str(), errors.0[0].kind.code()), ("closure_rat", "unknown"));
    assert!(errors.0[0].message.contains("did you mean `closure_rate`?"), "{}", errors.0[0].message);
    assert!(errors.0[1].message.contains("is a column twice"), "{}", errors.0[1].message);
}

#[test]
fn a_row_must_fit_its_columns_and_its_ruleset() {
    let ruleset = builtin::load("ningbo/district").unwrap();
    let columns = ruleset.columns(&COLUMNS).unwrap();
    let short = &row(None)[..3];
    assert_eq!(ruleset.score_row(&columns, short).unwrap_err().0[0].loc, "row");
    let other = builtin::load("templates/staff-performance").unwrap();
    assert_eq!(other.score_row(&columns, &row(None)).unwrap_err().0[0].loc, "columns");
    // A bad cell is named by its input, like any input.
    let mut bad = row(None);
    bad[13] = Some(InputValue::from("-1"));
    let errors = ruleset.score_row(&columns, &bad).unwrap_err();
    assert_eq!((errors.0[0].loc.as_str(), errors.0[0].kind.code()), ("late_arrivals", "negative"));
}

#[test]
fn scores_reused_from_row_to_row_match_each_rows_card() {
    let ruleset = builtin::load("ningbo/district").unwrap();
    let columns = ruleset.columns(&COLUMNS).unwrap();
    let mut scores = ruleset.new_scores();
    // 3 late arrivals, then none, then a bad row: the buffers hold each row's numbers, not a mix.
    for (late, total) in [(Some("3"), "97"), (None, "100")] {
        ruleset.score_row_into(&columns, &row(late), &mut scores).unwrap();
        let card = ruleset.score_row(&columns, &row(late)).unwrap();
        assert_eq!(scores.total.to_string(), total);
        assert_eq!(scores.total, card.total);
        assert!(scores.items.iter().map(|i| i.score).eq(card.items().map(|(_, i)| i.score)));
    }
    let errors = ruleset.score_row_into(&columns, &row(Some("-1")), &mut scores).unwrap_err();
    assert_eq!((errors.0[0].loc.as_str(), errors.0[0].kind.code()), ("late_arrivals", "negative"));
}

#[test]
fn floats_are_read_through_their_shortest_text() {
    assert_eq!(InputValue::from_f64(0.1), InputValue::Number("0.1".parse().unwrap()));
    assert_eq!(InputValue::from_f64(87.5), InputValue::Number("87.5".parse().unwrap()));
    let ruleset = builtin::load("ningbo/district").unwrap();
    let columns = ruleset.columns(&COLUMNS).unwrap();
    let mut cells = row(None);
    cells[8] = Some(InputValue::from_f64(0.934)); // closure rate 93.4%: two started steps under 95%
    assert_eq!(ruleset.score_row(&columns, &cells).unwrap().item("closure").unwrap().score.to_string(), "5");
    cells[8] = Some(InputValue::from_f64(f64::INFINITY));
    let errors = ruleset.score_row(&columns, &cells).unwrap_err();
    assert_eq!((errors.0[0].loc.as_str(), errors.0[0].kind.code()), ("closure_rate", "wrong_type"));
}

#[test]
fn an_occurrences_cell_lists_its_amounts_separated_by_semicolons() {
    // templates/district-composite, 四(九): proactive help earns 0.5 to 2 per case, as entered.
    let ruleset = builtin::load("templates/district-composite").unwrap();
    let base = [("cases", "40"), ("baseline", "40"), ("received", "100"), ("handled", "100")]
        .into_iter()
        .chain([("handled_in_time", "100"), ("due", "100"), ("closed", "100"), ("closed_in_time", "100")])
        .chain([("reworked", "0")]);
    let mut names: Vec<&str> = base.clone().map(|(n, _)| n).collect();
    names.push("proactive");
    let columns = ruleset.columns(&names).unwrap();
    let cells = |proactive: &str| -> Vec<Option<InputValue>> {
        base.clone().map(|(_, v)| Some(InputValue::from(v))).chain([Some(proactive.into())]).collect()
    };
    let proactive = |card: &kaohe::ScoreCard| card.item("proactive").map(|i| i.score.to_string());
    // A cell " 0.5; 2 ;" holds two cases: 0.5 + 2 = 2.5, the same as the list [0.5, 2].
    let from_cell = ruleset.score_row(&columns, &cells(" 0.5; 2 ;")).unwrap();
    let mut listed: Inputs = base.clone().collect();
    listed.insert("proactive", InputValue::List(vec!["0.5".into(), 2.into()]));
    assert_eq!(proactive(&from_cell).as_deref(), Some("2.5"));
    assert_eq!(from_cell, ruleset.score(&listed).unwrap());
    // Each amount is checked where it stands: 3 is above the 2 a case may earn.
    let errors = ruleset.score_row(&columns, &cells("1;3")).unwrap_err();
    assert_eq!(errors.0[0].loc, "proactive[1]");
}
