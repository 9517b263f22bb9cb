//! The columns behind `Ruleset.score_frame`: each frame column arrives once, as a raw numeric
//! buffer, one joined string or a list of Python values; the rows are laid out from the columns and
//! scored on every core without the GIL, keeping only numbers; the numbers go back as one list per
//! output column. Validation and scoring are the core's.

use std::borrow::Cow;
use std::collections::HashMap;

use kaohe::{Columns, Decimal, InputErrors, InputValue, Ruleset, Scores};
use pyo3::conversion::FromPyObjectBound;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};

use crate::{decimal, input_value};

/// Between the cells of a text column sent joined into one string (ASCII unit separator).
const SEPARATOR: char = '\u{1f}';

/// One frame column as it arrived: a raw buffer of numbers, texts joined into one string, or
/// Python values converted one by one (decimals, lists, columns with gaps).
enum Column<'a> {
    Int(&'a [u8]),
    Float(&'a [u8]),
    Bool(&'a [u8]),
    /// Cell `r` is `text[start(r)..ends[r]]`, where a cell starts `gap` bytes after the one
    /// before ends (the first at `first`).
    Text {
        text: Cow<'a, str>,
        first: usize,
        ends: Vec<usize>,
        gap: usize,
    },
    Values(Vec<Option<InputValue>>),
}

impl Column<'_> {
    fn text(&self, row: usize) -> Option<&str> {
        match self {
            Column::Text { text, first, ends, gap } => {
                let start = if row == 0 {
                    *first
                } else {
                    ends.get(row.saturating_sub(1)).map_or(0, |e| e.saturating_add(*gap))
                };
                text.get(start..ends.get(row).copied().unwrap_or(start))
            }
            Column::Values(values) => match values.get(row) {
                Some(Some(InputValue::Text(text))) => Some(text),
                _ => None,
            },
            _ => None,
        }
    }
}

/// The input columns of a frame, read once; rows are laid out from them as they are scored.
pub(crate) struct Frame<'a> {
    columns: Vec<Column<'a>>,
    rows: usize,
}

impl<'a> Frame<'a> {
    pub fn new(rows: usize) -> Self {
        Frame { columns: Vec::new(), rows }
    }

