//! Case records from an export: a CSV file (UTF-8 or GBK, as Excel saves it) read row by row into
//! the core's case table through a header mapping, each bad cell refused with its line.

use std::io::Write as _;
use std::path::Path;

use kaohe::cases::columns::Column;
use kaohe::cases::count::{Counted, IndicatorValue, UnitMonth};
use kaohe::cases::definition::{CaseRules, Form};
use kaohe::cases::mapping::Mapping;
use kaohe::cases::table::CaseTable;
use kaohe::Ruleset;

use crate::batch::Scored;
use crate::rows::{csv_problem, open_text, undecodable, Decoded, Encoding, Opening, Row, RowReader, Values};
use crate::{output, Failure, Format, Output};

/// Reads a mapping file (see `kaohe::cases::mapping`); without one, headers are column names or
/// their Chinese labels.
pub fn mapping(path: Option<&Path>) -> Result<Mapping, Failure> {
    let Some(path) = path else { return Ok(Mapping::default()) };
    let shown = path.display();
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure(format!("error: cannot read {shown}: {e}")))?;
    Mapping::from_toml(&text).map_err(|e| Failure(format!("error: {shown}: {e}")))
}

/// What was read besides the table: headers no column takes.
pub struct Read {
    pub table: CaseTable,
    pub ignored: Vec<String>,
}

/// Reads a whole case table (CSV, Parquet, or the first sheet of an Excel workbook), holding only the
/// `wanted` columns. Every bad cell is refused with its line; the table is only returned whole.
pub fn read_table(
    path: &Path,
    encoding: Encoding,
    mapping: &Mapping,
    wanted: &[Column],
) -> Result<Read, Failure> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("xlsx" | "xlsm" | "xls" | "ods") => return crate::workbook::read_table(path, mapping, wanted),
        Some("parquet") => return crate::parquet_file::read_table(path, mapping, wanted),
        _ => {}
    }
    let shown = path.display().to_string();
    let (text, decoded) = open_text(path, encoding)?;
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text);
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| Failure(format!("error: {shown}:1: {}", csv_problem(&e))))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_owned())
        .collect();
    let names: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut layout = mapping.layout(&names).map_err(|e| Failure(format!("error: {shown}:1: {e}")))?;
    layout.keep(wanted);
    // Two stages on two threads: this one parses CSV records (and decodes GBK), the other reads
    // their cells into the table. Records travel in batches that come back to be refilled.
    let (to_builder, batches) = std::sync::mpsc::sync_channel::<Vec<csv::ByteRecord>>(4);
    let (to_reader, emptied) = std::sync::mpsc::channel::<Vec<csv::ByteRecord>>();
    let layout = &layout;
    let shown = shown.as_str();
    let (read, built) = std::thread::scope(|scope| {
        let builder = scope.spawn(move || build(layout, shown, decoded, batches, to_reader));
        (read_records(&mut reader, shown, &to_builder, &emptied), {
            drop(to_builder);
            builder.join()
        })
    });
    // The builder stops at the first bad cell, which comes before any record the reader could not
    // parse: its error wins.
    let table = built.map_err(|_| Failure("error: reading the case table stopped unexpectedly".into()))??;
    read?;
    Ok(Read { table, ignored: layout.ignored.clone() })
}

/// A cell the table refused, at its place (`file:line`).
pub fn refused(place: &str, e: &kaohe::cases::table::CellError) -> Failure {
    let cell = crate::terminal::visible(&e.cell);
    Failure(format!("error: {place}: column {} ({}): `{cell}` is not {}", e.column, e.label, e.expected))
}

/// Records per batch handed from the reader to the builder.
const BATCH: usize = 4096;

fn line(position: Option<&csv::Position>) -> u64 {
    position.map_or(0, |p| p.line())
}

