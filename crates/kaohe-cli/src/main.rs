//! The `kaohe` command: score units against a ruleset (one month, or many rows of a CSV or
//! JSON-lines file), roll months up into periods, rank units, write an HTML report, check ruleset
//! files and list the built-in ones. Exit codes: 0 ok, 1 invalid input or ruleset, 2 usage.

#![deny(clippy::arithmetic_side_effects)]

use kaohe_cli::batch::{partial, period_cards, Reading};
use kaohe_cli::{batch, output, report, rows, terminal, Failure, Format, Lang};

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use kaohe::compare::Placing;
use kaohe::rank::Standing;
use kaohe::{builtin, Inputs, Period, Ruleset};
use rows::{Encoding, InputFormat, Opening};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "kaohe", version, about = "Score Chinese digital urban-management (数字城管) assessments")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score one unit's month (a .toml or .json file) or many (a .csv or .jsonl file with `unit`
    /// and `month` columns) and print the cards.
    Score {
        /// A built-in ruleset id (see `kaohe rulesets`) or a ruleset file.
        ruleset: String,
        /// The inputs: .toml or .json for one card; .csv or .jsonl for many; - for standard input
        /// (JSON unless --input-format says otherwise). With --cases, optional: the other
        /// monthly inputs (.csv or .jsonl rows) laid over the counted ones.
        inputs: Option<PathBuf>,
        /// With --cases, every unit-month the export holds is scored.
        #[command(flatten)]
        cases: CaseArgs,
        /// The layout of standard input, or of a file whose name does not say.
        #[arg(long, value_enum)]
        input_format: Option<InputFormat>,
        /// table or json for one card; table, csv, json (an array) or jsonl for many.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Language of labels and messages in tables.
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
        #[arg(long, value_enum, default_value_t = Encoding::Auto)]
        encoding: Encoding,
        /// With many rows as json or jsonl: include each card's trace (every rule that acted,
        /// with its arithmetic and messages). One card is always explained.
        #[arg(long)]
        explain: bool,
    },
    /// Count case records (案卷) into each unit's monthly indicators, written as the rows
    /// `kaohe score` reads (csv), or with the counts behind them (json, jsonl).
    Indicators {
        ruleset: String,
        /// The case-record export: .csv (UTF-8 or GBK), .parquet, or an Excel workbook (.xlsx,
        /// .xls, .ods: its first sheet), or - for standard input (CSV).
        cases: PathBuf,
        /// How the export's headers and values map to case columns (a TOML file).
        #[arg(long)]
        mapping: Option<PathBuf>,
        /// csv (the rows `kaohe score` reads), json or jsonl.
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
        #[arg(long, value_enum, default_value_t = Encoding::Auto)]
        encoding: Encoding,
        /// With json or jsonl: list the case ids each count took (drill-down).
        #[arg(long)]
        trace: bool,
        /// Only the months within this period (2026, 2026-H1, 2026-Q1, 2026-03).
        #[arg(long, value_parser = period_key)]
        within: Option<kaohe::PeriodKey>,
    },
    /// Roll every unit's monthly rows up into period cards (a year by default).
    Rollup {
        ruleset: String,
        #[command(flatten)]
        rows: RowsArgs,
        #[arg(long, value_enum, default_value_t = PeriodArg::Year)]
        period: PeriodArg,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Rank units within each target kind, for each month or each rolled-up period.
    Rank {
        ruleset: String,
        #[command(flatten)]
        ranking: RankingArgs,
    },
    /// What-if: rank the same rows under two schemes (a built-in and a variant, or two cities'
    /// schemes) and show each unit's rank, total and grade under both, the change of total and the
    /// places moved.
    Compare {
        /// The scheme as it is (a built-in id or a ruleset file).
        a: String,
        /// The scheme to compare it with.
        b: String,
        #[command(flatten)]
        ranking: RankingArgs,
    },
    /// Write one self-contained HTML report of a year: ranking, points lost, monthly trends.
    Report {
        ruleset: String,
        #[command(flatten)]
        rows: RowsArgs,
        /// The HTML file to write (written whole or not at all).
        #[arg(short, long)]
        output: PathBuf,
        /// Replace the output file if it exists.
        #[arg(long)]
        force: bool,
        /// Write the report from the units that could be scored even when some rows could not,
        /// with a banner saying what was left out. Without it the report is refused.
        #[arg(long)]
        allow_partial: bool,
        /// With --cases, each item's points lost link to the cases behind its rates.
        #[command(flatten)]
        cases: CaseArgs,
    },
    /// Validate ruleset files and print every problem found.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// table, or json (one object per file: ok, id, missing parameters, diagnostics).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Print a ruleset as the table offices publish: each section and item with its points, how it
    /// is scored rule by rule and the clause each comes from, then grades, periods, parameters and
    /// notes.
    Doc {
        /// A built-in ruleset id or a ruleset file.
        ruleset: String,
        /// md (Markdown), or html (a page that opens anywhere).
        #[arg(long, value_enum, default_value_t = DocFormat::Md)]
        format: DocFormat,
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
    },
    /// List the built-in rulesets with their sources.
    Rulesets {
        /// table, or json (id, titles and source of each).
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// Case records to count the case-based inputs from (`score --cases`, `report --cases`).
#[derive(clap::Args)]
struct CaseArgs {
    /// Count the case-based inputs from this case-record export (.csv in UTF-8 or GBK, .parquet or
    /// .xlsx) by the ruleset's [case_count] definitions; the rows file, if any, gives the other inputs.
    #[arg(long)]
    cases: Option<PathBuf>,
    /// How the export's headers and values map to case columns (a TOML file; see mappings/).
    /// Without it headers are column names or their Chinese labels.
    #[arg(long, requires = "cases")]
    mapping: Option<PathBuf>,
    /// With --cases: keep only the months within this period (2026, 2026-H1, 2026-Q1, 2026-03);
    /// the unit-months left out are counted on standard error.
    #[arg(long, requires = "cases", value_parser = period_key)]
    within: Option<kaohe::PeriodKey>,
}

impl CaseArgs {
    fn source(&self) -> Option<kaohe_cli::cases::CaseSource<'_>> {
        let path = self.cases.as_deref()?;
        Some(kaohe_cli::cases::CaseSource { path, mapping: self.mapping.as_deref(), within: self.within })
    }
}

/// Monthly rows and the periods' own inputs (`rollup`, `rank`, `compare`, `report`).
#[derive(clap::Args)]
struct RowsArgs {
    /// Monthly rows: .csv or .jsonl with `unit` and `month` columns; - for standard input
    /// (JSON lines unless --input-format csv).
    rows: PathBuf,
    #[arg(long, value_enum)]
    input_format: Option<InputFormat>,
    /// The periods' own inputs (a bonus, an evaluation): .csv or .jsonl with `unit` and
    /// `period` (2026, 2026-H1, 2026-Q1) columns.
    #[arg(long)]
    period_inputs: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = Encoding::Auto)]
    encoding: Encoding,
}

