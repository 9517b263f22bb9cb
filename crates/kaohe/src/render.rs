//! The score card as people read it: a text table (padded by display width, so Chinese lines up)
//! and an HTML fragment, in Chinese or English. Every front end shows a card through these, so the
//! CLI, Python and WASM show the same facts: each section and item with its points and score, every
//! reason (the effects' messages, a floor or cap that held, a veto), the total, the grade with its
//! consequence, and the flags.

use std::fmt::Write as _;

use unicode_width::UnicodeWidthStr;

use crate::card::ScoreCard;

/// The language a card is shown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `zh` or `en`.
    pub fn parse(text: &str) -> Option<Lang> {
        match text {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The text for this language of a Chinese and English pair.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// One line of the card's table: a section (`item` false) or an item.
struct Line {
    item: bool,
    name: String,
    points: String,
    score: String,
    reasons: Vec<String>,
}

/// What the card says below its table.
struct Summary {
    total: String,
    vetoed: Option<&'static str>,
    grade: String,
    colour: Option<String>,
    flags: Vec<String>,
}

fn lines(card: &ScoreCard, lang: Lang) -> Vec<Line> {
    let mut lines = Vec::new();
    for section in &card.sections {
        let bonus = if section.bonus { lang.pick("（加分）", " (bonus)") } else { "" };
        let mut reasons = Vec::new();
        if section.zeroed {
            reasons.push(lang.pick("本部分计零", "the section scores zero").to_owned());
        }
        lines.push(Line {
            item: false,
            name: format!("{}{bonus}", lang.pick(&section.title, &section.title_en)),
            points: section.points.to_string(),
            score: section.score.to_string(),
            reasons,
        });
        for item in &section.items {
            let mut reasons: Vec<String> =
                item.effects.iter().map(|e| lang.pick(&e.message.zh, &e.message.en).to_owned()).collect();
            // An explained card's effects already say why an item scores zero.
            let unexplained_zero = item.zeroed && item.effects.is_empty();
            for (holds, zh, en) in [
                (item.floored, "扣完为止", "floored"),
                (item.capped, "已达上限", "capped"),
                (unexplained_zero, "本项计零", "the item scores zero"),
            ] {
                if holds {
                    reasons.push(lang.pick(zh, en).to_owned());
                }
            }
            lines.push(Line {
                item: true,
                name: lang.pick(&item.title, &item.title_en).to_owned(),
                points: item.points.to_string(),
                score: item.score.to_string(),
                reasons,
            });
        }
    }
    lines
}

fn summary(card: &ScoreCard, lang: Lang) -> Summary {
    let grade = match &card.grade {
        Some(g) => {
            let consequence = match lang {
                Lang::Zh => g.consequence.as_deref(),
                Lang::En => g.consequence_en.as_deref(),
            };
            let consequence =
                consequence.map(|c| format!("{}{c}", lang.pick("；", "; "))).unwrap_or_default();
            format!("{}{consequence}", lang.pick(&g.label, &g.label_en))
        }
        None => lang.pick("—（本办法未设等次）", "— (the scheme defines no grades)").to_owned(),
    };
    Summary {
        total: format!("{} / {}", card.total, card.full_marks),
        vetoed: card.total_zeroed.then(|| lang.pick("一票否决", "vetoed")),
        grade,
        colour: card.grade.as_ref().and_then(|g| g.colour.clone()),
        flags: card.flags.iter().map(|f| lang.pick(&f.label, &f.label_en).to_owned()).collect(),
    }
}

/// The card as a text table, one reason per line.
pub fn card_text(card: &ScoreCard, lang: Lang) -> String {
    let lines = lines(card, lang);
    let headers = match lang {
        Lang::Zh => ["项目", "分值", "得分", "说明"],
        Lang::En => ["Item", "Points", "Score", "Reasons"],
    };
    let indent = |line: &Line| if line.item { "  " } else { "" };
    let name_width = lines
        .iter()
        .map(|l| indent(l).width().saturating_add(l.name.width()))
        .chain([headers[0].width()])
        .max()
        .unwrap_or(0);
    let number_width = 6;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}  {}  {}  {}",
        pad(headers[0], name_width),
        pad_left(headers[1], number_width),
        pad_left(headers[2], number_width),
        headers[3]
    );
    let hanging = " ".repeat(name_width.saturating_add(number_width.saturating_mul(2)).saturating_add(6));
    for line in &lines {
        let mut text = format!(
            "{}  {}  {}",
            pad(&format!("{}{}", indent(line), line.name), name_width),
            pad_left(&line.points, number_width),
            pad_left(&line.score, number_width)
        );
        for (n, reason) in line.reasons.iter().enumerate() {
            let _ = if n == 0 { write!(text, "  {reason}") } else { write!(text, "\n{hanging}{reason}") };
        }
        let _ = writeln!(out, "{}", text.trim_end());
    }
    let summary = summary(card, lang);
    let vetoed = summary.vetoed.map(|v| format!(" ({v})")).unwrap_or_default();
    let _ = writeln!(out, "\n{} {}{vetoed}", lang.pick("总分", "Total"), summary.total);
    let colour = summary.colour.map(|c| format!(" ({c})")).unwrap_or_default();
    let _ = writeln!(out, "{} {}{colour}", lang.pick("等次", "Grade"), summary.grade);
    for flag in &summary.flags {
        let _ = writeln!(out, "{} {flag}", lang.pick("标记", "Flag"));
    }
    out
}

