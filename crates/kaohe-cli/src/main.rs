//! The `kaohe` command: score a unit's inputs against a ruleset, check ruleset files, list the
//! built-in rulesets. Exit codes: 0 ok, 1 invalid input or ruleset, 2 usage.

mod table;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use kaohe::{builtin, Inputs, Ruleset};

#[derive(Parser)]
#[command(name = "kaohe", version, about = "Score Chinese digital urban-management (数字城管) assessments")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Score one unit for one period and print its card.
    Score {
        /// A built-in ruleset id (see `kaohe rulesets`) or a ruleset file.
        ruleset: String,
        /// The inputs: a .toml or .json file of input names and values.
        inputs: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
        /// Language of labels and messages in the table.
        #[arg(long, value_enum, default_value_t = Lang::Zh)]
        lang: Lang,
    },
    /// Validate ruleset files and print every problem found.
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// List the built-in rulesets with their sources.
    Rulesets,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Table,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    Zh,
    En,
}

/// A failure to report on stderr with exit code 1.
struct Failure(String);

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Score { ruleset, inputs, format, lang } => score(&ruleset, &inputs, format, lang),
        Command::Check { files } => check(&files),
        Command::Rulesets => list(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
    }
}

fn read(path: &Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| Failure(format!("error: cannot read {}: {e}", path.display())))
}

fn load_ruleset(name: &str) -> Result<Ruleset, Failure> {
    let path = Path::new(name);
    let result = if path.extension().is_some_and(|ext| ext == "toml") || path.is_file() {
        Ruleset::from_toml_with(&read(path)?, name, &|id| resolve_beside(path, id))
    } else {
        builtin::load(name)
    };
    result.map_err(|error| Failure(error.to_string()))
}

/// A ruleset named by `extends`: a built-in id, or a `.toml` path relative to the variant's file.
fn resolve_beside(variant: &Path, id: &str) -> Option<String> {
    builtin::source(id).map(str::to_owned).or_else(|| {
        let beside = variant.parent().unwrap_or(Path::new(".")).join(id);
        std::fs::read_to_string(beside).ok()
    })
}

fn load_inputs(path: &Path) -> Result<Inputs, Failure> {
    let text = read(path)?;
    let shown = path.display();
    match path.extension().and_then(|e| e.to_str()) {
        Some("json") => serde_json::from_str(&text).map_err(|e| Failure(format!("error: {shown}: {e}"))),
        Some("toml") => toml::from_str(&text).map_err(|e| Failure(format!("error: {shown}: {e}"))),
        _ => Err(Failure(format!("error: {shown}: inputs must be a .toml or .json file"))),
    }
}

fn score(ruleset: &str, inputs: &Path, format: Format, lang: Lang) -> Result<(), Failure> {
    let ruleset = load_ruleset(ruleset)?;
    let inputs = load_inputs(inputs)?;
    let card = ruleset.explain(&inputs).map_err(|errors| {
        let lines: Vec<String> = errors.0.iter().map(|e| format!("error: {e}")).collect();
        Failure(lines.join("\n"))
    })?;
    match format {
        Format::Json => {
            let json = serde_json::to_string_pretty(&card).map_err(|e| Failure(format!("error: {e}")))?;
            println!("{json}");
        }
        Format::Table => print!("{}", table::render(&ruleset, &card, lang)),
    }
    Ok(())
}

fn check(files: &[PathBuf]) -> Result<(), Failure> {
    let mut failed = Vec::new();
    for file in files {
        let name = file.display().to_string();
        match Ruleset::from_toml_with(&read(file)?, &name, &|id| resolve_beside(file, id)) {
            Ok(ruleset) => {
                let missing: Vec<&str> = ruleset.missing_parameters().map(|p| &*p.name).collect();
                if missing.is_empty() {
                    println!("{name}: ok ({})", ruleset.id());
                } else {
                    println!(
                        "{name}: ok ({}), but it cannot score until a ruleset extending it supplies {} parameters: {}",
                        ruleset.id(),
                        missing.len(),
                        missing.join(", ")
                    );
                }
            }
            Err(error) => failed.push(error.to_string()),
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(Failure(failed.join("\n")))
    }
}

fn list() -> Result<(), Failure> {
    let mut rows = Vec::new();
    for id in builtin::ids() {
        let ruleset = builtin::load(id).map_err(|e| Failure(e.to_string()))?;
        let meta = ruleset.meta();
        rows.push(vec![id.to_owned(), meta.title.clone(), meta.source.document.clone()]);
    }
    print!("{}", table::columns(&["id", "title", "source"], &rows));
    Ok(())
}
