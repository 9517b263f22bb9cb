//! The case table, held by column: text as dictionary codes, times as seconds, counts and flags
//! as plain vectors. Built cell by cell from text (a CSV export, a DataFrame's strings), with each
//! bad cell refused by row, column and what was expected.

use std::fmt;
use std::hash::BuildHasher;

use hashbrown::HashTable;

use crate::cases::columns::{choice_code, choice_list, Column, ColumnType};
use crate::cases::timestamp::{Seconds, TimeReader};

/// A time cell with nothing in it (the stage has not happened).
pub const NO_TIME: Seconds = Seconds::MIN;
/// The dictionary code of an empty text cell.
pub const NO_TEXT: u32 = 0;

/// Text held as codes into a dictionary of the distinct values (code 0 is the empty cell). The
/// lookup holds codes only, hashed by their text, so each value is stored once.
#[derive(Clone)]
pub struct TextColumn {
    pub codes: Vec<u32>,
    pub values: Vec<Box<str>>,
    lookup: HashTable<u32>,
    hasher: foldhash::fast::FixedState,
}

impl std::fmt::Debug for TextColumn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TextColumn")
            .field("rows", &self.codes.len())
            .field("values", &self.values.len())
            .finish()
    }
}

impl Default for TextColumn {
    fn default() -> Self {
        TextColumn {
            codes: Vec::new(),
            values: vec![Box::from("")],
            lookup: HashTable::new(),
            hasher: foldhash::fast::FixedState::default(),
        }
    }
}

impl TextColumn {
    fn push(&mut self, value: &str) -> Result<(), &'static str> {
        let code = if value.is_empty() { NO_TEXT } else { self.intern(value)? };
        self.codes.push(code);
        Ok(())
    }

    fn intern(&mut self, value: &str) -> Result<u32, &'static str> {
        let hash = self.hasher.hash_one(value);
        let values = &self.values;
        let same = |code: &u32| values.get(*code as usize).is_some_and(|v| **v == *value);
        if let Some(code) = self.lookup.find(hash, same) {
            return Ok(*code);
        }
        let code = u32::try_from(self.values.len()).map_err(|_| "fewer distinct values")?;
        self.values.push(Box::from(value));
        let (values, hasher) = (&self.values, &self.hasher);
        self.lookup.insert_unique(hash, code, |c| hasher.hash_one(values.get(*c as usize).map_or("", |v| v)));
        Ok(code)
    }

    /// The text of row `row` ("" when empty).
    pub fn get(&self, row: usize) -> &str {
        self.codes.get(row).and_then(|code| self.values.get(*code as usize)).map_or("", |v| v)
    }

    /// The code of a value, if any row holds it.
    pub fn code_of(&self, value: &str) -> Option<u32> {
        let hash = self.hasher.hash_one(value);
        self.lookup.find(hash, |code| self.values.get(*code as usize).is_some_and(|v| **v == *value)).copied()
    }
}

/// One column's cells.
#[derive(Debug, Clone)]
pub enum ColumnData {
    Text(TextColumn),
    Time(Vec<Seconds>, TimeReader),
    Count(Vec<u32>),
    Flag(Vec<bool>),
}

/// A cell that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("row {row}, column {column} ({label}): `{cell}` is not {expected}")]
pub struct CellError {
    /// The data row, counting from 1.
    pub row: usize,
    pub column: &'static str,
    pub label: &'static str,
    pub cell: String,
    pub expected: String,
}

impl ColumnData {
    fn new(column: Column) -> ColumnData {
        match column.kind() {
            ColumnType::Text | ColumnType::Choice(_) => ColumnData::Text(TextColumn::default()),
            ColumnType::Time => ColumnData::Time(Vec::new(), TimeReader::default()),
            ColumnType::Count => ColumnData::Count(Vec::new()),
            ColumnType::Flag => ColumnData::Flag(Vec::new()),
        }
    }

    /// Reads one cell; `Err` says what the cell should have been.
    fn push(&mut self, column: Column, cell: &str) -> Result<(), String> {
        let cell = cell.trim();
        match (self, column.kind()) {
            (ColumnData::Text(text), ColumnType::Choice(choices)) => {
                let code = if cell.is_empty() { Some("") } else { choice_code(choices, cell) };
                let code = code.ok_or_else(|| format!("one of {}", choice_list(choices)))?;
                text.push(code).map_err(str::to_owned)
            }
            (ColumnData::Text(text), _) => text.push(cell).map_err(str::to_owned),
            (ColumnData::Time(times, reader), _) => {
                let time = if cell.is_empty() { Some(NO_TIME) } else { reader.parse(cell) };
                times.push(time.ok_or("a date-time such as 2026-03-05 14:22:10")?);
                Ok(())
            }
            (ColumnData::Count(counts), _) => {
                let count = if cell.is_empty() { Some(0) } else { cell.parse::<u32>().ok() };
                counts.push(count.ok_or("a whole number of times, 0 or more")?);
                Ok(())
            }
            (ColumnData::Flag(flags), _) => {
                let flag = match cell {
                    "" | "0" | "false" | "否" | "no" | "N" => false,
                    "1" | "true" | "是" | "yes" | "Y" => true,
                    _ => return Err("yes or no (是/否, 1/0, true/false)".into()),
                };
                flags.push(flag);
                Ok(())
            }
        }
    }
}