impl RowsArgs {
    fn reading(&self) -> Result<Reading<'_>, Failure> {
        reading(&self.rows, self.input_format, self.encoding, self.period_inputs.as_deref())
    }
}

/// The rows a ranking reads, the periods it ranks and how it is shown (`rank`, `compare`).
#[derive(clap::Args)]
struct RankingArgs {
    #[command(flatten)]
    rows: RowsArgs,
    #[arg(long, value_enum, default_value_t = PeriodArg::Month)]
    period: PeriodArg,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Rank the units that could be scored even when some rows could not, saying in a banner what
    /// was left out. Without it a ranking is refused when any row is bad.
    #[arg(long)]
    allow_partial: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DocFormat {
    Md,
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PeriodArg {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl PeriodArg {
    fn period(self) -> Period {
        match self {
            PeriodArg::Month => Period::Month,
            PeriodArg::Quarter => Period::Quarter,
            PeriodArg::HalfYear => Period::HalfYear,
            PeriodArg::Year => Period::Year,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score { ruleset, inputs, cases, input_format, format, lang, encoding, explain } => {
            let opening = Opening { encoding, format: input_format };
            match (cases.source(), inputs) {
                (Some(source), rows) => load_ruleset(&ruleset).and_then(|ruleset| {
                    let out = Output { format, lang, explain };
                    kaohe_cli::cases::score_cases(&ruleset, &source, rows.as_deref(), opening, out)
                }),
                (None, Some(inputs)) => score(&ruleset, &inputs, Output { format, lang, explain }, opening),
                (None, None) => {
                    Err(Failure("error: give the inputs file, or --cases with a case-record export".into()))
                }
            }
        }
        Command::Indicators { ruleset, cases, mapping, format, encoding, trace, within } => {
            let source = kaohe_cli::cases::CaseSource { path: &cases, mapping: mapping.as_deref(), within };
            indicators(&ruleset, &source, format, encoding, trace)
        }
        Command::Rollup { ruleset, rows, period, format } => {
            rows.reading().and_then(|reading| rollup(&ruleset, &reading, period, format))
        }
        Command::Rank { ruleset, ranking } => ranking
            .rows
            .reading()
            .and_then(|reading| rank(&ruleset, &reading, ranking.period, ranking.format, ranking.allow_partial)),
        Command::Compare { a, b, ranking } => ranking.rows.reading().and_then(|reading| {
            compare(&a, &b, &reading, ranking.period, ranking.format, ranking.allow_partial)
        }),
        Command::Report { ruleset, rows, output, force, allow_partial, cases } => rows.reading().and_then(|reading| {
            write_report(&ruleset, &reading, cases.source().as_ref(), &output, force, allow_partial)
        }),
        Command::Check { files, format } => check(&files, format),
        Command::Doc { ruleset, format, lang } => load_ruleset(&ruleset).map(|ruleset| {
            let lang = kaohe::render::Lang::from(lang);
            match format {
                DocFormat::Md => print!("{}", kaohe::scheme::scheme_markdown(&ruleset, lang)),
                DocFormat::Html => print!(
                    "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{DOC_STYLE}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
                    lang.pick("zh", "en"),
                    kaohe::render::escape_html(&ruleset.meta().title),
                    kaohe::scheme::scheme_html(&ruleset, lang)
                ),
            }
        }),
        Command::Rulesets { format } => list(format),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) if message.is_empty() => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("{}", terminal::visible(&message));
            ExitCode::from(1)
        }
    }
}

/// How a rows command reads: standard input (`-`) once at most, the period inputs' layout by
/// their file's name.
fn reading<'a>(
    rows: &'a Path,
    format: Option<InputFormat>,
    encoding: Encoding,
    period_inputs: Option<&'a Path>,
) -> Result<Reading<'a>, Failure> {
    if rows::is_stdin(rows) && period_inputs.is_some_and(rows::is_stdin) {
        return Err(Failure(
            "error: the rows and the period inputs cannot both be read from standard input".into(),
        ));
    }
    Ok(Reading { rows, opening: Opening { encoding, format }, period_inputs, cases: None })
}

