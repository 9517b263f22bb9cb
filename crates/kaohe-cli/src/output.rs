//! Writing many cards or rankings as a table, CSV or JSON lines on stdout.

use std::io::Write as _;

use kaohe::rank::Ranked;
use kaohe::Ruleset;
use serde_json::json;

use crate::batch::{grade_label, MonthCard, UnitPeriod};
use crate::table::columns;
use crate::{Failure, Format, Lang};

fn write_out(text: &str) -> Result<(), Failure> {
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(|e| Failure(format!("error: cannot write output: {e}")))
}

fn csv_text(header: Vec<String>, rows: Vec<Vec<String>>) -> Result<String, Failure> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for record in std::iter::once(header).chain(rows) {
        writer.write_record(&record).map_err(|e| Failure(format!("error: {e}")))?;
    }
    let bytes = writer.into_inner().map_err(|e| Failure(format!("error: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Failure(format!("error: {e}")))
}

fn json_lines(values: impl Iterator<Item = serde_json::Value>) -> String {
    values.map(|v| format!("{v}\n")).collect()
}

pub fn month_cards(
    ruleset: &Ruleset,
    cards: &[MonthCard],
    format: Format,
    lang: Lang,
) -> Result<(), Failure> {
    let flags = |card: &kaohe::ScoreCard| {
        let labels: Vec<&str> = card
            .flags
            .iter()
            .map(|f| if lang == Lang::Zh { f.label.as_str() } else { f.label_en.as_str() })
            .collect();
        labels.join("; ")
    };
    let text =
        match format {
            Format::Table | Format::Json => {
                let rows = cards
                    .iter()
                    .map(|m| {
                        vec![
                            m.unit.clone(),
                            m.month.to_string(),
                            m.card.total.to_string(),
                            grade_label(m.card.grade.as_ref()),
                            flags(&m.card),
                        ]
                    })
                    .collect::<Vec<_>>();
                columns(&["unit", "month", "total", "grade", "flags"], &rows)
            }
            Format::Csv => {
                let items = ruleset.items().map(|(id, _)| id.to_owned());
                let mut header: Vec<String> =
                    ["unit", "month", "kind", "total", "grade", "flags"].map(String::from).to_vec();
                header.extend(items);
                let rows = cards
                    .iter()
                    .map(|m| {
                        let mut row = vec![
                            m.unit.clone(),
                            m.month.to_string(),
                            m.kind.clone(),
                            m.card.total.to_string(),
                            grade_label(m.card.grade.as_ref()),
                            flags(&m.card),
                        ];
                        row.extend(m.card.items().map(|(_, i)| i.score.to_string()));
                        row
                    })
                    .collect();
                csv_text(header, rows)?
            }
            Format::Jsonl => json_lines(cards.iter().map(
                |m| json!({"unit": m.unit, "month": m.month.to_string(), "kind": m.kind, "card": m.card}),
            )),
        };
    write_out(&text)
}

pub fn period_cards(cards: &[UnitPeriod], format: Format) -> Result<(), Failure> {
    const HEADER: [&str; 7] = ["unit", "period", "kind", "total", "grade", "months", "flags"];
    let cells = |p: &UnitPeriod| {
        let months = p.card.months.iter().filter(|m| m.total.is_some()).count();
        let flags: Vec<&str> = p.card.flags.iter().map(|f| f.flag.label.as_str()).collect();
        vec![
            p.unit.clone(),
            p.key.clone(),
            p.kind.clone(),
            p.card.total.to_string(),
            grade_label(p.card.grade.as_ref()),
            months.to_string(),
            flags.join("; "),
        ]
    };
    let text = match format {
        // The table leaves out the kind, which CSV keeps for programs.
        Format::Table | Format::Json => {
            let without_kind = |mut row: Vec<String>| {
                row.remove(2);
                row
            };
            let header: Vec<&str> =
                HEADER.iter().enumerate().filter(|(n, _)| *n != 2).map(|(_, h)| *h).collect();
            columns(&header, &cards.iter().map(|p| without_kind(cells(p))).collect::<Vec<_>>())
        }
        Format::Csv => csv_text(HEADER.map(String::from).to_vec(), cards.iter().map(cells).collect())?,
        Format::Jsonl => json_lines(
            cards.iter().map(|p| json!({"unit": p.unit, "period": p.key, "kind": p.kind, "card": p.card})),
        ),
    };
    write_out(&text)
}

pub fn rankings(ranked: &[(String, Ranked)], format: Format) -> Result<(), Failure> {
    let consequence = |r: &Ranked| r.grade.as_ref().and_then(|g| g.consequence.clone()).unwrap_or_default();
    let cells = |(period, r): &(String, Ranked)| {
        vec![
            period.clone(),
            r.kind.clone(),
            r.rank.to_string(),
            r.unit.clone(),
            r.total.to_string(),
            grade_label(r.grade.as_ref()),
            consequence(r),
        ]
    };
    let header = ["period", "kind", "rank", "unit", "total", "grade", "consequence"];
    let text = match format {
        Format::Table | Format::Json => columns(&header, &ranked.iter().map(cells).collect::<Vec<_>>()),
        Format::Csv => csv_text(header.map(String::from).to_vec(), ranked.iter().map(cells).collect())?,
        Format::Jsonl => json_lines(ranked.iter().map(|(period, r)| {
            json!({"period": period, "kind": r.kind, "rank": r.rank, "unit": r.unit, "total": r.total, "grade": r.grade})
        })),
    };
    write_out(&text)
}
