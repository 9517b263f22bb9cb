//! Many units' monthly inputs from a CSV or JSON-lines file, read one row at a time: one row per
//! unit and month, with the columns `unit`, `month` (YYYY-MM), optionally `kind`, and one column
//! per input name. A bad row is reported with the file's own line number and the rest is read.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use clap::ValueEnum;
use kaohe::{InputValue, Inputs, Ruleset, YearMonth};

use crate::Failure;

/// The text encoding of an input file. Offices often save CSV from Excel in GBK.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    /// UTF-8 (with or without a byte-order mark), or GBK when the start of the file is not UTF-8.
    Auto,
    Utf8,
    Gbk,
}

/// How an input file is laid out. A file's name says it (`.toml`, `.json`, `.csv`, `.jsonl`);
/// standard input (`-`) is JSON for one card and JSON lines for rows unless `--input-format` says.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    Toml,
    Json,
    Csv,
    Jsonl,
}

impl InputFormat {
    /// The layout of `path`: as `given`, else by its extension, else `stdin` for `-`.
    pub fn of(path: &Path, given: Option<InputFormat>, stdin: InputFormat) -> Option<InputFormat> {
        given.or_else(|| match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => Some(InputFormat::Toml),
            Some("json") => Some(InputFormat::Json),
            Some("csv") => Some(InputFormat::Csv),
            Some("jsonl") => Some(InputFormat::Jsonl),
            _ => is_stdin(path).then_some(stdin),
        })
    }
}

/// Whether a path names standard input.
pub fn is_stdin(path: &Path) -> bool {
    path == Path::new("-")
}

/// How to open an input file: its encoding and, where its name does not say, its layout.
#[derive(Clone, Copy)]
pub struct Opening {
    pub encoding: Encoding,
    pub format: Option<InputFormat>,
}

/// Bytes looked at to tell UTF-8 from GBK.
const SNIFF: usize = 64 * 1024;

/// One unit's values for one month.
pub struct Row {
    /// 1-based line of the file where the row starts, as an editor shows it.
    pub line: usize,
    pub unit: String,
    pub month: YearMonth,
    pub kind: String,
    pub values: Values,
}

/// A row that could not be read, with its unit when the row names one (so that the unit's
/// periods can be left out rather than rolled up without it).
pub struct RowError {
    pub message: String,
    pub unit: Option<String>,
}

/// A CSV row's cells, laid out as the file's input columns; a JSON line's named values.
pub enum Values {
    Cells(Vec<Option<InputValue>>),
    Named(Inputs),
}

impl Row {
    /// The row's values as named inputs.
    /// The row's values as named inputs, taken out of the row.
    pub fn take_inputs(&mut self, columns: &[String]) -> Inputs {
        named(columns, std::mem::replace(&mut self.values, Values::Named(Inputs::new())))
    }
}

/// A record's values as named inputs.
fn named(columns: &[String], values: Values) -> Inputs {
    match values {
        Values::Named(inputs) => inputs,
        Values::Cells(cells) => cells_named(columns, cells),
    }
}

/// Cells laid out as `columns`, named; empty cells are left out.
fn cells_named(columns: &[String], cells: impl IntoIterator<Item = Option<InputValue>>) -> Inputs {
    columns.iter().zip(cells).filter_map(|(name, cell)| Some((name.as_str(), cell?))).collect()
}

/// A text being read, which may be read on another thread.
pub type Text = Box<dyn BufRead + Send>;

/// How a text was decoded: what a U+FFFD in it means.
#[derive(Clone, Copy)]
pub enum Decoded {
    /// From GBK: a U+FFFD stands for bytes that are not GBK text.
    Gbk,
    /// UTF-8 as it is: a U+FFFD was written into the file where text had already been lost.
    Utf8,
}

impl Decoded {
    /// Why a part of the file (`the row`, `the header`) holding U+FFFD is refused: the text it
    /// stands for is lost, and a unit or value read with it would be silently wrong.
    pub fn refusal(self, part: &str) -> String {
        match self {
            Decoded::Gbk => format!("{part} holds bytes that are not GBK text"),
            Decoded::Utf8 => format!(
                "{part} holds U+FFFD (\u{FFFD}), the mark left where text was lost before the file was saved; correct the text"
            ),
        }
    }
}

