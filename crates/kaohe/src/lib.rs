//! kaohe (考核) scores Chinese digital urban-management (数字城管) assessments exactly and
//! explainably. A scheme is a TOML ruleset, compiled once and scored many times:
//!
//! ```
//! use kaohe::{builtin, Inputs};
//!
//! let ruleset = builtin::load("ningbo/district")?;
//! let mut month = Inputs::new();
//! month
//!     .insert("grid_cells", 300)
//!     .insert("inspectors", 20)
//!     .insert("operators", 15)
//!     .insert("inspector_online_rate", "72%")
//!     .insert("reported_items", 1000)
//!     .insert("valid_cases", 800)
//!     .insert("daily_valid_collections", 300)
//!     .insert("on_time_closure_rate", "91%")
//!     .insert("closure_rate", "97%")
//!     .insert("rework_rate", "1%")
//!     .insert("superior_satisfaction", "95%")
//!     .insert("partner_satisfaction", "90%")
//!     .insert("community_satisfaction", "88%")
//!     .insert("late_arrivals", 2);
//! let card = ruleset.explain(&month)?;
//! assert_eq!(card.total.to_string(), "98"); // 100 − 2 late arrivals × 1
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects
    )
)]

pub mod builtin;
mod calendar;
mod card;
#[cfg(feature = "cases")]
pub mod cases;
pub mod compare;
mod diagnostic;
mod embedded;
mod expr;
mod input_error;
mod inputs;
#[cfg(feature = "json")]
pub mod json;
pub mod limits;
pub mod line;
mod message;
mod number;
mod program;
pub mod rank;
pub mod render;
pub mod report;
mod rollup;
mod rules;
mod ruleset;
pub mod scheme;
mod score;
mod scores;
mod values;

pub use calendar::Period;
pub use calendar::{PeriodKey, YearMonth};
pub use card::{Effect, ItemScore, MetricValue, Reading, ScoreCard, SectionScore, CARD_FORMAT};
pub use diagnostic::{Code as DiagnosticCode, Diagnostic, RulesetError};
pub use embedded::{Extended, Resolver};
pub use input_error::Segment;
pub use inputs::{
    occurrence_cell, Columns, InputError, InputErrorKind, InputErrors, InputValue, Inputs,
    OCCURRENCE_SEPARATOR, RESERVED_COLUMNS,
};
pub use limits::MAX_EXTENDS_DEPTH;
pub use number::{push_normalized, Rounding, RoundingMode, RoundingScope};
pub use rollup::ledger::{Closed, Ledger};
pub use rollup::period::{MonthLine, PeriodCard, RaisedFlag};
pub use rollup::{Aggregate, AggregateBy, MissingMonths, Rollup};
pub use rules::outcome::{Arithmetic, Message, Outcome};
pub use rules::{Comparison, Counting, RuleKind};
pub use ruleset::model::{Flag, Grade, Input, InputKind, Meta, Metric, Parameter, Ruleset};
pub use ruleset::raw::Source;
pub use rust_decimal::Decimal;
pub use scores::{ItemResult, Scores, SectionResult};
/// The type of names and labels on cards and in rulesets: a string that derefs to `str`.
pub use smol_str::SmolStr;

/// The README's Rust examples run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
