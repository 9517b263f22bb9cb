//! The parts a compiled ruleset is made of: declared inputs, parameters, metrics, flags and
//! grade bands, and its sections and items.

use std::collections::HashMap;

use foldhash::fast::FixedState;
use smol_str::SmolStr;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::expr::Expr;
use crate::rules::Rule;
use crate::values::InputValue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Input {
    pub name: SmolStr,
    pub kind: InputKind,
    pub label: String,
    pub label_en: String,
    pub unit: Option<String>,
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    /// Another input this one may not exceed.
    pub at_most: Option<SmolStr>,
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

/// What checking values against a declared list needs besides the declarations, worked out once
/// when the list is compiled, so that scoring a row copies and looks up instead of recomputing.
#[derive(Debug, Clone, Default)]
pub(crate) struct InputPlan {
    /// Each input's slot value when it is not given: its default, or 0.
    pub(crate) at_rest: Vec<Decimal>,
    /// How many inputs have no default.
    pub(crate) required: usize,
    /// Each input's index by name. The hash is fixed: the table is built once from the ruleset
    /// and only looked up, so given names cannot grow it.
    pub(crate) by_name: HashMap<SmolStr, usize, FixedState>,
    /// (input, the input it may not exceed), for the inputs with an `at_most`.
    pub(crate) limited: Vec<(usize, usize)>,
}

impl InputPlan {
    pub(crate) fn new(declared: &[Input]) -> InputPlan {
        InputPlan {
            at_rest: declared.iter().map(|input| input.default_value.unwrap_or_default()).collect(),
            required: declared.iter().filter(|input| input.default_value.is_none()).count(),
            by_name: declared.iter().enumerate().map(|(index, input)| (input.name.clone(), index)).collect(),
            limited: declared
                .iter()
                .enumerate()
                .filter_map(|(index, input)| Some((index, input.at_most_slot?)))
                .collect(),
        }
    }

    /// The index of the input named `name`. Named values mostly come in declaration order, so the
    /// input after the last one found is tried before searching.
    pub(crate) fn index_of(&self, declared: &[Input], name: &str, guess: usize) -> Option<usize> {
        if declared.get(guess).is_some_and(|input| &*input.name == name) {
            return Some(guess);
        }
        self.by_name.get(name).copied()
    }
}

/// A named constant a city may set differently.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Parameter {
    pub name: SmolStr,
    /// `None` when the source leaves the value to the adopting authority: the ruleset cannot
    /// score until a variant supplies it.
    pub value: Option<Decimal>,
    pub label: String,
    pub label_en: String,
    pub note: String,
}

/// A value derived from inputs and parameters by an expression.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Metric {
    pub name: SmolStr,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Flag {
    pub id: SmolStr,
    pub label: String,
    pub label_en: String,
}

/// A grade band; a total at or above `min` earns it unless a higher band applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
    pub id: SmolStr,
    pub title: SmolStr,
    pub title_en: SmolStr,
    pub points: Decimal,
    pub bonus: bool,
    pub items: Vec<Item>,
}

#[derive(Debug, Clone)]
pub(crate) struct Item {
    pub id: SmolStr,
    pub title: SmolStr,
    pub title_en: SmolStr,
    pub points: Decimal,
    /// The score before rules act; `None` means the points (0 in a bonus section).
    pub start: Option<Decimal>,
    pub floor: Option<Decimal>,
    pub cap: Option<Decimal>,
    pub rules: Vec<Rule>,
}
