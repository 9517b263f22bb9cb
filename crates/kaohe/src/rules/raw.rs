//! A rule as the ruleset file writes it, before its kind's checks: every key any kind takes, each
//! with its place in the file. Which keys a kind takes is its module's [`Keys`](super::Keys).

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use super::{Comparison, Counting, Direction, RuleKind};
use crate::number::{Number, NumberOrParameter};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    pub id: Spanned<String>,
    pub kind: RuleKind,
    pub label: String,
    pub label_en: String,
    /// The clause of the source this rule applies.
    pub basis: String,
    pub when: Option<Spanned<String>>,
    pub input: Option<Spanned<String>>,
    pub value: Option<Spanned<String>>,
    pub expr: Option<Spanned<String>>,
    pub deduct: Option<Spanned<NumberOrParameter>>,
    pub award: Option<Spanned<NumberOrParameter>>,
    pub effect: Option<Spanned<Direction>>,
    pub veto: Option<Spanned<RawVeto>>,
    pub raise: Option<Spanned<String>>,
    pub applies_when: Option<Spanned<Comparison>>,
    pub passes_when: Option<Spanned<Comparison>>,
    pub threshold: Option<Spanned<Number>>,
    pub step: Option<Spanned<Number>>,
    pub counting: Option<Spanned<Counting>>,
    pub item_zero: Option<Spanned<RawZeroBound>>,
    pub of: Option<Spanned<Number>>,
}

/// What a veto zeroes, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(clippy::enum_variant_names)] // the names are the ruleset's words: item_zero, section_zero, ...
pub enum RawVeto {
    ItemZero,
    SectionZero,
    TotalZero,
}

/// A ladder's bound past which its item scores zero.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawZeroBound {
    pub applies_when: Spanned<Comparison>,
    pub threshold: Spanned<Number>,
}

impl RawRule {
    /// Each kind-specific key with its place in the file, if given.
    pub(crate) fn keys_given(&self) -> [(&'static str, Option<Range<usize>>); 16] {
        [
            ("when", self.when.as_ref().map(Spanned::span)),
            ("input", self.input.as_ref().map(Spanned::span)),
            ("value", self.value.as_ref().map(Spanned::span)),
            ("expr", self.expr.as_ref().map(Spanned::span)),
            ("deduct", self.deduct.as_ref().map(Spanned::span)),
            ("award", self.award.as_ref().map(Spanned::span)),
            ("effect", self.effect.as_ref().map(Spanned::span)),
            ("veto", self.veto.as_ref().map(Spanned::span)),
            ("raise", self.raise.as_ref().map(Spanned::span)),
            ("applies_when", self.applies_when.as_ref().map(Spanned::span)),
            ("passes_when", self.passes_when.as_ref().map(Spanned::span)),
            ("threshold", self.threshold.as_ref().map(Spanned::span)),
            ("step", self.step.as_ref().map(Spanned::span)),
            ("counting", self.counting.as_ref().map(Spanned::span)),
            ("item_zero", self.item_zero.as_ref().map(Spanned::span)),
            ("of", self.of.as_ref().map(Spanned::span)),
        ]
    }
}