/// Parses records into batches until the file ends, the builder stops, or a record is malformed.
fn read_records(
    reader: &mut csv::Reader<crate::rows::Text>,
    shown: &str,
    to_builder: &std::sync::mpsc::SyncSender<Vec<csv::ByteRecord>>,
    emptied: &std::sync::mpsc::Receiver<Vec<csv::ByteRecord>>,
) -> Result<(), Failure> {
    loop {
        let mut batch = emptied.try_recv().unwrap_or_else(|_| Vec::with_capacity(BATCH));
        let mut filled = 0;
        let mut ended = false;
        while filled < BATCH {
            if batch.len() <= filled {
                batch.push(csv::ByteRecord::new());
            }
            let Some(record) = batch.get_mut(filled) else { break };
            match reader.read_byte_record(record) {
                Ok(true) => filled = filled.saturating_add(1),
                Ok(false) => {
                    ended = true;
                    break;
                }
                Err(e) => {
                    batch.truncate(filled);
                    let _ = to_builder.send(batch);
                    return Err(Failure(format!(
                        "error: {shown}:{}: {}",
                        line(e.position()),
                        csv_problem(&e)
                    )));
                }
            }
        }
        batch.truncate(filled);
        if to_builder.send(batch).is_err() || ended {
            return Ok(()); // the builder stopped (and says why), or the file ended
        }
    }
}

/// Reads each batch's records into the table, stopping at the first bad cell.
fn build(
    layout: &kaohe::cases::mapping::Layout,
    shown: &str,
    decoded: Decoded,
    batches: std::sync::mpsc::Receiver<Vec<csv::ByteRecord>>,
    to_reader: std::sync::mpsc::Sender<Vec<csv::ByteRecord>>,
) -> Result<CaseTable, Failure> {
    let mut table = CaseTable::with_columns(&layout.columns);
    let positions: Vec<usize> = layout.positions().collect();
    let width = positions.iter().max().map_or(0, |at| at.saturating_add(1));
    for batch in batches {
        // The kept cells of a record by their place in it; the others stay empty and unread.
        let mut texts: Vec<&str> = vec![""; width];
        for record in &batch {
            // Only the cells the table takes are checked as text (each once): UTF-8, and no text
            // lost in decoding.
            for &at in &positions {
                match std::str::from_utf8(record.get(at).unwrap_or_default()) {
                    Ok(text) if !undecodable(text) => {
                        if let Some(slot) = texts.get_mut(at) {
                            *slot = text;
                        }
                    }
                    text => {
                        let problem = match text {
                            Err(_) => {
                                "the row is not UTF-8 text (a file saved from Excel in GBK? pass --encoding gbk)"
                                    .to_owned()
                            }
                            Ok(_) => decoded.refusal("the row"),
                        };
                        return Err(Failure(format!(
                            "error: {shown}:{}: {problem}",
                            line(record.position())
                        )));
                    }
                }
            }
            let cell = |at: usize| texts.get(at).copied();
            if let Err(e) = table.push_row(&layout.columns, layout.cells(cell)) {
                return Err(refused(&format!("{shown}:{}", line(record.position())), &e));
            }
        }
        let _ = to_reader.send(batch);
    }
    Ok(table)
}

/// Where case records come from: the export, its mapping, and the period to keep.
pub struct CaseSource<'a> {
    pub path: &'a Path,
    pub mapping: Option<&'a Path>,
    pub within: Option<kaohe::PeriodKey>,
}

/// Reads and counts an export, saying on standard error what was left out.
pub fn count(
    ruleset: &Ruleset,
    source: &CaseSource,
    encoding: Encoding,
    keep_cases: bool,
) -> Result<(Read, Counted), Failure> {
    let shown = source.path.display().to_string();
    let rules =
        ruleset.case_rules().ok_or_else(|| Failure("error: the ruleset defines no case counts".into()))?;
    let mut wanted = rules.read_columns();
    if keep_cases {
        wanted.push(Column::CaseId);
    }
    let read = read_table(source.path, encoding, &mapping(source.mapping)?, &wanted)?;
    let mut counted =
        ruleset.count_cases(&read.table, keep_cases).map_err(|e| Failure(format!("error: {shown}: {e}")))?;
    report_left_out(&shown, &read, &counted);
    if let Some(within) = source.within {
        let outside = counted.keep_within(within);
        if outside > 0 {
            eprintln!("note: {shown}: {outside} unit-months outside {within} left out");
        }
    }
    Ok((read, counted))
}

