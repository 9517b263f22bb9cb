//! Variants: a ruleset that `extends` another is the parent with the variant's changes applied,
//! addressed by id, and is then validated like any ruleset.
//!
//! A variant may set any top-level key (title, full marks, rounding, source, grades...), append
//! `notes` and `[[section]]`s, merge into or add `[parameter.*]`, `[input.*]`, `[metric.*]`,
//! `[flag.*]`, `[case_list.*]`, `[case_count.*]` and `[indicator.*]` declarations (and `[cases]`
//! keys), override keys of existing sections, items and rules under
//! `[sections.<id>]`, `[items.<id>]` and `[rules.<id>]` (an item's `rule` list is replaced whole),
//! add items and rules with `[[add_items]]` (naming a `section`) and `[[add_rules]]` (naming an
//! `item`), and drop them with `remove_sections`, `remove_items` and `remove_rules` (and
//! declarations with `remove_inputs`, `remove_parameters`, `remove_metrics`, `remove_flags`).
//!
//! The variant and everything it extends are merged as parsed tables whose values keep their
//! places, then compiled once: a diagnostic points into the file its fault is in, naming the
//! extended ruleset when the fault is inherited.

use std::borrow::Cow;
use std::ops::Range;

use toml::de::{DeArray, DeTable, DeValue};
use toml::Spanned;

use crate::diagnostic::{did_you_mean, Code, Reporter, RulesetError, Segment};
use crate::embedded::{Extended, Resolver};
use crate::limits::MAX_RULESET_BYTES;

use crate::limits::MAX_EXTENDS_DEPTH;

/// A ruleset's text followed by the text of each ruleset it extends, in one string: every value
/// keeps its place, so a diagnostic points into the file its fault is in.
pub(crate) struct Sources {
    pub text: String,
    pub segments: Vec<Segment>,
}

impl Sources {
    /// One segment's text.
    fn text_of(&self, n: usize) -> &str {
        let start = self.segments.get(n).map_or(0, |s| s.start);
        // Segments are joined by a newline, which belongs to neither.
        let end =
            self.segments.get(n.saturating_add(1)).map_or(self.text.len(), |s| s.start.saturating_sub(1));
        self.text.get(start..end).unwrap_or_default()
    }
}

/// The ruleset and every ruleset it extends, in order, each checked: `extends` names a ruleset
/// `resolve` finds, the variant has its own id, the chain has no cycle and is not too deep.
pub(crate) fn gather(source: &str, origin: &str, resolve: Resolver) -> Result<Sources, RulesetError> {
    let mut sources =
        Sources { text: source.to_owned(), segments: vec![Segment { origin: origin.to_owned(), start: 0 }] };
    let mut chain: Vec<String> = Vec::new();
    let (mut text, mut at) = (source.to_owned(), origin.to_owned());
    loop {
        let table = match DeTable::parse(&text) {
            Ok(table) => table.into_inner(),
            // The ruleset's own text: the compiler reports it, with its place.
            Err(_) if chain.is_empty() => break,
            // An extended text is not echoed: `extends` may name a file that is not a ruleset.
            Err(e) => {
                let line = e.span().map_or(1, |span| line_of(&text, span.start));
                let parent = chain.last().map_or("", String::as_str);
                let message = format!("the extended ruleset `{parent}` is not valid TOML (line {line})");
                return Err(RulesetError::general(&at, Code::Extends, message, None));
            }
        };
        let Some(extends) = table.get("extends") else { break };
        let mut report = Reporter::new(&at, &text);
        let span = extends.span();
        let Some(parent_id) = extends.get_ref().as_str().map(str::to_owned) else {
            report.error_as(
                Code::Extends,
                span,
                "`extends` names a ruleset id, such as \"ningbo/district\"",
                None,
            );
            return Err(finish(report, &at));
        };
        let own_id = table.get("id").and_then(|id| id.get_ref().as_str());
        if own_id.is_none() {
            report.error_as(
                Code::Extends,
                span,
                "a variant needs its own `id`",
                Some("add id = \"<city>/<scheme>\" so the variant is not taken for its parent".into()),
            );
            return Err(finish(report, &at));
        }
        if chain.contains(&parent_id) || own_id == Some(parent_id.as_str()) {
            let mut cycle = chain.clone();
            cycle.push(parent_id);
            report.error_as(
                Code::Extends,
                span,
                format!("`extends` makes a cycle: {}", cycle.join(" → ")),
                None,
            );
            return Err(finish(report, &at));
        }
        if chain.len() >= MAX_EXTENDS_DEPTH {
            report.error_as(
                Code::Extends,
                span,
                format!("`extends` chains deeper than {MAX_EXTENDS_DEPTH} rulesets"),
                None,
            );
            return Err(finish(report, &at));
        }
        let Some(Extended { origin: parent_origin, text: parent_text }) = resolve(&parent_id) else {
            let hint = did_you_mean(&parent_id, crate::embedded::ids()).or_else(|| {
                Some("`extends` takes a built-in id, or (from a ruleset file) a regular .toml file in the variant's folder, named without an absolute path or `..`".into())
            });
            report.error_as(Code::Extends, span, format!("unknown ruleset `{parent_id}` in `extends`"), hint);
            return Err(finish(report, &at));
        };
        within_size(&parent_text, &parent_origin)?;
        chain.push(parent_id);
        sources.text.push('\n');
        sources.segments.push(Segment { origin: parent_origin.clone(), start: sources.text.len() });
        sources.text.push_str(&parent_text);
        (text, at) = (parent_text, parent_origin);
    }
    Ok(sources)
}

