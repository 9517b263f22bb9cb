//! Decimal numbers as rulesets and inputs write them, and the rounding a ruleset names.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// Parses `"12"`, `"0.875"`, `" 87.5% "` (a percent sign divides by 100).
pub fn parse_decimal(text: &str) -> Option<Decimal> {
    parse_plain(text).or_else(|| parse_any(text))
}

/// Plain text, which is nearly all text given (an optional sign, up to 18 digits with one point
/// between digits, an optional percent sign, nothing around them), read straight into a
/// mantissa: as `parse_any` reads it, without its trimming and general parser.
pub(crate) fn parse_plain(text: &str) -> Option<Decimal> {
    let (text, percent) = match text.strip_suffix('%') {
        Some(number) => (number, 2),
        None => (text, 0),
    };
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    if digits.first().is_none_or(|b| !b.is_ascii_digit()) {
        return None;
    }
    let mut mantissa: i64 = 0;
    let mut count = 0u32;
    let mut places = None;
    for (n, byte) in digits.iter().enumerate() {
        match byte {
            // 18 digits always fit an i64.
            b'0'..=b'9' if count < 18 => {
                mantissa = mantissa.checked_mul(10)?.checked_add(i64::from(byte.wrapping_sub(b'0')))?;
                count = count.saturating_add(1);
            }
            b'.' if places.is_none() && n.saturating_add(1) < digits.len() => {
                places = Some(digits.len().saturating_sub(n).saturating_sub(1))
            }
            _ => return None,
        }
    }
    let mut number =
        Decimal::try_new(mantissa, u32::try_from(places.unwrap_or(0)).ok()?.checked_add(percent)?).ok()?;
    number.set_sign_negative(negative && mantissa != 0); // as rust_decimal reads "-0": a plain zero
    Some(number)
}

/// The most decimal places a value may have: beyond them a decimal would be rounded.
pub const MAX_PLACES: usize = 28;

/// Whether a number's text has more decimal places than kaohe can hold exactly (a percent sign
/// adds two), so that it is refused rather than rounded.
pub fn beyond_precision(text: &str) -> bool {
    let text = text.trim();
    let (number, percent) = match text.strip_suffix('%') {
        Some(number) => (number.trim_end(), 2),
        None => (text, 0),
    };
    number.split_once('.').is_some_and(|(_, fraction)| fraction.len().saturating_add(percent) > MAX_PLACES)
}

/// Any text rust_decimal reads, trimmed, with an optional percent sign; exponent forms (`4e2`)
/// are refused, as no office writes them and they hide the digits.
pub(crate) fn parse_any(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if text.contains(['e', 'E']) {
        return None;
    }
    match text.strip_suffix('%') {
        Some(percent) => {
            let parsed = Decimal::from_str(percent.trim()).ok()?;
            // Two more decimal places divide by 100 exactly, without a division; past 28 places
            // only a division fits.
            let mut shifted = parsed;
            match shifted.set_scale(parsed.scale().saturating_add(2)) {
                Ok(()) => Some(shifted),
                Err(_) => parsed.checked_div(Decimal::ONE_HUNDRED),
            }
        }
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// Decimal places kept.
    pub places: u32,
    pub strategy: RoundingMode,
    /// What is rounded: the total alone, or each item and then the total.
    pub scope: RoundingScope,
}

/// Where a ruleset's rounding applies, as its source gives the formula.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoundingScope {
    /// Items keep their exact values; the total (and a period's total) is rounded once.
    Total,
    /// Each item score is rounded, then the total.
    ItemsAndTotal,
}

/// The rounding strategies a ruleset may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema)]
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

/// Places an unrounded item keeps. A division that does not terminate carries 28 digits
/// (99 / 216 × 15 = 6.8749999…95); settled to 20 places it reads as the exact 6.875, and a value
/// with 20 places or fewer is unchanged.
const SETTLE_PLACES: u32 = 20;

