//! The line of numbers (`kaohe::line`) a binding sets into a ruleset's outline, checked by hand.

use kaohe::line::{push_line, Fields};
use kaohe::InputValue;

use crate::corpus;

#[test]
fn a_line_holds_every_number_of_the_card_in_order() {
    let ruleset = kaohe::builtin::load("ningbo/district").unwrap();
    // The vector corpus's clean Ningbo month, with the external network down and two unreported
    // major events.
    let (_, vectors) =
        corpus::corpus().into_iter().find(|(_, file)| file.ruleset == "ningbo/district").unwrap();
    let mut inputs = corpus::table_inputs(vectors.base);
    inputs.insert("unreported_major_events", InputValue::from(2));
    inputs.insert("external_network_outage", InputValue::Bool(true));
    let mut scores = ruleset.new_scores();
    ruleset.score_into(&inputs, &mut scores).unwrap();
    let mut line = String::new();
    push_line(&mut line, &ruleset, &scores, Fields::Card);
    // 设备管理 (equipment, 8): the outage is a veto, the item is zeroed (marks 1), nothing
    // deducted. 信息和重大事项上报 (reporting, 8): 2 × 3 = 6 deducted -> 2, and two events raise
    // the one flag (position 0). Sections 20, 14 + 0 + 2 = 16, 45, 5; total 86. Ningbo has no
    // grades. Metrics: 30 × 15 / 400 = 1.125, 20 × 20 / 400 = 1, 800 / 1000 = 0.8, 400 / 400 = 1.
    let items = "4,2,2,4,4,4,14,0,2,7,7,7,7,5,4,4,4,2,1,2";
    let mut details = vec!["0,0,0"; 20];
    details[7] = "0,0,1";
    details[8] = "6,0,0";
    let expected = format!("86\t\t0\t{items}\t0\t1.125,1,0.8,1\t20,0,16,0,45,0,5,0\t{}", details.join(","));
    assert_eq!(line, expected);
    let mut numbers = String::new();
    push_line(&mut numbers, &ruleset, &scores, Fields::Numbers);
    assert_eq!(numbers, format!("86\t\t0\t{items}"));
}
