//! The JSON contract: `schemas/*.json` are generated from the core's types (set KAOHE_WRITE_SCHEMAS=1
//! to write them), and every card, period card, ranking, error, description and catalogue the
//! corpus produces meets its schema. Python and Node check the same files against their outputs.

use std::path::PathBuf;

use kaohe::rank::Ranked;
use kaohe::{InputErrors, Inputs, PeriodCard, RulesetError, ScoreCard};
use serde_json::Value;

use crate::corpus::*;

/// What kaohe writes (the serialising side of each type), except the inputs it reads.
fn schemas() -> Vec<(&'static str, schemars::Schema)> {
    fn written<T: schemars::JsonSchema>() -> schemars::Schema {
        schemars::generate::SchemaSettings::default()
            .for_serialize()
            .into_generator()
            .into_root_schema_for::<T>()
    }
    vec![
        ("score-card", written::<ScoreCard>()),
        ("period-card", written::<PeriodCard>()),
        ("ranking", written::<Vec<Ranked>>()),
        ("comparison", written::<Vec<kaohe::compare::Compared>>()),
        ("inputs", schemars::schema_for!(Inputs)),
        ("input-errors", written::<InputErrors>()),
        ("ruleset-error", written::<RulesetError>()),
        ("ruleset", written::<kaohe::json::Description<'static>>()),
        ("catalogue", written::<Vec<kaohe::builtin::Entry>>()),
    ]
}

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas")
}

#[test]
fn the_schema_files_are_the_types() {
    let write = std::env::var_os("KAOHE_WRITE_SCHEMAS").is_some();
    for (name, schema) in schemas() {
        let text = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        let path = folder().join(format!("{name}.json"));
        if write {
            std::fs::write(&path, &text).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text,
            "{} is stale: run KAOHE_WRITE_SCHEMAS=1 cargo test -p kaohe schema",
            path.display()
        );
    }
}

/// Checks `value` against `schemas/<name>.json`, failing with every violation.
fn meets(name: &str, value: &Value, label: &str) {
    let path = folder().join(format!("{name}.json"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let problems: Vec<String> =
        validator.iter_errors(value).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(problems.is_empty(), "{label}: not a {name}: {problems:?}");
}

#[test]
fn every_corpus_output_meets_its_schema() {
    let mut checked = 0;
    for (file_name, file) in corpus() {
        let ruleset = load(&file.ruleset).unwrap();
        meets("ruleset", &serde_json::to_value(kaohe::json::description(&ruleset)).unwrap(), &file_name);
        for case in &file.case {
            let label = format!("{file_name} / {}", case.name);
            if let Some(units) = &case.units {
                let standings = standings_of(&ruleset, &file.base, units, &label);
                let ranked = ruleset.rank(standings).unwrap();
                meets("ranking", &serde_json::to_value(&ranked).unwrap(), &label);
                // The ranking against itself reversed: every unit under both, with its move.
                let a: Vec<kaohe::compare::Placing> = ranked.iter().map(Into::into).collect();
                let b: Vec<kaohe::compare::Placing> = ranked.iter().rev().map(Into::into).collect();
                let compared = kaohe::compare::compare(&a, &b).unwrap();
                meets("comparison", &serde_json::to_value(compared).unwrap(), &label);
            } else if let (Some(period), Some(months)) = (case.period, &case.months) {
                let given = table_inputs(case.period_inputs.clone());
                match ruleset.roll_up(period, &months_of(&file.base, months), &given) {
                    Ok(card) => meets("period-card", &serde_json::to_value(card).unwrap(), &label),
                    Err(errors) => meets("input-errors", &serde_json::to_value(errors).unwrap(), &label),
                }
            } else {
                let inputs = inputs_of(&file.base, case);
                meets("inputs", &serde_json::to_value(&inputs).unwrap(), &label);
                for card in [ruleset.explain(&inputs), ruleset.score(&inputs)] {
                    match card {
                        Ok(card) => meets("score-card", &serde_json::to_value(card).unwrap(), &label),
                        Err(errors) => meets("input-errors", &serde_json::to_value(errors).unwrap(), &label),
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "{checked} cases");
    meets("catalogue", &serde_json::to_value(kaohe::builtin::catalogue()).unwrap(), "catalogue");
    let broken: RulesetError = kaohe::Ruleset::from_toml("format = 1\nid = 3\n", "broken.toml").unwrap_err();
    meets("ruleset-error", &serde_json::to_value(broken).unwrap(), "a broken ruleset");
}

#[test]
fn a_value_outside_the_contract_is_refused() {
    // The check can fail: a card whose total is a number, not a decimal string, is not a card.
    let ruleset = kaohe::builtin::load("ningbo/district").unwrap();
    let mut card = serde_json::to_value(ruleset.score(&Inputs::new()).unwrap_err()).unwrap();
    meets("input-errors", &card, "errors");
    card = serde_json::json!({"format": 1, "total": 98});
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(folder().join("score-card.json")).unwrap()).unwrap();
    assert!(!jsonschema::validator_for(&schema).unwrap().is_valid(&card));
}
