//! Input values as callers give them (JSON, TOML, a DataFrame cell, a form field) and the row
//! format's conventions, before any ruleset checks them. A leaf: checking lives in `inputs`.

use std::fmt;

use foldhash::fast::RandomState;
use indexmap::map::Entry;
use indexmap::IndexMap;
use rust_decimal::Decimal;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::number::decimal_from_float;

/// The columns of a row that are not inputs: which unit, which month (or period), and the unit's
/// target kind. Every row format (CSV, JSON lines, DataFrames) reserves them.
pub const RESERVED_COLUMNS: [&str; 3] = ["unit", "month", "kind"];

/// What separates the amounts of an occurrences input written in one cell (`2;3.5`).
pub const OCCURRENCE_SEPARATOR: char = ';';

/// The amounts of an occurrences input written in one cell, trimmed, empty parts left out.
pub fn occurrence_cell(cell: &str) -> impl Iterator<Item = &str> {
    cell.split(OCCURRENCE_SEPARATOR).map(str::trim).filter(|part| !part.is_empty())
}

/// One value as given: from JSON, TOML, a DataFrame cell or a form field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputValue {
    Bool(bool),
    Number(Decimal),
    /// Text such as `"12"`, `"0.875"` or `"87.5%"`.
    Text(String),
    List(Vec<InputValue>),
}

impl From<bool> for InputValue {
    fn from(value: bool) -> Self {
        InputValue::Bool(value)
    }
}

impl From<Decimal> for InputValue {
    fn from(value: Decimal) -> Self {
        InputValue::Number(value)
    }
}

impl From<i64> for InputValue {
    fn from(value: i64) -> Self {
        InputValue::Number(Decimal::from(value))
    }
}

impl InputValue {
    /// A float read through its shortest round-trip text, so `0.1` is exactly `0.1`. NaN and the
    /// infinities stay text, which no input accepts, so they are reported as wrong types.
    pub fn from_f64(value: f64) -> InputValue {
        match decimal_from_float(value) {
            Some(number) => InputValue::Number(number),
            None => InputValue::Text(value.to_string()),
        }
    }
}

impl From<&str> for InputValue {
    fn from(value: &str) -> Self {
        InputValue::Text(value.to_owned())
    }
}

impl Serialize for InputValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            InputValue::Bool(b) => serializer.serialize_bool(*b),
            InputValue::Number(n) => serializer.serialize_str(&n.normalize().to_string()),
            InputValue::Text(t) => serializer.serialize_str(t),
            InputValue::List(list) => list.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for InputValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor { in_list: false })
    }
}

/// Reads one value; inside a list only scalars are accepted, so a hostile nesting of lists is
/// refused at its second level instead of being followed down the stack.
#[derive(Clone, Copy)]
struct ValueVisitor {
    in_list: bool,
}

impl<'de> de::DeserializeSeed<'de> for ValueVisitor {
    type Value = InputValue;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<InputValue, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = InputValue;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(if self.in_list {
            "a number, a string or true/false (a list holds no lists)"
        } else {
            "a number, a string, true/false or a list"
        })
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<InputValue, E> {
        Ok(InputValue::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<InputValue, E> {
        Ok(InputValue::Number(Decimal::from(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<InputValue, E> {
        Ok(InputValue::Number(Decimal::from(v)))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<InputValue, E> {
        decimal_from_float(v)
            .map(InputValue::Number)
            .ok_or_else(|| E::custom(format!("{v} is not a finite number")))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<InputValue, E> {
        Ok(InputValue::Text(v.to_owned()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<InputValue, A::Error> {
        if self.in_list {
            return Err(de::Error::invalid_type(de::Unexpected::Seq, &self));
        }
        let mut list = Vec::new();
        while let Some(value) = seq.next_element_seed(ValueVisitor { in_list: true })? {
            list.push(value);
        }
        Ok(InputValue::List(list))
    }
}

/// Named input values for one unit and period. The names are hashed with foldhash, seeded per
/// map: a scoring call builds one of these, and the standard library's SipHash was a visible part
/// of a call from JavaScript.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Inputs(IndexMap<String, InputValue, RandomState>);

impl Inputs {
    pub fn new() -> Self {
        Inputs::default()
    }

    /// Room for `names` inputs: a map that grows name by name hashes its names again at each step,
    /// a visible part of a call that converts a dict or an object.
    pub fn with_capacity(names: usize) -> Self {
        Inputs(IndexMap::with_capacity_and_hasher(names, RandomState::default()))
    }

    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<InputValue>) -> &mut Self {
        self.0.insert(name.into(), value.into());
        self
    }

    pub fn get(&self, name: &str) -> Option<&InputValue> {
        self.0.get(name)
    }

    /// Takes a value out, keeping the others in order.
    pub fn remove(&mut self, name: &str) -> Option<InputValue> {
        self.0.shift_remove(name)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &InputValue)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl<K: Into<String>, V: Into<InputValue>> FromIterator<(K, V)> for Inputs {
    fn from_iter<T: IntoIterator<Item = (K, V)>>(iter: T) -> Self {
        Inputs(iter.into_iter().map(|(k, v)| (k.into(), v.into())).collect())
    }
}

impl<'de> Deserialize<'de> for Inputs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MapVisitor;
        impl<'de> Visitor<'de> for MapVisitor {
            type Value = Inputs;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of input names and values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Inputs, A::Error> {
                // JSON gives no size: room for a month's inputs of a usual scheme.
                let mut inputs = IndexMap::with_capacity_and_hasher(
                    map.size_hint().unwrap_or(16).min(256),
                    RandomState::default(),
                );
                while let Some((name, value)) = map.next_entry::<String, InputValue>()? {
                    match inputs.entry(name) {
                        Entry::Occupied(given) => {
                            return Err(de::Error::custom(format!("input `{}` is given twice", given.key())))
                        }
                        Entry::Vacant(slot) => {
                            slot.insert(value);
                        }
                    }
                }
                Ok(Inputs(inputs))
            }
        }
        deserializer.deserialize_map(MapVisitor)
    }
}

/// In the JSON contract a value is a number, a decimal or percentage string, true/false, or a list
/// of scalars (an occurrences input).
impl schemars::JsonSchema for InputValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "InputValue".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A number, a decimal or percentage written as a string (\"87.5%\"), true or false, or a list of amounts",
            "anyOf": [
                { "type": ["number", "string", "boolean"] },
                { "type": "array", "items": { "type": ["number", "string", "boolean"] } }
            ]
        })
    }
}

/// Named values for one unit and period: an object of input names and values.
impl schemars::JsonSchema for Inputs {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Inputs".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<InputValue>()
        })
    }
}
