//! A year's report as one self-contained HTML page: the ranked units as bars coloured by grade,
//! each unit's points lost by item and each unit's month-by-month totals. Inline SVG and CSS
//! only, so the file opens anywhere without a network. `kaohe report` writes it (with the case
//! records behind the points lost between the two halves), and so does the npm package.
//!
//! Floats appear here only as pixel positions and lengths for drawing; every number shown is the
//! exact decimal.
#![allow(clippy::float_arithmetic)]

use std::collections::BTreeMap;

use std::collections::HashMap;

use crate::calendar::{Period, YearMonth};
use crate::input_error::{overflow, InputError, InputErrorKind, InputErrors};
use crate::rank::{Ranked, Standing};
use crate::render::escape_html;
use crate::rollup::period::PeriodCard;
use crate::{Decimal, Inputs, Ruleset};

/// What the page says about itself besides the numbers.
pub struct Page<'a> {
    pub year: &'a str,
    /// What was left out, when a report is published from partial data.
    pub banner: Option<&'a str>,
    /// Where the periods' own inputs (bonuses) came from, if any were given.
    pub period_inputs: Option<&'a str>,
}

/// The page's first half: its head, the ranking and the table of points lost by item. A cell of an
/// item whose inputs `behind` names (one list per item, in ruleset order; empty for none) links to
/// `#cases-{unit's place}-{item}`, a section the caller writes before [`second_half`].
pub fn first_half(
    ruleset: &Ruleset,
    about: &Page,
    ranked: &[Ranked],
    years: &BTreeMap<&str, &PeriodCard>,
    behind: &[Vec<&str>],
    page: &mut dyn std::fmt::Write,
) -> Result<(), InputError> {
    let meta = ruleset.meta();
    let title = format!("{} · {}", meta.title, about.year);
    let _ = write!(
        page,
        "<!doctype html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        escape_html(&title)
    );
    let _ = writeln!(page, "<h1>{}</h1>", escape_html(&title));
    let _ = writeln!(
        page,
        "<p class=\"source\">{} · {} · kaohe ruleset <code>{}</code></p>",
        escape_html(&meta.title_en),
        escape_html(&meta.source.document),
        escape_html(&meta.id)
    );
    if let Some(banner) = about.banner {
        let _ = writeln!(page, "<p class=\"banner\" role=\"alert\">{}</p>", escape_html(banner));
    }
    let given = match about.period_inputs {
        Some(file) => format!("年度输入（加分等）取自 period inputs from <code>{}</code>", escape_html(file)),
        None => "未提供年度输入（加分等） · no period inputs (bonuses) were given".to_owned(),
    };
    let _ = writeln!(page, "<p class=\"source\">{given}</p>");
    let flags: BTreeMap<&str, Vec<String>> = years
        .iter()
        .map(|(unit, card)| (*unit, card.flags.iter().map(|f| f.flag.label.clone()).collect()))
        .collect();
    ranking(page, ruleset, ranked, &flags);
    losses(page, ruleset, ranked, years, behind)
}

/// The page's second half: each unit's months as a small line chart, and the page's end.
pub fn second_half(
    ruleset: &Ruleset,
    ranked: &[Ranked],
    years: &BTreeMap<&str, &PeriodCard>,
    page: &mut dyn std::fmt::Write,
) {
    trends(page, ruleset, ranked, years);
    let _ = page.write_str("</body>\n</html>\n");
}

