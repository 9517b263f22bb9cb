//! Embeds every ruleset under `rulesets/` so each binding can load one by id
//! (`rulesets/ningbo/district.toml` becomes `ningbo/district`). In the repository the crate's
//! `rulesets` is a link to the top-level folder; `cargo package` copies the files in, so the
//! published crate carries its rulesets. Finding none is a build error, never an empty catalogue.
//! The catalogue (each id's titles and source document) is read here too, so listing the built-in
//! rulesets compiles none of them; a variant's source is its parent's unless it names its own.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn collect(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "toml") {
            found.push(path);
        }
    }
}

/// A ruleset's source document: its own `[source]`, or the one it extends (following the chain
/// among the built-in rulesets, at most as deep as there are rulesets).
fn source_document(heading: &toml::Table, all: &[(String, toml::Table)]) -> String {
    let mut current = heading;
    for _ in 0..=all.len() {
        if let Some(document) = current.get("source").and_then(|s| s.get("document")).and_then(|d| d.as_str())
        {
            return document.to_owned();
        }
        let parent = current.get("extends").and_then(toml::Value::as_str);
        match all.iter().find(|(id, _)| Some(id.as_str()) == parent) {
            Some((_, found)) => current = found,
            None => break,
        }
    }
    String::new()
}

fn main() {
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.join("rulesets");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    if files.is_empty() {
        eprintln!(
            "error: no rulesets (*.toml) under {}; the crate embeds them, so the build stops here",
            root.display()
        );
        std::process::exit(1);
    }
    let mut table = String::from("pub(crate) const EMBEDDED: &[(&str, &str)] = &[\n");
    let mut headings = Vec::new();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let id =
            file.strip_prefix(&root).unwrap_or(file).with_extension("").to_string_lossy().replace('\\', "/");
        let _ = writeln!(table, "    ({id:?}, include_str!({:?})),", file.display().to_string());
        let text = fs::read_to_string(file).unwrap_or_default();
        match text.parse::<toml::Table>() {
            Ok(parsed) => headings.push((id, parsed)),
            Err(error) => {
                eprintln!("error: {} is not TOML: {error}", file.display());
                std::process::exit(1);
            }
        }
    }
    table.push_str("];\n");
    table.push_str("pub(crate) const CATALOGUE: &[Entry] = &[\n");
    for (id, heading) in &headings {
        let text = |key: &str| heading.get(key).and_then(toml::Value::as_str).unwrap_or_default();
        let _ = writeln!(
            table,
            "    Entry {{ id: {id:?}, title: {:?}, title_en: {:?}, source: {:?} }},",
            text("title"),
            text("title_en"),
            source_document(heading, &headings)
        );
    }
    table.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("embedded_rulesets.rs");
    if let Err(error) = fs::write(&out, table) {
        println!("cargo:warning=cannot write {}: {error}", out.display());
    }
}
