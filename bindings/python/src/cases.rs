//! `Ruleset.indicators`: a case-record frame's columns (as text cells) into the core's case table
//! through a mapping, counted into each unit-month. Counting is the core's; this converts.

use kaohe::cases::columns::Column;
use kaohe::cases::count::{IndicatorValue, UnitMonth};
use kaohe::cases::mapping::{Layout, Mapping};
use kaohe::cases::sql::Dialect;
use kaohe::cases::table::CaseTable;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::{decimal, guarded, InputError};

/// An `InputError` with the shape every kaohe error shares.
fn case_error(py: Python<'_>, loc: PyObject, kind: &str, message: String) -> PyErr {
    let err = InputError::new_err(message.clone());
    let value = err.value(py);
    let attributes = || -> PyResult<()> {
        let item = PyDict::new(py);
        item.set_item("loc", loc.clone_ref(py))?;
        item.set_item("kind", kind)?;
        item.set_item("message", &message)?;
        value.setattr("loc", loc)?;
        value.setattr("kind", kind)?;
        value.setattr("message", &message)?;
        value.setattr("errors", PyList::new(py, [item])?)?;
        Ok(())
    };
    attributes().err().unwrap_or(err)
}

fn named(py: Python<'_>, name: &str) -> PyObject {
    PyString::new(py, name).into_any().unbind()
}

