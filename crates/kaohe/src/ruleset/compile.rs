//! Validation and compilation of a ruleset file: every check that can be made before scoring is
//! made here, with the place in the file and a hint.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Deserialize;
use smol_str::SmolStr;
use toml::Spanned;

#[cfg(feature = "cases")]
use crate::cases::definition::{self as cases, CasesScope};
use crate::diagnostic::{did_you_mean, Code, Reporter, RulesetError};
use crate::embedded::Resolver;
use crate::expr::Expr;
use crate::limits::{MAX_NAMES, MAX_RULESET_PARTS};
use crate::number::{Number, NumberOrParameter};
use crate::program::Program;
use crate::rollup::compile::{rollups, Binding, RollupScope};
use crate::rollup::valid_start_day;
use crate::rules::{self, Amount, Direction, Rule, Scope, Site, Wanted};
use crate::ruleset::model::*;
use crate::ruleset::raw::*;
use crate::ruleset::variant::{gather, merged, within_size};
use crate::values::InputValue;

/// What a name in the file refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Input(InputKind),
    Parameter,
    Metric,
}

struct Symbol {
    slot: usize,
    named: Named,
    span: Range<usize>,
    used: bool,
}

pub(crate) struct Compiler<'a> {
    report: Reporter<'a>,
    source: &'a str,
    symbols: IndexMap<String, Symbol>,
    flags: IndexMap<String, (Range<usize>, bool)>,
    /// Inclusive value range of each slot, where known, to check thresholds against.
    ranges: HashMap<usize, (Option<Decimal>, Option<Decimal>)>,
    /// Parameter values, for points and bounds that name a parameter; `None` when not supplied.
    parameter_values: HashMap<String, Option<Decimal>>,
    /// Some points or bounds name a parameter without a value, so their sums cannot be checked yet.
    unresolved: bool,
}

const FORMAT: u32 = 1;

impl Ruleset {
    /// Parses, validates and compiles a ruleset. `origin` names the text in diagnostics
    /// (a file path, or `builtin:<id>`).
    ///
    /// A ruleset that `extends` another is resolved against the built-in rulesets; use
    /// [`Ruleset::from_toml_with`] to resolve other ids.
    pub fn from_toml(source: &str, origin: &str) -> Result<Ruleset, RulesetError> {
        Ruleset::from_toml_with(source, origin, &crate::embedded::extended)
    }

    /// Like [`Ruleset::from_toml`], with `resolve` finding the text of the ruleset an `extends`
    /// names (a built-in id, a file next to the variant, a database row...).
    pub fn from_toml_with(source: &str, origin: &str, resolve: Resolver) -> Result<Ruleset, RulesetError> {
        within_size(source, origin)?;
        let sources = gather(source, origin, resolve)?;
        let mut report = Reporter::over(origin, &sources.text, sources.segments.clone());
        let failed = |report: Reporter| {
            report
                .finish()
                .err()
                .unwrap_or_else(|| RulesetError::general(origin, Code::Invalid, String::new(), None))
        };
        // The ruleset and what it extends, merged as parsed tables whose values keep their places.
        let Some(table) = merged(&sources, &mut report) else { return Err(failed(report)) };
        let raw = match RawRuleset::deserialize(toml::de::ValueDeserializer::from(table)) {
            Ok(raw) => raw,
            Err(error) => {
                let message = error.message().trim_end().to_owned();
                report.error_as(Code::Syntax, error.span().unwrap_or(0..0), message, None);
                return Err(failed(report));
            }
        };
        let mut compiler = Compiler {
            report,
            source: &sources.text,
            symbols: IndexMap::new(),
            flags: IndexMap::new(),
            ranges: HashMap::new(),
            parameter_values: HashMap::new(),
            unresolved: false,
        };
        let ruleset = compiler.compile(raw);
        compiler.report_unused();
        compiler.report.finish()?;
        Ok(ruleset)
    }
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Compiler<'_> {
    pub(crate) fn error(&mut self, span: Range<usize>, message: impl Into<String>, hint: Option<String>) {
        self.report.error(span, message, hint);
    }

