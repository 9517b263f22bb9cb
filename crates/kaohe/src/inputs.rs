//! Checking input values against the declared inputs: every problem is reported with the input's
//! name and what was expected.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;
use smol_str::SmolStr;

use crate::diagnostic::did_you_mean;
pub(crate) use crate::input_error::overflow;
pub use crate::input_error::{InputError, InputErrorKind, InputErrors};
use crate::limits::MAX_OCCURRENCES;
use crate::number::{above_one, beyond_precision, compare, parse_any, parse_plain, Percent, MAX_PLACES};
use crate::ruleset::model::{Input, InputKind, InputPlan};
pub use crate::values::{occurrence_cell, InputValue, Inputs, OCCURRENCE_SEPARATOR, RESERVED_COLUMNS};
use crate::Ruleset;

impl Input {
    /// Checks one given value against this declaration and returns its slot value
    /// (a flag is 0 or 1; occurrences are summed).
    #[inline]
    pub(crate) fn accept(&self, value: &InputValue) -> Result<Decimal, InputError> {
        match self.kind {
            // Numbers are most of what is given: checked here, put into words off this path.
            InputKind::Count | InputKind::Amount | InputKind::Rate | InputKind::Score => {
                self.check_number(value).map_err(|refusal| self.refused(&self.name, value, refusal))
            }
            InputKind::Flag | InputKind::Occurrences => self.accept_other(value),
        }
    }

    fn accept_other(&self, value: &InputValue) -> Result<Decimal, InputError> {
        let name = &*self.name;
        match self.kind {
            InputKind::Flag => match value {
                InputValue::Bool(b) => Ok(if *b { Decimal::ONE } else { Decimal::ZERO }),
                InputValue::Text(t) if t.trim() == "true" => Ok(Decimal::ONE),
                InputValue::Text(t) if t.trim() == "false" => Ok(Decimal::ZERO),
                _ => Err(wrong_type(name, "true or false", value)),
            },
            _ => match value {
                InputValue::List(entries) => self.occurrences(entries.iter().map(Cow::Borrowed)),
                InputValue::Text(cell) => self.occurrences(
                    occurrence_cell(cell).map(|entry| Cow::Owned(InputValue::Text(entry.to_owned()))),
                ),
                _ => Err(wrong_type(name, "a list of amounts, one per occurrence", value)),
            },
        }
    }

