//! wasm-bindgen-test cases: run in Node, and in headless Chromium with WASM_BINDGEN_USE_BROWSER=1
//! (scripts/test runs both).
#![cfg(target_arch = "wasm32")]

use kaohe_wasm::{rulesets, Ruleset};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

/// The card `score_json` writes, read back as JS.
fn card(json: Result<String, JsValue>) -> Result<JsValue, JsValue> {
    json.map(|text| js_sys::JSON::parse(&text).unwrap())
}

fn month(extra: &[(&str, JsValue)]) -> JsValue {
    let inputs = js_sys::Object::new();
    let clean: [(&str, JsValue); 13] = [
        ("grid_cells", 400.into()),
        ("inspectors", 30.into()),
        ("operators", 20.into()),
        ("inspector_online_rate", "80%".into()),
        ("reported_items", 1000.into()),
        ("valid_cases", 800.into()),
        ("daily_valid_collections", 400.into()),
        ("on_time_closure_rate", 0.9.into()),
        ("closure_rate", "98%".into()),
        ("rework_rate", "1%".into()),
        ("superior_satisfaction", "95%".into()),
        ("partner_satisfaction", "90%".into()),
        ("community_satisfaction", "90%".into()),
    ];
    for (name, value) in clean.iter().chain(extra) {
        js_sys::Reflect::set(&inputs, &(*name).into(), value).unwrap();
    }
    inputs.into()
}

#[wasm_bindgen_test]
fn scores_a_month_with_decimals_as_strings() {
    let ruleset = Ruleset::load("ningbo/district".into()).unwrap();
    // 100 - 2 late arrivals × 1 - 1 rude call × 2 = 96.
    let card =
        card(ruleset.score_json(month(&[("late_arrivals", 2.into()), ("rude_calls", "1".into())]), None))
            .unwrap();
    assert_eq!(get(&card, "total").as_string().as_deref(), Some("96"));
}

#[wasm_bindgen_test]
fn a_float_keeps_its_written_digits() {
    // The float 0.935 is read as exactly 93.5%: 95 - 93.5 = 1.5 points below the threshold,
    // 2 started steps × 1 = -2, so 100 - 2 = 98.
    let ruleset = Ruleset::load("ningbo/district".into()).unwrap();
    let card = card(ruleset.score_json(month(&[("closure_rate", 0.935.into())]), Some(false))).unwrap();
    assert_eq!(get(&card, "total").as_string().as_deref(), Some("98"));
}

#[wasm_bindgen_test]
fn errors_are_kaohe_errors() {
    let ruleset = Ruleset::load("ningbo/district".into()).unwrap();
    let error = card(ruleset.score_json(month(&[("late_arrivals", (-1).into())]), None)).unwrap_err();
    assert_eq!(get(&error, "name").as_string().as_deref(), Some("KaoheError"));
    assert_eq!(get(&error, "kind").as_string().as_deref(), Some("negative"));
    assert_eq!(get(&error, "loc").as_string().as_deref(), Some("late_arrivals"));
    let error = Ruleset::from_toml("format = 1".into(), None).err().unwrap();
    assert_eq!(get(&error, "kind").as_string().as_deref(), Some("ruleset"));
}

#[wasm_bindgen_test]
fn lists_the_built_in_rulesets() {
    let list = js_sys::Array::from(&rulesets().unwrap());
    assert!(list.length() >= 10);
}
