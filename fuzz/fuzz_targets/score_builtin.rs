//! Any inputs for every built-in ruleset: values of every kind, huge, negative, fractional,
//! missing or undeclared. A card or input errors, never a panic.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Value {
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(String),
    Scaled(i64, u8),
    List(Vec<(i64, u8)>),
}

#[derive(Arbitrary, Debug)]
struct Case {
    ruleset: u8,
    /// (index into the declared inputs, or an undeclared name; the value)
    inputs: Vec<(u8, Option<String>, Value)>,
    period: bool,
}

fn value(v: &Value) -> kaohe::InputValue {
    let scaled = |(n, scale): &(i64, u8)| kaohe::InputValue::Number(kaohe::Decimal::try_new(*n, u32::from(*scale % 29)).unwrap_or_default());
    match v {
        Value::Bool(b) => kaohe::InputValue::Bool(*b),
        Value::Int(i) => kaohe::InputValue::from(*i),
        Value::Float(f) => kaohe::InputValue::Text(f.to_string()),
        Value::Text(t) => kaohe::InputValue::Text(t.clone()),
        Value::Scaled(n, s) => scaled(&(*n, *s)),
        Value::List(list) => kaohe::InputValue::List(list.iter().map(scaled).collect()),
    }
}

fuzz_target!(|case: Case| {
    let ids: Vec<&str> = kaohe::builtin::ids().collect();
    let Some(id) = ids.get(usize::from(case.ruleset) % ids.len()) else { return };
    let Ok(ruleset) = kaohe::builtin::load(id) else { return };
    let names: Vec<String> = ruleset.inputs().iter().map(|i| i.name.to_string()).collect();
    let mut inputs = kaohe::Inputs::new();
    for (index, undeclared, v) in &case.inputs {
        let declared = names.get(usize::from(*index) % names.len().max(1)).cloned().unwrap_or_default();
        let name = undeclared.clone().unwrap_or(declared);
        inputs.insert(name, value(v));
    }
    let _ = ruleset.explain(&inputs);
    if case.period {
        let months = vec![Some(inputs.clone()); 12];
        let _ = ruleset.roll_up(kaohe::Period::Year, &months, &kaohe::Inputs::new());
    }
});
