//! Period rollups: a quarter, half-year or year scored from its monthly inputs by the ruleset's
//! `[rollup.<period>]`, with its missing-month policy, carry-over of negative months, aggregates,
//! the period's own inputs and its flags.

use std::borrow::Cow;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;
use smol_str::SmolStr;

use crate::card::MetricValue;
use crate::inputs::{accept_all, overflow, Given, InputError, InputErrorKind, InputErrors, Inputs, Owner};
use crate::rollup::{AggregateBy, MissingMonths, Monthly, Rollup, BUILT_INS};
use crate::ruleset::model::{Flag, Grade, Ruleset};
use crate::ruleset::raw::Period;

/// The card for a quarter, half-year or year.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct PeriodCard {
    /// The version of this contract (`kaohe::CARD_FORMAT`).
    pub format: u32,
    /// The ruleset's id and version.
    pub ruleset: SmolStr,
    pub ruleset_version: SmolStr,
    pub period: Period,
    pub total: Decimal,
    pub grade: Option<Arc<Grade>>,
    pub flags: Vec<RaisedFlag>,
    /// Each month of the period in order.
    pub months: Vec<MonthLine>,
    /// The negative remainder leaving the period's last month, where negative months carry over.
    pub carried_out: Decimal,
    /// The values the formula read: built-ins, aggregates and the period's inputs.
    pub values: Vec<MetricValue>,
    /// The formula as written, and the clause it applies.
    pub formula: String,
    pub basis: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MonthLine {
    /// 1 for the period's first month.
    pub month: usize,
    /// The monthly card's total; `None` for a missing month.
    pub total: Option<Decimal>,
    /// What the month counts for after carry-over and the missing-month policy; `None` when it
    /// does not count at all.
    pub counted: Option<Decimal>,
    /// The deficit carried in from the month before.
    pub carried_in: Decimal,
    /// The monthly card's item scores in ruleset order, as the rollup scored them (with any
    /// deficit carried in); empty for a missing month, and when a [`Ledger`](crate::Ledger) was
    /// not asked to keep them. Kept for reports, not serialised: the JSON contract of a period
    /// card is unchanged.
    #[serde(skip)]
    pub items: Vec<Decimal>,
}

/// A flag raised by a period rule, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct RaisedFlag {
    pub flag: Arc<Flag>,
    pub label: SmolStr,
    pub label_en: SmolStr,
    pub basis: SmolStr,
}

/// What a month contributes to a rollup: its total, its item scores (when kept, for reports) and
/// the monthly value each of the rollup's aggregates reads. Numbers only, so that a year of many
/// units' months stays small.
#[derive(Debug, Clone)]
pub(crate) struct Month {
    pub total: Decimal,
    pub items: Vec<Decimal>,
    pub reads: Vec<Decimal>,
}

impl Ruleset {
    /// The rollup to one period, if the ruleset declares it.
    pub fn rollup(&self, period: Period) -> Option<&Rollup> {
        self.rollups.iter().find(|r| r.period == period)
    }

    /// The rollup to `period`, or an error naming the period.
    pub(crate) fn rollup_to(&self, period: Period) -> Result<&Rollup, InputError> {
        self.rollup(period).ok_or_else(|| {
            let message = format!("ruleset `{}` declares no rollup to this period", self.meta.id);
            InputError::new(format!("{period:?}").to_ascii_lowercase(), InputErrorKind::OutOfRange, message)
        })
    }

