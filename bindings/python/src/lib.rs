//! The Python module `kaohe._kaohe`: conversions between Python values and the core's types, and
//! nothing else. Scoring, validation and messages all happen in the `kaohe` crate.

#![deny(clippy::arithmetic_side_effects)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use kaohe::{Decimal, InputErrors, InputValue, Inputs, Period, RulesetError as CoreRulesetError};
mod cases;
mod frame;

use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::GILOnceCell;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};

create_exception!(_kaohe, RulesetError, PyException, "A ruleset that does not load: see .diagnostics.");
create_exception!(
    _kaohe,
    InputError,
    PyValueError,
    "Inputs that cannot be scored: see .loc, .kind and .errors."
);
create_exception!(
    _kaohe,
    InternalError,
    PyException,
    "A bug in kaohe: the library stopped where it should not. Please report it with the inputs."
);

/// Runs core code so that a panic (a bug, never expected) reaches Python as `InternalError`
/// rather than pyo3's `PanicException`, which `except Exception` does not catch.
fn guarded<T>(core: impl FnOnce() -> T) -> PyResult<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(core)).map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        InternalError::new_err(format!("internal error in kaohe {}: {what}", env!("CARGO_PKG_VERSION")))
    })
}

/// Exists only so the tests can show that a panic becomes `InternalError`.
#[pyfunction]
fn _panic_for_test() -> PyResult<()> {
    guarded(|| panic!("a deliberate panic"))
}

static DECIMAL: GILOnceCell<PyObject> = GILOnceCell::new();

/// `decimal.Decimal` objects made so far, by value. Cards repeat few values (an item's points,
/// zero, common deductions) and a `Decimal` is immutable, so one object serves every card; the
/// cache stops growing at `KNOWN_DECIMALS` values.
static KNOWN: Mutex<Option<HashMap<[u8; 16], PyObject>>> = Mutex::new(None);
const KNOWN_DECIMALS: usize = 4096;

fn decimal(py: Python<'_>, value: Decimal) -> PyResult<PyObject> {
    let value = value.normalize();
    let key = value.serialize();
    // The lock is never held while Python runs, which could let another thread in to wait on it.
    let known = |py| {
        KNOWN.lock().unwrap_or_else(PoisonError::into_inner).as_ref()?.get(&key).map(|o| o.clone_ref(py))
    };
    if let Some(object) = known(py) {
        return Ok(object);
    }
    let class = DECIMAL.get_or_try_init(py, || -> PyResult<PyObject> {
        Ok(py.import("decimal")?.getattr("Decimal")?.unbind())
    })?;
    let object = class.call1(py, (value.to_string(),))?;
    let mut cache = KNOWN.lock().unwrap_or_else(PoisonError::into_inner);
    let cache = cache.get_or_insert_with(HashMap::new);
    if cache.len() < KNOWN_DECIMALS {
        cache.insert(key, object.clone_ref(py));
    }
    Ok(object)
}

/// The core's JSON as Python objects, decimals as `decimal.Decimal`: a string is a decimal exactly
/// where the contract's schema for the value's type says so (the schema the contract files in
/// schemas/ are generated from), never by guessing from key names.
fn serialized<T: serde::Serialize + schemars::JsonSchema + ?Sized>(
    py: Python<'_>,
    value: &T,
) -> PyResult<PyObject> {
    let json = serde_json::to_value(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let schema = contract::<T>();
    let defs = schema.get("$defs").and_then(serde_json::Value::as_object);
    to_python(py, &json, &schema, defs)
}

/// The written side of a type's schema, made once per type.
fn contract<T: schemars::JsonSchema + ?Sized>() -> Arc<serde_json::Value> {
    static MADE: OnceLock<Mutex<HashMap<String, Arc<serde_json::Value>>>> = OnceLock::new();
    let made = MADE.get_or_init(Default::default);
    let name = T::schema_id().into_owned();
    if let Some(schema) = made.lock().ok().and_then(|m| m.get(&name).cloned()) {
        return schema;
    }
    let generator = schemars::generate::SchemaSettings::default().for_serialize().into_generator();
    let schema = Arc::new(generator.into_root_schema_for::<T>().to_value());
    if let Ok(mut m) = made.lock() {
        m.insert(name, schema.clone());
    }
    schema
}

type Defs<'s> = Option<&'s serde_json::Map<String, serde_json::Value>>;

/// The schemas a value may meet here: references followed, alternatives and combinations opened.
fn branches<'s>(schema: &'s serde_json::Value, defs: Defs<'s>, out: &mut Vec<&'s serde_json::Value>) {
    if let Some(reference) = schema.get("$ref").and_then(serde_json::Value::as_str) {
        let name = reference.trim_start_matches("#/$defs/");
        if let Some(target) = defs.and_then(|d| d.get(name)) {
            branches(target, defs, out);
        }
        return;
    }
    out.push(schema);
    for key in ["anyOf", "oneOf", "allOf"] {
        for alternative in schema.get(key).and_then(serde_json::Value::as_array).into_iter().flatten() {
            branches(alternative, defs, out);
        }
    }
}