/// The whole page from units' months, for callers holding rows rather than cards (the npm
/// package): each unit's months rolled up to the year with its own inputs from `given` (keyed by
/// unit and year), ranked and drawn. Every problem refuses the page, nothing is left out: a month
/// given twice, rows of more than one year, a unit given two kinds, a unit whose year does not roll
/// up, period inputs that match no unit.
pub fn from_months<'m>(
    ruleset: &Ruleset,
    months: impl IntoIterator<Item = (&'m str, &'m str, YearMonth, &'m Inputs)>,
    given: &BTreeMap<(String, u16), Inputs>,
    period_inputs: Option<&str>,
) -> Result<String, InputErrors> {
    let length = usize::try_from(ruleset.rollup_to(Period::Year)?.months).unwrap_or(12);
    let mut units: Vec<UnitMonths> = Vec::new();
    let mut places: HashMap<&str, usize> = HashMap::new();
    let mut errors = Vec::new();
    let mut year = None;
    for (n, (unit, kind, month, inputs)) in months.into_iter().enumerate() {
        let refuse = |field: &str, message: String| {
            InputError::new(format!("rows[{n}].{field}"), InputErrorKind::OutOfRange, message)
        };
        // The year a month counts for, and its place in it, as the rollup counts them.
        let (key, index) = month.within(Period::Year);
        let the_year = *year.get_or_insert(key.year);
        if key.year != the_year {
            errors.push(refuse(
                "month",
                format!("is in {}, but the rows before are in {the_year}; expected one year", key.year),
            ));
            continue;
        }
        let place = *places.entry(unit).or_insert_with(|| {
            units.push(UnitMonths { unit, kind, months: vec![None; length] });
            units.len().saturating_sub(1)
        });
        let Some(entry) = units.get_mut(place) else { continue };
        if entry.kind != kind {
            errors
                .push(refuse("kind", format!("is `{kind}`, but {unit}'s other months are `{}`", entry.kind)));
            continue;
        }
        match entry.months.get_mut(index) {
            Some(slot @ None) => *slot = Some(inputs.clone()),
            Some(Some(_)) => errors.push(refuse("month", format!("{unit} {month} is given twice"))),
            None => errors.push(refuse("month", format!("{month} is outside the year's {length} months"))),
        }
    }
    let the_year = year.unwrap_or_default();
    for (unit, given_year) in
        given.keys().filter(|(unit, y)| *y != the_year || !places.contains_key(unit.as_str()))
    {
        let message = format!("{unit} {given_year} matches no unit and year of the rows");
        errors.push(InputError::new("period_inputs", InputErrorKind::Unknown, message));
    }
    let none = Inputs::new();
    let mut cards = Vec::with_capacity(units.len());
    for entry in &units {
        let own = given.get(&(entry.unit.to_owned(), the_year)).unwrap_or(&none);
        match ruleset.roll_up(Period::Year, &entry.months, own) {
            Ok(card) => cards.push(card),
            Err(bad) => errors.extend(bad.0.into_iter().map(|mut e| {
                e.message = format!("{} {the_year}: {}", entry.unit, e.message);
                e
            })),
        }
    }
    if !errors.is_empty() {
        return Err(InputErrors(errors));
    }
    let standings = units.iter().zip(&cards).map(|(entry, card)| Standing {
        unit: entry.unit.to_owned(),
        kind: entry.kind.to_owned(),
        total: card.total,
    });
    let ranked = ruleset.rank(standings.collect())?;
    let by_unit: BTreeMap<&str, &PeriodCard> = units.iter().map(|entry| entry.unit).zip(&cards).collect();
    let year = the_year.to_string();
    let about = Page { year: &year, banner: None, period_inputs };
    let mut page = String::new();
    first_half(ruleset, &about, &ranked, &by_unit, &[], &mut page)?;
    second_half(ruleset, &ranked, &by_unit, &mut page);
    Ok(page)
}

/// One unit's months of the year, as the rows give them.
struct UnitMonths<'m> {
    unit: &'m str,
    kind: &'m str,
    months: Vec<Option<Inputs>>,
}

/// Colours for grade bands the ruleset gives no colour, by band order; the report's own choice.
const BAND_COLOURS: [&str; 5] = ["#2e7d32", "#1565c0", "#f9a825", "#c62828", "#6a1b9a"];
/// Bars of units without a grade (the scheme defines none).
pub const UNGRADED: &str = "#546e7a";

fn number(value: Decimal) -> f64 {
    // Only for drawing: positions and lengths in pixels, never scores.
    rust_decimal::prelude::ToPrimitive::to_f64(&value).unwrap_or(0.0)
}

