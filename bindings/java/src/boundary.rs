//! What each native method does, in plain Rust so that it is tested without a JVM: JSON text in,
//! JSON text out, every refusal a [`Failure`] in the JSON contract's terms.

use kaohe::{push_normalized, InputError, InputErrors, Inputs, Ruleset};
use serde::Deserialize;
use serde_json::json;

/// Why a call was refused.
#[derive(Debug)]
pub enum Failure {
    Ruleset(kaohe::RulesetError),
    /// Every problem, each with the row of a batch it is in (none outside a batch).
    Input(Vec<(Option<usize>, InputError)>),
    /// An argument the Java side should never send (a closed ruleset, missing text).
    Argument(String),
}

impl From<InputErrors> for Failure {
    fn from(errors: InputErrors) -> Failure {
        Failure::Input(errors.0.into_iter().map(|e| (None, e)).collect())
    }
}

impl Failure {
    /// `{"kind": "ruleset"|"input"|"argument", "message": …}` with the ruleset error's `origin`
    /// and `diagnostics`, or the input problems as `errors` (each with its `row`).
    pub fn to_json(&self) -> String {
        let value = match self {
            Failure::Ruleset(error) => json!({
                "kind": "ruleset",
                "message": error.to_string(),
                "origin": error.origin,
                "diagnostics": error.diagnostics,
            }),
            Failure::Input(errors) => {
                let message: Vec<String> = errors
                    .iter()
                    .map(|(row, e)| match row {
                        Some(row) => format!("row {row}: {e}"),
                        None => e.to_string(),
                    })
                    .collect();
                let errors: Vec<serde_json::Value> = errors
                    .iter()
                    .map(|(row, e)| {
                        json!({"row": row, "loc": e.loc, "path": e.path, "kind": e.kind, "message": e.message})
                    })
                    .collect();
                json!({"kind": "input", "message": message.join("\n"), "errors": errors})
            }
            Failure::Argument(message) => json!({"kind": "argument", "message": message}),
        };
        value.to_string()
    }
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Failure> {
    serde_json::to_string(value).map_err(|e| Failure::Argument(format!("cannot write JSON: {e}")))
}

fn required(text: Option<String>, what: &str) -> Result<String, Failure> {
    text.ok_or_else(|| Failure::Argument(format!("{what} is required")))
}

fn parse<T: for<'de> Deserialize<'de>>(text: &str, expected: &str) -> Result<T, Failure> {
    serde_json::from_str(text).map_err(|e| {
        Failure::Argument(format!("line {} column {}: {e}; expected {expected}", e.line(), e.column()))
    })
}

/// The built-in rulesets.
pub fn catalogue() -> Result<String, Failure> {
    to_json(kaohe::builtin::catalogue())
}

/// What a ruleset asks for (the contract's `ruleset.json`).
pub fn describe(ruleset: &Ruleset) -> Result<String, Failure> {
    kaohe::json::describe(ruleset).map_err(|e| Failure::Argument(format!("cannot write JSON: {e}")))
}

/// One unit's month as a card, explained or not.
pub fn score(ruleset: &Ruleset, inputs: Option<String>, explain: bool) -> Result<String, Failure> {
    let inputs = kaohe::json::parse_inputs(&required(inputs, "inputs")?)?;
    let card = if explain { ruleset.explain(&inputs) } else { ruleset.score(&inputs) }?;
    kaohe::json::card_to_json(&card).map_err(|e| Failure::Argument(format!("cannot write JSON: {e}")))
}

/// Many rows in one crossing: a JSON array of input objects to their cards as JSON lines (one card
/// a line). Every bad row is reported (with its position from 0); no card is returned unless every
/// row scored.
pub fn score_all(ruleset: &Ruleset, rows: Option<String>, explain: bool) -> Result<String, Failure> {
    let rows: Vec<Inputs> = parse(&required(rows, "rows")?, "an array of input objects")?;
    let mut out = String::new();
    let mut problems = Vec::new();
    for (n, inputs) in rows.iter().enumerate() {
        match if explain { ruleset.explain(inputs) } else { ruleset.score(inputs) } {
            Ok(card) if problems.is_empty() => {
                if n > 0 {
                    out.push('\n');
                }
                out.push_str(&to_json(&card)?);
            }
            Ok(_) => {}
            Err(errors) => problems.extend(errors.0.into_iter().map(|e| (Some(n), e))),
        }
    }
    if !problems.is_empty() {
        return Err(Failure::Input(problems));
    }
    Ok(out)
}

/// One cell's JSON text as a value. Nearly every cell Java writes is a string without escapes (a
/// decimal's plain text, "87.5%") or a small whole number: those are read here as serde_json reads
/// them, without its general parser; anything else goes through serde_json.
fn cell_value(cell: &str) -> Result<kaohe::InputValue, serde_json::Error> {
    if let Some(text) = cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        if !text.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
            return Ok(kaohe::InputValue::Text(text.to_owned()));
        }
    }
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let plain_integer = (1..=18).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if let (true, Ok(whole)) = (plain_integer, cell.parse::<i64>()) {
        return Ok(kaohe::InputValue::Number(whole.into()));
    }
    serde_json::from_str(cell)
}