/// Whether a schema is the contract's decimal: a string written as digits.
fn is_decimal(schema: &serde_json::Value) -> bool {
    let string = match schema.get("type") {
        Some(serde_json::Value::String(kind)) => kind == "string",
        // An optional decimal: ["string", "null"].
        Some(serde_json::Value::Array(kinds)) => kinds.iter().any(|k| k == "string"),
        _ => false,
    };
    string
        && schema.get("pattern").and_then(serde_json::Value::as_str).is_some_and(|p| p.starts_with(r"^-?\d+"))
}

fn to_python(
    py: Python<'_>,
    value: &serde_json::Value,
    schema: &serde_json::Value,
    defs: Defs<'_>,
) -> PyResult<PyObject> {
    let mut options = Vec::new();
    branches(schema, defs, &mut options);
    Ok(match value {
        serde_json::Value::Null => py.None(),
        serde_json::Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any().unbind(),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => i.into_pyobject(py)?.into_any().unbind(),
            None => n.to_string().into_pyobject(py)?.into_any().unbind(),
        },
        serde_json::Value::String(s) if options.iter().any(|o| is_decimal(o)) => match s.parse::<Decimal>() {
            Ok(d) => decimal(py, d)?,
            Err(_) => s.into_pyobject(py)?.into_any().unbind(),
        },
        serde_json::Value::String(s) => s.into_pyobject(py)?.into_any().unbind(),
        serde_json::Value::Array(items) => {
            let item_schema = options.iter().find_map(|o| o.get("items")).unwrap_or(&serde_json::Value::Null);
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item, item_schema, defs)?)?;
            }
            list.into_any().unbind()
        }
        serde_json::Value::Object(fields) => {
            // A tagged alternative (an outcome, a form of arithmetic) is the one whose constants
            // match the value; untagged ones all apply.
            let matching: Vec<&serde_json::Value> = options
                .iter()
                .copied()
                .filter(|o| {
                    o.get("properties").and_then(serde_json::Value::as_object).is_none_or(|props| {
                        props.iter().all(|(k, p)| p.get("const").is_none_or(|c| fields.get(k) == Some(c)))
                    })
                })
                .collect();
            let dict = PyDict::new(py);
            for (k, v) in fields {
                let field_schema = matching
                    .iter()
                    .find_map(|o| o.get("properties").and_then(|p| p.get(k)))
                    .or_else(|| matching.iter().find_map(|o| o.get("additionalProperties")))
                    .unwrap_or(&serde_json::Value::Null);
                dict.set_item(k, to_python(py, v, field_schema, defs)?)?;
            }
            dict.into_any().unbind()
        }
    })
}

fn ruleset_error(py: Python<'_>, error: &CoreRulesetError) -> PyErr {
    let err = RulesetError::new_err(error.to_string());
    let value = err.value(py);
    let first = error.diagnostics.first();
    let attributes = || -> PyResult<()> {
        value.setattr("origin", &error.origin)?;
        value.setattr("line", first.map(|d| d.line))?;
        value.setattr("column", first.map(|d| d.column))?;
        value.setattr("hint", first.and_then(|d| d.hint.clone()))?;
        let diagnostics = serialized(py, &error.diagnostics)?;
        // The shape every kaohe error shares: kind, loc, message, errors.
        value.setattr("kind", "ruleset")?;
        // A fault inherited from an extended ruleset is placed in that ruleset's text.
        let place = first
            .map(|d| format!("{}:{}:{}", d.origin.as_deref().unwrap_or(&error.origin), d.line, d.column));
        value.setattr("loc", place.unwrap_or_else(|| error.origin.clone()))?;
        value.setattr("message", first.map(|d| d.message.clone()))?;
        value.setattr("errors", diagnostics.clone_ref(py))?;
        value.setattr("diagnostics", diagnostics)?;
        Ok(())
    };
    attributes().err().unwrap_or(err)
}

