//! Runs the shared vector corpus (tests/vectors/*.toml) through the Rust core. The Python and
//! WASM bindings run the same files.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use kaohe::{builtin, Decimal, Inputs, ScoreCard};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VectorFile {
    ruleset: String,
    #[serde(default)]
    base: toml::Table,
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    arithmetic: String,
    inputs: toml::Table,
    #[serde(default)]
    remove: Vec<String>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    total: Option<String>,
    #[serde(default)]
    items: BTreeMap<String, String>,
    flags: Option<Vec<String>>,
    /// Metric values, by name.
    #[serde(default)]
    metrics: BTreeMap<String, String>,
    /// The grade's label, or "" for no grade.
    grade: Option<String>,
    error: Option<ExpectedError>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectedError {
    loc: String,
    kind: String,
}

fn corpus() -> Vec<(String, VectorFile)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let file = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, file)
        })
        .collect()
}

fn inputs_of(base: &toml::Table, case: &Case) -> Inputs {
    let mut merged = base.clone();
    for name in &case.remove {
        merged.remove(name);
    }
    merged.extend(case.inputs.clone());
    toml::Value::Table(merged).try_into().unwrap()
}

fn decimal(text: &str) -> Decimal {
    text.parse().unwrap()
}

/// Compares one card with what the case expects; items not listed keep their full points (a
/// bonus section's items: zero).
fn check(card: &ScoreCard, expect: &Expect) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(total) = &expect.total {
        if card.total != decimal(total) {
            problems.push(format!("total {} != expected {total}", card.total));
        }
    }
    for (section, item) in card.items() {
        let unlisted = if section.bonus { Decimal::ZERO } else { item.points };
        let wanted = expect.items.get(&*item.id).map_or(unlisted, |s| decimal(s));
        if item.score != wanted {
            problems.push(format!("item {} scored {} != expected {wanted}", item.id, item.score));
        }
    }
    for id in expect.items.keys() {
        if card.item(id).is_none() {
            problems.push(format!("expected item {id} is not in the ruleset"));
        }
    }
    for (name, wanted) in &expect.metrics {
        match card.metrics.iter().find(|m| &*m.name == name) {
            Some(m) if m.value == decimal(wanted) => {}
            Some(m) => problems.push(format!("metric {name} = {} != expected {wanted}", m.value)),
            None => problems.push(format!("metric {name} is not on the card")),
        }
    }
    if let Some(grade) = &expect.grade {
        let label = card.grade.as_ref().map_or("", |g| g.label.as_str());
        if label != grade {
            problems.push(format!("grade {label:?} != expected {grade:?}"));
        }
    }
    if let Some(flags) = &expect.flags {
        let raised: Vec<&str> = card.flags.iter().map(|f| &*f.id).collect();
        if raised != flags.iter().map(String::as_str).collect::<Vec<_>>() {
            problems.push(format!("flags {raised:?} != expected {flags:?}"));
        }
    }
    problems
}

#[test]
fn vector_corpus() {
    let mut failures = Vec::new();
    let mut cases = 0;
    for (file_name, file) in corpus() {
        let ruleset = builtin::load(&file.ruleset).unwrap_or_else(|e| panic!("{file_name}: {e}"));
        for case in &file.case {
            cases += 1;
            let label = format!("{file_name} / {}", case.name);
            assert!(!case.arithmetic.trim().is_empty(), "{label}: every case writes out its arithmetic");
            let inputs = inputs_of(&file.base, case);
            match (&case.expect.error, ruleset.score(&inputs), ruleset.explain(&inputs)) {
                (Some(wanted), Err(errors), Err(explained)) => {
                    assert_eq!(errors, explained, "{label}");
                    if !errors.0.iter().any(|e| e.loc == wanted.loc && e.kind.code() == wanted.kind) {
                        failures.push(format!(
                            "{label}: expected error {}/{}, got {errors}",
                            wanted.loc, wanted.kind
                        ));
                    }
                }
                (None, Ok(card), Ok(explained)) => {
                    for problem in check(&card, &case.expect) {
                        failures.push(format!("{label}: {problem}"));
                    }
                    // The trace changes nothing but the effects.
                    let mut bare = explained.clone();
                    for section in &mut bare.sections {
                        for item in &mut section.items {
                            item.effects.clear();
                        }
                    }
                    assert_eq!(bare, card, "{label}: explain() and score() disagree");
                }
                (_, scored, _) => failures.push(format!("{label}: unexpected outcome {scored:?}")),
            }
        }
    }
    assert!(cases >= 12, "the corpus holds {cases} cases");
    assert!(
        failures.is_empty(),
        "{} of {cases} vector cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
