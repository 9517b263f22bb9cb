//! What can be wrong with a set of inputs: each problem with its place (`loc`), a stable kind and a
//! message saying what was expected. A leaf: every layer that checks or computes reports through it.

use std::fmt;

use serde::Serialize;

/// A stable code for each way an input can be wrong, for programs that react to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum InputErrorKind {
    Missing,
    Unknown,
    WrongType,
    Negative,
    NotInteger,
    RateOutOfRange,
    OutOfRange,
    AboveLimit,
    TooManyPlaces,
    ZeroDenominator,
    Overflow,
    MissingParameter,
}

impl InputErrorKind {
    /// What `loc` names for this kind of error, for messages.
    fn subject(self) -> &'static str {
        match self {
            InputErrorKind::ZeroDenominator => "metric",
            InputErrorKind::MissingParameter => "parameter",
            InputErrorKind::Overflow => "computing",
            _ => "input",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            InputErrorKind::Missing => "missing",
            InputErrorKind::Unknown => "unknown",
            InputErrorKind::WrongType => "wrong_type",
            InputErrorKind::Negative => "negative",
            InputErrorKind::NotInteger => "not_integer",
            InputErrorKind::RateOutOfRange => "rate_out_of_range",
            InputErrorKind::OutOfRange => "out_of_range",
            InputErrorKind::AboveLimit => "above_limit",
            InputErrorKind::TooManyPlaces => "too_many_places",
            InputErrorKind::ZeroDenominator => "zero_denominator",
            InputErrorKind::Overflow => "overflow",
            InputErrorKind::MissingParameter => "missing_parameter",
        }
    }
}

/// One bad input: where (`loc`: the input's name, `name[2]` for a list entry, `months[3].name` in
/// a period, or the metric or rule that could not be computed; `path` the same place as segments),
/// what kind of problem, and a message saying what was expected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error, schemars::JsonSchema)]
#[error("{} `{loc}`: {message}", kind.subject())]
pub struct InputError {
    pub loc: String,
    /// `loc` as segments, for programs: names and (0-based) positions, such as
    /// `["months", 2, "closure_rate"]` for `months[3].closure_rate`.
    pub path: Vec<Segment>,
    pub kind: InputErrorKind,
    pub message: String,
}

/// One step of an error's place: a name, or a 0-based position in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Segment {
    Name(String),
    Index(usize),
}

impl InputError {
    pub(crate) fn new(loc: impl Into<String>, kind: InputErrorKind, message: impl Into<String>) -> Self {
        let loc = loc.into();
        InputError { path: segments(&loc), loc, kind, message: message.into() }
    }

    /// Entry `n` of the list `list` ranks a unit that entry `first` ranked already: it would take
    /// two places, and which of them counts would be a guess. Rankings and comparisons refuse it.
    pub(crate) fn ranked_twice(list: &str, n: usize, unit: &str, first: usize) -> Self {
        InputError::new(
            format!("{list}[{n}].unit"),
            InputErrorKind::OutOfRange,
            format!("ranks `{unit}` a second time (first at {list}[{first}]); expected each unit once"),
        )
    }

    /// The same error, placed in month `n` (0-based) of a period: `months[n + 1]` as people count
    /// months, position `n` in `path`.
    pub(crate) fn in_month(mut self, n: usize) -> Self {
        let month = format!("months[{}]", n.saturating_add(1));
        self.loc = if self.loc.is_empty() { month } else { format!("{month}.{}", self.loc) };
        self.path.splice(0..0, [Segment::Name("months".into()), Segment::Index(n)]);
        self
    }
}

/// A place written `name` or `name[2]` (a list entry, 0-based) as segments. Names are
/// identifiers, so `.` and `[` only separate.
fn segments(loc: &str) -> Vec<Segment> {
    let mut path = Vec::new();
    for part in loc.split('.').filter(|p| !p.is_empty()) {
        let mut pieces = part.split('[');
        if let Some(name) = pieces.next().filter(|n| !n.is_empty()) {
            path.push(Segment::Name(name.to_owned()));
        }
        for index in pieces {
            match index.trim_end_matches(']').parse() {
                Ok(n) => path.push(Segment::Index(n)),
                Err(_) => path.push(Segment::Name(index.trim_end_matches(']').to_owned())),
            }
        }
    }
    path
}

/// Every problem with one set of inputs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error, schemars::JsonSchema)]
pub struct InputErrors(pub Vec<InputError>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&lines.join("\n"))
    }
}

impl From<InputError> for InputErrors {
    fn from(error: InputError) -> Self {
        InputErrors(vec![error])
    }
}

/// A value too large to compute with, at `loc`.
pub(crate) fn overflow(loc: &str) -> InputError {
    InputError::new(loc, InputErrorKind::Overflow, "is too large to compute with; expected a smaller value")
}
