//! The flat program a ruleset is compiled to, and the one loop that runs it. Compiling lays the
//! scheme out as a straight sequence of steps over the value slots: every metric in the order they
//! read each other, then for each item its rules' firings and its settling, and after each
//! section's items its closing. Running it is one pass over that sequence, with the open item's
//! tally and the open section's sum as its only state. The ruleset's sections, items and rules stay
//! as the scheme's description (what a card, a report or the scheme's table names); scoring reads
//! only the program.

use rust_decimal::Decimal;
use smol_str::SmolStr;

use crate::expr::{EvalError, Expr};
use crate::input_error::{overflow, InputError, InputErrorKind};
use crate::number::{compare, Rounding, Sum};
use crate::rules::outcome::Outcome;
use crate::rules::{Body, Firing, Keep};
use crate::ruleset::parts::{Metric, Section};
use crate::scores::{ItemResult, Scores, SectionResult};

/// A ruleset's steps, in the order they run.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    steps: Vec<Step>,
}

#[derive(Debug, Clone)]
enum Step {
    Metric(MetricStep),
    Rule(RuleStep),
    Item(Settle),
    Section(Close),
}

/// A metric's expression, computed into its slot.
#[derive(Debug, Clone)]
struct MetricStep {
    slot: usize,
    expr: Expr,
    zero_denominator: Option<Decimal>,
    name: SmolStr,
}

/// A rule's firing, into the open item's tally.
#[derive(Debug, Clone)]
struct RuleStep {
    body: Body,
    /// Names the rule in an overflow error.
    id: SmolStr,
    /// The declared flag its firing raises.
    raises: Option<usize>,
    at: RuleAt,
}

/// Where a rule is described: its section, its item within the section and its place among the
/// item's rules. A trace looks the rule up only when it fires.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleAt {
    pub section: usize,
    pub item: usize,
    pub rule: usize,
}

/// How an item settles its score from what its rules did.
#[derive(Debug, Clone)]
struct Settle {
    id: SmolStr,
    /// The score before rules act: the item's `start`, else its points (0 in a bonus section).
    start: Decimal,
    floor: Option<Decimal>,
    cap: Option<Decimal>,
    /// The result when none of its rules fires, worked out once.
    resting: ItemResult,
}

/// How a section sums the items settled since the last section closed.
#[derive(Debug, Clone)]
struct Close {
    id: SmolStr,
    /// A bonus section is held to its points.
    cap: Option<Decimal>,
}

/// What an item's rules did, summed as they fire.
#[derive(Default)]
struct Tally {
    deducted: Decimal,
    awarded: Decimal,
    set: Option<Decimal>,
    zeroed: bool,
}

/// What a run keeps besides the numbers: with the arithmetic kept, every effect too.
pub(crate) trait Trace: Keep {
    /// The rule at `at` fired; `values` are the slots as it read them.
    fn effect(&mut self, at: RuleAt, outcome: Outcome, arithmetic: Self::Arithmetic, values: &[Decimal]);
    /// The current item's rules are done.
    fn end_item(&mut self);
}

impl Program {
    /// Lays out `metrics` (computed in `order`, into the slots from `first_metric_slot`) and
    /// `sections` as steps.
    pub(crate) fn compile(
        metrics: &[Metric],
        order: &[usize],
        first_metric_slot: usize,
        sections: &[Section],
        rounding: Rounding,
    ) -> Program {
        let mut steps = Vec::new();
        for &index in order {
            let Some(metric) = metrics.get(index) else { continue };
            steps.push(Step::Metric(MetricStep {
                slot: first_metric_slot.saturating_add(index),
                expr: metric.expr.clone(),
                zero_denominator: metric.zero_denominator,
                name: metric.name.clone(),
            }));
        }
        for (s, section) in sections.iter().enumerate() {
            for (i, item) in section.items.iter().enumerate() {
                for (r, rule) in item.rules.iter().enumerate() {
                    steps.push(Step::Rule(RuleStep {
                        body: rule.body.clone(),
                        id: rule.id.clone(),
                        raises: rule.body.raises(),
                        at: RuleAt { section: s, item: i, rule: r },
                    }));
                }
                let start = item.start.unwrap_or(if section.bonus { Decimal::ZERO } else { item.points });
                let mut settle = Settle {
                    id: item.id.clone(),
                    start,
                    floor: item.floor,
                    cap: item.cap,
                    resting: ItemResult::default(),
                };
                settle.resting = settle.apply(Tally::default(), rounding).unwrap_or_default();
                steps.push(Step::Item(settle));
            }
            let cap = section.bonus.then_some(section.points);
            steps.push(Step::Section(Close { id: section.id.clone(), cap }));
        }
        Program { steps }
    }

    /// Each item's result when none of its rules fires, in order.
    pub(crate) fn resting(&self) -> Vec<ItemResult> {
        let settles = self.steps.iter().filter_map(|step| match step {
            Step::Item(settle) => Some(settle.resting),
            _ => None,
        });
        settles.collect()
    }