/// A whole text file, or standard input (`-`), read only up to `most` bytes: a longer one is
/// refused rather than held in memory.
fn read(path: &Path, most: usize) -> Result<String, Failure> {
    let shown = if rows::is_stdin(path) { "<stdin>".to_owned() } else { path.display().to_string() };
    let fail = |e: &dyn std::fmt::Display| Failure(format!("error: cannot read {shown}: {e}"));
    let source: Box<dyn std::io::Read> = if rows::is_stdin(path) {
        Box::new(std::io::stdin())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| fail(&e))?)
    };
    let mut text = String::new();
    std::io::Read::read_to_string(
        &mut std::io::Read::take(source, u64::try_from(most).unwrap_or(u64::MAX).saturating_add(1)),
        &mut text,
    )
    .map_err(|e| fail(&e))?;
    if text.len() > most {
        return Err(Failure(format!(
            "error: {shown}: longer than {most} bytes, the most kaohe reads for it"
        )));
    }
    Ok(text)
}

/// A ruleset file's text: a regular file within the ruleset size limit, checked before reading so
/// that a device or a huge file is refused rather than read.
fn read_ruleset_file(path: &Path) -> Result<String, Failure> {
    let shown = path.display();
    let meta = std::fs::metadata(path).map_err(|e| Failure(format!("error: cannot read {shown}: {e}")))?;
    if !meta.is_file() {
        return Err(Failure(format!("error: {shown}: a ruleset must be a regular file")));
    }
    if meta.len() > kaohe::limits::MAX_RULESET_BYTES as u64 {
        return Err(Failure(format!(
            "error: {shown}: the file is {} bytes; a ruleset may have at most {}",
            meta.len(),
            kaohe::limits::MAX_RULESET_BYTES
        )));
    }
    read(path, kaohe::limits::MAX_RULESET_BYTES)
}