/// The numbers of many rows without building cards, in one crossing. The rows come as a table:
/// a first line of input names, then a line per row of cells, each the JSON text of its value or
/// empty for an input the row does not give (tab-separated; JSON text holds no raw tab or line
/// break). The names are bound to the ruleset once, as `score_frame` binds a frame's columns. Out:
/// one line per row, `total TAB grade TAB flag ids TAB item scores` (the grade's label or nothing,
/// ids and scores comma-separated, items in [`item_ids`] order). Every bad row is reported, as in
/// [`score_all`].
pub fn numbers(ruleset: &Ruleset, table: Option<String>) -> Result<String, Failure> {
    use std::fmt::Write as _;
    let table = required(table, "rows")?;
    // Every row is one line, ended by a line break (an empty line is a row that gives nothing).
    let mut lines = table.strip_suffix('\n').unwrap_or(&table).split('\n');
    let names: Vec<&str> = match lines.next() {
        Some("") | None => Vec::new(),
        Some(header) => header.split('\t').collect(),
    };
    let columns = ruleset.columns(&names)?;
    let mut scores = ruleset.new_scores();
    let mut row: Vec<Option<kaohe::InputValue>> = Vec::with_capacity(names.len());
    let mut out = String::new();
    let mut problems = Vec::new();
    for (n, line) in lines.enumerate() {
        row.clear();
        for (cell, name) in line.split('\t').zip(&names) {
            // The Java side writes every cell it sends as JSON: anything else is its fault.
            let value = match cell {
                "" => None,
                cell => Some(cell_value(cell).map_err(|e| {
                    Failure::Argument(format!("row {n}, input {name}: the cell is not JSON ({e})"))
                })?),
            };
            row.push(value);
        }
        if let Err(errors) = ruleset.score_row_into(&columns, &row, &mut scores) {
            problems.extend(errors.0.into_iter().map(|e| (Some(n), e)));
            continue;
        }
        if !problems.is_empty() {
            continue;
        }
        let grade = scores.grade.and_then(|g| ruleset.grades().get(g)).map_or("", |g| g.label.as_str());
        push_normalized(&mut out, scores.total);
        let _ = write!(out, "\t{grade}\t");
        let raised = ruleset.flags().iter().zip(&scores.flags).filter(|(_, raised)| **raised);
        for (k, (flag, _)) in raised.enumerate() {
            let _ = write!(out, "{}{}", if k > 0 { "," } else { "" }, flag.id);
        }
        out.push('\t');
        for (k, item) in scores.items.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            push_normalized(&mut out, item.score);
        }
        out.push('\n');
    }
    if !problems.is_empty() {
        return Err(Failure::Input(problems));
    }
    Ok(out)
}

/// The ids of every item, section by section: the order of [`numbers`]' item scores.
pub fn item_ids(ruleset: &Ruleset) -> Result<String, Failure> {
    to_json(&ruleset.items().map(|(id, _)| id).collect::<Vec<_>>())
}