/// An `InputError` for every problem; `row` places each in a DataFrame.
fn input_error(py: Python<'_>, problems: &[(Option<usize>, &kaohe::InputError)]) -> PyErr {
    let lines: Vec<String> = problems
        .iter()
        .map(|(row, e)| match row {
            Some(row) => format!("row {row}: {e}"),
            None => e.to_string(),
        })
        .collect();
    let err = InputError::new_err(lines.join("\n"));
    let value = err.value(py);
    let attributes = || -> PyResult<()> {
        let errors = PyList::empty(py);
        for (row, e) in problems {
            let item = PyDict::new(py);
            item.set_item("row", row)?;
            item.set_item("loc", loc(py, *row, &e.loc)?)?;
            item.set_item("path", serialized(py, &e.path)?)?;
            item.set_item("kind", e.kind.code())?;
            item.set_item("message", &e.message)?;
            errors.append(item)?;
        }
        if let Some((row, first)) = problems.first() {
            value.setattr("loc", loc(py, *row, &first.loc)?)?;
            value.setattr("kind", first.kind.code())?;
            value.setattr("message", &first.message)?;
        }
        value.setattr("errors", errors)?;
        Ok(())
    };
    attributes().err().unwrap_or(err)
}

fn loc(py: Python<'_>, row: Option<usize>, name: &str) -> PyResult<PyObject> {
    Ok(match row {
        Some(row) => {
            PyTuple::new(py, [row.into_pyobject(py)?.into_any(), name.into_pyobject(py)?.into_any()])?
                .into_any()
                .unbind()
        }
        None => name.into_pyobject(py)?.into_any().unbind(),
    })
}

fn errors_of(py: Python<'_>, errors: &InputErrors) -> PyErr {
    let problems: Vec<(Option<usize>, &kaohe::InputError)> = errors.0.iter().map(|e| (None, e)).collect();
    input_error(py, &problems)
}

/// One Python value as an input value; `None` (and NaN, pandas' NA) leaves the input out.
fn input_value(value: &Bound<'_, PyAny>) -> PyResult<Option<InputValue>> {
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(b) = value.downcast::<PyBool>() {
        return Ok(Some(InputValue::Bool(b.is_true())));
    }
    if let Ok(i) = value.downcast::<PyInt>() {
        return Ok(Some(match i.extract::<i64>() {
            Ok(i) => InputValue::Number(Decimal::from(i)),
            Err(_) => InputValue::Text(i.str()?.to_string()),
        }));
    }
    if let Ok(f) = value.downcast::<PyFloat>() {
        // A float is read through its shortest repr, so 0.1 is exactly 0.1; NaN means missing.
        let f = f.value();
        return Ok((!f.is_nan()).then(|| InputValue::from_f64(f)));
    }
    if let Ok(s) = value.downcast::<PyString>() {
        return Ok(Some(InputValue::Text(s.to_cow()?.into_owned())));
    }
    if let Ok(list) = value.downcast::<PyList>() {
        return list_value(list.iter());
    }
    if let Ok(tuple) = value.downcast::<PyTuple>() {
        return list_value(tuple.iter());
    }
    let type_name = type_name(value);
    match type_name.as_str() {
        "Decimal" => {
            let text = value.call_method1("__format__", ("f",))?.to_string();
            Ok(if text.contains("NaN") { None } else { Some(InputValue::Text(text)) })
        }
        "NAType" | "NaTType" => Ok(None),
        // numpy scalars and the like, unwrapped once (an `item` that returns itself is not followed)
        _ if value.hasattr("item")? => {
            let item = value.call_method0("item")?;
            if item.hasattr("item")? {
                return Ok(Some(InputValue::Text(format!("<{type_name}>"))));
            }
            input_value(&item)
        }
        _ => Ok(Some(InputValue::Text(format!("<{type_name}>")))),
    }
}

fn type_name(value: &Bound<'_, PyAny>) -> String {
    value.get_type().name().map_or_else(|_| "object".into(), |name| name.to_string())
}

fn list_value<'py>(items: impl Iterator<Item = Bound<'py, PyAny>>) -> PyResult<Option<InputValue>> {
    let mut list = Vec::new();
    for item in items {
        // A list holds scalars: a nested list is kept as text for the core to refuse, not followed.
        let value = if item.is_instance_of::<PyList>() || item.is_instance_of::<PyTuple>() {
            None
        } else {
            input_value(&item)?
        };
        list.push(value.unwrap_or_else(|| InputValue::Text(format!("<{}>", type_name(&item)))));
    }
    Ok(Some(InputValue::List(list)))
}

