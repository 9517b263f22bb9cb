//! The engine against the limit, on the Ningbo district scheme: kaohe scoring one month bare and
//! explained, and a hand-written scorer of the same scheme (checked against the vector corpus
//! before anything is timed); plus loading the ruleset and scoring the composite template.
//! Run: cargo bench -p kaohe --bench engine (scripts/bench gathers the results into BENCHMARKS.md).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)] // timing code

#[path = "../tests/support/corpus.rs"]
mod corpus;
mod ningbo_by_hand;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use kaohe::{builtin, Decimal, InputValue, Inputs, ScoreCard, SmolStr};

/// The month of ningbo-month.json as text (as forms and JSON send it), and its expected total.
fn month_as_text() -> (Inputs, Decimal) {
    #[derive(serde::Deserialize)]
    struct Month {
        inputs: Inputs,
        total: Decimal,
    }
    let text = include_str!("ningbo-month.json");
    let month: Month = serde_json::from_str(text).unwrap();
    (month.inputs, month.total)
}

/// The same month with every value already a decimal, as a program holding typed data gives it.
fn as_numbers(inputs: &Inputs) -> Inputs {
    inputs.iter().map(|(name, _)| (name, ningbo_by_hand::number(inputs, name))).collect()
}

fn ningbo_month(c: &mut Criterion) {
    let checked = ningbo_by_hand::check_corpus();
    assert!(checked >= 20, "only {checked} corpus cases checked");

    let ruleset = builtin::load("ningbo/district").unwrap();
    let (text, total) = month_as_text();
    let inputs = as_numbers(&text);
    let typed = ningbo_by_hand::Month::from_inputs(&inputs);
    let names: Vec<&str> = inputs.iter().map(|(name, _)| name).collect();
    let columns = ruleset.columns(&names).unwrap();
    let row: Vec<Option<InputValue>> = inputs.iter().map(|(_, value)| Some(value.clone())).collect();
    // Every form of the month gives the hand-computed total before anything is timed.
    let card = ruleset.score(&inputs).unwrap();
    assert_eq!(card.total, total);
    assert_eq!(ruleset.score(&text).unwrap(), card);
    assert_eq!(ruleset.score_row(&columns, &row).unwrap(), card);
    let by_hand = ningbo_by_hand::score(&typed);
    assert_eq!(by_hand.total, total);
    let mut scores = ruleset.new_scores();
    ruleset.score_row_into(&columns, &row, &mut scores).unwrap();
    assert_eq!(scores.total, total);
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
    // As the WASM benchmark scores it: text values, named.
    group.bench_function("kaohe_score_text", |b| b.iter(|| ruleset.score(black_box(&text)).unwrap()));
    group.bench_function("kaohe_explain_text", |b| b.iter(|| ruleset.explain(black_box(&text)).unwrap()));
    // Numbers only from the same text, as the WASM numbers-first call scores it.
    ruleset.score_into(&text, &mut scores).unwrap();
    assert_eq!(scores.total, total);
    group.bench_function("kaohe_numbers_text", |b| {
        b.iter(|| ruleset.score_into(black_box(&text), &mut scores).unwrap())
    });
    // What the card's names cost alone: every name a card of this ruleset holds, cloned and dropped
    // as building and dropping a card does.
    let names = shared_names(&card);
    assert_eq!(names.len(), 3 * (4 + 20) + 4 + 2); // 4 sections, 20 items, 4 metrics
    group.bench_function("card_names", |b| b.iter(|| black_box(&names).to_vec()));
    group.finish();
}

/// The names a card holds: each section's and item's id and titles, the metrics' names, the
/// ruleset's id and version (a grade and each raised flag add a reference count; Ningbo has none).
fn shared_names(card: &ScoreCard) -> Vec<SmolStr> {
    let mut names = vec![card.ruleset.clone(), card.ruleset_version.clone()];
    for section in &card.sections {
        names.extend([section.id.clone(), section.title.clone(), section.title_en.clone()]);
        for item in &section.items {
            names.extend([item.id.clone(), item.title.clone(), item.title_en.clone()]);
        }
    }
    names.extend(card.metrics.iter().map(|m| m.name.clone()));
    names
}

fn load(c: &mut Criterion) {
    c.bench_function("load_ningbo_district", |b| {
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
    c.bench_function("composite_score", |b| b.iter(|| ruleset.score(black_box(&inputs)).unwrap()));
}

criterion_group!(benches, ningbo_month, load, composite);
criterion_main!(benches);
