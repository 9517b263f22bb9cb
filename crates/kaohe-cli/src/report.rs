//! `kaohe report`: one self-contained HTML page for a year: the ranked units as bars coloured by
//! grade, each unit's points lost by item, and each unit's month-by-month total. Inline SVG and
//! CSS only, so the file opens anywhere without a network.

use std::collections::BTreeMap;
use std::path::Path;

use kaohe::cases::count::{Counted, UnitMonth};
use kaohe::cases::table::CaseTable;
use kaohe::rank::{Ranked, Standing};
use kaohe::render::escape_html;
use kaohe::{Decimal, Period, PeriodCard, Ruleset, YearMonth};

use crate::batch::{partial, period_cards, Periods, Reading, UnitPeriod};
use crate::Failure;

/// A year's report, ready to render: what the page says about itself, the ranking and each unit's
/// year.
pub struct Report {
    pub page: Page,
    pub ranked: Vec<Ranked>,
    pub periods: Vec<UnitPeriod>,
}

/// The case records behind the points lost (`--cases`): the table (for case ids) and the counts
/// with the rows each took.
pub struct CaseDrill<'a> {
    pub table: &'a CaseTable,
    pub counted: &'a Counted,
}

impl Report {
    /// Renders the page into `out` (a file, as it goes: a large year is never held as text).
    pub fn render(
        &self,
        ruleset: &Ruleset,
        cases: Option<&CaseDrill>,
        out: &mut dyn std::fmt::Write,
    ) -> Result<(), Failure> {
        render(ruleset, &self.page, &self.ranked, &self.periods, cases, out)
    }

    /// How many monthly rows the page shows.
    pub fn months(&self) -> usize {
        self.periods.iter().flat_map(|p| &p.card.months).filter(|m| m.total.is_some()).count()
    }
}

/// Reads the rows (and the periods' own inputs), rolls them up to the year and ranks the units;
/// refuses partial data unless `allow_partial`, and then says so in a banner.
pub fn build(ruleset: &Ruleset, reading: &Reading, allow_partial: bool) -> Result<Report, Failure> {
    // Each month is shown as the year's rollup scored it, so a deficit carried into a month's card
    // (结转下月) is in the month's total and losses too; rows are scored once.
    let Periods { cards: periods, errors, years } =
        period_cards(ruleset, reading, Period::Year, true, |p| p)?;
    let [year] = years.iter().copied().collect::<Vec<_>>()[..] else {
        return Err(Failure(format!(
            "error: {}: a report covers one year; the rows span {years:?}",
            reading.rows.display()
        )));
    };
    let banner = partial(&errors, allow_partial, "report")?;
    let standings = periods
        .iter()
        .map(|p| Standing { unit: p.unit.clone(), kind: p.kind.clone(), total: p.card.total })
        .collect();
    let ranked = ruleset.rank(standings).map_err(|e| Failure(format!("error: {e}")))?;
    let given = reading.period_inputs.map(|p| p.display().to_string());
    let page = Page { year: year.to_string(), banner, period_inputs: given };
    Ok(Report { page, ranked, periods })
}

/// What the page says about itself besides the numbers.
pub struct Page {
    pub year: String,
    /// What was left out, when the user asked for a report from partial data.
    pub banner: Option<String>,
    /// The file the periods' own inputs came from, if any.
    pub period_inputs: Option<String>,
}

/// The report's file: never one of the inputs, an existing file only with `--force`, and written
/// whole (a temporary file beside it, then renamed) so that a failed run leaves nothing behind.
pub struct Target<'a> {
    path: &'a Path,
}

