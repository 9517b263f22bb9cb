//! Many units' months arriving one at a time, in any order, rolled up to their periods. Each month
//! is scored as it arrives and kept as numbers (its total, the values the rollup's aggregates
//! read and, if asked, its item scores), so a long file costs numbers per unit and month, never
//! the rows' inputs or cards.
//!
//! Where a month's card takes the deficit the months before carry into it (`carry_input`), the
//! month is scored once those months are known: until then it waits as inputs. Rows sorted by
//! month, or by unit and then month, never wait; a unit's month with a gap before it waits until
//! the ledger closes.

use std::collections::BTreeMap;

use crate::calendar::{PeriodKey, YearMonth};
use crate::inputs::{InputError, InputErrorKind, InputErrors, Inputs};
use crate::rollup::period::{in_month, Month, PeriodCard};
use crate::rollup::Rollup;
use crate::ruleset::model::Ruleset;
use crate::ruleset::raw::Period;

/// Months of many units, on their way to period cards.
pub struct Ledger<'r> {
    ruleset: &'r Ruleset,
    rollup: &'r Rollup,
    keep_items: bool,
    /// unit -> period -> its months so far
    units: BTreeMap<Box<str>, BTreeMap<PeriodKey, Entry>>,
}

/// One unit's period so far.
struct Entry {
    kind: Box<str>,
    months: Vec<Slot>,
    errors: Vec<InputError>,
}

enum Slot {
    Empty,
    Waiting(Inputs),
    Scored(Month),
    Failed,
}

/// A unit's period, rolled up.
#[derive(Debug)]
pub struct Closed {
    pub unit: String,
    pub kind: String,
    pub period: PeriodKey,
    /// How many of the period's months were given (refused ones not counted).
    pub months: usize,
    pub card: Result<PeriodCard, InputErrors>,
}

