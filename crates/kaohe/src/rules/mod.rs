//! The kinds of rule. Each kind is one module owning everything about it: the keys it takes in a
//! ruleset, its compile-time checks, what it does when scored (its outcome and arithmetic) and the
//! words its messages use. This module holds what kinds share and the dispatch: adding a kind is a
//! new module and one arm in each `match` here.

mod discretionary;
mod flag;
mod formula;
mod ladder;
pub(crate) mod outcome;
mod per_occurrence;
mod proportional;
pub(crate) mod raw;
mod threshold;
mod veto;

use std::fmt::Write as _;
use std::ops::Range;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use smol_str::SmolStr;
use toml::Spanned;

use crate::expr::Expr;
use crate::input_error::{overflow, InputError};
use crate::number::{Number, NumberOrParameter};
use outcome::{Arithmetic, Outcome};
use raw::{RawRule, RawVeto};

/// The kinds of rule, as named in the ruleset file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    Flag,
    PerOccurrence,
    LadderBelow,
    LadderAbove,
    Threshold,
    Proportional,
    Formula,
    Discretionary,
    Veto,
}

/// A compiled rule: what the card names it by, and what it does.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub id: SmolStr,
    pub kind: RuleKind,
    pub label: SmolStr,
    pub label_en: SmolStr,
    pub basis: SmolStr,
    /// The value slots the rule reads, for the trace.
    pub reads: Vec<usize>,
    pub body: Body,
}

/// What a rule does, by kind.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Flag(flag::FlagRule),
    PerOccurrence(per_occurrence::PerOccurrenceRule),
    Ladder(ladder::LadderRule),
    Threshold(threshold::ThresholdRule),
    Proportional(proportional::ProportionalRule),
    Formula(formula::FormulaRule),
    Discretionary(discretionary::DiscretionaryRule),
    Veto(veto::VetoRule),
}

/// The keys a kind takes besides `id`, `kind`, `label`, `label_en` and `basis`.
pub(crate) struct Keys {
    pub required: &'static [&'static str],
    pub optional: &'static [&'static str],
    /// Two keys of which exactly one must be given.
    pub one_of: Option<(&'static str, &'static str)>,
}

impl RuleKind {
    pub(crate) fn keys(self) -> &'static Keys {
        match self {
            RuleKind::Flag => &flag::KEYS,
            RuleKind::PerOccurrence => &per_occurrence::KEYS,
            RuleKind::LadderBelow | RuleKind::LadderAbove => &ladder::KEYS,
            RuleKind::Threshold => &threshold::KEYS,
            RuleKind::Proportional => &proportional::KEYS,
            RuleKind::Formula => &formula::KEYS,
            RuleKind::Discretionary => &discretionary::KEYS,
            RuleKind::Veto => &veto::KEYS,
        }
    }

    /// The kind's name in a ruleset file and on the card.
    pub fn name(self) -> &'static str {
        match self {
            RuleKind::Flag => "flag",
            RuleKind::PerOccurrence => "per_occurrence",
            RuleKind::LadderBelow => "ladder_below",
            RuleKind::LadderAbove => "ladder_above",
            RuleKind::Threshold => "threshold",
            RuleKind::Proportional => "proportional",
            RuleKind::Formula => "formula",
            RuleKind::Discretionary => "discretionary",
            RuleKind::Veto => "veto",
        }
    }
}

/// What a rule kind may ask of the compiler: names resolved to value slots (marking them used),
/// expressions bound, amounts and thresholds checked, and problems reported at their place.
pub(crate) trait Scope {
    fn error(&mut self, span: Range<usize>, message: String, hint: Option<String>);
    /// An expression over inputs, parameters and metrics; `context` names it in diagnostics.
    fn expression(&mut self, text: &Spanned<String>, context: &str) -> Option<Expr>;
    /// A condition (non-zero holds) that may not divide by a value that may be zero.
    fn condition(&mut self, text: &Spanned<String>, context: &str, reads: &mut Vec<usize>) -> Option<Expr>;
    fn slots_of(&self, expr: &Expr) -> Vec<usize>;
    /// The slot of a declared input of the kind wanted.
    fn input_of(&mut self, name: &Spanned<String>, wanted: Wanted, reads: &mut Vec<usize>) -> Option<usize>;
    /// The slot of an input or metric with a single numeric value.
    fn value_of(&mut self, name: &Spanned<String>, reads: &mut Vec<usize>) -> Option<usize>;
    /// A threshold within the range of the value it is compared with.
    fn threshold(&mut self, threshold: &Spanned<Number>, value: usize) -> Option<Decimal>;
    /// A positive amount to deduct or award, written or read from a parameter.
    fn signed_amount(
        &mut self,
        deduct: Option<&Spanned<NumberOrParameter>>,
        award: Option<&Spanned<NumberOrParameter>>,
        reads: &mut Vec<usize>,
    ) -> Option<(Direction, Amount)>;
    /// The index of a declared flag, marking it raised by some rule.
    fn raise(&mut self, flag: &Spanned<String>) -> Option<usize>;
    /// The declared range of a slot's value, where known.
    fn range_of(&self, slot: usize) -> Option<(Option<Decimal>, Option<Decimal>)>;
    fn slot_name(&self, slot: usize) -> String;
}

