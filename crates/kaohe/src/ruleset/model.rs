//! A compiled ruleset: names resolved to value slots, amounts checked, ready to score many times.
//!
//! Value slots are laid out as inputs, then parameters, then metrics, in declaration order.

use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;
use smol_str::SmolStr;

use crate::calendar::{Period, YearMonth};
#[cfg(feature = "cases")]
use crate::cases::{
    count::{count, CountError, Counted},
    definition::CaseRules,
    table::CaseTable,
};
use crate::number::{compare, Rounding};
use crate::program::Program;
use crate::rollup::Rollup;
pub use crate::ruleset::parts::*;
use crate::ruleset::raw::Source;

/// A validated ruleset. Load once with [`Ruleset::from_toml`] or [`crate::builtin`], score many
/// times; it is immutable, so it can be shared between threads.
#[derive(Debug, Clone)]
pub struct Ruleset {
    pub(crate) meta: Meta,
    pub(crate) inputs: Vec<Input>,
    pub(crate) parameters: Vec<Parameter>,
    pub(crate) metrics: Vec<Metric>,
    pub(crate) flags: Vec<Arc<Flag>>,
    /// Highest lower bound first.
    pub(crate) grades: Vec<Arc<Grade>>,
    pub(crate) sections: Vec<Section>,
    pub(crate) rollups: Vec<Rollup>,
    /// For messages: whether each value slot reads as a percentage.
    pub(crate) percent_slots: Vec<bool>,
    /// How given values are checked into the inputs' slots, worked out once.
    pub(crate) input_plan: InputPlan,
    /// Every value slot before a scoring: inputs at their defaults, parameters at their values,
    /// metrics at 0.
    pub(crate) at_rest: Vec<Decimal>,
    /// How it scores: every step, in order.
    pub(crate) program: Program,
    /// How case records are counted into inputs, when the ruleset says.
    #[cfg(feature = "cases")]
    pub(crate) cases: Option<Arc<CaseRules>>,
}

/// Who wrote the scheme, where it comes from, and how this ruleset reads it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Meta {
    pub id: SmolStr,
    pub title: String,
    pub title_en: String,
    pub jurisdiction: String,
    pub version: SmolStr,
    pub source: Source,
    pub target_kinds: Vec<String>,
    pub full_marks: Decimal,
    pub rounding: Rounding,
    pub periods: Vec<Period>,
    /// The day a monthly period starts on: 1, or 26 for a month running from the 26th to the 25th.
    pub month_starts_on: u8,
    pub notes: Vec<String>,
}

impl Ruleset {
    /// The assessment month a calendar day falls in, under this ruleset's `month_starts_on`
    /// (see [`YearMonth::of_day`]); how case records are counted into months.
    pub fn month_of_day(&self, year: u16, month: u8, day: u8) -> Option<YearMonth> {
        YearMonth::of_day(year, month, day, self.meta.month_starts_on)
    }

    /// The ruleset's case counts and indicators, when it defines any.
    #[cfg(feature = "cases")]
    pub fn case_rules(&self) -> Option<&CaseRules> {
        self.cases.as_deref()
    }

    #[cfg(feature = "cases")]
    /// Counts a case table into each unit's assessment months (months under `month_starts_on`),
    /// keeping the rows each count took when `keep_cases` (for drill-down). Void rows and rows
    /// without a unit are left out and counted in the result.
    pub fn count_cases(&self, table: &CaseTable, keep_cases: bool) -> Result<Counted, CountError> {
        let rules = self.cases.as_deref().ok_or(CountError::NoDefinitions)?;
        count(rules, table, self.meta.month_starts_on, keep_cases)
    }

    /// The case counts as one SQL query over `table` (see [`crate::cases::sql`]); `has` says
    /// which case columns the table has.
    #[cfg(feature = "cases")]
    pub fn case_sql(
        &self,
        dialect: crate::cases::sql::Dialect,
        table: &str,
        has: &dyn Fn(crate::cases::columns::Column) -> bool,
    ) -> Result<String, CountError> {
        let rules = self.cases.as_deref().ok_or(CountError::NoDefinitions)?;
        rules.sql(dialect, self.meta.month_starts_on, table, has)
    }

    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    pub fn id(&self) -> &str {
        &self.meta.id
    }

    /// The kind a row that names none is assessed as: the first of the target kinds.
    pub fn default_kind(&self) -> &str {
        self.meta.target_kinds.first().map_or("", String::as_str)
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

    /// Every item's inputs, in the order of [`Ruleset::items`]: what its rules read, directly or
    /// through metrics (sorted by name), so that a report can tie a lost point to the data behind it.
    pub fn item_inputs(&self) -> Vec<Vec<&str>> {
        let items = self.sections.iter().flat_map(|s| s.items.iter());
        items
            .map(|item| {
                let mut pending: Vec<&str> =
                    item.rules.iter().flat_map(|r| &r.reads).map(|slot| &**self.slot_name(*slot)).collect();
                let (mut seen, mut found) = (Vec::new(), Vec::new());
                while let Some(name) = pending.pop() {
                    if seen.contains(&name) {
                        continue;
                    }
                    seen.push(name);
                    if self.inputs.iter().any(|i| &*i.name == name) {
                        found.push(name);
                    } else if let Some(metric) = self.metrics.iter().find(|m| &*m.name == name) {
                        pending.extend(metric.expr.names().into_iter().map(|(name, _)| name));
                    }
                }
                found.sort_unstable();
                found
            })
            .collect()
    }

    /// Each section's title (zh, en) and the inputs its items read, in section order, an input
    /// read by several sections listed under the first: how a form groups its fields.
    pub fn section_inputs(&self) -> Vec<(&str, &str, Vec<&str>)> {
        let mut items = self.item_inputs().into_iter();
        let mut seen: Vec<&str> = Vec::new();
        self.sections
            .iter()
            .map(|section| {
                let mut inputs = Vec::new();
                for read in items.by_ref().take(section.items.len()).flatten() {
                    if !seen.contains(&read) {
                        seen.push(read);
                        inputs.push(read);
                    }
                }
                (&*section.title, &*section.title_en, inputs)
            })
            .collect()
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
        self.grades.iter().position(|g| g.min.is_none_or(|min| compare(total, min).is_ge()))
    }

    /// What a value slot holds: inputs come first, then parameters, then metrics.
    pub(crate) fn slot(&self, slot: usize) -> Option<Slot<'_>> {
        let parameters = self.inputs.len();
        let metrics = parameters.saturating_add(self.parameters.len());
        if slot < parameters {
            self.inputs.get(slot).map(Slot::Input)
        } else if slot < metrics {
            self.parameters.get(slot.saturating_sub(parameters)).map(Slot::Parameter)
        } else {
            self.metrics.get(slot.saturating_sub(metrics)).map(Slot::Metric)
        }
    }

    pub(crate) fn slot_name(&self, slot: usize) -> &SmolStr {
        match self.slot(slot) {
            Some(Slot::Input(input)) => &input.name,
            Some(Slot::Parameter(parameter)) => &parameter.name,
            Some(Slot::Metric(metric)) => &metric.name,
            None => &self.meta.id,
        }
    }
}

/// What a value slot holds.
pub(crate) enum Slot<'a> {
    Input(&'a Input),
    Parameter(&'a Parameter),
    Metric(&'a Metric),
}
