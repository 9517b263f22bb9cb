//! Compiling `[rollup.<period>]`: how monthly cards combine into a quarter, half-year or year.
//!
//! A rollup's formula reads its own scope: the built-in values (`total_mean`, `total_sum`,
//! `months_present`, `months_expected`), the ruleset's parameters, the period's own inputs and the
//! declared aggregates of monthly values.

use std::sync::Arc;

use indexmap::IndexMap;
use serde::Serialize;
use toml::Spanned;

use crate::diagnostic::did_you_mean;
use crate::expr::Expr;
use crate::ruleset::compile::Compiler;
use crate::ruleset::model::{Input, Parameter, Section};
use crate::ruleset::raw::{Period, RawAggregateBy, RawMissingMonths, RawRollup};

/// The values every rollup formula can read, in slot order.
pub const BUILT_INS: [&str; 4] = ["total_mean", "total_sum", "months_present", "months_expected"];

/// What to do when a month of the period has no card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingMonths {
    /// Means and sums run over the months present.
    MeanOfPresent,
    /// A missing month counts as a total of zero.
    Zero,
    /// A missing month is an input error.
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    pub name: Arc<str>,
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
    pub label: Arc<str>,
    pub label_en: Arc<str>,
    pub basis: Arc<str>,
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
    pub carry_input: Option<Arc<str>>,
    pub label: String,
    pub label_en: String,
    pub basis: String,
    /// The formula as written.
    pub formula: String,
    /// Inputs given once for the period (a bonus, an evaluation score).
    pub inputs: Vec<Input>,
    #[serde(skip)]
    pub(crate) expr: Expr,
    pub aggregates: Vec<Aggregate>,
    #[serde(skip)]
    pub(crate) flags: Vec<RollupFlag>,
}