/// Which inputs a rule may read as its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// A count (`per_occurrence`).
    Count,
    /// A `score` or `occurrences` input the assessor fills (`discretionary`).
    AssessorAmount,
}

/// Checks that a rule gives exactly the keys its kind takes; reports each one that is not.
pub(crate) fn check_keys(scope: &mut dyn Scope, raw: &RawRule) -> bool {
    let (kind, keys) = (raw.kind.name(), raw.kind.keys());
    let given = raw.keys_given();
    let takes = |key: &&str| keys.required.contains(key) || keys.optional.contains(key);
    let mut complete = true;
    for (key, span) in &given {
        match span {
            Some(span) if !takes(key) => {
                let all: Vec<String> =
                    keys.required.iter().chain(keys.optional).map(|k| format!("`{k}`")).collect();
                scope.error(
                    span.clone(),
                    format!("`{key}` has no meaning in a `{kind}` rule"),
                    Some(format!("a `{kind}` rule takes {}", all.join(", "))),
                );
                complete = false;
            }
            None if keys.required.contains(key) => {
                scope.error(
                    raw.id.span(),
                    format!("rule `{}` ({kind}) needs `{key}`", raw.id.get_ref()),
                    None,
                );
                complete = false;
            }
            _ => {}
        }
    }
    if let Some((a, b)) = keys.one_of {
        let count = given.iter().filter(|(k, s)| (*k == a || *k == b) && s.is_some()).count();
        if count != 1 {
            let message =
                format!("rule `{}` ({kind}) needs exactly one of `{a}` and `{b}`", raw.id.get_ref());
            scope.error(raw.id.span(), message, None);
            complete = false;
        }
    }
    complete
}

/// Where a rule is compiled: its name for messages and the points of its item.
pub(crate) struct Site<'a> {
    /// "rule `id`".
    pub context: &'a str,
    pub item_points: Decimal,
}

/// Compiles a rule body whose keys have been checked against its kind's [`Keys`]; the slots it
/// reads are added to `reads`. `None` after reporting every problem.
pub(crate) fn compile(
    compiler: &mut dyn Scope,
    raw: &RawRule,
    site: &Site,
    reads: &mut Vec<usize>,
) -> Option<Body> {
    Some(match raw.kind {
        RuleKind::Flag => Body::Flag(flag::FlagRule::compile(compiler, raw, site, reads)?),
        RuleKind::PerOccurrence => {
            Body::PerOccurrence(per_occurrence::PerOccurrenceRule::compile(compiler, raw, reads)?)
        }
        RuleKind::LadderBelow | RuleKind::LadderAbove => {
            Body::Ladder(ladder::LadderRule::compile(compiler, raw, raw.kind, reads)?)
        }
        RuleKind::Threshold => Body::Threshold(threshold::ThresholdRule::compile(compiler, raw, reads)?),
        RuleKind::Proportional => {
            Body::Proportional(proportional::ProportionalRule::compile(compiler, raw, site, reads)?)
        }
        RuleKind::Formula => Body::Formula(formula::FormulaRule::compile(compiler, raw, site, reads)?),
        RuleKind::Discretionary => {
            Body::Discretionary(discretionary::DiscretionaryRule::compile(compiler, raw, reads)?)
        }
        RuleKind::Veto => Body::Veto(veto::VetoRule::compile(compiler, raw, site, reads)?),
    })
}

/// Whether scoring keeps each effect's arithmetic. Scoring is compiled once per choice, so a bare
/// score builds no arithmetic and pays nothing for the trace.
pub(crate) trait Keep {
    /// An effect's arithmetic as kept: the arithmetic itself, or nothing.
    type Arithmetic;
    fn arithmetic(make: impl FnOnce() -> Arithmetic) -> Self::Arithmetic;
}

/// What firing a rule gives: nothing, or an outcome with its arithmetic as `K` keeps it.
pub(crate) type Fired<K> = Result<Option<(Outcome, <K as Keep>::Arithmetic)>, InputError>;

