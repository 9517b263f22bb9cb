//! Limits that keep a hostile or mistaken ruleset or input harmless: each is checked where the
//! thing is read, and exceeding it is an ordinary error naming the limit.

/// The largest ruleset text, in bytes (the largest shipped ruleset is about 30 KB).
pub const MAX_RULESET_BYTES: usize = 1024 * 1024;
/// Sections, items and rules in one ruleset, all together.
pub const MAX_RULESET_PARTS: usize = 10_000;
/// Declared inputs, parameters and metrics, all together.
pub const MAX_NAMES: usize = 2_000;
/// The longest expression, in bytes.
pub const MAX_EXPRESSION_BYTES: usize = 2_000;
/// How deeply an expression may nest (parentheses, calls, negations).
pub const MAX_EXPRESSION_DEPTH: usize = 64;
/// How many rulesets a chain of `extends` may pass through.
pub const MAX_EXTENDS_DEPTH: usize = 8;
/// Names longer than this, in characters, get no "did you mean" hint.
pub const HINT_NAME_CHARS: usize = 64;
/// Candidates compared for one "did you mean" hint, at most.
pub const HINT_CANDIDATES: usize = 2_000;
/// Characters of a source line a diagnostic shows; a longer line is shown as a window around the
/// fault.
pub const ECHOED_LINE_CHARS: usize = 160;
/// Diagnostics reported for one ruleset; the rest are counted, not listed.
pub const MAX_DIAGNOSTICS: usize = 100;
/// One card's inputs as a file or standard input, in bytes (rows are streamed instead).
pub const MAX_INPUTS_BYTES: usize = 16 * 1024 * 1024;
/// Entries in one `occurrences` input.
pub const MAX_OCCURRENCES: usize = 10_000;
