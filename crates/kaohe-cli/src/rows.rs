//! Many units' monthly inputs from a CSV or JSON-lines file: one row per unit and month, with the
//! columns `unit`, `month` (YYYY-MM), optionally `kind`, and one column per input name.

use std::path::Path;

use kaohe::{InputKind, InputValue, Inputs, Ruleset};

use crate::Failure;

/// A month of a year, as written in a row: `2026-03`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: u16,
    pub month: u8,
}

impl YearMonth {
    fn parse(text: &str) -> Option<YearMonth> {
        let (year, month) = text.trim().split_once('-')?;
        let (year, month) = (year.parse().ok()?, month.parse().ok()?);
        (1..=12).contains(&month).then_some(YearMonth { year, month })
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// One unit's inputs for one month.
pub struct Row {
    /// 1-based line of the file, for messages.
    pub line: usize,
    pub unit: String,
    pub month: YearMonth,
    pub kind: String,
    pub inputs: Inputs,
}

const RESERVED: [&str; 3] = ["unit", "month", "kind"];

/// The CSV or JSON-lines records of a file, each with its line number.
fn records(path: &Path) -> Result<Vec<Record>, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure(format!("error: cannot read {}: {e}", path.display())))?;
    let shown = path.display().to_string();
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => csv_records(&text, &shown),
        Some("jsonl") => jsonl_records(&text, &shown),
        _ => Err(Failure(format!("error: {shown}: many units are read from a .csv or .jsonl file"))),
    }
}

/// Removes a column from a record, as text.
fn take(fields: &mut Vec<(String, InputValue)>, name: &str) -> Option<String> {
    let at = fields.iter().position(|(n, _)| n == name)?;
    match fields.remove(at).1 {
        InputValue::Text(text) => Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
        InputValue::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Reads every monthly row, checking the reserved columns; input values are checked when scored.
pub fn read(path: &Path, ruleset: &Ruleset) -> Result<Vec<Row>, Failure> {
    let shown = path.display().to_string();
    let default_kind = ruleset.meta().target_kinds.first().cloned().unwrap_or_default();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (line, mut fields) in records(path)? {
        let unit = take(&mut fields, "unit");
        let month = take(&mut fields, "month");
        let kind = take(&mut fields, "kind").unwrap_or_else(|| default_kind.clone());
        let (Some(unit), Some(month)) = (unit, month.as_deref().and_then(YearMonth::parse)) else {
            problems.push(format!("error: {shown}:{line}: each row needs `unit` and `month` (YYYY-MM)"));
            continue;
        };
        if !ruleset.meta().target_kinds.contains(&kind) {
            let kinds = ruleset.meta().target_kinds.join(", ");
            problems.push(format!(
                "error: {shown}:{line}: kind `{kind}` is not a target kind of `{}` ({kinds})",
                ruleset.id()
            ));
            continue;
        }
        let inputs = fields.into_iter().map(|(name, value)| typed(ruleset, name, value)).collect();
        rows.push(Row { line, unit, month, kind, inputs });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(Failure(problems.join("\n")))
    }
}

/// Reads rows keyed by `unit` and another column (such as `period`), with the remaining columns as
/// inputs.
pub fn read_keyed(path: &Path, key: &str) -> Result<Vec<(usize, String, String, Inputs)>, Failure> {
    let shown = path.display().to_string();
    let mut keyed = Vec::new();
    for (line, mut fields) in records(path)? {
        let (Some(unit), Some(value)) = (take(&mut fields, "unit"), take(&mut fields, key)) else {
            return Err(Failure(format!("error: {shown}:{line}: each row needs `unit` and `{key}`")));
        };
        keyed.push((line, unit, value, fields.into_iter().collect()));
    }
    Ok(keyed)
}

type Record = (usize, Vec<(String, InputValue)>);

fn csv_records(text: &str, shown: &str) -> Result<Vec<Record>, Failure> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Failure(format!("error: {shown}: {e}")))?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut records = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| Failure(format!("error: {shown}: {e}")))?;
        let line = record.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        // An empty cell means the input is not given.
        let fields = headers
            .iter()
            .zip(record.iter())
            .filter(|(_, cell)| !cell.is_empty())
            .map(|(name, cell)| (name.clone(), InputValue::Text(cell.to_owned())))
            .collect();
        records.push((line, fields));
    }
    Ok(records)
}

fn jsonl_records(text: &str, shown: &str) -> Result<Vec<Record>, Failure> {
    let mut records = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let inputs: Inputs =
            serde_json::from_str(line).map_err(|e| Failure(format!("error: {shown}:{}: {e}", n + 1)))?;
        let fields = inputs
            .iter()
            .map(|(name, value)| {
                let value = match (RESERVED.contains(&name), value) {
                    (true, InputValue::Number(n)) => InputValue::Text(n.to_string()),
                    (_, value) => value.clone(),
                };
                (name.to_owned(), value)
            })
            .collect();
        records.push((n + 1, fields));
    }
    Ok(records)
}

/// A CSV cell for an occurrences input lists its amounts separated by `;`.
fn typed(ruleset: &Ruleset, name: String, value: InputValue) -> (String, InputValue) {
    let occurrences = ruleset.inputs().iter().any(|i| *i.name == *name && i.kind == InputKind::Occurrences);
    let value = match value {
        InputValue::Text(text) if occurrences => InputValue::List(
            text.split(';')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| InputValue::Text(p.to_owned()))
                .collect(),
        ),
        other => other,
    };
    (name, value)
}
