//! Scoring: inputs checked into value slots, metrics computed, every rule fired, items clamped to
//! their floor and cap, sections and the total summed, the grade looked up. The trace (effects
//! with readings and messages) is only built when a card is explained.

use rust_decimal::Decimal;

use crate::card::{Arithmetic, Effect, ItemScore, MetricValue, Outcome, Reading, ScoreCard, SectionScore};
use crate::expr::EvalError;
use crate::inputs::{overflow, Columns, Given, InputError, InputErrorKind, InputErrors, InputValue, Inputs};
use crate::ruleset::model::*;

/// Checked decimal arithmetic naming the rule or metric whose numbers grew too large.
fn checked(value: Option<Decimal>, loc: &str) -> Result<Decimal, InputError> {
    value.ok_or_else(|| overflow(loc))
}

impl Ruleset {
    /// Scores one unit for one period: numbers only, no trace.
    pub fn score(&self, inputs: &Inputs) -> Result<ScoreCard, InputErrors> {
        self.evaluate(Given::Named(inputs), false)
    }

    /// Scores and explains: every effect carries its rule, readings, arithmetic, clause and message.
    pub fn explain(&self, inputs: &Inputs) -> Result<ScoreCard, InputErrors> {
        self.evaluate(Given::Named(inputs), true)
    }

    /// Scores one row of values laid out as `columns` (a cell of `None` leaves the input out).
    pub fn score_row(&self, columns: &Columns, row: &[Option<InputValue>]) -> Result<ScoreCard, InputErrors> {
        self.evaluate(Given::Row(columns, row), false)
    }

    /// Scores and explains one row of values laid out as `columns`.
    pub fn explain_row(
        &self,
        columns: &Columns,
        row: &[Option<InputValue>],
    ) -> Result<ScoreCard, InputErrors> {
        self.evaluate(Given::Row(columns, row), true)
    }

    fn evaluate(&self, given: Given, trace: bool) -> Result<ScoreCard, InputErrors> {
        let mut values = Vec::with_capacity(self.percent_slots.len());
        self.evaluate_into(given, trace, &mut values)
    }

    /// A bare card and the value slots it was computed from, for rollups.
    pub(crate) fn evaluate_with_values(
        &self,
        inputs: &Inputs,
    ) -> Result<(ScoreCard, Vec<Decimal>), InputErrors> {
        let mut values = Vec::with_capacity(self.percent_slots.len());
        let card = self.evaluate_into(Given::Named(inputs), false, &mut values)?;
        Ok((card, values))
    }

