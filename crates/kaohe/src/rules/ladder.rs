//! `ladder_below` and `ladder_above` (阶梯扣分): for a value past a threshold, an amount per step
//! of the distance, counting started, full or proportional steps; optionally a bound past which the
//! item scores zero.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::outcome::{Arithmetic, Outcome};
use super::raw::RawRule;
use super::{Amount, Comparison, Counting, Fired, Firing, Keep, Keys, RuleKind, Scope};
use crate::message::{Gap, Plain, Shown};
use crate::number::compare;

pub(crate) const KEYS: Keys = Keys {
    required: &["value", "applies_when", "threshold", "step", "deduct", "counting"],
    optional: &["item_zero"],
    one_of: None,
};

#[derive(Debug, Clone)]
pub(crate) struct LadderRule {
    pub(super) value: usize,
    applies_when: Comparison,
    threshold: Decimal,
    step: Decimal,
    per_step: Amount,
    counting: Counting,
    item_zero: Option<(Comparison, Decimal)>,
}

impl LadderRule {
    pub(crate) fn compile(
        scope: &mut dyn Scope,
        raw: &RawRule,
        kind: RuleKind,
        reads: &mut Vec<usize>,
    ) -> Option<LadderRule> {
        let below = kind == RuleKind::LadderBelow;
        let value = scope.value_of(raw.value.as_ref()?, reads)?;
        let applies = raw.applies_when.as_ref()?;
        let applies_when = *applies.get_ref();
        let allowed = if below { [Comparison::Lt, Comparison::Le] } else { [Comparison::Gt, Comparison::Ge] };
        if !allowed.contains(&applies_when) {
            let wanted = if below { "\"<\" or \"<=\"" } else { "\">\" or \">=\"" };
            scope.error(
                applies.span(),
                format!(
                    "a `{}` rule applies when the value is {}",
                    kind.name(),
                    if below { "below" } else { "above" }
                ),
                Some(format!("write applies_when = {wanted}")),
            );
            return None;
        }
        let threshold = scope.threshold(raw.threshold.as_ref()?, value)?;
        let step_spanned = raw.step.as_ref()?;
        let step = step_spanned.get_ref().0;
        if step <= Decimal::ZERO {
            scope.error(step_spanned.span(), "the step must be above 0".into(), None);
            return None;
        }
        if let Some((Some(lo), Some(hi))) = scope.range_of(value) {
            // A range too wide to subtract is wider than any step.
            if hi.checked_sub(lo).is_some_and(|width| step > width) {
                scope.error(
                    step_spanned.span(),
                    format!(
                        "a step of {} is wider than the whole range of `{}`",
                        step.normalize(),
                        scope.slot_name(value)
                    ),
                    Some("for a rate, write the step in percentage points such as \"5%\"".into()),
                );
            }
        }
        let (_, per_step) = scope.signed_amount(raw.deduct.as_ref(), None, reads)?;
        let counting = *raw.counting.as_ref()?.get_ref();
        let item_zero = match &raw.item_zero {
            None => None,
            Some(bound) => {
                let bound = bound.get_ref();
                let zero_when = *bound.applies_when.get_ref();
                if !allowed.contains(&zero_when) {
                    scope.error(
                        bound.applies_when.span(),
                        "the item-zero bound must compare the same way as the ladder".into(),
                        None,
                    );
                    return None;
                }
                let at = scope.threshold(&bound.threshold, value)?;
                let beyond = if below { at < threshold } else { at > threshold };
                if !beyond {
                    scope.error(
                        bound.threshold.span(),
                        format!(
                            "the item-zero bound {} is not beyond the ladder's threshold {}",
                            at.normalize(),
                            threshold.normalize()
                        ),
                        Some(if below { "it must be lower" } else { "it must be higher" }.into()),
                    );
                }
                Some((zero_when, at))
            }
        };
        Some(LadderRule { value, applies_when, threshold, step, per_step, counting, item_zero })
    }

    #[inline]
    pub(crate) fn fire<K: Keep>(&self, at: &Firing) -> Fired<K> {
        let value = at.at(self.value);
        if let Some((zero_when, bound)) = self.item_zero {
            if zero_when.holds(value, bound) {
                return Ok(Some((
                    Outcome::ItemZero,
                    K::arithmetic(|| Arithmetic::ZeroBound { value, bound }),
                )));
            }
        }
        if !self.applies_when.holds(value, self.threshold) {
            return Ok(None);
        }
        let drop = at.checked(value.checked_sub(self.threshold))?.abs();
        let exact = at.checked(drop.checked_div(self.step))?;
        let steps = match self.counting {
            Counting::Started => at_least_one(exact.ceil()),
            Counting::Full => exact.floor(),
            Counting::Proportional => exact,
        };
        let per_step = at.amount(self.per_step);
        let amount = at.checked(steps.checked_mul(per_step))?;
        Ok(Some((
            Outcome::Deduct { amount },
            K::arithmetic(|| Arithmetic::Ladder {
                value,
                applies_when: self.applies_when,
                threshold: self.threshold,
                drop,
                step: self.step,
                steps,
                per_step,
                counting: self.counting,
                amount,
            }),
        )))
    }
}

