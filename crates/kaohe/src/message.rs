//! Messages in Chinese and English that say what a rule found and what it cost, built only when a
//! card is explained. Each message is written straight into one buffer per language.

use std::fmt::{self, Display, Write};

use rust_decimal::Decimal;

use crate::card::{Arithmetic, Message, Outcome};
use crate::number::Percent;

use crate::ruleset::model::{Body, Comparison, Counting, Rule, Ruleset};

/// A decimal as messages show it: at most four decimal places; the arithmetic and readings keep
/// every digit.
struct Plain(Decimal);

impl Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.round_dp(4).normalize().fmt(f)
    }
}

/// A value the rule compares: a percentage when it reads as one.
struct Shown {
    value: Decimal,
    percent: bool,
}

impl Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.percent {
            Percent(self.value.round_dp(4)).fmt(f)
        } else {
            Plain(self.value).fmt(f)
        }
    }
}

/// A distance between a rate and its threshold: in percentage points (with `unit`) when the value
/// reads as a percentage.
struct Gap {
    value: Decimal,
    percent: bool,
    unit: &'static str,
}

impl Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.percent {
            match self.value.checked_mul(Decimal::ONE_HUNDRED) {
                Some(points) => write!(f, "{} {}", Plain(points), self.unit),
                // Too large for percentage points: the fraction itself, still exact.
                None => Plain(self.value).fmt(f),
            }
        } else {
            Plain(self.value).fmt(f)
        }
    }
}

impl Ruleset {
    /// `percent`: whether the value the rule compares reads as a percentage.
    pub(crate) fn message(
        &self,
        rule: &Rule,
        outcome: &Outcome,
        arithmetic: &Arithmetic,
        percent: bool,
    ) -> Message {
        let show = |value: Decimal| Shown { value, percent };
        let mut zh = String::with_capacity(192);
        let mut en = String::with_capacity(160);
        // Writing into a String cannot fail.
        let _ = write!(zh, "{}：", rule.label);
        let _ = write!(en, "{}: ", rule.label_en);
        let _ = match arithmetic {
            Arithmetic::Fixed { .. } | Arithmetic::Condition => Ok(()),
            Arithmetic::PerOccurrence { count, each, .. } => {
                let _ = write!(zh, "{} 次 × {} 分，", Plain(*count), Plain(*each));
                write!(en, "{} × {}: ", Plain(*count), Plain(*each))
            }
            Arithmetic::Ladder { value, threshold, drop, step, steps, per_step, .. } => {
                let below = value < threshold;
                let (counting_zh, counting_en) = match rule.body {
                    Body::Ladder { counting: Counting::Started, .. } => {
                        ("不足一档按一档计", "started steps count")
                    }
                    Body::Ladder { counting: Counting::Full, .. } => {
                        ("不足一档不计", "only full steps count")
                    }
                    _ => ("按比例计", "steps count proportionally"),
                };
                let or_equal =
                    matches!(rule.body, Body::Ladder { applies_when: Comparison::Le | Comparison::Ge, .. });
                let _ = write!(
                    zh,
                    "{} {}{} {}，相差 {}；每 {}为一档（{counting_zh}），共 {} 档 × {} 分，",
                    show(*value),
                    if below { "低于" } else { "高于" },
                    if or_equal { "或等于" } else { "" },
                    show(*threshold),
                    Gap { value: *drop, percent, unit: "个百分点" },
                    Gap { value: *step, percent, unit: "个百分点" },
                    Plain(*steps),
                    Plain(*per_step)
                );
                write!(
                    en,
                    "{} is {} {} by {}; {} steps of {} ({counting_en}) × {}: ",
                    show(*value),
                    if below { "below" } else { "above" },
                    show(*threshold),
                    Gap { value: *drop, percent, unit: "percentage points" },
                    Plain(*steps),
                    Gap { value: *step, percent, unit: "points" },
                    Plain(*per_step)
                )
            }
            Arithmetic::ZeroBound { value, bound } => {
                let below = value <= bound;
                let _ =
                    write!(zh, "{} {} {}，", show(*value), if below { "低于" } else { "高于" }, show(*bound));
                write!(en, "{} is {} {}: ", show(*value), if below { "below" } else { "above" }, show(*bound))
            }
            Arithmetic::Threshold { value, threshold, passes_when } => {
                let (wanted_zh, wanted_en) = match *passes_when {
                    ">" => ("高于", "above"),
                    ">=" => ("不低于", "at least"),
                    "<" => ("低于", "below"),
                    _ => ("不高于", "at most"),
                };
                let _ = write!(zh, "{} 未达到要求（须{wanted_zh} {}），", show(*value), show(*threshold));
                write!(en, "{} is not {wanted_en} {}: ", show(*value), show(*threshold))
            }
            Arithmetic::Proportional { value, of, .. } => {
                let _ = write!(zh, "{} × {} 分，", show(*value), Plain(*of));
                write!(en, "{} × {}: ", show(*value), Plain(*of))
            }
            Arithmetic::Formula { value } => {
                let _ = write!(zh, "计算值 {}，", Plain(*value));
                write!(en, "computed {}: ", Plain(*value))
            }
            Arithmetic::Assessed { entries, .. } => {
                let _ = write!(zh, "考核人员评定 {entries} 项，");
                write!(en, "assessor's amounts ({entries}): ")
            }
        };
        self.write_outcome(outcome, &mut zh, &mut en);
        Message { zh, en }
    }

    fn write_outcome(&self, outcome: &Outcome, zh: &mut String, en: &mut String) {
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
            Outcome::Flag { flag } => match self.flags.iter().find(|f| f.id == *flag) {
                Some(f) => zh.write_str(&f.label).and(en.write_str(&f.label_en)),
                None => zh.write_str(flag).and(en.write_str(flag)),
            },
        };
    }
}