/// Says on standard error what the count left out, so that nothing is dropped silently.
fn report_left_out(shown: &str, read: &Read, counted: &Counted) {
    if !read.ignored.is_empty() {
        eprintln!("note: {shown}: columns not used: {}", crate::terminal::visible(&read.ignored.join(", ")));
    }
    if counted.void_rows > 0 {
        eprintln!("note: {shown}: {} void cases (作废) left out of every count", counted.void_rows);
    }
    if let Some(first) = counted.unattributed_rows.first() {
        eprintln!(
            "warning: {shown}: {} cases have no responsible unit and are left out (data rows {first}{})",
            counted.unattributed_rows.len(),
            if counted.unattributed_rows.len() > 1 { ", …" } else { "" }
        );
    }
}

/// The problem with an indicator that has no value, for standard error.
pub fn no_value(rules: &CaseRules, month: &UnitMonth, input: &str) -> String {
    let denominator = rules.indicators.iter().find(|i| i.input == input).and_then(|i| match i.form {
        Form::Ratio { denominator, .. } => rules.counts.get(denominator),
        Form::Count(_) => None,
    });
    let of = denominator.map_or(String::new(), |c| format!(" ({} {} = 0)", c.id, c.label));
    format!(
        "error: {} {}: {input} has no value: no case in its denominator{of}, and the ruleset says such a month cannot be scored",
        crate::terminal::visible(&month.unit),
        month.month
    )
}

/// Each indicator of a unit-month as text (`None` without a value), each one without a value
/// added to `problems`.
fn values<'r>(
    rules: &'r CaseRules,
    month: &UnitMonth,
    problems: &mut Vec<String>,
) -> Vec<(&'r str, Option<String>)> {
    rules
        .values(month)
        .into_iter()
        .map(|(input, value)| match value {
            IndicatorValue::Value(v) => (input, Some(v.normalize().to_string())),
            IndicatorValue::EmptyDenominator => {
                problems.push(no_value(rules, month, input));
                (input, None)
            }
        })
        .collect()
}

