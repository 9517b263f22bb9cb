//! Many units at once: monthly scores for every row, period cards for every unit and period, and
//! rankings of either. Rows are streamed: a rollup keeps numbers per unit and month, never rows.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use kaohe::rank::{Ranked, Standing};
use kaohe::{
    Columns, Grade, Inputs, Ledger, Period, PeriodCard, PeriodKey, Ruleset, ScoreCard, Scores, YearMonth,
};

use crate::rows::{Opening, Row, RowError, RowReader, Values};
use crate::Failure;

/// Rows read before a progress bar appears on stderr.
const PROGRESS_AFTER: u64 = 5_000;

/// How a batch command reads its rows.
pub struct Reading<'a> {
    pub rows: &'a Path,
    pub opening: Opening,
    pub period_inputs: Option<&'a Path>,
    /// Inputs counted from case records, laid under the rows' (`--cases`).
    pub cases: Option<&'a crate::cases::CountedInputs>,
}

/// Streams the rows into the ruleset's rollup to `period` and rolls each unit's periods up:
/// numbers per unit and month are kept, never the rows. A unit with a row that could not be read
/// or taken is left out rather than rolled up without it; period inputs that match no unit and
/// period are refused, naming them. `keep_items` keeps each month's item scores (for a report);
/// `keep` turns each card into what the command keeps of it, as the cards are made.
pub fn period_cards<T>(
    ruleset: &Ruleset,
    reading: &Reading,
    period: Period,
    keep_items: bool,
    mut keep: impl FnMut(UnitPeriod) -> T,
) -> Result<Periods<T>, Failure> {
    let given = match reading.period_inputs {
        Some(path) => PeriodInputs::read(path, reading.opening)?,
        None => Default::default(),
    };
    let mut ledger = Ledger::new(ruleset, period, keep_items).map_err(|_| {
        Failure(format!("error: ruleset `{}` declares no rollup to {period:?}", ruleset.id()))
    })?;
    // A unit-month counted from case records takes the rows' other inputs; one only counted is
    // scored from its counts alone.
    let mut only_counted: BTreeSet<&(String, YearMonth)> =
        reading.cases.map(|c| c.months.keys().collect()).unwrap_or_default();
    let mut read = each_row(ruleset, reading.rows, reading.opening, |row, mut inputs, read| {
        if let Some(counted) =
            reading.cases.and_then(|c| c.months.get_key_value(&(row.unit.clone(), row.month)))
        {
            only_counted.remove(counted.0);
            let mut merged = counted.1.clone();
            let problems = crate::cases::overlay(&mut merged, &inputs, &row.unit, row.month);
            if !problems.is_empty() {
                read.errors.extend(problems);
                read.broken_units.insert(row.unit);
                return;
            }
            inputs = merged;
        }
        if let Err(e) = ledger.add(&row.unit, &row.kind, row.month, &inputs) {
            read.errors.push(row_error(reading.rows, &row, e));
            read.broken_units.insert(row.unit);
        }
    })?;
    if let Some(cases) = reading.cases {
        read.errors.extend(cases.problems.iter().cloned());
        for (unit, month) in only_counted {
            read.years.insert(month.year);
            let inputs = cases.months.get(&(unit.clone(), *month)).cloned().unwrap_or_default();
            if let Err(e) = ledger.add(unit, &cases.default_kind, *month, &inputs) {
                read.errors.push(format!("error: {} {month}: {e}", crate::terminal::visible(unit)));
                read.broken_units.insert(unit.clone());
            }
        }
    }
    let unmatched: Vec<String> = given
        .rows
        .iter()
        .filter(|((unit, key), _)| !ledger.contains(unit, *key))
        .map(|((unit, key), (line, _))| {
            format!("error: {}:{line}: {unit} {key} matches no unit and period of the rows", given.shown)
        })
        .collect();
    if !unmatched.is_empty() {
        return Err(Failure(unmatched.join("\n")));
    }
    let mut cards = Vec::new();
    for closed in ledger.close(|unit, key| given.rows.get(&(unit.to_owned(), key)).map(|(_, i)| i)) {
        let (unit, key) = (&closed.unit, closed.period);
        if read.broken_units.contains(unit) {
            read.errors.push(format!(
                "error: {unit} {key}: not rolled up, because a row of {unit} could not be read"
            ));
            continue;
        }
        match closed.card {
            Ok(card) => cards.push(keep(UnitPeriod { unit: closed.unit, kind: closed.kind, key, card })),
            Err(bad) => read.errors.extend(bad.0.iter().map(|e| format!("error: {unit} {key}: {e}"))),
        }
    }
    Ok(Periods { cards, errors: read.errors, years: read.years })
}