/// Places a value keeps just before the named rounding: fewer than an item keeps, so that the
/// sum of many settled items (each within 0.5e-20 of its exact value) settles to the exact sum
/// and rounds as it would.
const TOTAL_SETTLE_PLACES: u32 = 18;

impl Rounding {
    /// An item score as the scope keeps it: rounded, or exact (settled to 20 places).
    pub fn item(self, value: Decimal) -> Decimal {
        match self.scope {
            RoundingScope::ItemsAndTotal => self.apply(value),
            RoundingScope::Total => settle(value, SETTLE_PLACES),
        }
    }

    /// A total, rounded to the places by the strategy.
    pub fn apply(self, value: Decimal) -> Decimal {
        if value.scale() <= self.places {
            return value.normalize(); // already within the places: rounding changes nothing
        }
        let value = settle(value, TOTAL_SETTLE_PLACES);
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

/// Appends `value` as `value.normalize().to_string()` writes it (no trailing zeros, no sign on
/// zero) without rust_decimal's general 96-bit routines: the numbers-first calls write every item
/// this way, and a card's metrics and trace hold quotients of 28 digits.
pub fn push_normalized(out: &mut String, value: Decimal) {
    let mut text = [0u8; NORMALIZED_LONGEST];
    out.extend(normalized_ascii(value, &mut text).iter().map(|&byte| char::from(byte)));
}

/// `value` displayed as `value.normalize()` displays it, through [`push_normalized`]'s digits:
/// how messages show their numbers, many to a card.
pub(crate) struct Normalized(pub Decimal);

impl fmt::Display for Normalized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut text = [0u8; NORMALIZED_LONGEST];
        match std::str::from_utf8(normalized_ascii(self.0, &mut text)) {
            Ok(shown) => f.pad(shown),
            Err(_) => self.0.normalize().fmt(f),
        }
    }
}

/// A sign, "0.", 27 zeros and 29 digits: the longest [`normalized_ascii`] writes (a scale is at
/// most 28, a 96-bit mantissa has at most 29 digits).
const NORMALIZED_LONGEST: usize = 60;

/// 10^19: a mantissa is split into two u64 halves at this power, so that writing its digits needs
/// one 128-bit division rather than one per digit.
const TEN_TO_19: u128 = 10_000_000_000_000_000_000;

/// Takes the last digit off the number `high` * 10^19 + `low` (`low` below 10^19).
fn last_digit(high: &mut u64, low: &mut u64) -> u8 {
    let digit = *low % 10;
    *low /= 10;
    if *high != 0 {
        // At most 10^18 - 1 + 9 * 10^18: no saturation happens.
        *low = low.saturating_add((*high % 10).saturating_mul(1_000_000_000_000_000_000));
        *high /= 10;
    }
    u8::try_from(digit).unwrap_or(0)
}

/// Writes `value` normalised into the end of `text` and returns what it wrote.
fn normalized_ascii(value: Decimal, text: &mut [u8; NORMALIZED_LONGEST]) -> &[u8] {
    // The mantissa as high * 10^19 + low (a 96-bit mantissa leaves high below 10^10).
    let mantissa = value.mantissa().unsigned_abs();
    let (mut high, mut low) = match u64::try_from(mantissa) {
        Ok(small) if small < 10_000_000_000_000_000_000 => (0, small),
        _ => (
            u64::try_from(mantissa / TEN_TO_19).unwrap_or(u64::MAX),
            u64::try_from(mantissa % TEN_TO_19).unwrap_or(0),
        ),
    };
    let mut places = value.scale();
    while places > 0 && low % 10 == 0 {
        last_digit(&mut high, &mut low);
        places = places.saturating_sub(1);
    }
    let mut start = text.len();
    let mut put = |byte: u8| {
        start = start.saturating_sub(1);
        if let Some(slot) = text.get_mut(start) {
            *slot = byte;
        }
    };
    // The digits from the last, the point after `places` of them, a 0 before a point at the front.
    let mut written = 0u32;
    loop {
        put(b'0'.saturating_add(last_digit(&mut high, &mut low)));
        written = written.saturating_add(1);
        if written == places {
            put(b'.');
        }
        if (high, low) == (0, 0) && written > places {
            break;
        }
    }
    if value.is_sign_negative() && !value.is_zero() {
        put(b'-');
    }
    text.get(start..).unwrap_or_default()
}