fn inputs_of(mapping: &Bound<'_, PyAny>) -> PyResult<Inputs> {
    let dict = mapping
        .downcast::<PyDict>()
        .map_err(|_| pyo3::exceptions::PyTypeError::new_err("inputs are a dict of input names and values"))?;
    let mut inputs = Inputs::with_capacity(dict.len());
    for (name, value) in dict.iter() {
        let name: String = name.extract()?;
        if let Some(value) = input_value(&value)? {
            inputs.insert(name, value);
        }
    }
    Ok(inputs)
}

/// A loaded, validated ruleset: score dicts, rows and DataFrames with it.
#[pyclass(frozen, module = "kaohe")]
struct Ruleset {
    inner: Arc<kaohe::Ruleset>,
    /// How to load it again (a built-in id, or the text and its origin), so that it pickles: Spark
    /// and multiprocessing send rulesets to other processes.
    loaded_from: Loaded,
}

enum Loaded {
    Builtin(String),
    Text(String, String),
}

#[pymethods]
impl Ruleset {
    #[getter]
    fn id(&self) -> &str {
        self.inner.id()
    }

    #[getter]
    fn title(&self) -> &str {
        &self.inner.meta().title
    }

    #[getter]
    fn title_en(&self) -> &str {
        &self.inner.meta().title_en
    }

    /// The kind a row that names none is assessed as (the first target kind).
    #[getter]
    fn default_kind(&self) -> &str {
        self.inner.default_kind()
    }

    /// Metadata: source, jurisdiction, target kinds, full marks, rounding, periods and notes.
    #[getter]
    fn meta(&self, py: Python<'_>) -> PyResult<PyObject> {
        serialized(py, self.inner.meta())
    }

    /// The declared inputs (name, kind, labels, unit, bounds, default), to build forms.
    #[getter]
    fn inputs(&self, py: Python<'_>) -> PyResult<PyObject> {
        serialized(py, self.inner.inputs())
    }

    #[getter]
    fn parameters(&self, py: Python<'_>) -> PyResult<PyObject> {
        serialized(py, self.inner.parameters())
    }

    /// Item ids with their titles, in order.
    #[getter]
    fn items(&self) -> Vec<(String, String)> {
        self.inner.items().map(|(id, title)| (id.to_owned(), title.to_owned())).collect()
    }

    /// Scores one unit's month from a dict of inputs; with `trace` every effect is explained.
    #[pyo3(signature = (inputs, /, *, trace = true))]
    fn score(&self, py: Python<'_>, inputs: &Bound<'_, PyAny>, trace: bool) -> PyResult<ScoreCard> {
        let inputs = inputs_of(inputs)?;
        let ruleset = self.inner.clone();
        let card = py.allow_threads(|| {
            guarded(|| if trace { ruleset.explain(&inputs) } else { ruleset.score(&inputs) })
        })?;
        card.map(|inner| ScoreCard { inner }).map_err(|e| errors_of(py, &e))
    }

    /// Scores a pandas or polars DataFrame: one row per unit and month, one column per input (the
    /// columns `unit`, `month` and `kind`, when present, are carried over). Returns a frame of the
    /// same kind with `total`, `grade`, `flags` and one column per item score. Decimals come back
    /// as `decimal.Decimal` objects (`decimals="object"`) or as Arrow decimal128 columns
    /// (`decimals="arrow"`, needs pyarrow; much faster on large frames). Every bad row is
    /// reported in one `InputError`.
    #[pyo3(signature = (frame, /, *, decimals = "object"))]
    fn score_frame(slf: &Bound<'_, Self>, frame: &Bound<'_, PyAny>, decimals: &str) -> PyResult<PyObject> {
        let frames = slf.py().import("kaohe._frames")?;
        Ok(frames.call_method1("score_frame", (slf, frame, decimals))?.unbind())
    }

