//! Indicator definitions as a ruleset writes them: `[cases]` settings, `[case_list.<id>]` value
//! lists, `[case_count.<id>]` counts over the case table, and `[indicator.<input>]`, which feeds a
//! count or a ratio of two counts into one of the ruleset's inputs.

use std::ops::Range;

use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use crate::cases::columns::{Column, ColumnType};
use crate::cases::condition::{self, Condition};
use crate::number::Number;
use crate::ruleset::parts::InputKind;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCaseSettings {
    /// Days after a month's end on which its figures are taken (the assessment day), so that
    /// `assessed_at` = `period_end` + this many days.
    #[serde(default)]
    pub assessed_days_after: Option<Spanned<u32>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCaseList {
    pub label: String,
    pub label_en: String,
    pub basis: String,
    pub values: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCaseCount {
    pub label: String,
    pub label_en: String,
    pub basis: String,
    /// The time column whose month a case is counted in.
    pub in_period: Spanned<String>,
    /// Which cases count; all when absent.
    #[serde(default, rename = "where")]
    pub condition: Option<Spanned<String>>,
    /// Adds this count column over the cases instead of counting them (each rework of a case
    /// reworked twice counts).
    #[serde(default)]
    pub sum: Option<Spanned<String>>,
    /// Counts only cases that repeat: the same values of `same` within the month, at least as
    /// many times as `at_least` gives for the group's `by` value.
    #[serde(default)]
    pub repeat: Option<Spanned<RawRepeat>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRepeat {
    pub same: Vec<String>,
    pub by: String,
    pub at_least: IndexMap<String, u32>,
    pub counting: RepeatCounting,
}

/// How many cases of a repeating group count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepeatCounting {
    /// Every case of the group.
    EveryCase,
    /// Every case after the group's first.
    AfterFirst,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub basis: String,
    /// A count fed as it is.
    #[serde(default)]
    pub count: Option<Spanned<String>>,
    /// `[numerator, denominator]`, two counts.
    #[serde(default)]
    pub ratio: Option<Spanned<Vec<String>>>,
    /// The ratio's value when the denominator is 0, or `"error"` (the month cannot be scored).
    #[serde(default)]
    pub when_empty: Option<Spanned<toml::Value>>,
}

/// Why a table could not be counted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CountError {
    #[error("the ruleset defines no case counts")]
    NoDefinitions,
    #[error("the case table has no column {column} ({label}), which the indicators {readers} need")]
    MissingColumn { column: &'static str, label: &'static str, readers: String },
    #[error("row {row}: {column} {time} falls in no assessment month")]
    OutOfRange { row: usize, column: &'static str, time: String },
    #[error("count {count}: the count passes {limit} (the largest whole number kept)")]
    Overflow { count: String, limit: u64 },
}

/// A compiled count.
#[derive(Debug, Clone)]
pub struct CaseCount {
    pub id: String,
    pub label: String,
    pub label_en: String,
    pub basis: String,
    pub in_period: Column,
    pub condition: Condition,
    pub measure: Measure,
}

#[derive(Debug, Clone)]
pub enum Measure {
    Cases,
    Sum(Column),
    Repeats(Repeats),
}

#[derive(Debug, Clone)]
pub struct Repeats {
    pub same: Vec<Column>,
    pub by: Column,
    pub at_least: Vec<(String, u32)>,
    pub counting: RepeatCounting,
}

/// A compiled indicator: the input it feeds and how.
#[derive(Debug, Clone)]
pub struct Indicator {
    pub input: String,
    pub basis: String,
    pub form: Form,
}

#[derive(Debug, Clone)]
pub enum Form {
    Count(usize),
    Ratio { numerator: usize, denominator: usize, when_empty: Option<Decimal> },
}

/// Everything a ruleset says about counting case records.
#[derive(Debug, Clone, Default)]
pub struct CaseRules {
    pub assessed_days_after: u32,
    pub counts: Vec<CaseCount>,
    pub indicators: Vec<Indicator>,
}

impl CaseRules {
    /// The columns the counts read, each checked with `has` (whether a table holds it): refused,
    /// naming the indicators that need it, when the table lacks one or the ruleset counts nothing.
    pub(crate) fn checked_columns(
        &self,
        has: &dyn Fn(Column) -> bool,
    ) -> Result<Vec<(Column, Vec<&str>)>, CountError> {
        if self.counts.is_empty() {
            return Err(CountError::NoDefinitions);
        }
        let needed = self.columns();
        if let Some((column, readers)) = needed.iter().find(|(column, _)| !has(*column)) {
            let (column, label, _) = column.describe();
            return Err(CountError::MissingColumn { column, label, readers: readers.join(", ") });
        }
        Ok(needed)
    }

    /// The columns the counts read, without which a table cannot be counted.
    pub fn read_columns(&self) -> Vec<Column> {
        self.columns().into_iter().map(|(column, _)| column).collect()
    }

    /// Every column the counts read, in catalogue order, with the indicators that read it (or
    /// the count, where no indicator uses it).
    pub fn columns(&self) -> Vec<(Column, Vec<&str>)> {
        let mut out: Vec<(Column, Vec<&str>)> = Vec::new();
        for (index, count) in self.counts.iter().enumerate() {
            let mut read = vec![Column::Unit, count.in_period];
            count.condition.columns(&mut read);
            match &count.measure {
                Measure::Cases => {}
                Measure::Sum(column) => read.push(*column),
                Measure::Repeats(repeats) => {
                    read.extend(&repeats.same);
                    read.push(repeats.by);
                }
            }
            let mut readers: Vec<&str> = self
                .indicators
                .iter()
                .filter(|i| match i.form {
                    Form::Count(c) => c == index,
                    Form::Ratio { numerator, denominator, .. } => numerator == index || denominator == index,
                })
                .map(|i| i.input.as_str())
                .collect();
            if readers.is_empty() {
                readers.push(&count.id);
            }
            for column in read {
                match out.iter_mut().find(|(c, _)| *c == column) {
                    Some((_, known)) => {
                        for reader in &readers {
                            if !known.contains(reader) {
                                known.push(reader);
                            }
                        }
                    }
                    None => out.push((column, readers.clone())),
                }
            }
        }
        out.sort_by_key(|(c, _)| *c);
        out
    }
}

/// What compiling case rules asks of the ruleset's compiler.
pub(crate) trait CasesScope {
    fn error(&mut self, span: Range<usize>, message: String, hint: Option<String>);
    /// Where the text of a string value starts in the source (past its quote).
    fn text_offset(&self, text: &Spanned<String>) -> usize;
    /// The kind of a declared input, marking it used.
    fn input_kind(&mut self, name: &str) -> Option<InputKind>;
}

fn column_of(
    scope: &mut dyn CasesScope,
    name: &Spanned<String>,
    wanted: &[ColumnType],
    what: &str,
) -> Option<Column> {
    let column = Column::ALL.into_iter().find(|c| c.name() == name.get_ref());
    let fits =
        |c: &Column| wanted.iter().any(|w| std::mem::discriminant(w) == std::mem::discriminant(&c.kind()));
    match column {
        Some(c) if fits(&c) => Some(c),
        _ => {
            let names: Vec<&str> = Column::ALL.iter().filter(|c| fits(c)).map(|c| c.name()).collect();
            let message = format!("`{}` is not {what}", name.get_ref());
            scope.error(name.span(), message, Some(format!("use one of {}", names.join(", "))));
            None
        }
    }
}

/// Compiles a ruleset's case settings, lists, counts and indicators.
pub(crate) fn compile(
    scope: &mut dyn CasesScope,
    settings: Option<RawCaseSettings>,
    lists: IndexMap<Spanned<String>, RawCaseList>,
    counts: RawCounts,
    indicators: IndexMap<Spanned<String>, RawIndicator>,
) -> Option<CaseRules> {
    if counts.is_empty() && indicators.is_empty() && lists.is_empty() && settings.is_none() {
        return None;
    }
    let lists: IndexMap<String, Vec<String>> =
        lists.into_iter().map(|(name, list)| (name.into_inner(), list.values)).collect();
    let list = |name: &str| lists.get(name).cloned();
    let mut compiled = Vec::with_capacity(counts.len());
    for (id, raw) in &counts {
        let in_period = column_of(scope, &raw.in_period, &[ColumnType::Time], "a time column");
        let condition = match &raw.condition {
            None => Some(Condition::All),
            Some(text) => match condition::parse(text.get_ref(), &list) {
                Ok(condition) => Some(condition),
                Err(fault) => {
                    let at = scope.text_offset(text).saturating_add(fault.at);
                    scope.error(
                        at..at.saturating_add(1),
                        format!("case_count.{}: {}", id.get_ref(), fault.message),
                        fault.hint,
                    );
                    None
                }
            },
        };
        let measure = match (&raw.sum, &raw.repeat) {
            (Some(_), Some(repeat)) => {
                scope.error(
                    repeat.span(),
                    "a count either sums a column or counts repeats, not both".into(),
                    None,
                );
                None
            }
            (Some(sum), None) => {
                column_of(scope, sum, &[ColumnType::Count], "a count column").map(Measure::Sum)
            }
            (None, Some(repeat)) => repeats(scope, repeat),
            (None, None) => Some(Measure::Cases),
        };
        if let (Some(in_period), Some(condition), Some(measure)) = (in_period, condition, measure) {
            compiled.push(CaseCount {
                id: id.get_ref().clone(),
                label: raw.label.clone(),
                label_en: raw.label_en.clone(),
                basis: raw.basis.clone(),
                in_period,
                condition,
                measure,
            });
        }
    }
    let mut out = Vec::with_capacity(indicators.len());
    for (input, raw) in indicators {
        let kind = scope.input_kind(input.get_ref());
        let form = match (&raw.count, &raw.ratio) {
            (Some(count), None) => {
                if kind.is_some_and(|k| k != InputKind::Count) {
                    let message = format!(
                        "indicator `{}` is a count, so its input must be of kind count",
                        input.get_ref()
                    );
                    scope.error(input.span(), message, None);
                }
                count_index(scope, &counts, count.get_ref(), count.span()).map(Form::Count)
            }
            (None, Some(ratio)) => ratio_form(scope, &counts, &input, ratio, raw.when_empty.as_ref(), kind),
            _ => {
                let message = format!("indicator `{}` needs either `count` or `ratio`", input.get_ref());
                scope.error(input.span(), message, None);
                None
            }
        };
        if kind.is_none() {
            let message =
                format!("indicator `{}` feeds an input the ruleset does not declare", input.get_ref());
            scope.error(input.span(), message, Some("an indicator is named after the input it fills".into()));
        }
        if let (Some(form), Some(_)) = (form, kind) {
            out.push(Indicator { input: input.into_inner(), basis: raw.basis, form });
        }
    }
    let assessed_days_after = settings.and_then(|s| s.assessed_days_after).map_or(0, |d| d.into_inner());
    Some(CaseRules { assessed_days_after, counts: compiled, indicators: out })
}

type RawCounts = IndexMap<Spanned<String>, RawCaseCount>;

/// The index of the count named `name`, or a diagnostic at `span`.
fn count_index(
    scope: &mut dyn CasesScope,
    counts: &RawCounts,
    name: &str,
    span: Range<usize>,
) -> Option<usize> {
    let found = counts.keys().position(|id| id.get_ref() == name);
    if found.is_none() {
        let hint = crate::diagnostic::did_you_mean(name, counts.keys().map(|k| k.get_ref().as_str()));
        scope.error(span, format!("`{name}` is not a declared [case_count]"), hint);
    }
    found
}

fn ratio_form(
    scope: &mut dyn CasesScope,
    counts: &RawCounts,
    input: &Spanned<String>,
    ratio: &Spanned<Vec<String>>,
    when_empty: Option<&Spanned<toml::Value>>,
    kind: Option<InputKind>,
) -> Option<Form> {
    if kind.is_some_and(|k| !matches!(k, InputKind::Rate | InputKind::Amount)) {
        let message = format!(
            "indicator `{}` is a ratio, so its input must be of kind rate or amount",
            input.get_ref()
        );
        scope.error(input.span(), message, None);
    }
    let [numerator, denominator] = ratio.get_ref().as_slice() else {
        scope.error(ratio.span(), "a ratio is `[numerator, denominator]`, two counts".into(), None);
        return None;
    };
    let numerator = count_index(scope, counts, numerator, ratio.span());
    let denominator = count_index(scope, counts, denominator, ratio.span());
    let when_empty = match when_empty.map(|w| (w.get_ref(), w.span())) {
        Some((toml::Value::String(word), _)) if word == "error" => Some(None),
        Some((value, span)) => match Number::deserialize(value.clone()) {
            Ok(Number(number)) => Some(Some(number)),
            Err(_) => {
                scope.error(span, "`when_empty` is \"error\" or a number".into(), None);
                None
            }
        },
        None => {
            let message = format!("indicator `{}` is a ratio: say with `when_empty` what a month with no cases in the denominator gives (a number, or \"error\")", input.get_ref());
            scope.error(ratio.span(), message, None);
            None
        }
    };
    Some(Form::Ratio { numerator: numerator?, denominator: denominator?, when_empty: when_empty? })
}

fn repeats(scope: &mut dyn CasesScope, raw: &Spanned<RawRepeat>) -> Option<Measure> {
    let span = raw.span();
    let raw = raw.get_ref();
    let text = [ColumnType::Text, ColumnType::Choice(&[])];
    let mut same = Vec::new();
    for name in &raw.same {
        same.push(column_of(
            scope,
            &Spanned::new(span.clone(), name.clone()),
            &text,
            "a text or choice column",
        )?);
    }
    let by = column_of(scope, &Spanned::new(span.clone(), raw.by.clone()), &text, "a text or choice column")?;
    if let ColumnType::Choice(choices) = by.kind() {
        for value in raw.at_least.keys() {
            if !choices.iter().any(|(code, _)| code == value) {
                let message = format!("`{value}` is not a value of {}", by.name());
                scope.error(span.clone(), message, Some(crate::cases::columns::choice_list(choices)));
                return None;
            }
        }
    }
    if raw.at_least.values().any(|n| *n < 2) {
        scope.error(span, "a repeat needs at least 2 cases".into(), None);
        return None;
    }
    let at_least = raw.at_least.iter().map(|(k, v)| (k.clone(), *v)).collect();
    Some(Measure::Repeats(Repeats { same, by, at_least, counting: raw.counting }))
}
