//! Counting case records into each unit's months: one pass over the table per count, conditions
//! bound to the table's dictionaries first so that a text test is a lookup by code.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::calendar::YearMonth;
use crate::cases::columns::Column;
use crate::cases::condition::{Condition, Relation, TimeOperand};
pub use crate::cases::definition::CountError;
use crate::cases::definition::{CaseCount, CaseRules, Form, Measure, RepeatCounting};
use crate::cases::table::{CaseTable, NO_TEXT, NO_TIME};
use crate::cases::timestamp::{self, Seconds};
use crate::values::Inputs;

/// The counts and indicator values of one unit's month.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitMonth {
    pub unit: String,
    pub month: YearMonth,
    /// One per `[case_count]`, in declaration order.
    pub counts: Vec<u64>,
    /// When the cases are kept (`keep_cases`): the rows each count took (a repeat count, every row of each
    /// repeating group), by count.
    pub rows: Vec<Vec<u32>>,
}

/// An indicator's value for one unit-month, or why it has none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndicatorValue {
    Value(Decimal),
    /// The ratio's denominator is 0 and the ruleset says such a month cannot be scored.
    EmptyDenominator,
}

/// The result of counting a case table under a ruleset.
#[derive(Debug, Clone)]
pub struct Counted {
    pub months: Vec<UnitMonth>,
    /// Rows marked void (作废), left out of every count.
    pub void_rows: usize,
    /// Rows with no responsible unit, left out of every count (listed by row, counting from 1).
    pub unattributed_rows: Vec<usize>,
}

impl Counted {
    /// Keeps only the unit-months within `period` (cases due after an export's last month make
    /// months of their own), answering how many were left out.
    pub fn keep_within(&mut self, period: crate::calendar::PeriodKey) -> usize {
        let before = self.months.len();
        self.months.retain(|m| period.contains(m.month));
        before.saturating_sub(self.months.len())
    }
}

