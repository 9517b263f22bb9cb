//! One scoring's numbers as one line of text, for bindings that keep a card's fixed parts (ids,
//! titles, points: [`Ruleset::outline`]) once per ruleset and set each scoring's numbers into
//! them, so that no card text is written, copied or parsed per call.
//!
//! Fields are separated by tabs, the values within a field by commas; decimals as
//! [`push_normalized`] writes them, booleans as `0` or `1`. The numbers:
//!
//! 1. the total; 2. the grade's position in [`Ruleset::grades`], or nothing; 3. the positions of
//!    the flags raised in [`Ruleset::flags`]; 4. every item's score, in [`Ruleset::items`] order.
//!
//! A card's line goes on:
//!
//! 5. whether a veto zeroed the total; 6. every metric's value, in [`Ruleset::metrics`] order;
//! 7. each section's score and whether it was zeroed; 8. each item's deducted and awarded points
//!    and its marks (zeroed + 2 floored + 4 capped).

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::number::push_normalized;
use crate::ruleset::model::Ruleset;
use crate::scores::Scores;

/// What a line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fields {
    /// Fields 1 to 4.
    Numbers,
    /// Fields 1 to 8.
    Card,
}

/// Appends the line of `scores` (scored by `ruleset`), without a line break.
pub fn push_line(out: &mut String, ruleset: &Ruleset, scores: &Scores, fields: Fields) {
    let bit = |raised: bool| if raised { '1' } else { '0' };
    push_normalized(out, scores.total);
    out.push('\t');
    if let Some(grade) = scores.grade {
        let _ = write!(out, "{grade}");
    }
    out.push('\t');
    let raised = scores.flags.iter().enumerate().filter(|(_, raised)| **raised);
    for (k, (flag, _)) in raised.enumerate() {
        let _ = write!(out, "{}{flag}", if k > 0 { "," } else { "" });
    }
    out.push('\t');
    push_list(out, scores.items.iter().map(|item| item.score));
    if fields == Fields::Numbers {
        return;
    }
    out.push('\t');
    out.push(bit(scores.total_zeroed));
    out.push('\t');
    push_list(out, ruleset.metric_values(scores).iter().copied());
    out.push('\t');
    for (k, section) in scores.sections.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        push_normalized(out, section.score);
        out.push(',');
        out.push(bit(section.zeroed));
    }
    out.push('\t');
    for (k, item) in scores.items.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        push_normalized(out, item.deducted);
        out.push(',');
        push_normalized(out, item.awarded);
        let marks = u8::from(item.zeroed) | u8::from(item.floored) << 1 | u8::from(item.capped) << 2;
        let _ = write!(out, ",{marks}");
    }
}

fn push_list(out: &mut String, values: impl Iterator<Item = Decimal>) {
    for (k, value) in values.enumerate() {
        if k > 0 {
            out.push(',');
        }
        push_normalized(out, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{InputValue, Inputs};

    #[test]
    fn a_line_holds_every_number_of_the_card_in_order() {
        let ruleset = crate::builtin::load("ningbo/district").unwrap();
        // The vector corpus's clean Ningbo month (tests/vectors/ningbo-district.toml), with the
        // external network down and two unreported major events.
        let mut inputs = Inputs::new();
        for (name, value) in [
            ("grid_cells", "400"),
            ("inspectors", "30"),
            ("operators", "20"),
            ("inspector_online_rate", "80%"),
            ("reported_items", "1000"),
            ("valid_cases", "800"),
            ("daily_valid_collections", "400"),
            ("on_time_closure_rate", "90%"),
            ("closure_rate", "98%"),
            ("rework_rate", "1%"),
            ("superior_satisfaction", "95%"),
            ("partner_satisfaction", "90%"),
            ("community_satisfaction", "90%"),
            ("unreported_major_events", "2"),
        ] {
            inputs.insert(name, InputValue::Text(value.into()));
        }
        inputs.insert("external_network_outage", InputValue::Bool(true));
        let mut scores = ruleset.new_scores();
        ruleset.score_into(&inputs, &mut scores).unwrap();
        let mut line = String::new();
        push_line(&mut line, &ruleset, &scores, Fields::Card);
        // 设备管理 (equipment, 8): the outage is a veto, the item is zeroed (marks 1), nothing
        // deducted. 信息和重大事项上报 (reporting, 8): 2 × 3 = 6 deducted -> 2, and two events raise
        // the one flag (position 0). Sections 20, 14 + 0 + 2 = 16, 45, 5; total 86. Ningbo has no
        // grades. Metrics: 30 × 15 / 400 = 1.125, 20 × 20 / 400 = 1, 800 / 1000 = 0.8, 400 / 400 = 1.
        let items = "4,2,2,4,4,4,14,0,2,7,7,7,7,5,4,4,4,2,1,2";
        let marks = ["0,0,0"; 20].map(str::to_owned);
        let mut details = marks.to_vec();
        details[7] = "0,0,1".into();
        details[8] = "6,0,0".into();
        let expected =
            format!("86\t\t0\t{items}\t0\t1.125,1,0.8,1\t20,0,16,0,45,0,5,0\t{}", details.join(","));
        assert_eq!(line, expected);
        let mut numbers = String::new();
        push_line(&mut numbers, &ruleset, &scores, Fields::Numbers);
        assert_eq!(numbers, format!("86\t\t0\t{items}"));
    }
}
