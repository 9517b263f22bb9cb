//! What a rule did to a card, as the card records it: the outcome, the arithmetic behind it (each
//! number it used) and the message saying so in Chinese and English. Decimals serialise as strings.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use serde::Serialize;
use smol_str::SmolStr;

use super::{Comparison, Counting};
use crate::message::Plain;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum Outcome {
    Deduct { amount: Decimal },
    Award { amount: Decimal },
    Set { score: Decimal },
    ItemZero,
    SectionZero,
    TotalZero,
    Flag { flag: SmolStr },
}

/// The arithmetic behind an effect, with each number it used.

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
        /// When the ladder applies.
        applies_when: Comparison,
        threshold: Decimal,
        drop: Decimal,
        step: Decimal,
        steps: Decimal,
        per_step: Decimal,
        counting: Counting,
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
        passes_when: Comparison,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Message {
    pub zh: String,
    pub en: String,
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
            Arithmetic::Ladder {
                value,
                applies_when,
                threshold,
                drop,
                step,
                steps,
                per_step,
                counting,
                amount,
            } => Arithmetic::Ladder {
                value: n(&value),
                applies_when,
                threshold: n(&threshold),
                drop: n(&drop),
                step: n(&step),
                steps: n(&steps),
                per_step: n(&per_step),
                counting,
                amount: n(&amount),
            },
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

impl Message {
    /// An effect's message: the rule's label, what the rule found in the words of its kind, and
    /// the outcome. `percent`: the compared value reads as a percentage; `flag`: the labels of
    /// the flag the outcome raises.
    pub(crate) fn of(
        label: (&str, &str),
        outcome: &Outcome,
        arithmetic: &Arithmetic,
        percent: bool,
        flag: Option<(&str, &str)>,
    ) -> Message {
        let mut zh = String::with_capacity(192);
        let mut en = String::with_capacity(160);
        // Writing into a String cannot fail.
        let _ = write!(zh, "{}：", label.0);
        let _ = write!(en, "{}: ", label.1);
        super::describe(arithmetic, percent, &mut zh, &mut en);
        let _ = match outcome {
            Outcome::Deduct { amount } => {
                write!(zh, "扣 {} 分", Plain(*amount)).and(write!(en, "−{}", Plain(*amount)))
            }
            Outcome::Award { amount } => {
                write!(zh, "加 {} 分", Plain(*amount)).and(write!(en, "+{}", Plain(*amount)))
            }
            Outcome::Set { score } => {
                write!(zh, "得 {} 分", Plain(*score)).and(write!(en, "scores {}", Plain(*score)))
            }
            Outcome::ItemZero => zh.write_str("本项不得分").and(en.write_str("the item scores zero")),
            Outcome::SectionZero => zh.write_str("本大项不得分").and(en.write_str("the section scores zero")),
            Outcome::TotalZero => zh.write_str("总分为零").and(en.write_str("the total is zero")),
            Outcome::Flag { flag: id } => {
                let (label, label_en) = flag.unwrap_or((id, id));
                zh.write_str(label).and(en.write_str(label_en))
            }
        };
        Message { zh, en }
    }
}
