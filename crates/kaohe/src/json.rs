//! The JSON layer the bindings wrap: inputs in, cards and ruleset descriptions out, decimals as
//! strings throughout.

use serde::Serialize;

use crate::{InputError, InputErrorKind, InputErrors, Inputs, Ruleset, ScoreCard};

/// Parses a JSON object of input names and values.
pub fn parse_inputs(json: &str) -> Result<Inputs, InputErrors> {
    serde_json::from_str(json).map_err(|error| {
        InputErrors(vec![InputError::new(
            format!("line {} column {}", error.line(), error.column()),
            InputErrorKind::WrongType,
            format!("{error}; expected a JSON object of input names and values"),
        )])
    })
}

/// A score card as JSON text.
pub fn card_to_json(card: &ScoreCard) -> String {
    serde_json::to_string(card).unwrap_or_default()
}

#[derive(Serialize)]
struct Description<'a> {
    #[serde(flatten)]
    meta: &'a crate::Meta,
    inputs: &'a [crate::Input],
    parameters: &'a [crate::Parameter],
    metrics: &'a [crate::Metric],
    flags: &'a [std::sync::Arc<crate::Flag>],
    grades: &'a [std::sync::Arc<crate::Grade>],
}

/// What a ruleset is and what it asks for: metadata, declared inputs, parameters, flags, grades.
pub fn describe(ruleset: &Ruleset) -> String {
    let description = Description {
        meta: &ruleset.meta,
        inputs: &ruleset.inputs,
        parameters: &ruleset.parameters,
        metrics: &ruleset.metrics,
        flags: &ruleset.flags,
        grades: &ruleset.grades,
    };
    serde_json::to_string(&description).unwrap_or_default()
}
