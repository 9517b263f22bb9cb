//! Scoring 100,000 unit-months from a CSV file with the `kaohe` command, end to end (read, check,
//! score, write CSV). Run with `cargo bench -p kaohe-cli --bench csv_throughput`.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const ROWS: usize = 100_000;
const RUNS: usize = 5;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let example =
        std::fs::read_to_string(root.join("examples/ningbo/2026-districts.csv")).expect("the example year");
    let mut lines = example.lines();
    let header = lines.next().expect("a header");
    let body: Vec<&str> = lines.collect();
    // 100,000 rows: the example's 72 unit-months again and again, each copy a new set of units.
    let mut csv = format!("{header}\n");
    for n in 0..ROWS {
        let row = body[n % body.len()];
        let (unit, rest) = row.split_once(',').expect("a unit column");
        csv.push_str(&format!("{unit}-{},{rest}\n", n / body.len()));
    }
    let path = std::env::temp_dir().join(format!("kaohe-bench-{}.csv", std::process::id()));
    std::fs::write(&path, csv).expect("write the bench file");

    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let status = Command::new(env!("CARGO_BIN_EXE_kaohe"))
                .args(["score", "ningbo/district"])
                .arg(&path)
                .args(["--format", "csv"])
                .stdout(Stdio::null())
                .status()
                .expect("run kaohe");
            assert!(status.success());
            start.elapsed()
        })
        .collect();
    times.sort();
    let median = times[RUNS / 2];
    let (fastest, slowest) = (times[0], times[RUNS - 1]);
    println!(
        "kaohe score ningbo/district, {ROWS} rows of CSV -> CSV: median {:.3} s (min {:.3}, max {:.3}, {RUNS} runs), {:.0} rows/s",
        median.as_secs_f64(),
        fastest.as_secs_f64(),
        slowest.as_secs_f64(),
        ROWS as f64 / median.as_secs_f64()
    );
    let _ = std::fs::remove_file(path);
}
