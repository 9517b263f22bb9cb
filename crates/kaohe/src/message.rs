//! Messages in Chinese and English that say what a rule found and what it cost, built only when a
//! card is explained.

use rust_decimal::Decimal;

use crate::card::{Arithmetic, Message, Outcome};
use crate::number::percent;

use crate::ruleset::model::{Body, Counting, Rule, Ruleset};

/// Messages show at most four decimal places; the arithmetic and readings keep every digit.
fn plain(value: Decimal) -> String {
    value.round_dp(4).normalize().to_string()
}

fn shown_percent(value: Decimal) -> String {
    percent(value.round_dp(4))
}

impl Ruleset {
    /// `percent`: whether the value the rule compares reads as a percentage.
    pub(crate) fn message(
        &self,
        rule: &Rule,
        outcome: &Outcome,
        arithmetic: &Arithmetic,
        percent_value: bool,
    ) -> Message {
        let show = |v: Decimal| if percent_value { shown_percent(v) } else { plain(v) };
        let (zh_result, en_result) = self.outcome_text(outcome);
        let (zh, en) = match arithmetic {
            Arithmetic::Fixed { .. } | Arithmetic::Condition => (zh_result, en_result),
            Arithmetic::PerOccurrence { count, each, .. } => (
                format!("{} 次 × {} 分，{zh_result}", plain(*count), plain(*each)),
                format!("{} × {}: {en_result}", plain(*count), plain(*each)),
            ),
            Arithmetic::Ladder { value, threshold, drop, step, steps, per_step, .. } => {
                let below = value < threshold;
                let (gap_zh, gap_en) = if percent_value {
                    (
                        format!("{} 个百分点", plain(*drop * Decimal::ONE_HUNDRED)),
                        format!("{} percentage points", plain(*drop * Decimal::ONE_HUNDRED)),
                    )
                } else {
                    (plain(*drop), plain(*drop))
                };
                let step_shown = if percent_value {
                    format!("{} 个百分点", plain(*step * Decimal::ONE_HUNDRED))
                } else {
                    plain(*step)
                };
                let step_en = if percent_value {
                    format!("{} points", plain(*step * Decimal::ONE_HUNDRED))
                } else {
                    plain(*step)
                };
                let (counting_zh, counting_en) = match rule.body {
                    Body::Ladder { counting: Counting::Started, .. } => {
                        ("不足一档按一档计", "started steps count")
                    }
                    Body::Ladder { counting: Counting::Full, .. } => {
                        ("不足一档不计", "only full steps count")
                    }
                    _ => ("按比例计", "steps count proportionally"),
                };
                (
                    format!(
                        "{} {}{} {}，相差 {gap_zh}；每 {step_shown}为一档（{counting_zh}），共 {} 档 × {} 分，{zh_result}",
                        show(*value),
                        if below { "低于" } else { "高于" },
                        if matches!(rule.body, Body::Ladder { applies_when: crate::ruleset::model::Comparison::Le | crate::ruleset::model::Comparison::Ge, .. }) { "或等于" } else { "" },
                        show(*threshold),
                        plain(*steps),
                        plain(*per_step)
                    ),
                    format!(
                        "{} is {} {} by {gap_en}; {} steps of {step_en} ({counting_en}) × {}: {en_result}",
                        show(*value),
                        if below { "below" } else { "above" },
                        show(*threshold),
                        plain(*steps),
                        plain(*per_step)
                    ),
                )
            }
            Arithmetic::ZeroBound { value, bound } => {
                let below = value <= bound;
                (
                    format!(
                        "{} {} {}，{zh_result}",
                        show(*value),
                        if below { "低于" } else { "高于" },
                        show(*bound)
                    ),
                    format!(
                        "{} is {} {}: {en_result}",
                        show(*value),
                        if below { "below" } else { "above" },
                        show(*bound)
                    ),
                )
            }
            Arithmetic::Threshold { value, threshold, passes_when } => {
                let wanted_zh = match *passes_when {
                    ">" => "高于",
                    ">=" => "不低于",
                    "<" => "低于",
                    _ => "不高于",
                };
                let wanted_en = match *passes_when {
                    ">" => "above",
                    ">=" => "at least",
                    "<" => "below",
                    _ => "at most",
                };
                (
                    format!("{} 未达到要求（须{wanted_zh} {}），{zh_result}", show(*value), show(*threshold)),
                    format!("{} is not {wanted_en} {}: {en_result}", show(*value), show(*threshold)),
                )
            }
            Arithmetic::Proportional { value, of, .. } => (
                format!("{} × {} 分，{zh_result}", show(*value), plain(*of)),
                format!("{} × {}: {en_result}", show(*value), plain(*of)),
            ),
            Arithmetic::Formula { value } => (
                format!("计算值 {}，{zh_result}", plain(*value)),
                format!("computed {}: {en_result}", plain(*value)),
            ),
            Arithmetic::Assessed { entries, .. } => (
                format!("考核人员评定 {entries} 项，{zh_result}",),
                format!("assessor's amounts ({entries}): {en_result}"),
            ),
        };
        Message { zh: format!("{}：{zh}", rule.label), en: format!("{}: {en}", rule.label_en) }
    }

    fn outcome_text(&self, outcome: &Outcome) -> (String, String) {
        match outcome {
            Outcome::Deduct { amount } => {
                (format!("扣 {} 分", plain(*amount)), format!("−{}", plain(*amount)))
            }
            Outcome::Award { amount } => {
                (format!("加 {} 分", plain(*amount)), format!("+{}", plain(*amount)))
            }
            Outcome::Set { score } => {
                (format!("得 {} 分", plain(*score)), format!("scores {}", plain(*score)))
            }
            Outcome::ItemZero => ("本项不得分".into(), "the item scores zero".into()),
            Outcome::SectionZero => ("本大项不得分".into(), "the section scores zero".into()),
            Outcome::TotalZero => ("总分为零".into(), "the total is zero".into()),
            Outcome::Flag { flag } => match self.flags.iter().find(|f| f.id == *flag) {
                Some(f) => (f.label.clone(), f.label_en.clone()),
                None => (flag.to_string(), flag.to_string()),
            },
        }
    }
}