impl LadderRule {
    pub(super) fn method(&self, words: &super::Wording, zh: &mut String, en: &mut String) {
        let (_, _, percent) = (words.slot)(self.value);
        let below = matches!(self.applies_when, Comparison::Lt | Comparison::Le);
        let (past_zh, past_en) = comparison_words(self.applies_when);
        let (counting_zh, counting_en) = match self.counting {
            Counting::Started => ("不足一档按一档计", "a started step counts"),
            Counting::Full => ("不足一档不计", "only full steps count"),
            Counting::Proportional => ("按比例计", "steps count proportionally"),
        };
        let (amount, note) = (words.amount)(self.per_step);
        let threshold = Shown { value: self.threshold, percent };
        let _ = write!(
            zh,
            "{past_zh} {threshold} 时，每{} {}扣 {amount} 分{note}（{counting_zh}）",
            if below { "低" } else { "高" },
            Gap { value: self.step, percent, unit: "个百分点" },
        );
        let _ = write!(
            en,
            "{past_en} {threshold}: deduct {amount}{note} per {} {} ({counting_en})",
            Gap { value: self.step, percent, unit: "points" },
            if below { "below" } else { "above" },
        );
        if let Some((applies_when, bound)) = self.item_zero {
            let (past_zh, past_en) = comparison_words(applies_when);
            let bound = Shown { value: bound, percent };
            let _ = write!(zh, "；{past_zh} {bound} 本项不得分");
            let _ = write!(en, "; the item scores zero {past_en} {bound}");
        }
    }
}

/// "低于" / "below": where a comparison applies.
fn comparison_words(comparison: Comparison) -> (&'static str, &'static str) {
    match comparison {
        Comparison::Lt => ("低于", "below"),
        Comparison::Le => ("不高于", "at most"),
        Comparison::Gt => ("高于", "above"),
        Comparison::Ge => ("不低于", "at least"),
    }
}

/// A started-steps count: a shortfall of less than one step still counts one.
fn at_least_one(steps: Decimal) -> Decimal {
    if compare(steps, Decimal::ONE).is_lt() {
        Decimal::ONE
    } else {
        steps
    }
}

/// A ladder's words: how far past the threshold, in how many steps, and how steps count.
pub(crate) fn describe(arithmetic: &Arithmetic, percent: bool, zh: &mut String, en: &mut String) {
    let show = |value: Decimal| Shown { value, percent };
    match arithmetic {
        Arithmetic::Ladder {
            value, applies_when, threshold, drop, step, steps, per_step, counting, ..
        } => {
            let below = value < threshold;
            let (counting_zh, counting_en) = match counting {
                Counting::Started => ("不足一档按一档计", "started steps count"),
                Counting::Full => ("不足一档不计", "only full steps count"),
                Counting::Proportional => ("按比例计", "steps count proportionally"),
            };
            let or_equal = matches!(applies_when, Comparison::Le | Comparison::Ge);
            let _ = write!(
                zh,
                "{} {}{} {}，相差 {}；每 {}为一档（{counting_zh}），共 {} 档 × {} 分，",
                show(*value),
                if below { "低于" } else { "高于" },
                if or_equal { "或等于" } else { "" },
                show(*threshold),
                Gap { value: *drop, percent, unit: "个百分点" },
                Gap { value: *step, percent, unit: "个百分点" },
                Plain(*steps),
                Plain(*per_step)
            );
            let _ = write!(
                en,
                "{} is {} {} by {}; {} steps of {} ({counting_en}) × {}: ",
                show(*value),
                if below { "below" } else { "above" },
                show(*threshold),
                Gap { value: *drop, percent, unit: "percentage points" },
                Plain(*steps),
                Gap { value: *step, percent, unit: "points" },
                Plain(*per_step)
            );
        }
        Arithmetic::ZeroBound { value, bound } => {
            let below = value <= bound;
            let _ = write!(zh, "{} {} {}，", show(*value), if below { "低于" } else { "高于" }, show(*bound));
            let _ = write!(
                en,
                "{} is {} {}: ",
                show(*value),
                if below { "below" } else { "above" },
                show(*bound)
            );
        }
        _ => {}
    }
}