    fn compile(&mut self, raw: RawRuleset) -> Ruleset {
        if *raw.format.get_ref() != FORMAT {
            let span = raw.format.span();
            self.error(
                span,
                format!("unknown format {}", raw.format.get_ref()),
                Some(format!("this version of kaohe reads format = {FORMAT}")),
            );
        }
        let id_ok = !raw.id.get_ref().is_empty()
            && raw.id.get_ref().split('/').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            });
        if !id_ok {
            self.error(
                raw.id.span(),
                format!("`{}` is not a ruleset id", raw.id.get_ref()),
                Some("use lower-case words joined by `/`, `-` or `_`, such as `ningbo/district`".into()),
            );
        }
        let names = raw.input.len().saturating_add(raw.parameter.len()).saturating_add(raw.metric.len());
        // Each section, its items and their rules.
        let parts = raw
            .section
            .iter()
            .map(|s| {
                s.item
                    .iter()
                    .map(|i| i.rule.len())
                    .fold(s.item.len().saturating_add(1), usize::saturating_add)
            })
            .fold(0, usize::saturating_add);
        if names > MAX_NAMES || parts > MAX_RULESET_PARTS {
            let message = format!(
                "the ruleset declares {names} inputs, parameters and metrics and {parts} sections, items and rules; \
                 the limits are {MAX_NAMES} and {MAX_RULESET_PARTS}"
            );
            self.error(0..0, message, None);
        }
        let parameters = self.parameters(raw.parameter, raw.input.len());
        let inputs = self.inputs(raw.input);
        let full_marks = self.constant(&raw.full_marks).unwrap_or(Decimal::ONE);
        if full_marks <= Decimal::ZERO {
            self.error(raw.full_marks.span(), "full marks must be above 0", None);
        }

        let (metrics, metric_order, metric_percent) =
            self.metrics(raw.metric, inputs.len().saturating_add(parameters.len()));
        let flags = self.declare_flags(raw.flag);
        let grades = self.grades(raw.grade);
        let sections = self.sections(raw.section, full_marks);
        let rollups = rollups(self, raw.rollup, &parameters, &sections);
        #[cfg(feature = "cases")]
        let cases = cases::compile(self, raw.cases, raw.case_list, raw.case_count, raw.indicator);
        // Without case counting the definitions are not compiled, but an input an indicator fills
        // is still the ruleset's: a scheme whose items are assessed by hand reads it nowhere else.
        #[cfg(not(feature = "cases"))]
        for name in raw.indicator.keys() {
            if let Some(symbol) = self.symbols.get_mut(name.get_ref().as_str()) {
                symbol.used = true;
            }
        }
        let month_starts_on = match &raw.month_starts_on {
            Some(day) if !valid_start_day(*day.get_ref()) => {
                self.error(day.span(), "`month_starts_on` is a day from 1 to 28", None);
                1
            }
            Some(day) => *day.get_ref(),
            None => 1,
        };

        let mut percent_slots: Vec<bool> = inputs.iter().map(|i| i.kind == InputKind::Rate).collect();
        percent_slots.extend(parameters.iter().map(|_| false));
        percent_slots.extend(metric_percent);

        let first_metric = inputs.len().saturating_add(parameters.len());
        let program = Program::compile(&metrics, &metric_order, first_metric, &sections, raw.rounding);
        let input_plan = InputPlan::new(&inputs);
        let mut at_rest = input_plan.at_rest.clone();
        at_rest.extend(parameters.iter().map(|p| p.value.unwrap_or_default()));
        at_rest.resize(at_rest.len().saturating_add(metrics.len()), Decimal::ZERO);
        Ruleset {
            program,
            input_plan,
            at_rest,
            meta: Meta {
                id: SmolStr::from(raw.id.into_inner()),
                title: raw.title,
                title_en: raw.title_en,
                jurisdiction: raw.jurisdiction,
                version: SmolStr::from(raw.version),
                source: raw.source,
                target_kinds: raw.target_kinds,
                full_marks,
                rounding: raw.rounding,
                periods: raw.periods,
                month_starts_on,
                notes: raw.notes,
            },
            inputs,
            parameters,
            metrics,
            flags: flags.into_iter().map(Arc::new).collect(),
            grades: grades.into_iter().map(Arc::new).collect(),
            sections,
            rollups,
            percent_slots,
            #[cfg(feature = "cases")]
            cases: cases.map(Arc::new),
        }
    }

    fn declare(&mut self, name: &Spanned<String>, named: Named, slot: usize) {
        let text = name.get_ref();
        if !is_identifier(text) {
            self.error(
                name.span(),
                format!("`{text}` is not a valid name"),
                Some("use lower-case letters, digits and `_`, starting with a letter".into()),
            );
        }
        if let Some(previous) = self.symbols.get(text.as_str()) {
            let what = match previous.named {
                Named::Input(_) => "an input",
                Named::Parameter => "a parameter",
                Named::Metric => "a metric",
            };
            self.error(
                name.span(),
                format!("`{text}` is already declared as {what}"),
                Some("inputs, parameters and metrics share one set of names".into()),
            );
            return;
        }
        self.symbols.insert(text.clone(), Symbol { slot, named, span: name.span(), used: false });
    }

    /// One input declaration, checked; `at_most` is resolved by the caller.
    pub(crate) fn input(&mut self, name: &Spanned<String>, raw: RawInput) -> Input {
        let kind = raw.kind;
        let min = raw.min.as_ref().and_then(|m| self.constant(m));
        let max = raw.max.as_ref().and_then(|m| self.constant(m));
        let ranged = matches!(kind, InputKind::Score | InputKind::Occurrences);
        if ranged && (raw.min.is_none() || raw.max.is_none()) {
            self.error(
                name.span(),
                format!("`{}` is an assessor amount and needs its range", name.get_ref()),
                Some("add `min` and `max`: the amounts the assessor may choose between".into()),
            );
        }
        if let (Some(entries), false) = (&raw.max_entries, kind == InputKind::Occurrences) {
            self.error(entries.span(), "`max_entries` applies only to `occurrences` inputs", None);
        }
        if let Some(places) = &raw.places {
            if matches!(kind, InputKind::Flag | InputKind::Count) || *places.get_ref() > 28 {
                self.error(
                    places.span(),
                    "`places` applies to amount, rate, score and occurrences inputs, from 0 to 28",
                    None,
                );
            }
        }
        if kind == InputKind::Flag && (min.is_some() || max.is_some()) {
            self.error(name.span(), "a flag has no range", Some("remove `min` and `max`".into()));
        }
        if let (Some(lo), Some(hi), Some(span)) = (min, max, raw.max.as_ref().map(Spanned::span)) {
            if lo > hi {
                self.error(span, "`max` is below `min`", None);
            }
        }
        for (bound, value) in [(&raw.min, min), (&raw.max, max)] {
            let (Some(bound), Some(value)) = (bound, value) else { continue };
            let bad = match kind {
                InputKind::Rate => value < Decimal::ZERO || value > Decimal::ONE,
                InputKind::Count => value < Decimal::ZERO || !value.fract().is_zero(),
                _ => false,
            };
            if bad {
                self.error(bound.span(), format!("{} is outside what a {kind:?} input can hold", value.normalize()).to_ascii_lowercase(), Some("a rate lies from 0 to 1 (\"0%\" to \"100%\"); a count is a whole number of 0 or more".into()));
            }
        }
        let mut input = Input {
            name: SmolStr::from(name.get_ref().as_str()),
            kind,
            label: raw.label,
            label_en: raw.label_en,
            unit: raw.unit,
            min,
            max,
            at_most: None,
            places: raw.places.as_ref().map(|p| *p.get_ref()),
            max_entries: raw.max_entries.as_ref().map(|m| *m.get_ref()),
            default: None,
            default_value: None,
            at_most_slot: None,
        };
        if let Some(default) = raw.default {
            let span = default.span();
            match InputValue::deserialize(default.into_inner()) {
                Ok(value) => match input.accept(&value) {
                    Ok(accepted) => {
                        input.default_value = Some(accepted);
                        input.default = Some(value);
                    }
                    Err(error) => self.error(span, format!("default {}", error.message), None),
                },
                Err(error) => self.error(span, format!("default: {error}"), None),
            }
        }
        input
    }

    fn inputs(&mut self, raw: IndexMap<Spanned<String>, RawInput>) -> Vec<Input> {
        let mut inputs = Vec::with_capacity(raw.len());
        let mut limits = Vec::new();
        for (slot, (name, mut raw)) in raw.into_iter().enumerate() {
            if let Some(limit) = raw.at_most.take() {
                limits.push((slot, limit));
            }
            let input = self.input(&name, raw);
            self.declare(&name, Named::Input(input.kind), slot);
            let range = match input.kind {
                InputKind::Rate => {
                    (Some(input.min.unwrap_or(Decimal::ZERO)), Some(input.max.unwrap_or(Decimal::ONE)))
                }
                InputKind::Count => (Some(input.min.unwrap_or(Decimal::ZERO)), input.max),
                InputKind::Flag => (Some(Decimal::ZERO), Some(Decimal::ONE)),
                _ => (input.min, input.max),
            };
            self.ranges.insert(slot, range);
            inputs.push(input);
        }
        for (slot, limit) in limits {
            let found = self.symbols.get(limit.get_ref().as_str()).map(|s| (s.slot, s.named));
            let kind = inputs.get(slot).map(|i| i.kind);
            let quantity = |kind| matches!(kind, Some(InputKind::Count | InputKind::Amount));
            match found {
                // A part within its whole: quantities within quantities, rates within rates.
                Some((limit_slot, Named::Input(limit_kind)))
                    if limit_slot != slot
                        && ((quantity(kind) && quantity(Some(limit_kind)))
                            || (kind == Some(InputKind::Rate) && limit_kind == InputKind::Rate)) =>
                {
                    if let Some(input) = inputs.get_mut(slot) {
                        input.at_most = Some(SmolStr::from(limit.get_ref().as_str()));
                        input.at_most_slot = Some(limit_slot);
                    }
                    if let Some(symbol) = self.symbols.get_mut(limit.get_ref().as_str()) {
                        symbol.used = true;
                    }
                }
                Some(_) => self.error(
                    limit.span(),
                    format!("`at_most` cannot bound this input by `{}`", limit.get_ref()),
                    Some(
                        "a count or amount is bounded by another count or amount, a rate by another rate"
                            .into(),
                    ),
                ),
                None => {
                    let hint = did_you_mean(limit.get_ref(), inputs.iter().map(|i| &*i.name));
                    self.error(limit.span(), format!("unknown input `{}`", limit.get_ref()), hint);
                }
            }
        }
        inputs
    }

    /// A number written in place, or the value of the parameter it names.
    fn constant(&mut self, spanned: &Spanned<NumberOrParameter>) -> Option<Decimal> {
        match spanned.get_ref() {
            NumberOrParameter::Fixed(value) => Some(*value),
            NumberOrParameter::Parameter(name) => match self.parameter_values.get(name.as_str()) {
                Some(value) => {
                    if let Some(symbol) = self.symbols.get_mut(name.as_str()) {
                        symbol.used = true;
                    }
                    self.unresolved |= value.is_none();
                    *value
                }
                None => {
                    let hint = did_you_mean(name, self.parameter_values.keys().map(String::as_str))
                        .or(Some("write a number or the name of a [parameter]".into()));
                    self.error(spanned.span(), format!("`{name}` is neither a number nor a parameter"), hint);
                    None
                }
            },
        }
    }

    /// Parameters take the slots after the `first` inputs.
    fn parameters(&mut self, raw: IndexMap<Spanned<String>, RawParameter>, first: usize) -> Vec<Parameter> {
        raw.into_iter()
            .enumerate()
            .map(|(n, (name, raw))| {
                self.declare(&name, Named::Parameter, first.saturating_add(n));
                let value = raw.value.as_ref().map(|v| v.get_ref().0);
                self.parameter_values.insert(name.get_ref().clone(), value);
                Parameter {
                    name: SmolStr::from(name.get_ref().as_str()),
                    value,
                    label: raw.label,
                    label_en: raw.label_en,
                    note: raw.note,
                }
            })
            .collect()
    }

    /// Parses an expression written in the string at `span`, resolving its names among the
    /// ruleset's inputs, parameters and metrics.
    fn expression(&mut self, text: &Spanned<String>, context: &str) -> Option<Expr> {
        let (expr, bound) =
            self.bound_expression(text, context, |compiler, name| match compiler.symbols.get_mut(name) {
                Some(symbol) if symbol.named == Named::Input(InputKind::Occurrences) => Err((
                    format!("`{name}` is a list of occurrences and has no single value"),
                    Some("read it with a `discretionary` rule".to_owned()),
                )),
                Some(symbol) => {
                    symbol.used = true;
                    Ok(symbol.slot)
                }
                None => {
                    let hint = did_you_mean(name, compiler.symbols.keys().map(String::as_str));
                    Err((
                        format!("{context} reads `{name}`, which is not declared"),
                        hint.or(Some("declare it under [input], [parameter] or [metric]".into())),
                    ))
                }
            })?;
        if expr.divides_by_zero_constant() {
            self.error(text.span(), format!("{context} divides by zero"), None);
        }
        bound.then_some(expr)
    }

    /// Parses the expression in `text` and binds each name to a slot with `bind`, which answers
    /// the slot or what is wrong (message, hint). Every problem is reported at its place; the
    /// expression comes back (for further checks) with whether every name was bound.
    pub(crate) fn bound_expression(
        &mut self,
        text: &Spanned<String>,
        context: &str,
        mut bind: impl FnMut(&mut Self, &str) -> Result<usize, (String, Option<String>)>,
    ) -> Option<(Expr, bool)> {
        let offset = self.expression_offset(text);
        let mut expr = match Expr::parse(text.get_ref()) {
            Ok(expr) => expr,
            Err(error) => {
                let at = offset.saturating_add(error.at);
                self.error(at..at.saturating_add(1), format!("{context}: {}", error.message), None);
                return None;
            }
        };
        let mut problems = Vec::new();
        let _ = expr.resolve(&mut |name: &str, at: usize| -> Result<usize, ()> {
            Ok(bind(self, name).unwrap_or_else(|problem| {
                let start = offset.saturating_add(at);
                problems.push((start..start.saturating_add(name.len()), problem));
                0
            }))
        });
        let bound = problems.is_empty();
        for (span, (message, hint)) in problems {
            self.error(span, message, hint);
        }
        Some((expr, bound))
    }

    /// Where the expression text starts inside its quoted TOML string.
    pub(crate) fn expression_offset(&self, text: &Spanned<String>) -> usize {
        let span = text.span();
        self.source
            .get(span.clone())
            .and_then(|quoted| quoted.find(text.get_ref().as_str()))
            .map_or(span.start, |at| span.start.saturating_add(at))
    }

    fn metrics(
        &mut self,
        raw: IndexMap<Spanned<String>, RawMetric>,
        first: usize,
    ) -> (Vec<Metric>, Vec<usize>, Vec<bool>) {
        let declared: Vec<(Spanned<String>, RawMetric)> = raw.into_iter().collect();
        for (n, (name, _)) in declared.iter().enumerate() {
            self.declare(name, Named::Metric, first.saturating_add(n));
        }
        let mut metrics = Vec::with_capacity(declared.len());
        let mut percent = Vec::with_capacity(declared.len());
        let mut reads: Vec<Vec<usize>> = Vec::with_capacity(declared.len());
        for (name, raw) in declared {
            let context = format!("metric `{}`", name.get_ref());
            let expr = self.expression(&raw.expr, &context);
            let zero_denominator = raw.zero_denominator.as_ref().map(|z| *z.get_ref());
            if let Some(expr) = &expr {
                if expr.divides_by_variable() && zero_denominator.is_none() {
                    self.error(raw.expr.span(), format!("{context} divides by a value that may be zero, with no policy for it"), Some("add `zero_denominator = \"error\"` or the value to use, such as `zero_denominator = 1`".into()));
                }
            }
            let expr = expr.unwrap_or(Expr::Number(Decimal::ZERO));
            reads.push(
                expr.names()
                    .iter()
                    .filter_map(|(n, _)| self.symbols.get(*n))
                    .filter(|s| s.named == Named::Metric)
                    .map(|s| s.slot.saturating_sub(first))
                    .collect(),
            );
            percent.push(raw.display == RawDisplay::Percent);
            metrics.push(Metric {
                name: SmolStr::from(name.get_ref().as_str()),
                label: raw.label,
                label_en: raw.label_en,
                formula: raw.expr.get_ref().clone(),
                expr,
                zero_denominator: match zero_denominator {
                    Some(ZeroDenominator::Value(v)) => Some(v),
                    _ => None,
                },
            });
        }
        let order = self.metric_order(&metrics, &reads);
        (metrics, order, percent)
    }

    /// Orders metrics so each is computed after those it reads; reports cycles.
    fn metric_order(&mut self, metrics: &[Metric], reads: &[Vec<usize>]) -> Vec<usize> {
        #[derive(Clone, Copy, PartialEq)]
        enum Mark {
            New,
            Visiting,
            Done,
        }
        fn visit(
            n: usize,
            reads: &[Vec<usize>],
            marks: &mut [Mark],
            order: &mut Vec<usize>,
            cycle: &mut Option<usize>,
        ) {
            match marks.get(n) {
                Some(Mark::Done) | None => return,
                Some(Mark::Visiting) => {
                    cycle.get_or_insert(n);
                    return;
                }
                Some(Mark::New) => {}
            }
            if let Some(mark) = marks.get_mut(n) {
                *mark = Mark::Visiting;
            }
            for &next in reads.get(n).map(Vec::as_slice).unwrap_or_default() {
                visit(next, reads, marks, order, cycle);
            }
            if let Some(mark) = marks.get_mut(n) {
                *mark = Mark::Done;
            }
            order.push(n);
        }
        let mut marks = vec![Mark::New; metrics.len()];
        let mut order = Vec::with_capacity(metrics.len());
        let mut cycle = None;
        for n in 0..metrics.len() {
            visit(n, reads, &mut marks, &mut order, &mut cycle);
        }
        if let Some(n) = cycle {
            let name = metrics.get(n).map(|m| m.name.to_string()).unwrap_or_default();
            let span = self.symbols.get(&name).map(|s| s.span.clone()).unwrap_or(0..0);
            self.error(span, format!("metric `{name}` depends on itself"), Some("break the cycle: a metric may read only inputs, parameters and other metrics that do not read it back".into()));
        }
        order
    }

    fn declare_flags(&mut self, raw: IndexMap<Spanned<String>, RawFlag>) -> Vec<Flag> {
        raw.into_iter()
            .map(|(name, raw)| {
                if !is_identifier(name.get_ref()) {
                    self.error(name.span(), format!("`{}` is not a valid flag name", name.get_ref()), None);
                }
                self.flags.insert(name.get_ref().clone(), (name.span(), false));
                Flag { id: SmolStr::from(name.get_ref().as_str()), label: raw.label, label_en: raw.label_en }
            })
            .collect()
    }

    fn grades(&mut self, raw: Vec<RawGrade>) -> Vec<Grade> {
        let mut seen = HashSet::new();
        let mut grades: Vec<Grade> = raw
            .into_iter()
            .map(|g| {
                let min = match g.min.get_ref() {
                    Bound::At(min) => Some(*min),
                    Bound::None => None,
                };
                if !seen.insert(min.map(|m| m.normalize())) {
                    self.error(
                        g.min.span(),
                        format!(
                            "two grades start at {}",
                            min.map_or("none".into(), |m| m.normalize().to_string())
                        ),
                        Some("each band needs its own lower bound".into()),
                    );
                }
                if let Some(colour) = g.colour.as_ref().filter(|c| !is_css_colour(c.get_ref())) {
                    self.error(
                        colour.span(),
                        format!("`{}` is not a colour", colour.get_ref().escape_debug()),
                        Some(
                            "write a hex colour such as \"#2e7d32\" or a CSS colour name such as \"green\""
                                .into(),
                        ),
                    );
                }
                Grade {
                    min,
                    label: g.label,
                    label_en: g.label_en,
                    colour: g.colour.map(Spanned::into_inner),
                    consequence: g.consequence,
                    consequence_en: g.consequence_en,
                }
            })
            .collect();
        // Highest first; an unbounded band (min = None) sorts last.
        grades.sort_by_key(|g| std::cmp::Reverse(g.min));
        grades
    }

    fn sections(&mut self, raw: Vec<RawSection>, full_marks: Decimal) -> Vec<Section> {
        let mut ids = HashSet::new();
        let mut rule_ids = HashSet::new();
        let mut sum = Decimal::ZERO;
        let mut sections = Vec::with_capacity(raw.len());
        let mut last_points_span = 0..0;
        for section in raw {
            for id in std::iter::once(&section.id).chain(section.item.iter().map(|i| &i.id)) {
                if !is_identifier(id.get_ref()) {
                    self.error(
                        id.span(),
                        format!("`{}` is not a valid id", id.get_ref()),
                        Some("use lower-case letters, digits and `_`".into()),
                    );
                }
                if !ids.insert(id.get_ref().clone()) {
                    self.error(
                        id.span(),
                        format!("duplicate id `{}`", id.get_ref()),
                        Some("section and item ids must be unique in the ruleset".into()),
                    );
                }
            }
            let points = self.constant(&section.points).unwrap_or_default();
            last_points_span = section.points.span();
            let points_span = section.points.span();
            let section_id = section.id.get_ref().clone();
            let items: Vec<Item> =
                section.item.into_iter().map(|item| self.item(item, &mut rule_ids)).collect();
            if !section.bonus && !self.unresolved {
                sum = sum.checked_add(points).unwrap_or(Decimal::MAX);
                let total =
                    items.iter().fold(Decimal::ZERO, |a, i| a.checked_add(i.points).unwrap_or(Decimal::MAX));
                if total != points {
                    let listing: Vec<String> =
                        items.iter().map(|i| format!("{} {}", i.id, i.points.normalize())).collect();
                    self.error(
                        points_span,
                        format!(
                            "the items of section `{section_id}` add up to {}, but the section has {} points",
                            total.normalize(),
                            points.normalize()
                        ),
                        Some(format!("items: {}", listing.join(", "))),
                    );
                }
            }
            sections.push(Section {
                id: SmolStr::from(section_id.as_str()),
                title: SmolStr::from(section.title),
                title_en: SmolStr::from(section.title_en),
                points,
                bonus: section.bonus,
                items,
            });
        }
        if sections.is_empty() {
            self.error(
                0..0,
                "the ruleset has no sections",
                Some("add at least one [[section]] with its [[section.item]]s".into()),
            );
        } else if sum != full_marks && !self.unresolved {
            self.error(
                last_points_span,
                format!(
                    "the sections add up to {}, but full marks are {}",
                    sum.normalize(),
                    full_marks.normalize()
                ),
                Some("bonus sections (bonus = true) are not counted".into()),
            );
        }
        sections
    }

    fn item(&mut self, raw: RawItem, rule_ids: &mut HashSet<String>) -> Item {
        let points = self.constant(&raw.points).unwrap_or_default();
        if points < Decimal::ZERO {
            self.error(raw.points.span(), "points cannot be negative", None);
        }
        let floor = match raw.floor {
            None => Some(Decimal::ZERO),
            Some(Bound::At(v)) => Some(v),
            Some(Bound::None) => None,
        };
        let cap = match raw.cap {
            None => Some(points),
            Some(Bound::At(v)) => Some(v),
            Some(Bound::None) => None,
        };
        if let (Some(floor), Some(cap)) = (floor, cap) {
            if floor > cap {
                self.error(
                    raw.points.span(),
                    format!(
                        "item `{}` has its floor {} above its cap {}",
                        raw.id.get_ref(),
                        floor.normalize(),
                        cap.normalize()
                    ),
                    None,
                );
            }
        }
        let mut rules = Vec::with_capacity(raw.rule.len());
        let mut setters = 0usize;
        for spanned in raw.rule {
            let span = spanned.span();
            let rule = spanned.into_inner();
            if !is_identifier(rule.id.get_ref()) {
                self.error(rule.id.span(), format!("`{}` is not a valid rule id", rule.id.get_ref()), None);
            }
            if !rule_ids.insert(rule.id.get_ref().clone()) {
                self.error(
                    rule.id.span(),
                    format!("duplicate rule id `{}`", rule.id.get_ref()),
                    Some("rule ids must be unique in the ruleset".into()),
                );
            }
            if let Some(compiled) = self.rule(rule, points) {
                if compiled.body.sets_score() {
                    setters = setters.saturating_add(1);
                    if setters > 1 {
                        self.error(
                            span.clone(),
                            format!("item `{}` has more than one rule that sets its score", raw.id.get_ref()),
                            Some("an item's score can be set once; deduct or award in the others".into()),
                        );
                    }
                }
                rules.push(compiled);
            }
        }
        Item {
            id: SmolStr::from(raw.id.get_ref().as_str()),
            title: SmolStr::from(raw.title),
            title_en: SmolStr::from(raw.title_en),
            points,
            start: raw.start.map(|s| s.get_ref().0),
            floor,
            cap,
            rules,
        }
    }

    fn rule(&mut self, raw: RawRule, item_points: Decimal) -> Option<Rule> {
        if !rules::check_keys(self, &raw) {
            return None;
        }
        let mut reads = Vec::new();
        let context = format!("rule `{}`", raw.id.get_ref());
        let body = rules::compile(self, &raw, &Site { context: &context, item_points }, &mut reads)?;
        // Each value once, in the order the rule reads them.
        let mut seen = HashSet::new();
        reads.retain(|slot| seen.insert(*slot));
        Some(Rule {
            id: SmolStr::from(raw.id.get_ref().as_str()),
            kind: raw.kind,
            label: SmolStr::from(raw.label),
            label_en: SmolStr::from(raw.label_en),
            basis: SmolStr::from(raw.basis),
            reads,
            body,
        })
    }

    /// The index of a declared flag a rule raises, marking it used.
    pub(crate) fn raise(&mut self, flag: &Spanned<String>) -> Option<usize> {
        match self.flags.get_full_mut(flag.get_ref().as_str()) {
            Some((index, _, (_, used))) => {
                *used = true;
                Some(index)
            }
            None => {
                let hint = did_you_mean(flag.get_ref(), self.flags.keys().map(String::as_str))
                    .or(Some("declare it under [flag]".into()));
                self.error(flag.span(), format!("unknown flag `{}`", flag.get_ref()), hint);
                None
            }
        }
    }

    /// The slot of a monthly input or metric, marking it used.
    pub(crate) fn monthly_value(&mut self, name: &str) -> Option<usize> {
        let symbol = self.symbols.get_mut(name).filter(|s| s.named != Named::Parameter)?;
        symbol.used = true;
        Some(symbol.slot)
    }

    /// The monthly amount input that takes a carried deficit, by name.
    pub(crate) fn carry_input(&mut self, name: &Spanned<String>, carry_negative: bool) -> Option<SmolStr> {
        let found = self
            .symbols
            .get_mut(name.get_ref().as_str())
            .filter(|s| s.named == Named::Input(InputKind::Amount));
        match found {
            Some(symbol) if carry_negative => {
                symbol.used = true;
                Some(SmolStr::from(name.get_ref().as_str()))
            }
            Some(_) => {
                self.error(name.span(), "`carry_input` needs `carry_negative = true`", None);
                None
            }
            None => {
                let hint = Some("name a monthly `amount` input with `max = 0`".to_owned());
                self.error(name.span(), format!("`{}` is not a monthly amount input", name.get_ref()), hint);
                None
            }
        }
    }

    /// The names of monthly inputs and metrics, for hints.
    pub(crate) fn monthly_names(&self) -> Vec<String> {
        self.symbols.iter().filter(|(_, s)| s.named != Named::Parameter).map(|(n, _)| n.clone()).collect()
    }

    fn report_unused(&mut self) {
        // A metric nobody reads is still shown on every card, so only inputs and parameters count.
        let unused: Vec<(Range<usize>, String, Named)> = self
            .symbols
            .iter()
            .filter(|(_, s)| !s.used && s.named != Named::Metric)
            .map(|(n, s)| (s.span.clone(), n.clone(), s.named))
            .collect();
        for (span, name, named) in unused {
            let what = match named {
                Named::Input(_) => "input",
                Named::Parameter => "parameter",
                Named::Metric => "metric",
            };
            self.report.error_as(
                Code::Unused,
                span,
                format!("{what} `{name}` is declared but no rule or metric reads it"),
                Some("remove it, or read it in a rule (a typo elsewhere may hide its use)".into()),
            );
        }
        let unused_flags: Vec<(Range<usize>, String)> = self
            .flags
            .iter()
            .filter(|(_, (_, used))| !used)
            .map(|(n, (s, _))| (s.clone(), n.clone()))
            .collect();
        for (span, name) in unused_flags {
            self.report.error_as(
                Code::Unused,
                span,
                format!("flag `{name}` is declared but no rule raises it"),
                None,
            );
        }
    }
}