/// Writes each unit-month's indicators as the rows `kaohe score` reads (`unit`, `month`, one
/// column per indicator's input), or as JSON with the counts behind them (and, with `trace`, the
/// case ids each count took). Returns the problems (indicators without a value) for the caller
/// to report after the output.
pub fn write_indicators(
    ruleset: &Ruleset,
    table: &CaseTable,
    counted: &Counted,
    format: Format,
    trace: bool,
) -> Result<Vec<String>, Failure> {
    let rules =
        ruleset.case_rules().ok_or_else(|| Failure("error: the ruleset defines no case counts".into()))?;
    let mut problems = Vec::new();
    let mut out = std::io::BufWriter::new(std::io::stdout());
    match format {
        Format::Csv | Format::Table => {
            let mut writer = csv::Writer::from_writer(&mut out);
            let mut header = vec!["unit".to_owned(), "month".to_owned()];
            header.extend(rules.indicators.iter().map(|i| i.input.clone()));
            writer.write_record(&header).map_err(output::csv_failure)?;
            for month in &counted.months {
                // Like every CSV kaohe writes: a unit that starts like a formula is not run by Excel.
                let mut record =
                    vec![output::spreadsheet_text(&month.unit).into_owned(), month.month.to_string()];
                record.extend(
                    values(rules, month, &mut problems).into_iter().map(|(_, v)| v.unwrap_or_default()),
                );
                writer.write_record(&record).map_err(output::csv_failure)?;
            }
            writer.flush().map_err(output::write_failure)?;
        }
        Format::Json | Format::Jsonl => {
            let case_id = |row: &u32| table.case_id(*row);
            let mut first = true;
            if format == Format::Json {
                out.write_all(b"[").map_err(output::write_failure)?;
            }
            for month in &counted.months {
                let values: serde_json::Map<String, serde_json::Value> = values(rules, month, &mut problems)
                    .into_iter()
                    .map(|(input, value)| {
                        (input.to_owned(), value.map_or(serde_json::Value::Null, Into::into))
                    })
                    .collect();
                let counts: serde_json::Map<String, serde_json::Value> = rules
                    .counts
                    .iter()
                    .zip(&month.counts)
                    .map(|(c, n)| (c.id.clone(), (*n).into()))
                    .collect();
                let mut object = serde_json::json!({
                    "unit": month.unit, "month": month.month.to_string(), "values": values, "counts": counts,
                });
                if trace {
                    let cases: serde_json::Map<String, serde_json::Value> = rules
                        .counts
                        .iter()
                        .zip(&month.rows)
                        .map(|(c, rows)| (c.id.clone(), rows.iter().map(case_id).collect::<Vec<_>>().into()))
                        .collect();
                    object["cases"] = cases.into();
                }
                let separator: &[u8] = match (format, first) {
                    (Format::Json, true) => b"\n",
                    (Format::Json, false) => b",\n",
                    _ => b"",
                };
                first = false;
                out.write_all(separator).map_err(output::write_failure)?;
                serde_json::to_writer(&mut out, &object).map_err(|e| Failure(format!("error: {e}")))?;
                if format == Format::Jsonl {
                    out.write_all(b"\n").map_err(output::write_failure)?;
                }
            }
            if format == Format::Json {
                out.write_all(b"\n]\n").map_err(output::write_failure)?;
            }
        }
    }
    out.flush().map_err(output::write_failure)?;
    Ok(problems)
}

/// Lays a rows file's inputs over the ones counted from case records; an input given in both is a
/// problem (returned), never silently replaced.
pub fn overlay(
    counted: &mut kaohe::Inputs,
    other: &kaohe::Inputs,
    unit: &str,
    month: kaohe::YearMonth,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, value) in other.iter() {
        if counted.get(name).is_some() {
            problems.push(format!(
                "error: {} {month}: {name} is counted from the case records and also given in the rows file",
                crate::terminal::visible(unit),
            ));
        }
        counted.insert(name, value.clone());
    }
    problems
}

/// The inputs counted from an export, by unit and month, ready to lay under a rows file's (for
/// the period commands), with the problems of indicators that have no value.
pub struct CountedInputs {
    pub months: std::collections::BTreeMap<(String, kaohe::YearMonth), kaohe::Inputs>,
    /// The kind a unit-month that only the export has is scored as: the ruleset's first.
    pub default_kind: String,
    pub problems: Vec<String>,
}

impl CountedInputs {
    pub fn of(ruleset: &Ruleset, counted: &Counted) -> Result<CountedInputs, Failure> {
        let rules = ruleset
            .case_rules()
            .ok_or_else(|| Failure("error: the ruleset defines no case counts".into()))?;
        let mut problems = Vec::new();
        let months = counted
            .months
            .iter()
            .map(|month| {
                values(rules, month, &mut problems);
                ((month.unit.clone(), month.month), rules.inputs(month))
            })
            .collect();
        let default_kind = ruleset.default_kind().to_owned();
        Ok(CountedInputs { months, default_kind, problems })
    }
}

/// The monthly inputs a rows file gives besides the case counts, by unit and month, with each
/// row's kind.
type OtherInputs = std::collections::BTreeMap<(String, kaohe::YearMonth), (String, kaohe::Inputs)>;

fn other_inputs(
    ruleset: &Ruleset,
    rows: &Path,
    opening: Opening,
    problems: &mut Vec<String>,
) -> Result<OtherInputs, Failure> {
    let mut reader = RowReader::open(rows, ruleset, opening)?;
    let columns = reader.columns.clone();
    let mut out = OtherInputs::new();
    while let Some(row) = reader.next_row() {
        match row {
            Ok(mut row) => {
                let inputs = row.take_inputs(&columns);
                out.insert((row.unit, row.month), (row.kind, inputs));
            }
            Err(error) => problems.push(error.message),
        }
    }
    Ok(out)
}