/// Counts the frame's cases. `columns` holds the cells of the headers counting reads, as text
/// (each with its header's position; the other headers send nothing); `labels` is the frame's
/// index (or a `range` of positions), looked up only for a row an error or a warning names. Returns the
/// output columns as a dict of lists, with `void_rows`, `unattributed_rows` (index labels) and
/// `empty` (unit, month, input) beside them.
pub(crate) fn count_frame(
    py: Python<'_>,
    ruleset: &kaohe::Ruleset,
    headers: Vec<String>,
    columns: Vec<(usize, String, Bound<'_, PyAny>)>,
    labels: Bound<'_, PyAny>,
    mapping: Option<&str>,
    within: Option<&str>,
) -> PyResult<PyObject> {
    let rows = labels.len()?;
    let label = |row: usize| -> PyObject { labels.get_item(row).map_or_else(|_| py.None(), Bound::unbind) };
    // The read headers' cells, as text, and where each header's column is in the frame.
    let mut frame = crate::frame::Frame::new(rows);
    let mut frame_column = vec![None; headers.len()];
    for (index, (at, layout, data)) in columns.iter().enumerate() {
        frame.add(headers.get(*at).map_or("?", String::as_str), layout, data)?;
        if let Some(slot) = frame_column.get_mut(*at) {
            *slot = Some(index);
        }
    }
    let within = match within {
        Some(text) => Some(kaohe::PeriodKey::parse(text).ok_or_else(|| {
            pyo3::exceptions::PyValueError::new_err(format!(
                "within is `{text}`; write a period such as 2026, 2026-H1, 2026-Q1 or 2026-03"
            ))
        })?),
        None => None,
    };
    let layout = read_layout(py, ruleset, &headers, mapping)?;
    let mut table = CaseTable::with_columns(&layout.columns);
    for row in 0..rows {
        let cell =
            |at: usize| frame_column.get(at).copied().flatten().and_then(|index| frame.text(index, row));
        if let Err(e) = table.push_row(&layout.columns, layout.cells(cell)) {
            let shown = label(row);
            let loc = (shown.clone_ref(py), e.column).into_pyobject(py)?.into_any().unbind();
            let message = format!(
                "row {} (position {row}), column {} ({}): `{}` is not {}",
                shown.bind(py),
                e.column,
                e.label,
                e.cell,
                e.expected
            );
            return Err(case_error(py, loc, "cell", message));
        }
    }
    let counted = py.allow_threads(|| guarded(|| ruleset.count_cases(&table, false)))?;
    let mut counted = counted.map_err(|e| {
        let loc = match &e {
            kaohe::cases::count::CountError::MissingColumn { column, .. } => (*column).to_owned(),
            _ => "cases".to_owned(),
        };
        case_error(py, named(py, &loc), "cases", e.to_string())
    })?;
    if let Some(within) = within {
        counted.keep_within(within);
    }
    let rules = ruleset
        .case_rules()
        .ok_or_else(|| pyo3::exceptions::PyValueError::new_err("the ruleset defines no case counts"))?;
    let out = PyDict::new(py);
    out.set_item("unit", counted.months.iter().map(|m| m.unit.as_str()).collect::<Vec<_>>())?;
    out.set_item("month", counted.months.iter().map(|m| m.month.to_string()).collect::<Vec<_>>())?;
    let empty = PyList::empty(py);
    for (index, indicator) in rules.indicators.iter().enumerate() {
        let column = PyList::empty(py);
        for month in &counted.months {
            match rules.values(month).get(index).map(|(_, v)| v) {
                Some(IndicatorValue::Value(v)) => column.append(decimal(py, *v)?)?,
                _ => {
                    column.append(py.None())?;
                    empty.append((month.unit.as_str(), month.month.to_string(), indicator.input.as_str()))?;
                }
            }
        }
        out.set_item(indicator.input.as_str(), column)?;
    }
    for (index, count) in rules.counts.iter().enumerate() {
        let column: Vec<u64> =
            counted.months.iter().map(|m| m.counts.get(index).copied().unwrap_or(0)).collect();
        out.set_item(format!("count_{}", count.id), column)?;
    }
    let result = PyDict::new(py);
    result.set_item("columns", out)?;
    result.set_item("void_rows", counted.void_rows)?;
    let unattributed: Vec<PyObject> =
        counted.unattributed_rows.iter().map(|row| label(row.saturating_sub(1))).collect();
    result.set_item("unattributed_rows", unattributed)?;
    result.set_item("empty", empty)?;
    Ok(result.into_any().unbind())
}

/// The headers whose cells counting reads (the rest need not be converted), for `indicators`.
pub(crate) fn headers_read(
    py: Python<'_>,
    ruleset: &kaohe::Ruleset,
    headers: Vec<String>,
    mapping: Option<&str>,
) -> PyResult<Vec<String>> {
    let layout = read_layout(py, ruleset, &headers, mapping)?;
    Ok(layout.positions().filter_map(|at| headers.get(at).cloned()).collect())
}

/// Which header feeds which case column, through the mapping (its text) when given, keeping only
/// the columns the ruleset's counts read.
fn read_layout(
    py: Python<'_>,
    ruleset: &kaohe::Ruleset,
    headers: &[String],
    mapping: Option<&str>,
) -> PyResult<Layout> {
    let mapping = match mapping {
        Some(text) => Mapping::from_toml(text)
            .map_err(|e| case_error(py, named(py, "mapping"), "mapping", e.to_string()))?,
        None => Mapping::default(),
    };
    let names: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut layout =
        mapping.layout(&names).map_err(|e| case_error(py, named(py, "columns"), "mapping", e.to_string()))?;
    if let Some(rules) = ruleset.case_rules() {
        layout.keep(&rules.read_columns());
    }
    Ok(layout)
}

/// `Ruleset.indicators_sql`.
pub(crate) fn sql(
    ruleset: &kaohe::Ruleset,
    dialect: &str,
    table: &str,
    columns: Option<Vec<String>>,
) -> PyResult<String> {
    let dialect = match dialect {
        "duckdb" => Dialect::DuckDb,
        "spark" => Dialect::Spark,
        other => {
            return Err(pyo3::exceptions::PyValueError::new_err(format!(
                "dialect is {other:?}; expected \"duckdb\" or \"spark\""
            )))
        }
    };
    let has = |column: Column| columns.as_ref().is_none_or(|names| names.iter().any(|n| n == column.name()));
    ruleset.case_sql(dialect, table, &has).map_err(|e| pyo3::exceptions::PyValueError::new_err(e.to_string()))
}

/// `Ruleset.indicators_from_counts`.
pub(crate) fn from_counts(
    py: Python<'_>,
    ruleset: &kaohe::Ruleset,
    rows: Vec<(String, String, std::collections::HashMap<String, u64>)>,
) -> PyResult<PyObject> {
    let rules = ruleset
        .case_rules()
        .ok_or_else(|| pyo3::exceptions::PyValueError::new_err("the ruleset defines no case counts"))?;
    let out = PyList::empty(py);
    for (unit, month, counts) in rows {
        let parsed = kaohe::YearMonth::parse(&month).ok_or_else(|| {
            pyo3::exceptions::PyValueError::new_err(format!("{unit}: month `{month}` is not YYYY-MM"))
        })?;
        let mut values = Vec::with_capacity(rules.counts.len());
        for count in &rules.counts {
            let n = counts.get(&count.id).copied().ok_or_else(|| {
                pyo3::exceptions::PyValueError::new_err(format!("{unit} {month}: no count `{}`", count.id))
            })?;
            values.push(n);
        }
        let unit_month = UnitMonth { unit, month: parsed, counts: values, rows: Vec::new() };
        let item = PyDict::new(py);
        item.set_item("unit", &unit_month.unit)?;
        item.set_item("month", month)?;
        for (input, value) in rules.values(&unit_month) {
            match value {
                IndicatorValue::Value(v) => item.set_item(input, decimal(py, v)?)?,
                IndicatorValue::EmptyDenominator => item.set_item(input, py.None())?,
            }
        }
        out.append(item)?;
    }
    Ok(out.into_any().unbind())
}
