//! The shared vector corpus (tests/vectors/*.toml) as Rust types, for the corpus test and for
//! checking the hand-written Ningbo scorer in the benchmarks before it is timed.
#![allow(dead_code)] // each includer uses part of it

use std::collections::BTreeMap;
use std::path::PathBuf;

use kaohe::rank::Standing;
use kaohe::{Decimal, Inputs};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VectorFile {
    pub ruleset: String,
    #[serde(default)]
    pub base: toml::Table,
    pub case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    pub name: String,
    pub arithmetic: String,
    #[serde(default)]
    pub inputs: toml::Table,
    /// A rollup case: the period, its months (each laid over [base], or "missing") and its inputs.
    pub period: Option<kaohe::Period>,
    pub months: Option<Vec<toml::Value>>,
    #[serde(default)]
    pub period_inputs: toml::Table,
    /// A ranking case: several units, each scored from [base] with its own inputs laid over.
    pub units: Option<Vec<UnitCase>>,
    #[serde(default)]
    pub remove: Vec<String>,
    pub expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnitCase {
    pub unit: String,
    /// The unit's target kind; the ruleset's first when absent.
    pub kind: Option<String>,
    #[serde(default)]
    pub inputs: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expect {
    pub total: Option<String>,
    #[serde(default)]
    pub items: BTreeMap<String, String>,
    pub flags: Option<Vec<String>>,
    /// Metric values, by name.
    #[serde(default)]
    pub metrics: BTreeMap<String, String>,
    /// The grade's label, or "" for no grade.
    pub grade: Option<String>,
    /// For a rollup: what each month counts for ("-" when it does not count) and the deficit
    /// carried out of the period.
    pub counted: Option<Vec<String>>,
    pub carried_out: Option<String>,
    /// For a ranking case: each unit's rank.
    #[serde(default)]
    pub ranks: BTreeMap<String, usize>,
    pub error: Option<ExpectedError>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedError {
    pub loc: String,
    pub kind: String,
}

pub fn corpus() -> Vec<(String, VectorFile)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/vectors");
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

/// A vector file's ruleset: a built-in id, or a `.toml` file under tests/vectors (a variant that
/// sets a reading's parameter, say), which may extend a built-in.
pub fn load(ruleset: &str) -> Result<kaohe::Ruleset, kaohe::RulesetError> {
    if ruleset.ends_with(".toml") {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/vectors").join(ruleset);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        kaohe::Ruleset::from_toml(&text, ruleset)
    } else {
        kaohe::builtin::load(ruleset)
    }
}

pub fn inputs_of(base: &toml::Table, case: &Case) -> Inputs {
    let mut merged = base.clone();
    for name in &case.remove {
        merged.remove(name);
    }
    merged.extend(case.inputs.clone());
    table_inputs(merged)
}

pub fn table_inputs(table: toml::Table) -> Inputs {
    toml::Value::Table(table).try_into().unwrap()
}

/// The months of a rollup case: each is [base] with its own inputs laid over, or missing.
pub fn months_of(base: &toml::Table, months: &[toml::Value]) -> Vec<Option<Inputs>> {
    months
        .iter()
        .map(|month| match month {
            toml::Value::Table(changes) => {
                let mut merged = base.clone();
                merged.extend(changes.clone());
                Some(table_inputs(merged))
            }
            toml::Value::String(word) if word == "missing" => None,
            other => panic!("a month is a table of inputs or \"missing\", not {other}"),
        })
        .collect()
}

/// The standings of a ranking case: each unit scored from [base] with its own inputs laid over,
/// of its own kind or the ruleset's first.
pub fn standings_of(
    ruleset: &kaohe::Ruleset,
    base: &toml::Table,
    units: &[UnitCase],
    label: &str,
) -> Vec<Standing> {
    units
        .iter()
        .map(|u| {
            let mut merged = base.clone();
            merged.extend(u.inputs.clone());
            let card = ruleset.score(&table_inputs(merged)).unwrap_or_else(|e| panic!("{label}: {e}"));
            let kind = u.kind.clone().unwrap_or_else(|| ruleset.meta().target_kinds[0].clone());
            Standing { unit: u.unit.clone(), kind, total: card.total }
        })
        .collect()
}

pub fn decimal(text: &str) -> Decimal {
    text.parse().unwrap()
}
