//! Case-record exports saved as Excel workbooks: the first sheet, its first row the headers, each
//! cell turned into the text the case table reads (Excel's date-times as `2026-03-05 14:22:10`).

use std::path::Path;

use calamine::{open_workbook_auto, Data, Reader};
use kaohe::cases::columns::Column;
use kaohe::cases::mapping::Mapping;
use kaohe::cases::table::CaseTable;
use kaohe::cases::timestamp;

use crate::cases::Read;
use crate::Failure;

/// Seconds in a day, and Excel's day 0 (serial dates count days from 1899-12-30).
const DAY: f64 = 86_400.0;

/// A cell as text, or what is wrong with it.
fn cell_text(cell: &Data) -> Result<String, String> {
    Ok(match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) => text.replace('T', " "),
        Data::Int(n) => n.to_string(),
        // A whole number stored as a float (Excel keeps every number so) reads as one.
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 9.0e15 => format!("{x:.0}"),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_owned(),
        Data::DateTime(when) if when.is_datetime() => {
            // Day fractions, rounded to the nearest second.
            let seconds = (when.as_f64() * DAY).round();
            if !seconds.is_finite() || seconds.abs() > 1.0e12 {
                return Err(format!("an Excel date {} out of range", when.as_f64()));
            }
            timestamp::format(timestamp::midnight(1899, 12, 30).saturating_add(seconds as i64))
        }
        Data::DateTime(duration) => {
            return Err(format!("a duration ({} days), not a date-time", duration.as_f64()))
        }
        Data::DurationIso(text) => return Err(format!("a duration ({text}), not a date-time")),
        Data::Error(error) => return Err(format!("an Excel error cell ({error})")),
    })
}

/// Reads the first sheet of a workbook into a case table.
pub fn read_table(path: &Path, mapping: &Mapping, wanted: &[Column]) -> Result<Read, Failure> {
    let shown = path.display().to_string();
    let fail = |e: &dyn std::fmt::Display| Failure(format!("error: cannot read {shown}: {e}"));
    let mut workbook = open_workbook_auto(path).map_err(|e| fail(&e))?;
    let sheet = workbook.sheet_names().first().cloned().ok_or_else(|| fail(&"the workbook has no sheet"))?;
    let range = workbook.worksheet_range(&sheet).map_err(|e| fail(&e))?;
    // Lines as Excel numbers its rows.
    let first_line = range.start().map_or(1, |(row, _)| u64::from(row).saturating_add(1));
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().map_or_else(Vec::new, |row| {
        row.iter().map(|cell| cell_text(cell).unwrap_or_default().trim().to_owned()).collect()
    });
    let names: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut layout =
        mapping.layout(&names).map_err(|e| Failure(format!("error: {shown} [{sheet}]:{first_line}: {e}")))?;
    layout.keep(wanted);
    let mut table = CaseTable::with_columns(&layout.columns);
    let mut texts: Vec<String> = Vec::new();
    for (index, row) in rows.enumerate() {
        let line = first_line.saturating_add(1).saturating_add(index as u64);
        texts.clear();
        texts.resize(row.len(), String::new());
        for at in layout.positions() {
            if let (Some(cell), Some(text)) = (row.get(at), texts.get_mut(at)) {
                *text = cell_text(cell).map_err(|problem| {
                    let name = names.get(at).copied().unwrap_or_default();
                    Failure(format!("error: {shown} [{sheet}]:{line}: column {name}: {problem}"))
                })?;
            }
        }
        if let Err(e) = table.push_row(&layout.columns, layout.cells(|at| texts.get(at).map(String::as_str)))
        {
            return Err(crate::cases::refused(&format!("{shown} [{sheet}]:{line}"), &e));
        }
    }
    Ok(Read { table, ignored: layout.ignored })
}
