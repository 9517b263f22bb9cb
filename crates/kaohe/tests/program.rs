//! The flat program a ruleset is compiled to: metrics run in the order they read each other, not
//! the order they are declared in; an item's tally is its own; a veto in one item zeroes its whole
//! section, items settled before it included.

use kaohe::{Inputs, Ruleset};

const TWO_ITEMS: &str = r#"format = 1
id = "test/program"
title = "程序"
title_en = "Program"
jurisdiction = "test"
version = "1"
target_kinds = ["unit"]
full_marks = 20
rounding = { places = 2, strategy = "half_up", scope = "total" }
[source]
document = "fixture"

[input.closed]
kind = "count"
label = "结案数"
label_en = "closed"
[input.due]
kind = "count"
label = "应结案数"
label_en = "due"
[input.late]
kind = "count"
label = "迟报次数"
label_en = "late reports"
default = 0
[input.concealed]
kind = "flag"
label = "瞒报"
label_en = "concealed"
default = false

# Declared before the metric it reads.
[metric.shortfall]
expr = "1 - closure"
label = "未结率"
label_en = "shortfall"
display = "percent"
[metric.closure]
expr = "closed / due"
label = "结案率"
label_en = "closure rate"
display = "percent"
zero_denominator = 1

[[section]]
id = "first"
title = "甲"
title_en = "First"
points = 10

[[section.item]]
id = "closing"
title = "结案"
title_en = "Closing"
points = 6

[[section.item.rule]]
id = "shortfall_limit"
kind = "threshold"
value = "shortfall"
passes_when = "<="
threshold = "5%"
deduct = 2
label = "未结率高于5%"
label_en = "Shortfall above 5%"
basis = "fixture"

[[section.item.rule]]
id = "late_reports"
kind = "per_occurrence"
input = "late"
deduct = 1
label = "迟报"
label_en = "Late report"
basis = "fixture"

[[section.item]]
id = "honesty"
title = "如实上报"
title_en = "Honest reporting"
points = 4

[[section.item.rule]]
id = "concealment"
kind = "veto"
when = "concealed"
veto = "section_zero"
label = "瞒报"
label_en = "Concealment"
basis = "fixture"

[[section]]
id = "second"
title = "乙"
title_en = "Second"
points = 10

[[section.item]]
id = "other"
title = "其他"
title_en = "Other"
points = 10

[[section.item.rule]]
id = "other_late"
kind = "per_occurrence"
input = "late"
deduct = 2
label = "迟报"
label_en = "Late report"
basis = "fixture"
"#;

fn scored(inputs: &[(&str, &str)]) -> kaohe::ScoreCard {
    let ruleset = Ruleset::from_toml(TWO_ITEMS, "program.toml").unwrap_or_else(|e| panic!("{e}"));
    let mut given = Inputs::new();
    for (name, value) in inputs {
        given.insert(*name, *value);
    }
    ruleset.score(&given).unwrap()
}

fn item_scores(card: &kaohe::ScoreCard) -> Vec<String> {
    card.sections.iter().flat_map(|s| &s.items).map(|i| i.score.to_string()).collect()
}

#[test]
fn a_metric_runs_after_the_metric_it_reads_whatever_the_declaration_order() {
    // closure = 10 / 10 = 1, shortfall = 1 - 1 = 0 <= 5%: nothing deducted. Read before closure
    // was computed, shortfall would be 1 - 0 = 1 and cost 2.
    let card = scored(&[("closed", "10"), ("due", "10")]);
    assert_eq!(item_scores(&card), ["6", "4", "10"]);
    assert_eq!(card.total.to_string(), "20");
    // closure = 9 / 10 = 0.9, shortfall 0.1 > 5%: closing 6 - 2 = 4.
    let card = scored(&[("closed", "9"), ("due", "10")]);
    assert_eq!(item_scores(&card), ["4", "4", "10"]);
}

#[test]
fn each_item_settles_from_its_own_rules() {
    // 3 late reports: closing 6 - 3 × 1 = 3; honesty fires nothing and keeps its 4; other
    // 10 - 3 × 2 = 4. Total 3 + 4 + 4 = 11.
    let card = scored(&[("closed", "10"), ("due", "10"), ("late", "3")]);
    assert_eq!(item_scores(&card), ["3", "4", "4"]);
    assert_eq!(card.sections[0].items[0].deducted.to_string(), "3");
    assert_eq!(card.sections[0].items[1].deducted.to_string(), "0");
    assert_eq!(card.sections[1].items[0].deducted.to_string(), "6");
    assert_eq!(card.total.to_string(), "11");
}

#[test]
fn a_section_veto_in_a_later_item_zeroes_the_items_settled_before_it() {
    // closing settles at 6 - 1 = 5 before honesty's veto zeroes section one; section two keeps
    // 10 - 2 = 8, which is the total. The items keep their own scores on the card.
    let card = scored(&[("closed", "10"), ("due", "10"), ("late", "1"), ("concealed", "true")]);
    assert_eq!(item_scores(&card), ["5", "4", "8"]);
    assert!(card.sections[0].zeroed && !card.sections[1].zeroed);
    assert_eq!(card.sections[0].score.to_string(), "0");
    assert_eq!(card.sections[1].score.to_string(), "8");
    assert_eq!(card.total.to_string(), "8");
}
