//! kaohe for JavaScript: load a ruleset, describe its inputs, score plain objects. Values are
//! plain JS objects with decimals as strings, and cross the boundary as one JSON text each way
//! (`JSON.stringify` in, `JSON.parse` out), but for cards, which come out as a line of numbers that
//! js/card.js sets into the ruleset's outline; errors are thrown as `Error`s named `KaoheError`
//! carrying `kind`, `loc` and the full list of problems. No scoring logic lives here.

#![deny(clippy::arithmetic_side_effects)]

use js_sys::{Array, Error, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

// `score` and `scoreNumbers` are set together in JS (js/card.js) from `outlineJson`, `scoreLine`
// and `numbersLine`; their types join the class's.
#[wasm_bindgen(typescript_custom_section)]
const SCORE: &str = r#"
export interface Ruleset {
  /** Scores one unit's month; with `trace` (the default) every effect is explained. */
  score(inputs: Inputs, trace?: boolean): ScoreCard;
  /**
   * The numbers of one unit's month, without building a card: `{ total, grade, items, flags }`
   * (decimals as strings, the grade's label or null, every item's score in ruleset order, the ids
   * of the flags raised). For forms that rescore as they type, and tables of many rows.
   */
  scoreNumbers(inputs: Inputs): ScoreNumbers;
}
"#;

/// Values cross out as one JSON text read by `JSON.parse`.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&written(serde_json::to_string(value))?)
}

/// JSON the core wrote, or why it could not (nothing the core writes fails in practice).
fn written(json: Result<String, serde_json::Error>) -> Result<String, JsValue> {
    json.map_err(|e| JsValue::from(Error::new(&e.to_string())))
}

/// Values cross in as one JSON text: a single `JSON.stringify` and one string copied in cost far
/// less than visiting an object value by value across the boundary.
fn from_js<T: serde::de::DeserializeOwned>(value: JsValue, expected: &str) -> Result<T, JsValue> {
    let refused = |why: &str| {
        kaohe_error(&format!("{why}; expected {expected}"), "wrong_type", JsValue::NULL, Array::new().into())
    };
    let text = match js_sys::JSON::stringify(&value) {
        Ok(text) => text.as_string().ok_or_else(|| refused("not a JSON value"))?,
        Err(thrown) => {
            let why =
                thrown.dyn_ref::<Error>().map_or_else(|| "not JSON".into(), |e| String::from(e.message()));
            return Err(refused(&format!("cannot be written as JSON ({why})")));
        }
    };
    serde_json::from_str(&text).map_err(|e| refused(&e.to_string()))
}

/// An `Error` named `KaoheError` with `kind`, `loc` and `errors` (every problem).
fn kaohe_error(message: &str, kind: &str, loc: JsValue, errors: JsValue) -> JsValue {
    let error = Error::new(message);
    error.set_name("KaoheError");
    let object: &Object = error.as_ref();
    let _ = Reflect::set(object, &"kind".into(), &kind.into());
    let _ = Reflect::set(object, &"loc".into(), &loc);
    let _ = Reflect::set(object, &"errors".into(), &errors);
    error.into()
}

fn ruleset_error(error: &kaohe::RulesetError) -> JsValue {
    let first = error.diagnostics.first();
    let loc = Object::new();
    // A fault inherited from an extended ruleset is placed in that ruleset's text.
    let origin = first.and_then(|d| d.origin.as_deref()).unwrap_or(&error.origin);
    let _ = Reflect::set(&loc, &"origin".into(), &origin.into());
    let _ = Reflect::set(&loc, &"line".into(), &first.map_or(0, |d| d.line).into());
    let _ = Reflect::set(&loc, &"column".into(), &first.map_or(0, |d| d.column).into());
    let diagnostics = to_js(&error.diagnostics).unwrap_or(JsValue::NULL);
    kaohe_error(&error.to_string(), "ruleset", loc.into(), diagnostics)
}

