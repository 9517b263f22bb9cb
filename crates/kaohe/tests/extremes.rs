//! Values at the edge of what a decimal holds: a ruleset or an input near ±7.9e28 loads, or is
//! scored with an error naming its place, never a panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

use kaohe::{InputErrorKind, Inputs, Ruleset};

/// One item with a ladder over an amount whose declared range is `min..max`.
fn ruleset(min: &str, max: &str) -> Result<Ruleset, kaohe::RulesetError> {
    let text = format!(
        r##"
format = 1
id = "tests/extremes"
title = "极值"
title_en = "Extremes"
jurisdiction = "测试"
version = "1"
target_kinds = ["unit"]
full_marks = 10
rounding = {{ places = 2, strategy = "half_up", scope = "total" }}
[source]
document = "测试"
[input.level]
kind = "amount"
label = "水平"
label_en = "level"
min = "{min}"
max = "{max}"
[metric.share]
expr = "level"
label = "占比"
label_en = "share"
display = "percent"
[[section]]
id = "s"
title = "甲"
title_en = "S"
points = 10
[[section.item]]
id = "i"
title = "乙"
title_en = "I"
points = 10
[[section.item.rule]]
id = "ladder"
kind = "ladder_below"
value = "share"
applies_when = "<"
threshold = "1000000000000000000000000000"
step = "0.5"
deduct = 1
counting = "started"
label = "低于0"
label_en = "Below 0"
basis = "测试"
"##
    );
    Ruleset::from_toml(&text, "extremes.toml")
}

const NEAR_MIN: &str = "-79000000000000000000000000000";
const NEAR_MAX: &str = "79000000000000000000000000000";

#[test]
fn a_range_too_wide_to_subtract_loads() {
    // hi - lo overflows a decimal; the step check must not.
    assert!(ruleset(NEAR_MIN, NEAR_MAX).is_ok());
}

#[test]
fn a_value_whose_drop_overflows_is_an_input_error_naming_the_rule() {
    let ruleset = ruleset(NEAR_MIN, NEAR_MAX).unwrap();
    let mut month = Inputs::new();
    month.insert("level", NEAR_MIN);
    // The drop from the threshold (1e27 + 7.9e28) is past what a decimal holds.
    let errors = ruleset.explain(&month).unwrap_err();
    assert_eq!((errors.0[0].loc.as_str(), errors.0[0].kind), ("ladder", InputErrorKind::Overflow));
}

#[test]
fn a_large_negative_value_explains_without_a_panic() {
    let ruleset = ruleset(NEAR_MIN, NEAR_MAX).unwrap();
    let mut month = Inputs::new();
    month.insert("level", "-1000000000000000000000000000"); // -1e27: a drop of 2e27, 4e27 steps
    let card = ruleset.explain(&month).unwrap();
    assert_eq!(card.total.to_string(), "0"); // 10 - 4e27, floored at 0
                                             // The gap (2e27) shown as percentage points would be 2e29: past a decimal, so shown as is.
    let message = &card.sections[0].items[0].effects[0].message;
    assert!(message.en.contains("2000000000000000000000000000"), "{}", message.en);
}