fn finish(report: Reporter, origin: &str) -> RulesetError {
    report.finish().err().unwrap_or_else(|| RulesetError::general(origin, Code::Invalid, String::new(), None))
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(1, |before| before.matches('\n').count().saturating_add(1))
}

/// Every segment parsed, with places in [`Sources::text`], and each variant applied to what it
/// extends: the ruleset as one table. `None` when a text does not parse, after reporting it.
pub(crate) fn merged<'s>(sources: &'s Sources, report: &mut Reporter) -> Option<Spanned<DeValue<'s>>> {
    let mut tables = Vec::with_capacity(sources.segments.len());
    for (n, segment) in sources.segments.iter().enumerate() {
        match DeTable::parse(sources.text_of(n)) {
            Ok(table) => tables.push(shifted_table(table.into_inner(), segment.start)),
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                let at = span.start.saturating_add(segment.start)..span.end.saturating_add(segment.start);
                report.error_as(Code::Syntax, at, error.message().trim_end().to_owned(), None);
                return None;
            }
        }
    }
    let mut merged = tables.pop()?;
    while let Some(mut variant) = tables.pop() {
        variant.remove("extends");
        merged = merge(merged, variant, report);
    }
    Some(Spanned::new(0..sources.text.len(), DeValue::Table(merged)))
}

