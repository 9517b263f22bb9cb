//! The rulesets shipped with kaohe, embedded at build time from `rulesets/`.

use serde::Serialize;

use crate::{Ruleset, RulesetError};

include!(concat!(env!("OUT_DIR"), "/embedded_rulesets.rs"));

/// A built-in ruleset as a catalogue lists it, read when the crate was built: nothing is compiled
/// to list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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

/// A built-in ruleset as `extends` finds it.
pub fn extended(id: &str) -> Option<crate::Extended> {
    source(id).map(|text| crate::Extended { origin: format!("builtin:{id}"), text: text.to_owned() })
}

/// Loads a built-in ruleset by id.
pub fn load(id: &str) -> Result<Ruleset, RulesetError> {
    match source(id) {
        Some(text) => Ruleset::from_toml(text, &format!("builtin:{id}")),
        None => {
            let hint = crate::diagnostic::did_you_mean(id, ids())
                .unwrap_or_else(|| format!("built-in rulesets: {}", ids().collect::<Vec<_>>().join(", ")));
            Err(RulesetError::general("builtin", format!("no built-in ruleset `{id}`"), Some(hint)))
        }
    }
}