/// The ratio of two counts, settled to 20 places (13599 / 14173 is exact to 0.5e-20); `None` when
/// the denominator is 0.
#[cfg(feature = "cases")]
pub(crate) fn ratio(numerator: u64, denominator: u64) -> Option<Decimal> {
    Decimal::from(numerator).checked_div(Decimal::from(denominator)).map(|q| settle(q, SETTLE_PLACES))
}

/// A value with at most `places` places, halves to even; a shorter one is unchanged.
fn settle(value: Decimal, places: u32) -> Decimal {
    if value.scale() <= places {
        value
    } else {
        value.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven)
    }
}

/// Orders two decimals exactly, as `Decimal::cmp` does, in plain 128-bit integer arithmetic:
/// the mantissa with more decimal places is split at the other's scale, its whole part compared
/// first and its remainder breaking a tie. Rates, thresholds and quotients differ in scale all
/// the time, and this is several times cheaper than the general comparison.
#[inline(always)]
pub(crate) fn compare(a: Decimal, b: Decimal) -> Ordering {
    // Mantissas carry the sign (a negative zero has mantissa 0), so signs need no case of their own.
    let (scale_a, scale_b) = (a.scale(), b.scale());
    match scale_a.cmp(&scale_b) {
        Ordering::Equal => a.mantissa().cmp(&b.mantissa()),
        Ordering::Greater => compare_scaled(a.mantissa(), scale_a.abs_diff(scale_b), b.mantissa()),
        Ordering::Less => compare_scaled(b.mantissa(), scale_b.abs_diff(scale_a), a.mantissa()).reverse(),
    }
}

/// Orders `mantissa / 10^places` against the integer `other`. Mantissas are below 2^96 and
/// `places` at most 28, so every step fits an i128.
#[allow(clippy::arithmetic_side_effects)] // factor is a power of ten >= 1 and |mantissa| < 2^96
fn compare_scaled(mantissa: i128, places: u32, other: i128) -> Ordering {
    let factor = POWERS_OF_TEN.get(places as usize).copied().unwrap_or(i128::MAX);
    // Usually `other` is a short threshold or bound: below 2^32, times a factor below 2^94, it
    // scales up within an i128 without an overflow check.
    if other.unsigned_abs() < 1 << 32 {
        return mantissa.cmp(&other.wrapping_mul(factor)); // cannot wrap: |product| < 2^126
    }
    let (whole, rest) = (mantissa / factor, mantissa % factor);
    // |rest| < factor, so the value lies strictly between whole - 1 and whole + 1.
    match whole.cmp(&other) {
        Ordering::Equal => rest.cmp(&0),
        unequal => unequal,
    }
}

/// Whether `value` is above 1, as `compare(value, Decimal::ONE).is_gt()` says, in one integer
/// comparison: the mantissa against 10^scale. Every rate given is checked this way.
#[inline]
pub(crate) fn above_one(value: Decimal) -> bool {
    let one = POWERS_OF_TEN.get(value.scale() as usize).copied().unwrap_or(i128::MAX);
    value.mantissa() > one
}

/// An exact running sum in 128-bit integers, at the largest scale added so far. Summing item
/// scores one `Decimal` addition at a time goes through rust_decimal's general routine each time;
/// a sum kept as an integer becomes a `Decimal` once, when it is read.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Sum {
    mantissa: i128,
    scale: u32,
}

