//! The core's integration tests, built as one binary: each module is one subject. Test code may
//! unwrap, panic, index and do plain arithmetic, which the library itself may not.
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

mod columns;
mod extremes;
mod hand_written;
mod hostile;
mod ledger;
mod properties;
mod rule_kinds;
mod validation;
mod variants;
mod vectors;
