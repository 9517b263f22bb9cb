//! Any bytes as a CSV or JSON-lines file of monthly rows (after a valid header, or not): read,
//! scored, rolled up to the year, ranked and rendered as the HTML report, partial data allowed.
//! A report or an error naming the problem, never a panic.
#![no_main]

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::OnceLock;

use arbitrary::Arbitrary;
use kaohe_cli::rows::{Encoding, Opening};
use kaohe_cli::batch::Reading;
use kaohe_cli::report;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Case {
    ruleset: bool,
    jsonl: bool,
    header: bool,
    gbk: bool,
    body: Vec<u8>,
}

/// Both rulesets, compiled once.
fn rulesets() -> &'static [kaohe::Ruleset; 2] {
    static LOADED: OnceLock<[kaohe::Ruleset; 2]> = OnceLock::new();
    LOADED.get_or_init(|| {
        let load = |id| kaohe::builtin::load(id).unwrap_or_else(|e| panic!("{e}"));
        [load("ningbo/district"), load("templates/staff-performance")]
    })
}

fuzz_target!(|case: Case| {
    let ruleset = &rulesets()[usize::from(case.ruleset)];
    let extension = if case.jsonl { "jsonl" } else { "csv" };
    let path = PathBuf::from(std::env::temp_dir()).join(format!("kaohe-fuzz-{}.{extension}", std::process::id()));
    let Ok(mut file) = std::fs::File::create(&path) else { return };
    if case.header && !case.jsonl {
        let names: Vec<String> = ruleset.inputs().iter().map(|i| i.name.to_string()).collect();
        let _ = writeln!(file, "unit,month,{}", names.join(","));
    }
    let _ = file.write_all(&case.body);
    drop(file);
    let encoding = if case.gbk { Encoding::Gbk } else { Encoding::Auto };
    let reading = Reading { rows: &path, opening: Opening { encoding, format: None }, period_inputs: None, cases: None };
    if let Ok(built) = report::build(&ruleset, &reading, true) {
        let _ = built.render(&ruleset, None, &mut String::new());
    }
});
