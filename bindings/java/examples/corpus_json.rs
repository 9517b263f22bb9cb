//! Writes TOML test corpora as JSON for the Java tests, since Java has no TOML reader:
//! `corpus_json <out dir> <file.toml>...` writes each file as `<out dir>/<name>.json`.

use std::path::{Path, PathBuf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = PathBuf::from(args.next().ok_or("usage: corpus_json <out dir> <file.toml>...")?);
    std::fs::create_dir_all(&out)?;
    for file in args {
        let value: serde_json::Value = toml::from_str(&std::fs::read_to_string(&file)?)?;
        let name = Path::new(&file).file_stem().and_then(|s| s.to_str()).ok_or("a file name")?;
        std::fs::write(out.join(format!("{name}.json")), serde_json::to_string(&value)?)?;
    }
    Ok(())
}