impl<'a> Target<'a> {
    pub fn check(path: &'a Path, force: bool, inputs: &[Option<&Path>]) -> Result<Target<'a>, Failure> {
        let shown = path.display();
        let same = |input: &Path| match (path.canonicalize(), input.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        };
        if inputs.iter().flatten().any(|input| same(input)) {
            return Err(Failure(format!(
                "error: {shown} is an input of this command; choose another output file"
            )));
        }
        if path.exists() && !force {
            return Err(Failure(format!("error: {shown} exists; pass --force to replace it")));
        }
        Ok(Target { path })
    }

    /// Writes what `render` writes; a fault while rendering or writing leaves no file.
    pub fn write(
        &self,
        render: impl FnOnce(&mut dyn std::fmt::Write) -> Result<(), Failure>,
    ) -> Result<(), Failure> {
        let fail =
            |e: &dyn std::fmt::Display| Failure(format!("error: cannot write {}: {e}", self.path.display()));
        let folder = match self.path.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let file = tempfile::NamedTempFile::new_in(folder).map_err(|e| fail(&e))?;
        let mut text = Text { file: std::io::BufWriter::new(file), error: None };
        render(&mut text)?;
        if let Some(error) = text.error {
            return Err(fail(&error));
        }
        let file = text.file.into_inner().map_err(|e| fail(e.error()))?;
        file.persist(self.path).map_err(|e| fail(&e.error))?;
        Ok(())
    }
}

/// Text written to a file, keeping the first write error (`fmt::Write` cannot carry it).
struct Text<W: std::io::Write> {
    file: W,
    error: Option<std::io::Error>,
}

impl<W: std::io::Write> std::fmt::Write for Text<W> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        if self.error.is_none() {
            if let Err(e) = self.file.write_all(text.as_bytes()) {
                self.error = Some(e);
            }
        }
        if self.error.is_some() {
            Err(std::fmt::Error)
        } else {
            Ok(())
        }
    }
}

/// Colours for grade bands the ruleset gives no colour, by band order; the report's own choice.
const BAND_COLOURS: [&str; 5] = ["#2e7d32", "#1565c0", "#f9a825", "#c62828", "#6a1b9a"];
/// Bars of units without a grade (the scheme defines none).
pub const UNGRADED: &str = "#546e7a";

fn number(value: Decimal) -> f64 {
    // Only for drawing: positions and lengths in pixels, never scores.
    value.to_string().parse().unwrap_or(0.0)
}

fn colour(ruleset: &Ruleset, ranked: &Ranked) -> String {
    let Some(grade) = &ranked.grade else { return UNGRADED.to_owned() };
    grade.colour.clone().unwrap_or_else(|| {
        let band = ruleset.grades().iter().position(|g| g.label == grade.label).unwrap_or(0);
        BAND_COLOURS.get(band).copied().unwrap_or(UNGRADED).to_owned()
    })
}