fn colour(ruleset: &Ruleset, ranked: &Ranked) -> String {
    let Some(grade) = &ranked.grade else { return UNGRADED.to_owned() };
    grade.colour.clone().unwrap_or_else(|| {
        let band = ruleset.grades().iter().position(|g| g.label == grade.label).unwrap_or(0);
        BAND_COLOURS.get(band).copied().unwrap_or(UNGRADED).to_owned()
    })
}

fn ranking(
    page: &mut dyn std::fmt::Write,
    ruleset: &Ruleset,
    ranked: &[Ranked],
    flags: &BTreeMap<&str, Vec<String>>,
) {
    let full = number(ruleset.meta().full_marks);
    let most = ranked.iter().map(|r| number(r.total)).fold(full, f64::max);
    let (label_width, bar_width, row) = (200.0, 520.0, 28.0);
    // Each target kind is ranked on its own and headed by its name.
    let mut kinds: Vec<&str> = Vec::new();
    for unit in ranked {
        if !kinds.contains(&unit.kind.as_str()) {
            kinds.push(&unit.kind);
        }
    }
    let headed = kinds.len() > 1;
    let rows = ranked.len().saturating_add(if headed { kinds.len() } else { 0 });
    let height = row * rows as f64 + 10.0;
    let _ = writeln!(page, "<section id=\"ranking\">\n<h2>年度排名 Ranking</h2>");
    let _ = writeln!(
        page,
        "<svg class=\"chart\" width=\"{}\" height=\"{height}\" role=\"img\" aria-label=\"ranking\">",
        label_width + bar_width + 160.0
    );
    let mut line = 0.0;
    let mut kind = "";
    for unit in ranked {
        if headed && unit.kind != kind {
            kind = &unit.kind;
            let _ = writeln!(
                page,
                "<text class=\"kind\" x=\"0\" y=\"{:.1}\">{}</text>",
                row * line + 19.0,
                escape_html(kind)
            );
            line += 1.0;
        }
        let y = row * line + 4.0;
        line += 1.0;
        let width = (number(unit.total).max(0.0) / most * bar_width).max(1.0);
        let grade = unit.grade.as_ref().map(|g| format!(" {}", g.label)).unwrap_or_default();
        let consequence = unit.grade.as_ref().and_then(|g| g.consequence.clone()).unwrap_or_default();
        let flags = flags.get(unit.unit.as_str()).map_or(&[][..], Vec::as_slice);
        let _ = writeln!(
            page,
            "<g class=\"bar\" data-unit=\"{unit_name}\" data-total=\"{total}\">\n<text x=\"0\" y=\"{ty}\">{rank}. {unit_name}</text>\n<rect x=\"{label_width}\" y=\"{y}\" width=\"{width:.1}\" height=\"{h}\" fill=\"{fill}\"><title>{unit_name} {total}{grade} {consequence}</title></rect>\n<text x=\"{tx:.1}\" y=\"{ty}\">{total}{grade}{flag}</text>\n</g>",
            unit_name = escape_html(&unit.unit),
            total = unit.total,
            ty = y + 15.0,
            rank = unit.rank,
            h = row - 8.0,
            fill = escape_html(&colour(ruleset, unit)),
            tx = label_width + width + 6.0,
            grade = escape_html(&grade),
            consequence = escape_html(&consequence),
            flag = if flags.is_empty() { String::new() } else { escape_html(&format!(" · {}", flags.join("、"))) },
        );
    }
    let _ = page.write_str("</svg>\n");
    if ruleset.grades().is_empty() {
        let _ = page.write_str("<p class=\"legend\">本办法未设等次 · the scheme defines no grades</p>\n");
    } else {
        let _ = page.write_str("<p class=\"legend\">");
        for (band, grade) in ruleset.grades().iter().enumerate() {
            let fill = grade
                .colour
                .clone()
                .unwrap_or_else(|| BAND_COLOURS.get(band).copied().unwrap_or(UNGRADED).to_owned());
            let bound = grade.min.map_or("—".to_owned(), |m| format!("≥{m}"));
            let consequence = grade.consequence.as_deref().map(|c| format!("：{c}")).unwrap_or_default();
            let _ = write!(
                page,
                "<span><i style=\"background:{}\"></i>{} {}{}</span>",
                escape_html(&fill),
                escape_html(&grade.label),
                escape_html(&bound),
                escape_html(&consequence)
            );
        }
        let _ = page.write_str("</p>\n");
    }
    let _ = page.write_str("</section>\n");
}

