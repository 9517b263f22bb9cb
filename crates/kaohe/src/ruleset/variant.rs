//! Variants: a ruleset that `extends` another is the parent with the variant's changes applied,
//! addressed by id, and is then validated like any ruleset.
//!
//! A variant may set any top-level key (title, full marks, rounding, source, grades...), append
//! `notes` and `[[section]]`s, merge into or add `[parameter.*]`, `[input.*]`, `[metric.*]` and
//! `[flag.*]` declarations, override keys of existing sections, items and rules under
//! `[sections.<id>]`, `[items.<id>]` and `[rules.<id>]` (an item's `rule` list is replaced whole),
//! add items and rules with `[[add_items]]` (naming a `section`) and `[[add_rules]]` (naming an
//! `item`), and drop them with `remove_sections`, `remove_items` and `remove_rules` (and
//! declarations with `remove_inputs`, `remove_parameters`, `remove_metrics`, `remove_flags`).

use std::ops::Range;

use toml::{Table, Value};

use crate::diagnostic::{did_you_mean, Reporter, RulesetError};
use crate::ruleset::compile::within_size;

pub use crate::limits::MAX_EXTENDS_DEPTH;

/// A ruleset found for `extends`: its text, and the name its diagnostics carry (the file's real
/// path, or `builtin:<id>`).
pub struct Extended {
    pub origin: String,
    pub text: String,
}

/// Finds the ruleset an `extends` names.
pub type Resolver<'a> = &'a dyn Fn(&str) -> Option<Extended>;

/// The merged TOML text of a variant and the id it extends, or `None` when `source` extends nothing.
pub(crate) fn expand(
    source: &str,
    origin: &str,
    resolve: Resolver,
    chain: &mut Vec<String>,
) -> Result<Option<(String, String)>, RulesetError> {
    let Some(table) = extended_table(source, origin, resolve, chain)? else { return Ok(None) };
    let parent = chain.first().cloned().unwrap_or_default();
    toml::to_string(&table)
        .map(|text| Some((text, parent)))
        .map_err(|e| RulesetError::general(origin, format!("cannot merge the variant: {e}"), None))
}

fn extended_table(
    source: &str,
    origin: &str,
    resolve: Resolver,
    chain: &mut Vec<String>,
) -> Result<Option<Table>, RulesetError> {
    // A file that does not parse is reported by the compiler, with its place.
    let Ok(mut variant) = source.parse::<Table>() else { return Ok(None) };
    let Some(extends) = variant.remove("extends") else { return Ok(None) };
    let mut report = Reporter::new(origin, source);
    let at = locate(source, "extends");
    let Value::String(parent_id) = extends else {
        report.error(at, "`extends` names a ruleset id, such as \"ningbo/district\"", None);
        return Err(finish(report, origin));
    };
    if !variant.contains_key("id") {
        report.error(
            at,
            "a variant needs its own `id`",
            Some("add id = \"<city>/<scheme>\" so the variant is not taken for its parent".into()),
        );
        return Err(finish(report, origin));
    }
    if chain.contains(&parent_id) || variant.get("id").and_then(Value::as_str) == Some(parent_id.as_str()) {
        let mut cycle = chain.clone();
        cycle.push(parent_id);
        report.error(at, format!("`extends` makes a cycle: {}", cycle.join(" → ")), None);
        return Err(finish(report, origin));
    }
    if chain.len() >= MAX_EXTENDS_DEPTH {
        report.error(at, format!("`extends` chains deeper than {MAX_EXTENDS_DEPTH} rulesets"), None);
        return Err(finish(report, origin));
    }
    let Some(Extended { origin: parent_origin, text: parent_text }) = resolve(&parent_id) else {
        let hint = did_you_mean(&parent_id, crate::builtin::ids()).or_else(|| {
            Some("`extends` takes a built-in id, or (from a ruleset file) a regular .toml file in the variant's folder, named without an absolute path or `..`".into())
        });
        report.error(locate(source, &parent_id), format!("unknown ruleset `{parent_id}` in `extends`"), hint);
        return Err(finish(report, origin));
    };
    chain.push(parent_id.clone());
    within_size(&parent_text, &parent_origin)?;
    let parent = match extended_table(&parent_text, &parent_origin, resolve, chain)? {
        Some(parent) => parent,
        // The text is not echoed: `extends` may name a file that is not a ruleset at all.
        None => parent_text.parse::<Table>().map_err(|e| {
            let line = e.span().map_or(1, |span| line_of(&parent_text, span.start));
            let message = format!("the extended ruleset `{parent_id}` is not valid TOML (line {line})");
            RulesetError::general(&parent_origin, message, None)
        })?,
    };
    let merged = merge(parent, variant, &mut report);
    report.finish()?;
    Ok(Some(merged))
}

