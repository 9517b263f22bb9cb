//! What each native method does, in plain Rust so that it is tested without a JVM: text in (JSON,
//! or a table of JSON cells), text out (JSON, or lines of numbers), every refusal a [`Failure`] in
//! the JSON contract's terms.

use std::cell::RefCell;
use std::sync::{Arc, Mutex};

use kaohe::line::Fields;
use kaohe::{Columns, InputError, InputErrors, Inputs, Ruleset};
use serde::Deserialize;
use serde_json::json;

/// Why a call was refused.
#[derive(Debug)]
pub enum Failure {
    Ruleset(kaohe::RulesetError),
    /// Every problem, each with the row of a batch it is in (none outside a batch).
    Input(Vec<(Option<usize>, InputError)>),
    /// An argument the Java side should never send (a closed ruleset, missing text).
    Argument(String),
}

impl From<InputErrors> for Failure {
    fn from(errors: InputErrors) -> Failure {
        Failure::Input(errors.0.into_iter().map(|e| (None, e)).collect())
    }
}

impl Failure {
    /// `{"kind": "ruleset"|"input"|"argument", "message": …}` with the ruleset error's `origin`
    /// and `diagnostics`, or the input problems as `errors` (each with its `row`).
    pub fn to_json(&self) -> String {
        let value = match self {
            Failure::Ruleset(error) => json!({
                "kind": "ruleset",
                "message": error.to_string(),
                "origin": error.origin,
                "diagnostics": error.diagnostics,
            }),
            Failure::Input(errors) => {
                let message: Vec<String> = errors
                    .iter()
                    .map(|(row, e)| match row {
                        Some(row) => format!("row {row}: {e}"),
                        None => e.to_string(),
                    })
                    .collect();
                let errors: Vec<serde_json::Value> = errors
                    .iter()
                    .map(|(row, e)| {
                        json!({"row": row, "loc": e.loc, "path": e.path, "kind": e.kind, "message": e.message})
                    })
                    .collect();
                json!({"kind": "input", "message": message.join("\n"), "errors": errors})
            }
            Failure::Argument(message) => json!({"kind": "argument", "message": message}),
        };
        value.to_string()
    }
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Failure> {
    written(serde_json::to_string(value))
}

/// JSON the core wrote, or why it could not (nothing the core writes fails in practice).
fn written(json: Result<String, serde_json::Error>) -> Result<String, Failure> {
    json.map_err(cannot_write)
}

fn cannot_write(error: impl std::fmt::Display) -> Failure {
    Failure::Argument(format!("cannot write JSON: {error}"))
}

fn required(text: Option<String>, what: &str) -> Result<String, Failure> {
    text.ok_or_else(|| Failure::Argument(format!("{what} is required")))
}

fn parse<T: for<'de> Deserialize<'de>>(text: &str, expected: &str) -> Result<T, Failure> {
    serde_json::from_str(text).map_err(|e| {
        Failure::Argument(format!("line {} column {}: {e}; expected {expected}", e.line(), e.column()))
    })
}

/// The built-in rulesets.
pub fn catalogue() -> Result<String, Failure> {
    to_json(kaohe::builtin::catalogue())
}

/// What a ruleset asks for (the contract's `ruleset.json`).
pub fn describe(ruleset: &Ruleset) -> Result<String, Failure> {
    written(kaohe::json::describe(ruleset))
}

/// One unit's month as a card, explained or not.
pub fn score(ruleset: &Ruleset, inputs: Option<String>, explain: bool) -> Result<String, Failure> {
    let inputs = kaohe::json::parse_inputs(&required(inputs, "inputs")?)?;
    let card = if explain { ruleset.explain(&inputs) } else { ruleset.score(&inputs) }?;
    written(kaohe::json::card_to_json(&card))
}

/// Reads one cell's JSON text into `slot` (an empty cell is an input not given), reusing the text
/// buffer already there. Nearly every cell Java writes is a string without escapes (a decimal's
/// plain text, "87.5%") or a small whole number: those are read here as serde_json reads them,
/// without its general parser; anything else goes through serde_json.
fn read_cell(cell: &str, slot: &mut Option<kaohe::InputValue>) -> Result<(), serde_json::Error> {
    use kaohe::InputValue;
    if cell.is_empty() {
        *slot = None;
        return Ok(());
    }
    let plain_text = cell
        .strip_prefix('"')
        .and_then(|c| c.strip_suffix('"'))
        .filter(|text| !text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20));
    if let Some(text) = plain_text {
        match slot {
            Some(InputValue::Text(buffer)) => {
                buffer.clear();
                buffer.push_str(text);
            }
            _ => *slot = Some(InputValue::Text(text.to_owned())),
        }
        return Ok(());
    }
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let plain_integer = (1..=18).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    *slot = Some(match (plain_integer, cell.parse::<i64>()) {
        (true, Ok(whole)) => InputValue::Number(whole.into()),
        _ => serde_json::from_str(cell)?,
    });
    Ok(())
}