/// Opens a text file (or standard input, `-`) for reading in the given encoding, without reading
/// it all.
pub fn open_text(path: &Path, encoding: Encoding) -> Result<(Text, Decoded), Failure> {
    let shown = path.display();
    let mut file: Box<dyn Read + Send> = if is_stdin(path) {
        Box::new(std::io::stdin())
    } else {
        Box::new(File::open(path).map_err(|e| Failure(format!("error: cannot read {shown}: {e}")))?)
    };
    let mut start = Vec::with_capacity(SNIFF);
    (&mut file)
        .take(SNIFF as u64)
        .read_to_end(&mut start)
        .map_err(|e| Failure(format!("error: cannot read {shown}: {e}")))?;
    let gbk = match encoding {
        Encoding::Gbk => true,
        Encoding::Utf8 => false,
        Encoding::Auto => !looks_utf8(&start),
    };
    let bom = if !gbk && start.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let rest = std::io::Cursor::new(start).chain(file);
    let mut reader: Box<dyn Read + Send> = Box::new(rest);
    std::io::copy(&mut (&mut reader).take(bom), &mut std::io::sink())
        .map_err(|e| Failure(format!("error: cannot read {shown}: {e}")))?;
    if gbk {
        // Bytes that are not GBK become U+FFFD; rows holding one are refused (see `undecodable`).
        let decoded =
            encoding_rs_io::DecodeReaderBytesBuilder::new().encoding(Some(encoding_rs::GBK)).build(reader);
        return Ok((Box::new(BufReader::with_capacity(1 << 16, decoded)), Decoded::Gbk));
    }
    Ok((Box::new(BufReader::with_capacity(1 << 16, reader)), Decoded::Utf8))
}

/// Whether the start of a file is UTF-8, allowing a character cut at the end of the sample.
fn looks_utf8(start: &[u8]) -> bool {
    match std::str::from_utf8(start) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && start.len() >= SNIFF,
    }
}

/// Whether text holds U+FFFD, the mark of text lost in decoding (see [`Decoded::refusal`]).
pub(crate) fn undecodable(text: &str) -> bool {
    text.contains('\u{FFFD}')
}

/// A record's line, its reserved cells (`unit`, the layout's key, `kind`) and its values.
type Record = (usize, [Option<String>; 3], Values);

/// The columns a file reserves besides its inputs.
#[derive(Clone, Copy)]
struct Layout {
    /// The column that says when: `month` or `period`.
    key: &'static str,
    /// Whether `kind` is reserved (monthly rows) or an input like any other.
    kind: bool,
    /// What the header must hold, for the one error a wrong header gets.
    described: &'static str,
}

const MONTHLY: Layout = Layout {
    key: "month",
    kind: true,
    described: "`unit`, `month` (YYYY-MM), optionally `kind`, then the ruleset's input names",
};

const PERIODS: Layout = Layout {
    key: "period",
    kind: false,
    described: "`unit`, `period` (2026, 2026-H1, 2026-Q1), then the period's input names",
};

/// A CSV or JSON-lines file read one record at a time: each bad record is an error naming its
/// line, and the next one is still read.
struct Records {
    shown: String,
    source: Source,
    decoded: Decoded,
}

/// Reads rows one at a time, checking the reserved columns and refusing a second row for the same
/// unit and month. Input values are checked when they are scored.
pub struct RowReader {
    records: Records,
    /// The input columns of a CSV file, in order.
    pub columns: Vec<String>,
    default_kind: String,
    target_kinds: Vec<String>,
    ruleset_id: String,
    seen: Seen,
}

enum Source {
    Csv { reader: csv::Reader<Text>, header_len: usize, reserved: Reserved, inputs_at: Vec<usize> },
    Jsonl { lines: Text, line: usize },
}

#[derive(Clone, Copy)]
struct Reserved {
    unit: usize,
    key: usize,
    kind: Option<usize>,
}

impl RowReader {
    pub fn open(path: &Path, ruleset: &Ruleset, opening: Opening) -> Result<RowReader, Failure> {
        let (records, columns) = Records::open(path, opening, MONTHLY)?;
        let meta = ruleset.meta();
        Ok(RowReader {
            records,
            columns,
            default_kind: ruleset.default_kind().to_owned(),
            target_kinds: meta.target_kinds.clone(),
            ruleset_id: meta.id.to_string(),
            seen: Seen::default(),
        })
    }