fn finish(report: Reporter, origin: &str) -> RulesetError {
    report.finish().err().unwrap_or_else(|| RulesetError::general(origin, String::new(), None))
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(1, |before| before.matches('\n').count().saturating_add(1))
}

/// Where `needle` first appears in the variant's text, to point a diagnostic at it.
fn locate(source: &str, needle: &str) -> Range<usize> {
    source.find(needle).map_or(0..0, |at| at..at.saturating_add(needle.len()))
}

const REMOVALS: [(&str, Level); 3] =
    [("remove_sections", Level::Section), ("remove_items", Level::Item), ("remove_rules", Level::Rule)];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Section,
    Item,
    Rule,
}

impl Level {
    fn name(self) -> &'static str {
        match self {
            Level::Section => "section",
            Level::Item => "item",
            Level::Rule => "rule",
        }
    }
}

/// Removal keys for declarations, and the table each removes from.
const DECLARATION_REMOVALS: [(&str, &str); 4] = [
    ("remove_inputs", "input"),
    ("remove_parameters", "parameter"),
    ("remove_metrics", "metric"),
    ("remove_flags", "flag"),
];

fn merge(mut base: Table, mut variant: Table, report: &mut Reporter) -> Table {
    for (key, table) in DECLARATION_REMOVALS {
        let Some(names) = variant.remove(key) else { continue };
        for name in ids_of(&names, key, report) {
            let removed = base.get_mut(table).and_then(Value::as_table_mut).and_then(|t| t.remove(&name));
            if removed.is_none() {
                report.error(
                    locate(report.source(), &name),
                    format!("`{key}` names `{name}`, which the extended ruleset does not declare"),
                    None,
                );
            }
        }
    }
    for (key, level) in REMOVALS {
        let Some(ids) = variant.remove(key) else { continue };
        for id in ids_of(&ids, key, report) {
            if !remove(&mut base, level, &id) {
                let message = format!(
                    "`{key}` names {} `{id}`, which the extended ruleset does not have",
                    level.name()
                );
                report.error(locate(report.source(), &id), message, None);
            }
        }
    }
    for (key, value) in variant {
        match (key.as_str(), value) {
            ("notes", Value::Array(notes)) => append(&mut base, "notes", notes),
            ("section", Value::Array(sections)) => append(&mut base, "section", sections),
            ("parameter" | "input" | "metric" | "flag", Value::Table(declarations)) => {
                let Value::Table(target) =
                    base.entry(key.clone()).or_insert_with(|| Value::Table(Table::new()))
                else {
                    report.error(
                        locate(report.source(), &key),
                        format!("`{key}` of the extended ruleset is not a table"),
                        None,
                    );
                    continue;
                };
                for (name, declaration) in declarations {
                    match (target.get_mut(&name), declaration) {
                        (Some(Value::Table(existing)), Value::Table(changes)) => existing.extend(changes),
                        (_, declaration) => {
                            target.insert(name, declaration);
                        }
                    }
                }
            }
            ("sections" | "items" | "rules", Value::Table(overrides)) => {
                let level = match key.as_str() {
                    "sections" => Level::Section,
                    "items" => Level::Item,
                    _ => Level::Rule,
                };
                for (id, changes) in overrides {
                    let Value::Table(changes) = changes else {
                        report.error(
                            locate(report.source(), &id),
                            format!("`{key}.{id}` must be a table of changes"),
                            None,
                        );
                        continue;
                    };
                    match find(&mut base, level, &id) {
                        Some(target) => target.extend(changes),
                        None => {
                            let message = format!("`[{key}.{id}]` overrides {} `{id}`, which the extended ruleset does not have", level.name());
                            let hint = did_you_mean(&id, ids_at(&base, level).iter().map(String::as_str));
                            report.error(locate(report.source(), &format!("{key}.{id}")), message, hint);
                        }
                    }
                }
            }
            ("add_items" | "add_rules", Value::Array(additions)) => {
                let (owner_key, owner_level, list) = if key == "add_items" {
                    ("section", Level::Section, "item")
                } else {
                    ("item", Level::Item, "rule")
                };
                for addition in additions {
                    let Value::Table(mut addition) = addition else { continue };
                    let owner = addition
                        .remove(owner_key)
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default();
                    match find(&mut base, owner_level, &owner) {
                        Some(target) => append(target, list, vec![Value::Table(addition)]),
                        None => {
                            let message = format!("`[[{key}]]` needs `{owner_key}` naming an existing {owner_key}; `{owner}` is not one");
                            let hint =
                                did_you_mean(&owner, ids_at(&base, owner_level).iter().map(String::as_str));
                            report.error(locate(report.source(), &format!("[[{key}]]")), message, hint);
                        }
                    }
                }
            }
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
    base
}

fn ids_of(value: &Value, key: &str, report: &mut Reporter) -> Vec<String> {
    match value.as_array() {
        Some(list) if list.iter().all(Value::is_str) => {
            list.iter().filter_map(Value::as_str).map(str::to_owned).collect()
        }
        _ => {
            report.error(locate(report.source(), key), format!("`{key}` is a list of ids"), None);
            Vec::new()
        }
    }
}

fn append(table: &mut Table, key: &str, values: Vec<Value>) {
    match table.get_mut(key) {
        Some(Value::Array(existing)) => existing.extend(values),
        _ => {
            table.insert(key.to_owned(), Value::Array(values));
        }
    }
}

fn children<'t>(table: &'t mut Table, key: &str) -> impl Iterator<Item = &'t mut Table> {
    table.get_mut(key).and_then(Value::as_array_mut).into_iter().flatten().filter_map(Value::as_table_mut)
}

