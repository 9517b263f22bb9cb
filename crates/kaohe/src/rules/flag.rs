//! `flag`: a fixed amount deducted or awarded when a condition holds (an office left untidy, an
//! award won).

use super::outcome::Arithmetic;
use super::raw::RawRule;
use super::{Amount, Direction, Fired, Firing, Keep, Keys, Scope, Site};
use crate::expr::Expr;

pub(crate) const KEYS: Keys =
    Keys { required: &["when"], optional: &["deduct", "award"], one_of: Some(("deduct", "award")) };

#[derive(Debug, Clone)]
pub(crate) struct FlagRule {
    when: Expr,
    direction: Direction,
    amount: Amount,
}

impl FlagRule {
    pub(super) fn method(&self, words: &super::Wording, zh: &mut String, en: &mut String) {
        super::effect_words(self.direction, (words.amount)(self.amount), zh, en);
    }

    pub(crate) fn compile(
        scope: &mut dyn Scope,
        raw: &RawRule,
        site: &Site,
        reads: &mut Vec<usize>,
    ) -> Option<FlagRule> {
        let when = scope.condition(raw.when.as_ref()?, site.context, reads)?;
        let (direction, amount) = scope.signed_amount(raw.deduct.as_ref(), raw.award.as_ref(), reads)?;
        Some(FlagRule { when, direction, amount })
    }

    #[inline]
    pub(crate) fn fire<K: Keep>(&self, at: &Firing) -> Fired<K> {
        if at.eval(&self.when)?.is_zero() {
            return Ok(None);
        }
        let amount = at.amount(self.amount);
        Ok(Some((self.direction.outcome(amount), K::arithmetic(|| Arithmetic::Fixed { amount }))))
    }
}