    fn evaluate_into(
        &self,
        given: Given,
        trace: bool,
        values: &mut Vec<Decimal>,
    ) -> Result<ScoreCard, InputErrors> {
        self.check_parameters()?;
        self.accept_inputs(given, values)?;
        values.extend(self.parameters.iter().map(|p| p.value.unwrap_or_default()));
        self.compute_metrics(values)?;

        let mut total_zeroed = false;
        let mut raised = vec![false; self.flags.len()];
        let mut total = Decimal::ZERO;
        let mut sections = Vec::with_capacity(self.sections.len());
        for section in &self.sections {
            let mut section_zeroed = false;
            let mut section_score = Decimal::ZERO;
            let mut items = Vec::with_capacity(section.items.len());
            for item in &section.items {
                let mut tally = Tally::default();
                let mut effects = Vec::new();
                for rule in &item.rules {
                    let Some((outcome, arithmetic)) = self.fire(rule, values)? else { continue };
                    match outcome {
                        Outcome::Deduct { amount } => {
                            tally.deducted = checked(tally.deducted.checked_add(amount), &rule.id)?
                        }
                        Outcome::Award { amount } => {
                            tally.awarded = checked(tally.awarded.checked_add(amount), &rule.id)?
                        }
                        Outcome::Set { score } => tally.set = Some(score),
                        Outcome::ItemZero => tally.zeroed = true,
                        Outcome::SectionZero => section_zeroed = true,
                        Outcome::TotalZero => total_zeroed = true,
                        Outcome::Flag { .. } => {}
                    }
                    if let Body::Veto { veto: Veto::Raise(flag), .. } = rule.body {
                        if let Some(slot) = raised.get_mut(flag) {
                            *slot = true;
                        }
                    }
                    if trace {
                        effects.push(self.effect(rule, outcome, arithmetic, values, given));
                    }
                }
                let scored = self.item_score(item, section.bonus, tally, effects)?;
                section_score = checked(section_score.checked_add(scored.score), &item.id)?;
                items.push(scored);
            }
            if section.bonus {
                section_score = section_score.min(section.points);
            }
            if section_zeroed {
                section_score = Decimal::ZERO;
            }
            total = checked(total.checked_add(section_score), &section.id)?;
            sections.push(SectionScore {
                id: section.id.clone(),
                title: section.title.clone(),
                title_en: section.title_en.clone(),
                points: section.points.normalize(),
                score: section_score.normalize(),
                bonus: section.bonus,
                zeroed: section_zeroed,
                items,
            });
        }
        if total_zeroed {
            total = Decimal::ZERO;
        }
        let total = self.meta.rounding.apply(total);
        Ok(ScoreCard {
            ruleset: self.meta.id.clone(),
            total,
            full_marks: self.meta.full_marks.normalize(),
            grade: self.grade(total).cloned(),
            flags: self.flags.iter().zip(&raised).filter(|(_, r)| **r).map(|(f, _)| f.clone()).collect(),
            total_zeroed,
            metrics: self
                .metrics
                .iter()
                .zip(values.iter().skip(self.inputs.len() + self.parameters.len()))
                .map(|(m, v)| MetricValue { name: m.name.clone(), value: v.normalize() })
                .collect(),
            sections,
        })
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
        values.resize(first + self.metrics.len(), Decimal::ZERO);
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
            if let Some(slot) = values.get_mut(first + index) {
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

    /// What a rule does with these values, if anything.
    fn fire(&self, rule: &Rule, values: &[Decimal]) -> Result<Option<(Outcome, Arithmetic)>, InputError> {
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
                Some((directed(*direction, amount), Arithmetic::Fixed { amount }))
            }
            Body::PerOccurrence { count, direction, each } => {
                let count = at(*count);
                if count.is_zero() {
                    return Ok(None);
                }
                let each = self.amount(*each, values);
                let amount = checked(count.checked_mul(each), &rule.id)?;
                Some((directed(*direction, amount), Arithmetic::PerOccurrence { count, each, amount }))
            }
            Body::Ladder { value, applies_when, threshold, step, per_step, counting, item_zero } => {
                let value = at(*value);
                if let Some((zero_when, bound)) = item_zero {
                    if zero_when.holds(value, *bound) {
                        return Ok(Some((Outcome::ItemZero, Arithmetic::ZeroBound { value, bound: *bound })));
                    }
                }
                if !applies_when.holds(value, *threshold) {
                    return Ok(None);
                }
                let drop = (value - *threshold).abs();
                let exact = checked(drop.checked_div(*step), &rule.id)?;
                let steps = match counting {
                    Counting::Started => exact.ceil().max(Decimal::ONE),
                    Counting::Full => exact.floor(),
                    Counting::Proportional => exact,
                };
                let per_step = self.amount(*per_step, values);
                let amount = checked(steps.checked_mul(per_step), &rule.id)?;
                Some((
                    Outcome::Deduct { amount },
                    Arithmetic::Ladder {
                        value,
                        threshold: *threshold,
                        drop,
                        step: *step,
                        steps,
                        per_step,
                        amount,
                    },
                ))
            }
            Body::Threshold { value, passes_when, threshold, on_fail } => {
                let value = at(*value);
                if passes_when.holds(value, *threshold) {
                    return Ok(None);
                }
                let arithmetic =
                    Arithmetic::Threshold { value, threshold: *threshold, passes_when: passes_when.symbol() };
                let outcome = match on_fail {
                    Consequence::Deduct(amount) => Outcome::Deduct { amount: self.amount(*amount, values) },
                    Consequence::Veto(veto) => self.veto_outcome(*veto),
                };
                Some((outcome, arithmetic))
            }
            Body::Proportional { value, of } => {
                let value = at(*value);
                let score = checked(value.checked_mul(*of), &rule.id)?;
                Some((Outcome::Set { score }, Arithmetic::Proportional { value, of: *of, score }))
            }
            Body::Formula { expr, direction } => {
                let value = eval(expr)?;
                Some((directed(*direction, value), Arithmetic::Formula { value }))
            }
            Body::Discretionary { input, direction } => {
                let amount = at(*input);
                if amount.is_zero() && *direction != Direction::Set {
                    return Ok(None);
                }
                let entries = usize::from(!amount.is_zero());
                Some((directed(*direction, amount), Arithmetic::Assessed { entries, amount }))
            }
            Body::Veto { when, veto } => {
                if eval(when)?.is_zero() {
                    return Ok(None);
                }
                Some((self.veto_outcome(*veto), Arithmetic::Condition))
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

    fn item_score(
        &self,
        item: &Item,
        bonus: bool,
        tally: Tally,
        effects: Vec<Effect>,
    ) -> Result<ItemScore, InputError> {
        let start = item.start.unwrap_or(if bonus { Decimal::ZERO } else { item.points });
        let base = tally.set.unwrap_or(start);
        let raw =
            checked(base.checked_sub(tally.deducted).and_then(|v| v.checked_add(tally.awarded)), &item.id)?;
        let floored = item.floor.is_some_and(|floor| raw < floor);
        let capped = item.cap.is_some_and(|cap| raw > cap);
        let mut score = raw;
        if let Some(floor) = item.floor {
            score = score.max(floor);
        }
        if let Some(cap) = item.cap {
            score = score.min(cap);
        }
        if tally.zeroed {
            score = Decimal::ZERO;
        }
        Ok(ItemScore {
            id: item.id.clone(),
            title: item.title.clone(),
            title_en: item.title_en.clone(),
            points: item.points.normalize(),
            score: self.meta.rounding.apply(score),
            deducted: tally.deducted.normalize(),
            awarded: tally.awarded.normalize(),
            zeroed: tally.zeroed,
            floored: floored && !tally.zeroed,
            capped: capped && !tally.zeroed,
            effects,
        })
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
struct Tally {
    deducted: Decimal,
    awarded: Decimal,
    set: Option<Decimal>,
    zeroed: bool,
}
