//! Scoring: inputs checked into value slots, metrics computed, every rule fired, items clamped to
//! their floor and cap, sections and the total summed, the grade looked up. The trace (effects
//! with readings and messages) is only built when a card is explained.

use rust_decimal::Decimal;

use crate::card::{Arithmetic, Effect, ItemScore, MetricValue, Outcome, Reading, ScoreCard, SectionScore};
use crate::expr::EvalError;
use crate::inputs::{overflow, Columns, Given, InputError, InputErrorKind, InputErrors, InputValue, Inputs};
use crate::number::{compare, Rounding, Sum};
use crate::ruleset::model::*;
use crate::scores::{ItemResult, Scores, SectionResult};

/// Checked decimal arithmetic naming the rule or metric whose numbers grew too large.
fn checked(value: Option<Decimal>, loc: &str) -> Result<Decimal, InputError> {
    value.ok_or_else(|| overflow(loc))
}

impl Ruleset {
    /// Scores one unit for one period: numbers only, no trace.
    pub fn score(&self, inputs: &Inputs) -> Result<ScoreCard, InputErrors> {
        self.card(Given::Named(inputs), false)
    }

    /// Scores and explains: every effect carries its rule, readings, arithmetic, clause and message.
    pub fn explain(&self, inputs: &Inputs) -> Result<ScoreCard, InputErrors> {
        self.card(Given::Named(inputs), true)
    }

    /// Scores one row of values laid out as `columns` (a cell of `None` leaves the input out).
    pub fn score_row(&self, columns: &Columns, row: &[Option<InputValue>]) -> Result<ScoreCard, InputErrors> {
        self.card(Given::Row(columns, row), false)
    }

    /// Scores and explains one row of values laid out as `columns`.
    pub fn explain_row(
        &self,
        columns: &Columns,
        row: &[Option<InputValue>],
    ) -> Result<ScoreCard, InputErrors> {
        self.card(Given::Row(columns, row), true)
    }

    /// Empty buffers sized for this ruleset, to pass to [`Ruleset::score_row_into`].
    pub fn new_scores(&self) -> Scores {
        let items = self.sections.iter().map(|s| s.items.len()).sum();
        Scores {
            items: Vec::with_capacity(items),
            sections: Vec::with_capacity(self.sections.len()),
            flags: Vec::with_capacity(self.flags.len()),
            values: Vec::with_capacity(self.percent_slots.len()),
            ..Scores::default()
        }
    }

    /// Scores one row into `scores`, reusing its buffers: the numbers of [`Ruleset::score_row`]
    /// without building a card, for scoring many rows fast.
    pub fn score_row_into(
        &self,
        columns: &Columns,
        row: &[Option<InputValue>],
        scores: &mut Scores,
    ) -> Result<(), InputErrors> {
        self.evaluate(Given::Row(columns, row), scores, &mut Bare)
    }

    /// Scores named inputs into `scores`, reusing its buffers: the numbers of
    /// [`Ruleset::score`] without building a card.
    pub fn score_into(&self, inputs: &Inputs, scores: &mut Scores) -> Result<(), InputErrors> {
        self.evaluate(Given::Named(inputs), scores, &mut Bare)
    }

    /// The numbers of one scoring, for rollups.
    pub(crate) fn scores_of(&self, inputs: &Inputs) -> Result<Scores, InputErrors> {
        let mut scores = self.new_scores();
        self.score_into(inputs, &mut scores)?;
        Ok(scores)
    }

    fn card(&self, given: Given, trace: bool) -> Result<ScoreCard, InputErrors> {
        let mut scores = self.new_scores();
        let effects = if trace {
            let mut explained = Explained::default();
            self.evaluate(given, &mut scores, &mut explained)?;
            explained.items
        } else {
            self.evaluate(given, &mut scores, &mut Bare)?;
            Vec::new()
        };
        Ok(self.card_of(&scores, effects))
    }

