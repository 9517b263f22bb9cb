//! Scoring: inputs checked into value slots, metrics computed, every rule fired, items clamped to
//! their floor and cap, sections and the total summed, the grade looked up. The trace (effects
//! with readings and messages) is only built when a card is explained.

use rust_decimal::Decimal;

use crate::card::{Effect, ItemScore, MetricValue, Reading, ScoreCard, SectionScore};
use crate::inputs::{Columns, Given, InputError, InputErrorKind, InputErrors, InputValue, Inputs};
use crate::program::{RuleAt, Trace};
use crate::rules::outcome::{Arithmetic, Message, Outcome};
use crate::rules::{Keep, Rule};
use crate::ruleset::model::*;
use crate::scores::{Scores, SectionResult};

/// `value` normalised; a positive whole number (scale 0, as most points and scores are) already
/// is, and a card holds dozens of them (normalising also drops a zero's sign).
fn normal(value: Decimal) -> Decimal {
    if value.scale() == 0 && value.is_sign_positive() {
        value
    } else {
        value.normalize()
    }
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
            values: Vec::with_capacity(self.at_rest.len()),
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

    /// Explains named inputs into `scores`, reusing its buffers, and returns each item's effects (in
    /// the order of [`Ruleset::items`]): the explained card's numbers and trace without its names,
    /// for bindings that keep those once ([`Ruleset::outline`]).
    pub fn explain_into(
        &self,
        inputs: &Inputs,
        scores: &mut Scores,
    ) -> Result<Vec<Vec<Effect>>, InputErrors> {
        self.explained(Given::Named(inputs), scores)
    }

    /// As [`Ruleset::explain_into`], for a row of values laid out as `columns`.
    pub fn explain_row_into(
        &self,
        columns: &Columns,
        row: &[Option<InputValue>],
        scores: &mut Scores,
    ) -> Result<Vec<Vec<Effect>>, InputErrors> {
        self.explained(Given::Row(columns, row), scores)
    }

    fn explained(&self, given: Given, scores: &mut Scores) -> Result<Vec<Vec<Effect>>, InputErrors> {
        let mut explained = Explained { ruleset: self, given, items: Vec::new(), current: Vec::new() };
        self.evaluate(given, scores, &mut explained)?;
        Ok(explained.items)
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
            self.explained(given, &mut scores)?
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
        scores.values.clear();
        scores.values.extend_from_slice(&self.at_rest);
        self.accept_inputs(given, &mut scores.values)?;
        scores.flags.clear();
        scores.flags.resize(self.flags.len(), false);
        self.program.run(self.meta.rounding, scores, trace)?;
        scores.grade = self.grade_index(scores.total);
        Ok(())
    }

    /// Every metric's value in `scores` (scored by this ruleset), in the order of
    /// [`Ruleset::metrics`].
    pub fn metric_values<'a>(&self, scores: &'a Scores) -> &'a [Decimal] {
        let start = self.inputs.len().saturating_add(self.parameters.len());
        scores.values.get(start..).unwrap_or_default()
    }

    /// The card of this ruleset with no scoring behind it: the ids, titles and points of every
    /// section and item and the metrics' names, as every card of the ruleset has them; each item
    /// at its resting result (as when none of its rules fires) and every other number zero. A
    /// binding that builds cards from numbers reads the fixed parts from it once.
    pub fn outline(&self) -> ScoreCard {
        let scores = Scores {
            items: self.program.resting(),
            sections: vec![SectionResult::default(); self.sections.len()],
            flags: vec![false; self.flags.len()],
            values: self.at_rest.clone(),
            ..Scores::default()
        };
        self.card_of(&scores, Vec::new())
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
                points: normal(section.points),
                score: normal(result.score),
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
                        points: normal(item.points),
                        score: normal(result.score),
                        deducted: normal(result.deducted),
                        awarded: normal(result.awarded),
                        zeroed: result.zeroed,
                        floored: result.floored,
                        capped: result.capped,
                        effects: effects.next().unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
        ScoreCard {
            format: crate::card::CARD_FORMAT,
            ruleset: self.meta.id.clone(),
            ruleset_version: self.meta.version.clone(),
            total: scores.total,
            full_marks: normal(self.meta.full_marks),
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
                .zip(self.metric_values(scores))
                .map(|(m, v)| MetricValue { name: m.name.clone(), value: normal(*v) })
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
        let percent =
            rule.body.compared().is_some_and(|slot| self.percent_slots.get(slot).copied().unwrap_or(false));
        let flag = match &outcome {
            Outcome::Flag { flag } => {
                self.flags.iter().find(|f| f.id == *flag).map(|f| (f.label.as_str(), f.label_en.as_str()))
            }
            _ => None,
        };
        let message = Message::of((&rule.label, &rule.label_en), &outcome, &arithmetic, percent, flag);
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

/// Numbers only.
struct Bare;

impl Keep for Bare {
    type Arithmetic = ();
    fn arithmetic(_: impl FnOnce() -> Arithmetic) {}
}

impl Trace for Bare {
    fn effect(&mut self, _: RuleAt, _: Outcome, _: (), _: &[Decimal]) {}
    fn end_item(&mut self) {}
}

/// Every effect, with its readings and messages, grouped by item.
struct Explained<'a> {
    ruleset: &'a Ruleset,
    given: Given<'a>,
    items: Vec<Vec<Effect>>,
    current: Vec<Effect>,
}

impl Keep for Explained<'_> {
    type Arithmetic = Arithmetic;
    fn arithmetic(make: impl FnOnce() -> Arithmetic) -> Arithmetic {
        make()
    }
}

impl Trace for Explained<'_> {
    fn effect(&mut self, at: RuleAt, outcome: Outcome, arithmetic: Arithmetic, values: &[Decimal]) {
        let rule = self.ruleset.sections.get(at.section).and_then(|s| s.items.get(at.item));
        if let Some(rule) = rule.and_then(|item| item.rules.get(at.rule)) {
            self.current.push(self.ruleset.effect(rule, outcome, arithmetic, values, self.given));
        }
    }
    fn end_item(&mut self) {
        self.items.push(std::mem::take(&mut self.current));
    }
}
