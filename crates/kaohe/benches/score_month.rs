//! Scoring one Ningbo month natively, bare and explained: the reference the WASM benchmark
//! (bindings/wasm/bench) compares against. Run: cargo bench -p kaohe --bench score_month.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::float_arithmetic)] // timing code, not scoring

use std::hint::black_box;
use std::time::Instant;

use kaohe::{builtin, Inputs};

fn month() -> Inputs {
    [
        ("grid_cells", "420"),
        ("inspectors", "30"),
        ("operators", "20"),
        ("inspector_online_rate", "56.5%"),
        ("late_arrivals", "2"),
        ("reported_items", "5200"),
        ("valid_cases", "3380"),
        ("daily_valid_collections", "395"),
        ("on_time_closure_rate", "86.2%"),
        ("closure_rate", "93.4%"),
        ("rework_rate", "1.6%"),
        ("late_supervised_cases", "1"),
        ("superior_satisfaction", "92%"),
        ("partner_satisfaction", "85%"),
        ("community_satisfaction", "88.5%"),
    ]
    .into_iter()
    .collect()
}

/// The median over 7 runs of `calls` calls, in microseconds per call.
fn per_call(calls: u32, mut run: impl FnMut()) -> f64 {
    let mut runs: Vec<f64> = (0..7)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..calls {
                run();
            }
            start.elapsed().as_secs_f64() * 1e6 / f64::from(calls)
        })
        .collect();
    runs.sort_by(f64::total_cmp);
    runs[3]
}

fn main() {
    let ruleset = builtin::load("ningbo/district").unwrap();
    let inputs = month();
    assert_eq!(ruleset.score(&inputs).unwrap().total.to_string(), "90");
    let bare = per_call(20_000, || {
        black_box(ruleset.score(black_box(&inputs)).unwrap());
    });
    let traced = per_call(20_000, || {
        black_box(ruleset.explain(black_box(&inputs)).unwrap());
    });
    let load = per_call(200, || {
        black_box(builtin::load("ningbo/district").unwrap());
    });
    println!("native score: {bare:.2} us/call");
    println!("native explain: {traced:.2} us/call");
    println!("native load: {load:.1} us/call");
}