    /// Fills `scores` from `given`, telling `trace` what every rule did, item by item.
    fn evaluate<T: Trace>(
        &self,
        given: Given,
        scores: &mut Scores,
        trace: &mut T,
    ) -> Result<(), InputErrors> {
        self.check_parameters()?;
        let Scores { total: card_total, total_zeroed, grade, items, sections, flags, values } = scores;
        values.clear();
        self.accept_inputs(given, values)?;
        values.extend(self.parameters.iter().map(|p| p.value.unwrap_or_default()));
        self.compute_metrics(values)?;

        *total_zeroed = false;
        items.clear();
        sections.clear();
        flags.clear();
        flags.resize(self.flags.len(), false);
        let mut total = Sum::default();
        for section in &self.sections {
            let mut zeroed = false;
            let mut sum = Sum::default();
            for item in &section.items {
                let mut tally = Tally::default();
                let mut fired = false;
                for rule in &item.rules {
                    let Some((outcome, arithmetic)) = self.fire::<T>(rule, values)? else { continue };
                    fired = true;
                    match outcome {
                        Outcome::Deduct { amount } => {
                            tally.deducted = checked(tally.deducted.checked_add(amount), &rule.id)?
                        }
                        Outcome::Award { amount } => {
                            tally.awarded = checked(tally.awarded.checked_add(amount), &rule.id)?
                        }
                        Outcome::Set { score } => tally.set = Some(score),
                        Outcome::ItemZero => tally.zeroed = true,
                        Outcome::SectionZero => zeroed = true,
                        Outcome::TotalZero => *total_zeroed = true,
                        Outcome::Flag { .. } => {}
                    }
                    if let Body::Veto { veto: Veto::Raise(flag), .. } = rule.body {
                        if let Some(raised) = flags.get_mut(flag) {
                            *raised = true;
                        }
                    }
                    trace.effect(self, rule, outcome, arithmetic, values, given);
                }
                let result = if fired {
                    settle(item, section.bonus, tally, self.meta.rounding)?
                } else {
                    self.resting.get(items.len()).copied().unwrap_or_default()
                };
                sum.add(result.score).ok_or_else(|| overflow(&item.id))?;
                items.push(result);
                trace.end_item();
            }
            let mut score = checked(sum.value(), &section.id)?;
            if section.bonus {
                score = score.min(section.points);
            }
            if zeroed {
                score = Decimal::ZERO;
            }
            total.add(score).ok_or_else(|| overflow(&section.id))?;
            sections.push(SectionResult { score, zeroed });
        }
        let total = if *total_zeroed { Decimal::ZERO } else { checked(total.value(), "total")? };
        *card_total = self.meta.rounding.apply(total);
        *grade = self.grade_index(*card_total);
        Ok(())
    }

