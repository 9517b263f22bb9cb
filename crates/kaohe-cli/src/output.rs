//! Writing many cards or rankings as a table, CSV, JSON or JSON lines on stdout. Monthly cards are
//! written as they are scored; a table, which needs its column widths, keeps only its text cells.

use std::borrow::Cow;
use std::io::{BufWriter, Stdout, Write};

use kaohe::rank::Ranked;
use kaohe::{Decimal, Ruleset};
use serde_json::json;

use crate::batch::{grade_label, Needs, Scored, UnitPeriod};
use crate::rows::Row;
use crate::terminal::visible;
use crate::{Failure, Format, Lang};
use kaohe::render::columns;

/// An output error; a reader that went away (`| head`) ends the command quietly.
pub fn write_failure(error: std::io::Error) -> Failure {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        Failure::quiet()
    } else {
        Failure(format!("error: cannot write output: {error}"))
    }
}

/// One value as pretty JSON on stdout.
pub fn print_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|e| Failure(format!("error: {e}")))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}").map_err(write_failure)
}

pub fn csv_failure(error: csv::Error) -> Failure {
    match error.into_kind() {
        csv::ErrorKind::Io(e) => write_failure(e),
        other => Failure(format!("error: cannot write CSV: {other:?}")),
    }
}

/// A text cell for a spreadsheet: one that starts like a formula (`=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading `'`, so that Excel shows it instead of running it. Numbers are
/// written as numbers and never pass through here.
pub fn spreadsheet_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

fn stdout() -> BufWriter<Stdout> {
    BufWriter::with_capacity(1 << 16, std::io::stdout())
}

/// Writes monthly cards one by one in the chosen format.
pub struct MonthWriter<'a> {
    ruleset: &'a Ruleset,
    lang: Lang,
    sink: Sink,
    /// Whether what comes before the first row has been written.
    begun: bool,
    /// A number's text, written into the same buffer row after row.
    number: String,
}

enum Sink {
    Table(Vec<Vec<String>>),
    Csv(Box<csv::Writer<BufWriter<Stdout>>>),
    Json { out: BufWriter<Stdout>, first: bool },
    Jsonl(BufWriter<Stdout>),
}

