//! `threshold`: a value must pass a comparison (a closure rate of at least 95%); failing it
//! deducts an amount or vetoes the item, its section or the total.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::outcome::{Arithmetic, Outcome};
use super::raw::RawRule;
use super::{Amount, Comparison, Fired, Firing, Keep, Keys, Scope, Veto};
use crate::message::Shown;

pub(crate) const KEYS: Keys = Keys {
    required: &["value", "passes_when", "threshold"],
    optional: &["deduct", "veto"],
    one_of: Some(("deduct", "veto")),
};

#[derive(Debug, Clone)]
pub(crate) struct ThresholdRule {
    pub(super) value: usize,
    passes_when: Comparison,
    threshold: Decimal,
    on_fail: Consequence,
}

/// What failing the threshold costs.
#[derive(Debug, Clone)]
enum Consequence {
    Deduct(Amount),
    Veto(Veto),
}

impl ThresholdRule {
    pub(super) fn method(&self, words: &super::Wording, zh: &mut String, en: &mut String) {
        let (_, _, percent) = (words.slot)(self.value);
        let (wanted_zh, wanted_en) = match self.passes_when {
            Comparison::Gt => ("高于", "above"),
            Comparison::Ge => ("不低于", "at least"),
            Comparison::Lt => ("低于", "below"),
            Comparison::Le => ("不高于", "at most"),
        };
        let threshold = Shown { value: self.threshold, percent };
        let _ = write!(zh, "须{wanted_zh} {threshold}，否则");
        let _ = write!(en, "must be {wanted_en} {threshold}, else ");
        match &self.on_fail {
            Consequence::Deduct(amount) => {
                super::effect_words(super::Direction::Deduct, (words.amount)(*amount), zh, en)
            }
            Consequence::Veto(veto) => super::veto_words(veto, words, zh, en),
        }
    }

    pub(crate) fn compile(
        scope: &mut dyn Scope,
        raw: &RawRule,
        reads: &mut Vec<usize>,
    ) -> Option<ThresholdRule> {
        let value = scope.value_of(raw.value.as_ref()?, reads)?;
        let passes_when = *raw.passes_when.as_ref()?.get_ref();
        let threshold = scope.threshold(raw.threshold.as_ref()?, value)?;
        let on_fail = match (&raw.deduct, &raw.veto) {
            (Some(_), _) => Consequence::Deduct(scope.signed_amount(raw.deduct.as_ref(), None, reads)?.1),
            (None, Some(veto)) => Consequence::Veto(Veto::from(*veto.get_ref())),
            (None, None) => return None,
        };
        Some(ThresholdRule { value, passes_when, threshold, on_fail })
    }

    #[inline]
    pub(crate) fn fire<K: Keep>(&self, at: &Firing) -> Fired<K> {
        let value = at.at(self.value);
        if self.passes_when.holds(value, self.threshold) {
            return Ok(None);
        }
        let (threshold, passes_when) = (self.threshold, self.passes_when);
        let arithmetic = K::arithmetic(|| Arithmetic::Threshold { value, threshold, passes_when });
        let outcome = match &self.on_fail {
            Consequence::Deduct(amount) => Outcome::Deduct { amount: at.amount(*amount) },
            Consequence::Veto(veto) => at.veto(veto),
        };
        Ok(Some((outcome, arithmetic)))
    }
}

pub(crate) fn describe(
    value: Decimal,
    threshold: Decimal,
    passes_when: Comparison,
    percent: bool,
    zh: &mut String,
    en: &mut String,
) {
    let (wanted_zh, wanted_en) = match passes_when {
        Comparison::Gt => ("高于", "above"),
        Comparison::Ge => ("不低于", "at least"),
        Comparison::Lt => ("低于", "below"),
        Comparison::Le => ("不高于", "at most"),
    };
    let (value, threshold) = (Shown { value, percent }, Shown { value: threshold, percent });
    let _ = write!(zh, "{value} 未达到要求（须{wanted_zh} {threshold}），");
    let _ = write!(en, "{value} is not {wanted_en} {threshold}: ");
}