    /// The sum of an occurrences input's entries, each checked as an amount.
    fn occurrences<'a>(
        &self,
        entries: impl Iterator<Item = Cow<'a, InputValue>>,
    ) -> Result<Decimal, InputError> {
        let name = &*self.name;
        let most = self.max_entries.unwrap_or(MAX_OCCURRENCES).min(MAX_OCCURRENCES);
        let mut total = Decimal::ZERO;
        for (n, entry) in entries.enumerate() {
            if n >= most {
                let message = format!("has more than {most} entries; expected at most {most}");
                return Err(InputError::new(name, InputErrorKind::OutOfRange, message));
            }
            let amount = self.number(&format!("{name}[{n}]"), &entry)?;
            total = total.checked_add(amount).ok_or_else(|| overflow(name))?;
        }
        Ok(total)
    }

    fn number(&self, loc: &str, value: &InputValue) -> Result<Decimal, InputError> {
        self.check_number(value).map_err(|refusal| self.refused(loc, value, refusal))
    }

    /// The checks alone; what went wrong is put into words by `refused`, off the path every
    /// accepted value takes.
    #[inline(always)]
    fn check_number(&self, value: &InputValue) -> Result<Decimal, Refusal> {
        let number = match value {
            InputValue::Number(n) => *n,
            // A percent sign belongs to rates: "200%" is not a count or an amount.
            InputValue::Text(t) if self.kind != InputKind::Rate && t.contains('%') => {
                return Err(Refusal::NotANumber)
            }
            // Plain text (up to 18 digits) cannot be beyond precision; only other text is checked.
            InputValue::Text(t) => match parse_plain(t) {
                Some(number) => number,
                None if beyond_precision(t) => return Err(Refusal::BeyondPrecision),
                None => parse_any(t).ok_or(Refusal::NotANumber)?,
            },
            _ => return Err(Refusal::NotANumber),
        };
        let negative = number.is_sign_negative() && !number.is_zero();
        match self.kind {
            InputKind::Count if negative => return Err(Refusal::Negative(number)),
            InputKind::Count if number.scale() > 0 && !number.fract().is_zero() => {
                return Err(Refusal::NotInteger(number))
            }
            InputKind::Rate if negative || above_one(number) => return Err(Refusal::RateOutOfRange(number)),
            _ => {}
        }
        if let Some(places) = self.places {
            if number.scale() > places && number.normalize().scale() > places {
                return Err(Refusal::TooManyPlaces(number));
            }
        }
        let below = self.min.is_some_and(|min| compare(number, min).is_lt());
        let above = self.max.is_some_and(|max| compare(number, max).is_gt());
        if below || above {
            return Err(Refusal::OutOfRange(number));
        }
        Ok(number)
    }

    #[cold]
    #[inline(never)]
    fn refused(&self, loc: &str, value: &InputValue, refusal: Refusal) -> InputError {
        match refusal {
            Refusal::NotANumber => {
                let expected = match self.kind {
                    InputKind::Count => "a whole number of 0 or more",
                    InputKind::Rate => "a rate such as 0.875 or \"87.5%\"",
                    _ => "a number",
                };
                wrong_type(loc, expected, value)
            }
            Refusal::Negative(number) => InputError::new(
                loc,
                InputErrorKind::Negative,
                format!("is {}, a negative count; expected a whole number of 0 or more", number.normalize()),
            ),
            Refusal::NotInteger(number) => InputError::new(
                loc,
                InputErrorKind::NotInteger,
                format!("is {}, not a whole number; expected a count such as 0, 1, 2", number.normalize()),
            ),
            Refusal::RateOutOfRange(number) => {
                let written_as_percent = matches!(value, InputValue::Text(t) if t.trim_end().ends_with('%'));
                let hint = if number > Decimal::ONE && number <= Decimal::ONE_HUNDRED && !written_as_percent {
                    format!(" (for {0} percent write \"{0}%\")", number.normalize())
                } else {
                    String::new()
                };
                InputError::new(
                    loc,
                    InputErrorKind::RateOutOfRange,
                    format!(
                        "is {}, outside 0%..100%; expected a fraction from 0 to 1{hint}",
                        Percent(number)
                    ),
                )
            }
            Refusal::BeyondPrecision => InputError::new(
                loc,
                InputErrorKind::TooManyPlaces,
                format!(
                    "is {}, with more than {MAX_PLACES} decimal places; kaohe computes exactly with at most {MAX_PLACES} and does not round an input",
                    describe(value)
                ),
            ),
            Refusal::TooManyPlaces(number) => InputError::new(
                loc,
                InputErrorKind::TooManyPlaces,
                format!(
                    "is {}, with more decimal places than the scheme works in; expected at most {} place(s)",
                    number.normalize(),
                    self.places.unwrap_or_default()
                ),
            ),
            Refusal::OutOfRange(number) => {
                let range = match (self.min, self.max) {
                    (Some(min), Some(max)) => format!("from {} to {}", min.normalize(), max.normalize()),
                    (Some(min), None) => format!("at least {}", min.normalize()),
                    (None, Some(max)) => format!("at most {}", max.normalize()),
                    (None, None) => String::new(),
                };
                InputError::new(
                    loc,
                    InputErrorKind::OutOfRange,
                    format!("is {}, outside its range; expected {range}", number.normalize()),
                )
            }
        }
    }
}

/// Why a given number was refused, with the number read.
#[derive(Clone, Copy)]
enum Refusal {
    NotANumber,
    Negative(Decimal),
    NotInteger(Decimal),
    RateOutOfRange(Decimal),
    OutOfRange(Decimal),
    TooManyPlaces(Decimal),
    BeyondPrecision,
}

fn describe(value: &InputValue) -> String {
    match value {
        InputValue::Bool(b) => b.to_string(),
        InputValue::Number(n) => n.normalize().to_string(),
        InputValue::Text(t) => format!("{t:?}"),
        InputValue::List(_) => "a list".to_owned(),
    }
}