fn input_error(errors: &kaohe::InputErrors) -> JsValue {
    let first = errors.0.first();
    let list = Array::new();
    for e in &errors.0 {
        let item = Object::new();
        let path = Array::new();
        for segment in &e.path {
            match segment {
                kaohe::Segment::Name(name) => path.push(&name.as_str().into()),
                kaohe::Segment::Index(n) => path.push(&u32::try_from(*n).unwrap_or(u32::MAX).into()),
            };
        }
        let _ = Reflect::set(&item, &"loc".into(), &e.loc.as_str().into());
        let _ = Reflect::set(&item, &"path".into(), &path);
        let _ = Reflect::set(&item, &"kind".into(), &e.kind.code().into());
        let _ = Reflect::set(&item, &"message".into(), &e.message.as_str().into());
        list.push(&item);
    }
    let kind = first.map_or("input", |e| e.kind.code());
    let loc = first.map_or(JsValue::NULL, |e| e.loc.as_str().into());
    kaohe_error(&errors.to_string(), kind, loc, list.into())
}

/// A `KaoheError` for an argument that is not one of the values it takes.
fn wrong(what: &str, expected: &str) -> JsValue {
    kaohe_error(&format!("{what}; expected {expected}"), "wrong_type", what.into(), Array::new().into())
}

/// A string argument. The glue copies a string argument in without checking that it is one, and a
/// number or object there traps: every string parameter is taken as a JS value and read here.
fn text_of(value: &JsValue, what: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| wrong(what, "a string"))
}

/// An optional string argument: left out, undefined or null leave it out.
fn optional_text(value: &Option<JsValue>, what: &str, expected: &str) -> Result<Option<String>, JsValue> {
    match value {
        Some(value) if !value.is_undefined() && !value.is_null() => {
            value.as_string().map(Some).ok_or_else(|| wrong(what, expected))
        }
        _ => Ok(None),
    }
}

fn lang_of(lang: &Option<JsValue>) -> Result<kaohe::render::Lang, JsValue> {
    match optional_text(lang, "lang", "\"zh\" or \"en\"")?.as_deref() {
        None => Ok(kaohe::render::Lang::Zh),
        Some(text) => kaohe::render::Lang::parse(text).ok_or_else(|| wrong("lang", "\"zh\" or \"en\"")),
    }
}

#[wasm_bindgen]
extern "C" {
    /// A plain object of input names and values, typed as the contract's `Inputs`.
    #[wasm_bindgen(typescript_type = "Inputs")]
    pub type InputsObject;
}

fn inputs_of(value: JsValue) -> Result<kaohe::Inputs, JsValue> {
    from_js(value, "an object of input names and values")
}

/// A loaded, validated ruleset.
#[wasm_bindgen]
pub struct Ruleset {
    inner: kaohe::Ruleset,
    /// Buffers `scoreNumbers` refills call after call.
    scores: std::cell::Cell<kaohe::Scores>,
}

impl Ruleset {
    /// Scores `inputs` into the kept buffers and writes their line (`fields`), or explains them
    /// into the explained line (`kaohe::json::explained_line`).
    fn line(&self, inputs: JsValue, explain: bool, fields: kaohe::line::Fields) -> Result<String, JsValue> {
        let inputs = inputs_of(inputs)?;
        let mut scores = self.scores.take();
        let line = if explain {
            self.inner
                .explain_into(&inputs, &mut scores)
                .map_err(|e| input_error(&e))
                .and_then(|effects| written(kaohe::json::explained_line(&self.inner, &scores, &effects)))
        } else {
            self.inner.score_into(&inputs, &mut scores).map_err(|e| input_error(&e)).map(|()| {
                let mut line = String::new();
                kaohe::line::push_line(&mut line, &self.inner, &scores, fields);
                line
            })
        };
        self.scores.set(scores);
        line
    }
}

