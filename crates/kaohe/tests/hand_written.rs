//! The hand-written Ningbo scorer that the benchmarks time kaohe against gives the numbers of the
//! vector corpus, as kaohe does; otherwise the comparison would mean nothing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects
)]

#[path = "support/corpus.rs"]
mod corpus;
#[path = "../benches/ningbo_by_hand/mod.rs"]
mod ningbo_by_hand;

#[test]
fn hand_written_ningbo_scorer_agrees_with_the_corpus() {
    let checked = ningbo_by_hand::check_corpus();
    assert!(checked >= 20, "only {checked} single-month cases were checked");
}
