//! `kaohe report`: one self-contained HTML page for a year, drawn by the core (`kaohe::report`)
//! from the rows' year cards, with the case records behind the points lost when `--cases` gives
//! them; the page is written whole or not at all.

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

/// The page: the core's report (`kaohe::report`) with, between its halves, the case records
/// behind the points lost when they were given.
pub fn render(
    ruleset: &Ruleset,
    about: &Page,
    ranked: &[Ranked],
    periods: &[UnitPeriod],
    cases: Option<&CaseDrill>,
    page: &mut dyn std::fmt::Write,
) -> Result<(), Failure> {
    let about = kaohe::report::Page {
        year: &about.year,
        banner: about.banner.as_deref(),
        period_inputs: about.period_inputs.as_deref(),
    };
    // Each unit's year, found once: the page is linear in rows.
    let by_unit: BTreeMap<&str, &PeriodCard> = periods.iter().map(|p| (p.unit.as_str(), &p.card)).collect();
    // With the case records, each item's points lost link to the cases behind its rates.
    let behind = cases.map(|_| case_inputs(ruleset)).unwrap_or_default();
    let too_large = |e: kaohe::InputError| Failure(format!("error: the report's points lost: {e}"));
    kaohe::report::first_half(ruleset, &about, ranked, &by_unit, &behind, page).map_err(too_large)?;
    if let (Some(cases), Some(year)) = (cases, periods.first().map(|p| p.key.year)) {
        cases_behind(page, ruleset, ranked, &by_unit, &behind, cases, year)?;
    }
    kaohe::report::second_half(ruleset, ranked, &by_unit, page);
    Ok(())
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