    /// Adds one column: `int64`, `float64` or `bool` bytes in the machine's byte order (a NaN
    /// float is a missing cell), `text` (the cells joined by U+001F), `utf8` (the offsets and
    /// bytes of an Arrow large_string array) or `values` (a list).
    pub fn add(&mut self, name: &str, layout: &str, data: &'a Bound<'_, PyAny>) -> PyResult<()> {
        let rows = self.rows;
        let wrong_length = |found: usize| {
            PyValueError::new_err(format!("column `{name}` has {found} values; expected {rows}, one per row"))
        };
        let column = match layout {
            "int64" | "float64" | "bool" => {
                let bytes = data.downcast::<PyBytes>()?.as_bytes();
                let size = if layout == "bool" { 1 } else { 8 };
                if Some(bytes.len()) != rows.checked_mul(size) {
                    return Err(wrong_length(bytes.len().checked_div(size).unwrap_or(0)));
                }
                match layout {
                    "int64" => Column::Int(bytes),
                    "float64" => Column::Float(bytes),
                    _ => Column::Bool(bytes),
                }
            }
            "text" => {
                let joined = data.downcast::<PyString>()?.to_cow()?.into_owned();
                let mut ends: Vec<usize> = joined.match_indices(SEPARATOR).map(|(at, _)| at).collect();
                ends.push(joined.len());
                if ends.len() != rows.max(1) {
                    return Err(wrong_length(ends.len()));
                }
                Column::Text { text: Cow::Owned(joined), first: 0, ends, gap: 1 }
            }
            "utf8" => {
                // Both buffers are read where Python holds them, for as long as the frame lives.
                let buffers = data.downcast::<PyTuple>()?;
                let buffer = |at: usize| -> PyResult<&'a [u8]> {
                    FromPyObjectBound::from_py_object_bound(buffers.get_borrowed_item(at)?)
                };
                let (offsets, bytes) = (buffer(0)?, buffer(1)?);
                let not_arrow = || PyValueError::new_err(format!("column `{name}`: malformed Arrow text"));
                let text = std::str::from_utf8(bytes).map_err(|_| not_arrow())?;
                let offsets: Vec<usize> = offsets
                    .chunks_exact(8)
                    .map(|o| <[u8; 8]>::try_from(o).map(|o| usize::try_from(i64::from_ne_bytes(o))))
                    .map(|o| o.ok().and_then(Result::ok).filter(|o| text.is_char_boundary(*o)))
                    .collect::<Option<_>>()
                    .ok_or_else(not_arrow)?;
                let Some((first, ends)) = offsets.split_first() else { return Err(not_arrow()) };
                if offsets.windows(2).any(|pair| pair.first() > pair.get(1)) {
                    return Err(not_arrow());
                }
                if ends.len() != rows {
                    return Err(wrong_length(ends.len()));
                }
                Column::Text { first: *first, ends: ends.to_vec(), text: Cow::Borrowed(text), gap: 0 }
            }
            "values" => {
                let list = data.downcast::<PyList>()?;
                if list.len() != rows {
                    return Err(wrong_length(list.len()));
                }
                Column::Values(list.iter().map(|v| input_value(&v)).collect::<PyResult<_>>()?)
            }
            other => return Err(PyValueError::new_err(format!("column `{name}`: unknown layout {other:?}"))),
        };
        self.columns.push(column);
        Ok(())
    }

    /// Cell `row` of the frame's `index`-th column, for a column sent as text (`text`, `utf8`, or
    /// `values` holding strings); `None` for an empty or non-text cell.
    pub fn text(&self, index: usize, row: usize) -> Option<&str> {
        self.columns.get(index)?.text(row)
    }

    /// Lays row `row` out in `cells`, reusing the text buffers already there.
    fn row_into(&self, row: usize, cells: &mut [Option<InputValue>]) {
        for (column, cell) in self.columns.iter().zip(cells) {
            let word = |bytes: &[u8]| {
                bytes
                    .get(row.saturating_mul(8)..row.saturating_mul(8).saturating_add(8))
                    .and_then(|b| <[u8; 8]>::try_from(b).ok())
                    .unwrap_or_default()
            };
            match column {
                Column::Int(bytes) => {
                    *cell = Some(InputValue::Number(Decimal::from(i64::from_ne_bytes(word(bytes)))))
                }
                Column::Float(bytes) => {
                    let value = f64::from_ne_bytes(word(bytes));
                    *cell = (!value.is_nan()).then(|| InputValue::from_f64(value));
                }
                Column::Bool(bytes) => {
                    *cell = Some(InputValue::Bool(bytes.get(row).is_some_and(|b| *b != 0)))
                }
                Column::Text { .. } => {
                    let text = column.text(row).unwrap_or_default();
                    match cell {
                        Some(InputValue::Text(buffer)) => {
                            buffer.clear();
                            buffer.push_str(text);
                        }
                        _ => *cell = Some(InputValue::Text(text.to_owned())),
                    }
                }
                Column::Values(values) => *cell = values.get(row).cloned().flatten(),
            }
        }
    }
}

/// What scoring a run of rows keeps: per row the total, grade and flags, and every item score.
pub(crate) struct Scored {
    totals: Vec<Decimal>,
    grades: Vec<Option<usize>>,
    /// Row-major, one per ruleset flag.
    flags: Vec<bool>,
    /// One column per item, so each output column is read in one pass.
    items: Vec<Vec<Decimal>>,
    /// Each bad row with all its problems.
    pub errors: Vec<(usize, InputErrors)>,
}

impl Scored {
    /// Room for `rows` rows of `ruleset`, so the buffers never grow while scoring.
    fn with_capacity(rows: usize, ruleset: &Ruleset) -> Scored {
        Scored {
            totals: Vec::with_capacity(rows),
            grades: Vec::with_capacity(rows),
            flags: Vec::with_capacity(rows.saturating_mul(ruleset.flags().len())),
            items: ruleset.items().map(|_| Vec::with_capacity(rows)).collect(),
            errors: Vec::new(),
        }
    }

    fn keep(&mut self, scores: &Scores) {
        self.totals.push(scores.total);
        self.grades.push(scores.grade);
        self.flags.extend_from_slice(&scores.flags);
        for (column, item) in self.items.iter_mut().zip(&scores.items) {
            column.push(item.score);
        }
    }
}

