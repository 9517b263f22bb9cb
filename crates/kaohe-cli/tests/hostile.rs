//! Runs tests/hostile/cli.toml: hostile and careless input through the `kaohe` command, each case
//! with its exit code and the text its output must (and must not) hold. Nothing may panic.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    args: Vec<String>,
    #[serde(default)]
    files: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    gbk: Vec<String>,
    /// Standard input, repeated `stdin_times` times (once when absent).
    #[serde(default)]
    stdin: String,
    stdin_times: Option<usize>,
    exit: i32,
    #[serde(default)]
    stdout: Vec<String>,
    #[serde(default)]
    not_stdout: Vec<String>,
    #[serde(default)]
    stdout_empty: bool,
    #[serde(default)]
    stderr: Vec<String>,
    #[serde(default)]
    not_stderr: Vec<String>,
    #[serde(default)]
    absent: Vec<String>,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(case: &Case, n: usize, example: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("kaohe-hostile-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut lines = example.lines();
    let header = lines.next().unwrap();
    let values = lines.next().unwrap().splitn(3, ',').nth(2).unwrap();
    let fill = |text: &str| {
        text.replace("{dir}", &dir.display().to_string())
            .replace("{header}", header)
            .replace("{values}", values)
    };
    for (name, content) in &case.files {
        let content = fill(content);
        let bytes = if case.gbk.contains(name) {
            encoding_rs::GBK.encode(&content).0.into_owned()
        } else {
            content.into_bytes()
        };
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let args: Vec<String> = case.args.iter().map(|a| fill(a)).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaohe"))
        .args(&args)
        .current_dir(root())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let input = fill(&case.stdin).repeat(case.stdin_times.unwrap_or(1));
    let mut stdin = child.stdin.take().unwrap();
    // Written from a thread: kaohe may refuse and exit before reading it all.
    let writer = std::thread::spawn(move || {
        let _ = std::io::Write::write_all(&mut stdin, input.as_bytes());
    });
    let out = child.wait_with_output().unwrap();
    let _ = writer.join();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    let mut failures = Vec::new();
    let mut fail = |what: String| {
        failures.push(format!("{}: {what}\n  stdout: {stdout}\n  stderr: {stderr}", case.name))
    };
    if out.status.code() != Some(case.exit) {
        fail(format!("exit {:?}, expected {}", out.status.code(), case.exit));
    }
    if stderr.contains("panicked") {
        fail("a panic".into());
    }
    for text in case.stdout.iter().map(|t| fill(t)) {
        if !stdout.contains(&text) {
            fail(format!("stdout lacks {text:?}"));
        }
    }
    for text in case.stderr.iter().map(|t| fill(t)) {
        if !stderr.contains(&text) {
            fail(format!("stderr lacks {text:?}"));
        }
    }
    for text in &case.not_stdout {
        if stdout.contains(text.as_str()) {
            fail(format!("stdout holds {text:?}"));
        }
    }
    for text in &case.not_stderr {
        if stderr.contains(text.as_str()) {
            fail(format!("stderr holds {text:?}"));
        }
    }
    if case.stdout_empty && !stdout.is_empty() {
        fail("stdout is not empty".into());
    }
    for name in &case.absent {
        if Path::new(&dir).join(name).exists() {
            fail(format!("{name} was left behind"));
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    failures
}

#[test]
fn hostile_corpus() {
    let text = std::fs::read_to_string(root().join("tests/hostile/cli.toml")).unwrap();
    let corpus: Corpus = toml::from_str(&text).unwrap();
    let example = std::fs::read_to_string(root().join("examples/ningbo/2026-districts.csv")).unwrap();
    let failures: Vec<String> =
        corpus.case.iter().enumerate().flat_map(|(n, case)| run(case, n, &example)).collect();
    assert!(corpus.case.len() >= 20, "the corpus lost cases");
    assert!(
        failures.is_empty(),
        "{} of {} hostile cases failed:\n{}",
        failures.len(),
        corpus.case.len(),
        failures.join("\n")
    );
}