impl Compiler<'_> {
    pub(crate) fn rollups(
        &mut self,
        raw: IndexMap<Spanned<String>, RawRollup>,
        parameters: &[Parameter],
        sections: &[Section],
    ) -> Vec<Rollup> {
        let mut rollups = Vec::with_capacity(raw.len());
        for (key, raw) in raw {
            let period = match key.get_ref().as_str() {
                "quarter" => Period::Quarter,
                "half_year" => Period::HalfYear,
                "year" => Period::Year,
                other => {
                    let hint = Some("roll months up to `quarter`, `half_year` or `year`".to_owned());
                    self.error(
                        key.span(),
                        format!("`{other}` is not a period monthly cards roll up to"),
                        hint,
                    );
                    continue;
                }
            };
            if let Some(rollup) = self.rollup(period, raw, parameters, sections) {
                rollups.push(rollup);
            }
        }
        rollups
    }

    fn rollup(
        &mut self,
        period: Period,
        raw: RawRollup,
        parameters: &[Parameter],
        sections: &[Section],
    ) -> Option<Rollup> {
        let months = *raw.months.get_ref();
        if !(1..=12).contains(&months) {
            self.error(raw.months.span(), format!("a period of {months} months"), Some("use 1 to 12".into()));
        }
        // The rollup's own names, each with its slot.
        let mut scope: IndexMap<String, usize> =
            BUILT_INS.iter().enumerate().map(|(slot, name)| (name.to_string(), slot)).collect();
        for parameter in parameters {
            scope.insert(parameter.name.to_string(), scope.len());
        }
        let mut inputs = Vec::with_capacity(raw.input.len());
        for (name, mut input) in raw.input {
            if let Some(limit) = input.at_most.take() {
                self.error(limit.span(), "period inputs take no `at_most`", None);
            }
            self.scope_name(&mut scope, &name);
            inputs.push(self.input(&name, input));
        }
        let mut aggregates = Vec::with_capacity(raw.aggregate.len());
        for (name, aggregate) in raw.aggregate {
            let of = self.monthly(&aggregate.of, sections);
            self.scope_name(&mut scope, &name);
            let by = match aggregate.by {
                RawAggregateBy::Sum => AggregateBy::Sum,
                RawAggregateBy::Mean => AggregateBy::Mean,
                RawAggregateBy::Min => AggregateBy::Min,
                RawAggregateBy::Max => AggregateBy::Max,
            };
            aggregates.push(Aggregate {
                name: Arc::from(name.get_ref().as_str()),
                label: aggregate.label,
                label_en: aggregate.label_en,
                of: of?,
                by,
            });
        }
        let carry_input =
            raw.carry_input.as_ref().and_then(|name| self.carry_input(name, raw.carry_negative));
        let expr = self.period_expression(&raw.formula, "the rollup formula", &scope);
        let mut flags = Vec::with_capacity(raw.flag.len());
        for flag in raw.flag {
            let (flag_label, flag_label_en, flag_basis) = (flag.label, flag.label_en, flag.basis);
            let when = self.period_expression(&flag.when, "the rollup flag's condition", &scope);
            let index = self.raise(&flag.raise);
            if let (Some(when), Some(flag)) = (when, index) {
                flags.push(RollupFlag {
                    when,
                    flag,
                    label: Arc::from(flag_label),
                    label_en: Arc::from(flag_label_en),
                    basis: Arc::from(flag_basis),
                });
            }
        }
        Some(Rollup {
            period,
            months,
            missing_months: match raw.missing_months {
                RawMissingMonths::MeanOfPresent => MissingMonths::MeanOfPresent,
                RawMissingMonths::Zero => MissingMonths::Zero,
                RawMissingMonths::Error => MissingMonths::Error,
            },
            carry_negative: raw.carry_negative,
            carry_input,
            label: raw.label,
            label_en: raw.label_en,
            basis: raw.basis,
            formula: raw.formula.get_ref().clone(),
            inputs,
            expr: expr?,
            aggregates,
            flags,
        })
    }

    fn scope_name(&mut self, scope: &mut IndexMap<String, usize>, name: &Spanned<String>) {
        if scope.contains_key(name.get_ref().as_str()) {
            let hint = Some(format!("built-in rollup values are {}", BUILT_INS.join(", ")));
            self.error(name.span(), format!("`{}` is already a name in this rollup", name.get_ref()), hint);
        } else {
            scope.insert(name.get_ref().clone(), scope.len());
        }
    }

    /// `total`, a monthly input or metric, or an item id.
    fn monthly(&mut self, of: &Spanned<String>, sections: &[Section]) -> Option<Monthly> {
        let name = of.get_ref().as_str();
        if name == "total" {
            return Some(Monthly::Total);
        }
        if let Some(slot) = self.monthly_value(name) {
            return Some(Monthly::Slot(slot));
        }
        if let Some(n) = sections.iter().flat_map(|s| &s.items).position(|item| &*item.id == name) {
            return Some(Monthly::Item(n));
        }
        let known: Vec<String> = self
            .monthly_names()
            .into_iter()
            .chain(sections.iter().flat_map(|s| s.items.iter().map(|i| i.id.to_string())))
            .collect();
        let hint = did_you_mean(name, known.iter().map(String::as_str))
            .or(Some("aggregate `total`, a monthly input or metric, or an item id".into()));
        self.error(of.span(), format!("`{name}` is not a monthly value"), hint);
        None
    }

    fn period_expression(
        &mut self,
        text: &Spanned<String>,
        context: &str,
        scope: &IndexMap<String, usize>,
    ) -> Option<Expr> {
        let (expr, bound) = self.bound_expression(text, context, |_, name| {
            scope.get(name).copied().ok_or_else(|| {
                let hint = did_you_mean(name, scope.keys().map(String::as_str)).or(Some(format!(
                    "a rollup reads {}, parameters, its inputs and aggregates",
                    BUILT_INS.join(", ")
                )));
                (format!("{context} reads `{name}`, which this rollup does not declare"), hint)
            })
        })?;
        if expr.divides_by_variable() || expr.divides_by_zero_constant() {
            let hint = Some("divide by a non-zero constant, or use total_mean".into());
            self.error(text.span(), format!("{context} may divide by zero"), hint);
            return None;
        }
        bound.then_some(expr)
    }
}

/// Parses the `month_starts_on` value, which must be a day of the month.
pub(crate) fn valid_start_day(day: u8) -> bool {
    (1..=28).contains(&day)
}