impl From<kaohe::Ruleset> for Ruleset {
    fn from(inner: kaohe::Ruleset) -> Ruleset {
        let scores = std::cell::Cell::new(inner.new_scores());
        Ruleset { inner, scores }
    }
}

#[wasm_bindgen]
impl Ruleset {
    /// Loads a built-in ruleset by id, such as "ningbo/district".
    #[wasm_bindgen(js_name = load)]
    pub fn load(#[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> Result<Ruleset, JsValue> {
        kaohe::builtin::load(&text_of(&id, "id")?).map(Ruleset::from).map_err(|e| ruleset_error(&e))
    }

    /// Loads a ruleset from TOML text; `origin` names it in diagnostics.
    #[wasm_bindgen(js_name = fromToml)]
    pub fn from_toml(
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        origin: Option<JsValue>,
    ) -> Result<Ruleset, JsValue> {
        let text = text_of(&text, "text")?;
        let origin = optional_text(&origin, "origin", "a string")?.unwrap_or_else(|| "<pasted>".into());
        kaohe::Ruleset::from_toml(&text, &origin).map(Ruleset::from).map_err(|e| ruleset_error(&e))
    }

    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id().to_owned()
    }

    /// The kind a row that names none is assessed as (the first target kind).
    #[wasm_bindgen(getter, js_name = defaultKind)]
    pub fn default_kind(&self) -> String {
        self.inner.default_kind().to_owned()
    }

    /// Metadata: titles, source, target kinds, full marks, notes.
    #[wasm_bindgen(unchecked_return_type = "RulesetMeta")]
    pub fn meta(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.meta())
    }

    /// The whole description (the contract's `ruleset.json`): metadata, inputs, parameters,
    /// metrics, flags and grades.
    #[wasm_bindgen(unchecked_return_type = "RulesetDescription")]
    pub fn describe(&self) -> Result<JsValue, JsValue> {
        to_js(&kaohe::json::description(&self.inner))
    }

    /// The inputs each section reads (through its items' rules and metrics), in section order:
    /// `[[section title, section title_en, [input names]]]`, to lay a form out by section. An
    /// input read by several sections is listed under the first.
    #[wasm_bindgen(js_name = sectionInputs, unchecked_return_type = "Array<[string, string, string[]]>")]
    pub fn section_inputs(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.section_inputs())
    }

    /// Points lost per item (in the order of a card's items) summed over cards' item scores (each
    /// an array of decimal strings, as `scoreNumbers` gives them): points minus score, never below
    /// 0, nothing for a bonus item. Decimal strings, exact.
    #[wasm_bindgen(js_name = pointsLost, unchecked_return_type = "string[]")]
    pub fn points_lost(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[][]")] cards: JsValue,
    ) -> Result<JsValue, JsValue> {
        let cards: Vec<Vec<String>> = from_js(cards, "arrays of item scores")?;
        let cards = cards
            .iter()
            .map(|scores| {
                scores.iter().map(|s| s.parse().map_err(|_| wrong("item score", "a decimal"))).collect()
            })
            .collect::<Result<Vec<Vec<kaohe::Decimal>>, JsValue>>()?;
        let lost = self
            .inner
            .points_lost_over(cards.iter().map(Vec::as_slice))
            .map_err(|e| input_error(&e.into()))?;
        to_js(&lost.iter().map(|d| d.normalize().to_string()).collect::<Vec<_>>())
    }

    /// The periods the ruleset rolls months up to, each with how many months `rollUp` takes for it:
    /// `[["year", 12]]`.
    #[wasm_bindgen(unchecked_return_type = "Array<[RollupPeriod, number]>")]
    pub fn periods(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.rollups().iter().map(|r| (r.period, r.months)).collect::<Vec<_>>())
    }

    /// The declared inputs, to build a form: name, kind, labels, unit, bounds, default.
    #[wasm_bindgen(unchecked_return_type = "InputDecl[]")]
    pub fn inputs(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.inputs())
    }

    /// The card's fixed parts, as the contract's card JSON (`Ruleset::outline`): read once by
    /// `score` (js/card.js), which sets each scoring's numbers into a copy.
    #[wasm_bindgen(js_name = outlineJson, skip_typescript)]
    pub fn outline_json(&self) -> Result<String, JsValue> {
        written(kaohe::json::card_to_json(&self.inner.outline()))
    }

    /// One unit's month as a card's line of numbers (`kaohe::line`); explained, a tab and each
    /// item's effects as JSON follow. What `score` (js/card.js) sets into the outline.
    #[wasm_bindgen(js_name = scoreLine, skip_typescript)]
    pub fn score_line(&self, inputs: JsValue, trace: Option<bool>) -> Result<String, JsValue> {
        self.line(inputs, trace.unwrap_or(true), kaohe::line::Fields::Card)
    }

    /// Scores one unit's month and gives the card as the contract's JSON text (explained with
    /// `trace`, the default), for callers who store or send it as it is.
    #[wasm_bindgen(js_name = scoreJson)]
    pub fn score_json(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Inputs")] inputs: JsValue,
        trace: Option<bool>,
    ) -> Result<String, JsValue> {
        let inputs = inputs_of(inputs)?;
        let card =
            if trace.unwrap_or(true) { self.inner.explain(&inputs) } else { self.inner.score(&inputs) };
        written(kaohe::json::card_to_json(&card.map_err(|e| input_error(&e))?))
    }

    /// One unit's month as a line of numbers only (`kaohe::line`): what `scoreNumbers`
    /// (js/card.js) reads.
    #[wasm_bindgen(js_name = numbersLine, skip_typescript)]
    pub fn numbers_line(&self, inputs: JsValue) -> Result<String, JsValue> {
        self.line(inputs, false, kaohe::line::Fields::Numbers)
    }

    /// The scheme as the table offices publish (each item with its points, how its rules score and
    /// the clauses they come from; then grades, periods, parameters, notes): `format` "html" (the
    /// default, a fragment) or "md", in Chinese ("zh", the default) or English ("en").
    pub fn doc(
        &self,
        #[wasm_bindgen(unchecked_param_type = "\"html\" | \"md\" | undefined")] format: Option<JsValue>,
        #[wasm_bindgen(unchecked_param_type = "\"zh\" | \"en\" | undefined")] lang: Option<JsValue>,
    ) -> Result<String, JsValue> {
        let lang = lang_of(&lang)?;
        match optional_text(&format, "format", "\"html\" or \"md\"")?.as_deref() {
            None | Some("html") => Ok(kaohe::scheme::scheme_html(&self.inner, lang)),
            Some("md") => Ok(kaohe::scheme::scheme_markdown(&self.inner, lang)),
            Some(_) => Err(wrong("format", "\"html\" or \"md\"")),
        }
    }

    /// Scores and explains one unit's month and shows the card as people read it: a text table
    /// (`format` "text", the default) or an HTML table ("html"), in Chinese ("zh", the default)
    /// or English ("en"). The same rendering as the CLI's table and Python's `explain`.
    pub fn render(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Inputs")] inputs: JsValue,
        lang: Option<JsValue>,
        format: Option<JsValue>,
    ) -> Result<String, JsValue> {
        let lang = lang_of(&lang)?;
        let format = optional_text(&format, "format", "\"text\" or \"html\"")?;
        let card = self.inner.explain(&inputs_of(inputs)?).map_err(|e| input_error(&e))?;
        match format.as_deref() {
            None | Some("text") => Ok(kaohe::render::card_text(&card, lang)),
            Some("html") => Ok(kaohe::render::card_html(&card, lang)),
            Some(_) => Err(wrong("format", "\"text\" or \"html\"")),
        }
    }
}

