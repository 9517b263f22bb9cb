//! The scheme as offices publish it (考核细则): for each section and item its points and how it is
//! scored, rule by rule with the clause each comes from, then the grades, the periods, the
//! parameters and the notes, as Markdown or HTML in Chinese or English. Rendered from the compiled
//! ruleset, so what is published and what is computed cannot drift apart.

use std::fmt::Write as _;

use crate::message::Plain;
use crate::render::{escape_html, Lang};
use crate::rules::{Amount, Wording};
use crate::ruleset::model::Slot;
use crate::Ruleset;

/// One item's line of the table.
struct Line {
    section: String,
    item: String,
    points: String,
    /// Each rule: its label and how it scores.
    methods: Vec<String>,
    /// Each rule's clause of the source.
    bases: Vec<String>,
}

/// A part of the document after the table: a heading and its rows (label, text).
struct Part {
    heading: &'static str,
    rows: Vec<(String, String)>,
}

struct Scheme {
    title: String,
    facts: Vec<(&'static str, String)>,
    header: [&'static str; 5],
    lines: Vec<Line>,
    parts: Vec<Part>,
    notes: Vec<String>,
}

impl Ruleset {
    /// A slot's label in Chinese and English, and whether its value reads as a percentage.
    fn slot_words(&self, slot: usize) -> (String, String, bool) {
        let percent = self.percent_slots.get(slot).copied().unwrap_or(false);
        let (zh, en) = match self.slot(slot) {
            Some(Slot::Input(i)) => (i.label.clone(), i.label_en.clone()),
            Some(Slot::Parameter(p)) => (p.label.clone(), p.label_en.clone()),
            Some(Slot::Metric(m)) => (m.label.clone(), m.label_en.clone()),
            None => Default::default(),
        };
        (zh, en, percent)
    }

    /// An amount's number, and the parameter it comes from (shown after it), if any.
    fn amount_text(&self, amount: Amount, lang: Lang) -> (String, String) {
        match amount {
            Amount::Fixed(value) => (Plain(value).to_string(), String::new()),
            Amount::Parameter(slot) => match self.slot(slot) {
                Some(Slot::Parameter(p)) => {
                    let value = p
                        .value
                        .map_or_else(|| lang.pick("待定", "to be set").to_owned(), |v| Plain(v).to_string());
                    let label = lang.pick(&p.label, &p.label_en);
                    (
                        value,
                        if lang == Lang::Zh {
                            format!("（参数：{label}）")
                        } else {
                            format!(" (parameter: {label})")
                        },
                    )
                }
                _ => (String::new(), String::new()),
            },
        }
    }

    fn scheme(&self, lang: Lang) -> Scheme {
        let pick = |zh: &str, en: &str| lang.pick(zh, en).to_owned();
        let slot = |slot: usize| self.slot_words(slot);
        let amount = |amount: Amount| self.amount_text(amount, lang);
        let flag = |index: usize| {
            self.flags.get(index).map(|f| (f.label.clone(), f.label_en.clone())).unwrap_or_default()
        };
        let words = Wording { slot: &slot, amount: &amount, flag: &flag };
        let mut lines = Vec::new();
        for section in &self.sections {
            let bonus = if section.bonus { lang.pick("（加分）", " (bonus)") } else { "" };
            let title = lang.pick(&section.title, &section.title_en);
            let heading = match lang {
                Lang::Zh => format!("{title}{bonus}（{}）", Plain(section.points)),
                Lang::En => format!("{title}{bonus} ({})", Plain(section.points)),
            };
            for item in &section.items {
                let mut methods = Vec::new();
                let mut bases = Vec::new();
                for rule in &item.rules {
                    let (mut zh, mut en) = (String::new(), String::new());
                    rule.body.method(&words, &mut zh, &mut en);
                    let (label, method) = (lang.pick(&rule.label, &rule.label_en), lang.pick(&zh, &en));
                    methods.push(format!("{label}{}{method}", lang.pick("：", ": ")));
                    bases.push(rule.basis.to_string());
                }
                if item.rules.is_empty() {
                    methods.push(pick("不扣分", "no deductions"));
                }
                lines.push(Line {
                    section: heading.clone(),
                    item: lang.pick(&item.title, &item.title_en).to_owned(),
                    points: Plain(item.points).to_string(),
                    methods,
                    bases,
                });
            }
        }
        let meta = &self.meta;
        let mut facts = vec![
            (lang.pick("依据", "Source"), meta.source.document.clone()),
            (lang.pick("满分", "Full marks"), Plain(meta.full_marks).to_string()),
            (lang.pick("考核对象", "Assessed"), meta.target_kinds.join(", ")),
            (lang.pick("规则集", "Ruleset"), format!("{} {}", meta.id, meta.version)),
        ];
        if let Some(number) = &meta.source.number {
            facts.insert(1, (lang.pick("文号", "Number"), number.clone()));
        }
        let grades = self
            .grades
            .iter()
            .map(|g| {
                let bound = g.min.map_or_else(|| pick("其余", "below"), |min| format!("≥ {}", Plain(min)));
                let consequence = lang
                    .pick(g.consequence.as_deref().unwrap_or(""), g.consequence_en.as_deref().unwrap_or(""));
                let sep = if consequence.is_empty() { "" } else { lang.pick("；", "; ") };
                (lang.pick(&g.label, &g.label_en).to_owned(), format!("{bound}{sep}{consequence}"))
            })
            .collect();
        let periods = self
            .rollups
            .iter()
            .map(|r| (lang.pick(&r.label, &r.label_en).to_owned(), format!("`{}` · {}", r.formula, r.basis)))
            .collect();
        let parameters = self
            .parameters
            .iter()
            .map(|p| {
                let value = p.value.map_or_else(|| pick("待定", "to be set"), |v| Plain(v).to_string());
                (lang.pick(&p.label, &p.label_en).to_owned(), format!("{value} · {}", p.note))
            })
            .collect();
        let parts = vec![
            Part { heading: lang.pick("等次", "Grades"), rows: grades },
            Part { heading: lang.pick("周期汇总", "Periods"), rows: periods },
            Part { heading: lang.pick("参数", "Parameters"), rows: parameters },
        ];
        Scheme {
            title: lang.pick(&meta.title, &meta.title_en).to_owned(),
            facts,
            header: if lang == Lang::Zh {
                ["考核内容", "考核项目", "分值", "评分办法", "依据条款"]
            } else {
                ["Section", "Item", "Points", "How it is scored", "Clause"]
            },
            lines,
            parts,
            notes: meta.notes.clone(),
        }
    }
}

/// A Markdown table cell: one line, pipes escaped.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The scheme as Markdown: a title, the facts, the table, then grades, periods, parameters, notes.
pub fn scheme_markdown(ruleset: &Ruleset, lang: Lang) -> String {
    let scheme = ruleset.scheme(lang);
    let mut out = format!("# {}\n\n", cell(&scheme.title));
    for (label, value) in &scheme.facts {
        let _ = writeln!(out, "- {label}: {}", cell(value));
    }
    let _ = write!(out, "\n| {} |\n|---|---|---|---|---|\n", scheme.header.join(" | "));
    for line in &scheme.lines {
        let methods: Vec<String> = line.methods.iter().map(|m| cell(m)).collect();
        let bases: Vec<String> = line.bases.iter().map(|b| cell(b)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            cell(&line.section),
            cell(&line.item),
            line.points,
            methods.join("<br>"),
            bases.join("<br>")
        );
    }
    for part in scheme.parts.iter().filter(|p| !p.rows.is_empty()) {
        let _ = write!(out, "\n## {}\n\n", part.heading);
        for (label, text) in &part.rows {
            let _ = writeln!(out, "- {}: {}", cell(label), cell(text));
        }
    }
    if !scheme.notes.is_empty() {
        let _ = write!(out, "\n## {}\n\n", lang.pick("说明", "Notes"));
        for (n, note) in scheme.notes.iter().enumerate() {
            let _ = writeln!(out, "{}. {}", n.saturating_add(1), note.replace('\n', " "));
        }
    }
    out
}

/// The scheme as an HTML fragment (a `<section class="kaohe-scheme">`), every text escaped; a
/// section's first row spans its items, as printed schemes merge that cell.
pub fn scheme_html(ruleset: &Ruleset, lang: Lang) -> String {
    let scheme = ruleset.scheme(lang);
    let mut out =
        format!("<section class=\"kaohe-scheme\">\n<h1>{}</h1>\n<ul>\n", escape_html(&scheme.title));
    for (label, value) in &scheme.facts {
        let _ = writeln!(out, "<li>{}: {}</li>", escape_html(label), escape_html(value));
    }
    out.push_str("</ul>\n<table>\n<thead><tr>");
    for heading in scheme.header {
        let _ = write!(out, "<th>{}</th>", escape_html(heading));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let mut at = 0;
    while let Some(first) = scheme.lines.get(at) {
        let span = scheme.lines.iter().skip(at).take_while(|l| l.section == first.section).count();
        for (n, line) in scheme.lines.iter().skip(at).take(span).enumerate() {
            out.push_str("<tr>");
            if n == 0 {
                let _ = write!(out, "<th rowspan=\"{span}\">{}</th>", escape_html(&line.section));
            }
            let list =
                |texts: &[String]| texts.iter().map(|t| escape_html(t)).collect::<Vec<_>>().join("<br>");
            let _ = writeln!(
                out,
                "<td>{}</td><td class=\"points\">{}</td><td>{}</td><td class=\"basis\">{}</td></tr>",
                escape_html(&line.item),
                line.points,
                list(&line.methods),
                list(&line.bases)
            );
        }
        at = at.saturating_add(span.max(1));
    }
    out.push_str("</tbody>\n</table>\n");
    for part in scheme.parts.iter().filter(|p| !p.rows.is_empty()) {
        let _ = write!(out, "<h2>{}</h2>\n<dl>\n", escape_html(part.heading));
        for (label, text) in &part.rows {
            let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape_html(label), escape_html(text));
        }
        out.push_str("</dl>\n");
    }
    if !scheme.notes.is_empty() {
        let _ = write!(out, "<h2>{}</h2>\n<ol>\n", escape_html(lang.pick("说明", "Notes")));
        for note in &scheme.notes {
            let _ = writeln!(out, "<li>{}</li>", escape_html(note));
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
    out
}