/// The case records of one table, by column. Only the columns the table has are held.
#[derive(Debug, Clone, Default)]
pub struct CaseTable {
    rows: usize,
    columns: Vec<Option<ColumnData>>,
}

impl CaseTable {
    /// An empty table with these columns, to be filled with [`CaseTable::push_row`].
    pub fn with_columns(columns: &[Column]) -> CaseTable {
        let mut table = CaseTable { rows: 0, columns: vec![None; Column::ALL.len()] };
        for column in columns {
            if let Some(slot) = table.columns.get_mut(column.index()) {
                *slot = Some(ColumnData::new(*column));
            }
        }
        table
    }

    /// Appends a row whose cells are in the order of `columns` (the columns given to
    /// [`CaseTable::with_columns`]). A bad cell refuses the row with its place; the table keeps
    /// the rows before it whole (a refused row leaves no cell behind).
    pub fn push_row<'c>(
        &mut self,
        columns: &[Column],
        cells: impl IntoIterator<Item = &'c str>,
    ) -> Result<(), CellError> {
        let row = self.rows.saturating_add(1);
        let mut cells = cells.into_iter();
        for (index, column) in columns.iter().enumerate() {
            // A short row reads its missing cells as empty.
            let cell = cells.next().unwrap_or("");
            let Some(Some(data)) = self.columns.get_mut(column.index()) else { continue };
            if let Err(expected) = data.push(*column, cell) {
                self.truncate_row(columns.get(..index).unwrap_or_default());
                let (name, label, _) = column.describe();
                return Err(CellError { row, column: name, label, cell: cell.to_owned(), expected });
            }
        }
        self.rows = row;
        Ok(())
    }

    /// Drops the cells a refused row already pushed.
    fn truncate_row(&mut self, pushed: &[Column]) {
        let rows = self.rows;
        for column in pushed {
            match self.columns.get_mut(column.index()) {
                Some(Some(ColumnData::Text(text))) => text.codes.truncate(rows),
                Some(Some(ColumnData::Time(values, _))) => values.truncate(rows),
                Some(Some(ColumnData::Count(values))) => values.truncate(rows),
                Some(Some(ColumnData::Flag(values))) => values.truncate(rows),
                _ => {}
            }
        }
    }

    /// A whole column from its cells (a DataFrame column as text; `None` is an empty cell).
    /// Every column given must have as many cells as the table's first.
    pub fn from_columns<'a, C>(
        columns: impl IntoIterator<Item = (Column, C)>,
    ) -> Result<CaseTable, CaseTableError>
    where
        C: IntoIterator<Item = Option<&'a str>>,
    {
        let mut table = CaseTable { rows: 0, columns: vec![None; Column::ALL.len()] };
        let mut first = true;
        for (column, cells) in columns {
            let mut data = ColumnData::new(column);
            let mut rows = 0usize;
            for cell in cells {
                rows = rows.saturating_add(1);
                if let Err(expected) = data.push(column, cell.unwrap_or("")) {
                    let (name, label, _) = column.describe();
                    let cell = cell.unwrap_or("").to_owned();
                    return Err(CaseTableError::Cell(CellError {
                        row: rows,
                        column: name,
                        label,
                        cell,
                        expected,
                    }));
                }
            }
            if first {
                table.rows = rows;
                first = false;
            } else if rows != table.rows {
                return Err(CaseTableError::Length { column: column.name(), rows, expected: table.rows });
            }
            match table.columns.get_mut(column.index()) {
                Some(slot @ None) => *slot = Some(data),
                _ => return Err(CaseTableError::Twice(column.name())),
            }
        }
        Ok(table)
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Case `row`'s id, or its data row (from 1) where the table has no id column.
    pub fn case_id(&self, row: u32) -> String {
        match self.text(Column::CaseId) {
            Some(ids) => ids.get(row as usize).to_owned(),
            None => format!("row {}", u64::from(row).saturating_add(1)),
        }
    }

    pub fn has(&self, column: Column) -> bool {
        matches!(self.columns.get(column.index()), Some(Some(_)))
    }

    pub(crate) fn data(&self, column: Column) -> Option<&ColumnData> {
        self.columns.get(column.index()).and_then(Option::as_ref)
    }

    pub(crate) fn text(&self, column: Column) -> Option<&TextColumn> {
        match self.data(column) {
            Some(ColumnData::Text(text)) => Some(text),
            _ => None,
        }
    }

    pub(crate) fn times(&self, column: Column) -> Option<&[Seconds]> {
        match self.data(column) {
            Some(ColumnData::Time(times, _)) => Some(times),
            _ => None,
        }
    }

    pub(crate) fn counts(&self, column: Column) -> Option<&[u32]> {
        match self.data(column) {
            Some(ColumnData::Count(counts)) => Some(counts),
            _ => None,
        }
    }

    pub(crate) fn flags(&self, column: Column) -> Option<&[bool]> {
        match self.data(column) {
            Some(ColumnData::Flag(flags)) => Some(flags),
            _ => None,
        }
    }
}

/// Why a table could not be built from columns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseTableError {
    #[error(transparent)]
    Cell(CellError),
    #[error("column {column} has {rows} rows; the table's first column has {expected}")]
    Length { column: &'static str, rows: usize, expected: usize },
    #[error("column {0} is given twice")]
    Twice(&'static str),
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name(), self.label())
    }
}