/// A parsed segment's places moved by `by`, to where the segment sits in the sources.
fn shifted_table(table: DeTable<'_>, by: usize) -> DeTable<'_> {
    table
        .into_iter()
        .map(|(key, value)| (shifted(key, by, |k| k), shifted(value, by, |v| shifted_value(v, by))))
        .collect()
}

fn shifted_value(value: DeValue<'_>, by: usize) -> DeValue<'_> {
    match value {
        DeValue::Array(items) => {
            DeValue::Array(items.into_iter().map(|v| shifted(v, by, |v| shifted_value(v, by))).collect())
        }
        DeValue::Table(table) => DeValue::Table(shifted_table(table, by)),
        other => other,
    }
}

fn shifted<T>(spanned: Spanned<T>, by: usize, inner: impl FnOnce(T) -> T) -> Spanned<T> {
    let span = spanned.span();
    Spanned::new(span.start.saturating_add(by)..span.end.saturating_add(by), inner(spanned.into_inner()))
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

type Table<'s> = DeTable<'s>;
type Value<'s> = Spanned<DeValue<'s>>;

fn merge<'s>(mut base: Table<'s>, mut variant: Table<'s>, report: &mut Reporter) -> Table<'s> {
    for (key, table) in DECLARATION_REMOVALS {
        let Some(names) = variant.remove(key) else { continue };
        for (name, span) in ids_of(&names, key, report) {
            let removed = match base.get_mut(table).map(Spanned::get_mut) {
                Some(DeValue::Table(declared)) => declared.remove(name.as_str()),
                _ => None,
            };
            if removed.is_none() {
                report.error_as(
                    Code::Variant,
                    span,
                    format!("`{key}` names `{name}`, which the extended ruleset does not declare"),
                    None,
                );
            }
        }
    }
    for (key, level) in REMOVALS {
        let Some(ids) = variant.remove(key) else { continue };
        for (id, span) in ids_of(&ids, key, report) {
            if !remove(&mut base, level, &id) {
                let message = format!(
                    "`{key}` names {} `{id}`, which the extended ruleset does not have",
                    level.name()
                );
                report.error_as(Code::Variant, span, message, None);
            }
        }
    }
    for (key, value) in variant {
        let span = value.span();
        match (key.get_ref().as_ref(), value.into_inner()) {
            ("notes", DeValue::Array(notes)) => append(&mut base, &key, notes),
            ("section", DeValue::Array(sections)) => append(&mut base, &key, sections),
            (
                "parameter" | "input" | "metric" | "flag" | "case_list" | "case_count" | "indicator"
                | "cases",
                DeValue::Table(declarations),
            ) => {
                let target = base
                    .entry(key.clone())
                    .or_insert_with(|| Spanned::new(span.clone(), DeValue::Table(Table::new())));
                let DeValue::Table(target) = target.get_mut() else {
                    report.error_as(
                        Code::Variant,
                        span,
                        format!("`{}` of the extended ruleset is not a table", key.get_ref()),
                        None,
                    );
                    continue;
                };
                for (name, declaration) in declarations {
                    match (
                        target.get_mut(name.get_ref().as_ref()).map(Spanned::get_mut),
                        declaration.into_inner(),
                    ) {
                        (Some(DeValue::Table(existing)), DeValue::Table(changes)) => existing.extend(changes),
                        (_, declaration) => {
                            let at = name.span();
                            target.insert(name, Spanned::new(at, declaration));
                        }
                    }
                }
            }
            (kind @ ("sections" | "items" | "rules"), DeValue::Table(overrides)) => {
                let level = match kind {
                    "sections" => Level::Section,
                    "items" => Level::Item,
                    _ => Level::Rule,
                };
                for (id, changes) in overrides {
                    let at = id.span();
                    let DeValue::Table(changes) = changes.into_inner() else {
                        report.error_as(
                            Code::Variant,
                            at,
                            format!("`{kind}.{}` must be a table of changes", id.get_ref()),
                            None,
                        );
                        continue;
                    };
                    match find(&mut base, level, id.get_ref()) {
                        Some(target) => target.extend(changes),
                        None => {
                            let id = id.get_ref();
                            let message = format!(
                                "`[{kind}.{id}]` overrides {} `{id}`, which the extended ruleset does not have",
                                level.name()
                            );
                            let hint = did_you_mean(id, ids_at(&base, level).iter().map(String::as_str));
                            report.error_as(Code::Variant, at, message, hint);
                        }
                    }
                }
            }
            (kind @ ("add_items" | "add_rules"), DeValue::Array(additions)) => {
                let (owner_key, owner_level, list) = if kind == "add_items" {
                    ("section", Level::Section, "item")
                } else {
                    ("item", Level::Item, "rule")
                };
                for addition in additions {
                    let at = addition.span();
                    let DeValue::Table(mut addition) = addition.into_inner() else { continue };
                    let owner = addition
                        .remove(owner_key)
                        .and_then(|v| v.get_ref().as_str().map(str::to_owned))
                        .unwrap_or_default();
                    match find(&mut base, owner_level, &owner) {
                        Some(target) => {
                            let key = Spanned::new(at.clone(), Cow::Borrowed(list));
                            append(
                                target,
                                &key,
                                [Spanned::new(at, DeValue::Table(addition))].into_iter().collect(),
                            );
                        }
                        None => {
                            let message = format!(
                                "`[[{kind}]]` needs `{owner_key}` naming an existing {owner_key}; `{owner}` is not one"
                            );
                            let hint =
                                did_you_mean(&owner, ids_at(&base, owner_level).iter().map(String::as_str));
                            report.error_as(Code::Variant, at, message, hint);
                        }
                    }
                }
            }
            (_, value) => {
                base.insert(key, Spanned::new(span, value));
            }
        }
    }
    base
}

/// The ids a removal lists, each with its place.
fn ids_of(value: &Value, key: &str, report: &mut Reporter) -> Vec<(String, Range<usize>)> {
    match value.get_ref().as_array() {
        Some(list) if list.iter().all(|v| v.get_ref().is_str()) => {
            list.iter().filter_map(|v| v.get_ref().as_str().map(|id| (id.to_owned(), v.span()))).collect()
        }
        _ => {
            report.error_as(Code::Variant, value.span(), format!("`{key}` is a list of ids"), None);
            Vec::new()
        }
    }
}

fn append<'s>(table: &mut Table<'s>, key: &Spanned<Cow<'s, str>>, values: DeArray<'s>) {
    match table.get_mut(key.get_ref().as_ref()).map(Spanned::get_mut) {
        Some(DeValue::Array(existing)) => {
            for value in values {
                existing.push(value);
            }
        }
        _ => {
            let at = key.span();
            table.insert(key.clone(), Spanned::new(at, DeValue::Array(values)));
        }
    }
}

fn children<'t, 's>(table: &'t mut Table<'s>, key: &str) -> impl Iterator<Item = &'t mut Table<'s>> {
    let list = match table.get_mut(key).map(Spanned::get_mut) {
        Some(DeValue::Array(list)) => Some(list.iter_mut()),
        _ => None,
    };
    list.into_iter().flatten().filter_map(|v| match v.get_mut() {
        DeValue::Table(table) => Some(table),
        _ => None,
    })
}

fn has_id(table: &Table, id: &str) -> bool {
    table.get("id").and_then(|v| v.get_ref().as_str()) == Some(id)
}

/// The section, item or rule with this id.
fn find<'t, 's>(base: &'t mut Table<'s>, level: Level, id: &str) -> Option<&'t mut Table<'s>> {
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
    fn listed<'t, 's>(table: &'t Table<'s>, key: &str) -> impl Iterator<Item = &'t Table<'s>> {
        table
            .get(key)
            .and_then(|v| v.get_ref().as_array())
            .into_iter()
            .flatten()
            .filter_map(|v| v.get_ref().as_table())
    }
    let sections = listed(base, "section");
    let tables: Vec<&Table> = match level {
        Level::Section => sections.collect(),
        Level::Item => sections.flat_map(|s| listed(s, "item")).collect(),
        Level::Rule => sections.flat_map(|s| listed(s, "item")).flat_map(|i| listed(i, "rule")).collect(),
    };
    tables.iter().filter_map(|t| t.get("id").and_then(|v| v.get_ref().as_str())).map(str::to_owned).collect()
}

/// Drops the section, item or rule with this id; whether there was one.
fn remove(base: &mut Table, level: Level, id: &str) -> bool {
    let retain = |value: &mut Value| -> bool {
        let DeValue::Array(list) = value.get_mut() else { return false };
        let before = list.len();
        let kept: DeArray = std::mem::replace(list, DeArray::new())
            .into_iter()
            .filter(|v| !v.get_ref().as_table().is_some_and(|t| has_id(t, id)))
            .collect();
        *list = kept;
        before != list.len()
    };
    match level {
        Level::Section => base.get_mut("section").is_some_and(retain),
        Level::Item => children(base, "section").any(|s| s.get_mut("item").is_some_and(retain)),
        Level::Rule => children(base, "section")
            .flat_map(|s| children(s, "item"))
            .any(|i| i.get_mut("rule").is_some_and(retain)),
    }
}

/// Refuses a ruleset text over the size limit before it is parsed.
pub(crate) fn within_size(source: &str, origin: &str) -> Result<(), RulesetError> {
    if source.len() <= MAX_RULESET_BYTES {
        return Ok(());
    }
    let message = format!("the ruleset is {} bytes; the limit is {MAX_RULESET_BYTES}", source.len());
    Err(RulesetError::general(
        origin,
        Code::TooLarge,
        message,
        Some("split it, or extend a smaller one".into()),
    ))
}