/// The frame's rows scored, one run of rows per thread, in row order. The runs are read in place
/// rather than joined, which would copy every score once more.
pub(crate) struct Runs(Vec<Scored>);

impl Runs {
    pub fn errors(&self) -> impl Iterator<Item = &(usize, InputErrors)> {
        self.0.iter().flat_map(|run| &run.errors)
    }

    fn totals(&self) -> impl Iterator<Item = &Decimal> {
        self.0.iter().flat_map(|run| &run.totals)
    }

    fn grades(&self) -> impl Iterator<Item = Option<usize>> + '_ {
        self.0.iter().flat_map(|run| run.grades.iter().copied())
    }

    /// Each row's flags, one per ruleset flag.
    fn flags(&self, count: usize) -> impl Iterator<Item = &[bool]> {
        self.0.iter().flat_map(move |run| {
            (0..run.totals.len()).map(move |row| {
                run.flags
                    .get(row.saturating_mul(count)..row.saturating_add(1).saturating_mul(count))
                    .unwrap_or_default()
            })
        })
    }

    /// Item `n`'s score in every row.
    fn item(&self, n: usize) -> impl Iterator<Item = &Decimal> {
        self.0.iter().flat_map(move |run| run.items.get(n).into_iter().flatten())
    }
}

/// Rows each thread is given at least: starting a thread costs about as much as scoring a few
/// dozen rows, so a small frame is scored on the calling thread alone.
const ROWS_PER_THREAD: usize = 256;

/// The cores this process may use, asked once: asking reads the control group's files, which
/// costs more than scoring a row.
fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Scores every row of the frame, splitting a large frame's rows between the machine's cores. The
/// core never panics; should a worker die anyway, the frame fails rather than come back short.
pub(crate) fn score_frame(ruleset: &Ruleset, columns: &Columns, frame: &Frame<'_>) -> PyResult<Runs> {
    let threads = cores().min(frame.rows / ROWS_PER_THREAD).max(1);
    let chunk = frame.rows.div_ceil(threads).max(1);
    let score_run = move |first: usize| {
        let mut scores = ruleset.new_scores();
        let mut scored = Scored::with_capacity(chunk, ruleset);
        let mut cells = vec![None; frame.columns.len()];
        for row in first..first.saturating_add(chunk).min(frame.rows) {
            frame.row_into(row, &mut cells);
            match ruleset.score_row_into(columns, &cells, &mut scores) {
                Ok(()) => scored.keep(&scores),
                Err(errors) => scored.errors.push((row, errors)),
            }
        }
        scored
    };
    if threads == 1 {
        return Ok(Runs(vec![score_run(0)]));
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            (0..frame.rows).step_by(chunk).map(|first| scope.spawn(move || score_run(first))).collect();
        handles.into_iter().map(|h| h.join()).collect::<Result<Vec<_>, _>>()
    })
    .map(Runs)
    .map_err(|_| crate::InternalError::new_err("a scoring thread stopped unexpectedly; no rows were scored"))
}

/// How decimal output columns go back to Python.
#[derive(Clone, Copy)]
pub(crate) enum Decimals {
    /// A list of `decimal.Decimal` objects.
    Objects,
    /// `("decimal128", scale, bytes)`: one little-endian 128-bit integer per row, all at the
    /// column's largest scale, for an Arrow decimal128 array.
    Arrow,
}

/// The output columns: `total`, `grade`, `flags` (ids joined by `;`) and one column per item.
/// Grades and flags are lists in which equal strings share one object; decimals go back as
/// `decimals` says.
pub(crate) fn output_columns(
    py: Python<'_>,
    ruleset: &Ruleset,
    scored: &Runs,
    decimals: Decimals,
) -> PyResult<PyObject> {
    let out = PyDict::new(py);
    out.set_item("total", decimal_column(py, decimals, || scored.totals())?)?;

    let labels: Vec<Bound<'_, PyString>> =
        ruleset.grades().iter().map(|g| PyString::new(py, &g.label)).collect();
    let grades = scored.grades().map(|g| g.and_then(|g| labels.get(g)).map(|l| l.clone().unbind()));
    out.set_item("grade", PyList::new(py, grades.collect::<Vec<_>>())?)?;

    let flag_count = ruleset.flags().len();
    let mut joined: HashMap<&[bool], Bound<'_, PyString>> = HashMap::new();
    let flags = scored.flags(flag_count).map(|raised| {
        joined
            .entry(raised)
            .or_insert_with(|| {
                let ids: Vec<&str> =
                    ruleset.flags().iter().zip(raised).filter(|(_, r)| **r).map(|(f, _)| &*f.id).collect();
                PyString::new(py, &ids.join(";"))
            })
            .clone()
    });
    out.set_item("flags", PyList::new(py, flags.collect::<Vec<_>>())?)?;

    let ids: Vec<&str> = ruleset.items().map(|(id, _)| id).collect();
    for (n, id) in ids.iter().enumerate() {
        out.set_item(*id, decimal_column(py, decimals, || scored.item(n))?)?;
    }
    Ok(out.into_any().unbind())
}

