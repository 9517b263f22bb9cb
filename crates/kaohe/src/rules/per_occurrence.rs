//! `per_occurrence`: an amount for each occurrence of something counted (each late arrival, each
//! unreported major event).

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::outcome::Arithmetic;
use super::raw::RawRule;
use super::{Amount, Direction, Fired, Firing, Keep, Keys, Scope, Wanted};
use crate::message::Plain;

pub(crate) const KEYS: Keys =
    Keys { required: &["input"], optional: &["deduct", "award"], one_of: Some(("deduct", "award")) };

#[derive(Debug, Clone)]
pub(crate) struct PerOccurrenceRule {
    count: usize,
    direction: Direction,
    each: Amount,
}

impl PerOccurrenceRule {
    pub(super) fn method(&self, words: &super::Wording, zh: &mut String, en: &mut String) {
        let (amount, note) = (words.amount)(self.each);
        zh.push_str("每次");
        super::effect_words(self.direction, (amount, String::new()), zh, en);
        en.push_str(" each time");
        zh.push_str(&note);
        en.push_str(&note);
    }

    pub(crate) fn compile(
        scope: &mut dyn Scope,
        raw: &RawRule,
        reads: &mut Vec<usize>,
    ) -> Option<PerOccurrenceRule> {
        let count = scope.input_of(raw.input.as_ref()?, Wanted::Count, reads)?;
        let (direction, each) = scope.signed_amount(raw.deduct.as_ref(), raw.award.as_ref(), reads)?;
        Some(PerOccurrenceRule { count, direction, each })
    }

    #[inline]
    pub(crate) fn fire<K: Keep>(&self, at: &Firing) -> Fired<K> {
        let count = at.at(self.count);
        if count.is_zero() {
            return Ok(None);
        }
        let each = at.amount(self.each);
        let amount = at.checked(count.checked_mul(each))?;
        Ok(Some((
            self.direction.outcome(amount),
            K::arithmetic(|| Arithmetic::PerOccurrence { count, each, amount }),
        )))
    }
}

pub(crate) fn describe(count: Decimal, each: Decimal, zh: &mut String, en: &mut String) {
    let _ = write!(zh, "{} 次 × {} 分，", Plain(count), Plain(each));
    let _ = write!(en, "{} × {}: ", Plain(count), Plain(each));
}
