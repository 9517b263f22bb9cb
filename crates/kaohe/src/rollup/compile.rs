//! Compiling `[rollup.<period>]`: its months and missing-month policy, its own inputs, the
//! aggregates of monthly values it declares, its formula and flags, each name checked against the
//! rollup's own scope (built-in values, parameters, its inputs and aggregates).

use std::ops::Range;

use indexmap::IndexMap;
use smol_str::SmolStr;
use toml::Spanned;

use super::{Aggregate, Monthly, Rollup, RollupFlag, BUILT_INS};
use crate::calendar::Period;
use crate::diagnostic::did_you_mean;
use crate::expr::Expr;
use crate::ruleset::parts::{Input, InputPlan, Parameter, Section};
use crate::ruleset::raw::{RawInput, RawRollup};

/// How an expression's names resolve: to a slot, or to why not (a message and a hint).
pub(crate) type Binding<'b> = &'b mut dyn FnMut(&str) -> Result<usize, (String, Option<String>)>;

/// What compiling a rollup asks of the ruleset's compiler.
pub(crate) trait RollupScope {
    fn error(&mut self, span: Range<usize>, message: String, hint: Option<String>);
    /// A period input, checked like a monthly one.
    fn input(&mut self, name: &Spanned<String>, raw: RawInput) -> Input;
    /// An expression whose names `bind` resolves to slots; with whether every name was bound.
    fn expression_in(&mut self, text: &Spanned<String>, context: &str, bind: Binding)
        -> Option<(Expr, bool)>;
    /// The index of a declared flag, marking it raised.
    fn raise(&mut self, flag: &Spanned<String>) -> Option<usize>;
    /// The slot of a monthly input or metric, marking it used.
    fn monthly_value(&mut self, name: &str) -> Option<usize>;
    fn monthly_names(&self) -> Vec<String>;
    /// The monthly input through which months take the deficit carried in, checked.
    fn carry_input(&mut self, name: &Spanned<String>, carry_negative: bool) -> Option<SmolStr>;
}

/// Compiles every `[rollup.<period>]` against the ruleset's parameters and sections.
pub(crate) fn rollups(
    compiler: &mut dyn RollupScope,
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
                compiler.error(
                    key.span(),
                    format!("`{other}` is not a period monthly cards roll up to"),
                    hint,
                );
                continue;
            }
        };
        if let Some(rollup) = rollup(compiler, period, raw, parameters, sections) {
            rollups.push(rollup);
        }
    }
    rollups
}

fn rollup(
    compiler: &mut dyn RollupScope,
    period: Period,
    raw: RawRollup,
    parameters: &[Parameter],
    sections: &[Section],
) -> Option<Rollup> {
    let months = *raw.months.get_ref();
    if !(1..=12).contains(&months) {
        compiler.error(raw.months.span(), format!("a period of {months} months"), Some("use 1 to 12".into()));
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
            compiler.error(limit.span(), "period inputs take no `at_most`".into(), None);
        }
        scope_name(compiler, &mut scope, &name);
        inputs.push(compiler.input(&name, input));
    }
    let mut aggregates = Vec::with_capacity(raw.aggregate.len());
    for (name, aggregate) in raw.aggregate {
        let of = monthly(compiler, &aggregate.of, sections);
        scope_name(compiler, &mut scope, &name);
        let by = aggregate.by;
        aggregates.push(Aggregate {
            name: SmolStr::from(name.get_ref().as_str()),
            label: aggregate.label,
            label_en: aggregate.label_en,
            of: of?,
            by,
        });
    }
    let carry_input =
        raw.carry_input.as_ref().and_then(|name| compiler.carry_input(name, raw.carry_negative));
    let expr = period_expression(compiler, &raw.formula, "the rollup formula", &scope);
    let mut flags = Vec::with_capacity(raw.flag.len());
    for flag in raw.flag {
        let (flag_label, flag_label_en, flag_basis) = (flag.label, flag.label_en, flag.basis);
        let when = period_expression(compiler, &flag.when, "the rollup flag's condition", &scope);
        let index = compiler.raise(&flag.raise);
        if let (Some(when), Some(flag)) = (when, index) {
            flags.push(RollupFlag {
                when,
                flag,
                label: SmolStr::from(flag_label),
                label_en: SmolStr::from(flag_label_en),
                basis: SmolStr::from(flag_basis),
            });
        }
    }
    Some(Rollup {
        period,
        months,
        missing_months: raw.missing_months,
        carry_negative: raw.carry_negative,
        carry_input,
        label: raw.label,
        label_en: raw.label_en,
        basis: raw.basis,
        formula: raw.formula.get_ref().clone(),
        input_plan: InputPlan::new(&inputs),
        inputs,
        expr: expr?,
        aggregates,
        flags,
    })
}

fn scope_name(compiler: &mut dyn RollupScope, scope: &mut IndexMap<String, usize>, name: &Spanned<String>) {
    if scope.contains_key(name.get_ref().as_str()) {
        let hint = Some(format!("built-in rollup values are {}", BUILT_INS.join(", ")));
        compiler.error(name.span(), format!("`{}` is already a name in this rollup", name.get_ref()), hint);
    } else {
        scope.insert(name.get_ref().clone(), scope.len());
    }
}

/// `total`, a monthly input or metric, or an item id.
fn monthly(compiler: &mut dyn RollupScope, of: &Spanned<String>, sections: &[Section]) -> Option<Monthly> {
    let name = of.get_ref().as_str();
    if name == "total" {
        return Some(Monthly::Total);
    }
    if let Some(slot) = compiler.monthly_value(name) {
        return Some(Monthly::Slot(slot));
    }
    if let Some(n) = sections.iter().flat_map(|s| &s.items).position(|item| &*item.id == name) {
        return Some(Monthly::Item(n));
    }
    let known: Vec<String> = compiler
        .monthly_names()
        .into_iter()
        .chain(sections.iter().flat_map(|s| s.items.iter().map(|i| i.id.to_string())))
        .collect();
    let hint = did_you_mean(name, known.iter().map(String::as_str))
        .or(Some("aggregate `total`, a monthly input or metric, or an item id".into()));
    compiler.error(of.span(), format!("`{name}` is not a monthly value"), hint);
    None
}

fn period_expression(
    compiler: &mut dyn RollupScope,
    text: &Spanned<String>,
    context: &str,
    scope: &IndexMap<String, usize>,
) -> Option<Expr> {
    let (expr, bound) = compiler.expression_in(text, context, &mut |name| {
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
        compiler.error(text.span(), format!("{context} may divide by zero"), hint);
        return None;
    }
    bound.then_some(expr)
}