    /// The next row, or an error naming its line; `None` at the end of the file.
    pub fn next_row(&mut self) -> Option<Result<Row, RowError>> {
        let (line, reserved, values) = match self.records.next_record(MONTHLY)? {
            Ok(record) => record,
            Err(message) => return Some(Err(RowError { message, unit: None })),
        };
        let unit = reserved[0].clone();
        Some(self.row(line, reserved, values).map_err(|message| RowError { message, unit }))
    }

    fn error(&self, line: usize, message: impl std::fmt::Display) -> String {
        self.records.error(line, message)
    }

    fn row(&mut self, line: usize, named: [Option<String>; 3], values: Values) -> Result<Row, String> {
        let [unit, month_text, kind] = named;
        let Some(unit) = unit else { return Err(self.error(line, "the row has no `unit`")) };
        let month = match month_text.as_deref().map(|m| (m, YearMonth::parse(m))) {
            Some((_, Some(month))) => month,
            Some((text, None)) => {
                return Err(
                    self.error(line, format!("month `{text}` is not a month written as YYYY-MM (2026-03)"))
                )
            }
            None => return Err(self.error(line, "the row has no `month` (YYYY-MM)")),
        };
        let kind = kind.unwrap_or_else(|| self.default_kind.clone());
        if !self.target_kinds.contains(&kind) {
            let kinds = self.target_kinds.join(", ");
            return Err(self.error(
                line,
                format!("kind `{kind}` is not a target kind of `{}` ({kinds})", self.ruleset_id),
            ));
        }
        if let Some(first) = self.seen.first_line(&unit, month, line) {
            return Err(self.error(line, format!("{unit} {month} appears twice: first on line {first}")));
        }
        Ok(Row { line, unit, month, kind, values })
    }
}

impl Records {
    fn open(path: &Path, opening: Opening, layout: Layout) -> Result<(Records, Vec<String>), Failure> {
        let shown = if is_stdin(path) { "<stdin>".to_owned() } else { path.display().to_string() };
        let format = InputFormat::of(path, opening.format, InputFormat::Jsonl);
        if !matches!(format, Some(InputFormat::Csv | InputFormat::Jsonl)) {
            return Err(Failure(format!(
                "error: {shown}: rows are read from a .csv or .jsonl file (or - with --input-format csv or jsonl)"
            )));
        }
        let (text, decoded) = open_text(path, opening.encoding)?;
        let (source, columns) = match format {
            Some(InputFormat::Csv) => csv_source(text, &shown, layout, decoded)?,
            _ => (Source::Jsonl { lines: text, line: 0 }, Vec::new()),
        };
        Ok((Records { shown, source, decoded }, columns))
    }

    fn error(&self, line: usize, message: impl std::fmt::Display) -> String {
        format!("error: {}:{line}: {message}", self.shown)
    }

    /// The next record, or an error naming its line; `None` at the end of the file.
    fn next_record(&mut self, layout: Layout) -> Option<Result<Record, String>> {
        let Records { shown, source, decoded } = self;
        match source {
            Source::Csv { reader, header_len, reserved, inputs_at } => {
                let mut record = csv::StringRecord::new();
                let result = reader.read_record(&mut record);
                let line = record.position().map_or(0, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
                match result {
                    Ok(false) => None,
                    Err(e) => {
                        let line = e.position().map_or(line, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
                        Some(Err(format!("error: {shown}:{line}: {}", csv_problem(&e))))
                    }
                    Ok(true) if record.len() != *header_len => Some(Err(format!(
                        "error: {shown}:{line}: the row has {} cells; the header has {header_len} (a missing or extra comma, or an unclosed quote?)",
                        record.len()
                    ))),
                    Ok(true) if record.iter().any(undecodable) => {
                        Some(Err(format!("error: {shown}:{line}: {}", decoded.refusal("the row"))))
                    }
                    Ok(true) => {
                        let cell = |i: usize| record.get(i).map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned);
                        let named = [cell(reserved.unit), cell(reserved.key), reserved.kind.and_then(cell)];
                        let cells = inputs_at
                            .iter()
                            .map(|i| cell(*i).map(InputValue::Text))
                            .collect();
                        Some(Ok((line, named, Values::Cells(cells))))
                    }
                }
            }
            Source::Jsonl { lines, line } => loop {
                let mut text = String::new();
                *line = line.saturating_add(1);
                match lines.read_line(&mut text) {
                    Ok(0) => return None,
                    Err(e) => return Some(Err(format!("error: {shown}:{line}: cannot read the line: {e}"))),
                    Ok(_) if text.trim().is_empty() => continue,
                    Ok(_) if undecodable(&text) => {
                        return Some(Err(format!("error: {shown}:{line}: {}", decoded.refusal("the line"))))
                    }
                    Ok(_) => {}
                }
                let mut inputs: Inputs = match serde_json::from_str(&text) {
                    Ok(inputs) => inputs,
                    Err(e) => {
                        return Some(Err(format!("error: {shown}:{line}: not a JSON object of inputs: {e}")))
                    }
                };
                let mut take = |name: &str| inputs.remove(name).and_then(|v| text_of(&v));
                let named = [take("unit"), take(layout.key), if layout.kind { take("kind") } else { None }];
                return Some(Ok((*line, named, Values::Named(inputs))));
            },
        }
    }
}

pub(crate) fn csv_problem(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => {
            "the row is not UTF-8 text (a file saved from Excel in GBK? pass --encoding gbk)".into()
        }
        _ => error.to_string(),
    }
}

