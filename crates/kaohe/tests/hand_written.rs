//! The hand-written Ningbo scorer that the benchmarks time kaohe against gives the numbers of the
//! vector corpus, as kaohe does; otherwise the comparison would mean nothing.

use crate::ningbo_by_hand;

#[test]
fn hand_written_ningbo_scorer_agrees_with_the_corpus() {
    let checked = ningbo_by_hand::check_corpus();
    assert!(checked >= 20, "only {checked} single-month cases were checked");
}