/// A period from its months (input objects, or null for a missing month) and its own inputs.
pub fn roll_up(
    ruleset: &Ruleset,
    period: Option<String>,
    months: Option<String>,
    given: Option<String>,
) -> Result<String, Failure> {
    let period = required(period, "period")?;
    let Some(period) = kaohe::Period::parse(&period) else {
        let message = format!("period is one of {:?}, not {period:?}", kaohe::Period::NAMES);
        return Err(Failure::Argument(message));
    };
    let months: Vec<Option<Inputs>> =
        parse(&required(months, "months")?, "an array of input objects or nulls")?;
    let given = match given {
        Some(text) => kaohe::json::parse_inputs(&text)?,
        None => Inputs::new(),
    };
    to_json(&ruleset.roll_up(period, &months, &given)?)
}

#[derive(Deserialize)]
struct Standing {
    unit: String,
    kind: String,
    total: String,
}

/// Ranks `[{unit, kind, total}]` (totals as decimal strings) within each kind, with grades.
pub fn rank(ruleset: &Ruleset, standings: Option<String>) -> Result<String, Failure> {
    let given: Vec<Standing> = parse(&required(standings, "standings")?, "an array of {unit, kind, total}")?;
    let mut standings = Vec::with_capacity(given.len());
    for Standing { unit, kind, total } in given {
        let Ok(total) = total.parse() else {
            return Err(Failure::Argument(format!("{unit}: the total `{total}` is not a decimal")));
        };
        standings.push(kaohe::rank::Standing { unit, kind, total });
    }
    to_json(&ruleset.rank(standings)?)
}

