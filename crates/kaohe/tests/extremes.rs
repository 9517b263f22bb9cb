//! A drop too large to show as percentage points is shown as it is. The other outcomes at ±7.9e28
//! (loading, overflow as an input error naming the rule) are cases of tests/hostile/library.toml.

use kaohe::{Inputs, Ruleset};

#[test]
fn a_large_negative_value_explains_its_drop_as_is() {
    let text = include_str!("corpus/hostile/rulesets/extreme-ladder.toml");
    let ruleset = Ruleset::from_toml(text, "extreme-ladder.toml").unwrap();
    let mut month = Inputs::new();
    month.insert("level", "-1000000000000000000000000000"); // -1e27: a drop of 2e27, 4e27 steps
    let card = ruleset.explain(&month).unwrap();
    assert_eq!(card.total.to_string(), "0"); // 10 - 4e27, floored at 0
                                             // The gap (2e27) shown as percentage points would be 2e29, past a decimal: shown as is.
    let message = &card.sections[0].items[0].effects[0].message;
    assert!(message.en.contains("2000000000000000000000000000"), "{}", message.en);
}