    /// Rolls a pandas or polars frame of unit-month rows (`unit`, `month`, optional `kind`, the
    /// inputs; the columns `score_frame` writes are left out) up to `period`, with the periods'
    /// own inputs from `period_inputs` (a frame with `unit`, `period` and the inputs). Returns a
    /// frame of the same kind, one row per unit and period: `unit`, `kind`, `period`, `total`,
    /// `grade`, `flags`, `months` and `error` (a period that cannot be rolled up says why, its
    /// numbers empty; a warning counts them).
    #[pyo3(signature = (frame, /, period = "year", *, period_inputs = None))]
    fn roll_up_frame(
        slf: &Bound<'_, Self>,
        frame: &Bound<'_, PyAny>,
        period: &str,
        period_inputs: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyObject> {
        let frames = slf.py().import("kaohe._frames")?;
        Ok(frames.call_method1("roll_up_frame", (slf, frame, period, period_inputs))?.unbind())
    }

    /// Ranks a frame's rows (from `roll_up_frame` or `score_frame`) by `total` within each value of
    /// the `within` column and each target kind, ties sharing a rank; adds `rank` and sets `grade`
    /// from this ruleset. A row without a total gets no rank; an unknown kind is refused.
    #[pyo3(signature = (frame, /, *, within = "period"))]
    fn rank_frame(slf: &Bound<'_, Self>, frame: &Bound<'_, PyAny>, within: &str) -> PyResult<PyObject> {
        let frames = slf.py().import("kaohe._frames")?;
        Ok(frames.call_method1("rank_frame", (slf, frame, within))?.unbind())
    }

    /// Scores frame columns without building a dict per row: `columns` holds one `(layout, data)`
    /// pair per name (see `frame::Frame::add`). Returns the output columns, or an `InputError`
    /// listing every bad row; used by `score_frame`.
    fn _score_columns(
        &self,
        py: Python<'_>,
        names: Vec<String>,
        columns: Vec<(String, Bound<'_, PyAny>)>,
        length: usize,
        decimals: &str,
    ) -> PyResult<PyObject> {
        let decimals = match decimals {
            "object" => frame::Decimals::Objects,
            "arrow" => frame::Decimals::Arrow,
            other => {
                return Err(PyValueError::new_err(format!(
                    "decimals must be \"object\" or \"arrow\", not {other:?}"
                )))
            }
        };
        let bound = self.inner.columns(&names).map_err(|e| errors_of(py, &e))?;
        let mut frame = frame::Frame::new(length);
        for (name, (layout, data)) in names.iter().zip(&columns) {
            frame.add(name, layout, data)?;
        }
        let ruleset = self.inner.clone();
        let scored = py.allow_threads(|| guarded(|| frame::score_frame(&ruleset, &bound, &frame)))??;
        if scored.errors().next().is_some() {
            let problems: Vec<(Option<usize>, &kaohe::InputError)> = scored
                .errors()
                .flat_map(|(row, errors)| errors.0.iter().map(move |e| (Some(*row), e)))
                .collect();
            return Err(input_error(py, &problems));
        }
        frame::output_columns(py, &self.inner, &scored, decimals)
    }

    /// Counts case records (a pandas or polars DataFrame, one row per case; see the case columns
    /// in the README) into each unit-month's indicators by the ruleset's `[case_count]`
    /// definitions. Returns a frame of the same kind: `unit`, `month`, one column per indicator
    /// (the input it feeds, as Decimal) and, with `counts=True`, one `count_<id>` column per
    /// count. `mapping` is the text of a header mapping (mappings/*.toml); `within` keeps one
    /// period ("2026", "2026-Q1", "2026-03"). Void cases and cases without a unit are left out
    /// and reported in a warning; an indicator without a value (nothing in its denominator)
    /// is None and reported in a warning.
    #[pyo3(signature = (cases, /, *, mapping = None, within = None, counts = false))]
    fn indicators(
        slf: &Bound<'_, Self>,
        cases: &Bound<'_, PyAny>,
        mapping: Option<&str>,
        within: Option<&str>,
        counts: bool,
    ) -> PyResult<PyObject> {
        let frames = slf.py().import("kaohe._frames")?;
        Ok(frames.call_method1("indicators", (slf, cases, mapping, within, counts))?.unbind())
    }

    /// The case counts as one SQL query over `table` (`dialect` "duckdb" or "spark"), one row
    /// per unit and month with a column per count; `columns` names the table's columns (all
    /// case columns when None). Turn its rows into indicators with `indicators_from_counts`.
    #[pyo3(signature = (dialect = "duckdb", table = "cases", columns = None))]
    fn indicators_sql(&self, dialect: &str, table: &str, columns: Option<Vec<String>>) -> PyResult<String> {
        cases::sql(&self.inner, dialect, table, columns)
    }

    /// Indicator values from counts: `rows` are (unit, month, {count id: n}) as the SQL of
    /// `indicators_sql` gives them. Returns one dict per row: unit, month and each indicator
    /// (Decimal, or None where its denominator is 0).
    fn indicators_from_counts(
        &self,
        py: Python<'_>,
        rows: Vec<(String, String, HashMap<String, u64>)>,
    ) -> PyResult<PyObject> {
        cases::from_counts(py, &self.inner, rows)
    }

    fn __reduce__(&self, py: Python<'_>) -> PyResult<PyObject> {
        let module = py.import("kaohe")?;
        let reduced = match &self.loaded_from {
            Loaded::Builtin(id) => (module.getattr("load")?, (id.as_str(),).into_pyobject(py)?.into_any()),
            Loaded::Text(text, origin) => {
                (module.getattr("loads")?, (text.as_str(), origin.as_str()).into_pyobject(py)?.into_any())
            }
        };
        Ok(reduced.into_pyobject(py)?.into_any().unbind())
    }

    /// The headers whose cells counting reads; used by `indicators` to convert only those.
    #[pyo3(signature = (headers, mapping = None))]
    fn _case_headers(
        &self,
        py: Python<'_>,
        headers: Vec<String>,
        mapping: Option<&str>,
    ) -> PyResult<Vec<String>> {
        cases::headers_read(py, &self.inner, headers, mapping)
    }

    /// Counts case columns given as text cells; used by `indicators`.
    fn _count_cases(
        &self,
        py: Python<'_>,
        headers: Vec<String>,
        columns: Vec<(usize, String, Bound<'_, PyAny>)>,
        labels: Bound<'_, PyAny>,
        mapping: Option<&str>,
        within: Option<&str>,
    ) -> PyResult<PyObject> {
        cases::count_frame(py, &self.inner, headers, columns, labels, mapping, within)
    }

    /// Rolls many units' months up to `period` through the core's ledger: `rows` are (unit, kind
    /// or None for the scheme's first target kind, "YYYY-MM", inputs), in any order; `given` the
    /// periods' own inputs as (unit, period, inputs). One dict per unit and period, ordered by
    /// unit and period: `unit`, `kind`, `period`, `months` (how many were given) and either
    /// `card` (the period card) or `errors` (every problem, a month the ledger refused among
    /// them). Used by `roll_up_frame` and Spark.
    fn _roll_up_rows(
        &self,
        py: Python<'_>,
        period: &str,
        rows: Vec<(String, Option<String>, String, Bound<'_, PyAny>)>,
        given: Vec<(String, String, Bound<'_, PyAny>)>,
    ) -> PyResult<PyObject> {
        let period = period_named(period)?;
        let mut ledger = kaohe::Ledger::new(&self.inner, period, false).map_err(|e| errors_of(py, &e))?;
        for (unit, kind, month, inputs) in &rows {
            let parsed = kaohe::YearMonth::parse(month)
                .ok_or_else(|| PyValueError::new_err(format!("{unit}: month `{month}` is not YYYY-MM")))?;
            let inputs = inputs_of(inputs)?;
            guarded(|| {
                ledger.enter(unit, kind.as_deref().unwrap_or(self.inner.default_kind()), parsed, &inputs)
            })?;
        }
        let mut own = std::collections::BTreeMap::new();
        for (unit, key, inputs) in &given {
            let parsed = kaohe::PeriodKey::parse(key).filter(|k| k.period == period).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "{unit}: period `{key}` is not a {period:?} period (2026, 2026-H1, 2026-Q1)"
                ))
            })?;
            if !ledger.contains(unit, parsed) {
                return Err(PyValueError::new_err(format!(
                    "period_inputs match no unit and period of the frame: {unit} {key}"
                )));
            }
            if own.insert((unit.clone(), parsed), inputs_of(inputs)?).is_some() {
                return Err(PyValueError::new_err(format!("period_inputs give {unit} {key} twice")));
            }
        }
        let closed: Vec<kaohe::Closed> =
            guarded(|| ledger.close(|unit, key| own.get(&(unit.to_owned(), key))).collect())?;
        let out = PyList::empty(py);
        for period in closed {
            let row = PyDict::new(py);
            row.set_item("unit", &period.unit)?;
            row.set_item("kind", &period.kind)?;
            row.set_item("period", period.period.to_string())?;
            row.set_item("months", period.months)?;
            match &period.card {
                Ok(card) => row.set_item("card", serialized(py, card)?)?,
                Err(errors) => {
                    row.set_item("errors", errors.0.iter().map(ToString::to_string).collect::<Vec<_>>())?
                }
            }
            out.append(row)?;
        }
        Ok(out.into_any().unbind())
    }

    /// Rolls months (dicts, or None for a missing month) up to `period` ("year", "half_year" or
    /// "quarter"), with the period's own inputs.
    #[pyo3(signature = (period, months, period_inputs = None))]
    fn roll_up(
        &self,
        py: Python<'_>,
        period: &str,
        months: Vec<Bound<'_, PyAny>>,
        period_inputs: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyObject> {
        let period = period_named(period)?;
        let months = months
            .iter()
            .map(|m| if m.is_none() { Ok(None) } else { inputs_of(m).map(Some) })
            .collect::<PyResult<Vec<_>>>()?;
        let given = match period_inputs {
            Some(p) => inputs_of(p)?,
            None => Inputs::new(),
        };
        let card = guarded(|| self.inner.roll_up(period, &months, &given))?.map_err(|e| errors_of(py, &e))?;
        serialized(py, &card)
    }

    /// Ranks (unit, kind, total) entries within each kind, ties sharing a rank; each gets this
    /// ruleset's grade for its total.
    fn rank(&self, py: Python<'_>, entries: Vec<(String, String, Bound<'_, PyAny>)>) -> PyResult<PyObject> {
        let mut standings = Vec::with_capacity(entries.len());
        for (unit, kind, total) in entries {
            let total = match input_value(&total)? {
                Some(InputValue::Number(n)) => n,
                Some(InputValue::Text(t)) => t
                    .parse::<Decimal>()
                    .map_err(|_| PyValueError::new_err(format!("{unit}: total {t} is not a decimal")))?,
                _ => return Err(PyValueError::new_err(format!("{unit}: the total must be a number"))),
            };
            standings.push(kaohe::rank::Standing { unit, kind, total });
        }
        let ranked = guarded(|| self.inner.rank(standings))?.map_err(|e| errors_of(py, &e))?;
        serialized(py, &ranked)
    }

    fn __repr__(&self) -> String {
        format!("<kaohe.Ruleset {} · {}>", self.inner.id(), self.inner.meta().title)
    }
}

/// One unit's card for one period.
#[pyclass(frozen, module = "kaohe")]
struct ScoreCard {
    inner: kaohe::ScoreCard,
}

#[pymethods]
impl ScoreCard {
    #[getter]
    fn total(&self, py: Python<'_>) -> PyResult<PyObject> {
        decimal(py, self.inner.total)
    }

