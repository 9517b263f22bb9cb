//! Rollups: how monthly cards combine into a quarter, half-year or year (`[rollup.<period>]`).
//! The compiled form lives here, its compiling in `compile`, its scoring in `period`, and many
//! units' months on their way to their periods in `ledger`.
//!
//! A rollup's formula reads its own scope: the built-in values (`total_mean`, `total_sum`,
//! `months_present`, `months_expected`), the ruleset's parameters, the period's own inputs and the
//! declared aggregates of monthly values.

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

use crate::calendar::Period;
use crate::expr::Expr;
use crate::ruleset::parts::{Input, InputPlan};

pub(crate) mod compile;
pub(crate) mod ledger;
pub(crate) mod period;

/// The values every rollup formula can read, in slot order.
pub const BUILT_INS: [&str; 4] = ["total_mean", "total_sum", "months_present", "months_expected"];

/// What to do when a month of the period has no card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingMonths {
    /// Means and sums run over the months present.
    MeanOfPresent,
    /// A missing month counts as a total of zero.
    Zero,
    /// A missing month is an input error.
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AggregateBy {
    Sum,
    Mean,
    Min,
    Max,
}

/// What an aggregate reads from each month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Monthly {
    Total,
    Slot(usize),
    /// An item's place among all the ruleset's items, in order.
    Item(usize),
}

/// A monthly value summed, averaged or bounded over the period's months.
#[derive(Debug, Clone, Serialize)]
pub struct Aggregate {
    pub name: SmolStr,
    pub label: String,
    pub label_en: String,
    pub by: AggregateBy,
    #[serde(skip)]
    pub(crate) of: Monthly,
}

#[derive(Debug, Clone)]
pub(crate) struct RollupFlag {
    pub when: Expr,
    pub flag: usize,
    pub label: SmolStr,
    pub label_en: SmolStr,
    pub basis: SmolStr,
}

/// How monthly cards make one longer period.
#[derive(Debug, Clone, Serialize)]
pub struct Rollup {
    pub period: Period,
    pub months: u32,
    pub missing_months: MissingMonths,
    pub carry_negative: bool,
    /// The monthly input through which a month's card takes the deficit carried in; the rollup
    /// fills it, so each month's card is its published score after carry-over.
    pub carry_input: Option<SmolStr>,
    pub label: String,
    pub label_en: String,
    pub basis: String,
    /// The formula as written.
    pub formula: String,
    /// Inputs given once for the period (a bonus, an evaluation score).
    pub inputs: Vec<Input>,
    /// How the period's inputs are checked, worked out once.
    #[serde(skip)]
    pub(crate) input_plan: InputPlan,
    #[serde(skip)]
    pub(crate) expr: Expr,
    pub aggregates: Vec<Aggregate>,
    #[serde(skip)]
    pub(crate) flags: Vec<RollupFlag>,
}

/// Parses the `month_starts_on` value, which must be a day of the month.
pub(crate) fn valid_start_day(day: u8) -> bool {
    (1..=28).contains(&day)
}