/// `kaohe score <ruleset> [rows] --cases <cases>`: counts the case records into each unit's
/// months, lays any other inputs from the rows file over them (an input given twice is refused),
/// and scores every unit-month. A unit-month only in the rows file is scored too, and fails if
/// it lacks the case-based inputs.
pub fn score_cases(
    ruleset: &Ruleset,
    source: &CaseSource,
    rows: Option<&Path>,
    opening: Opening,
    out: Output,
) -> Result<(), Failure> {
    let Output { format, lang, explain } = out;
    let (read, counted) = count(ruleset, source, opening.encoding, explain)?;
    let rules =
        ruleset.case_rules().ok_or_else(|| Failure("error: the ruleset defines no case counts".into()))?;
    let mut problems = Vec::new();
    let mut others = match rows {
        Some(rows) => other_inputs(ruleset, rows, opening, &mut problems)?,
        None => OtherInputs::new(),
    };
    if let Some(within) = source.within {
        others.retain(|(_, month), _| within.contains(*month));
    }
    let default_kind = ruleset.default_kind().to_owned();
    let mut months: Vec<(String, kaohe::YearMonth, String, kaohe::Inputs, Option<&UnitMonth>)> = Vec::new();
    for month in &counted.months {
        let mut inputs = rules.inputs(month);
        let kind = match others.remove(&(month.unit.clone(), month.month)) {
            Some((kind, other)) => {
                problems.extend(overlay(&mut inputs, &other, &month.unit, month.month));
                kind
            }
            None => default_kind.clone(),
        };
        values(rules, month, &mut problems);
        months.push((month.unit.clone(), month.month, kind, inputs, Some(month)));
    }
    months
        .extend(others.into_iter().map(|((unit, month), (kind, inputs))| (unit, month, kind, inputs, None)));
    months.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    let render_lang = kaohe::render::Lang::from(lang);
    let mut writer = match format {
        Format::Table => None,
        _ => Some(output::MonthWriter::new(ruleset, format, lang)),
    };
    let mut bad = 0u64;
    let mut text = String::new();
    for (unit, month, kind, inputs, counted_month) in months {
        let card =
            if explain || writer.is_none() { ruleset.explain(&inputs) } else { ruleset.score(&inputs) };
        let card = match card {
            Ok(card) => card,
            Err(errors) => {
                bad = bad.saturating_add(1);
                let place = format!("{} {month}", crate::terminal::visible(&unit));
                problems.extend(errors.0.iter().map(|e| format!("error: {place}: {e}")));
                continue;
            }
        };
        match &mut writer {
            Some(writer) => {
                let row = Row { line: 0, unit, month, kind, values: Values::Named(inputs) };
                writer.write(&row, Scored::Card(Box::new(card)))?;
            }
            None => {
                text.push_str(&format!("== {} {month} ==\n", crate::terminal::visible(&unit)));
                text.push_str(&crate::terminal::visible(&kaohe::render::card_text(&card, render_lang)));
                if let Some(counted_month) = counted_month {
                    text.push_str(&crate::terminal::visible(&kaohe::render::indicators_text(
                        ruleset,
                        &read.table,
                        counted_month,
                        render_lang,
                        explain,
                        None,
                    )));
                }
                text.push('\n');
            }
        }
    }
    match writer {
        Some(writer) => writer.finish()?,
        None => std::io::stdout().write_all(text.as_bytes()).map_err(output::write_failure)?,
    }
    if bad > 0 {
        problems.push(format!("error: {bad} unit-months were not scored (each is reported above)"));
    }
    match problems.is_empty() {
        true => Ok(()),
        false => Err(Failure(problems.join("\n"))),
    }
}
