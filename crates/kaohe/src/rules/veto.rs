//! `veto` (一票否决): when a condition holds, the item, its section or the whole total scores
//! zero, or a flag is raised (such as losing award eligibility).

use super::outcome::Arithmetic;
use super::raw::RawRule;
use super::{Fired, Firing, Keep, Keys, Scope, Site, Veto};
use crate::expr::Expr;

pub(crate) const KEYS: Keys =
    Keys { required: &["when"], optional: &["veto", "raise"], one_of: Some(("veto", "raise")) };

#[derive(Debug, Clone)]
pub(crate) struct VetoRule {
    when: Expr,
    veto: Veto,
}

impl VetoRule {
    pub(crate) fn compile(
        scope: &mut dyn Scope,
        raw: &RawRule,
        site: &Site,
        reads: &mut Vec<usize>,
    ) -> Option<VetoRule> {
        let when = scope.condition(raw.when.as_ref()?, site.context, reads)?;
        let veto = match (&raw.veto, &raw.raise) {
            (Some(veto), _) => Veto::from(*veto.get_ref()),
            (None, Some(flag)) => {
                Veto::Raise { index: scope.raise(flag)?, id: flag.get_ref().as_str().into() }
            }
            (None, None) => return None,
        };
        Some(VetoRule { when, veto })
    }

    #[inline]
    pub(crate) fn fire<K: Keep>(&self, at: &Firing) -> Fired<K> {
        if at.eval(&self.when)?.is_zero() {
            return Ok(None);
        }
        Ok(Some((at.veto(&self.veto), K::arithmetic(|| Arithmetic::Condition))))
    }

    pub(super) fn method(&self, words: &super::Wording, zh: &mut String, en: &mut String) {
        super::veto_words(&self.veto, words, zh, en);
    }

    pub(super) fn raises(&self) -> Option<usize> {
        match self.veto {
            Veto::Raise { index, .. } => Some(index),
            _ => None,
        }
    }
}