impl<'a> MonthWriter<'a> {
    pub fn new(ruleset: &'a Ruleset, format: Format, lang: Lang) -> MonthWriter<'a> {
        let sink = match format {
            Format::Table => Sink::Table(Vec::new()),
            Format::Csv => Sink::Csv(Box::new(csv::Writer::from_writer(stdout()))),
            Format::Json => Sink::Json { out: stdout(), first: true },
            Format::Jsonl => Sink::Jsonl(stdout()),
        };
        MonthWriter { ruleset, lang, sink, begun: false, number: String::new() }
    }

    /// Writes what comes before the first row (the CSV header, JSON's `[`), once: not before a row
    /// is written or the output finished, so that a file refused as a whole writes nothing.
    fn begin(&mut self) -> Result<(), Failure> {
        if std::mem::replace(&mut self.begun, true) {
            return Ok(());
        }
        match &mut self.sink {
            Sink::Csv(writer) => {
                let mut header: Vec<String> =
                    ["unit", "month", "kind", "total", "grade", "flags"].map(String::from).to_vec();
                header.extend(self.ruleset.items().map(|(id, _)| id.to_owned()));
                writer.write_record(&header).map_err(csv_failure)
            }
            Sink::Json { out, .. } => out.write_all(b"[").map_err(write_failure),
            Sink::Table(_) | Sink::Jsonl(_) => Ok(()),
        }
    }

    /// What a format needs of each row: JSON writes cards (with their trace if asked for).
    pub fn wants(format: Format, explain: bool) -> Needs {
        match format {
            Format::Json | Format::Jsonl if explain => Needs::Trace,
            Format::Json | Format::Jsonl => Needs::Card,
            Format::Table | Format::Csv => Needs::Numbers,
        }
    }

    pub fn write(&mut self, row: &Row, scored: Scored<'_>) -> Result<(), Failure> {
        self.begin()?;
        let lang = kaohe::render::Lang::from(self.lang);
        let pick = |zh_label: &str, en_label: &str| lang.pick(zh_label, en_label).to_owned();
        let (total, grade, flags, items): (Decimal, String, Vec<String>, Vec<Decimal>) = match &scored {
            Scored::Numbers(scores) => (
                scores.total,
                scores
                    .grade
                    .and_then(|g| self.ruleset.grades().get(g))
                    .map_or_else(String::new, |g| g.label.clone()),
                self.ruleset
                    .flags()
                    .iter()
                    .zip(&scores.flags)
                    .filter(|(_, raised)| **raised)
                    .map(|(f, _)| pick(&f.label, &f.label_en))
                    .collect(),
                scores.items.iter().map(|i| i.score).collect(),
            ),
            Scored::Card(card) => (
                card.total,
                grade_label(card.grade.as_ref()),
                card.flags.iter().map(|f| pick(&f.label, &f.label_en)).collect(),
                card.items().map(|(_, i)| i.score).collect(),
            ),
        };
        match &mut self.sink {
            Sink::Table(rows) => rows.push(vec![
                row.unit.clone(),
                row.month.to_string(),
                total.to_string(),
                grade,
                flags.join("; "),
            ]),
            Sink::Csv(writer) => {
                // Field by field, so that a row makes no string per cell.
                let number = &mut self.number;
                let mut field = |text: &str| writer.write_field(text).map_err(csv_failure);
                field(&spreadsheet_text(&row.unit))?;
                field(&row.month.to_string())?;
                field(&spreadsheet_text(&row.kind))?;
                field(decimal_text(number, total))?;
                field(&spreadsheet_text(&grade))?;
                field(&spreadsheet_text(&flags.join("; ")))?;
                for item in items {
                    field(decimal_text(number, item))?;
                }
                writer.write_record(None::<&[u8]>).map_err(csv_failure)?;
            }
            Sink::Json { out, first } => {
                out.write_all(if *first { b"\n" } else { b",\n" }).map_err(write_failure)?;
                *first = false;
                write_card(out, row, &scored)?;
            }
            Sink::Jsonl(out) => {
                write_card(out, row, &scored)?;
                out.write_all(b"\n").map_err(write_failure)?;
            }
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<(), Failure> {
        self.begin()?;
        match self.sink {
            Sink::Table(rows) => {
                let mut out = stdout();
                let text = columns(&["unit", "month", "total", "grade", "flags"], &rows);
                out.write_all(visible(&text).as_bytes()).map_err(write_failure)?;
                out.flush().map_err(write_failure)
            }
            Sink::Csv(mut writer) => writer.flush().map_err(write_failure),
            Sink::Json { mut out, .. } => {
                out.write_all(b"\n]\n").map_err(write_failure)?;
                out.flush().map_err(write_failure)
            }
            Sink::Jsonl(mut out) => out.flush().map_err(write_failure),
        }
    }
}

/// A decimal's text in its shortest form (as cards write their numbers), written into `buffer`.
fn decimal_text(buffer: &mut String, value: Decimal) -> &str {
    buffer.clear();
    kaohe::push_normalized(buffer, value);
    buffer
}

/// One row's record, serialised straight to the output.
fn write_card(out: &mut BufWriter<Stdout>, row: &Row, scored: &Scored<'_>) -> Result<(), Failure> {
    #[derive(serde::Serialize)]
    struct Record<'r> {
        unit: &'r str,
        month: String,
        kind: &'r str,
        card: &'r kaohe::ScoreCard,
    }
    let Scored::Card(card) = scored else {
        return Err(Failure("error: internal: a JSON record needs a card".into()));
    };
    let record = Record { unit: &row.unit, month: row.month.to_string(), kind: &row.kind, card };
    serde_json::to_writer(out, &record).map_err(|e| match e.io_error_kind() {
        Some(kind) => write_failure(kind.into()),
        None => Failure(format!("error: {e}")),
    })
}

/// Writes records as a table (escaped for the terminal), CSV (formula-safe text cells), a JSON
/// array or JSON lines. `text` marks the columns that hold text rather than numbers.
fn records(
    header: &[&str],
    text: &[bool],
    rows: Vec<Vec<String>>,
    json: Vec<serde_json::Value>,
    format: Format,
) -> Result<(), Failure> {
    let mut out = stdout();
    match format {
        Format::Table => out.write_all(visible(&columns(header, &rows)).as_bytes()).map_err(write_failure)?,
        Format::Csv => {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(header).map_err(csv_failure)?;
            for row in rows {
                let cells = row.iter().zip(text).map(|(cell, is_text)| {
                    if *is_text {
                        spreadsheet_text(cell).into_owned()
                    } else {
                        cell.clone()
                    }
                });
                writer.write_record(cells).map_err(csv_failure)?;
            }
            writer.flush().map_err(write_failure)?;
        }
        Format::Json => {
            let text = serde_json::to_string_pretty(&json).map_err(|e| Failure(format!("error: {e}")))?;
            writeln!(out, "{text}").map_err(write_failure)?;
        }
        Format::Jsonl => {
            for value in json {
                writeln!(out, "{value}").map_err(write_failure)?;
            }
        }
    }
    out.flush().map_err(write_failure)
}

pub fn period_cards(cards: &[UnitPeriod], format: Format) -> Result<(), Failure> {
    // The table leaves out the kind, which the other formats keep for programs.
    let table = format == Format::Table;
    let header: Vec<&str> = ["unit", "period", "kind", "total", "grade", "months", "flags"]
        .into_iter()
        .filter(|h| !(table && *h == "kind"))
        .collect();
    let text: Vec<bool> = header.iter().map(|h| !matches!(*h, "total" | "months" | "period")).collect();
    let rows = cards
        .iter()
        .map(|p| {
            let months = p.card.months.iter().filter(|m| m.total.is_some()).count();
            let flags: Vec<&str> = p.card.flags.iter().map(|f| f.flag.label.as_str()).collect();
            let mut row = vec![p.unit.clone(), p.key.to_string()];
            if !table {
                row.push(p.kind.clone());
            }
            row.extend([
                p.card.total.to_string(),
                grade_label(p.card.grade.as_ref()),
                months.to_string(),
                flags.join("; "),
            ]);
            row
        })
        .collect();
    let json = cards
        .iter()
        .map(|p| json!({"unit": p.unit, "period": p.key.to_string(), "kind": p.kind, "card": p.card}))
        .collect();
    records(&header, &text, rows, json, format)
}

/// A ranking; `banner` says what was left out when the user asked for a partial one.
pub fn rankings(ranked: &[(String, Ranked)], format: Format, banner: Option<&str>) -> Result<(), Failure> {
    if let Some(banner) = banner {
        let mut out = stdout();
        let line = match format {
            Format::Table => format!("{}\n", visible(banner)),
            Format::Csv => format!("# {}\n", banner.replace('\n', " ")),
            Format::Json | Format::Jsonl => format!("{}\n", json!({ "partial": banner })),
        };
        out.write_all(line.as_bytes()).and_then(|()| out.flush()).map_err(write_failure)?;
    }
    let consequence = |r: &Ranked| r.grade.as_ref().and_then(|g| g.consequence.clone()).unwrap_or_default();
    let header = ["period", "kind", "rank", "unit", "total", "grade", "consequence"];
    let text = [false, true, false, true, false, true, true];
    let rows = ranked
        .iter()
        .map(|(period, r)| {
            vec![
                period.clone(),
                r.kind.clone(),
                r.rank.to_string(),
                r.unit.clone(),
                r.total.to_string(),
                grade_label(r.grade.as_ref()),
                consequence(r),
            ]
        })
        .collect();
    let json = ranked
        .iter()
        .map(|(period, r)| {
            json!({"period": period, "kind": r.kind, "rank": r.rank, "unit": r.unit, "total": r.total, "grade": r.grade})
        })
        .collect();
    records(&header, &text, rows, json, format)
}

/// Two schemes' rankings side by side (`kaohe compare`): per period and unit, each scheme's rank,
/// total and grade, the change of total (b − a) and the places moved (up is positive).
pub fn comparisons(
    compared: &[(String, kaohe::compare::Compared)],
    format: Format,
    banner: Option<&str>,
) -> Result<(), Failure> {
    if let Some(banner) = banner {
        eprintln!("{}", visible(banner));
    }
    let header = [
        "period", "kind", "unit", "rank_a", "total_a", "grade_a", "rank_b", "total_b", "grade_b", "change",
        "moved",
    ];
    let text = [false, true, true, false, false, true, false, false, true, false, false];
    let shown = |value: Option<String>| value.unwrap_or_default();
    let rows = compared
        .iter()
        .map(|(period, c)| {
            let (a, b) = (c.a.as_ref(), c.b.as_ref());
            vec![
                period.clone(),
                c.kind.clone(),
                c.unit.clone(),
                shown(a.map(|p| p.rank.to_string())),
                shown(a.map(|p| p.total.to_string())),
                shown(a.and_then(|p| p.grade.clone())),
                shown(b.map(|p| p.rank.to_string())),
                shown(b.map(|p| p.total.to_string())),
                shown(b.and_then(|p| p.grade.clone())),
                shown(c.change.map(|d| d.to_string())),
                shown(c.moved.map(|m| m.to_string())),
            ]
        })
        .collect();
    let json = compared
        .iter()
        .map(|(period, c)| {
            let mut value = serde_json::to_value(c).unwrap_or_default();
            value["period"] = period.clone().into();
            value
        })
        .collect();
    records(&header, &text, rows, json, format)
}
