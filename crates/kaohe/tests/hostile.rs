//! The library's hostile corpus (tests/hostile/library.toml) through the Rust API; Python and
//! Node run the same file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use kaohe::{Decimal, InputErrors, InputValue, Inputs, Period, Ruleset};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    bases: BTreeMap<String, toml::Table>,
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    ruleset: Option<String>,
    ruleset_file: Option<String>,
    append: Option<String>,
    ruleset_text: Option<Generated>,
    base: Option<String>,
    #[serde(default)]
    inputs: toml::Table,
    nest: Option<Nest>,
    roll_up: Option<RollUp>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RollUp {
    period: String,
    months: usize,
    #[serde(default)]
    given: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Generated {
    head: String,
    repeat: String,
    times: usize,
    tail: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Nest {
    input: String,
    depth: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    error: Option<String>,
    kind: Option<String>,
    loc: Option<String>,
    diagnostics: Option<usize>,
    max_message_chars: Option<usize>,
    total: Option<String>,
}

fn hostile_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/hostile")
}

fn load(case: &Case) -> Result<Ruleset, kaohe::RulesetError> {
    if let Some(id) = &case.ruleset {
        return kaohe::builtin::load(id);
    }
    let text = match (&case.ruleset_file, &case.ruleset_text) {
        (Some(file), None) => {
            let text = std::fs::read_to_string(hostile_dir().join("rulesets").join(file)).unwrap();
            text + case.append.as_deref().unwrap_or("")
        }
        (None, Some(g)) => format!("{}{}{}", g.head, g.repeat.repeat(g.times), g.tail),
        _ => panic!("{}: one of ruleset, ruleset_file, ruleset_text", case.name),
    };
    Ruleset::from_toml(&text, "hostile.toml")
}

fn base(corpus: &Corpus, case: &Case) -> toml::Table {
    case.base.as_ref().map(|b| corpus.bases[b].clone()).unwrap_or_default()
}

fn inputs_of(table: toml::Table) -> Inputs {
    toml::Value::Table(table).try_into().unwrap()
}

/// The case's inputs; a nested list is read from JSON text, as the bindings receive it.
fn inputs(corpus: &Corpus, case: &Case) -> Result<Inputs, String> {
    let mut table = base(corpus, case);
    table.extend(case.inputs.clone());
    let mut inputs = inputs_of(table);
    if let Some(nest) = &case.nest {
        let json = format!("{}{}", "[".repeat(nest.depth), "]".repeat(nest.depth));
        let value: InputValue = serde_json::from_str(&json).map_err(|e| e.to_string())?;
        inputs.insert(nest.input.clone(), value);
    }
    Ok(inputs)
}

/// The case's total (one month explained, or its months rolled up), the core's refusal, or why
/// its inputs did not decode.
fn outcome(corpus: &Corpus, case: &Case, ruleset: &Ruleset) -> Result<Result<Decimal, InputErrors>, String> {
    let last = inputs(corpus, case)?;
    let Some(roll_up) = &case.roll_up else {
        return Ok(ruleset.explain(&last).map(|card| card.total));
    };
    let period = Period::parse(&roll_up.period).unwrap();
    let mut months: Vec<Option<Inputs>> =
        vec![Some(inputs_of(base(corpus, case))); roll_up.months.saturating_sub(1)];
    months.push(Some(last));
    Ok(ruleset.roll_up(period, &months, &inputs_of(roll_up.given.clone())).map(|card| card.total))
}

#[test]
fn every_hostile_case_gets_its_outcome() {
    let text = std::fs::read_to_string(hostile_dir().join("library.toml")).unwrap();
    let corpus: Corpus = toml::from_str(&text).unwrap();
    for case in &corpus.case {
        let name = &case.name;
        let expect = &case.expect;
        let ruleset = match load(case) {
            Ok(ruleset) => ruleset,
            Err(error) => {
                assert_eq!(expect.error.as_deref(), Some("ruleset"), "{name}: {error}");
                if let Some(count) = expect.diagnostics {
                    assert_eq!(error.diagnostics.len(), count, "{name}");
                }
                if let Some(most) = expect.max_message_chars {
                    assert!(error.to_string().chars().count() <= most, "{name}");
                }
                continue;
            }
        };
        assert_ne!(expect.error.as_deref(), Some("ruleset"), "{name}: loaded");
        match outcome(&corpus, case, &ruleset) {
            Ok(Ok(total)) => {
                assert_eq!(expect.error, None, "{name}: scored {total}");
                assert_eq!(total.to_string(), *expect.total.as_ref().unwrap(), "{name}");
            }
            Ok(Err(errors)) => {
                assert_eq!(expect.error.as_deref(), Some("input"), "{name}: {errors}");
                let first = &errors.0[0];
                if let Some(kind) = &expect.kind {
                    assert_eq!(first.kind.code(), kind, "{name}: {errors}");
                }
                if let Some(loc) = &expect.loc {
                    assert_eq!(&first.loc, loc, "{name}: {errors}");
                }
            }
            // The inputs themselves did not decode (JSON refused the nesting).
            Err(message) => {
                assert_eq!(expect.error.as_deref(), Some("input"), "{name}: {message}");
                assert!(expect.kind.is_none() && expect.loc.is_none(), "{name}: {message}");
            }
        }
    }
}
