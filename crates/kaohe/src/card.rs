//! The score card: the total, the grade and, for every section and item, its points, its score and
//! (when explained) every effect with the rule, what it read, its arithmetic, its clause and a
//! message in Chinese and English. Decimals serialise as strings.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::ruleset::model::{Flag, Grade, RuleKind};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreCard {
    pub ruleset: Arc<str>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetricValue {
    pub name: Arc<str>,
    pub value: Decimal,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SectionScore {
    pub id: Arc<str>,
    pub title: Arc<str>,
    pub title_en: Arc<str>,
    pub points: Decimal,
    pub score: Decimal,
    pub bonus: bool,
    /// A veto set the section to zero.
    pub zeroed: bool,
    pub items: Vec<ItemScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemScore {
    pub id: Arc<str>,
    pub title: Arc<str>,
    pub title_en: Arc<str>,
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
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Effect {
    pub rule: Arc<str>,
    pub kind: RuleKind,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub arithmetic: Arithmetic,
    /// The inputs, parameters and metrics the rule read, with their values.
    pub reads: Vec<Reading>,
    /// The clause of the source document the rule applies.
    pub basis: Arc<str>,
    pub message: Message,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Outcome {
    Deduct { amount: Decimal },
    Award { amount: Decimal },
    Set { score: Decimal },
    ItemZero,
    SectionZero,
    TotalZero,
    Flag { flag: Arc<str> },
}

/// The arithmetic behind an effect, with each number it used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "snake_case")]
pub enum Arithmetic {
    /// A fixed amount for a condition that held.
    Fixed {
        amount: Decimal,
    },
    PerOccurrence {
        count: Decimal,
        each: Decimal,
        amount: Decimal,
    },
    /// A ladder: how far the value is past the threshold, how many steps that makes, and the amount.
    Ladder {
        value: Decimal,
        threshold: Decimal,
        drop: Decimal,
        step: Decimal,
        steps: Decimal,
        per_step: Decimal,
        amount: Decimal,
    },
    /// A ladder's value went past the bound at which the item scores zero.
    ZeroBound {
        value: Decimal,
        bound: Decimal,
    },
    /// A pass/fail threshold that was not passed.
    Threshold {
        value: Decimal,
        threshold: Decimal,
        passes_when: &'static str,
    },
    Proportional {
        value: Decimal,
        of: Decimal,
        score: Decimal,
    },
    Formula {
        value: Decimal,
    },
    /// Amounts entered by the assessor: how many, and their sum.
    Assessed {
        entries: usize,
        amount: Decimal,
    },
    /// A condition that held, with no amount.
    Condition,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reading {
    pub name: Arc<str>,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    pub zh: String,
    pub en: String,
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

impl Outcome {
    /// The same outcome with its decimals in their shortest form (`35`, not `35.000`).
    pub(crate) fn normalized(self) -> Outcome {
        match self {
            Outcome::Deduct { amount } => Outcome::Deduct { amount: amount.normalize() },
            Outcome::Award { amount } => Outcome::Award { amount: amount.normalize() },
            Outcome::Set { score } => Outcome::Set { score: score.normalize() },
            other => other,
        }
    }
}

impl Arithmetic {
    /// The same arithmetic with its decimals in their shortest form.
    pub(crate) fn normalized(self) -> Arithmetic {
        let n = Decimal::normalize;
        match self {
            Arithmetic::Fixed { amount } => Arithmetic::Fixed { amount: n(&amount) },
            Arithmetic::PerOccurrence { count, each, amount } => {
                Arithmetic::PerOccurrence { count: n(&count), each: n(&each), amount: n(&amount) }
            }
            Arithmetic::Ladder { value, threshold, drop, step, steps, per_step, amount } => {
                Arithmetic::Ladder {
                    value: n(&value),
                    threshold: n(&threshold),
                    drop: n(&drop),
                    step: n(&step),
                    steps: n(&steps),
                    per_step: n(&per_step),
                    amount: n(&amount),
                }
            }
            Arithmetic::ZeroBound { value, bound } => {
                Arithmetic::ZeroBound { value: n(&value), bound: n(&bound) }
            }
            Arithmetic::Threshold { value, threshold, passes_when } => {
                Arithmetic::Threshold { value: n(&value), threshold: n(&threshold), passes_when }
            }
            Arithmetic::Proportional { value, of, score } => {
                Arithmetic::Proportional { value: n(&value), of: n(&of), score: n(&score) }
            }
            Arithmetic::Formula { value } => Arithmetic::Formula { value: n(&value) },
            Arithmetic::Assessed { entries, amount } => Arithmetic::Assessed { entries, amount: n(&amount) },
            Arithmetic::Condition => Arithmetic::Condition,
        }
    }
}
