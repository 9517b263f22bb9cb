//! The rulesets shipped with kaohe, embedded at build time from `rulesets/`.

use crate::{Ruleset, RulesetError};

include!(concat!(env!("OUT_DIR"), "/embedded_rulesets.rs"));

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