/// The compiler's services to rollups (see [`RollupScope`]).
impl RollupScope for Compiler<'_> {
    fn error(&mut self, span: Range<usize>, message: String, hint: Option<String>) {
        Compiler::error(self, span, message, hint);
    }

    fn input(&mut self, name: &Spanned<String>, raw: RawInput) -> Input {
        Compiler::input(self, name, raw)
    }

    fn expression_in(
        &mut self,
        text: &Spanned<String>,
        context: &str,
        bind: Binding,
    ) -> Option<(Expr, bool)> {
        self.bound_expression(text, context, |_, name| bind(name))
    }

    fn raise(&mut self, flag: &Spanned<String>) -> Option<usize> {
        Compiler::raise(self, flag)
    }

    fn monthly_value(&mut self, name: &str) -> Option<usize> {
        Compiler::monthly_value(self, name)
    }

    fn monthly_names(&self) -> Vec<String> {
        Compiler::monthly_names(self)
    }

    fn carry_input(&mut self, name: &Spanned<String>, carry_negative: bool) -> Option<SmolStr> {
        Compiler::carry_input(self, name, carry_negative)
    }
}

/// The compiler's services to case definitions (see [`CasesScope`]).
#[cfg(feature = "cases")]
impl CasesScope for Compiler<'_> {
    fn error(&mut self, span: Range<usize>, message: String, hint: Option<String>) {
        Compiler::error(self, span, message, hint);
    }

    fn text_offset(&self, text: &Spanned<String>) -> usize {
        self.expression_offset(text)
    }

    fn input_kind(&mut self, name: &str) -> Option<InputKind> {
        let symbol = self.symbols.get_mut(name)?;
        let Named::Input(kind) = symbol.named else { return None };
        symbol.used = true;
        Some(kind)
    }
}