    /// Scores a period from its months (`None` for a month with no inputs) and the period's own
    /// inputs. `months` holds exactly the rollup's number of months, in order.
    pub fn roll_up(
        &self,
        period: Period,
        months: &[Option<Inputs>],
        period_inputs: &Inputs,
    ) -> Result<PeriodCard, InputErrors> {
        let rollup = self.rollup_to(period)?;
        let expected = usize::try_from(rollup.months).unwrap_or(12);
        if months.len() != expected {
            let message = format!("has {} months; expected {expected}", months.len());
            return Err(InputError::new("months", InputErrorKind::OutOfRange, message).into());
        }
        let mut errors = Vec::new();
        let mut scored = Vec::with_capacity(expected);
        let mut deficit = Decimal::ZERO;
        for (n, month) in months.iter().enumerate() {
            let Some(inputs) = month else {
                errors.extend(rollup.missing(n));
                scored.push(None);
                continue;
            };
            match self.month_of(rollup, inputs, deficit, true) {
                Ok(month) => {
                    deficit = rollup.deficit_after(&month);
                    scored.push(Some(month));
                }
                Err(month_errors) => {
                    scored.push(None);
                    errors.extend(in_month(n, month_errors));
                }
            }
        }
        self.close(rollup, &scored, errors, period_inputs)
    }

    /// Scores one month of a rollup, with the deficit the months before carry into it where the
    /// month's card takes it as an input; keeps the item scores if asked.
    pub(crate) fn month_of(
        &self,
        rollup: &Rollup,
        inputs: &Inputs,
        deficit: Decimal,
        keep_items: bool,
    ) -> Result<Month, InputErrors> {
        let inputs = self.carried(rollup, inputs, deficit)?;
        let scores = self.scores_of(&inputs)?;
        let reads = rollup
            .aggregates
            .iter()
            .map(|aggregate| match aggregate.of {
                // Read from the month's line, after carry-over.
                Monthly::Total => Decimal::ZERO,
                Monthly::Slot(slot) => scores.values.get(slot).copied().unwrap_or_default(),
                Monthly::Item(n) => scores.items.get(n).map(|i| i.score).unwrap_or_default(),
            })
            .collect();
        let items = if keep_items { scores.items.iter().map(|i| i.score).collect() } else { Vec::new() };
        Ok(Month { total: scores.total, items, reads })
    }

    /// Finishes a period from its scored months (`None` where a month is missing or did not
    /// score) and the errors its months raised: reads the period's own inputs and combines.
    pub(crate) fn close(
        &self,
        rollup: &Rollup,
        months: &[Option<Month>],
        mut errors: Vec<InputError>,
        period_inputs: &Inputs,
    ) -> Result<PeriodCard, InputErrors> {
        let mut values = Vec::with_capacity(
            BUILT_INS.len().saturating_add(self.parameters.len()).saturating_add(rollup.inputs.len()),
        );
        values.resize(BUILT_INS.len(), Decimal::ZERO);
        values.extend(self.parameters.iter().map(|p| p.value.unwrap_or_default()));
        let first = values.len();
        values.extend_from_slice(&rollup.input_plan.at_rest);
        if let Err(input_errors) = accept_all(
            &rollup.inputs,
            &rollup.input_plan,
            &Owner("the period rollup of", &self.meta.id),
            Given::Named(period_inputs),
            values.get_mut(first..).unwrap_or_default(),
        ) {
            errors.extend(input_errors.0);
        }
        if !errors.is_empty() {
            return Err(InputErrors(errors));
        }
        self.combine(rollup, months, values).map_err(InputErrors::from)
    }

