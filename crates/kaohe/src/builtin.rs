//! The rulesets shipped with kaohe: their ids, texts and catalogue, and loading one by id.

pub use crate::embedded::{catalogue, extended, ids, source, Entry};
use crate::{Ruleset, RulesetError};

/// Loads a built-in ruleset by id.
pub fn load(id: &str) -> Result<Ruleset, RulesetError> {
    match source(id) {
        Some(text) => Ruleset::from_toml(text, &format!("builtin:{id}")),
        None => {
            let hint = crate::diagnostic::did_you_mean(id, ids())
                .unwrap_or_else(|| format!("built-in rulesets: {}", ids().collect::<Vec<_>>().join(", ")));
            Err(RulesetError::general(
                "builtin",
                crate::diagnostic::Code::UnknownRuleset,
                format!("no built-in ruleset `{id}`"),
                Some(hint),
            ))
        }
    }
}
