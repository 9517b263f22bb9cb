//! Decimal numbers as rulesets and inputs write them, and the rounding a ruleset names.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// Parses `"12"`, `"0.875"`, `" 87.5% "` (a percent sign divides by 100).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    let text = text.trim();
    match text.strip_suffix('%') {
        Some(percent) => Decimal::from_str(percent.trim()).ok()?.checked_div(Decimal::ONE_HUNDRED),
        None => Decimal::from_str(text).ok(),
    }
}

/// Converts a TOML or JSON float through its shortest round-trip text, so `0.1` becomes exactly
/// `0.1`: exact for every literal of up to 15 significant digits.
pub fn decimal_from_float(value: f64) -> Option<Decimal> {
    if value.is_finite() {
        Decimal::from_str(&value.to_string()).ok()
    } else {
        None
    }
}

/// A decimal in a ruleset: an integer, a float literal, or a string such as `"0.5"` or `"70%"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number(pub Decimal);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number such as 2, 0.5, \"0.5\" or \"70%\"")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number(Decimal::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Ok(Number(Decimal::from(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                decimal_from_float(v)
                    .map(Number)
                    .ok_or_else(|| E::custom(format!("{v} is not a finite decimal")))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
                parse_decimal(v).map(Number).ok_or_else(|| {
                    E::invalid_value(de::Unexpected::Str(v), &"a decimal such as \"0.5\" or \"70%\"")
                })
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}

/// How a score is rounded: named explicitly in every ruleset, never assumed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// Decimal places kept.
    pub places: u32,
    pub strategy: RoundingMode,
}

/// The rounding strategies a ruleset may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 四舍五入: halves away from zero.
    HalfUp,
    /// Banker's rounding: halves to the even neighbour.
    HalfEven,
    /// Halves towards zero.
    HalfDown,
    /// Truncation towards zero (去尾).
    Down,
    /// Away from zero (进一).
    Up,
    /// Towards negative infinity.
    Floor,
    /// Towards positive infinity.
    Ceiling,
}

/// Places kept before the named rounding. A division that does not terminate carries 28 digits
/// (99 / 216 × 15 = 6.8749999…95); settling to 20 places first makes it round as the exact
/// 6.875 would, and changes no value that has 20 places or fewer.
const SETTLE_PLACES: u32 = 20;

impl Rounding {
    pub fn apply(self, value: Decimal) -> Decimal {
        if value.scale() <= self.places {
            return value.normalize(); // already within the places: rounding changes nothing
        }
        let value = value.round_dp_with_strategy(SETTLE_PLACES, RoundingStrategy::MidpointNearestEven);
        let strategy = match self.strategy {
            RoundingMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::HalfDown => RoundingStrategy::MidpointTowardZero,
            RoundingMode::Down => RoundingStrategy::ToZero,
            RoundingMode::Up => RoundingStrategy::AwayFromZero,
            RoundingMode::Floor => RoundingStrategy::ToNegativeInfinity,
            RoundingMode::Ceiling => RoundingStrategy::ToPositiveInfinity,
        };
        value.round_dp_with_strategy(self.places, strategy).normalize()
    }
}

/// Shows a fraction as a percentage: `0.875` as `87.5%`.
pub fn percent(value: Decimal) -> String {
    match value.checked_mul(Decimal::ONE_HUNDRED) {
        Some(p) => format!("{}%", p.normalize()),
        None => value.normalize().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn percent_text_divides_by_one_hundred() {
        assert_eq!(parse_decimal("87.5%"), Some(d("0.875")));
        assert_eq!(parse_decimal(" 5 % "), Some(d("0.05")));
        assert_eq!(parse_decimal("12"), Some(d("12")));
        assert_eq!(parse_decimal("1,2"), None);
        assert_eq!(parse_decimal("%"), None);
    }

    #[test]
    fn floats_keep_their_written_digits() {
        assert_eq!(decimal_from_float(0.1), Some(d("0.1")));
        assert_eq!(decimal_from_float(0.875), Some(d("0.875")));
        assert_eq!(decimal_from_float(f64::NAN), None);
    }

    #[test]
    fn rounding_follows_the_named_strategy() {
        let at = |strategy| Rounding { places: 1, strategy }.apply(d("2.25"));
        assert_eq!(at(RoundingMode::HalfUp), d("2.3"));
        assert_eq!(at(RoundingMode::HalfEven), d("2.2"));
        assert_eq!(at(RoundingMode::Down), d("2.2"));
        assert_eq!(at(RoundingMode::Up), d("2.3"));
        let neg = Rounding { places: 0, strategy: RoundingMode::Floor }.apply(d("-0.5"));
        assert_eq!(neg, d("-1"));
    }

    #[test]
    fn a_non_terminating_division_rounds_as_its_exact_value() {
        // 99 / 216 × 15 is exactly 6.875, which rounds half-up to 6.88.
        let computed = d("99").checked_div(d("216")).unwrap() * d("15");
        assert_ne!(computed, d("6.875"));
        let half_up = Rounding { places: 2, strategy: RoundingMode::HalfUp };
        assert_eq!(half_up.apply(computed), d("6.88"));
    }

    #[test]
    fn percent_display() {
        assert_eq!(percent(d("0.875")), "87.5%");
        assert_eq!(percent(d("0.70")), "70%");
    }
}