impl Body {
    /// What the rule does with these values, if anything.
    #[inline]
    pub(crate) fn fire<T: Keep>(&self, at: &Firing) -> Fired<T> {
        match self {
            Body::Flag(rule) => rule.fire::<T>(at),
            Body::PerOccurrence(rule) => rule.fire::<T>(at),
            Body::Ladder(rule) => rule.fire::<T>(at),
            Body::Threshold(rule) => rule.fire::<T>(at),
            Body::Proportional(rule) => rule.fire::<T>(at),
            Body::Formula(rule) => rule.fire::<T>(at),
            Body::Discretionary(rule) => rule.fire::<T>(at),
            Body::Veto(rule) => rule.fire::<T>(at),
        }
    }

    /// The slot whose value the rule compares, if any: its messages show that value as a
    /// percentage when it reads as one.
    pub(crate) fn compared(&self) -> Option<usize> {
        match self {
            Body::Ladder(rule) => Some(rule.value),
            Body::Threshold(rule) => Some(rule.value),
            Body::Proportional(rule) => Some(rule.value),
            _ => None,
        }
    }

    /// Whether the rule sets its item's score (an item's score is set by one rule at most).
    pub(crate) fn sets_score(&self) -> bool {
        match self {
            Body::Proportional(_) => true,
            Body::Formula(rule) => rule.direction == Direction::Set,
            Body::Discretionary(rule) => rule.direction == Direction::Set,
            _ => false,
        }
    }

    /// The declared flag the rule raises when it fires, if any.
    #[inline]
    pub(crate) fn raises(&self) -> Option<usize> {
        match self {
            Body::Veto(rule) => rule.raises(),
            _ => None,
        }
    }
}

/// What the scheme's table needs to word a rule: the labels of value slots and flags, and how an
/// amount reads (a number, or a parameter by its label and value).
pub(crate) struct Wording<'a> {
    /// A slot's label in Chinese and English, and whether its value reads as a percentage.
    pub slot: &'a dyn Fn(usize) -> (String, String, bool),
    /// An amount as a number, and what follows "分": a parameter's label, or nothing.
    pub amount: &'a dyn Fn(Amount) -> (String, String),
    pub flag: &'a dyn Fn(usize) -> (String, String),
}

impl Body {
    /// How the rule scores, after its label, for the scheme's table (`kaohe doc`): the amounts and
    /// how they are counted, in Chinese and in English.
    pub(crate) fn method(&self, words: &Wording, zh: &mut String, en: &mut String) {
        match self {
            Body::Flag(rule) => rule.method(words, zh, en),
            Body::PerOccurrence(rule) => rule.method(words, zh, en),
            Body::Ladder(rule) => rule.method(words, zh, en),
            Body::Threshold(rule) => rule.method(words, zh, en),
            Body::Proportional(rule) => rule.method(words, zh, en),
            Body::Formula(rule) => rule.method(zh, en),
            Body::Discretionary(rule) => rule.method(words, zh, en),
            Body::Veto(rule) => rule.method(words, zh, en),
        }
    }
}

/// "扣 2 分" / "deduct 2": what an amount does to its item; `note` follows it (a parameter's label).
pub(crate) fn effect_words(
    direction: Direction,
    (amount, note): (String, String),
    zh: &mut String,
    en: &mut String,
) {
    let (verb_zh, verb_en) = match direction {
        Direction::Deduct => ("扣", "deduct"),
        Direction::Award => ("加", "add"),
        Direction::Set => ("得", "score"),
    };
    let _ = write!(zh, "{verb_zh} {amount} 分{note}");
    let _ = write!(en, "{verb_en} {amount}{note}");
}

/// What a veto zeroes, or the flag it raises.
pub(crate) fn veto_words(veto: &Veto, words: &Wording, zh: &mut String, en: &mut String) {
    let (said_zh, said_en) = match veto {
        Veto::ItemZero => ("本项不得分".to_owned(), "the item scores zero".to_owned()),
        Veto::SectionZero => ("本部分不得分".to_owned(), "the section scores zero".to_owned()),
        Veto::TotalZero => ("总分为零（一票否决）".to_owned(), "the total is zero (veto)".to_owned()),
        Veto::Raise { index, .. } => {
            let (label, label_en) = (words.flag)(*index);
            (format!("记“{label}”"), format!("marked: {label_en}"))
        }
    };
    zh.push_str(&said_zh);
    en.push_str(&said_en);
}