/// Points lost per item over the year: points minus score, summed over the unit's months; a cell
/// whose item reads counted rates links to the cases behind it (`behind`, empty without cases).
fn losses(
    page: &mut dyn std::fmt::Write,
    ruleset: &Ruleset,
    ranked: &[Ranked],
    by_unit: &BTreeMap<&str, &PeriodCard>,
    behind: &[Vec<&str>],
) -> Result<(), InputError> {
    let overflow = || overflow("points_lost");
    let items: Vec<(usize, String)> = ruleset
        .items()
        .zip(ruleset.item_points())
        .enumerate()
        .filter(|(_, (_, (_, bonus)))| !bonus)
        .map(|(n, ((_, title), _))| (n, title.to_owned()))
        .collect();
    let mut lost: BTreeMap<(&str, usize), Decimal> = BTreeMap::new();
    for (unit, card) in by_unit {
        let card_lost = ruleset.points_lost(card)?;
        for (n, _) in &items {
            lost.insert((unit, *n), card_lost.get(*n).copied().unwrap_or_default());
        }
    }
    let worst = lost.values().copied().max().unwrap_or(Decimal::ONE).max(Decimal::ONE);
    let _ = writeln!(page, "<section id=\"losses\">\n<h2>各项失分 Points lost by item</h2>\n<table>\n<thead><tr><th>单位 Unit</th>");
    for (_, title) in &items {
        let _ = write!(page, "<th>{}</th>", escape_html(title));
    }
    let _ = page.write_str("<th>合计 Total</th></tr></thead>\n<tbody>\n");
    for (u, unit) in ranked.iter().enumerate() {
        let _ = write!(page, "<tr><th>{}</th>", escape_html(&unit.unit));
        let mut sum = Decimal::ZERO;
        for (n, _) in &items {
            let value = lost.get(&(unit.unit.as_str(), *n)).copied().unwrap_or_default();
            sum = sum.checked_add(value).ok_or_else(overflow)?;
            let shade = number(value) / number(worst);
            let linked = behind.get(*n).is_some_and(|inputs| !inputs.is_empty());
            let cell = match (value.is_zero(), linked) {
                (true, _) => String::new(),
                (false, false) => value.normalize().to_string(),
                (false, true) => format!("<a href=\"#cases-{u}-{n}\">{}</a>", value.normalize()),
            };
            let _ = write!(page, "<td style=\"background:rgba(198,40,40,{:.2})\">{cell}</td>", shade * 0.8);
        }
        let _ = writeln!(page, "<td class=\"sum\">{}</td></tr>", sum.normalize());
    }
    let _ = page.write_str("</tbody>\n</table>\n</section>\n");
    Ok(())
}

