//! `proportional`: the item scores a value (a rate, a satisfaction score) times its points, or
//! times `of`.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::outcome::{Arithmetic, Outcome};
use super::raw::RawRule;
use super::{Fired, Firing, Keep, Keys, Scope, Site};
use crate::message::{Plain, Shown};

pub(crate) const KEYS: Keys = Keys { required: &["value"], optional: &["of"], one_of: None };

#[derive(Debug, Clone)]
pub(crate) struct ProportionalRule {
    pub(super) value: usize,
    of: Decimal,
}

impl ProportionalRule {
    pub(super) fn method(&self, words: &super::Wording, zh: &mut String, en: &mut String) {
        let (label, label_en, percent) = (words.slot)(self.value);
        let of = Shown { value: self.of, percent };
        let _ = write!(zh, "按比例得分：分值 × {label} ÷ {of}");
        let _ = write!(en, "in proportion: points × {label_en} / {of}");
    }

    pub(crate) fn compile(
        scope: &mut dyn Scope,
        raw: &RawRule,
        site: &Site,
        reads: &mut Vec<usize>,
    ) -> Option<ProportionalRule> {
        let value = scope.value_of(raw.value.as_ref()?, reads)?;
        let of = raw.of.as_ref().map_or(site.item_points, |o| o.get_ref().0);
        Some(ProportionalRule { value, of })
    }

    #[inline]
    pub(crate) fn fire<K: Keep>(&self, at: &Firing) -> Fired<K> {
        let value = at.at(self.value);
        let score = at.checked(value.checked_mul(self.of))?;
        let of = self.of;
        Ok(Some((Outcome::Set { score }, K::arithmetic(|| Arithmetic::Proportional { value, of, score }))))
    }
}

pub(crate) fn describe(value: Decimal, of: Decimal, percent: bool, zh: &mut String, en: &mut String) {
    let value = Shown { value, percent };
    let _ = write!(zh, "{value} × {} 分，", Plain(of));
    let _ = write!(en, "{value} × {}: ", Plain(of));
}