/// A ruleset behind a Java handle, with the binding of the input names it last scored a table
/// with: a platform scoring month after month sends the same names in every call, and binding
/// them costs a good part of scoring one row.
pub struct Loaded {
    pub ruleset: Ruleset,
    last_columns: Mutex<Option<(String, Bound)>>,
}

impl Loaded {
    pub fn new(ruleset: Ruleset) -> Loaded {
        Loaded { ruleset, last_columns: Mutex::new(None) }
    }

    /// The names of a table's first line (tab-separated) bound to the ruleset's inputs.
    fn columns(&self, header: &str) -> Result<Bound, Failure> {
        if let Ok(last) = self.last_columns.lock() {
            if let Some((_, bound)) = last.as_ref().filter(|(names, _)| names == header) {
                return Ok(bound.clone());
            }
        }
        let names: Vec<&str> = if header.is_empty() { Vec::new() } else { header.split('\t').collect() };
        let bound = Bound { columns: Arc::new(self.ruleset.columns(&names)?), names: names.len() };
        // A poisoned lock only loses the cache.
        if let Ok(mut last) = self.last_columns.lock() {
            *last = Some((header.to_owned(), bound.clone()));
        }
        Ok(bound)
    }
}

/// A table's names bound to a ruleset's inputs, and how many there are.
#[derive(Clone)]
struct Bound {
    columns: Arc<Columns>,
    names: usize,
}

impl std::ops::Deref for Loaded {
    type Target = Ruleset;

    fn deref(&self) -> &Ruleset {
        &self.ruleset
    }
}

/// A thread's buffers for [`numbers`], kept from call to call: scoring refills them (for any
/// ruleset), so that a call allocates little besides its output.
#[derive(Default)]
struct Buffers {
    scores: kaohe::Scores,
    row: Vec<Option<kaohe::InputValue>>,
}

thread_local! {
    static BUFFERS: RefCell<Buffers> = RefCell::default();
}

/// What each line of [`numbers`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// The numbers alone ([`kaohe::line`]'s `Fields::Numbers`).
    Numbers,
    /// Every number of a card (`Fields::Card`).
    Card,
    /// Every number of an explained card and its effects ([`push_effects`]).
    Explained,
}

/// Rows each thread of a batch is given at least: starting a thread costs about as much as
/// scoring a few dozen rows, so a smaller batch is scored on the calling thread alone.
const ROWS_PER_THREAD: usize = 256;

/// The numbers of many rows, in one crossing. The rows come as a table: a first line of input
/// names, then a line per row of cells, each the JSON text of its value or empty for an input the
/// row does not give (tab-separated; JSON text holds no raw tab or line break). The names are bound
/// to the ruleset once, as `score_frame` binds a frame's columns. Out: a line per row as `lines`
/// says. Every bad row is reported with its position from 0, and no line is returned unless every
/// row scored; for a single call (`batch` false: a table of one row) the problems name no row.
/// A large batch is scored on every core, a run of rows per thread, its lines kept in row order.
pub fn numbers(loaded: &Loaded, table: Option<String>, lines: Lines, batch: bool) -> Result<String, Failure> {
    let table = required(table, "rows")?;
    // Every row is one line, ended by a line break (an empty line is a row that gives nothing).
    let body = table.strip_suffix('\n').unwrap_or(&table);
    let (header, rows) = body.split_once('\n').map_or((body, None), |(header, rows)| (header, Some(rows)));
    let bound = loaded.columns(header)?;
    let table = Table { loaded, header, bound: &bound, lines, batch };
    let Some(rows) = rows else { return table.scored(0, std::iter::empty()).and_then(Scored::into_lines) };
    if !batch {
        return table.scored(0, pieces(rows, b'\n')).and_then(Scored::into_lines);
    }
    let rows: Vec<&str> = pieces(rows, b'\n').collect();
    let threads = cores().min(rows.len() / ROWS_PER_THREAD).max(1);
    if threads == 1 {
        return table.scored(0, rows.iter().copied()).and_then(Scored::into_lines);
    }
    let per_thread = rows.len().div_ceil(threads);
    let runs = std::thread::scope(|scope| {
        let mut runs =
            rows.chunks(per_thread).enumerate().map(|(k, run)| (k.saturating_mul(per_thread), run));
        let first = runs.next();
        let table = &table;
        let spawned: Vec<_> =
            runs.map(|(at, run)| scope.spawn(move || table.scored(at, run.iter().copied()))).collect();
        let mut scored = Vec::with_capacity(threads);
        scored.extend(first.map(|(at, run)| table.scored(at, run.iter().copied())));
        // A scoring thread's panic goes on in this thread, where the native call's guard catches it.
        scored.extend(spawned.into_iter().map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))));
        scored
    });
    let mut all = Scored::default();
    for run in runs {
        let run = run?;
        all.problems.extend(run.problems);
        if all.problems.is_empty() {
            all.out.push_str(&run.out);
        }
    }
    all.into_lines()
}