/// A ruleset named by `extends`: a built-in id, or the name of a regular `.toml` file in the
/// variant's own folder or below it (never an absolute path or one leaving through `..`).
fn resolve_beside(variant: &Path, id: &str) -> Option<kaohe::Extended> {
    if let Some(found) = builtin::extended(id) {
        return Some(found);
    }
    let relative = Path::new(id);
    let confined = relative.components().all(|c| matches!(c, std::path::Component::Normal(_)));
    if !confined || relative.extension().is_none_or(|ext| ext != "toml") {
        return None;
    }
    let path = variant.parent().unwrap_or(Path::new(".")).join(relative);
    let text = read_ruleset_file(&path).ok()?;
    Some(kaohe::Extended { origin: path.display().to_string(), text })
}

fn load_ruleset(name: &str) -> Result<Ruleset, Failure> {
    let path = Path::new(name);
    let result = if path.extension().is_some_and(|ext| ext == "toml") || path.is_file() {
        Ruleset::from_toml_with(&read_ruleset_file(path)?, name, &|id| resolve_beside(path, id))
    } else {
        builtin::load(name)
    };
    result.map_err(|error| Failure(error.to_string()))
}

fn load_inputs(path: &Path, format: Option<InputFormat>) -> Result<Inputs, Failure> {
    let shown = if rows::is_stdin(path) { "<stdin>".to_owned() } else { path.display().to_string() };
    let parse = match format {
        Some(InputFormat::Json) => |text: &str| serde_json::from_str(text).map_err(|e| e.to_string()),
        Some(InputFormat::Toml) => |text: &str| toml::from_str(text).map_err(|e| e.to_string()),
        _ => {
            return Err(Failure(format!(
                "error: {shown}: inputs must be a .toml or .json file, or .csv or .jsonl for many"
            )))
        }
    };
    let text = read(path, kaohe::limits::MAX_INPUTS_BYTES)?;
    // Editors on Windows start UTF-8 files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    parse(text).map_err(|e| Failure(format!("error: {shown}: {e}")))
}

/// Fails with every error found, after the output of what could be done.
fn finish(errors: Vec<String>) -> Result<(), Failure> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failure(errors.join("\n")))
    }
}

use kaohe_cli::Output;

fn indicators(
    ruleset: &str,
    source: &kaohe_cli::cases::CaseSource,
    format: Format,
    encoding: Encoding,
    trace: bool,
) -> Result<(), Failure> {
    let ruleset = load_ruleset(ruleset)?;
    let (read, counted) = kaohe_cli::cases::count(&ruleset, source, encoding, trace)?;
    finish(kaohe_cli::cases::write_indicators(&ruleset, &read.table, &counted, format, trace)?)
}

/// A period as `--within` takes it.
fn period_key(text: &str) -> Result<kaohe::PeriodKey, String> {
    kaohe::PeriodKey::parse(text)
        .ok_or_else(|| format!("`{text}` is not a period; write 2026, 2026-H1, 2026-Q1 or 2026-03"))
}

fn score(ruleset: &str, inputs: &Path, out: Output, opening: Opening) -> Result<(), Failure> {
    let Output { format, lang, explain } = out;
    let ruleset = load_ruleset(ruleset)?;
    let layout = InputFormat::of(inputs, opening.format, InputFormat::Json);
    if matches!(layout, Some(InputFormat::Csv | InputFormat::Jsonl)) {
        let mut writer = output::MonthWriter::new(&ruleset, format, lang);
        let mut report = |message: &str| eprintln!("{}", terminal::visible(message));
        let bad = batch::score_stream(
            &ruleset,
            inputs,
            opening,
            output::MonthWriter::wants(format, explain),
            &mut |row, scored| writer.write(row, scored),
            &mut report,
        )?;
        writer.finish()?;
        return match bad {
            0 => Ok(()),
            n => Err(Failure(format!("error: {n} rows were not scored (each is reported above)"))),
        };
    }
    let inputs = load_inputs(inputs, layout)?;
    let card = ruleset.explain(&inputs).map_err(|errors| {
        let lines: Vec<String> = errors.0.iter().map(|e| format!("error: {e}")).collect();
        Failure(lines.join("\n"))
    })?;
    let text = match format {
        Format::Json | Format::Jsonl => {
            let json = serde_json::to_string_pretty(&card).map_err(|e| Failure(format!("error: {e}")))?;
            format!("{json}\n")
        }
        Format::Table => {
            let (lang, meta) = (kaohe::render::Lang::from(lang), ruleset.meta());
            let heading = format!("{}  ({})\n\n", lang.pick(&meta.title, &meta.title_en), meta.id);
            terminal::visible(&(heading + &kaohe::render::card_text(&card, lang)))
        }
        Format::Csv => {
            return Err(Failure("error: --format csv is for many rows (.csv or .jsonl inputs)".into()))
        }
    };
    use std::io::Write as _;
    std::io::stdout().write_all(text.as_bytes()).map_err(output::write_failure)
}