/// Refuses a ranking or report from partial data unless asked for; then the banner to show.
pub fn partial(errors: &[String], allow: bool, what: &str) -> Result<Option<String>, Failure> {
    match (errors.len(), allow) {
        (0, _) => Ok(None),
        (n, false) => Err(Failure(format!(
            "{}\nerror: no {what} written: {n} problems above; fix them, or pass --allow-partial to publish the rest with a banner saying what was left out",
            errors.join("\n")
        ))),
        (n, true) => {
            for error in errors {
                eprintln!("{}", crate::terminal::visible(error));
            }
            Ok(Some(format!(
                "部分结果 PARTIAL: {n} problems left rows or units out of this {what}: {}",
                errors.join(" | ")
            )))
        }
    }
}

/// Each row's standing for its month (keyed `2026-03`), in file order, and what could not be read
/// or scored.
pub fn month_standings(ruleset: &Ruleset, reading: &Reading) -> Result<Periods<(String, Standing)>, Failure> {
    let mut scores = ruleset.new_scores();
    let mut standings = Vec::new();
    let read = each_row(ruleset, reading.rows, reading.opening, |row, inputs, read| {
        match ruleset.score_into(&inputs, &mut scores) {
            Ok(()) => standings.push((
                row.month.to_string(),
                Standing { unit: row.unit, kind: row.kind, total: scores.total },
            )),
            Err(bad) => read.errors.extend(bad.0.iter().map(|e| row_error(reading.rows, &row, e))),
        }
    })?;
    Ok(Periods { cards: standings, errors: read.errors, years: read.years })
}

/// What a rollup, ranking or report found: its periods (or standings), every problem, and the
/// years the rows span.
pub struct Periods<T = UnitPeriod> {
    pub cards: Vec<T>,
    pub errors: Vec<String>,
    pub years: BTreeSet<u16>,
}

/// What reading a file's rows found besides the rows themselves.
#[derive(Default)]
struct Read {
    errors: Vec<String>,
    /// Units with a row that could not be read or taken: their periods are not published.
    broken_units: BTreeSet<String>,
    years: BTreeSet<u16>,
}

/// Hands every row that can be read, with its inputs named, to `take`, one at a time.
fn each_row(
    ruleset: &Ruleset,
    path: &Path,
    opening: Opening,
    mut take: impl FnMut(Row, Inputs, &mut Read),
) -> Result<Read, Failure> {
    let mut reader = RowReader::open(path, ruleset, opening)?;
    bind(ruleset, path, &reader.columns)?;
    let names = reader.columns.clone();
    let mut read = Read::default();
    while let Some(row) = reader.next_row() {
        match row {
            Ok(mut row) => {
                read.years.insert(row.month.year);
                let inputs = row.take_inputs(&names);
                take(row, inputs, &mut read);
            }
            Err(RowError { message, unit }) => {
                read.errors.push(message);
                read.broken_units.extend(unit);
            }
        }
    }
    Ok(read)
}

/// A unit's card for one period.
pub struct UnitPeriod {
    pub unit: String,
    pub kind: String,
    pub key: PeriodKey,
    pub card: PeriodCard,
}

/// What a row's output needs: numbers only, a card, or a card with its trace.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    Numbers,
    Card,
    Trace,
}

/// A row scored, as the output formats need it.
pub enum Scored<'a> {
    Numbers(&'a Scores),
    Card(Box<ScoreCard>),
}

fn progress() -> ProgressBar {
    let bar = ProgressBar::no_length();
    if let Ok(style) = ProgressStyle::with_template("{msg} {pos} rows ({per_sec})") {
        bar.set_style(style);
    }
    bar.set_message("scoring");
    bar
}

fn row_error(path: &Path, row: &Row, error: impl std::fmt::Display) -> String {
    format!("error: {}:{} ({} {}): {error}", path.display(), row.line, row.unit, row.month)
}

fn bind(ruleset: &Ruleset, path: &Path, columns: &[String]) -> Result<Columns, Failure> {
    ruleset.columns(columns).map_err(|errors| {
        let lines: Vec<String> =
            errors.0.iter().map(|e| format!("error: {}: column {e}", path.display())).collect();
        Failure(lines.join("\n"))
    })
}

/// Rows the reading thread hands over at a time: a run makes the hand-over's cost small against
/// reading and scoring its rows.
const ROWS_PER_RUN: usize = 256;
/// Runs read ahead of the scoring, which bounds the memory a long file takes.
const RUNS_AHEAD: usize = 4;

/// A run of rows as read, bad ones included, in file order.
type Run = Vec<Result<Row, RowError>>;