/// The explained card as people read it: text or HTML, Chinese or English.
pub fn render(
    ruleset: &Ruleset,
    inputs: Option<String>,
    lang: Option<String>,
    format: Option<String>,
) -> Result<String, Failure> {
    let lang = match lang.as_deref() {
        None => kaohe::render::Lang::Zh,
        Some(text) => kaohe::render::Lang::parse(text)
            .ok_or_else(|| Failure::Argument(format!("lang is \"zh\" or \"en\", not {text:?}")))?,
    };
    let inputs = kaohe::json::parse_inputs(&required(inputs, "inputs")?)?;
    let card = ruleset.explain(&inputs)?;
    match format.as_deref() {
        None | Some("text") => Ok(kaohe::render::card_text(&card, lang)),
        Some("html") => Ok(kaohe::render::card_html(&card, lang)),
        Some(other) => Err(Failure::Argument(format!("format is \"text\" or \"html\", not {other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn ningbo() -> Ruleset {
        kaohe::builtin::load("ningbo/district").unwrap()
    }

    #[test]
    fn a_batch_reports_every_bad_row_and_returns_no_card() {
        let rows = r#"[{"late_arrivals": 1}, {"late_arrivals": -1}, {"late_arrivals": "x"}]"#;
        let failure = score_all(&ningbo(), Some(rows.into()), false).unwrap_err();
        let json: Value = serde_json::from_str(&failure.to_json()).unwrap();
        assert_eq!(json["kind"], "input");
        let errors = json["errors"].as_array().unwrap();
        let rows: Vec<&Value> =
            errors.iter().filter(|e| e["loc"] == "late_arrivals").map(|e| &e["row"]).collect();
        assert_eq!(rows, [&Value::from(1), &Value::from(2)], "{errors:?}");
    }

    #[test]
    fn a_cell_reads_as_serde_json_reads_it() {
        let cells = [
            r#""87.5%""#,
            r#""0.1""#,
            r#""true""#,
            r#""""#,
            r#""a\"b""#,
            r#""\u6D77""#,
            "0",
            "-0",
            "7",
            "-12",
            "123456789012345678",
            "1234567890123456789",
            "1.5",
            "1e3",
            "true",
            "[1,2]",
            r#"["2","3.5"]"#,
        ];
        for cell in cells {
            let expected: kaohe::InputValue = serde_json::from_str(cell).unwrap();
            assert_eq!(cell_value(cell).unwrap(), expected, "{cell}");
        }
        for cell in ["007", "-", "\"open", "x"] {
            assert!(cell_value(cell).is_err(), "{cell}");
        }
    }

    #[test]
    fn numbers_are_the_cards_numbers_one_line_a_row() {
        let ruleset = ningbo();
        let month = r#"{"grid_cells": 400, "inspectors": 30, "operators": 20, "inspector_online_rate": "80%",
            "reported_items": 1000, "valid_cases": 800, "daily_valid_collections": 400,
            "on_time_closure_rate": "90%", "closure_rate": "94%", "rework_rate": "1%",
            "superior_satisfaction": "95%", "partner_satisfaction": "90%", "community_satisfaction": "90%"}"#;
        let inputs = kaohe::json::parse_inputs(month).unwrap();
        let names: Vec<&str> = inputs.iter().map(|(name, _)| name).collect();
        let cells: Vec<String> =
            inputs.iter().map(|(_, value)| serde_json::to_string(value).unwrap()).collect();
        let row = cells.join("\t");
        let lines = numbers(&ruleset, Some(format!("{}\n{row}\n{row}\n", names.join("\t")))).unwrap();
        let card = ruleset.score(&inputs).unwrap();
        let items: Vec<String> =
            card.sections.iter().flat_map(|s| &s.items).map(|i| i.score.normalize().to_string()).collect();
        let grade = card.grade.as_ref().map_or("", |g| g.label.as_str());
        // 结案率 94%: one step below 95% -> closure 7 - 1 = 6, total 99.
        let line = format!("99\t{grade}\t\t{}\n", items.join(","));
        assert!(items.contains(&"6".to_owned()));
        assert_eq!(lines, format!("{line}{line}"));
        let ids: Vec<String> = serde_json::from_str(&item_ids(&ruleset).unwrap()).unwrap();
        assert_eq!(ids.len(), items.len());
    }

    #[test]
    fn bad_rows_of_the_numbers_table_are_refused_by_row_and_name() {
        let table = "late_arrivals\tclosure_rate\n1\t\"94%\"\n\"x\"\t\n-1\t\n";
        let failure = numbers(&ningbo(), Some(table.into())).unwrap_err();
        let json: Value = serde_json::from_str(&failure.to_json()).unwrap();
        let found: Vec<(u64, &str, &str)> = json["errors"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["loc"] == "late_arrivals")
            .map(|e| (e["row"].as_u64().unwrap(), e["kind"].as_str().unwrap(), e["loc"].as_str().unwrap()))
            .collect();
        assert_eq!(found, [(1, "wrong_type", "late_arrivals"), (2, "negative", "late_arrivals")]);
        // A row that gives nothing is a row: Ningbo's required inputs are missing from it.
        let empty = numbers(&ningbo(), Some("\n\n".into())).unwrap_err();
        assert!(empty.to_json().contains(r#""row":0"#), "{}", empty.to_json());
        assert_eq!(numbers(&ningbo(), Some("\n".into())).unwrap(), "");
        let broken = numbers(&ningbo(), Some("late_arrivals\n{1\n".into())).unwrap_err();
        assert!(matches!(broken, Failure::Argument(_)), "{broken:?}");
        let failure = numbers(&ningbo(), Some("late_arrivels\n1\n".into())).unwrap_err();
        assert!(failure.to_json().contains("late_arrivals"), "a did-you-mean: {}", failure.to_json());
    }

    #[test]
    fn arguments_the_java_side_never_sends_are_refused_by_name() {
        let ruleset = ningbo();
        let failure = roll_up(&ruleset, Some("yaer".into()), Some("[]".into()), None).unwrap_err();
        assert!(failure.to_json().contains(r#"not \"yaer\""#), "{}", failure.to_json());
        let failure = rank(&ruleset, Some(r#"[{"unit": "a", "kind": "district", "total": "9x"}]"#.into()));
        assert!(failure.unwrap_err().to_json().contains("`9x` is not a decimal"));
        assert!(matches!(score(&ruleset, None, false), Err(Failure::Argument(_))));
    }

    #[test]
    fn a_ruleset_error_keeps_its_diagnostics() {
        let error = Ruleset::from_toml("title = 1", "bad.toml").unwrap_err();
        let json: Value = serde_json::from_str(&Failure::Ruleset(error).to_json()).unwrap();
        assert_eq!(json["kind"], "ruleset");
        assert_eq!(json["origin"], "bad.toml");
        assert!(json["diagnostics"][0]["line"].as_u64().is_some(), "{json}");
    }
}