/// The card as an HTML table (a fragment, with no styles of its own beyond the grade's colour):
/// sections as header rows, then the total, grade and flags in its footer. Every text is escaped.
pub fn card_html(card: &ScoreCard, lang: Lang) -> String {
    let headers = match lang {
        Lang::Zh => ["项目", "分值", "得分", "说明"],
        Lang::En => ["Item", "Points", "Score", "Reasons"],
    };
    let language = lang.pick("zh", "en");
    let mut out = format!("<table class=\"kaohe-card\" lang=\"{language}\"><thead><tr>");
    for header in headers {
        let _ = write!(out, "<th>{header}</th>");
    }
    out.push_str("</tr></thead><tbody>");
    for line in lines(card, lang) {
        let (class, cell) = if line.item { ("item", "td") } else { ("section", "th") };
        let reasons: Vec<String> = line.reasons.iter().map(|r| escape_html(r)).collect();
        let _ = write!(
            out,
            "<tr class=\"{class}\"><{cell}>{}</{cell}><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape_html(&line.name),
            line.points,
            line.score,
            reasons.join("<br>")
        );
    }
    let summary = summary(card, lang);
    let style = summary.colour.map(|c| format!(" style=\"color:{}\"", escape_html(&c))).unwrap_or_default();
    let _ = write!(
        out,
        "</tbody><tfoot><tr><th>{}</th><td colspan=\"2\"{style}>{}</td><td>{}</td></tr><tr><th>{}</th><td colspan=\"3\"{style}>{}</td></tr>",
        lang.pick("总分", "Total"),
        summary.total,
        summary.vetoed.unwrap_or_default(),
        lang.pick("等次", "Grade"),
        escape_html(&summary.grade)
    );
    for flag in &summary.flags {
        let _ = write!(
            out,
            "<tr><th>{}</th><td colspan=\"3\">{}</td></tr>",
            lang.pick("标记", "Flag"),
            escape_html(flag)
        );
    }
    out.push_str("</tfoot></table>");
    out
}

/// Rows of text under a header, each column padded to its widest cell by display width.
pub fn columns(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let padded: Vec<String> = cells.zip(&widths).map(|(c, w)| pad(c, *w)).collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(&mut header.iter().copied());
    for row in rows {
        out.push_str(&line(&mut row.iter().map(String::as_str)));
    }
    out
}

