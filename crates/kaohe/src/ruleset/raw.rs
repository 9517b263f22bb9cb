//! The ruleset file as written (format 1), before validation. Every table refuses unknown keys so
//! a misspelt key is an error, and the values an error may point at keep their source spans.

use indexmap::IndexMap;
use serde::Deserialize;
use toml::Spanned;

pub use crate::calendar::Period;
#[cfg(feature = "cases")]
use crate::cases::definition::{RawCaseCount, RawCaseList, RawCaseSettings, RawIndicator};
/// Without the `cases` feature a ruleset's case tables are accepted and not compiled.
#[cfg(not(feature = "cases"))]
type RawCaseSettings = serde::de::IgnoredAny;
#[cfg(not(feature = "cases"))]
type RawCaseList = serde::de::IgnoredAny;
#[cfg(not(feature = "cases"))]
type RawCaseCount = serde::de::IgnoredAny;
#[cfg(not(feature = "cases"))]
type RawIndicator = serde::de::IgnoredAny;
use crate::number::{Number, NumberOrParameter, Rounding};
use crate::rollup::{AggregateBy, MissingMonths};
pub use crate::rules::raw::RawRule;
use crate::ruleset::parts::InputKind;

pub type Name = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRuleset {
    pub format: Spanned<u32>,
    pub id: Name,
    pub title: String,
    pub title_en: String,
    pub jurisdiction: String,
    pub version: String,
    pub source: Source,
    pub target_kinds: Vec<String>,
    pub full_marks: Spanned<NumberOrParameter>,
    pub rounding: Rounding,
    /// The periods the scheme assesses.
    #[serde(default)]
    pub periods: Vec<Period>,
    #[serde(default)]
    pub notes: Vec<String>,
    #[serde(default)]
    pub input: IndexMap<Name, RawInput>,
    #[serde(default)]
    pub parameter: IndexMap<Name, RawParameter>,
    #[serde(default)]
    pub metric: IndexMap<Name, RawMetric>,
    #[serde(default)]
    pub flag: IndexMap<Name, RawFlag>,
    #[serde(default)]
    pub grade: Vec<RawGrade>,
    #[serde(default)]
    pub section: Vec<RawSection>,
    /// The day of the month a monthly period starts on (26 for a period of the 26th to the 25th).
    #[serde(default)]
    pub month_starts_on: Option<Spanned<u8>>,
    /// How monthly cards combine into longer periods, keyed by period (`[rollup.year]`).
    #[serde(default)]
    pub rollup: IndexMap<Name, RawRollup>,
    /// How case records are counted (see `cases::definition`); read but not kept without the
    /// `cases` feature.
    #[cfg_attr(not(feature = "cases"), allow(dead_code))]
    #[serde(default)]
    pub cases: Option<RawCaseSettings>,
    #[cfg_attr(not(feature = "cases"), allow(dead_code))]
    #[serde(default)]
    pub case_list: IndexMap<Name, RawCaseList>,
    #[cfg_attr(not(feature = "cases"), allow(dead_code))]
    #[serde(default)]
    pub case_count: IndexMap<Name, RawCaseCount>,
    /// Without the `cases` feature only the names are read: the inputs indicators fill.
    #[serde(default)]
    pub indicator: IndexMap<Name, RawIndicator>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRollup {
    /// How many monthly cards make the period.
    pub months: Spanned<u32>,
    pub missing_months: MissingMonths,
    /// A negative month counts as zero and its deficit moves into the next month.
    #[serde(default)]
    pub carry_negative: bool,
    /// With `carry_negative`: the monthly amount input (at most 0) through which each month's
    /// card takes the deficit carried in, so the month's published score already carries it.
    #[serde(default)]
    pub carry_input: Option<Name>,
    /// The period's total, over the built-in values, parameters, period inputs and aggregates.
    pub formula: Spanned<String>,
    pub label: String,
    pub label_en: String,
    pub basis: String,
    #[serde(default)]
    pub input: IndexMap<Name, RawInput>,
    #[serde(default)]
    pub aggregate: IndexMap<Name, RawAggregate>,
    #[serde(default)]
    pub flag: Vec<RawRollupFlag>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAggregate {
    /// `total`, a monthly input or metric, or an item id.
    pub of: Name,
    pub by: AggregateBy,
    pub label: String,
    pub label_en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRollupFlag {
    pub when: Spanned<String>,
    pub raise: Name,
    pub label: String,
    pub label_en: String,
    pub basis: String,
}

/// Where the scheme comes from: enough to find the clause in the original.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The document's title as published.
    pub document: String,
    /// Its number (文号), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The date it took effect, when given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<String>,
    /// The attachment or table the items come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawInput {
    pub kind: InputKind,
    pub label: String,
    pub label_en: String,
    #[serde(default)]
    pub unit: Option<String>,
    #[serde(default)]
    pub min: Option<Spanned<NumberOrParameter>>,
    #[serde(default)]
    pub max: Option<Spanned<NumberOrParameter>>,
    /// The name of another input this one may not exceed (a numerator and its denominator).
    #[serde(default)]
    pub at_most: Option<Name>,
    /// The most decimal places a value may have (for a rate, of the fraction: 0.875 has 3).
    #[serde(default)]
    pub places: Option<Spanned<u32>>,
    /// For `occurrences`: how many entries the list may hold.
    #[serde(default)]
    pub max_entries: Option<Spanned<usize>>,
    /// The value taken when the input is not given; without it the input is required.
    #[serde(default)]
    pub default: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawParameter {
    /// Absent when the source leaves the value to the adopting authority: a ruleset that
    /// `extends` this one must supply it.
    #[serde(default)]
    pub value: Option<Spanned<Number>>,
    pub label: String,
    pub label_en: String,
    /// Why the value is what it is: the clause, or that it is a local choice.
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RawDisplay {
    Number,
    Percent,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetric {
    pub expr: Spanned<String>,
    pub label: String,
    pub label_en: String,
    /// How the value reads in messages; `percent` for fractions such as rates.
    pub display: RawDisplay,
    /// The metric's value when a denominator is zero, or `"error"`. Required when the expression
    /// divides by anything but a constant.
    #[serde(default)]
    pub zero_denominator: Option<Spanned<ZeroDenominator>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZeroDenominator {
    Error,
    Value(rust_decimal::Decimal),
}

impl<'de> Deserialize<'de> for ZeroDenominator {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(Number),
            Word(String),
        }
        match Either::deserialize(deserializer)? {
            Either::Number(Number(value)) => Ok(ZeroDenominator::Value(value)),
            Either::Word(word) if word == "error" => Ok(ZeroDenominator::Error),
            Either::Word(word) => Err(serde::de::Error::custom(format!(
                "zero_denominator is `{word}`; expected \"error\" or a number"
            ))),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFlag {
    pub label: String,
    pub label_en: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrade {
    /// Inclusive lower bound; `"none"` for the lowest band when totals can go below zero.
    pub min: Spanned<Bound>,
    pub label: String,
    pub label_en: String,
    /// The colour the scheme gives the band, if it gives one.
    #[serde(default)]
    pub colour: Option<Spanned<String>>,
    #[serde(default)]
    pub consequence: Option<String>,
    #[serde(default)]
    pub consequence_en: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    pub id: Name,
    pub title: String,
    pub title_en: String,
    pub points: Spanned<NumberOrParameter>,
    /// A bonus section adds up to its points on top of full marks.
    #[serde(default)]
    pub bonus: bool,
    #[serde(default)]
    pub item: Vec<RawItem>,
}

/// `floor = "none"` / `cap = "none"` for schemes with no floor or cap (下不保底, 上不封顶).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    At(rust_decimal::Decimal),
    None,
}

impl<'de> Deserialize<'de> for Bound {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(Number),
            Word(String),
        }
        match Either::deserialize(deserializer)? {
            Either::Number(Number(value)) => Ok(Bound::At(value)),
            Either::Word(word) if word == "none" => Ok(Bound::None),
            Either::Word(word) => Err(serde::de::Error::custom(format!(
                "`{word}` is not a bound; expected a number or \"none\""
            ))),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItem {
    pub id: Name,
    pub title: String,
    pub title_en: String,
    pub points: Spanned<NumberOrParameter>,
    /// The score before any rule acts: the item's points when absent (0 in a bonus section).
    #[serde(default)]
    pub start: Option<Spanned<Number>>,
    /// Lowest score; 0 when absent (扣完为止).
    #[serde(default)]
    pub floor: Option<Bound>,
    /// Highest score; the item's points when absent.
    #[serde(default)]
    pub cap: Option<Bound>,
    #[serde(default)]
    pub rule: Vec<Spanned<RawRule>>,
}
