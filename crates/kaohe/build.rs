//! Embeds every ruleset under `rulesets/` so each binding can load one by id
//! (`rulesets/ningbo/district.toml` becomes `ningbo/district`). In the repository the crate's
//! `rulesets` is a link to the top-level folder; `cargo package` copies the files in, so the
//! published crate carries its rulesets. Finding none is a build error, never an empty catalogue.

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
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let id =
            file.strip_prefix(&root).unwrap_or(file).with_extension("").to_string_lossy().replace('\\', "/");
        let _ = writeln!(table, "    ({id:?}, include_str!({:?})),", file.display().to_string());
    }
    table.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("embedded_rulesets.rs");
    if let Err(error) = fs::write(&out, table) {
        println!("cargo:warning=cannot write {}: {error}", out.display());
    }
}
