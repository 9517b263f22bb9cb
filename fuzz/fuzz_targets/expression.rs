//! Any text as a metric expression inside a small valid ruleset, then scored: every syntax error
//! is a diagnostic and every evaluation an answer or an input error.
#![no_main]

use libfuzzer_sys::fuzz_target;

const RULESET: &str = r#"format = 1
id = "fuzz/expression"
title = "t"
title_en = "t"
jurisdiction = "j"
version = "1"
target_kinds = ["unit"]
full_marks = 10
rounding = { places = 2, strategy = "half_up", scope = "total" }
[source]
document = "fuzz"
[input.a]
kind = "amount"
label = "a"
label_en = "a"
[input.b]
kind = "count"
label = "b"
label_en = "b"
[metric.m]
expr = '''EXPRESSION'''
label = "m"
label_en = "m"
display = "number"
zero_denominator = "error"
[[section]]
id = "s"
title = "s"
title_en = "s"
points = 10
[[section.item]]
id = "i"
title = "i"
title_en = "i"
points = 10
[[section.item.rule]]
id = "r"
kind = "formula"
expr = "min(max(m, 0), 10) + 0 * a + 0 * b"
effect = "deduct"
label = "r"
label_en = "r"
basis = "fuzz"
"#;

fuzz_target!(|data: (&str, i64, u32)| {
    let (expression, a, b) = data;
    if expression.contains("'''") {
        return;
    }
    let text = RULESET.replace("EXPRESSION", expression);
    if let Ok(ruleset) = kaohe::Ruleset::from_toml(&text, "fuzz.toml") {
        let mut inputs = kaohe::Inputs::new();
        inputs.insert("a", kaohe::InputValue::from(a)).insert("b", kaohe::InputValue::from(i64::from(b)));
        let _ = ruleset.explain(&inputs);
    }
});