/// Scores every row as it is read and hands it to `write`; bad rows go to `report` as they are
/// found. The rows are read on a thread of their own, a few runs ahead of the scoring, so memory
/// does not grow with the file. Returns the number of rows not scored.
pub fn score_stream(
    ruleset: &Ruleset,
    path: &Path,
    opening: Opening,
    needs: Needs,
    write: &mut dyn FnMut(&Row, Scored<'_>) -> Result<(), Failure>,
    report: &mut dyn FnMut(&str),
) -> Result<u64, Failure> {
    let reader = RowReader::open(path, ruleset, opening)?;
    let columns = bind(ruleset, path, &reader.columns)?;
    let (runs, reading) = read_ahead(reader);
    let mut scores = ruleset.new_scores();
    let (mut read, mut bad) = (0u64, 0u64);
    let bar = progress();
    for row in runs.into_iter().flatten() {
        read = read.saturating_add(1);
        if read == PROGRESS_AFTER {
            bar.reset_elapsed();
        } else if read > PROGRESS_AFTER && read % 1024 == 0 {
            bar.set_position(read);
        }
        let row = match row {
            Ok(row) => row,
            Err(RowError { message, .. }) => {
                bad = bad.saturating_add(1);
                report(&message);
                continue;
            }
        };
        let scored = match (&row.values, needs) {
            (Values::Cells(cells), Needs::Numbers) => {
                ruleset.score_row_into(&columns, cells, &mut scores).map(|()| Scored::Numbers(&scores))
            }
            (Values::Cells(cells), Needs::Card) => {
                ruleset.score_row(&columns, cells).map(|c| Scored::Card(Box::new(c)))
            }
            (Values::Cells(cells), Needs::Trace) => {
                ruleset.explain_row(&columns, cells).map(|c| Scored::Card(Box::new(c)))
            }
            (Values::Named(inputs), Needs::Trace) => {
                ruleset.explain(inputs).map(|c| Scored::Card(Box::new(c)))
            }
            (Values::Named(inputs), _) => ruleset.score(inputs).map(|c| Scored::Card(Box::new(c))),
        };
        match scored {
            Ok(scored) => write(&row, scored)?,
            Err(errors) => {
                bad = bad.saturating_add(1);
                for e in &errors.0 {
                    report(&row_error(path, &row, e));
                }
            }
        }
    }
    // The runs end early only if the reading thread stopped without finishing the file.
    reading.join().map_err(|_| {
        Failure(format!(
            "error: {}: reading the rows stopped unexpectedly; the output is incomplete",
            path.display()
        ))
    })?;
    bar.finish_and_clear();
    Ok(bad)
}

/// Reads the rows on a thread of their own, handing them over in runs. The thread stops at the end
/// of the file, or when the runs are no longer taken (a write failed and the command is ending).
fn read_ahead(mut reader: RowReader) -> (std::sync::mpsc::Receiver<Run>, std::thread::JoinHandle<()>) {
    let (send, runs) = std::sync::mpsc::sync_channel(RUNS_AHEAD);
    let reading = std::thread::spawn(move || loop {
        let run: Run = std::iter::from_fn(|| reader.next_row()).take(ROWS_PER_RUN).collect();
        if run.is_empty() || send.send(run).is_err() {
            break;
        }
    });
    (runs, reading)
}

/// The periods' own inputs, from a CSV or JSON-lines file with `unit` and `period` columns.
#[derive(Default)]
pub struct PeriodInputs {
    pub shown: String,
    /// (unit, period) -> (line, inputs)
    pub rows: BTreeMap<(String, PeriodKey), (usize, Inputs)>,
}

impl PeriodInputs {
    pub fn read(path: &Path, opening: Opening) -> Result<PeriodInputs, Failure> {
        let shown = path.display().to_string();
        let mut rows = BTreeMap::new();
        let mut problems = Vec::new();
        for (line, unit, period, inputs) in crate::rows::read_period_rows(path, opening)? {
            let Some(period) = PeriodKey::parse(&period) else {
                problems.push(format!(
                    "error: {shown}:{line}: period `{period}` is not a period written as 2026, 2026-H1, 2026-Q1 or 2026-03"
                ));
                continue;
            };
            if let Some((first, _)) = rows.get(&(unit.clone(), period)) {
                problems.push(format!(
                    "error: {shown}:{line}: {unit} {period} appears twice: first on line {first}"
                ));
                continue;
            }
            rows.insert((unit, period), (line, inputs));
        }
        if problems.is_empty() {
            Ok(PeriodInputs { shown, rows })
        } else {
            Err(Failure(problems.join("\n")))
        }
    }
}

/// Ranks each group of standings that share a period label.
pub fn rank_by_period(
    ruleset: &Ruleset,
    standings: Vec<(String, Standing)>,
) -> Result<Vec<(String, Ranked)>, Failure> {
    let mut by_period: BTreeMap<String, Vec<Standing>> = BTreeMap::new();
    for (period, standing) in standings {
        by_period.entry(period).or_default().push(standing);
    }
    let mut ranked = Vec::new();
    for (period, group) in by_period {
        let group = ruleset.rank(group).map_err(|e| Failure(format!("error: {e}")))?;
        ranked.extend(group.into_iter().map(|r| (period.clone(), r)));
    }
    Ok(ranked)
}

pub fn grade_label(grade: Option<&std::sync::Arc<Grade>>) -> String {
    grade.map_or_else(String::new, |g| g.label.clone())
}