pub fn render(
    ruleset: &Ruleset,
    about: &Page,
    ranked: &[Ranked],
    periods: &[UnitPeriod],
    cases: Option<&CaseDrill>,
    page: &mut dyn std::fmt::Write,
) -> Result<(), Failure> {
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
    if let Some(banner) = &about.banner {
        let _ = writeln!(page, "<p class=\"banner\" role=\"alert\">{}</p>", escape_html(banner));
    }
    let given = match &about.period_inputs {
        Some(file) => format!("年度输入（加分等）取自 period inputs from <code>{}</code>", escape_html(file)),
        None => "未提供年度输入（加分等） · no period inputs (bonuses) were given".to_owned(),
    };
    let _ = writeln!(page, "<p class=\"source\">{given}</p>");
    // Each unit's year (its months and flags), found once: the page is linear in rows.
    let by_unit: BTreeMap<&str, &PeriodCard> = periods.iter().map(|p| (p.unit.as_str(), &p.card)).collect();
    let flags: BTreeMap<&str, Vec<String>> = by_unit
        .iter()
        .map(|(unit, card)| (*unit, card.flags.iter().map(|f| f.flag.label.clone()).collect()))
        .collect();
    ranking(page, ruleset, ranked, &flags);
    // With the case records, each item's points lost link to the cases behind its rates.
    let behind = cases.map(|_| case_inputs(ruleset)).unwrap_or_default();
    losses(page, ruleset, ranked, &by_unit, &behind)?;
    if let (Some(cases), Some(year)) = (cases, periods.first().map(|p| p.key.year)) {
        cases_behind(page, ruleset, ranked, &by_unit, &behind, cases, year)?;
    }
    trends(page, ruleset, ranked, &by_unit);
    let _ = page.write_str("</body>\n</html>\n");
    Ok(())
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

/// For each item (in ruleset order), the inputs it reads that are counted from case records.
fn case_inputs(ruleset: &Ruleset) -> Vec<Vec<&str>> {
    let counted: Vec<&str> = ruleset
        .case_rules()
        .map(|r| r.indicators.iter().map(|i| i.input.as_str()).collect())
        .unwrap_or_default();
    ruleset
        .item_inputs()
        .into_iter()
        .map(|inputs| inputs.into_iter().filter(|i| counted.contains(i)).collect())
        .collect()
}

/// Points lost per item over the year: points minus score, summed over the unit's months; a cell
/// whose item reads counted rates links to the cases behind it (`behind`, empty without cases).
fn losses(
    page: &mut dyn std::fmt::Write,
    ruleset: &Ruleset,
    ranked: &[Ranked],
    by_unit: &BTreeMap<&str, &PeriodCard>,
    behind: &[Vec<&str>],
) -> Result<(), Failure> {
    let overflow =
        || Failure("error: the points lost by an item are too large to add up for the report".into());
    let items: Vec<(usize, String)> = ruleset
        .items()
        .zip(ruleset.item_points())
        .enumerate()
        .filter(|(_, (_, (_, bonus)))| !bonus)
        .map(|(n, ((_, title), _))| (n, title.to_owned()))
        .collect();
    let mut lost: BTreeMap<(&str, usize), Decimal> = BTreeMap::new();
    for (unit, card) in by_unit {
        let card_lost = ruleset.points_lost(card).map_err(|_| overflow())?;
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

/// For each unit and each item that lost points on rates counted from case records, the months it
/// lost them with the rates' counts and the cases that kept it from full marks.
fn cases_behind(
    page: &mut dyn std::fmt::Write,
    ruleset: &Ruleset,
    ranked: &[Ranked],
    by_unit: &BTreeMap<&str, &PeriodCard>,
    behind: &[Vec<&str>],
    cases: &CaseDrill,
    year: u16,
) -> Result<(), Failure> {
    let counted: BTreeMap<(&str, YearMonth), &UnitMonth> =
        cases.counted.months.iter().map(|m| ((m.unit.as_str(), m.month), m)).collect();
    let titles: Vec<&str> = ruleset.items().map(|(_, title)| title).collect();
    let _ = writeln!(
        page,
        "<section id=\"cases\">\n<h2>失分案卷 Cases behind the points lost</h2>\n<p class=\"source\">每个计数指标：数值、计数与未达标的案件（比率列出例外案件） · each counted rate: its value, its counts and the cases behind it (for a ratio, its exceptions)</p>"
    );
    for (u, unit) in ranked.iter().enumerate() {
        let Some(card) = by_unit.get(unit.unit.as_str()) else { continue };
        // Each month's points lost per item, found once for the unit.
        let mut months = Vec::with_capacity(card.months.len());
        for line in &card.months {
            let lost = ruleset
                .item_losses(&line.items)
                .map_err(|e| Failure(format!("error: {}: {e}", unit.unit)))?;
            if let Ok(month) = u8::try_from(line.month) {
                months.push((YearMonth { year, month }, lost));
            }
        }
        for (n, (title, inputs)) in titles.iter().zip(behind).enumerate() {
            if inputs.is_empty() {
                continue;
            }
            let lost_months: Vec<(YearMonth, Decimal)> = months
                .iter()
                .filter_map(|(month, lost)| lost.get(n).filter(|l| **l > Decimal::ZERO).map(|l| (*month, *l)))
                .collect();
            if lost_months.is_empty() {
                continue;
            }
            let _ = writeln!(
                page,
                "<details id=\"cases-{u}-{n}\"><summary>{} · {}</summary>",
                escape_html(&unit.unit),
                escape_html(title)
            );
            for (month, lost) in lost_months {
                let text = match counted.get(&(unit.unit.as_str(), month)) {
                    Some(counts) => kaohe::render::indicators_text(
                        ruleset,
                        cases.table,
                        counts,
                        kaohe::render::Lang::Zh,
                        true,
                        Some(inputs),
                    ),
                    None => "  本月无案卷计数 · no counts from the case records this month\n".to_owned(),
                };
                let _ = writeln!(
                    page,
                    "<h3>{month} 失分 {} · lost {}</h3>\n<pre>{}</pre>",
                    lost.normalize(),
                    lost.normalize(),
                    escape_html(&text)
                );
            }
            let _ = page.write_str("</details>\n");
        }
    }
    let _ = page.write_str("</section>\n");
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
