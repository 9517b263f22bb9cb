//! Rulesets: the file format (`raw`), variants that extend another ruleset (`variant`), validation
//! (`compile`) and the compiled form (`model`, made of `parts`).

pub(crate) mod compile;
pub(crate) mod model;
pub(crate) mod parts;
pub(crate) mod raw;
pub(crate) mod variant;
