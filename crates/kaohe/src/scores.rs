//! The numbers of one scoring, without names or trace, in buffers that batch scoring reuses from
//! row to row. A [`crate::ScoreCard`] is built from them when a caller wants names and effects.

use rust_decimal::Decimal;

/// Totals, item and section scores, grade and flags of one scoring. Make it once with
/// [`crate::Ruleset::new_scores`] and refill it with [`crate::Ruleset::score_row_into`]: after the
/// first row, scoring allocates nothing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// The total after the ruleset's rounding.
    pub total: Decimal,
    /// A veto set the whole total to zero.
    pub total_zeroed: bool,
    /// The index in [`crate::Ruleset::grades`] of the band the total falls in.
    pub grade: Option<usize>,
    /// Every item, section after section, in ruleset order.
    pub items: Vec<ItemResult>,
    pub sections: Vec<SectionResult>,
    /// For each of [`crate::Ruleset::flags`], whether it was raised.
    pub flags: Vec<bool>,
    /// The value slots: inputs, parameters, then metrics.
    pub(crate) values: Vec<Decimal>,
}

/// One item's score and how it came about.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ItemResult {
    /// After floor, cap, vetoes and the ruleset's rounding.
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
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SectionResult {
    pub score: Decimal,
    /// A veto set the section to zero.
    pub zeroed: bool,
}
