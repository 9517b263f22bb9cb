//! Many units at once: monthly cards for every row, period cards for every unit and period, and
//! rankings of either.

use std::collections::BTreeMap;
use std::path::Path;

use indicatif::{ProgressBar, ProgressStyle};
use kaohe::rank::{rank, Ranked, Standing};
use kaohe::{Grade, Inputs, Period, PeriodCard, Ruleset, ScoreCard};

use crate::rows::{self, Row, Table, YearMonth};
use crate::Failure;

/// A period's months in order, `None` where the unit has no row.
type Months = Vec<Option<Inputs>>;

/// Files with more rows than this show a progress bar on stderr.
const PROGRESS_ABOVE: usize = 5_000;

pub struct MonthCard {
    pub unit: String,
    pub kind: String,
    pub month: YearMonth,
    pub card: ScoreCard,
}

pub struct UnitPeriod {
    pub unit: String,
    pub kind: String,
    /// `2026`, `2026-Q1` or `2026-H1`.
    pub key: String,
    pub card: PeriodCard,
}

fn progress(len: usize, what: &str) -> ProgressBar {
    if len <= PROGRESS_ABOVE {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(u64::try_from(len).unwrap_or(u64::MAX));
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, {eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

fn row_error(path: &Path, row: &Row, error: impl std::fmt::Display) -> String {
    format!("error: {}:{} ({} {}): {error}", path.display(), row.line, row.unit, row.month)
}

/// Scores every row. The columns are bound to the ruleset once; every bad row is reported, not just
/// the first, and the good ones are still scored.
pub fn score_rows(
    ruleset: &Ruleset,
    path: &Path,
    table: &Table,
    explain: bool,
) -> Result<(Vec<MonthCard>, Vec<String>), Failure> {
    let columns = ruleset.columns(&table.columns).map_err(|errors| {
        let lines: Vec<String> =
            errors.0.iter().map(|e| format!("error: {}: column {e}", path.display())).collect();
        Failure(lines.join("\n"))
    })?;
    let bar = progress(table.rows.len(), "scoring");
    let mut cards = Vec::with_capacity(table.rows.len());
    let mut errors = Vec::new();
    for row in &table.rows {
        let scored = if explain {
            ruleset.explain_row(&columns, &row.cells)
        } else {
            ruleset.score_row(&columns, &row.cells)
        };
        match scored {
            Ok(card) => cards.push(MonthCard {
                unit: row.unit.clone(),
                kind: row.kind.clone(),
                month: row.month,
                card,
            }),
            Err(bad) => errors.extend(bad.0.iter().map(|e| row_error(path, row, e))),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok((cards, errors))
}

pub fn period_key(period: Period, month: YearMonth) -> (String, usize) {
    let index = usize::from(month.month) - 1;
    match period {
        Period::Year => (month.year.to_string(), index),
        Period::HalfYear => (format!("{}-H{}", month.year, index / 6 + 1), index % 6),
        Period::Quarter => (format!("{}-Q{}", month.year, index / 3 + 1), index % 3),
        Period::Month => (month.to_string(), 0),
    }
}

/// Rolls every unit's months up to `period`; `period_inputs` rows carry `unit`, `period` and the
/// period's own inputs.
pub fn roll_up_rows(
    ruleset: &Ruleset,
    path: &Path,
    table: &Table,
    period: Period,
    period_inputs: &BTreeMap<(String, String), Inputs>,
) -> Result<(Vec<UnitPeriod>, Vec<String>), Failure> {
    let Some(rollup) = ruleset.rollup(period) else {
        return Err(Failure(format!("error: ruleset `{}` declares no rollup to {period:?}", ruleset.id())));
    };
    let length = usize::try_from(rollup.months).unwrap_or(12);
    // (unit, period) -> (kind, the period's months)
    let mut groups: BTreeMap<(String, String), (String, Months)> = BTreeMap::new();
    let mut errors = Vec::new();
    for row in &table.rows {
        let (key, index) = period_key(period, row.month);
        let (_, months) =
            groups.entry((row.unit.clone(), key)).or_insert_with(|| (row.kind.clone(), vec![None; length]));
        match months.get_mut(index) {
            Some(slot @ None) => *slot = Some(table.inputs(row)),
            Some(Some(_)) => errors.push(row_error(path, row, "this unit's month appears twice")),
            None => errors.push(row_error(path, row, "this month lies outside the rollup's months")),
        }
    }
    let empty = Inputs::new();
    let mut cards = Vec::with_capacity(groups.len());
    for ((unit, key), (kind, months)) in groups {
        let given = period_inputs.get(&(unit.clone(), key.clone())).unwrap_or(&empty);
        match ruleset.roll_up(period, &months, given) {
            Ok(card) => cards.push(UnitPeriod { unit, kind, key, card }),
            Err(bad) => errors.extend(bad.0.iter().map(|e| format!("error: {unit} {key}: {e}"))),
        }
    }
    Ok((cards, errors))
}

/// Period inputs from a CSV or JSON-lines file with `unit` and `period` columns.
pub fn read_period_inputs(path: &Path) -> Result<BTreeMap<(String, String), Inputs>, Failure> {
    let records = rows::read_keyed(path, "period")?;
    let mut found = BTreeMap::new();
    for (line, unit, period, inputs) in records {
        if found.insert((unit.clone(), period.clone()), inputs).is_some() {
            return Err(Failure(format!("error: {}:{line}: {unit} {period} appears twice", path.display())));
        }
    }
    Ok(found)
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
