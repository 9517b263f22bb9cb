//! The core's files depend on each other one way: no file reaches, through the `crate::` and
//! `super::` paths it uses, a file that reaches it back. Read from the source, so a new import that
//! closes a loop fails here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// A file's module path: `rules/ladder.rs` is `rules::ladder`, `rules/mod.rs` is `rules`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without comments and without its unit tests.
fn code(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default().to_owned();
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The longest known module a path starts with (`rules::outcome::Arithmetic` is `rules::outcome`).
fn resolve(path: &[&str], modules: &BTreeSet<String>) -> Option<String> {
    (1..=path.len()).rev().map(|n| path[..n].join("::")).find(|m| modules.contains(m))
}

#[test]
fn the_cores_files_import_each_other_one_way() {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    files(&src, &mut found);
    let modules: BTreeSet<String> = found.iter().map(|f| module_of(&src, f)).collect();
    // Names the crate root re-exports, and the module each comes from.
    let lib = code(&src.join("lib.rs"));
    let mut reexported: BTreeMap<String, String> = BTreeMap::new();
    for item in lib.split("pub use ").skip(1) {
        let item = item.split(';').next().unwrap_or_default();
        let (path, names) = match item.split_once("::{") {
            Some((path, names)) => (path.to_owned(), names.trim_end_matches('}').to_owned()),
            None => item.rsplit_once("::").map(|(p, n)| (p.to_owned(), n.to_owned())).unwrap_or_default(),
        };
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            reexported.insert(name.to_owned(), path.clone());
        }
    }
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &found {
        let this = module_of(&src, file);
        if this == "lib" {
            continue;
        }
        let text = code(file);
        let mut uses = BTreeSet::new();
        for (prefix, base) in [
            ("crate::", String::new()),
            ("super::", this.rsplit_once("::").map(|(p, _)| p.to_owned()).unwrap_or_default()),
        ] {
            for piece in text.split(prefix).skip(1) {
                let path: Vec<&str> = piece
                    .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                    .next()
                    .unwrap_or_default()
                    .split("::")
                    .filter(|p| !p.is_empty())
                    .collect();
                let Some(first) = path.first() else { continue };
                let target = if prefix == "crate::" && first.starts_with(char::is_uppercase) {
                    reexported.get(*first).and_then(|p| resolve(&p.split("::").collect::<Vec<_>>(), &modules))
                } else {
                    let full: Vec<&str> =
                        base.split("::").filter(|p| !p.is_empty()).chain(path.iter().copied()).collect();
                    resolve(&full, &modules)
                };
                if let Some(target) = target.filter(|t| *t != this && !this.starts_with(&format!("{t}::"))) {
                    uses.insert(target);
                }
            }
        }
        graph.insert(this, uses);
    }
    assert!(graph.len() > 30, "{} files read", graph.len());
    // A depth-first walk: reaching a file still on the path is a cycle.
    fn walk(
        at: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(at) {
            return;
        }
        if let Some(start) = path.iter().position(|p| p == at) {
            panic!("an import cycle: {} → {at}", path[start..].join(" → "));
        }
        path.push(at.to_owned());
        for next in graph.get(at).into_iter().flatten() {
            walk(next, graph, path, done);
        }
        path.pop();
        done.insert(at.to_owned());
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        walk(module, &graph, &mut Vec::new(), &mut done);
    }
}
