//! How an export's headers and values become the case table's columns. Without a mapping a
//! header must be a column's English name or Chinese label; a mapping (a small TOML file) names
//! the platform's own headers, translates its values, and derives flags such as 作废 from a stage
//! column.

use std::collections::HashMap;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::cases::columns::{Column, ColumnType};

/// A header-and-value mapping, read with [`Mapping::from_toml`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// What the mapping is for (the platform and export it was written against).
    #[serde(default)]
    pub title: String,
    /// Header → column name.
    #[serde(default)]
    columns: IndexMap<String, String>,
    /// Column name → (value as exported → value as the column reads it).
    #[serde(default)]
    values: HashMap<String, HashMap<String, String>>,
    /// Flag column name → the rule that sets it from another header.
    #[serde(default)]
    derive: IndexMap<String, Derive>,
}

/// A flag set from another header's cell.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Derive {
    from: String,
    /// Set when the cell contains this text (`[作废]` in a stage column).
    #[serde(default)]
    contains: Option<String>,
    /// Set when the cell is not empty (a forced-closure time).
    #[serde(default)]
    present: bool,
}

/// Where each of the table's columns takes its cell from, for one header row.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The table's columns, in the order [`Layout::cells`] yields their cells.
    pub columns: Vec<Column>,
    sources: Vec<Source>,
    /// Headers that map to no column, left out of the table.
    pub ignored: Vec<String>,
}

#[derive(Debug, Clone)]
enum Source {
    Header { at: usize, values: Option<HashMap<String, String>> },
    Contains { at: usize, text: String },
    Present { at: usize },
}

/// Why a mapping or a header row was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct MappingError(pub String);

fn column(name: &str, place: &str) -> Result<Column, MappingError> {
    Column::named(name).ok_or_else(|| {
        let known: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
        MappingError(format!("{place}: `{name}` is not a case column; the columns are {}", known.join(", ")))
    })
}

impl Mapping {
    pub fn from_toml(text: &str) -> Result<Mapping, MappingError> {
        let mapping: Mapping = toml::from_str(text).map_err(|e| MappingError(format!("mapping: {e}")))?;
        for (header, name) in &mapping.columns {
            column(name, &format!("[columns] \"{header}\""))?;
        }
        for name in mapping.values.keys() {
            let target = column(name, "[values]")?;
            if !matches!(target.kind(), ColumnType::Text | ColumnType::Choice(_)) {
                return Err(MappingError(format!(
                    "[values.{name}]: only text and choice columns take value maps"
                )));
            }
        }
        for (name, rule) in &mapping.derive {
            let target = column(name, "[derive]")?;
            if target.kind() != ColumnType::Flag {
                return Err(MappingError(format!("[derive.{name}]: only flag columns are derived")));
            }
            if rule.contains.is_some() == rule.present {
                return Err(MappingError(format!(
                    "[derive.{name}]: give either `contains = \"…\"` or `present = true`"
                )));
            }
        }
        Ok(mapping)
    }

    /// Lays out a header row: which header feeds which column. A header the mapping does not name
    /// is read as a column's English name or Chinese label, or else ignored (and listed).
    pub fn layout(&self, headers: &[&str]) -> Result<Layout, MappingError> {
        let mut layout = Layout { columns: Vec::new(), sources: Vec::new(), ignored: Vec::new() };
        let add = |layout: &mut Layout, target: Column, source: Source, header: &str| {
            if layout.columns.contains(&target) {
                return Err(MappingError(format!("header `{header}` gives column {target} a second time")));
            }
            layout.columns.push(target);
            layout.sources.push(source);
            Ok(())
        };
        for (at, header) in headers.iter().enumerate() {
            let header = header.trim();
            let target = match self.columns.get(header) {
                Some(name) => Some(column(name, "mapping")?),
                None if self.derive.values().any(|d| d.from == header) => None,
                None => Column::named(header),
            };
            match target {
                Some(target) => {
                    let values = self.values.get(target.name()).cloned();
                    add(&mut layout, target, Source::Header { at, values }, header)?;
                }
                None if self.derive.values().any(|d| d.from == header) => {}
                None => layout.ignored.push(header.to_owned()),
            }
        }
        for (name, rule) in &self.derive {
            let target = column(name, "[derive]")?;
            let at = headers.iter().position(|h| h.trim() == rule.from).ok_or_else(|| {
                MappingError(format!(
                    "[derive.{name}] reads header `{}`, which the table does not have",
                    rule.from
                ))
            })?;
            let source = match &rule.contains {
                Some(text) => Source::Contains { at, text: text.clone() },
                None => Source::Present { at },
            };
            add(&mut layout, target, source, &rule.from)?;
        }
        Ok(layout)
    }
}

impl Layout {
    /// The cells of one record in the order of [`Layout::columns`], `cell(i)` giving the record's
    /// i-th cell (`None` past a short record's end, read as empty).
    pub fn cells<'a>(
        &'a self,
        cell: impl Fn(usize) -> Option<&'a str> + 'a,
    ) -> impl Iterator<Item = &'a str> + 'a {
        let cell = move |at: &usize| cell(*at).unwrap_or("");
        self.sources.iter().map(move |source| match source {
            Source::Header { at, values: Some(values) } => {
                let text = cell(at).trim();
                values.get(text).map_or(text, String::as_str)
            }
            Source::Header { at, values: None } => cell(at),
            Source::Contains { at, text } => {
                if cell(at).contains(text.as_str()) {
                    "1"
                } else {
                    "0"
                }
            }
            Source::Present { at } => {
                if cell(at).trim().is_empty() {
                    "0"
                } else {
                    "1"
                }
            }
        })
    }

    /// The record positions the cells are taken from, so that a reader can check only those.
    pub fn positions(&self) -> impl Iterator<Item = usize> + '_ {
        self.sources.iter().map(|source| match source {
            Source::Header { at, .. } | Source::Contains { at, .. } | Source::Present { at } => *at,
        })
    }

    /// Keeps only the columns a reader needs (and the flags that leave cases out), so that the
    /// rest of the export is neither parsed nor held.
    pub fn keep(&mut self, wanted: &[Column]) {
        let mut at = 0;
        while at < self.columns.len() {
            let column = self.columns.get(at).copied();
            if column.is_some_and(|c| wanted.contains(&c) || c == Column::Void || c == Column::Unit) {
                at = at.saturating_add(1);
            } else {
                self.columns.remove(at);
                self.sources.remove(at);
            }
        }
    }
}
