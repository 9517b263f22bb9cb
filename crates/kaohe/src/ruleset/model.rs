//! A compiled ruleset: names resolved to value slots, amounts checked, ready to score many times.
//!
//! Value slots are laid out as inputs, then parameters, then metrics, in declaration order.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::expr::Expr;
use crate::inputs::InputValue;
use crate::number::Rounding;
use crate::rules::Rule;
use crate::ruleset::raw::{Period, Source};
use crate::ruleset::rollup::Rollup;

/// A validated ruleset. Load once with [`Ruleset::from_toml`] or [`crate::builtin`], score many
/// times; it is immutable, so it can be shared between threads.
#[derive(Debug, Clone)]
pub struct Ruleset {
    pub(crate) meta: Meta,
    pub(crate) inputs: Vec<Input>,
    pub(crate) parameters: Vec<Parameter>,
    pub(crate) metrics: Vec<Metric>,
    /// Metric indices in an order where each reads only metrics before it.
    pub(crate) metric_order: Vec<usize>,
    pub(crate) flags: Vec<Arc<Flag>>,
    /// Highest lower bound first.
    pub(crate) grades: Vec<Arc<Grade>>,
    pub(crate) sections: Vec<Section>,
    pub(crate) rollups: Vec<Rollup>,
    /// For messages: whether each value slot reads as a percentage.
    pub(crate) percent_slots: Vec<bool>,
    /// Each item's result when none of its rules fires, worked out once.
    pub(crate) resting: Vec<crate::scores::ItemResult>,
}

/// Who wrote the scheme, where it comes from, and how this ruleset reads it.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub id: Arc<str>,
    pub title: String,
    pub title_en: String,
    pub jurisdiction: String,
    pub version: String,
    pub source: Source,
    pub target_kinds: Vec<String>,
    pub full_marks: Decimal,
    pub rounding: Rounding,
    pub periods: Vec<Period>,
    /// The day a monthly period starts on: 1, or 26 for a month running from the 26th to the 25th.
    pub month_starts_on: u8,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A non-negative whole number.
    Count,
    /// Any decimal within the declared bounds.
    Amount,
    /// A fraction from 0 to 1; `"87.5%"` is accepted.
    Rate,
    /// True or false.
    Flag,
    /// An amount the assessor chooses within a range (酌情).
    Score,
    /// A list of occurrences, each with its own assessor-chosen amount within a range.
    Occurrences,
}

/// A declared input, with what a form needs to ask for it.
#[derive(Debug, Clone, Serialize)]
pub struct Input {
    pub name: Arc<str>,
    pub kind: InputKind,
    pub label: String,
    pub label_en: String,
    pub unit: Option<String>,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    /// Another input this one may not exceed.
    pub at_most: Option<Arc<str>>,
    /// The most decimal places a value (or each occurrence) may have.
    pub places: Option<u32>,
    /// For occurrences: the most entries the list may hold.
    pub max_entries: Option<usize>,
    /// The value used when the input is absent; `None` means the input is required.
    pub default: Option<InputValue>,
    #[serde(skip)]
    pub(crate) default_value: Option<Decimal>,
    #[serde(skip)]
    pub(crate) at_most_slot: Option<usize>,
}

/// A named constant a city may set differently.
#[derive(Debug, Clone, Serialize)]
pub struct Parameter {
    pub name: Arc<str>,
    /// `None` when the source leaves the value to the adopting authority: the ruleset cannot
    /// score until a variant supplies it.
    pub value: Option<Decimal>,
    pub label: String,
    pub label_en: String,
    pub note: String,
}

/// A value derived from inputs and parameters by an expression.
#[derive(Debug, Clone, Serialize)]
pub struct Metric {
    pub name: Arc<str>,
    pub label: String,
    pub label_en: String,
    /// The expression as written.
    pub formula: String,
    /// The value used when a denominator is zero; `None` makes that an input error.
    pub zero_denominator: Option<Decimal>,
    #[serde(skip)]
    pub(crate) expr: Expr,
}

/// A mark a card can carry besides its points, such as losing award eligibility.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    pub id: Arc<str>,
    pub label: String,
    pub label_en: String,
}

/// A grade band; a total at or above `min` earns it unless a higher band applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grade {
    /// Inclusive lower bound; `None` for a lowest band that takes every total.
    pub min: Option<Decimal>,
    pub label: String,
    pub label_en: String,
    pub colour: Option<String>,
    pub consequence: Option<String>,
    pub consequence_en: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub id: Arc<str>,
    pub title: Arc<str>,
    pub title_en: Arc<str>,
    pub points: Decimal,
    pub bonus: bool,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub id: Arc<str>,
    pub title: Arc<str>,
    pub title_en: Arc<str>,
    pub points: Decimal,
    /// The score before rules act; `None` means the points (0 in a bonus section).
    pub start: Option<Decimal>,
    pub floor: Option<Decimal>,
    pub cap: Option<Decimal>,
    pub rules: Vec<Rule>,
}

impl Ruleset {
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    pub fn id(&self) -> &str {
        &self.meta.id
    }

    /// The declared inputs, in file order: enough to build a form.
    pub fn inputs(&self) -> &[Input] {
        &self.inputs
    }

    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }

    /// Parameters still without a value; a ruleset with any cannot score (a variant that
    /// `extends` it supplies them).
    pub fn missing_parameters(&self) -> impl Iterator<Item = &Parameter> {
        self.parameters.iter().filter(|p| p.value.is_none())
    }

    /// Every item's id and title, section by section, in file order.
    pub fn items(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sections.iter().flat_map(|s| s.items.iter().map(|i| (&*i.id, &*i.title)))
    }

    /// Every item's points, and whether its section is a bonus, in the order of [`Ruleset::items`].
    pub fn item_points(&self) -> impl Iterator<Item = (Decimal, bool)> + '_ {
        self.sections.iter().flat_map(|s| s.items.iter().map(|i| (i.points, s.bonus)))
    }

    /// Every item's id with its floor and cap (`None` where the item has none).
    pub fn item_bounds(&self) -> impl Iterator<Item = (&str, Option<Decimal>, Option<Decimal>)> {
        self.sections.iter().flat_map(|s| s.items.iter().map(|i| (&*i.id, i.floor, i.cap)))
    }

    /// How monthly cards combine into longer periods.
    pub fn rollups(&self) -> &[Rollup] {
        &self.rollups
    }

    pub fn metrics(&self) -> &[Metric] {
        &self.metrics
    }

    pub fn flags(&self) -> &[Arc<Flag>] {
        &self.flags
    }

    pub fn grades(&self) -> &[Arc<Grade>] {
        &self.grades
    }

    /// The band a total falls in: the highest whose lower bound it reaches.
    pub fn grade(&self, total: Decimal) -> Option<&Arc<Grade>> {
        self.grade_index(total).and_then(|index| self.grades.get(index))
    }

    /// The position in [`Ruleset::grades`] of the band a total falls in.
    pub(crate) fn grade_index(&self, total: Decimal) -> Option<usize> {
        self.grades.iter().position(|g| g.min.is_none_or(|min| total >= min))
    }

    pub(crate) fn slot_name(&self, slot: usize) -> &Arc<str> {
        let parameters = self.inputs.len();
        let metrics = parameters.saturating_add(self.parameters.len());
        if slot < parameters {
            self.inputs.get(slot).map(|i| &i.name)
        } else if slot < metrics {
            self.parameters.get(slot.saturating_sub(parameters)).map(|p| &p.name)
        } else {
            self.metrics.get(slot.saturating_sub(metrics)).map(|m| &m.name)
        }
        .unwrap_or(&self.meta.id)
    }
}