/// The pieces of `text` between `separator`s, as `str::split` gives them. Cells are a few bytes
/// long: a plain scan costs less than the set-up of `split`'s memchr, which took a tenth of a call.
fn pieces(text: &str, separator: u8) -> impl Iterator<Item = &str> {
    debug_assert!(separator.is_ascii(), "a piece ends at a character");
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.bytes().position(|b| b == separator) {
            Some(at) => {
                let (piece, tail) = current.split_at(at);
                rest = tail.get(1..);
                Some(piece)
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

/// The cores this process may use, asked once: asking reads the control group's files, which
/// costs more than scoring a row.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// A table's rows as [`numbers`] reads them, bound to the ruleset.
struct Table<'a> {
    loaded: &'a Loaded,
    header: &'a str,
    bound: &'a Bound,
    lines: Lines,
    batch: bool,
}

/// A run of rows scored: their lines, or every problem found (and then no lines).
#[derive(Default)]
struct Scored {
    out: String,
    problems: Vec<(Option<usize>, InputError)>,
}

impl Scored {
    fn into_lines(self) -> Result<String, Failure> {
        if self.problems.is_empty() {
            Ok(self.out)
        } else {
            Err(Failure::Input(self.problems))
        }
    }
}

impl Table<'_> {
    /// Scores `rows`, the first of which is the table's row `first`, with the thread's buffers.
    fn scored<'r>(&self, first: usize, rows: impl Iterator<Item = &'r str>) -> Result<Scored, Failure> {
        BUFFERS.with(|buffers| match buffers.try_borrow_mut() {
            Ok(mut buffers) => self.scored_into(first, rows, &mut buffers),
            Err(_) => self.scored_into(first, rows, &mut Buffers::default()),
        })
    }

    fn scored_into<'r>(
        &self,
        first: usize,
        rows: impl Iterator<Item = &'r str>,
        buffers: &mut Buffers,
    ) -> Result<Scored, Failure> {
        let Table { loaded, header, bound: Bound { columns, names }, lines, batch } = *self;
        let Buffers { scores, row } = buffers;
        row.resize(*names, None);
        let ruleset = &loaded.ruleset;
        let per_line = match lines {
            Lines::Numbers => 16usize.saturating_add(ruleset.items().count().saturating_mul(4)),
            Lines::Card => 64usize.saturating_add(ruleset.items().count().saturating_mul(16)),
            // Effects take a few hundred bytes each: a month's line is some kilobytes.
            Lines::Explained => 4096usize.saturating_add(ruleset.items().count().saturating_mul(16)),
        };
        let mut scored = Scored { out: String::with_capacity(per_line), problems: Vec::new() };
        let Scored { out, problems } = &mut scored;
        for (n, line) in rows.enumerate() {
            let n = n.saturating_add(first);
            let mut cells = pieces(line, b'\t');
            for (k, slot) in row.iter_mut().enumerate() {
                // The Java side writes every cell it sends as JSON: anything else is its fault.
                read_cell(cells.next().unwrap_or_default(), slot).map_err(|e| {
                    let name = header.split('\t').nth(k).unwrap_or_default();
                    Failure::Argument(format!("row {n}, input {name}: the cell is not JSON ({e})"))
                })?;
            }
            let outcome = match lines {
                Lines::Explained => ruleset.explain_row_into(columns, row, scores).map(Some),
                _ => ruleset.score_row_into(columns, row, scores).map(|()| None),
            };
            match outcome {
                Err(errors) => problems.extend(errors.0.into_iter().map(|e| (batch.then_some(n), e))),
                Ok(_) if !problems.is_empty() => {}
                Ok(None) => {
                    let fields = if lines == Lines::Numbers { Fields::Numbers } else { Fields::Card };
                    kaohe::line::push_line(out, ruleset, scores, fields);
                }
                Ok(Some(effects)) => {
                    kaohe::line::push_line(out, ruleset, scores, Fields::Card);
                    out.push('\t');
                    push_effects(out, &effects)?;
                }
            }
            if problems.is_empty() {
                out.push('\n');
            }
        }
        Ok(scored)
    }
}

