//! The JSON layer the bindings wrap: inputs in, cards and ruleset descriptions out, decimals as
//! strings throughout.

use std::sync::Arc;

use serde::Serialize;

use crate::{Effect, Ruleset, ScoreCard, Scores};
use crate::{Flag, Grade, Input, InputError, InputErrorKind, InputErrors, Inputs, Meta, Metric, Parameter};

/// Parses a JSON object of input names and values.
pub fn parse_inputs(json: &str) -> Result<Inputs, InputErrors> {
    serde_json::from_str(json).map_err(|error| {
        InputErrors(vec![InputError::new(
            "",
            InputErrorKind::WrongType,
            format!(
                "line {} column {}: {error}; expected a JSON object of input names and values",
                error.line(),
                error.column()
            ),
        )])
    })
}

/// A score card as JSON text.
pub fn card_to_json(card: &ScoreCard) -> Result<String, serde_json::Error> {
    serde_json::to_string(card)
}

/// One explained scoring as one line: the card's line of numbers ([`crate::line`]), a tab, and
/// each item's effects (in the order of [`Ruleset::items`]) as a JSON array of arrays, for the
/// npm package, which sets cards into the ruleset's outline and reads the effects with one
/// `JSON.parse` (the Java boundary writes them as length-prefixed parts instead, which Java reads
/// faster). JSON text holds no raw tab or line break.
pub fn explained_line(
    ruleset: &Ruleset,
    scores: &Scores,
    effects: &[Vec<Effect>],
) -> Result<String, serde_json::Error> {
    let mut line = String::new();
    crate::line::push_line(&mut line, ruleset, scores, crate::line::Fields::Card);
    line.push('\t');
    line.push_str(&serde_json::to_string(effects)?);
    Ok(line)
}

/// A ruleset as the JSON contract describes it: what it is and what it asks for.
#[derive(Serialize, schemars::JsonSchema)]
pub struct Description<'a> {
    #[serde(flatten)]
    meta: &'a Meta,
    inputs: &'a [Input],
    parameters: &'a [Parameter],
    metrics: &'a [Metric],
    flags: &'a [Arc<Flag>],
    grades: &'a [Arc<Grade>],
}

/// What a ruleset is and what it asks for: metadata, declared inputs (enough to build a form),
/// parameters, metrics, flags and grades.
pub fn describe(ruleset: &Ruleset) -> Result<String, serde_json::Error> {
    serde_json::to_string(&description(ruleset))
}

/// The description [`describe`] writes, as a value.
pub fn description(ruleset: &Ruleset) -> Description<'_> {
    Description {
        meta: &ruleset.meta,
        inputs: &ruleset.inputs,
        parameters: &ruleset.parameters,
        metrics: &ruleset.metrics,
        flags: &ruleset.flags,
        grades: &ruleset.grades,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn inputs_round_trip_through_json_and_bad_json_is_an_input_error() {
        let inputs =
            parse_inputs(r#"{"late_arrivals": 2, "closure_rate": "97%", "office_untidy": true}"#).unwrap();
        assert_eq!(inputs.get("late_arrivals"), Some(&crate::InputValue::from(2)));
        let error = parse_inputs("[1, 2]").unwrap_err();
        assert_eq!(error.0[0].kind, InputErrorKind::WrongType);
        assert!(error.0[0].message.contains("expected a JSON object"), "{}", error.0[0].message);
        let error = parse_inputs(r#"{"a": 1, "a": 2}"#).unwrap_err();
        assert!(error.0[0].message.contains("input `a` is given twice"), "{}", error.0[0].message);
    }

    #[test]
    fn describes_the_declared_inputs_for_forms() {
        let ruleset = crate::builtin::load("ningbo/district").unwrap();
        let description: Value = serde_json::from_str(&describe(&ruleset).unwrap()).unwrap();
        assert_eq!(description["id"], "ningbo/district");
        assert_eq!(description["full_marks"], "100");
        let inputs = description["inputs"].as_array().unwrap();
        let funding = inputs.iter().find(|i| i["name"] == "funding_deduction").unwrap();
        assert_eq!(funding["kind"], "score");
        assert_eq!((funding["min"].as_str(), funding["max"].as_str()), (Some("0"), Some("2")));
        assert_eq!(funding["label"], "经费落实不力酌情扣分");
        assert_eq!(funding["places"], 2);
        let untidy = inputs.iter().find(|i| i["name"] == "office_untidy").unwrap();
        assert_eq!(untidy["kind"], "count");
        let photos = inputs.iter().find(|i| i["name"] == "no_staff_photos").unwrap();
        assert_eq!(photos["default"], false);
        let on_time = inputs.iter().find(|i| i["name"] == "on_time_closure_rate").unwrap();
        assert_eq!(on_time["at_most"], "closure_rate");
        let rate = inputs.iter().find(|i| i["name"] == "closure_rate").unwrap();
        assert_eq!(rate["default"], Value::Null);
    }
}