/// Writes the middle of an effect's message, between the rule's label and its outcome: what the
/// rule found, in the words of its kind. `percent`: the compared value reads as a percentage.
pub(crate) fn describe(arithmetic: &Arithmetic, percent: bool, zh: &mut String, en: &mut String) {
    match arithmetic {
        Arithmetic::Fixed { .. } | Arithmetic::Condition => {}
        Arithmetic::PerOccurrence { count, each, .. } => per_occurrence::describe(*count, *each, zh, en),
        Arithmetic::Ladder { .. } | Arithmetic::ZeroBound { .. } => {
            ladder::describe(arithmetic, percent, zh, en)
        }
        Arithmetic::Threshold { value, threshold, passes_when } => {
            threshold::describe(*value, *threshold, *passes_when, percent, zh, en)
        }
        Arithmetic::Proportional { value, of, .. } => proportional::describe(*value, *of, percent, zh, en),
        Arithmetic::Formula { value } => formula::describe(*value, zh, en),
        Arithmetic::Assessed { entries, .. } => discretionary::describe(*entries, zh, en),
    }
}

/// What a rule reads while it fires: the card's values so far.
pub(crate) struct Firing<'a> {
    /// The rule's id, read only to name it in an error.
    pub rule: &'a SmolStr,
    pub values: &'a [Decimal],
}

impl Firing<'_> {
    #[inline]
    pub(crate) fn at(&self, slot: usize) -> Decimal {
        self.values.get(slot).copied().unwrap_or_default()
    }

    #[inline]
    pub(crate) fn eval(&self, expr: &Expr) -> Result<Decimal, InputError> {
        // Most conditions name one input: its slot is read without walking the expression.
        if let Expr::Name { slot, .. } = expr {
            return Ok(self.at(*slot));
        }
        expr.eval(self.values).map_err(|_| overflow(self.rule))
    }

    #[inline]
    pub(crate) fn amount(&self, amount: Amount) -> Decimal {
        match amount {
            Amount::Fixed(value) => value,
            Amount::Parameter(slot) => self.at(slot),
        }
    }

    /// A checked result, or an overflow error naming the rule.
    #[inline]
    pub(crate) fn checked(&self, value: Option<Decimal>) -> Result<Decimal, InputError> {
        value.ok_or_else(|| overflow(self.rule))
    }

    pub(crate) fn veto(&self, veto: &Veto) -> Outcome {
        match veto {
            Veto::ItemZero => Outcome::ItemZero,
            Veto::SectionZero => Outcome::SectionZero,
            Veto::TotalZero => Outcome::TotalZero,
            Veto::Raise { id, .. } => Outcome::Flag { flag: id.clone() },
        }
    }
}

/// A number of points: written in the rule, or read from a parameter's slot.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Amount {
    Fixed(Decimal),
    Parameter(usize),
}

/// What an amount does to its item, as a ruleset's `effect` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Direction {
    Deduct,
    Award,
    Set,
}

impl Direction {
    #[inline]
    pub(crate) fn outcome(self, amount: Decimal) -> Outcome {
        match self {
            Direction::Deduct => Outcome::Deduct { amount },
            Direction::Award => Outcome::Award { amount },
            Direction::Set => Outcome::Set { score: amount },
        }
    }
}

/// How a part of a ladder's step counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// A partly completed step counts as a whole one.
    Started,
    /// Only completed steps count.
    Full,
    /// Steps count fractionally.
    Proportional,
}

/// A comparison as a ruleset writes it, and as a card's arithmetic shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Comparison {
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = ">=")]
    Ge,
}

impl Comparison {
    #[inline]
    pub fn holds(self, value: Decimal, threshold: Decimal) -> bool {
        let order = crate::number::compare(value, threshold);
        match self {
            Comparison::Lt => order.is_lt(),
            Comparison::Le => order.is_le(),
            Comparison::Gt => order.is_gt(),
            Comparison::Ge => order.is_ge(),
        }
    }

    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Lt => "<",
            Comparison::Le => "<=",
            Comparison::Gt => ">",
            Comparison::Ge => ">=",
        }
    }
}

/// What a veto zeroes, or the flag it raises (its index among the declared flags, and its id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Veto {
    ItemZero,
    SectionZero,
    TotalZero,
    Raise { index: usize, id: SmolStr },
}

impl From<RawVeto> for Veto {
    fn from(raw: RawVeto) -> Veto {
        match raw {
            RawVeto::ItemZero => Veto::ItemZero,
            RawVeto::SectionZero => Veto::SectionZero,
            RawVeto::TotalZero => Veto::TotalZero,
        }
    }
}