/// Each item's effects, in [`Ruleset::items`] order, as the Java side reads them (`Outline.java`):
/// parts, each its length in bytes, a colon and its UTF-8 text, so that the long texts (clauses,
/// messages) are read without scanning or unescaping. One part per item holds the item's effects,
/// so that the Java side can step over an item and read its effects only when they are asked for:
/// empty for an item without effects; else the number of effects, then per effect its rule, kind,
/// effect (`deduct`, `flag`, …), the outcome's value (the amount or score set, the flag's id, or
/// empty), its arithmetic as the card's JSON object, its basis, its messages in Chinese and
/// English, and the number of its readings followed by each reading's name and value. A part may
/// hold any character, a line break too: the Java side reads the lines in order instead of
/// splitting them first.
fn push_effects(out: &mut String, effects: &[Vec<kaohe::Effect>]) -> Result<(), Failure> {
    use kaohe::Outcome;
    let mut value = String::with_capacity(32);
    let mut parts = String::with_capacity(1024);
    let mut json = Vec::with_capacity(256);
    for item in effects {
        parts.clear();
        if !item.is_empty() {
            push_count(&mut parts, item.len());
        }
        for effect in item {
            push_part(&mut parts, &effect.rule);
            push_part(&mut parts, effect.kind.name());
            value.clear();
            let (name, amount) = match &effect.outcome {
                Outcome::Deduct { amount } => ("deduct", Some(*amount)),
                Outcome::Award { amount } => ("award", Some(*amount)),
                Outcome::Set { score } => ("set", Some(*score)),
                Outcome::ItemZero => ("item_zero", None),
                Outcome::SectionZero => ("section_zero", None),
                Outcome::TotalZero => ("total_zero", None),
                Outcome::Flag { flag } => {
                    value.push_str(flag);
                    ("flag", None)
                }
            };
            if let Some(amount) = amount {
                kaohe::push_normalized(&mut value, amount);
            }
            push_part(&mut parts, name);
            push_part(&mut parts, &value);
            json.clear();
            serde_json::to_writer(&mut json, &effect.arithmetic).map_err(cannot_write)?;
            push_part(&mut parts, std::str::from_utf8(&json).map_err(cannot_write)?);
            for text in [&*effect.basis, &effect.message.zh, &effect.message.en] {
                push_part(&mut parts, text);
            }
            push_count(&mut parts, effect.reads.len());
            for reading in &effect.reads {
                push_part(&mut parts, &reading.name);
                push_part(&mut parts, &reading.value);
            }
        }
        push_part(out, &parts);
    }
    Ok(())
}

/// One part of [`push_effects`]: its length in bytes, a colon, its text.
fn push_part(out: &mut String, text: &str) {
    push_digits(out, text.len());
    out.push(':');
    out.push_str(text);
}

/// A part holding a count.
fn push_count(out: &mut String, n: usize) {
    push_digits(out, n.checked_ilog10().unwrap_or(0).saturating_add(1) as usize);
    out.push(':');
    push_digits(out, n);
}

