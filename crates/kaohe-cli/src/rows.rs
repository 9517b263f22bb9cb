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

/// One unit's values for one month, laid out as the table's columns.
pub struct Row {
    /// 1-based line of the file, for messages.
    pub line: usize,
    pub unit: String,
    pub month: YearMonth,
    pub kind: String,
    pub cells: Vec<Option<InputValue>>,
}

/// The rows of a file, with the input columns they share.
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

impl Table {
    /// One row's values as named inputs.
    pub fn inputs(&self, row: &Row) -> Inputs {
        self.columns
            .iter()
            .zip(&row.cells)
            .filter_map(|(name, cell)| Some((name.as_str(), cell.clone()?)))
            .collect()
    }
}

/// A file's column names and its records, each with its line number; `None` for an empty cell
/// (the input is left out).
struct Records {
    header: Vec<String>,
    records: Vec<(usize, Vec<Option<InputValue>>)>,
}

fn records(path: &Path) -> Result<Records, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Failure(format!("error: cannot read {}: {e}", path.display())))?;
    let shown = path.display().to_string();
    match path.extension().and_then(|e| e.to_str()) {
        Some("csv") => csv_records(&text, &shown),
        Some("jsonl") => jsonl_records(&text, &shown),
        _ => Err(Failure(format!("error: {shown}: many units are read from a .csv or .jsonl file"))),
    }
}

fn csv_records(text: &str, shown: &str) -> Result<Records, Failure> {
    let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Failure(format!("error: {shown}: {e}")))?
        .iter()
        .map(str::to_owned)
        .collect();
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(Failure(format!("error: {shown}: {e}"))),
        }
        let line = record.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(0));
        let cells =
            record.iter().map(|cell| (!cell.is_empty()).then(|| InputValue::Text(cell.to_owned()))).collect();
        records.push((line, cells));
    }
    Ok(Records { header, records })
}

/// JSON lines may each name different inputs: the columns are every name seen, in order.
fn jsonl_records(text: &str, shown: &str) -> Result<Records, Failure> {
    let mut header: Vec<String> = Vec::new();
    let mut parsed = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let inputs: Inputs =
            serde_json::from_str(line).map_err(|e| Failure(format!("error: {shown}:{}: {e}", n + 1)))?;
        for (name, _) in inputs.iter() {
            if !header.iter().any(|h| h == name) {
                header.push(name.to_owned());
            }
        }
        parsed.push((n + 1, inputs));
    }
    let records = parsed
        .into_iter()
        .map(|(line, inputs)| (line, header.iter().map(|name| inputs.get(name).cloned()).collect()))
        .collect();
    Ok(Records { header, records })
}

/// A reserved column's cell as text.
fn text_of(cell: Option<&Option<InputValue>>) -> Option<String> {
    match cell?.as_ref()? {
        InputValue::Text(text) => Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
        InputValue::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Reads every monthly row, checking the reserved columns; input values are checked when scored.
pub fn read(path: &Path, ruleset: &Ruleset) -> Result<Table, Failure> {
    let shown = path.display().to_string();
    let Records { header, records } = records(path)?;
    let at = |name: &str| header.iter().position(|h| h == name);
    let (unit_at, month_at, kind_at) = (at("unit"), at("month"), at("kind"));
    let inputs_at: Vec<usize> = (0..header.len())
        .filter(|i| Some(*i) != unit_at && Some(*i) != month_at && Some(*i) != kind_at)
        .collect();
    let columns: Vec<String> = inputs_at.iter().filter_map(|i| header.get(*i).cloned()).collect();
    // An occurrences input's cell lists its amounts separated by `;`.
    let listed: Vec<bool> = columns
        .iter()
        .map(|name| ruleset.inputs().iter().any(|i| *i.name == **name && i.kind == InputKind::Occurrences))
        .collect();
    let default_kind = ruleset.meta().target_kinds.first().cloned().unwrap_or_default();
    let mut rows = Vec::with_capacity(records.len());
    let mut problems = Vec::new();
    for (line, mut cells) in records {
        let unit = unit_at.and_then(|i| text_of(cells.get(i)));
        let month = month_at.and_then(|i| text_of(cells.get(i)));
        let kind = kind_at.and_then(|i| text_of(cells.get(i))).unwrap_or_else(|| default_kind.clone());
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
        let cells = inputs_at
            .iter()
            .zip(&listed)
            .map(|(i, listed)| match cells.get_mut(*i).and_then(Option::take) {
                Some(InputValue::Text(text)) if *listed => Some(InputValue::List(
                    text.split(';')
                        .map(str::trim)
                        .filter(|p| !p.is_empty())
                        .map(|p| InputValue::Text(p.to_owned()))
                        .collect(),
                )),
                cell => cell,
            })
            .collect();
        rows.push(Row { line, unit, month, kind, cells });
    }
    if problems.is_empty() {
        Ok(Table { columns, rows })
    } else {
        Err(Failure(problems.join("\n")))
    }
}

/// Reads rows keyed by `unit` and another column (such as `period`), with the remaining columns as
/// inputs.
pub fn read_keyed(path: &Path, key: &str) -> Result<Vec<(usize, String, String, Inputs)>, Failure> {
    let shown = path.display().to_string();
    let Records { header, records } = records(path)?;
    let (unit_at, key_at) = (header.iter().position(|h| h == "unit"), header.iter().position(|h| h == key));
    let mut keyed = Vec::with_capacity(records.len());
    for (line, cells) in records {
        let (Some(unit), Some(value)) =
            (unit_at.and_then(|i| text_of(cells.get(i))), key_at.and_then(|i| text_of(cells.get(i))))
        else {
            return Err(Failure(format!("error: {shown}:{line}: each row needs `unit` and `{key}`")));
        };
        let inputs = header
            .iter()
            .zip(cells)
            .enumerate()
            .filter(|(i, _)| Some(*i) != unit_at && Some(*i) != key_at)
            .filter_map(|(_, (name, cell))| Some((name.as_str(), cell?)))
            .collect();
        keyed.push((line, unit, value, inputs));
    }
    Ok(keyed)
}
