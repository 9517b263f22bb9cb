//! The batch commands end to end on large files: `score` streaming 1M Ningbo rows to CSV and to
//! JSON lines, `rank --period year` on 1M rows, and `report` on 10k, 100k and 1M rows, each timed once with its peak memory
//! (Debian's `/usr/bin/time`). Writes JSON for scripts/bench_report.py to the path given as the
//! first argument after `--`, and prints a line per run. `cargo bench -p kaohe-cli --bench batch_commands -- out.json`

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Writes `rows` rows: the example year's 72 unit-months again and again, each copy a new set of
/// six districts with a full year (sizes are multiples of 72, so the report gets whole years).
fn rows_file(root: &Path, rows: usize) -> PathBuf {
    let example =
        std::fs::read_to_string(root.join("examples/ningbo/2026-districts.csv")).expect("the example year");
    let mut lines = example.lines();
    let header = lines.next().expect("a header");
    let body: Vec<&str> = lines.collect();
    let mut csv = String::with_capacity(rows * 110);
    csv.push_str(header);
    csv.push('\n');
    for n in 0..rows {
        let row = body[n % body.len()];
        let (unit, rest) = row.split_once(',').expect("a unit column");
        csv.push_str(&format!("{unit}-{},{rest}\n", n / body.len()));
    }
    let path = std::env::temp_dir().join(format!("kaohe-bench-{}-{rows}.csv", std::process::id()));
    std::fs::write(&path, csv).expect("write the bench file");
    path
}

/// Runs the command under /usr/bin/time: (seconds, peak resident megabytes).
fn measure(args: &[&str]) -> (f64, f64) {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(env!("CARGO_BIN_EXE_kaohe"))
        .args(args)
        .stdout(Stdio::null())
        .output()
        .expect("/usr/bin/time (Debian's time package) runs kaohe");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let last = stderr.lines().last().expect("time's line");
    let (seconds, kilobytes) = last.split_once(' ').expect("seconds and kilobytes");
    (seconds.parse().expect("seconds"), kilobytes.parse::<f64>().expect("kilobytes") / 1024.0)
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = std::env::args().skip(1).find(|a| a.ends_with(".json"));
    let mut results = Vec::new();
    let mut run = |name: &str, rows: usize, args: &[&str]| {
        let (seconds, peak_mb) = measure(args);
        println!(
            "{name}, {rows} rows: {seconds:.2} s, {:.0} rows/s, peak {peak_mb:.0} MB",
            rows as f64 / seconds
        );
        results.push(format!(
            "{{\"name\": \"{name}\", \"rows\": {rows}, \"seconds\": {seconds}, \"peak_mb\": {peak_mb:.1}}}"
        ));
    };
    // 10k, 100k and 1M rows, rounded up to whole years of the six districts.
    for rows in [10_008, 100_008, 1_000_008] {
        let file = rows_file(&root, rows);
        let path = file.to_str().expect("a UTF-8 temp path");
        if rows > 1_000_000 {
            run("score --format csv", rows, &["score", "ningbo/district", path, "--format", "csv"]);
            run("score --format jsonl", rows, &["score", "ningbo/district", path, "--format", "jsonl"]);
            run("rank --period year", rows, &["rank", "ningbo/district", path, "--period", "year"]);
        }
        let html = file.with_extension("html");
        let html = html.to_str().expect("a UTF-8 temp path");
        run("report", rows, &["report", "ningbo/district", path, "-o", html, "--force"]);
        let _ = std::fs::remove_file(html);
        let _ = std::fs::remove_file(&file);
    }
    if let Some(out) = out {
        std::fs::write(out, format!("[\n{}\n]\n", results.join(",\n"))).expect("write the results");
    }
}