    /// A month's inputs with the deficit carried in, where the month's card takes it as an input:
    /// a value given for that input must be the one the months before leave.
    fn carried<'a>(
        &self,
        rollup: &Rollup,
        inputs: &'a Inputs,
        deficit: Decimal,
    ) -> Result<Cow<'a, Inputs>, InputErrors> {
        let Some(name) = &rollup.carry_input else { return Ok(Cow::Borrowed(inputs)) };
        let declared = self.inputs.iter().find(|i| i.name == *name);
        if let (Some(given), Some(input)) = (inputs.get(name), declared) {
            let value = input.accept(given)?;
            if value != deficit {
                let message = format!(
                    "is {}, but the months before carry {} into this month; leave it out and the rollup fills it",
                    value.normalize(),
                    deficit.normalize()
                );
                return Err(InputError::new(&**name, InputErrorKind::OutOfRange, message).into());
            }
        }
        let mut inputs = inputs.clone();
        inputs.insert(&**name, crate::InputValue::Number(deficit));
        Ok(Cow::Owned(inputs))
    }

    fn combine(
        &self,
        rollup: &Rollup,
        months: &[Option<Month>],
        mut values: Vec<Decimal>,
    ) -> Result<PeriodCard, InputError> {
        let mut lines = Vec::with_capacity(months.len());
        let mut carry = Decimal::ZERO;
        let (mut sum, mut present) = (Decimal::ZERO, 0u32);
        for (n, month) in months.iter().enumerate() {
            let total = month.as_ref().map(|m| m.total);
            let counts = total.is_some() || rollup.missing_months == MissingMonths::Zero;
            let mut counted = None;
            let carried_in = carry;
            if counts {
                // A card that took the deficit as an input already carries it.
                let carried =
                    if rollup.carry_input.is_some() && total.is_some() { Decimal::ZERO } else { carry };
                let mut value =
                    total.unwrap_or_default().checked_add(carried).ok_or_else(|| overflow("total"))?;
                carry = Decimal::ZERO;
                if rollup.carry_negative && value < Decimal::ZERO {
                    carry = value;
                    value = Decimal::ZERO;
                }
                sum = sum.checked_add(value).ok_or_else(|| overflow("total_sum"))?;
                counted = Some(value);
            }
            present = present.saturating_add(u32::from(total.is_some()));
            let items = month.as_ref().map(|m| m.items.clone()).unwrap_or_default();
            lines.push(MonthLine { month: n.saturating_add(1), total, counted, carried_in, items });
        }
        let divisor = match rollup.missing_months {
            MissingMonths::MeanOfPresent => present,
            _ => rollup.months,
        };
        if divisor == 0 {
            return Err(InputError::new(
                "months",
                InputErrorKind::Missing,
                "has no month with a card; expected at least one",
            ));
        }
        let mean = sum.checked_div(Decimal::from(divisor)).ok_or_else(|| overflow("total_mean"))?;
        for (slot, value) in
            [mean, sum, Decimal::from(present), Decimal::from(rollup.months)].into_iter().enumerate()
        {
            if let Some(v) = values.get_mut(slot) {
                *v = value;
            }
        }
        for (n, aggregate) in rollup.aggregates.iter().enumerate() {
            let series: Vec<Decimal> = months
                .iter()
                .zip(&lines)
                .filter_map(|(month, line)| {
                    let month = month.as_ref()?;
                    Some(match aggregate.of {
                        Monthly::Total => line.counted.unwrap_or(month.total),
                        _ => month.reads.get(n).copied().unwrap_or_default(),
                    })
                })
                .collect();
            values.push(aggregated(aggregate.by, &series).ok_or_else(|| overflow(&aggregate.name))?);
        }
        let total = rollup.expr.eval(&values).map_err(|_| overflow("formula"))?;
        let total = self.meta.rounding.apply(total);
        let mut flags = Vec::new();
        for rule in &rollup.flags {
            let holds = !rule.when.eval(&values).map_err(|_| overflow("flag"))?.is_zero();
            if let (true, Some(flag)) = (holds, self.flags.get(rule.flag)) {
                flags.push(RaisedFlag {
                    flag: flag.clone(),
                    label: rule.label.clone(),
                    label_en: rule.label_en.clone(),
                    basis: rule.basis.clone(),
                });
            }
        }
        let names = BUILT_INS
            .iter()
            .map(|n| SmolStr::new_static(n))
            .chain(self.parameters.iter().map(|p| p.name.clone()))
            .chain(rollup.inputs.iter().map(|i| i.name.clone()))
            .chain(rollup.aggregates.iter().map(|a| a.name.clone()));
        let skip = self.parameters.len();
        let values = names
            .zip(values)
            .enumerate()
            .filter(|(n, _)| *n < BUILT_INS.len() || *n >= BUILT_INS.len().saturating_add(skip))
            .map(|(_, (name, value))| MetricValue { name, value: value.normalize() })
            .collect();
        Ok(PeriodCard {
            format: crate::card::CARD_FORMAT,
            ruleset: self.meta.id.clone(),
            ruleset_version: self.meta.version.clone(),
            period: rollup.period,
            total,
            grade: self.grade(total).cloned(),
            flags,
            months: lines,
            carried_out: carry.normalize(),
            values,
            formula: rollup.formula.clone(),
            basis: rollup.basis.clone(),
        })
    }
}

