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
//!
//! An explained card's line adds its effects: as JSON for the npm package
//! ([`crate::json::explained_line`]), as length-prefixed parts for Java (its boundary's
//! `push_effects`).

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
        let marks = u32::from(item.zeroed) | u32::from(item.floored) << 1 | u32::from(item.capped) << 2;
        // One digit (0 to 7), a line's most frequent value: pushed, not formatted.
        out.push(',');
        out.push(char::from_digit(marks, 10).unwrap_or('0'));
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