    #[getter]
    fn full_marks(&self, py: Python<'_>) -> PyResult<PyObject> {
        decimal(py, self.inner.full_marks)
    }

    /// The grade's label, or None when the scheme defines no grades.
    #[getter]
    fn grade(&self) -> Option<&str> {
        self.inner.grade.as_ref().map(|g| g.label.as_str())
    }

    /// The grade band: label, labels, colour, consequence.
    #[getter]
    fn grade_band(&self, py: Python<'_>) -> PyResult<PyObject> {
        serialized(py, &self.inner.grade)
    }

    /// Ids of the flags raised, such as loses_award_eligibility.
    #[getter]
    fn flags(&self) -> Vec<String> {
        self.inner.flags.iter().map(|f| f.id.to_string()).collect()
    }

    /// Every item with its section, points, score and (when traced) effects. Built field by
    /// field rather than through JSON: analysts read it once per row.
    #[getter]
    fn items(&self, py: Python<'_>) -> PyResult<PyObject> {
        let list = PyList::empty(py);
        for (section, item) in self.inner.items() {
            let entry = PyDict::new(py);
            entry.set_item("id", &*item.id)?;
            entry.set_item("title", &*item.title)?;
            entry.set_item("title_en", &*item.title_en)?;
            entry.set_item("section", &*section.id)?;
            entry.set_item("points", decimal(py, item.points)?)?;
            entry.set_item("score", decimal(py, item.score)?)?;
            entry.set_item("deducted", decimal(py, item.deducted)?)?;
            entry.set_item("awarded", decimal(py, item.awarded)?)?;
            entry.set_item("zeroed", item.zeroed)?;
            entry.set_item("floored", item.floored)?;
            entry.set_item("capped", item.capped)?;
            if !item.effects.is_empty() {
                entry.set_item("effects", serialized(py, &item.effects)?)?;
            }
            list.append(entry)?;
        }
        Ok(list.into_any().unbind())
    }

