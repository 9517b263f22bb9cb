//! Ruleset texts: those shipped with kaohe (embedded at build time from `rulesets/`, with their
//! catalogue), and the shape in which any resolver hands over the text an `extends` names. A leaf:
//! loading them is `builtin`'s.

use serde::Serialize;

include!(concat!(env!("OUT_DIR"), "/embedded_rulesets.rs"));

/// A built-in ruleset as a catalogue lists it, read when the crate was built: nothing is compiled
/// to list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Entry {
    pub id: &'static str,
    pub title: &'static str,
    pub title_en: &'static str,
    /// The source document's title (a variant's parent's, unless it names its own).
    pub source: &'static str,
}

/// Every built-in ruleset's id, titles and source document, in id order.
pub fn catalogue() -> &'static [Entry] {
    CATALOGUE
}

/// The ids of the built-in rulesets, such as `ningbo/district`.
pub fn ids() -> impl Iterator<Item = &'static str> {
    EMBEDDED.iter().map(|(id, _)| *id)
}

/// The TOML text of a built-in ruleset.
pub fn source(id: &str) -> Option<&'static str> {
    EMBEDDED.iter().find(|(known, _)| *known == id).map(|(_, text)| *text)
}

/// A ruleset found for `extends`: its text, and the name its diagnostics carry (the file's real
/// path, or `builtin:<id>`).
pub struct Extended {
    pub origin: String,
    pub text: String,
}

/// Finds the ruleset an `extends` names.
pub type Resolver<'a> = &'a dyn Fn(&str) -> Option<Extended>;

/// A built-in ruleset as `extends` finds it.
pub fn extended(id: &str) -> Option<Extended> {
    source(id).map(|text| Extended { origin: format!("builtin:{id}"), text: text.to_owned() })
}