fn wrong_type(loc: &str, expected: &str, value: &InputValue) -> InputError {
    InputError::new(loc, InputErrorKind::WrongType, format!("is {}; expected {expected}", describe(value)))
}

impl Ruleset {
    /// Turns named inputs into the value slots the rules read, reporting every problem at once.
    /// `values` holds the ruleset's slots at rest; the inputs' slots come first.
    pub(crate) fn accept_inputs(&self, given: Given, values: &mut [Decimal]) -> Result<(), InputErrors> {
        if let Given::Row(columns, _) = given {
            if columns.ruleset != self.meta.id {
                let message = format!("were bound to ruleset `{}`, not `{}`", columns.ruleset, self.meta.id);
                return Err(InputError::new("columns", InputErrorKind::WrongType, message).into());
            }
        }
        let slots = values.get_mut(..self.inputs.len()).unwrap_or_default();
        accept_all(&self.inputs, &self.input_plan, &Owner("ruleset", &self.meta.id), given, slots)
    }
}

/// Input values matched to declared inputs: by name for [`Inputs`], by position for a row of
/// [`Columns`].
#[derive(Clone, Copy)]
pub(crate) enum Given<'a> {
    Named(&'a Inputs),
    Row(&'a Columns, &'a [Option<InputValue>]),
}

impl<'a> Given<'a> {
    /// The value given for the declared input at `index`, or for `name`.
    pub(crate) fn get(self, index: usize, name: &str) -> Option<&'a InputValue> {
        match self {
            Given::Named(inputs) => inputs.get(name),
            Given::Row(columns, row) => columns.cell(index, row),
        }
    }
}

/// Column names bound once to a ruleset's declared inputs, for scoring many rows with the same
/// columns without looking names up per row. Made by [`Ruleset::columns`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    /// For each column, the index of the declared input it holds.
    inputs: Vec<Option<usize>>,
    /// For each declared input, the column that holds it.
    column_of: Vec<Option<usize>>,
    ruleset: SmolStr,
}

impl Columns {
    /// The cell of `row` holding the declared input at `index`, if given.
    fn cell<'a>(&self, index: usize, row: &'a [Option<InputValue>]) -> Option<&'a InputValue> {
        row.get((*self.column_of.get(index)?)?)?.as_ref()
    }
}

impl Ruleset {
    /// Binds column names to declared inputs; an undeclared name is an error (with "did you mean"),
    /// reported once rather than for every row.
    pub fn columns<S: AsRef<str>>(&self, names: &[S]) -> Result<Columns, InputErrors> {
        let mut errors = Vec::new();
        let mut inputs = Vec::with_capacity(names.len());
        for name in names {
            let name = name.as_ref();
            match self.input_plan.index_of(&self.inputs, name, inputs.len()) {
                Some(index) if !inputs.contains(&Some(index)) => inputs.push(Some(index)),
                Some(_) => errors.push(InputError::new(
                    name,
                    InputErrorKind::Unknown,
                    "is a column twice; expected each input once",
                )),
                None => errors.push(unknown(name, &self.inputs, &Owner("ruleset", &self.meta.id))),
            }
        }
        if errors.is_empty() {
            let mut column_of = vec![None; self.inputs.len()];
            for (column, input) in inputs.iter().enumerate() {
                if let Some(slot) = input.and_then(|i| column_of.get_mut(i)) {
                    *slot = Some(column);
                }
            }
            Ok(Columns { inputs, column_of, ruleset: self.meta.id.clone() })
        } else {
            Err(InputErrors(errors))
        }
    }
}

/// Who declares a list of inputs, for messages; formatted only when there is an error.
pub(crate) struct Owner<'a>(pub &'a str, pub &'a str);

impl fmt::Display for Owner<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} `{}`", self.0, self.1)
    }
}

fn unknown(name: &str, declared: &[Input], owner: &dyn fmt::Display) -> InputError {
    let hint = did_you_mean(name, declared.iter().map(|input| &*input.name))
        .map(|h| format!("; {h}"))
        .unwrap_or_default();
    InputError::new(name, InputErrorKind::Unknown, format!("is not an input of {owner}{hint}"))
}

