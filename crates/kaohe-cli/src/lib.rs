//! The `kaohe` command's machinery, as a library so that the fuzz targets reach the row readers
//! and the report: reading CSV and JSON-lines rows (`rows`), scoring, rolling up and ranking them
//! (`batch`), and writing tables, CSV, JSON (`output`, `terminal`; a card's table is the core's
//! `kaohe::render`) and the HTML report (`report`). `main.rs` parses arguments and calls these.

#![deny(clippy::arithmetic_side_effects)]

pub mod batch;
pub mod cases;
pub mod output;
pub mod parquet_file;
pub mod report;
pub mod rows;
pub mod terminal;
pub mod workbook;

use clap::ValueEnum;

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

impl From<Lang> for kaohe::render::Lang {
    fn from(lang: Lang) -> kaohe::render::Lang {
        match lang {
            Lang::Zh => kaohe::render::Lang::Zh,
            Lang::En => kaohe::render::Lang::En,
        }
    }
}

/// How `score` writes its cards.
pub struct Output {
    pub format: Format,
    pub lang: Lang,
    pub explain: bool,
}

/// A failure to report on stderr with exit code 1.
pub struct Failure(pub String);

impl Failure {
    /// The reader of our output went away: stop without a word.
    pub fn quiet() -> Failure {
        Failure(String::new())
    }
}
