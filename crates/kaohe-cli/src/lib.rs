//! The `kaohe` command's machinery, as a library so that the fuzz targets reach the row readers
//! and the report: reading CSV and JSON-lines rows, scoring them in a stream, rolling them up,
//! and writing tables, CSV, JSON and the HTML report. `main.rs` parses arguments and calls these.

#![deny(clippy::arithmetic_side_effects)]

pub mod batch;
pub mod output;
pub mod report;
pub mod rows;
pub mod table;
pub mod terminal;

use std::path::Path;

use clap::ValueEnum;
use kaohe::{Period, Ruleset};
use rows::Encoding;

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Jsonl,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

/// A failure to report on stderr with exit code 1.
pub struct Failure(pub String);

impl Failure {
    /// The reader of our output went away: stop without a word.
    pub fn quiet() -> Failure {
        Failure(String::new())
    }
}

/// How a batch command reads its rows.
pub struct Reading<'a> {
    pub rows: &'a Path,
    pub encoding: Encoding,
    pub period_inputs: Option<&'a Path>,
}

/// Each unit's card for each period of `period`, and the rows or units that could not be rolled up.
pub fn period_cards(
    ruleset: &Ruleset,
    reading: &Reading,
    rows: &batch::Rows,
    period: Period,
) -> Result<(Vec<batch::UnitPeriod>, Vec<String>), Failure> {
    let given = match reading.period_inputs {
        Some(path) => batch::PeriodInputs::read(path, reading.encoding)?,
        None => Default::default(),
    };
    rows.roll_up(ruleset, period, &given)
}

/// Refuses a ranking or report from partial data unless asked for; then the banner to show.
pub fn partial(errors: &[String], allow: bool, what: &str) -> Result<Option<String>, Failure> {
    match (errors.len(), allow) {
        (0, _) => Ok(None),
        (n, false) => Err(Failure(format!(
            "{}\nerror: no {what} written: {n} problems above; fix them, or pass --allow-partial to publish the rest with a banner saying what was left out",
            errors.join("\n")
        ))),
        (n, true) => {
            for error in errors {
                eprintln!("{}", terminal::visible(error));
            }
            Ok(Some(format!(
                "部分结果 PARTIAL: {n} problems left rows or units out of this {what}: {}",
                errors.join(" | ")
            )))
        }
    }
}
