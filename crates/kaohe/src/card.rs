//! The score card: the total, the grade and, for every section and item, its points, its score and
//! (when explained) every effect with the rule, what it read, its arithmetic, its clause and a
//! message in Chinese and English. Decimals serialise as strings.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;
use smol_str::SmolStr;

use crate::rules::outcome::{Arithmetic, Message, Outcome};
use crate::rules::RuleKind;
use crate::ruleset::model::{Flag, Grade};

/// The version of the card's JSON contract (schemas/): a card says which it follows. It changes
/// only when a field is removed or changes meaning; new fields come without a change.
pub const CARD_FORMAT: u32 = 1;

/// One unit's card for one month.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ScoreCard {
    /// The version of this contract (`kaohe::CARD_FORMAT`).
    pub format: u32,
    /// The ruleset's id and version.
    pub ruleset: SmolStr,
    pub ruleset_version: SmolStr,
    pub total: Decimal,
    pub full_marks: Decimal,
    pub grade: Option<Arc<Grade>>,
    /// Marks raised besides points, such as losing award eligibility.
    pub flags: Vec<Arc<Flag>>,
    /// A veto set the whole total to zero.
    pub total_zeroed: bool,
    /// Every metric's value, such as a rate computed from counts.
    pub metrics: Vec<MetricValue>,
    pub sections: Vec<SectionScore>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct MetricValue {
    pub name: SmolStr,
    pub value: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SectionScore {
    pub id: SmolStr,
    pub title: SmolStr,
    pub title_en: SmolStr,
    pub points: Decimal,
    pub score: Decimal,
    pub bonus: bool,
    /// A veto set the section to zero.
    pub zeroed: bool,
    pub items: Vec<ItemScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ItemScore {
    pub id: SmolStr,
    pub title: SmolStr,
    pub title_en: SmolStr,
    pub points: Decimal,
    pub score: Decimal,
    /// Sum of the deductions its rules made, before the floor.
    pub deducted: Decimal,
    /// Sum of the awards its rules made, before the cap.
    pub awarded: Decimal,
    /// A veto set the item to zero.
    pub zeroed: bool,
    /// Deductions went below the floor, which held.
    pub floored: bool,
    /// Awards went above the cap, which held.
    pub capped: bool,
    /// What each rule did; empty unless the card was explained.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub effects: Vec<Effect>,
}

/// What one rule did to the card.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Effect {
    pub rule: SmolStr,
    pub kind: RuleKind,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub arithmetic: Arithmetic,
    /// The inputs, parameters and metrics the rule read, with their values.
    pub reads: Vec<Reading>,
    /// The clause of the source document the rule applies.
    pub basis: SmolStr,
    pub message: Message,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Reading {
    pub name: SmolStr,
    pub value: String,
}

impl ScoreCard {
    /// Every item, with the section it belongs to.
    pub fn items(&self) -> impl Iterator<Item = (&SectionScore, &ItemScore)> {
        self.sections.iter().flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    /// One item by id.
    pub fn item(&self, id: &str) -> Option<&ItemScore> {
        self.items().map(|(_, i)| i).find(|i| &*i.id == id)
    }

    /// Whether a flag with this id was raised.
    pub fn has_flag(&self, id: &str) -> bool {
        self.flags.iter().any(|f| &*f.id == id)
    }
}