#[wasm_bindgen]
impl Ruleset {
    /// Rolls months (input objects, or null for a missing month) up to "year", "half_year" or
    /// "quarter", with the period's own inputs.
    #[wasm_bindgen(js_name = rollUp, unchecked_return_type = "PeriodCard")]
    pub fn roll_up(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RollupPeriod")] period: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Array<Inputs | null>")] months: JsValue,
        period_inputs: Option<InputsObject>,
    ) -> Result<JsValue, JsValue> {
        let period = text_of(&period, "period")?;
        let Some(period) = kaohe::Period::parse(&period) else {
            let message = format!("period is one of {:?}, not {period:?}", kaohe::Period::NAMES);
            return Err(kaohe_error(&message, "wrong_type", "period".into(), Array::new().into()));
        };
        let months = months
            .dyn_into::<Array>()
            .map_err(|_| wrong("months", "an array of input objects or nulls"))?
            .iter()
            .map(|m| if m.is_null() || m.is_undefined() { Ok(None) } else { inputs_of(m).map(Some) })
            .collect::<Result<Vec<_>, _>>()?;
        let given = match period_inputs {
            Some(given) => inputs_of(given.into())?,
            None => kaohe::Inputs::new(),
        };
        to_js(&self.inner.roll_up(period, &months, &given).map_err(|e| input_error(&e))?)
    }

    /// A year's report as `kaohe report` writes it: one self-contained HTML page (the ranking in
    /// grade colours, points lost by item, each unit's months). `rows` are [unit, kind, "YYYY-MM",
    /// inputs] of one year; `periodInputs` each unit's own inputs for the year as [unit, "2026",
    /// inputs] (a bonus), and `periodInputsFrom` names where they came from on the page. Any
    /// problem refuses the report: nothing is left out silently.
    #[wasm_bindgen(js_name = yearReport)]
    pub fn year_report(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Array<[string, string, string, Inputs]>")] rows: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Array<[string, string, Inputs]>")] period_inputs: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string | null")] period_inputs_from: JsValue,
    ) -> Result<String, JsValue> {
        let rows: Vec<(String, String, String, kaohe::Inputs)> =
            from_js(rows, "[unit, kind, month, inputs] rows")?;
        let given: Vec<(String, String, kaohe::Inputs)> =
            from_js(period_inputs, "[unit, year, inputs] period inputs")?;
        let from = optional_text(&Some(period_inputs_from), "periodInputsFrom", "a file name or null")?;
        let months = rows
            .iter()
            .enumerate()
            .map(|(n, (unit, kind, month, inputs))| {
                let month = kaohe::YearMonth::parse(month)
                    .ok_or_else(|| wrong(&format!("rows[{n}] month"), "YYYY-MM"))?;
                Ok((unit.as_str(), kind.as_str(), month, inputs))
            })
            .collect::<Result<Vec<_>, JsValue>>()?;
        let mut by_unit = std::collections::BTreeMap::new();
        for (n, (unit, year, inputs)) in given.into_iter().enumerate() {
            let key = kaohe::PeriodKey::parse(&year)
                .filter(|key| key.period == kaohe::Period::Year)
                .ok_or_else(|| wrong(&format!("periodInputs[{n}] year"), "a year such as \"2026\""))?;
            if by_unit.insert((unit, key.year), inputs).is_some() {
                return Err(wrong(&format!("periodInputs[{n}]"), "each unit's year once"));
            }
        }
        kaohe::report::from_months(&self.inner, months, &by_unit, from.as_deref())
            .map_err(|e| input_error(&e))
    }

    /// Ranks [unit, kind, total] entries within each kind, ties sharing a rank, each with this
    /// ruleset's grade for its total.
    #[wasm_bindgen(unchecked_return_type = "Ranked[]")]
    pub fn rank(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Array<[string, string, string | number]>")] entries: JsValue,
    ) -> Result<JsValue, JsValue> {
        let entries: Vec<(String, String, kaohe::InputValue)> =
            from_js(entries, "[unit, kind, total] entries")?;
        let mut standings = Vec::with_capacity(entries.len());
        for (unit, kind, total) in entries {
            let total = match &total {
                kaohe::InputValue::Number(n) => Some(*n),
                kaohe::InputValue::Text(t) => t.parse().ok(),
                _ => None,
            };
            let Some(total) = total else {
                return Err(kaohe_error(
                    &format!("{unit}: the total must be a decimal"),
                    "wrong_type",
                    unit.as_str().into(),
                    Array::new().into(),
                ));
            };
            standings.push(kaohe::rank::Standing { unit, kind, total });
        }
        to_js(&self.inner.rank(standings).map_err(|e| input_error(&e))?)
    }
}