fn rollup(ruleset: &str, reading: &Reading, period: PeriodArg, format: Format) -> Result<(), Failure> {
    let ruleset = load_ruleset(ruleset)?;
    let periods = period_cards(&ruleset, reading, period.period(), false, |p| p)?;
    output::period_cards(&periods.cards, format)?;
    finish(periods.errors)
}

fn rank(
    ruleset: &str,
    reading: &Reading,
    period: PeriodArg,
    format: Format,
    allow_partial: bool,
) -> Result<(), Failure> {
    let (ranked, banner) = ranking(&load_ruleset(ruleset)?, reading, period, allow_partial)?;
    output::rankings(&ranked, format, banner.as_deref())
}

/// `kaohe compare`: the same rows ranked under two schemes, lined up by period and unit.
fn compare(
    a: &str,
    b: &str,
    reading: &Reading,
    period: PeriodArg,
    format: Format,
    allow_partial: bool,
) -> Result<(), Failure> {
    let (a, banner_a) = ranking(&load_ruleset(a)?, reading, period, allow_partial)?;
    let (b, banner_b) = ranking(&load_ruleset(b)?, reading, period, allow_partial)?;
    let periods: std::collections::BTreeSet<&String> = a.iter().chain(&b).map(|(p, _)| p).collect();
    let mut compared = Vec::new();
    for period in periods {
        let of = |ranked: &[(String, kaohe::rank::Ranked)]| -> Vec<kaohe::rank::Ranked> {
            ranked.iter().filter(|(p, _)| p == period).map(|(_, r)| r.clone()).collect()
        };
        let (a, b) = (of(&a), of(&b));
        let (a, b): (Vec<Placing>, Vec<Placing>) =
            (a.iter().map(Into::into).collect(), b.iter().map(Into::into).collect());
        let lined = kaohe::compare::compare(&a, &b).map_err(|e| Failure(format!("error: {period}: {e}")))?;
        compared.extend(lined.into_iter().map(|c| (period.clone(), c)));
    }
    let banner = [banner_a, banner_b].into_iter().flatten().collect::<Vec<_>>().join("\n");
    output::comparisons(&compared, format, (!banner.is_empty()).then_some(banner.as_str()))
}

/// Each period's ranked units, by period key.
type Ranking = Vec<(String, kaohe::rank::Ranked)>;

/// A ruleset's ranking of the rows for each period, and the banner saying what was left out.
fn ranking(
    ruleset: &Ruleset,
    reading: &Reading,
    period: PeriodArg,
    allow_partial: bool,
) -> Result<(Ranking, Option<String>), Failure> {
    let (standings, errors) = if period == PeriodArg::Month {
        let periods = batch::month_standings(ruleset, reading)?;
        (periods.cards, periods.errors)
    } else {
        let periods = period_cards(ruleset, reading, period.period(), false, |p| {
            let standing = Standing { unit: p.unit, kind: p.kind, total: p.card.total };
            (p.key.to_string(), standing)
        })?;
        (periods.cards, periods.errors)
    };
    let banner = partial(&errors, allow_partial, "ranking")?;
    Ok((batch::rank_by_period(ruleset, standings)?, banner))
}

