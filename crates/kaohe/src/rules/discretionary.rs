//! `discretionary`: amounts the assessor enters (a score, or a list of deductions), applied as
//! entered. Where a source gives no method for an item, its ruleset uses this kind.

use std::fmt::Write as _;

use super::outcome::Arithmetic;
use super::raw::RawRule;
use super::{Direction, Fired, Firing, Keep, Keys, Scope, Wanted};

pub(crate) const KEYS: Keys = Keys { required: &["input", "effect"], optional: &[], one_of: None };

#[derive(Debug, Clone)]
pub(crate) struct DiscretionaryRule {
    input: usize,
    pub(super) direction: Direction,
}

impl DiscretionaryRule {
    pub(super) fn method(&self, words: &super::Wording, zh: &mut String, en: &mut String) {
        let (label, label_en, _) = (words.slot)(self.input);
        let verb = match self.direction {
            super::Direction::Deduct => ("扣分", "points deducted"),
            super::Direction::Award => ("加分", "points added"),
            super::Direction::Set => ("得分", "the score"),
        };
        let _ = write!(zh, "由考核人员评定{}（录入“{label}”）", verb.0);
        let _ = write!(en, "{} entered by the assessor ({label_en})", verb.1);
    }

    pub(crate) fn compile(
        scope: &mut dyn Scope,
        raw: &RawRule,
        reads: &mut Vec<usize>,
    ) -> Option<DiscretionaryRule> {
        let input = scope.input_of(raw.input.as_ref()?, Wanted::AssessorAmount, reads)?;
        Some(DiscretionaryRule { input, direction: *raw.effect.as_ref()?.get_ref() })
    }

    #[inline]
    pub(crate) fn fire<K: Keep>(&self, at: &Firing) -> Fired<K> {
        let amount = at.at(self.input);
        if amount.is_zero() && self.direction != Direction::Set {
            return Ok(None);
        }
        // How many entries the assessor made is known from the given value; the trace fills it in.
        let entries = usize::from(!amount.is_zero());
        Ok(Some((self.direction.outcome(amount), K::arithmetic(|| Arithmetic::Assessed { entries, amount }))))
    }
}

pub(crate) fn describe(entries: usize, zh: &mut String, en: &mut String) {
    let _ = write!(zh, "考核人员评定 {entries} 项，");
    let _ = write!(en, "assessor's amounts ({entries}): ");
}