/// One small line chart per unit: its monthly totals across the year.
fn trends(
    page: &mut dyn std::fmt::Write,
    ruleset: &Ruleset,
    ranked: &[Ranked],
    by_unit: &BTreeMap<&str, &PeriodCard>,
) {
    let full = number(ruleset.meta().full_marks);
    let (width, height, pad) = (240.0, 90.0, 14.0);
    let _ = writeln!(page, "<section id=\"months\">\n<h2>月度走势 Month by month</h2>\n<div class=\"grid\">");
    for unit in ranked {
        let series: Vec<(u8, f64)> = by_unit
            .get(unit.unit.as_str())
            .map_or(&[][..], |card| card.months.as_slice())
            .iter()
            .filter_map(|m| Some((u8::try_from(m.month).ok()?, number(m.total?))))
            .collect();
        let high = series.iter().map(|(_, t)| *t).fold(f64::MIN, f64::max);
        let low = series.iter().map(|(_, t)| *t).fold(f64::MAX, f64::min);
        let top = high.max(full.min(high + 5.0));
        let bottom = low.min(top - 10.0);
        let span = top - bottom;
        let point = |month: u8, total: f64| {
            let x = pad + (f64::from(month) - 1.0) / 11.0 * (width - 2.0 * pad);
            let y = pad + (top - total) / span * (height - 2.0 * pad);
            (x, y)
        };
        let points: Vec<String> = series
            .iter()
            .map(|(m, t)| {
                let (x, y) = point(*m, *t);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = writeln!(
            page,
            "<figure class=\"trend\" data-unit=\"{u}\"><figcaption>{u}</figcaption>\n<svg width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"{u}\">\n<line x1=\"{pad}\" y1=\"{h}\" x2=\"{w}\" y2=\"{h}\" class=\"axis\"/>\n<text x=\"{w}\" y=\"{pad}\" class=\"scale\" text-anchor=\"end\">{top:.0}</text><text x=\"{w}\" y=\"{h}\" class=\"scale\" text-anchor=\"end\">{bottom:.0}</text>\n<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"/>",
            points.join(" "),
            escape_html(&colour(ruleset, unit)),
            u = escape_html(&unit.unit),
            h = height - pad,
            w = width - pad,
        );
        for (m, t) in &series {
            let (x, y) = point(*m, *t);
            let _ = writeln!(
                page,
                "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"2.5\"><title>{m}月 {t}</title></circle>"
            );
        }
        let _ = page.write_str("</svg></figure>\n");
    }
    let _ = page.write_str("</div>\n</section>\n");
}

const STYLE: &str = "body { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif; margin: 24px; color: #212121; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; }
.source { color: #616161; font-size: 13px; }
.banner { background: #fff3e0; border: 2px solid #e65100; padding: 8px 12px; font-weight: bold; }
svg text { font-size: 13px; fill: #212121; }
.legend span { margin-right: 16px; font-size: 13px; } .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; }
table { border-collapse: collapse; font-size: 12px; } th, td { border: 1px solid #e0e0e0; padding: 3px 6px; text-align: right; }
thead th { writing-mode: vertical-rl; text-align: left; max-height: 160px; } tbody th { text-align: left; }
td.sum { font-weight: bold; }
.grid { display: flex; flex-wrap: wrap; gap: 12px; } .trend { margin: 0; border: 1px solid #eeeeee; padding: 4px; }
.trend figcaption { font-size: 12px; } .axis { stroke: #bdbdbd; } circle { fill: #424242; }
svg text.scale { font-size: 10px; fill: #9e9e9e; } svg text.kind { font-weight: bold; fill: #616161; }
details { margin: 6px 0; } summary { cursor: pointer; font-size: 14px; } h3 { font-size: 13px; margin: 8px 0 2px; }
pre { font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
";

#[cfg(test)]
mod tests {
    use super::*;

    fn month(text: &str) -> YearMonth {
        YearMonth::parse(text).unwrap()
    }

    #[test]
    fn months_that_cannot_make_one_report_are_refused_where_they_are() {
        let ruleset = crate::builtin::load("ningbo/district").unwrap();
        let inputs = Inputs::new();
        let none = BTreeMap::new();
        let loc = |rows: &[(&str, &str, &str)], given: &BTreeMap<(String, u16), Inputs>| {
            let rows = rows.iter().map(|(unit, kind, m)| (*unit, *kind, month(m), &inputs));
            let errors = from_months(&ruleset, rows, given, None).unwrap_err();
            errors.0.first().map(|e| e.loc.clone()).unwrap_or_default()
        };
        // A second year, a second kind for one unit, a month given twice: each at its row.
        assert_eq!(
            loc(&[("海曙区", "district", "2026-01"), ("海曙区", "district", "2025-02")], &none),
            "rows[1].month"
        );
        assert_eq!(
            loc(&[("海曙区", "district", "2026-01"), ("海曙区", "street", "2026-02")], &none),
            "rows[1].kind"
        );
        assert_eq!(
            loc(&[("海曙区", "district", "2026-01"), ("海曙区", "district", "2026-01")], &none),
            "rows[1].month"
        );
        // Period inputs for a unit the rows do not have.
        let mut given = BTreeMap::new();
        given.insert(("江北区".to_owned(), 2026), Inputs::new());
        assert_eq!(loc(&[("海曙区", "district", "2026-01")], &given), "period_inputs");
    }
}