/// A condition bound to one table: text values as sets of dictionary codes.
enum Test<'t> {
    All,
    And(Vec<Test<'t>>),
    Or(Vec<Test<'t>>),
    Not(Box<Test<'t>>),
    Happened(&'t [Seconds]),
    Flag(&'t [bool]),
    Times(Operand<'t>, Relation, Operand<'t>),
    Count(&'t [u32], Relation, u32),
    Text { codes: &'t [u32], accepted: Vec<bool> },
}

enum Operand<'t> {
    Column(&'t [Seconds]),
    Mark(TimeOperand),
}

/// The instants of the month a case is counted in.
#[derive(Clone, Copy)]
struct Marks {
    start: Seconds,
    end: Seconds,
    assessed: Seconds,
}

impl<'t> Test<'t> {
    fn bind(condition: &Condition, table: &'t CaseTable) -> Test<'t> {
        let times = |c: Column| table.times(c).unwrap_or(&[]);
        match condition {
            Condition::All => Test::All,
            Condition::And(parts) => Test::And(parts.iter().map(|p| Test::bind(p, table)).collect()),
            Condition::Or(parts) => Test::Or(parts.iter().map(|p| Test::bind(p, table)).collect()),
            Condition::Not(inner) => Test::Not(Box::new(Test::bind(inner, table))),
            Condition::Happened(c) => Test::Happened(times(*c)),
            Condition::Flag(c) => Test::Flag(table.flags(*c).unwrap_or(&[])),
            Condition::Count(c, relation, n) => Test::Count(table.counts(*c).unwrap_or(&[]), *relation, *n),
            Condition::Times(left, relation, right) => {
                let operand = |o: &TimeOperand| match o {
                    TimeOperand::Column(c) => Operand::Column(times(*c)),
                    mark => Operand::Mark(*mark),
                };
                Test::Times(operand(left), *relation, operand(right))
            }
            Condition::Text { column, values, negated } => {
                let Some(text) = table.text(*column) else {
                    return Test::Text { codes: &[], accepted: Vec::new() };
                };
                let mut accepted = vec![*negated; text.values.len()];
                for value in values {
                    if let Some(slot) = text.code_of(value).and_then(|code| accepted.get_mut(code as usize)) {
                        *slot = !*negated;
                    }
                }
                // An empty cell holds none of the values.
                if let Some(empty) = accepted.get_mut(NO_TEXT as usize) {
                    *empty = *negated;
                }
                Test::Text { codes: &text.codes, accepted }
            }
        }
    }

    fn holds(&self, row: usize, marks: Marks) -> bool {
        match self {
            Test::All => true,
            Test::And(parts) => parts.iter().all(|p| p.holds(row, marks)),
            Test::Or(parts) => parts.iter().any(|p| p.holds(row, marks)),
            Test::Not(inner) => !inner.holds(row, marks),
            Test::Happened(times) => times.get(row).is_some_and(|t| *t != NO_TIME),
            Test::Flag(flags) => flags.get(row).copied().unwrap_or(false),
            Test::Count(counts, relation, n) => counts.get(row).is_some_and(|c| relation.holds(*c, *n)),
            Test::Times(left, relation, right) => {
                let time = |o: &Operand| match o {
                    Operand::Column(times) => times.get(row).copied().filter(|t| *t != NO_TIME),
                    Operand::Mark(TimeOperand::PeriodStart) => Some(marks.start),
                    Operand::Mark(TimeOperand::PeriodEnd) => Some(marks.end),
                    Operand::Mark(_) => Some(marks.assessed),
                };
                match (time(left), time(right)) {
                    (Some(l), Some(r)) => relation.holds(l, r),
                    _ => false,
                }
            }
            Test::Text { codes, accepted } => {
                codes.get(row).and_then(|code| accepted.get(*code as usize)).copied().unwrap_or(false)
            }
        }
    }
}

/// A row's month that no count takes (void, no unit, or no time in the anchor column).
const NO_MONTH: u32 = u32::MAX;
const NO_SLOT: usize = usize::MAX;

/// The assessment months met while counting, each with its marks, by index; and the month of a
/// day, remembered by day (most cases of a table share a few hundred days).
#[derive(Default)]
struct Calendar {
    months: Vec<YearMonth>,
    marks: Vec<Marks>,
    of_day: HashMap<i64, u32>,
}

impl Calendar {
    /// The index of the assessment month `time` falls in; `None` past year 9999.
    fn month_of(&mut self, time: Seconds, starts_on: u8, lag: i64) -> Option<u32> {
        let day = time.div_euclid(86_400);
        if let Some(index) = self.of_day.get(&day) {
            return Some(*index);
        }
        let (year, month, day_of_month) = timestamp::date(time);
        let month = YearMonth::of_day(u16::try_from(year).ok()?, month, day_of_month, starts_on)?;
        let index = match self.months.iter().position(|m| *m == month) {
            Some(index) => index,
            None => {
                let (start, end) = month_bounds(month, starts_on);
                self.months.push(month);
                self.marks.push(Marks { start, end, assessed: end.saturating_add(lag) });
                self.months.len().saturating_sub(1)
            }
        };
        let index = u32::try_from(index).ok()?;
        self.of_day.insert(day, index);
        Some(index)
    }
}

/// The first instant of an assessment month and the first after it.
fn month_bounds(month: YearMonth, starts_on: u8) -> (Seconds, Seconds) {
    let next = if month.month == 12 {
        YearMonth { year: month.year.saturating_add(1), month: 1 }
    } else {
        YearMonth { year: month.year, month: month.month.saturating_add(1) }
    };
    let start_of = |m: YearMonth| {
        if starts_on <= 1 {
            timestamp::midnight(i64::from(m.year), m.month, 1)
        } else {
            // The month named m starts on `starts_on` of the calendar month before it.
            let (year, month) = if m.month == 1 {
                (i64::from(m.year).saturating_sub(1), 12)
            } else {
                (i64::from(m.year), m.month.saturating_sub(1))
            };
            timestamp::midnight(year, month, starts_on)
        }
    };
    (start_of(month), start_of(next))
}

/// Counts every `[case_count]` of `rules` over `table`, for each unit and assessment month.
pub(crate) fn count(
    rules: &CaseRules,
    table: &CaseTable,
    starts_on: u8,
    keep_cases: bool,
) -> Result<Counted, CountError> {
    rules.checked_columns(&|column| table.has(column))?;
    let rows = table.rows();
    let void = table.flags(Column::Void);
    let units = table.text(Column::Unit);
    let unit_codes = units.map_or(&[][..], |u| &u.codes[..]);
    // Rows every count leaves out: void, or without a unit.
    let mut left_out = vec![false; rows];
    let mut unattributed_rows = Vec::new();
    let mut void_rows = 0usize;
    for (row, out) in left_out.iter_mut().enumerate() {
        if void.and_then(|v| v.get(row)).copied().unwrap_or(false) {
            void_rows = void_rows.saturating_add(1);
            *out = true;
        } else if unit_codes.get(row).is_none_or(|code| *code == NO_TEXT) {
            unattributed_rows.push(row.saturating_add(1));
            *out = true;
        }
    }
    // The month of each row by each time column a count is anchored on, worked out once per
    // column: an index into `calendar`, or NO_MONTH.
    let lag = i64::from(rules.assessed_days_after).saturating_mul(86_400);
    let mut calendar = Calendar::default();
    let mut anchored: Vec<(Column, Vec<u32>)> = Vec::new();
    for definition in &rules.counts {
        if anchored.iter().any(|(c, _)| *c == definition.in_period) {
            continue;
        }
        let times = table.times(definition.in_period).unwrap_or(&[]);
        let mut of_row = Vec::with_capacity(rows);
        for (row, out) in left_out.iter().enumerate() {
            let time = times.get(row).copied().unwrap_or(NO_TIME);
            of_row.push(if *out || time == NO_TIME {
                NO_MONTH
            } else {
                calendar.month_of(time, starts_on, lag).ok_or_else(|| CountError::OutOfRange {
                    row: row.saturating_add(1),
                    column: definition.in_period.name(),
                    time: timestamp::format(time),
                })?
            });
        }
        anchored.push((definition.in_period, of_row));
    }
    // (unit code, month index) -> index into `months`, dense: units and months are few.
    let width = rules.counts.len();
    let month_count = calendar.months.len();
    let mut slots = vec![NO_SLOT; units.map_or(0, |u| u.values.len()).saturating_mul(month_count)];
    let mut months: Vec<UnitMonth> = Vec::new();
    for (which, definition) in rules.counts.iter().enumerate() {
        let test = Test::bind(&definition.condition, table);
        let of_row =
            anchored.iter().find(|(c, _)| *c == definition.in_period).map_or(&[][..], |(_, m)| &m[..]);
        let mut groups: HashMap<(usize, Vec<u32>), Vec<u32>> = HashMap::new();
        for (row, &month) in of_row.iter().enumerate() {
            let Some(marks) = calendar.marks.get(month as usize) else { continue };
            if !test.holds(row, *marks) {
                continue;
            }
            let unit = unit_codes.get(row).copied().unwrap_or(NO_TEXT);
            let at = (unit as usize).saturating_mul(month_count).saturating_add(month as usize);
            let Some(slot) = slots.get_mut(at) else { continue };
            if *slot == NO_SLOT {
                *slot = months.len();
                months.push(UnitMonth {
                    unit: units.map_or("", |u| u.get(row)).to_owned(),
                    month: calendar
                        .months
                        .get(month as usize)
                        .copied()
                        .unwrap_or(YearMonth { year: 0, month: 1 }),
                    counts: vec![0; width],
                    rows: if keep_cases { vec![Vec::new(); width] } else { Vec::new() },
                });
            }
            let slot = *slot;
            match &definition.measure {
                Measure::Repeats(repeats) => {
                    let key: Vec<u32> = repeats
                        .same
                        .iter()
                        .chain(std::iter::once(&repeats.by))
                        .map(|c| table.text(*c).and_then(|t| t.codes.get(row)).copied().unwrap_or(NO_TEXT))
                        .collect();
                    groups.entry((slot, key)).or_default().push(row as u32);
                }
                measure => {
                    let amount = match measure {
                        Measure::Sum(column) => {
                            u64::from(table.counts(*column).and_then(|c| c.get(row)).copied().unwrap_or(0))
                        }
                        _ => 1,
                    };
                    add(&mut months, slot, which, amount, row, keep_cases, definition)?;
                }
            }
        }
        if let Measure::Repeats(repeats) = &definition.measure {
            let by = table.text(repeats.by);
            let mut groups: Vec<_> = groups.into_iter().collect();
            groups.sort_by(|a, b| a.1.first().cmp(&b.1.first())); // rows kept in table order
            for ((slot, key), members) in groups {
                let by_value = key.last().and_then(|code| by.and_then(|t| t.values.get(*code as usize)));
                let threshold =
                    by_value.and_then(|v| repeats.at_least.iter().find(|(k, _)| **k == **v)).map(|(_, n)| *n);
                let size = members.len() as u64;
                if threshold.is_none_or(|n| size < u64::from(n)) {
                    continue;
                }
                let counted = match repeats.counting {
                    RepeatCounting::EveryCase => size,
                    RepeatCounting::AfterFirst => size.saturating_sub(1),
                };
                add(&mut months, slot, which, counted, usize::MAX, false, definition)?;
                if keep_cases {
                    if let Some(kept) = months.get_mut(slot).and_then(|m| m.rows.get_mut(which)) {
                        kept.extend(members);
                    }
                }
            }
        }
    }
    months.sort_by(|a, b| (a.unit.as_str(), a.month).cmp(&(b.unit.as_str(), b.month)));
    Ok(Counted { months, void_rows, unattributed_rows })
}

fn add(
    months: &mut [UnitMonth],
    slot: usize,
    which: usize,
    amount: u64,
    row: usize,
    keep: bool,
    definition: &CaseCount,
) -> Result<(), CountError> {
    let Some(month) = months.get_mut(slot) else { return Ok(()) };
    if let Some(count) = month.counts.get_mut(which) {
        *count = count
            .checked_add(amount)
            .ok_or_else(|| CountError::Overflow { count: definition.id.clone(), limit: u64::MAX })?;
    }
    if keep {
        if let Some(kept) = month.rows.get_mut(which) {
            kept.push(u32::try_from(row).unwrap_or(u32::MAX));
        }
    }
    Ok(())
}

impl CaseRules {
    /// Each indicator's value for one unit-month, in declaration order.
    pub fn values(&self, month: &UnitMonth) -> Vec<(&str, IndicatorValue)> {
        let count = |i: usize| month.counts.get(i).copied().unwrap_or(0);
        self.indicators
            .iter()
            .map(|indicator| {
                let value = match indicator.form {
                    Form::Count(i) => IndicatorValue::Value(Decimal::from(count(i))),
                    Form::Ratio { numerator, denominator, when_empty } => match count(denominator) {
                        0 => when_empty.map_or(IndicatorValue::EmptyDenominator, IndicatorValue::Value),
                        d => crate::number::ratio(count(numerator), d)
                            .map_or(IndicatorValue::EmptyDenominator, IndicatorValue::Value),
                    },
                };
                (indicator.input.as_str(), value)
            })
            .collect()
    }

    /// The unit-month's indicators as inputs for scoring (those with a value).
    pub fn inputs(&self, month: &UnitMonth) -> Inputs {
        let mut inputs = Inputs::new();
        for (name, value) in self.values(month) {
            if let IndicatorValue::Value(value) = value {
                inputs.insert(name, value);
            }
        }
        inputs
    }
}