fn write_report(
    ruleset: &str,
    reading: &Reading,
    cases: Option<&kaohe_cli::cases::CaseSource>,
    output: &Path,
    force: bool,
    allow_partial: bool,
) -> Result<(), Failure> {
    let ruleset = load_ruleset(ruleset)?;
    let inputs = [Some(reading.rows), reading.period_inputs, cases.map(|c| c.path)];
    let target = report::Target::check(output, force, &inputs)?;
    let Some(source) = cases else {
        let report = report::build(&ruleset, reading, allow_partial)?;
        target.write(|out| report.render(&ruleset, None, out))?;
        eprintln!(
            "wrote {} ({} units, {} monthly rows)",
            output.display(),
            report.ranked.len(),
            report.months()
        );
        return Ok(());
    };
    let (read, counted) = kaohe_cli::cases::count(&ruleset, source, reading.opening.encoding, true)?;
    let counted_inputs = kaohe_cli::cases::CountedInputs::of(&ruleset, &counted)?;
    let reading = Reading { cases: Some(&counted_inputs), ..*reading };
    let report = report::build(&ruleset, &reading, allow_partial)?;
    let drill = report::CaseDrill { table: &read.table, counted: &counted };
    target.write(|out| report.render(&ruleset, Some(&drill), out))?;
    eprintln!("wrote {} ({} units, {} monthly rows)", output.display(), report.ranked.len(), report.months());
    Ok(())
}

/// What checking one ruleset file found.
#[derive(serde::Serialize)]
struct Checked {
    file: String,
    ok: bool,
    /// The ruleset's id, when it loads.
    id: Option<String>,
    /// Parameters left to a ruleset that extends this one: it cannot score until they are given.
    missing_parameters: Vec<String>,
    /// Why it does not load: every diagnostic, or the reason it could not be read.
    diagnostics: Vec<kaohe::Diagnostic>,
    error: Option<String>,
}

fn check(files: &[PathBuf], format: Format) -> Result<(), Failure> {
    let checked: Vec<Checked> = files.iter().map(|file| check_one(file)).collect();
    let failed: Vec<String> = checked.iter().filter_map(|c| c.error.clone()).collect();
    match format {
        Format::Table => {
            for c in checked.iter().filter(|c| c.ok) {
                let id = c.id.as_deref().unwrap_or_default();
                if c.missing_parameters.is_empty() {
                    println!("{}: ok ({id})", c.file);
                } else {
                    println!(
                        "{}: ok ({id}), but it cannot score until a ruleset extending it supplies the values of these parameters ({}): {}",
                        c.file,
                        c.missing_parameters.len(),
                        c.missing_parameters.join(", ")
                    );
                }
            }
        }
        _ => output::print_json(&checked)?,
    }
    finish(failed)
}

fn check_one(file: &Path) -> Checked {
    let name = file.display().to_string();
    let mut checked = Checked {
        file: name.clone(),
        ok: false,
        id: None,
        missing_parameters: Vec::new(),
        diagnostics: Vec::new(),
        error: None,
    };
    let text = match read_ruleset_file(file) {
        Ok(text) => text,
        Err(Failure(message)) => {
            checked.error = Some(message);
            return checked;
        }
    };
    match Ruleset::from_toml_with(&text, &name, &|id| resolve_beside(file, id)) {
        Ok(ruleset) => {
            checked.ok = true;
            checked.id = Some(ruleset.id().to_owned());
            checked.missing_parameters = ruleset.missing_parameters().map(|p| p.name.to_string()).collect();
        }
        Err(error) => {
            checked.error = Some(error.to_string());
            checked.diagnostics = error.diagnostics;
        }
    }
    checked
}

fn list(format: Format) -> Result<(), Failure> {
    let catalogue = builtin::catalogue();
    if format != Format::Table {
        return output::print_json(&catalogue);
    }
    let rows: Vec<Vec<String>> = catalogue
        .iter()
        .map(|entry| vec![entry.id.to_owned(), entry.title.to_owned(), entry.source.to_owned()])
        .collect();
    print!("{}", kaohe::render::columns(&["id", "title", "source"], &rows));
    Ok(())
}

/// How `kaohe doc --format html` looks: a printable table.
const DOC_STYLE: &str = "body { font-family: 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif; margin: 24px; color: #212121; }
table { border-collapse: collapse; font-size: 13px; } th, td { border: 1px solid #9e9e9e; padding: 4px 6px; vertical-align: top; }
thead th { white-space: nowrap; }
td.points { text-align: right; } td.basis { color: #616161; font-size: 12px; } h1 { font-size: 20px; } h2 { font-size: 16px; }
@media print { body { margin: 0; } }";