fn aggregated(by: AggregateBy, series: &[Decimal]) -> Option<Decimal> {
    let mut values = series.iter().copied();
    match by {
        AggregateBy::Sum => values.try_fold(Decimal::ZERO, |a, b| a.checked_add(b)),
        AggregateBy::Mean if series.is_empty() => Some(Decimal::ZERO),
        AggregateBy::Mean => aggregated(AggregateBy::Sum, series)?.checked_div(Decimal::from(series.len())),
        AggregateBy::Min => Some(values.min().unwrap_or_default()),
        AggregateBy::Max => Some(values.max().unwrap_or_default()),
    }
}

impl Ruleset {
    /// Points lost per item (ruleset order) over a period card's months: each month's points minus
    /// score, never below 0 and nothing for a bonus item, summed over the months whose item scores
    /// the card kept.
    pub fn points_lost(&self, card: &PeriodCard) -> Result<Vec<Decimal>, InputError> {
        self.points_lost_over(card.months.iter().map(|m| m.items.as_slice()))
    }

    /// Points lost per item (ruleset order) summed over any cards' item scores (months of one unit,
    /// or the units of one month), as [`Ruleset::points_lost`] counts them. A card holds every
    /// item's score or none (a month without scores); any other length is refused.
    pub fn points_lost_over<'a>(
        &self,
        cards: impl IntoIterator<Item = &'a [Decimal]>,
    ) -> Result<Vec<Decimal>, InputError> {
        let mut lost = vec![Decimal::ZERO; self.item_points().count()];
        for (n, scores) in cards.into_iter().enumerate() {
            if !scores.is_empty() && scores.len() != lost.len() {
                let message = format!(
                    "has {} item scores; expected {}, one per item in ruleset order",
                    scores.len(),
                    lost.len()
                );
                return Err(InputError::new(format!("cards[{n}]"), InputErrorKind::WrongType, message));
            }
            for (sum, this) in lost.iter_mut().zip(self.item_losses(scores)?) {
                *sum = sum.checked_add(this).ok_or_else(|| overflow("points_lost"))?;
            }
        }
        Ok(lost)
    }

    /// One card's points lost per item (ruleset order): points minus score, never below 0, and
    /// nothing for a bonus item; empty for a card without item scores.
    pub fn item_losses(&self, scores: &[Decimal]) -> Result<Vec<Decimal>, InputError> {
        self.item_points()
            .zip(scores)
            .map(|((points, bonus), score)| {
                if bonus {
                    return Ok(Decimal::ZERO);
                }
                Ok(points.checked_sub(*score).ok_or_else(|| overflow("points_lost"))?.max(Decimal::ZERO))
            })
            .collect()
    }
}

/// A month's errors, located in the period's months (1-based).
pub(crate) fn in_month(n: usize, errors: InputErrors) -> impl Iterator<Item = InputError> {
    errors.0.into_iter().map(move |e| e.in_month(n))
}

impl Rollup {
    /// The error for month `n` (0-based) having no inputs, where the rollup refuses that.
    pub(crate) fn missing(&self, n: usize) -> Option<InputError> {
        (self.missing_months == MissingMonths::Error).then(|| {
            InputError::new(
                "",
                InputErrorKind::Missing,
                "is missing; expected a card for every month of the period (missing_months = error)",
            )
            .in_month(n)
        })
    }

    /// The deficit a scored month leaves for the next, where months take it as an input.
    pub(crate) fn deficit_after(&self, month: &Month) -> Decimal {
        if self.carry_input.is_some() {
            month.total.min(Decimal::ZERO)
        } else {
            Decimal::ZERO
        }
    }
}
