//! Rulesets: the file format (`raw`), its validation (`compile`) and the compiled form (`model`).

mod compile;
pub(crate) mod model;
pub(crate) mod raw;