    /// Each metric's value by name.
    #[getter]
    fn metrics(&self, py: Python<'_>) -> PyResult<PyObject> {
        let dict = PyDict::new(py);
        for metric in &self.inner.metrics {
            dict.set_item(&*metric.name, decimal(py, metric.value)?)?;
        }
        Ok(dict.into_any().unbind())
    }

    /// The whole card as plain Python values, decimals as `decimal.Decimal`.
    fn to_dict(&self, py: Python<'_>) -> PyResult<PyObject> {
        serialized(py, &self.inner)
    }

    /// The whole card as JSON text, decimals as strings.
    fn to_json(&self) -> PyResult<String> {
        kaohe::json::card_to_json(&self.inner).map_err(|e| PyValueError::new_err(e.to_string()))
    }

    /// The card as a text table: each section and item with its score and every reason, the
    /// total, grade and flags, in Chinese ("zh") or English ("en"). The CLI's table, the same text.
    #[pyo3(signature = (lang = "zh"))]
    fn explain(&self, lang: &str) -> PyResult<String> {
        let lang = kaohe::render::Lang::parse(lang)
            .ok_or_else(|| PyValueError::new_err(format!("lang is \"zh\" or \"en\", not {lang:?}")))?;
        Ok(kaohe::render::card_text(&self.inner, lang))
    }