    /// Names the numbers: sections, items and their effects (one list per item, or none).
    fn card_of(&self, scores: &Scores, effects: Vec<Vec<Effect>>) -> ScoreCard {
        let mut results = scores.items.iter();
        let mut effects = effects.into_iter();
        let sections = self
            .sections
            .iter()
            .zip(&scores.sections)
            .map(|(section, result)| SectionScore {
                id: section.id.clone(),
                title: section.title.clone(),
                title_en: section.title_en.clone(),
                points: section.points.normalize(),
                score: result.score.normalize(),
                bonus: section.bonus,
                zeroed: result.zeroed,
                items: section
                    .items
                    .iter()
                    .zip(results.by_ref())
                    .map(|(item, result)| ItemScore {
                        id: item.id.clone(),
                        title: item.title.clone(),
                        title_en: item.title_en.clone(),
                        points: item.points.normalize(),
                        score: result.score.normalize(),
                        deducted: result.deducted.normalize(),
                        awarded: result.awarded.normalize(),
                        zeroed: result.zeroed,
                        floored: result.floored,
                        capped: result.capped,
                        effects: effects.next().unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
        let metrics_start = self.inputs.len().saturating_add(self.parameters.len());
        ScoreCard {
            ruleset: self.meta.id.clone(),
            total: scores.total,
            full_marks: self.meta.full_marks.normalize(),
            grade: scores.grade.and_then(|g| self.grades.get(g)).cloned(),
            flags: self
                .flags
                .iter()
                .zip(&scores.flags)
                .filter(|(_, r)| **r)
                .map(|(f, _)| f.clone())
                .collect(),
            total_zeroed: scores.total_zeroed,
            metrics: self
                .metrics
                .iter()
                .zip(scores.values.iter().skip(metrics_start))
                .map(|(m, v)| MetricValue { name: m.name.clone(), value: v.normalize() })
                .collect(),
            sections,
        }
    }

    /// A ruleset whose source leaves parameters to the adopting authority cannot score until they
    /// are supplied.
    fn check_parameters(&self) -> Result<(), InputErrors> {
        let missing: Vec<InputError> = self
            .missing_parameters()
            .map(|p| {
                InputError::new(
                    &*p.name,
                    InputErrorKind::MissingParameter,
                    format!(
                        "has no value ({}): ruleset `{}` leaves it to the adopting authority; expected a \
                         ruleset that extends it with [parameter.{}] value = ...",
                        p.label, self.meta.id, p.name
                    ),
                )
            })
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(InputErrors(missing))
        }
    }

    fn compute_metrics(&self, values: &mut Vec<Decimal>) -> Result<(), InputError> {
        let first = values.len();
        values.resize(first.saturating_add(self.metrics.len()), Decimal::ZERO);
        for &index in &self.metric_order {
            let Some(metric) = self.metrics.get(index) else { continue };
            let value = match metric.expr.eval(values) {
                Ok(value) => value,
                Err(EvalError::ZeroDenominator) => match metric.zero_denominator {
                    Some(value) => value,
                    None => {
                        let names: Vec<String> =
                            metric.expr.names().iter().map(|(n, _)| format!("`{n}`")).collect();
                        return Err(InputError::new(
                            &*metric.name,
                            InputErrorKind::ZeroDenominator,
                            format!("cannot be computed: it divides by zero (it reads {}); expected a non-zero denominator", names.join(", ")),
                        ));
                    }
                },
                Err(EvalError::Overflow) => return Err(overflow(&metric.name)),
            };
            if let Some(slot) = values.get_mut(first.saturating_add(index)) {
                *slot = value;
            }
        }
        Ok(())
    }

    fn amount(&self, amount: Amount, values: &[Decimal]) -> Decimal {
        match amount {
            Amount::Fixed(value) => value,
            Amount::Parameter(slot) => values.get(slot).copied().unwrap_or_default(),
        }
    }

    /// What a rule does with these values, if anything, with its arithmetic when `T` keeps it.
    fn fire<T: Trace>(
        &self,
        rule: &Rule,
        values: &[Decimal],
    ) -> Result<Option<(Outcome, T::Arithmetic)>, InputError> {
        let at = |slot: usize| values.get(slot).copied().unwrap_or_default();
        let eval = |expr: &crate::expr::Expr| expr.eval(values).map_err(|_| overflow(&rule.id));
        let directed = |direction: Direction, amount: Decimal| match direction {
            Direction::Deduct => Outcome::Deduct { amount },
            Direction::Award => Outcome::Award { amount },
            Direction::Set => Outcome::Set { score: amount },
        };
        Ok(match &rule.body {
            Body::Flag { when, direction, amount } => {
                if eval(when)?.is_zero() {
                    return Ok(None);
                }
                let amount = self.amount(*amount, values);
                Some((directed(*direction, amount), T::arithmetic(|| Arithmetic::Fixed { amount })))
            }
            Body::PerOccurrence { count, direction, each } => {
                let count = at(*count);
                if count.is_zero() {
                    return Ok(None);
                }
                let each = self.amount(*each, values);
                let amount = checked(count.checked_mul(each), &rule.id)?;
                Some((
                    directed(*direction, amount),
                    T::arithmetic(|| Arithmetic::PerOccurrence { count, each, amount }),
                ))
            }
            Body::Ladder { value, applies_when, threshold, step, per_step, counting, item_zero } => {
                let value = at(*value);
                if let Some((zero_when, bound)) = item_zero {
                    if zero_when.holds(value, *bound) {
                        return Ok(Some((
                            Outcome::ItemZero,
                            T::arithmetic(|| Arithmetic::ZeroBound { value, bound: *bound }),
                        )));
                    }
                }
                if !applies_when.holds(value, *threshold) {
                    return Ok(None);
                }
                let drop = checked(value.checked_sub(*threshold), &rule.id)?.abs();
                let exact = checked(drop.checked_div(*step), &rule.id)?;
                let steps = match counting {
                    Counting::Started => at_least_one(exact.ceil()),
                    Counting::Full => exact.floor(),
                    Counting::Proportional => exact,
                };
                let per_step = self.amount(*per_step, values);
                let amount = checked(steps.checked_mul(per_step), &rule.id)?;
                Some((
                    Outcome::Deduct { amount },
                    T::arithmetic(|| Arithmetic::Ladder {
                        value,
                        threshold: *threshold,
                        drop,
                        step: *step,
                        steps,
                        per_step,
                        amount,
                    }),
                ))
            }
            Body::Threshold { value, passes_when, threshold, on_fail } => {
                let value = at(*value);
                if passes_when.holds(value, *threshold) {
                    return Ok(None);
                }
                let arithmetic = T::arithmetic(|| Arithmetic::Threshold {
                    value,
                    threshold: *threshold,
                    passes_when: passes_when.symbol(),
                });
                let outcome = match on_fail {
                    Consequence::Deduct(amount) => Outcome::Deduct { amount: self.amount(*amount, values) },
                    Consequence::Veto(veto) => self.veto_outcome(*veto),
                };
                Some((outcome, arithmetic))
            }
            Body::Proportional { value, of } => {
                let value = at(*value);
                let score = checked(value.checked_mul(*of), &rule.id)?;
                Some((
                    Outcome::Set { score },
                    T::arithmetic(|| Arithmetic::Proportional { value, of: *of, score }),
                ))
            }
            Body::Formula { expr, direction } => {
                let value = eval(expr)?;
                Some((directed(*direction, value), T::arithmetic(|| Arithmetic::Formula { value })))
            }
            Body::Discretionary { input, direction } => {
                let amount = at(*input);
                if amount.is_zero() && *direction != Direction::Set {
                    return Ok(None);
                }
                let entries = usize::from(!amount.is_zero());
                Some((
                    directed(*direction, amount),
                    T::arithmetic(|| Arithmetic::Assessed { entries, amount }),
                ))
            }
            Body::Veto { when, veto } => {
                if eval(when)?.is_zero() {
                    return Ok(None);
                }
                Some((self.veto_outcome(*veto), T::arithmetic(|| Arithmetic::Condition)))
            }
        })
    }

    fn veto_outcome(&self, veto: Veto) -> Outcome {
        match veto {
            Veto::ItemZero => Outcome::ItemZero,
            Veto::SectionZero => Outcome::SectionZero,
            Veto::TotalZero => Outcome::TotalZero,
            Veto::Raise(flag) => {
                Outcome::Flag { flag: self.flags.get(flag).map(|f| f.id.clone()).unwrap_or_default() }
            }
        }
    }

    fn effect(
        &self,
        rule: &Rule,
        outcome: Outcome,
        arithmetic: Arithmetic,
        values: &[Decimal],
        given: Given,
    ) -> Effect {
        let arithmetic = match arithmetic {
            Arithmetic::Assessed { amount, .. } => {
                let entries = match rule.reads.first().and_then(|&slot| given.get(slot, self.slot_name(slot)))
                {
                    Some(InputValue::List(list)) => list.len(),
                    _ => usize::from(!amount.is_zero()),
                };
                Arithmetic::Assessed { entries, amount }
            }
            other => other,
        };
        let reads = rule
            .reads
            .iter()
            .map(|&slot| {
                let name = self.slot_name(slot).clone();
                let value = match (self.inputs.get(slot).map(|i| i.kind), given.get(slot, &name)) {
                    (Some(InputKind::Flag), _) => {
                        (!values.get(slot).copied().unwrap_or_default().is_zero()).to_string()
                    }
                    (Some(InputKind::Occurrences), Some(InputValue::List(list))) => {
                        let parts: Vec<String> = list.iter().map(describe).collect();
                        format!("[{}]", parts.join(", "))
                    }
                    _ => values.get(slot).copied().unwrap_or_default().normalize().to_string(),
                };
                Reading { name, value }
            })
            .collect();
        let percent = match rule.body {
            Body::Ladder { value, .. } | Body::Threshold { value, .. } | Body::Proportional { value, .. } => {
                self.percent_slots.get(value).copied().unwrap_or(false)
            }
            _ => false,
        };
        let message = self.message(rule, &outcome, &arithmetic, percent);
        Effect {
            rule: rule.id.clone(),
            kind: rule.kind,
            outcome: outcome.normalized(),
            arithmetic: arithmetic.normalized(),
            reads,
            basis: rule.basis.clone(),
            message,
        }
    }
}

fn describe(value: &InputValue) -> String {
    match value {
        InputValue::Number(n) => n.normalize().to_string(),
        InputValue::Text(t) => t.clone(),
        InputValue::Bool(b) => b.to_string(),
        InputValue::List(_) => "[..]".into(),
    }
}

#[derive(Default)]
pub(crate) struct Tally {
    deducted: Decimal,
    awarded: Decimal,
    set: Option<Decimal>,
    zeroed: bool,
}

/// An item's score from what its rules did: from its start, minus deductions, plus awards, held
/// to its floor and cap, zeroed by a veto, rounded.
pub(crate) fn settle(
    item: &Item,
    bonus: bool,
    tally: Tally,
    rounding: Rounding,
) -> Result<ItemResult, InputError> {
    let start = item.start.unwrap_or(if bonus { Decimal::ZERO } else { item.points });
    let base = tally.set.unwrap_or(start);
    // Most items lose and gain nothing: skip the arithmetic and comparisons for them.
    let raw = if tally.deducted.is_zero() && tally.awarded.is_zero() {
        base
    } else {
        checked(base.checked_sub(tally.deducted).and_then(|v| v.checked_add(tally.awarded)), &item.id)?
    };
    let mut score = raw;
    let floored = item.floor.is_some_and(|floor| compare(raw, floor).is_lt());
    let capped = item.cap.is_some_and(|cap| compare(raw, cap).is_gt());
    if let (true, Some(floor)) = (floored, item.floor) {
        score = floor;
    }
    if let (true, Some(cap)) = (capped, item.cap) {
        score = cap;
    }
    if tally.zeroed {
        score = Decimal::ZERO;
    }
    Ok(ItemResult {
        score: rounding.item(score),
        deducted: tally.deducted,
        awarded: tally.awarded,
        zeroed: tally.zeroed,
        floored: floored && !tally.zeroed,
        capped: capped && !tally.zeroed,
    })
}

/// A started-steps count: a shortfall of less than one step still counts one.
fn at_least_one(steps: Decimal) -> Decimal {
    if compare(steps, Decimal::ONE).is_lt() {
        Decimal::ONE
    } else {
        steps
    }
}

/// What scoring keeps besides the numbers. Scoring is compiled once per kind of trace, so a bare
/// score builds no arithmetic and pays nothing for the trace.
pub(crate) trait Trace {
    /// An effect's arithmetic as kept: the arithmetic itself, or nothing.
    type Arithmetic;
    fn arithmetic(make: impl FnOnce() -> Arithmetic) -> Self::Arithmetic;
    fn effect(
        &mut self,
        ruleset: &Ruleset,
        rule: &Rule,
        outcome: Outcome,
        arithmetic: Self::Arithmetic,
        values: &[Decimal],
        given: Given,
    );
    /// The current item's rules are done.
    fn end_item(&mut self);
}

/// Numbers only.
struct Bare;

impl Trace for Bare {
    type Arithmetic = ();
    fn arithmetic(_: impl FnOnce() -> Arithmetic) {}
    fn effect(&mut self, _: &Ruleset, _: &Rule, _: Outcome, _: (), _: &[Decimal], _: Given) {}
    fn end_item(&mut self) {}
}

/// Every effect, with its readings and messages, grouped by item.
#[derive(Default)]
struct Explained {
    items: Vec<Vec<Effect>>,
    current: Vec<Effect>,
}

impl Trace for Explained {
    type Arithmetic = Arithmetic;
    fn arithmetic(make: impl FnOnce() -> Arithmetic) -> Arithmetic {
        make()
    }
    fn effect(
        &mut self,
        ruleset: &Ruleset,
        rule: &Rule,
        outcome: Outcome,
        arithmetic: Arithmetic,
        values: &[Decimal],
        given: Given,
    ) {
        self.current.push(ruleset.effect(rule, outcome, arithmetic, values, given));
    }
    fn end_item(&mut self) {
        self.items.push(std::mem::take(&mut self.current));
    }
}