/// The compiler's services to rule kinds (see [`rules::Scope`]).
impl Scope for Compiler<'_> {
    fn error(&mut self, span: Range<usize>, message: String, hint: Option<String>) {
        Compiler::error(self, span, message, hint);
    }

    fn expression(&mut self, text: &Spanned<String>, context: &str) -> Option<Expr> {
        Compiler::expression(self, text, context)
    }

    fn raise(&mut self, flag: &Spanned<String>) -> Option<usize> {
        Compiler::raise(self, flag)
    }

    fn range_of(&self, slot: usize) -> Option<(Option<Decimal>, Option<Decimal>)> {
        self.ranges.get(&slot).copied()
    }

    fn slot_name(&self, slot: usize) -> String {
        self.symbols.iter().find(|(_, s)| s.slot == slot).map(|(n, _)| n.clone()).unwrap_or_default()
    }

    fn slots_of(&self, expr: &Expr) -> Vec<usize> {
        expr.names().iter().filter_map(|(n, _)| self.symbols.get(*n).map(|s| s.slot)).collect()
    }

    fn condition(&mut self, text: &Spanned<String>, context: &str, reads: &mut Vec<usize>) -> Option<Expr> {
        let expr = Compiler::expression(self, text, &format!("the condition of {context}"))?;
        if expr.divides_by_variable() {
            Compiler::error(
                self,
                text.span(),
                format!("the condition of {context} divides by a value that may be zero"),
                Some("compute the ratio in a [metric] with its `zero_denominator` policy".into()),
            );
            return None;
        }
        reads.extend(self.slots_of(&expr));
        Some(expr)
    }

    fn input_of(&mut self, name: &Spanned<String>, wanted: Wanted, reads: &mut Vec<usize>) -> Option<usize> {
        let (kinds, what): (&[InputKind], &str) = match wanted {
            Wanted::Count => (&[InputKind::Count], "a count"),
            Wanted::AssessorAmount => {
                (&[InputKind::Score, InputKind::Occurrences], "an assessor amount (`score` or `occurrences`)")
            }
        };
        let known: Vec<String> = self
            .symbols
            .iter()
            .filter(|(_, s)| matches!(s.named, Named::Input(k) if kinds.contains(&k)))
            .map(|(n, _)| n.clone())
            .collect();
        match self.symbols.get_mut(name.get_ref().as_str()) {
            Some(symbol) if matches!(symbol.named, Named::Input(k) if kinds.contains(&k)) => {
                symbol.used = true;
                reads.push(symbol.slot);
                Some(symbol.slot)
            }
            Some(_) => {
                Compiler::error(self, name.span(), format!("`{}` is not {what}", name.get_ref()), None);
                None
            }
            None => {
                let hint = did_you_mean(name.get_ref(), known.iter().map(String::as_str));
                Compiler::error(self, name.span(), format!("unknown input `{}`", name.get_ref()), hint);
                None
            }
        }
    }

    fn value_of(&mut self, name: &Spanned<String>, reads: &mut Vec<usize>) -> Option<usize> {
        let numeric = |named: Named| {
            !matches!(named, Named::Input(InputKind::Flag | InputKind::Occurrences) | Named::Parameter)
        };
        let known: Vec<String> =
            self.symbols.iter().filter(|(_, s)| numeric(s.named)).map(|(n, _)| n.clone()).collect();
        match self.symbols.get_mut(name.get_ref().as_str()) {
            Some(symbol) if numeric(symbol.named) => {
                symbol.used = true;
                reads.push(symbol.slot);
                Some(symbol.slot)
            }
            Some(_) => {
                Compiler::error(
                    self,
                    name.span(),
                    format!("`{}` has no value to compare", name.get_ref()),
                    Some("name a count, amount, rate or score input, or a metric".into()),
                );
                None
            }
            None => {
                let hint = did_you_mean(name.get_ref(), known.iter().map(String::as_str));
                Compiler::error(
                    self,
                    name.span(),
                    format!("unknown input or metric `{}`", name.get_ref()),
                    hint,
                );
                None
            }
        }
    }

    fn threshold(&mut self, spanned: &Spanned<Number>, value: usize) -> Option<Decimal> {
        let threshold = spanned.get_ref().0;
        if let Some((lo, hi)) = self.ranges.get(&value).copied() {
            if lo.is_some_and(|lo| threshold < lo) || hi.is_some_and(|hi| threshold > hi) {
                let range = format!(
                    "{}..{}",
                    lo.map(|d| d.normalize().to_string()).unwrap_or_default(),
                    hi.map(|d| d.normalize().to_string()).unwrap_or_default()
                );
                let name = self.slot_name(value);
                Compiler::error(
                    self,
                    spanned.span(),
                    format!("threshold {} is outside the range of `{name}` ({range})", threshold.normalize()),
                    Some(
                        "a rate threshold is written as a fraction or a percentage, such as 0.7 or \"70%\""
                            .into(),
                    ),
                );
                return None;
            }
        }
        Some(threshold)
    }

    fn signed_amount(
        &mut self,
        deduct: Option<&Spanned<NumberOrParameter>>,
        award: Option<&Spanned<NumberOrParameter>>,
        reads: &mut Vec<usize>,
    ) -> Option<(Direction, Amount)> {
        let (direction, raw) = match (deduct, award) {
            (Some(d), _) => (Direction::Deduct, d),
            (None, Some(a)) => (Direction::Award, a),
            (None, None) => return None,
        };
        let amount = match raw.get_ref() {
            NumberOrParameter::Fixed(value) if *value < Decimal::ZERO => {
                Compiler::error(
                    self,
                    raw.span(),
                    "amounts are written positive",
                    Some("use `award` for points gained and `deduct` for points lost".into()),
                );
                return None;
            }
            NumberOrParameter::Fixed(value) => Amount::Fixed(*value),
            NumberOrParameter::Parameter(name) => match self.symbols.get_mut(name.as_str()) {
                Some(symbol) if symbol.named == Named::Parameter => {
                    symbol.used = true;
                    reads.push(symbol.slot);
                    Amount::Parameter(symbol.slot)
                }
                _ => {
                    let params: Vec<String> = self
                        .symbols
                        .iter()
                        .filter(|(_, s)| s.named == Named::Parameter)
                        .map(|(n, _)| n.clone())
                        .collect();
                    let hint = did_you_mean(name, params.iter().map(String::as_str))
                        .or(Some("an amount is a number or the name of a [parameter]".into()));
                    Compiler::error(
                        self,
                        raw.span(),
                        format!("`{name}` is neither a number nor a parameter"),
                        hint,
                    );
                    return None;
                }
            },
        };
        Some((direction, amount))
    }
}

/// A hex colour (`#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`) or a CSS colour name (letters only):
/// what a report or page may put into a style without escaping anything.
fn is_css_colour(text: &str) -> bool {
    match text.strip_prefix('#') {
        Some(hex) => matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit()),
        None => (3..=20).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphabetic()),
    }
}