/// Text safe inside HTML elements and quoted attributes.
pub fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

#[cfg(feature = "cases")]
pub use case_trace::indicators_text;

/// The indicators counted from case records, as text beside a card.
#[cfg(feature = "cases")]
mod case_trace {
    use super::Lang;
    use crate::cases::count::{IndicatorValue, UnitMonth};
    use crate::cases::definition::Form;
    use crate::cases::table::CaseTable;
    use crate::Ruleset;

    /// One line per indicator of a unit-month counted from case records: its value and the counts it
    /// came from; with `cases`, the cases behind it (for a ratio, its exceptions). `only` keeps the
    /// indicators filling these inputs (all when `None`).
    pub fn indicators_text(
        ruleset: &Ruleset,
        table: &CaseTable,
        month: &UnitMonth,
        lang: Lang,
        cases: bool,
        only: Option<&[&str]>,
    ) -> String {
        let Some(rules) = ruleset.case_rules() else { return String::new() };
        let mut text = String::from(
            lang.pick("  案卷指标（由案卷计数）:\n", "  Indicators counted from the case records:\n"),
        );
        for ((input, value), indicator) in rules.values(month).into_iter().zip(&rules.indicators) {
            if only.is_some_and(|only| !only.contains(&input)) {
                continue;
            }
            let label = ruleset
                .inputs()
                .iter()
                .find(|i| &*i.name == input)
                .map_or(input, |i| lang.pick(&i.label, &i.label_en));
            let shown = match value {
                IndicatorValue::Value(v) => v.normalize().to_string(),
                IndicatorValue::EmptyDenominator => {
                    lang.pick("无（分母为0）", "none (denominator 0)").to_owned()
                }
            };
            let terms: Vec<usize> = match indicator.form {
                Form::Count(c) => vec![c],
                Form::Ratio { numerator, denominator, .. } => vec![numerator, denominator],
            };
            let counts: Vec<String> = terms
                .iter()
                .filter_map(|c| Some((rules.counts.get(*c)?, month.counts.get(*c)?)))
                .map(|(count, n)| format!("{} {n}", lang.pick(&count.label, &count.label_en)))
                .collect();
            text.push_str(&format!("    {label} = {shown}  ({})\n", counts.join(" / ")));
            if cases {
                let rows = |c: usize| month.rows.get(c).map_or(&[][..], Vec::as_slice);
                let ids = |rows: &mut dyn Iterator<Item = &u32>| {
                    rows.map(|r| table.case_id(*r)).collect::<Vec<_>>().join(", ")
                };
                match indicator.form {
                    // The drill-down of a ratio: its exceptions, the smaller of the cases its numerator
                    // took (the reworked of a rework rate) and those only its denominator took (the
                    // open cases of a closure rate).
                    Form::Ratio { numerator, denominator, .. } => {
                        let taken: std::collections::HashSet<&u32> = rows(numerator).iter().collect();
                        let only: Vec<&u32> =
                            rows(denominator).iter().filter(|r| !taken.contains(r)).collect();
                        let (label, shown) = if rows(numerator).len() <= only.len() {
                            let count =
                                rules.counts.get(numerator).map_or("", |c| lang.pick(&c.label, &c.label_en));
                            (count.to_owned(), ids(&mut rows(numerator).iter()))
                        } else {
                            let count =
                                rules.counts.get(numerator).map_or("", |c| lang.pick(&c.label, &c.label_en));
                            (format!("{}{count}", lang.pick("未计入", "not in ")), ids(&mut only.into_iter()))
                        };
                        text.push_str(&format!("      {label}: {shown}\n"));
                    }
                    Form::Count(c) => text.push_str(&format!(
                        "      {}: {}\n",
                        lang.pick("案件", "cases"),
                        ids(&mut rows(c).iter())
                    )),
                }
            }
        }
        text
    }
}