    /// Runs every step over `scores.values` (inputs and parameters set, metrics to fill) and fills
    /// the rest of `scores` but its grade, telling `trace` what every rule did.
    pub(crate) fn run<T: Trace>(
        &self,
        rounding: Rounding,
        scores: &mut Scores,
        trace: &mut T,
    ) -> Result<(), InputError> {
        let Scores { total: card_total, total_zeroed, items, sections, flags, values, .. } = scores;
        *total_zeroed = false;
        items.clear();
        sections.clear();
        let (mut tally, mut fired) = (Tally::default(), false);
        let (mut section_sum, mut section_zeroed) = (Sum::default(), false);
        let mut total = Sum::default();
        for step in &self.steps {
            match step {
                Step::Metric(metric) => {
                    let value = metric.compute(values)?;
                    if let Some(slot) = values.get_mut(metric.slot) {
                        *slot = value;
                    }
                }
                Step::Rule(rule) => {
                    let firing = Firing { rule: &rule.id, values };
                    let Some((outcome, arithmetic)) = rule.body.fire::<T>(&firing)? else { continue };
                    fired = true;
                    match outcome {
                        Outcome::Deduct { amount } => {
                            tally.deducted = firing.checked(tally.deducted.checked_add(amount))?
                        }
                        Outcome::Award { amount } => {
                            tally.awarded = firing.checked(tally.awarded.checked_add(amount))?
                        }
                        Outcome::Set { score } => tally.set = Some(score),
                        Outcome::ItemZero => tally.zeroed = true,
                        Outcome::SectionZero => section_zeroed = true,
                        Outcome::TotalZero => *total_zeroed = true,
                        Outcome::Flag { .. } => {}
                    }
                    if let Some(raised) = rule.raises.and_then(|flag| flags.get_mut(flag)) {
                        *raised = true;
                    }
                    trace.effect(rule.at, outcome, arithmetic, values);
                }
                Step::Item(settle) => {
                    let result = if fired {
                        fired = false;
                        settle.apply(std::mem::take(&mut tally), rounding)?
                    } else {
                        settle.resting
                    };
                    section_sum.add(result.score).ok_or_else(|| overflow(&settle.id))?;
                    items.push(result);
                    trace.end_item();
                }
                Step::Section(close) => {
                    let mut score = section_sum.value().ok_or_else(|| overflow(&close.id))?;
                    if let Some(cap) = close.cap {
                        score = score.min(cap);
                    }
                    if section_zeroed {
                        score = Decimal::ZERO;
                    }
                    total.add(score).ok_or_else(|| overflow(&close.id))?;
                    sections.push(SectionResult { score, zeroed: section_zeroed });
                    (section_sum, section_zeroed) = (Sum::default(), false);
                }
            }
        }
        let total =
            if *total_zeroed { Decimal::ZERO } else { total.value().ok_or_else(|| overflow("total"))? };
        *card_total = rounding.apply(total);
        Ok(())
    }
}

impl MetricStep {
    fn compute(&self, values: &[Decimal]) -> Result<Decimal, InputError> {
        match self.expr.eval(values) {
            Ok(value) => Ok(value),
            Err(EvalError::ZeroDenominator) => self.zero_denominator.ok_or_else(|| self.divides_by_zero()),
            Err(EvalError::Overflow) => Err(overflow(&self.name)),
        }
    }

    #[cold]
    fn divides_by_zero(&self) -> InputError {
        let names: Vec<String> = self.expr.names().iter().map(|(n, _)| format!("`{n}`")).collect();
        InputError::new(
            &*self.name,
            InputErrorKind::ZeroDenominator,
            format!(
                "cannot be computed: it divides by zero (it reads {}); expected a non-zero denominator",
                names.join(", ")
            ),
        )
    }
}

impl Settle {
    /// The item's score from what its rules did: from its start, minus deductions, plus awards,
    /// held to its floor and cap, zeroed by a veto, rounded.
    #[inline]
    fn apply(&self, tally: Tally, rounding: Rounding) -> Result<ItemResult, InputError> {
        let base = tally.set.unwrap_or(self.start);
        // Most items lose and gain nothing: skip the arithmetic and comparisons for them.
        let raw = if tally.deducted.is_zero() && tally.awarded.is_zero() {
            base
        } else {
            base.checked_sub(tally.deducted)
                .and_then(|v| v.checked_add(tally.awarded))
                .ok_or_else(|| overflow(&self.id))?
        };
        let floored = self.floor.filter(|&floor| compare(raw, floor).is_lt());
        let capped = self.cap.filter(|&cap| compare(raw, cap).is_gt());
        let score = if tally.zeroed { Decimal::ZERO } else { capped.or(floored).unwrap_or(raw) };
        Ok(ItemResult {
            score: rounding.item(score),
            deducted: tally.deducted,
            awarded: tally.awarded,
            zeroed: tally.zeroed,
            floored: floored.is_some() && !tally.zeroed,
            capped: capped.is_some() && !tally.zeroed,
        })
    }
}