/// The period a month (YYYY-MM) falls in, as the rollups name it (`2026`, `2026-H1`, `2026-Q1`, or
/// the month itself), and the month's place in it from 0.
#[wasm_bindgen(js_name = periodOf, unchecked_return_type = "[string, number]")]
pub fn period_of(
    #[wasm_bindgen(unchecked_param_type = "string")] month: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Period")] period: JsValue,
) -> Result<JsValue, JsValue> {
    let parsed =
        kaohe::YearMonth::parse(&text_of(&month, "month")?).ok_or_else(|| wrong("month", "YYYY-MM"))?;
    let Some(period) = kaohe::Period::parse(&text_of(&period, "period")?) else {
        return Err(wrong("period", &format!("one of {:?}", kaohe::Period::NAMES)));
    };
    let (key, index) = parsed.within(period);
    to_js(&(key.to_string(), index))
}

/// A ranked unit as `rank` returns it: what `compareRankings` reads of it.
#[derive(serde::Deserialize)]
struct RankedIn {
    unit: String,
    kind: String,
    rank: usize,
    total: String,
    grade: Option<GradeIn>,
}

#[derive(serde::Deserialize)]
struct GradeIn {
    label: String,
}

/// What-if: two rankings of the same units (from `rank` under two rulesets) lined up by unit:
/// `{ unit, kind, a, b, change, moved }`, each place `{ rank, total, grade }` or null where that
/// ruleset did not rank the unit, `change` the exact change of total (b − a) and `moved` the
/// places moved up.
#[wasm_bindgen(js_name = compareRankings, unchecked_return_type = "RankingComparison")]
pub fn compare_rankings(
    #[wasm_bindgen(unchecked_param_type = "Ranked[]")] a: JsValue,
    #[wasm_bindgen(unchecked_param_type = "Ranked[]")] b: JsValue,
) -> Result<JsValue, JsValue> {
    let (a, b): (Vec<RankedIn>, Vec<RankedIn>) = (from_js(a, "a ranking")?, from_js(b, "a ranking")?);
    fn placings(ranked: &[RankedIn]) -> Result<Vec<kaohe::compare::Placing<'_>>, JsValue> {
        ranked
            .iter()
            .map(|r| {
                let total = r.total.parse().map_err(|_| wrong("total", "a decimal"))?;
                let grade = r.grade.as_ref().map(|g| g.label.as_str());
                Ok(kaohe::compare::Placing { unit: &r.unit, kind: &r.kind, rank: r.rank, total, grade })
            })
            .collect()
    }
    let compared =
        kaohe::compare::compare(&placings(&a)?, &placings(&b)?).map_err(|e| input_error(&e.into()))?;
    to_js(&compared)
}

/// The built-in rulesets: id, title, English title and source document.
#[wasm_bindgen(unchecked_return_type = "RulesetSummary[]")]
pub fn rulesets() -> Result<JsValue, JsValue> {
    to_js(kaohe::builtin::catalogue())
}

/// The TOML text of a built-in ruleset, to start editing from.
#[wasm_bindgen(js_name = rulesetSource)]
pub fn ruleset_source(
    #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue,
) -> Result<Option<String>, JsValue> {
    Ok(kaohe::builtin::source(&text_of(&id, "id")?).map(str::to_owned))
}
