//! Many units at once: monthly scores for every row (streamed), period cards for every unit and
//! period, and rankings of either. Periods keep the rows' inputs and numbers, never cards.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use kaohe::rank::{rank, Ranked, Standing};
use kaohe::{Columns, Grade, Inputs, Period, PeriodCard, Ruleset, ScoreCard, Scores};

use crate::rows::{Encoding, Row, RowError, RowReader, Values, YearMonth};
use crate::Failure;

/// Rows read before a progress bar appears on stderr.
const PROGRESS_AFTER: u64 = 5_000;

/// How a batch command reads its rows.
pub struct Reading<'a> {
    pub rows: &'a Path,
    pub encoding: Encoding,
    pub period_inputs: Option<&'a Path>,
}

/// Each unit's card for each period of `period`, and the rows or units that could not be rolled up.
pub fn period_cards(
    ruleset: &Ruleset,
    reading: &Reading,
    rows: &Rows,
    period: Period,
) -> Result<(Vec<UnitPeriod>, Vec<String>), Failure> {
    let given = match reading.period_inputs {
        Some(path) => PeriodInputs::read(path, reading.encoding)?,
        None => Default::default(),
    };
    rows.roll_up(ruleset, period, &given)
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

/// Every row of a file that could be read, and what could not.
pub struct Rows {
    /// The input columns of a CSV file (none for JSON lines, whose rows are named).
    names: Vec<String>,
    /// The same columns bound to the ruleset.
    columns: Columns,
    pub rows: Vec<Row>,
    pub errors: Vec<String>,
    /// Units with a row that could not be read: their periods are not rolled up.
    pub broken_units: BTreeSet<String>,
}

pub struct UnitPeriod {
    pub unit: String,
    pub kind: String,
    /// `2026`, `2026-Q1` or `2026-H1`.
    pub key: String,
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

/// Scores every row as it is read and hands it to `write`; bad rows go to `report` as they are
/// found. Memory does not grow with the file. Returns the number of rows not scored.
pub fn score_stream(
    ruleset: &Ruleset,
    path: &Path,
    encoding: Encoding,
    needs: Needs,
    write: &mut dyn FnMut(&Row, Scored<'_>) -> Result<(), Failure>,
    report: &mut dyn FnMut(&str),
) -> Result<u64, Failure> {
    let mut reader = RowReader::open(path, ruleset, encoding)?;
    let columns = bind(ruleset, path, &reader.columns)?;
    let mut scores = ruleset.new_scores();
    let (mut read, mut bad) = (0u64, 0u64);
    let bar = progress();
    while let Some(row) = reader.next_row() {
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
    bar.finish_and_clear();
    Ok(bad)
}

/// Reads every row of a file for a rollup, ranking or report.
pub fn read_rows(ruleset: &Ruleset, path: &Path, encoding: Encoding) -> Result<Rows, Failure> {
    let mut reader = RowReader::open(path, ruleset, encoding)?;
    let columns = bind(ruleset, path, &reader.columns)?;
    let mut rows = Rows {
        names: reader.columns.clone(),
        columns,
        rows: Vec::new(),
        errors: Vec::new(),
        broken_units: BTreeSet::new(),
    };
    while let Some(row) = reader.next_row() {
        match row {
            Ok(row) => rows.rows.push(row),
            Err(RowError { message, unit }) => {
                rows.errors.push(message);
                rows.broken_units.extend(unit);
            }
        }
    }
    Ok(rows)
}

impl Rows {
    fn inputs(&self, row: &Row) -> Inputs {
        row.inputs(&self.names)
    }

    /// Every row's standing for its month (keyed `2026-03`), in file order; rows that do not
    /// score are reported.
    pub fn month_standings(&self, ruleset: &Ruleset, path: &Path) -> (Vec<(String, Standing)>, Vec<String>) {
        let mut scores = ruleset.new_scores();
        let mut standings = Vec::with_capacity(self.rows.len());
        let mut errors = Vec::new();
        for row in &self.rows {
            let scored = match &row.values {
                Values::Cells(cells) => ruleset
                    .score_row_into(&self.columns, cells, &mut scores)
                    .map(|()| (scores.total, scores.grade.and_then(|g| ruleset.grades().get(g).cloned()))),
                Values::Named(inputs) => ruleset.score(inputs).map(|card| (card.total, card.grade)),
            };
            match scored {
                Ok((total, grade)) => standings.push((
                    row.month.to_string(),
                    Standing { unit: row.unit.clone(), kind: row.kind.clone(), total, grade },
                )),
                Err(bad) => errors.extend(bad.0.iter().map(|e| row_error(path, row, e))),
            }
        }
        (standings, errors)
    }

    /// Rolls every unit's months up to `period`. A unit with a row that could not be read is left
    /// out rather than rolled up without it; period inputs that match no unit and period are
    /// refused, naming them.
    pub fn roll_up(
        &self,
        ruleset: &Ruleset,
        period: Period,
        period_inputs: &PeriodInputs,
    ) -> Result<(Vec<UnitPeriod>, Vec<String>), Failure> {
        let Some(rollup) = ruleset.rollup(period) else {
            return Err(Failure(format!(
                "error: ruleset `{}` declares no rollup to {period:?}",
                ruleset.id()
            )));
        };
        let length = usize::try_from(rollup.months).unwrap_or(12);
        // (unit, period) -> (kind, the rows of the period's months)
        let mut groups: BTreeMap<(&str, String), Group> = BTreeMap::new();
        for row in &self.rows {
            let (key, index) = period_key(period, row.month);
            let (_, months) =
                groups.entry((&row.unit, key)).or_insert_with(|| (&row.kind, vec![None; length]));
            if let Some(slot) = months.get_mut(index) {
                *slot = Some(row);
            }
        }
        let unmatched: Vec<String> = period_inputs
            .rows
            .iter()
            .filter(|((unit, key), _)| !groups.contains_key(&(unit.as_str(), key.clone())))
            .map(|((unit, key), (line, _))| {
                format!(
                    "error: {}:{line}: {unit} {key} matches no unit and period of the rows",
                    period_inputs.shown
                )
            })
            .collect();
        if !unmatched.is_empty() {
            return Err(Failure(unmatched.join("\n")));
        }
        let empty = Inputs::new();
        let mut cards = Vec::with_capacity(groups.len());
        let mut errors = Vec::new();
        for ((unit, key), (kind, months)) in groups {
            if self.broken_units.contains(unit) {
                errors.push(format!(
                    "error: {unit} {key}: not rolled up, because a row of {unit} could not be read"
                ));
                continue;
            }
            let months: Vec<Option<Inputs>> = months.iter().map(|m| m.map(|row| self.inputs(row))).collect();
            let given = period_inputs.rows.get(&(unit.to_owned(), key.clone())).map_or(&empty, |(_, i)| i);
            match ruleset.roll_up(period, &months, given) {
                Ok(card) => {
                    cards.push(UnitPeriod { unit: unit.to_owned(), kind: kind.to_owned(), key, card })
                }
                Err(bad) => errors.extend(bad.0.iter().map(|e| format!("error: {unit} {key}: {e}"))),
            }
        }
        Ok((cards, errors))
    }
}

/// A unit's kind and the rows of a period's months, in order.
type Group<'r> = (&'r str, Vec<Option<&'r Row>>);

pub fn period_key(period: Period, month: YearMonth) -> (String, usize) {
    let index = usize::from(month.month).saturating_sub(1);
    match period {
        Period::Year => (month.year.to_string(), index),
        Period::HalfYear => (format!("{}-H{}", month.year, (index / 6).saturating_add(1)), index % 6),
        Period::Quarter => (format!("{}-Q{}", month.year, (index / 3).saturating_add(1)), index % 3),
        Period::Month => (month.to_string(), 0),
    }
}

/// The periods' own inputs, from a CSV or JSON-lines file with `unit` and `period` columns.
#[derive(Default)]
pub struct PeriodInputs {
    pub shown: String,
    /// (unit, period) -> (line, inputs)
    pub rows: BTreeMap<(String, String), (usize, Inputs)>,
}

impl PeriodInputs {
    pub fn read(path: &Path, encoding: Encoding) -> Result<PeriodInputs, Failure> {
        let shown = path.display().to_string();
        let mut rows = BTreeMap::new();
        let mut problems = Vec::new();
        for (line, unit, period, inputs) in crate::rows::read_period_rows(path, encoding)? {
            if let Some((first, _)) = rows.get(&(unit.clone(), period.clone())) {
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
pub fn rank_by_period(standings: Vec<(String, Standing)>) -> Vec<(String, Ranked)> {
    let mut by_period: BTreeMap<String, Vec<Standing>> = BTreeMap::new();
    for (period, standing) in standings {
        by_period.entry(period).or_default().push(standing);
    }
    by_period
        .into_iter()
        .flat_map(|(period, group)| rank(group).into_iter().map(move |r| (period.clone(), r)))
        .collect()
}

pub fn grade_label(grade: Option<&std::sync::Arc<Grade>>) -> String {
    grade.map_or_else(String::new, |g| g.label.clone())
}