    /// The card as an HTML table for notebooks: the same facts as `explain`.
    fn _repr_html_(&self) -> String {
        kaohe::render::card_html(&self.inner, kaohe::render::Lang::Zh)
    }

    fn __repr__(&self) -> String {
        let grade = self.inner.grade.as_ref().map(|g| format!(" {}", g.label)).unwrap_or_default();
        format!(
            "<kaohe.ScoreCard {} {}/{}{grade}>",
            self.inner.ruleset, self.inner.total, self.inner.full_marks
        )
    }
}

/// Loads a built-in ruleset by id, such as "ningbo/district".
#[pyfunction]
fn load(py: Python<'_>, id: &str) -> PyResult<Ruleset> {
    guarded(|| kaohe::builtin::load(id))?
        .map(|r| Ruleset { inner: Arc::new(r), loaded_from: Loaded::Builtin(id.to_owned()) })
        .map_err(|e| ruleset_error(py, &e))
}

/// Loads a ruleset from TOML text; `origin` names it in diagnostics.
#[pyfunction]
#[pyo3(signature = (text, origin = "<string>"))]
fn loads(py: Python<'_>, text: &str, origin: &str) -> PyResult<Ruleset> {
    guarded(|| kaohe::Ruleset::from_toml(text, origin))?
        .map(|r| Ruleset {
            inner: Arc::new(r),
            loaded_from: Loaded::Text(text.to_owned(), origin.to_owned()),
        })
        .map_err(|e| ruleset_error(py, &e))
}

/// The period `text` names ("year", "half_year", "quarter", "month").
fn period_named(text: &str) -> PyResult<Period> {
    Period::parse(text)
        .ok_or_else(|| PyValueError::new_err(format!("period is one of {:?}, not {text:?}", Period::NAMES)))
}

/// The period of kind `period` that `month` (YYYY-MM) falls in, written as the row format writes
/// periods (2026, 2026-H1, 2026-Q1), and the month's place in it (0 for its first month).
#[pyfunction]
fn period_of(month: &str, period: &str) -> PyResult<(String, usize)> {
    let parsed = kaohe::YearMonth::parse(month)
        .ok_or_else(|| PyValueError::new_err(format!("month `{month}` is not YYYY-MM")))?;
    let period = period_named(period)?;
    let (key, index) = parsed.within(period);
    Ok((key.to_string(), index))
}

/// The built-in rulesets: id, title, English title and source document.
#[pyfunction]
fn rulesets(py: Python<'_>) -> PyResult<PyObject> {
    serialized(py, kaohe::builtin::catalogue())
}

#[pymodule]
fn _kaohe(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Ruleset>()?;
    m.add_class::<ScoreCard>()?;
    m.add_function(wrap_pyfunction!(load, m)?)?;
    m.add_function(wrap_pyfunction!(loads, m)?)?;
    m.add_function(wrap_pyfunction!(rulesets, m)?)?;
    m.add_function(wrap_pyfunction!(period_of, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    m.add("RulesetError", m.py().get_type::<RulesetError>())?;
    m.add("InputError", m.py().get_type::<InputError>())?;
    m.add("InternalError", m.py().get_type::<InternalError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    // The row format's reserved columns, from the core, for the frame glue.
    m.add("RESERVED_COLUMNS", kaohe::RESERVED_COLUMNS.to_vec())?;
    // The case table's time columns, from the core, for the Spark glue's check of text times.
    let times = kaohe::cases::columns::Column::ALL
        .iter()
        .filter(|c| c.kind() == kaohe::cases::columns::ColumnType::Time)
        .map(|c| c.name())
        .collect::<Vec<_>>();
    m.add("CASE_TIME_COLUMNS", times)?;
    Ok(())
}