impl Sum {
    /// Adds `value`; None once the sum leaves an i128, far past any decimal.
    #[inline]
    pub(crate) fn add(&mut self, value: Decimal) -> Option<()> {
        let (mantissa, scale) = (value.mantissa(), value.scale());
        if scale == self.scale {
            self.mantissa = self.mantissa.checked_add(mantissa)?;
        } else if scale < self.scale {
            let widened = mantissa.checked_mul(*POWERS_OF_TEN.get(self.scale.abs_diff(scale) as usize)?)?;
            self.mantissa = self.mantissa.checked_add(widened)?;
        } else {
            let widened =
                self.mantissa.checked_mul(*POWERS_OF_TEN.get(scale.abs_diff(self.scale) as usize)?)?;
            self.mantissa = widened.checked_add(mantissa)?;
            self.scale = scale;
        }
        Some(())
    }

    /// The sum as a decimal; None when it needs more than a decimal's 96 bits.
    pub(crate) fn value(self) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(self.mantissa, self.scale).ok()
    }
}

/// 10^0 to 10^28, the scales a decimal can have.
#[allow(clippy::indexing_slicing)] // evaluated at compile time: an index out of range fails the build
const POWERS_OF_TEN: [i128; 29] = {
    let mut powers = [1i128; 29];
    let mut n = 1;
    while n < 29 {
        powers[n] = powers[n - 1] * 10;
        n += 1;
    }
    powers
};

/// Shows a fraction as a percentage: `0.875` as `87.5%`.
pub struct Percent(pub Decimal);

