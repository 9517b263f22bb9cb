//! The readable score card: a table of items with points, score and reasons, then the total and
//! grade. Columns are padded by display width so Chinese text lines up.

use std::fmt::Write as _;

use kaohe::{Ruleset, ScoreCard};
use unicode_width::UnicodeWidthStr;

use crate::Lang;

fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(text.width())))
}

/// Plain columns with a header row.
pub fn columns(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    let mut out = String::new();
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    out.push_str(&line(header.to_vec()));
    for row in rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

pub fn render(ruleset: &Ruleset, card: &ScoreCard, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let pick = |zh_text: &str, en_text: &str| if zh { zh_text.to_owned() } else { en_text.to_owned() };
    let meta = ruleset.meta();
    let mut rows: Vec<(String, String, String, Vec<String>)> = Vec::new();
    for section in &card.sections {
        let bonus = if section.bonus { pick("（加分）", " (bonus)") } else { String::new() };
        let title = format!("{}{bonus}", pick(&section.title, &section.title_en));
        rows.push((title, section.points.to_string(), section.score.to_string(), Vec::new()));
        for item in &section.items {
            let mut reasons: Vec<String> =
                item.effects.iter().map(|e| pick(&e.message.zh, &e.message.en)).collect();
            if item.floored {
                reasons.push(pick("扣完为止", "floored"));
            }
            if item.capped {
                reasons.push(pick("已达上限", "capped"));
            }
            rows.push((
                format!("  {}", pick(&item.title, &item.title_en)),
                item.points.to_string(),
                item.score.to_string(),
                reasons,
            ));
        }
    }
    let headers = if zh { ["项目", "分值", "得分"] } else { ["Item", "Points", "Score"] };
    let name_width = rows.iter().map(|r| r.0.width()).chain([headers[0].width()]).max().unwrap_or(0);
    let number_width = 6;
    let mut out = String::new();
    let _ = writeln!(out, "{}  ({})", pick(&meta.title, &meta.title_en), meta.id);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}  {}  {}  {}",
        pad(headers[0], name_width),
        pad_left(headers[1], number_width),
        pad_left(headers[2], number_width),
        pick("说明", "Reasons")
    );
    let indent = " ".repeat(name_width.saturating_add(number_width.saturating_mul(2)).saturating_add(6));
    for (name, points, score, reasons) in rows {
        let mut line = format!(
            "{}  {}  {}",
            pad(&name, name_width),
            pad_left(&points, number_width),
            pad_left(&score, number_width)
        );
        for (n, reason) in reasons.iter().enumerate() {
            if n == 0 {
                let _ = write!(line, "  {reason}");
            } else {
                let _ = write!(line, "\n{indent}{reason}");
            }
        }
        let _ = writeln!(out, "{}", line.trim_end());
    }
    let _ = writeln!(out);
    let zeroed = if card.total_zeroed { pick("（一票否决）", " (vetoed)") } else { String::new() };
    let _ = writeln!(out, "{} {} / {}{zeroed}", pick("总分", "Total"), card.total, card.full_marks);
    let grade = match &card.grade {
        Some(g) => {
            let consequence = if zh { g.consequence.as_deref() } else { g.consequence_en.as_deref() };
            let consequence = consequence.map(|c| format!("；{c}")).unwrap_or_default();
            let colour = g.colour.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
            format!("{}{colour}{consequence}", pick(&g.label, &g.label_en))
        }
        None => pick("—（本办法未设等次）", "— (the scheme defines no grades)"),
    };
    let _ = writeln!(out, "{} {grade}", pick("等次", "Grade"));
    for flag in &card.flags {
        let _ = writeln!(out, "{} {}", pick("标记", "Flag"), pick(&flag.label, &flag.label_en));
    }
    out
}