/// `n` in decimal digits (a part's length or a count, a hundred or more to a card: `fmt`'s
/// machinery costs more than the writing).
fn push_digits(out: &mut String, mut n: usize) {
    let mut buffer = [0u8; 20];
    let mut start = buffer.len();
    loop {
        start = start.saturating_sub(1);
        if let Some(slot) = buffer.get_mut(start) {
            *slot = b'0'.saturating_add(u8::try_from(n % 10).unwrap_or(0));
        }
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &digit in buffer.get(start..).unwrap_or_default() {
        out.push(char::from(digit));
    }
}

/// The ruleset's card with no scoring behind it ([`Ruleset::outline`]) as JSON: the names, titles
/// and points the Java side keeps once and sets each line of [`numbers`] into.
pub fn outline(ruleset: &Ruleset) -> Result<String, Failure> {
    written(kaohe::json::card_to_json(&ruleset.outline()))
}

/// A period from its months (input objects, or null for a missing month) and its own inputs.
pub fn roll_up(
    ruleset: &Ruleset,
    period: Option<String>,
    months: Option<String>,
    given: Option<String>,
) -> Result<String, Failure> {
    let period = required(period, "period")?;
    let Some(period) = kaohe::Period::parse(&period) else {
        let message = format!("period is one of {:?}, not {period:?}", kaohe::Period::NAMES);
        return Err(Failure::Argument(message));
    };
    let months: Vec<Option<Inputs>> =
        parse(&required(months, "months")?, "an array of input objects or nulls")?;
    let given = match given {
        Some(text) => kaohe::json::parse_inputs(&text)?,
        None => Inputs::new(),
    };
    to_json(&ruleset.roll_up(period, &months, &given)?)
}

#[derive(Deserialize)]
struct Standing {
    unit: String,
    kind: String,
    total: String,
}

/// Ranks `[{unit, kind, total}]` (totals as decimal strings) within each kind, with grades.
pub fn rank(ruleset: &Ruleset, standings: Option<String>) -> Result<String, Failure> {
    let given: Vec<Standing> = parse(&required(standings, "standings")?, "an array of {unit, kind, total}")?;
    let mut standings = Vec::with_capacity(given.len());
    for Standing { unit, kind, total } in given {
        let Ok(total) = total.parse() else {
            return Err(Failure::Argument(format!("{unit}: the total `{total}` is not a decimal")));
        };
        standings.push(kaohe::rank::Standing { unit, kind, total });
    }
    to_json(&ruleset.rank(standings)?)
}

/// The explained card as people read it: text or HTML, Chinese or English.
pub fn render(
    ruleset: &Ruleset,
    inputs: Option<String>,
    lang: Option<String>,
    format: Option<String>,
) -> Result<String, Failure> {
    let lang = match lang.as_deref() {
        None => kaohe::render::Lang::Zh,
        Some(text) => kaohe::render::Lang::parse(text)
            .ok_or_else(|| Failure::Argument(format!("lang is \"zh\" or \"en\", not {text:?}")))?,
    };
    let inputs = kaohe::json::parse_inputs(&required(inputs, "inputs")?)?;
    let card = ruleset.explain(&inputs)?;
    match format.as_deref() {
        None | Some("text") => Ok(kaohe::render::card_text(&card, lang)),
        Some("html") => Ok(kaohe::render::card_html(&card, lang)),
        Some(other) => Err(Failure::Argument(format!("format is \"text\" or \"html\", not {other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn ningbo() -> Loaded {
        Loaded::new(kaohe::builtin::load("ningbo/district").unwrap())
    }

    /// A clean Ningbo month that totals 99 (结案率 94%, one 5% step short of 95%), with `more`
    /// inputs (JSON members), and the table of it as one row.
    fn month(more: &str) -> (Inputs, String) {
        let month = format!(
            r#"{{"grid_cells": 400, "inspectors": 30, "operators": 20, "inspector_online_rate": "80%",
            "reported_items": 1000, "valid_cases": 800, "daily_valid_collections": 400,
            "on_time_closure_rate": "90%", "closure_rate": "94%", "rework_rate": "1%",
            "superior_satisfaction": "95%", "partner_satisfaction": "90%", "community_satisfaction": "90%",
            {more}}}"#
        );
        let inputs = kaohe::json::parse_inputs(&month).unwrap();
        let names: Vec<&str> = inputs.iter().map(|(name, _)| name).collect();
        let cells: Vec<String> =
            inputs.iter().map(|(_, value)| serde_json::to_string(value).unwrap()).collect();
        let table = format!("{}\n{}\n", names.join("\t"), cells.join("\t"));
        (inputs, table)
    }

    #[test]
    fn a_batch_reports_every_bad_row_and_returns_no_card() {
        let rows = "late_arrivals\n1\n-1\n\"x\"\n";
        let failure = numbers(&ningbo(), Some(rows.into()), Lines::Explained, true).unwrap_err();
        let json: Value = serde_json::from_str(&failure.to_json()).unwrap();
        assert_eq!(json["kind"], "input");
        let errors = json["errors"].as_array().unwrap();
        let rows: Vec<&Value> =
            errors.iter().filter(|e| e["loc"] == "late_arrivals").map(|e| &e["row"]).collect();
        assert_eq!(rows, [&Value::from(1), &Value::from(2)], "{errors:?}");
    }

    /// Enough rows for every core to take a run of them: each row's line is the line it gets
    /// alone, in row order, and the bad rows of every run are reported, in row order.
    #[test]
    fn a_large_batch_keeps_row_order_across_threads() {
        let ruleset = ningbo();
        let rows = 4 * ROWS_PER_THREAD + 3;
        // The month that totals 99, with `late` late arrivals at 1 point each: its names, its row.
        let month_with = |late: i64| {
            let (_, table) = month(&format!(r#""late_arrivals": {late}"#));
            let (header, row) = table.split_once('\n').unwrap();
            (header.to_owned(), row.to_owned())
        };
        let (header, _) = month_with(0);
        let alone = |late: i64| {
            let (header, row) = month_with(late);
            numbers(&ruleset, Some(format!("{header}\n{row}")), Lines::Card, false)
        };
        // Six late arrivals: 99 - 6 = 93.
        assert!(alone(6).unwrap().starts_with("93\t"), "{}", alone(6).unwrap());
        let late = |k: usize| i64::try_from(k % 7).unwrap();
        let table: String =
            std::iter::once(format!("{header}\n")).chain((0..rows).map(|k| month_with(late(k)).1)).collect();
        let expected: String = (0..rows).map(|k| alone(late(k)).unwrap()).collect();
        assert_eq!(numbers(&ruleset, Some(table), Lines::Card, true).unwrap(), expected);

        let bad = [3, rows / 2, rows - 1];
        let table: String = std::iter::once(format!("{header}\n"))
            .chain((0..rows).map(|k| month_with(if bad.contains(&k) { -1 } else { 1 }).1))
            .collect();
        let failure = numbers(&ruleset, Some(table), Lines::Numbers, true).unwrap_err();
        let json: Value = serde_json::from_str(&failure.to_json()).unwrap();
        let reported: Vec<u64> =
            json["errors"].as_array().unwrap().iter().map(|e| e["row"].as_u64().unwrap()).collect();
        assert_eq!(reported, bad.map(|k| k as u64));
    }

    #[test]
    fn counts_and_texts_are_parts_of_their_length() {
        let mut out = String::new();
        for n in [0, 9, 10, 99, 100, 12345, usize::MAX] {
            push_count(&mut out, n);
        }
        push_part(&mut out, "");
        push_part(&mut out, "结案率: 1");
        assert_eq!(out, "1:01:92:102:993:1005:1234520:184467440737095516150:12:结案率: 1");
    }

    #[test]
    fn pieces_are_what_split_gives() {
        for text in ["", "\t", "a", "a\tb", "\ta\t", "a\t\tb", "\"93.4%\"\t\t\"结案\"\t7", "结\t\t"] {
            let pieces: Vec<&str> = pieces(text, b'\t').collect();
            assert_eq!(pieces, text.split('\t').collect::<Vec<_>>(), "{text:?}");
        }
    }

    #[test]
    fn a_cell_reads_as_serde_json_reads_it() {
        let cells = [
            r#""87.5%""#,
            r#""0.1""#,
            r#""true""#,
            r#""""#,
            r#""a\"b""#,
            r#""\u6D77""#,
            "0",
            "-0",
            "7",
            "-12",
            "123456789012345678",
            "1234567890123456789",
            "1.5",
            "1e3",
            "true",
            "[1,2]",
            r#"["2","3.5"]"#,
        ];
        let mut reused = Some(kaohe::InputValue::Text("an earlier, longer cell".into()));
        for cell in cells {
            let expected: kaohe::InputValue = serde_json::from_str(cell).unwrap();
            let mut fresh = None;
            read_cell(cell, &mut fresh).unwrap();
            assert_eq!(fresh.as_ref(), Some(&expected), "{cell}");
            read_cell(cell, &mut reused).unwrap();
            assert_eq!(reused.as_ref(), Some(&expected), "{cell} read into a used slot");
        }
        read_cell("", &mut reused).unwrap();
        assert_eq!(reused, None);
        for cell in ["007", "-", "\"open", "x"] {
            assert!(read_cell(cell, &mut None).is_err(), "{cell}");
        }
    }

    #[test]
    fn numbers_are_the_cards_numbers_one_line_a_row() {
        let ruleset = ningbo();
        let (inputs, one_row) = month(r#""late_arrivals": 2, "server_outages": 5"#);
        let table = format!("{one_row}{}\n", one_row.lines().nth(1).unwrap()); // the row twice
        let card = ruleset.score(&inputs).unwrap();
        let items: Vec<&kaohe::ItemScore> = card.sections.iter().flat_map(|s| &s.items).collect();
        let scores: Vec<String> = items.iter().map(|i| i.score.to_string()).collect();
        // From the month that totals 99 (结案率 94%, one 5% step short of 95%: closure 7 - 1 = 6),
        // 2 late arrivals at 1 each (daily management 14 - 2 = 12) and 5 server outages at 1 each
        // (equipment 8 - 5 = 3): 99 - 2 - 5 = 92.
        let score_of = |id: &str| items.iter().find(|i| &*i.id == id).map(|i| i.score.to_string());
        assert_eq!(card.total.to_string(), "92");
        assert_eq!(score_of("closure").as_deref(), Some("6"));
        assert_eq!(score_of("daily_management").as_deref(), Some("12"));
        assert_eq!(score_of("equipment").as_deref(), Some("3"));
        // Ningbo's scheme has no grade bands: the grade field stays empty.
        assert!(ruleset.grades().is_empty() && card.grade.is_none());
        let grade = "";
        let numbers_line = format!("{}\t{grade}\t\t{}", card.total, scores.join(","));
        let lines = numbers(&ruleset, Some(table.clone()), Lines::Numbers, true).unwrap();
        assert_eq!(lines, format!("{numbers_line}\n{numbers_line}\n"));

        let metrics: Vec<String> = card.metrics.iter().map(|m| m.value.to_string()).collect();
        let sections: Vec<String> =
            card.sections.iter().map(|s| format!("{},{}", s.score, u8::from(s.zeroed))).collect();
        let details: Vec<String> = items
            .iter()
            .map(|i| {
                let marks = u8::from(i.zeroed) + 2 * u8::from(i.floored) + 4 * u8::from(i.capped);
                format!("{},{},{marks}", i.deducted, i.awarded)
            })
            .collect();
        let detail_of = |id: &str| items.iter().position(|i| &*i.id == id).map(|at| details[at].as_str());
        assert_eq!((detail_of("daily_management"), detail_of("equipment")), (Some("2,0,0"), Some("5,0,0")));
        let card_line = format!(
            "{numbers_line}\t{}\t{}\t{}\t{}",
            u8::from(card.total_zeroed),
            metrics.join(","),
            sections.join(","),
            details.join(",")
        );
        let lines = numbers(&ruleset, Some(table), Lines::Card, true).unwrap();
        assert_eq!(lines, format!("{card_line}\n{card_line}\n"));

        let outline: Value = serde_json::from_str(&outline(&ruleset).unwrap()).unwrap();
        let ids: Vec<&str> = outline["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["items"].as_array().unwrap())
            .map(|i| i["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, items.iter().map(|i| &*i.id).collect::<Vec<_>>());
        assert_eq!(outline["metrics"].as_array().unwrap().len(), card.metrics.len());
    }

    /// Reads one part of [`push_effects`]: its length, a colon, its text.
    fn part<'a>(text: &mut &'a str) -> &'a str {
        let (length, rest) = text.split_once(':').unwrap();
        let (part, rest) = rest.split_at(length.parse().unwrap());
        *text = rest;
        part
    }

    #[test]
    fn explained_effects_cross_as_length_prefixed_parts() {
        let ruleset = ningbo();
        let (inputs, table) = month(r#""late_arrivals": 2"#);
        let line = numbers(&ruleset, Some(table), Lines::Explained, false).unwrap();
        let fields: Vec<&str> = line.strip_suffix('\n').unwrap().splitn(9, '\t').collect();
        // 2 late arrivals at 1 point each: 13 bytes of rule id, 14 of kind, `deduct`, amount 2.
        assert!(fields[8].contains("13:late_arrivals14:per_occurrence6:deduct1:2"), "{}", fields[8]);
        // Each item's effects are one part; every effect in it, part by part, is the card's.
        let card = ruleset.explain(&inputs).unwrap();
        let mut items = fields[8];
        for (_, item) in card.items() {
            let mut rest = part(&mut items);
            if item.effects.is_empty() {
                assert_eq!(rest, "", "{} has no effects", item.id);
            } else {
                assert_eq!(part(&mut rest), item.effects.len().to_string());
            }
            for effect in &item.effects {
                let head: Value = serde_json::to_value(effect).unwrap();
                assert_eq!(part(&mut rest), &*effect.rule);
                assert_eq!(part(&mut rest), head["kind"]);
                assert_eq!(part(&mut rest), head["effect"]);
                let value =
                    ["amount", "score", "flag"].iter().find_map(|key| head[key].as_str()).unwrap_or("");
                assert_eq!(part(&mut rest), value);
                assert_eq!(serde_json::from_str::<Value>(part(&mut rest)).unwrap(), head["arithmetic"]);
                assert_eq!(part(&mut rest), &*effect.basis);
                assert_eq!(part(&mut rest), effect.message.zh);
                assert_eq!(part(&mut rest), effect.message.en);
                assert_eq!(part(&mut rest), effect.reads.len().to_string());
                for reading in &effect.reads {
                    assert_eq!((part(&mut rest), part(&mut rest)), (&*reading.name, reading.value.as_str()));
                }
            }
            assert_eq!(rest, "", "nothing in {}'s part after its last effect", item.id);
        }
        assert_eq!(items, "", "nothing after the last item's part");
    }

    #[test]
    fn the_last_binding_is_reused_only_for_the_same_names() {
        let loaded = ningbo();
        let score = |table: &str| numbers(&loaded, Some(table.into()), Lines::Numbers, true).unwrap();
        let total = |lines: String| lines.split('\t').next().unwrap().to_owned();
        // The base month totals 99 (closure 7 - 1); the same cells under swapped names move 3 late
        // arrivals (1 each from daily management) and no server outage, or the reverse (1 each
        // from equipment): 99 - 3 either way, but a stale binding would score the cells swapped.
        let base =
            "grid_cells\tinspectors\toperators\treported_items\tvalid_cases\tdaily_valid_collections\t\
            inspector_online_rate\ton_time_closure_rate\tclosure_rate\trework_rate\tsuperior_satisfaction\t\
            partner_satisfaction\tcommunity_satisfaction";
        let cells =
            "400\t30\t20\t1000\t800\t400\t\"80%\"\t\"90%\"\t\"94%\"\t\"1%\"\t\"95%\"\t\"90%\"\t\"90%\"";
        let first = format!("{base}\tlate_arrivals\tserver_outages\n{cells}\t3\t0\n");
        let swapped = format!("{base}\tserver_outages\tlate_arrivals\n{cells}\t3\t0\n");
        let items = |lines: &str| lines.trim_end().rsplit('\t').next().unwrap().to_owned();
        let (a, b) = (score(&first), score(&swapped));
        assert_eq!((total(a.clone()), total(b.clone())), ("96".to_owned(), "96".to_owned()));
        assert_ne!(items(&a), items(&b), "the lost points fall on different items");
        assert_eq!(score(&first), a);
        let fresh = numbers(&ningbo(), Some(swapped), Lines::Numbers, true).unwrap();
        assert_eq!(fresh, b);
    }

    #[test]
    fn bad_rows_of_the_numbers_table_are_refused_by_row_and_name() {
        let table = "late_arrivals\tclosure_rate\n1\t\"94%\"\n\"x\"\t\n-1\t\n";
        let failure = numbers(&ningbo(), Some(table.into()), Lines::Numbers, true).unwrap_err();
        let json: Value = serde_json::from_str(&failure.to_json()).unwrap();
        let found: Vec<(u64, &str, &str)> = json["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["loc"] == "late_arrivals")
            .map(|e| (e["row"].as_u64().unwrap(), e["kind"].as_str().unwrap(), e["loc"].as_str().unwrap()))
            .collect();
        assert_eq!(found, [(1, "wrong_type", "late_arrivals"), (2, "negative", "late_arrivals")]);
        // A row that gives nothing is a row: Ningbo's required inputs are missing from it.
        let empty = numbers(&ningbo(), Some("\n\n".into()), Lines::Numbers, true).unwrap_err();
        assert!(empty.to_json().contains(r#""row":0"#), "{}", empty.to_json());
        assert_eq!(numbers(&ningbo(), Some("\n".into()), Lines::Numbers, true).unwrap(), "");
        let broken =
            numbers(&ningbo(), Some("late_arrivals\n{1\n".into()), Lines::Numbers, true).unwrap_err();
        assert!(matches!(broken, Failure::Argument(_)), "{broken:?}");
        // A single call's problems name no row.
        let single = numbers(&ningbo(), Some("late_arrivals\n-1\n".into()), Lines::Card, false).unwrap_err();
        assert!(single.to_json().contains(r#""row":null"#), "{}", single.to_json());
        let failure =
            numbers(&ningbo(), Some("late_arrivels\n1\n".into()), Lines::Numbers, true).unwrap_err();
        assert!(failure.to_json().contains("late_arrivals"), "a did-you-mean: {}", failure.to_json());
    }

    #[test]
    fn arguments_the_java_side_never_sends_are_refused_by_name() {
        let ruleset = ningbo();
        let failure = roll_up(&ruleset, Some("yaer".into()), Some("[]".into()), None).unwrap_err();
        assert!(failure.to_json().contains(r#"not \"yaer\""#), "{}", failure.to_json());
        let failure = rank(&ruleset, Some(r#"[{"unit": "a", "kind": "district", "total": "9x"}]"#.into()));
        assert!(failure.unwrap_err().to_json().contains("`9x` is not a decimal"));
        assert!(matches!(score(&ruleset, None, false), Err(Failure::Argument(_))));
    }

    #[test]
    fn a_ruleset_error_keeps_its_diagnostics() {
        let error = Ruleset::from_toml("title = 1", "bad.toml").unwrap_err();
        let json: Value = serde_json::from_str(&Failure::Ruleset(error).to_json()).unwrap();
        assert_eq!(json["kind"], "ruleset");
        assert_eq!(json["origin"], "bad.toml");
        assert!(json["diagnostics"][0]["line"].as_u64().is_some(), "{json}");
    }
}
