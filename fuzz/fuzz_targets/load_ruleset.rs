//! Any bytes as a ruleset: a load error or a ruleset, never a panic or a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = kaohe::Ruleset::from_toml(text, "fuzz.toml");
    }
});