/// `value` × 100, exactly; `None` past the largest decimal. A value with two places or more only
/// moves its point (messages show many rates, and a general multiplication costs far more).
pub(crate) fn hundredfold(value: Decimal) -> Option<Decimal> {
    let scale = value.scale();
    if scale >= 2 {
        let mut moved = value;
        if moved.set_scale(scale.saturating_sub(2)).is_ok() {
            return Some(moved);
        }
    }
    value.checked_mul(Decimal::ONE_HUNDRED)
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match hundredfold(self.0) {
            // Written piece by piece: a nested `write!` costs more than the digits.
            Some(p) => Normalized(p).fmt(f).and_then(|()| f.write_str("%")),
            None => Normalized(self.0).fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    #[test]
    fn normalized_text_drops_only_the_fractions_trailing_zeros() {
        let shown = |mantissa: i128, scale: u32| {
            let mut out = String::new();
            push_normalized(&mut out, Decimal::from_i128_with_scale(mantissa, scale));
            out
        };
        // 0.000, -0.000 and 0 are all 0; 120 and 120.0 keep the integer's zero; -0.050 is -0.05.
        assert_eq!([shown(0, 3), shown(0, 0), shown(-0, 2)], ["0", "0", "0"]);
        assert_eq!([shown(120, 0), shown(1200, 1), shown(-50, 3)], ["120", "120", "-0.05"]);
        // One in the 28th place: 27 zeros after the point.
        assert_eq!(shown(1, 28), format!("0.{}1", "0".repeat(27)));
        let mut negative_zero = Decimal::from_i128_with_scale(0, 2);
        negative_zero.set_sign_negative(true);
        assert_eq!(Normalized(negative_zero).to_string(), "0");
    }

    #[test]
    fn percent_text_divides_by_one_hundred() {
        assert_eq!(parse_decimal("87.5%"), Some(d("0.875")));
        assert_eq!(parse_decimal(" 5 % "), Some(d("0.05")));
        assert_eq!(parse_decimal("12"), Some(d("12")));
        assert_eq!(parse_decimal("1,2"), None);
        assert_eq!(parse_decimal("%"), None);
        // 27 places plus the two a percent adds exceed the 28 a decimal holds: divided instead,
        // 0.123456789012345678901234567 / 100 rounded to 28 places.
        assert_eq!(
            parse_decimal("0.123456789012345678901234567%"),
            Some(d("0.0012345678901234567890123457"))
        );
    }

    #[test]
    fn floats_keep_their_written_digits() {
        assert_eq!(decimal_from_float(0.1), Some(d("0.1")));
        assert_eq!(decimal_from_float(0.875), Some(d("0.875")));
        assert_eq!(decimal_from_float(f64::NAN), None);
    }

    #[test]
    fn rounding_follows_the_named_strategy() {
        let at =
            |strategy| Rounding { places: 1, strategy, scope: RoundingScope::ItemsAndTotal }.apply(d("2.25"));
        assert_eq!(at(RoundingMode::HalfUp), d("2.3"));
        assert_eq!(at(RoundingMode::HalfEven), d("2.2"));
        assert_eq!(at(RoundingMode::Down), d("2.2"));
        assert_eq!(at(RoundingMode::Up), d("2.3"));
        let neg = Rounding { places: 0, strategy: RoundingMode::Floor, scope: RoundingScope::Total }
            .apply(d("-0.5"));
        assert_eq!(neg, d("-1"));
    }

    #[test]
    fn a_non_terminating_division_rounds_as_its_exact_value() {
        // 99 / 216 × 15 is exactly 6.875, which rounds half-up to 6.88.
        let computed = d("99").checked_div(d("216")).unwrap() * d("15");
        assert_ne!(computed, d("6.875"));
        let half_up = Rounding { places: 2, strategy: RoundingMode::HalfUp, scope: RoundingScope::Total };
        assert_eq!(half_up.apply(computed), d("6.88"));
    }

    #[test]
    fn percent_display() {
        assert_eq!(Percent(d("0.875")).to_string(), "87.5%");
        assert_eq!(Percent(d("0.70")).to_string(), "70%");
    }
}

#[cfg(test)]
mod compare_tests {
    use super::*;
    use proptest::prelude::*;

    fn decimal(mantissa: i64, scale: u32) -> Decimal {
        Decimal::new(mantissa, scale)
    }

    /// The same value at the same scale and sign: `Decimal`'s `==` ignores both for zeros.
    fn identical(x: Option<Decimal>, y: Option<Decimal>) -> bool {
        x.map(|d| d.serialize()) == y.map(|d| d.serialize())
    }

    #[test]
    fn a_sum_past_96_bits_is_refused() {
        let mut sum = Sum::default();
        assert!(sum.add(Decimal::MAX).is_some() && sum.add(Decimal::MAX).is_some());
        assert_eq!(sum.value(), None);
        assert_eq!(Decimal::MAX.checked_add(Decimal::MAX), None);
    }

    proptest! {
        /// Plain text reads as the general parser reads it, scale and sign of zero included, and
        /// only text outside the plain form is left to it.
        #[test]
        fn plain_text_reads_as_any_text(text in "[+-]?[0-9]{0,20}(\\.[0-9]{0,20})?%?") {
            let plain = parse_plain(&text);
            prop_assert!(plain.is_none() || identical(plain, parse_any(&text)), "{:?}", text);
            let digits = text.bytes().filter(u8::is_ascii_digit).count();
            let well_formed = !text.contains('.') || text.split('.').all(|side| side.bytes().any(|b| b.is_ascii_digit()));
            let starts_with_digit = text.trim_start_matches(['+', '-']).starts_with(|c: char| c.is_ascii_digit());
            prop_assert_eq!(plain.is_some(), digits <= 18 && starts_with_digit && well_formed, "{:?}", text);
        }

        /// A sum is the value rust_decimal's additions reach, whatever the scales and signs. (Up to
        /// 8 places, so every partial sum fits 96 bits and rust_decimal is exact too.)
        #[test]
        fn sum_agrees_with_decimal_addition(terms in proptest::collection::vec((any::<i32>(), 0u32..=8), 0..12)) {
            let mut sum = Sum::default();
            let mut expected = Decimal::ZERO;
            for (mantissa, scale) in terms {
                let term = decimal(mantissa.into(), scale);
                prop_assert!(sum.add(term).is_some());
                expected += term;
            }
            prop_assert_eq!(sum.value(), Some(expected));
        }

        /// The rate check's shortcut agrees with the general comparison with 1.
        #[test]
        fn above_one_agrees_with_compare(m in any::<i64>(), wide in any::<i128>(), scale in 0u32..=28) {
            for mantissa in [i128::from(m), wide % (1i128 << 96), 10i128.pow(scale), 10i128.pow(scale) + 1] {
                let value = Decimal::from_i128_with_scale(mantissa, scale);
                prop_assert_eq!(above_one(value), compare(value, Decimal::ONE).is_gt());
            }
        }

        /// Moving the point gives what multiplying gives, and past the largest decimal neither
        /// gives a value.
        #[test]
        fn hundredfold_is_multiplying_by_one_hundred(m in any::<i64>(), wide in any::<i128>(), scale in 0u32..=28) {
            for mantissa in [i128::from(m), wide % (1i128 << 96)] {
                let value = Decimal::from_i128_with_scale(mantissa, scale);
                prop_assert_eq!(hundredfold(value), value.checked_mul(Decimal::ONE_HUNDRED));
            }
        }

        /// The fast writer agrees with rust_decimal's on every mantissa and scale: the u64 path
        /// and the wide fallback, negatives and zeros.
        #[test]
        fn push_normalized_writes_what_normalize_writes(m in any::<i64>(), wide in any::<i128>(), scale in 0u32..=28) {
            for mantissa in [i128::from(m), wide % (1i128 << 96)] {
                let value = Decimal::from_i128_with_scale(mantissa, scale);
                let mut out = String::new();
                push_normalized(&mut out, value);
                prop_assert_eq!(&out, &value.normalize().to_string());
                prop_assert_eq!(Normalized(value).to_string(), out);
            }
        }

        /// The fast path orders every pair as rust_decimal does, across equal, near and far scales.
        #[test]
        fn compare_agrees_with_decimal_ordering(a in any::<i64>(), sa in 0u32..=28, b in any::<i64>(), sb in 0u32..=28) {
            let (x, y) = (decimal(a, sa), decimal(b, sb));
            prop_assert_eq!(compare(x, y), x.cmp(&y));
        }

        /// Also for 96-bit mantissas and for values equal at different scales.
        #[test]
        fn compare_agrees_on_wide_and_equal_values(lo in any::<u32>(), mid in any::<u32>(), hi in any::<u32>(),
                                                   negative in any::<bool>(), scale in 0u32..=28, more in 0u32..=10) {
            let x = Decimal::from_parts(lo, mid, hi, negative, scale);
            let y = Decimal::from_parts(lo, mid, hi, !negative, scale.saturating_sub(more));
            prop_assert_eq!(compare(x, y), x.cmp(&y));
            prop_assert_eq!(compare(y, x), y.cmp(&x));
            if let Ok(wider) = Decimal::try_from_i128_with_scale(x.mantissa().saturating_mul(10i128.pow(more)), (scale + more).min(28)) {
                prop_assert_eq!(compare(x, wider), x.cmp(&wider));
            }
        }
    }

    #[test]
    fn compare_handles_signs_zero_and_the_widest_mantissas() {
        assert_eq!(compare(Decimal::new(-5, 1), Decimal::ZERO), Ordering::Less);
        assert_eq!(compare(Decimal::new(0, 5), Decimal::new(0, 0)), Ordering::Equal);
        assert_eq!(compare(Decimal::new(60, 2), Decimal::new(6, 1)), Ordering::Equal);
        assert_eq!(compare(Decimal::MAX, Decimal::new(1, 9)), Ordering::Greater);
        assert_eq!(compare(Decimal::MIN, Decimal::new(-1, 9)), Ordering::Less);
    }
}

/// A number, or the name of a parameter holding it.
#[derive(Debug, Clone)]
pub enum NumberOrParameter {
    Fixed(Decimal),
    Parameter(String),
}

impl<'de> Deserialize<'de> for NumberOrParameter {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Number(Number),
            Name(String),
        }
        Ok(match Either::deserialize(deserializer)? {
            Either::Number(Number(value)) => NumberOrParameter::Fixed(value),
            Either::Name(name) => NumberOrParameter::Parameter(name),
        })
    }
}
