//! The engine against the limit, on the Ningbo district scheme: kaohe scoring one month bare and
//! explained, and a hand-written scorer of the same scheme (checked against the vector corpus
//! before anything is timed); plus loading the ruleset and scoring the composite template.
//! Run: cargo bench -p kaohe --bench engine (scripts/bench gathers the results into BENCHMARKS.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)] // timing code

#[path = "../tests/support/corpus.rs"]
mod corpus;
mod ningbo_by_hand;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kaohe::{builtin, Decimal, InputValue, Inputs};

/// A month that exercises most rule kinds: two ladders, a failed threshold, occurrences.
fn month() -> Inputs {
    let percent = |p: i64| Decimal::new(p, 3);
    let mut inputs = Inputs::new();
    for (name, value) in [
        ("grid_cells", Decimal::from(420)),
        ("inspectors", Decimal::from(30)),
        ("operators", Decimal::from(20)),
        ("inspector_online_rate", percent(565)),
        ("late_arrivals", Decimal::from(2)),
        ("reported_items", Decimal::from(5200)),
        ("valid_cases", Decimal::from(3380)),
        ("daily_valid_collections", Decimal::from(395)),
        ("on_time_closure_rate", percent(862)),
        ("closure_rate", percent(934)),
        ("rework_rate", percent(16)),
        ("late_supervised_cases", Decimal::from(1)),
        ("superior_satisfaction", percent(920)),
        ("partner_satisfaction", percent(850)),
        ("community_satisfaction", percent(885)),
    ] {
        inputs.insert(name, value);
    }
    inputs
}

fn ningbo_month(c: &mut Criterion) {
    let checked = ningbo_by_hand::check_corpus();
    assert!(checked >= 20, "only {checked} corpus cases checked");

    let ruleset = builtin::load("ningbo/district").unwrap();
    let inputs = month();
    let typed = ningbo_by_hand::Month::from_inputs(&inputs);
    let names: Vec<&str> = inputs.iter().map(|(name, _)| name).collect();
    let columns = ruleset.columns(&names).unwrap();
    let row: Vec<Option<InputValue>> = inputs.iter().map(|(_, value)| Some(value.clone())).collect();
    // Both sides agree on this month (and the corpus, above) before either is timed.
    let card = ruleset.score(&inputs).unwrap();
    let by_hand = ningbo_by_hand::score(&typed);
    assert_eq!(card.total, by_hand.total);
    assert_eq!(ruleset.score_row(&columns, &row).unwrap(), card);
    let mut scores = ruleset.new_scores();
    ruleset.score_row_into(&columns, &row, &mut scores).unwrap();
    assert_eq!(scores.total, by_hand.total);
    assert!(scores.items.iter().map(|i| i.score).eq(by_hand.items));

    let mut group = c.benchmark_group("ningbo_month");
    group.bench_function("hand_written", |b| b.iter(|| ningbo_by_hand::score(black_box(&typed))));
    group.bench_function("kaohe_score_row_into", |b| {
        b.iter(|| ruleset.score_row_into(black_box(&columns), black_box(&row), &mut scores).unwrap())
    });
    group.bench_function("kaohe_score_row", |b| {
        b.iter(|| ruleset.score_row(black_box(&columns), black_box(&row)).unwrap())
    });
    group.bench_function("kaohe_score", |b| b.iter(|| ruleset.score(black_box(&inputs)).unwrap()));
    group.bench_function("kaohe_explain", |b| b.iter(|| ruleset.explain(black_box(&inputs)).unwrap()));
    group.finish();
}

fn load(c: &mut Criterion) {
    c.bench_function("load/ningbo_district", |b| {
        b.iter(|| builtin::load(black_box("ningbo/district")).unwrap())
    });
}

fn composite(c: &mut Criterion) {
    let files = corpus::corpus();
    let (_, file) = files.iter().find(|(_, f)| f.ruleset == "templates/district-composite").unwrap();
    let case = &file.case[0];
    let inputs = corpus::inputs_of(&file.base, case);
    let ruleset = builtin::load(&file.ruleset).unwrap();
    let card = ruleset.score(&inputs).unwrap();
    assert_eq!(Some(card.total), case.expect.total.as_deref().map(corpus::decimal));
    c.bench_function("composite/score", |b| b.iter(|| ruleset.score(black_box(&inputs)).unwrap()));
}

criterion_group!(benches, ningbo_month, load, composite);
criterion_main!(benches);
