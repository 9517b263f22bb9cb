//! The core's integration tests, built as one binary: each module is one subject. Test code may
//! unwrap, panic, index and do plain arithmetic, which the library itself may not. `corpus` links
//! to the repository's `tests/` (the shared vector and hostile corpora), so that the packaged
//! crate carries them and passes these tests on its own.
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

mod architecture;
mod cases;
mod columns;
mod extremes;
mod hand_written;
mod hostile;
mod ledger;
mod line;
mod program;
mod properties;
mod render;
mod rule_kinds;
mod schemas;
mod scheme;
mod validation;
mod variants;
mod vectors;