/// Reads a CSV header and finds the reserved columns, with one clear error for a wrong header.
fn csv_source(
    text: Text,
    shown: &str,
    layout: Layout,
    decoded: Decoded,
) -> Result<(Source, Vec<String>), Failure> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).from_reader(text);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| Failure(format!("error: {shown}:1: {}", csv_problem(&e))))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    if header.iter().any(|h| undecodable(h)) {
        return Err(Failure(format!("error: {shown}:1: {}", decoded.refusal("the header"))));
    }
    let at = |name: &str| header.iter().position(|h| h == name);
    let (Some(unit), Some(key)) = (at("unit"), at(layout.key)) else {
        let shown_header: Vec<String> = header.iter().take(8).map(|h| crate::terminal::visible(h)).collect();
        return Err(Failure(format!(
            "error: {shown}:1: the first row must name the columns {}; it has: {}{}",
            layout.described,
            shown_header.join(", "),
            if header.len() > 8 { ", …" } else { "" }
        )));
    };
    let reserved = Reserved { unit, key, kind: if layout.kind { at("kind") } else { None } };
    let inputs_at: Vec<usize> =
        (0..header.len()).filter(|i| *i != unit && *i != key && Some(*i) != reserved.kind).collect();
    let columns = inputs_at.iter().filter_map(|i| header.get(*i).cloned()).collect();
    Ok((Source::Csv { header_len: header.len(), reader, reserved, inputs_at }, columns))
}

/// A reserved column's value as text.
fn text_of(value: &InputValue) -> Option<String> {
    match value {
        InputValue::Text(text) => Some(text.trim().to_owned()).filter(|t| !t.is_empty()),
        InputValue::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The unit-months already read, to refuse a second row for one of them. Units are numbered, so
/// the memory is a few bytes per row however long the names.
#[derive(Default)]
struct Seen {
    units: HashMap<String, u32>,
    months: HashMap<(u32, YearMonth), usize>,
}

impl Seen {
    /// The line of an earlier row for the same unit and month, or records this one.
    fn first_line(&mut self, unit: &str, month: YearMonth, line: usize) -> Option<usize> {
        let next = u32::try_from(self.units.len()).unwrap_or(u32::MAX);
        let id = match self.units.get(unit) {
            Some(id) => *id,
            None => *self.units.entry(unit.to_owned()).or_insert(next),
        };
        match self.months.entry((id, month)) {
            std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(line);
                None
            }
        }
    }
}

/// Period-input rows: `unit`, `period` and the period's inputs, each with its line. Every bad
/// row is reported.
pub fn read_period_rows(
    path: &Path,
    opening: Opening,
) -> Result<Vec<(usize, String, String, Inputs)>, Failure> {
    let (mut records, columns) = Records::open(path, opening, PERIODS)?;
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    while let Some(record) = records.next_record(PERIODS) {
        match record {
            Ok((line, [Some(unit), Some(period), _], values)) => {
                rows.push((line, unit, period, named(&columns, values)));
            }
            Ok((line, ..)) => problems.push(records.error(line, "each row needs `unit` and `period`")),
            Err(message) => problems.push(message),
        }
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(Failure(problems.join("\n")))
    }
}