/// One decimal output column; `values` gives the column's values afresh on each call.
fn decimal_column<'a, I: Iterator<Item = &'a Decimal>>(
    py: Python<'_>,
    decimals: Decimals,
    values: impl Fn() -> I,
) -> PyResult<PyObject> {
    Ok(match decimals {
        Decimals::Objects => object_column(py, values())?.into_any().unbind(),
        Decimals::Arrow => arrow_column(py, values)?,
    })
}

/// A list of `Decimal`s in which equal values share one object. A column holds few distinct values
/// (an item's points, a few deductions), so its first ones are kept in a short list, which is
/// cheaper than the shared cache behind `decimal` (a lock and a hash); the scores are normalised,
/// so equal values have equal bytes.
fn object_column<'py, 'a>(
    py: Python<'py>,
    values: impl Iterator<Item = &'a Decimal>,
) -> PyResult<Bound<'py, PyList>> {
    const FEW: usize = 16;
    let mut few: Vec<([u8; 16], PyObject)> = Vec::with_capacity(FEW);
    let mut objects = Vec::with_capacity(values.size_hint().0);
    for value in values {
        let key = value.serialize();
        let object = match few.iter().find(|(k, _)| *k == key) {
            Some((_, object)) => object.clone_ref(py),
            None => {
                let object = decimal(py, *value)?;
                if few.len() < FEW {
                    few.push((key, object.clone_ref(py)));
                }
                object
            }
        };
        objects.push(object);
    }
    PyList::new(py, objects)
}

/// Arrow decimal128 holds 38 digits.
const ARROW_DIGITS: u32 = 38;

/// A decimal column as `("decimal128", scale, bytes)` for `pyarrow.Array.from_buffers`: every value
/// brought to the column's largest scale. A column that would need more than 38 digits (no
/// assessment score comes close) is refused rather than rounded.
fn arrow_column<'a, I: Iterator<Item = &'a Decimal>>(
    py: Python<'_>,
    values: impl Fn() -> I,
) -> PyResult<PyObject> {
    let (rows, scale) =
        values().fold((0usize, 0), |(rows, scale), v| (rows.saturating_add(1), v.scale().max(scale)));
    let factors: Vec<i128> = (0..=scale).rev().map(|places| 10i128.pow(places)).collect();
    let limit = 10i128.pow(ARROW_DIGITS);
    let bytes = PyBytes::new_with(py, rows.saturating_mul(16), |buffer| {
        for (slot, value) in buffer.chunks_exact_mut(16).zip(values()) {
            // Nearly every score fits an i64 and is widened by at most 10^18: the product of two
            // such numbers fits an i128, so the general overflow-checked multiplication is skipped.
            let widened = factors
                .get(value.scale() as usize)
                .and_then(|&factor| {
                    let mantissa = value.mantissa();
                    match (i64::try_from(mantissa), i64::try_from(factor)) {
                        (Ok(m), Ok(f)) => Some(i128::from(m).wrapping_mul(i128::from(f))),
                        _ => mantissa.checked_mul(factor),
                    }
                })
                .filter(|m| m.abs() < limit)
                .ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "score {value} at scale {scale} needs more than {ARROW_DIGITS} digits, more than Arrow decimal128 holds; use decimals=\"object\""
                    ))
                })?;
            slot.copy_from_slice(&widened.to_le_bytes());
        }
        Ok(())
    })?;
    Ok(("decimal128", scale, bytes).into_pyobject(py)?.into_any().unbind())
}