/// Checks `given` against the `declared` inputs of `owner` (named in messages) into `values`, one
/// slot per declared input, which must hold the plan's `at_rest` values: each given value is
/// checked into its slot, so the work follows what was given, not everything a scheme declares.
pub(crate) fn accept_all(
    declared: &[Input],
    plan: &InputPlan,
    owner: &dyn fmt::Display,
    given: Given,
    values: &mut [Decimal],
) -> Result<(), InputErrors> {
    let mut accepting = Accepting { declared, values, required_given: 0, errors: Vec::new() };
    match given {
        Given::Named(inputs) => {
            let mut guess = 0;
            for (name, value) in inputs.iter() {
                match plan.index_of(declared, name, guess) {
                    Some(index) => {
                        accepting.take(index, value);
                        guess = index.saturating_add(1);
                    }
                    None => accepting.errors.push(unknown(name, declared, owner)),
                }
            }
        }
        Given::Row(columns, row) => {
            if row.len() != columns.inputs.len() {
                let message =
                    format!("has {} cells; expected {}, one per column", row.len(), columns.inputs.len());
                return Err(InputError::new("row", InputErrorKind::WrongType, message).into());
            }
            for (column, cell) in columns.inputs.iter().zip(row) {
                if let (Some(index), Some(value)) = (column, cell) {
                    accepting.take(*index, value);
                }
            }
        }
    }
    let Accepting { values, required_given, mut errors, .. } = accepting;
    if required_given < plan.required {
        let missing = declared.iter().enumerate().filter(|(index, input)| {
            input.default_value.is_none() && given.get(*index, &input.name).is_none()
        });
        errors.extend(missing.map(|(_, input)| {
            InputError::new(
                &*input.name,
                InputErrorKind::Missing,
                format!("is missing; expected {} ({})", expectation(input), input.label),
            )
        }));
    }
    if errors.is_empty() {
        for &(index, limit_index) in &plan.limited {
            let (Some(input), Some(value), Some(limit)) =
                (declared.get(index), values.get(index), values.get(limit_index))
            else {
                continue;
            };
            if value > limit {
                errors.push(above_limit(input, *value, *limit));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(InputErrors(errors))
    }
}

/// Given values being checked into their slots.
struct Accepting<'a> {
    declared: &'a [Input],
    values: &'a mut [Decimal],
    /// How many of the given values are for inputs without a default.
    required_given: usize,
    errors: Vec<InputError>,
}

impl Accepting<'_> {
    /// Checks `value` into the slot of the declared input at `index`.
    #[inline(always)]
    fn take(&mut self, index: usize, value: &InputValue) {
        let (Some(input), Some(slot)) = (self.declared.get(index), self.values.get_mut(index)) else {
            return;
        };
        self.required_given = self.required_given.saturating_add(usize::from(input.default_value.is_none()));
        match input.accept(value) {
            Ok(accepted) => *slot = accepted,
            Err(error) => self.errors.push(error),
        }
    }
}

#[cold]
fn above_limit(input: &Input, value: Decimal, limit: Decimal) -> InputError {
    let limit_name = input.at_most.as_deref().unwrap_or_default();
    let shown = |v: Decimal| match input.kind {
        InputKind::Rate => Percent(v).to_string(),
        _ => v.normalize().to_string(),
    };
    InputError::new(
        &*input.name,
        InputErrorKind::AboveLimit,
        format!(
            "is {}, above `{limit_name}` ({}), which it is part of; expected at most `{limit_name}`",
            shown(value),
            shown(limit)
        ),
    )
}

fn expectation(input: &Input) -> &'static str {
    match input.kind {
        InputKind::Count => "a whole number of 0 or more",
        InputKind::Amount => "a number",
        InputKind::Rate => "a rate such as 0.875 or \"87.5%\"",
        InputKind::Flag => "true or false",
        InputKind::Score => "an amount within the assessor's range",
        InputKind::Occurrences => "a list of amounts, one per occurrence (in a cell: `2;3.5`)",
    }
}