fn has_id(table: &Table, id: &str) -> bool {
    table.get("id").and_then(Value::as_str) == Some(id)
}

/// The section, item or rule with this id.
fn find<'t>(base: &'t mut Table, level: Level, id: &str) -> Option<&'t mut Table> {
    let sections = children(base, "section");
    match level {
        Level::Section => sections.into_iter().find(|s| has_id(s, id)),
        Level::Item => sections.flat_map(|s| children(s, "item")).find(|i| has_id(i, id)),
        Level::Rule => sections
            .flat_map(|s| children(s, "item"))
            .flat_map(|i| children(i, "rule"))
            .find(|r| has_id(r, id)),
    }
}

/// The ids at one level, for "did you mean" hints.
fn ids_at(base: &Table, level: Level) -> Vec<String> {
    fn listed<'t>(table: &'t Table, key: &str) -> impl Iterator<Item = &'t Table> {
        table.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_table)
    }
    let sections = listed(base, "section");
    let tables: Vec<&Table> = match level {
        Level::Section => sections.collect(),
        Level::Item => sections.flat_map(|s| listed(s, "item")).collect(),
        Level::Rule => sections.flat_map(|s| listed(s, "item")).flat_map(|i| listed(i, "rule")).collect(),
    };
    tables.iter().filter_map(|t| t.get("id").and_then(Value::as_str)).map(str::to_owned).collect()
}

fn remove(base: &mut Table, level: Level, id: &str) -> bool {
    let retain = |list: &mut Vec<Value>| {
        let before = list.len();
        list.retain(|v| !v.as_table().is_some_and(|t| has_id(t, id)));
        before != list.len()
    };
    match level {
        Level::Section => base.get_mut("section").and_then(Value::as_array_mut).is_some_and(retain),
        Level::Item => children(base, "section")
            .any(|s| s.get_mut("item").and_then(Value::as_array_mut).is_some_and(retain)),
        Level::Rule => children(base, "section")
            .flat_map(|s| children(s, "item"))
            .any(|i| i.get_mut("rule").and_then(Value::as_array_mut).is_some_and(retain)),
    }
}