impl<'r> Ledger<'r> {
    /// A ledger for the ruleset's rollup to `period`. With `keep_items`, each period card's month
    /// lines carry their item scores (a report's points lost by item); without, only totals.
    pub fn new(ruleset: &'r Ruleset, period: Period, keep_items: bool) -> Result<Ledger<'r>, InputErrors> {
        let rollup = ruleset.rollup_to(period)?;
        Ok(Ledger { ruleset, rollup, keep_items, units: BTreeMap::new() })
    }

    /// Adds one unit's month. Refused, leaving the ledger as it was: a kind the ruleset does not
    /// assess, a month already given, a month past the rollup's months, or a kind other than the
    /// unit's earlier months in the period have. A month that does not score is not refused here:
    /// its errors are the period's, at close.
    pub fn add(
        &mut self,
        unit: &str,
        kind: &str,
        month: YearMonth,
        inputs: &Inputs,
    ) -> Result<(), InputError> {
        if let Some(message) = self.ruleset.unassessed_kind(kind, format_args!("{unit} {month}")) {
            return Err(InputError::new("kind", InputErrorKind::OutOfRange, message));
        }
        let (key, index) = month.within(self.rollup.period);
        let length = usize::try_from(self.rollup.months).unwrap_or(12);
        if index >= length {
            let message = format!(
                "{month} is month {} of its period, but the rollup counts {length} months",
                index.saturating_add(1)
            );
            return Err(InputError::new("month", InputErrorKind::OutOfRange, message));
        }
        let (ruleset, rollup, keep_items) = (self.ruleset, self.rollup, self.keep_items);
        let entry = self.entry(unit, kind, key);
        if *entry.kind != *kind {
            let message = format!("is `{kind}`, but {unit}'s other months in {key} are `{}`", entry.kind);
            return Err(InputError::new("kind", InputErrorKind::OutOfRange, message));
        }
        match entry.months.get_mut(index) {
            Some(slot @ Slot::Empty) => *slot = Slot::Waiting(inputs.clone()),
            _ => {
                let message = format!("{unit} {month} is given twice");
                return Err(InputError::new("month", InputErrorKind::OutOfRange, message));
            }
        }
        entry.settle(ruleset, rollup, keep_items, false);
        Ok(())
    }

    /// Adds one unit's month as [`Ledger::add`] does, except that a month it would refuse fails
    /// the unit's period instead of the call: the problem comes back with the period when the
    /// ledger closes, and the period is not rolled up. For callers that report every unit-period
    /// (a frame's rows, a page's standings) rather than stop at the first bad month.
    pub fn enter(&mut self, unit: &str, kind: &str, month: YearMonth, inputs: &Inputs) {
        if let Err(error) = self.add(unit, kind, month, inputs) {
            let (key, _) = month.within(self.rollup.period);
            self.entry(unit, kind, key).errors.push(error);
        }
    }

    /// The entry of `unit`'s `period`, opened for `kind` when it is the first month.
    fn entry(&mut self, unit: &str, kind: &str, period: PeriodKey) -> &mut Entry {
        let length = usize::try_from(self.rollup.months).unwrap_or(12);
        self.units.entry(unit.into()).or_default().entry(period).or_insert_with(|| Entry {
            kind: kind.into(),
            months: (0..length).map(|_| Slot::Empty).collect(),
            errors: Vec::new(),
        })
    }

    /// Whether any month of `unit` falls in `period`.
    pub fn contains(&self, unit: &str, period: PeriodKey) -> bool {
        self.units.get(unit).is_some_and(|periods| periods.contains_key(&period))
    }

    /// Rolls every unit's period up, one at a time as the iterator is read, ordered by unit and
    /// period, reading each period's own inputs from `given` (none given: empty).
    pub fn close<'i, F>(self, mut given: F) -> impl Iterator<Item = Closed> + use<'r, 'i, F>
    where
        F: FnMut(&str, PeriodKey) -> Option<&'i Inputs>,
    {
        let (ruleset, rollup, keep_items) = (self.ruleset, self.rollup, self.keep_items);
        self.units
            .into_iter()
            .flat_map(|(unit, periods)| {
                periods.into_iter().map(move |(period, entry)| (unit.clone(), period, entry))
            })
            .map(move |(unit, period, mut entry)| {
                entry.settle(ruleset, rollup, keep_items, true);
                let months_given = entry.months.iter().filter(|slot| !matches!(slot, Slot::Empty)).count();
                let mut errors = entry.errors;
                let months: Vec<Option<Month>> = entry
                    .months
                    .into_iter()
                    .enumerate()
                    .map(|(n, slot)| match slot {
                        Slot::Scored(month) => Some(month),
                        Slot::Empty => {
                            errors.extend(rollup.missing(n));
                            None
                        }
                        Slot::Waiting(_) | Slot::Failed => None,
                    })
                    .collect();
                let empty = Inputs::new();
                let card = ruleset.close(rollup, &months, errors, given(&unit, period).unwrap_or(&empty));
                Closed { unit: unit.into(), kind: entry.kind.into(), period, months: months_given, card }
            })
    }
}

impl Entry {
    /// Scores the waiting months whose deficit is known: every one without carry-over; with
    /// carry-over, those after no gap, or all of them when `closing` (a gap stays a gap).
    fn settle(&mut self, ruleset: &Ruleset, rollup: &Rollup, keep_items: bool, closing: bool) {
        let mut deficit = rust_decimal::Decimal::ZERO;
        for (n, slot) in self.months.iter_mut().enumerate() {
            match slot {
                Slot::Scored(month) => deficit = rollup.deficit_after(month),
                Slot::Failed => {}
                Slot::Empty if rollup.carry_input.is_some() && !closing => return,
                Slot::Empty => {}
                Slot::Waiting(_) => {
                    let Slot::Waiting(inputs) = std::mem::replace(slot, Slot::Failed) else { continue };
                    match ruleset.month_of(rollup, &inputs, deficit, keep_items) {
                        Ok(month) => {
                            deficit = rollup.deficit_after(&month);
                            *slot = Slot::Scored(month);
                        }
                        Err(errors) => self.errors.extend(in_month(n, errors)),
                    }
                }
            }
        }
    }
}
