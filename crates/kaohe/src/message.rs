//! How numbers appear in messages: at most four decimal places, rates as percentages and their
//! distances in percentage points. The arithmetic and readings keep every digit.

use std::fmt::{self, Display};

use rust_decimal::Decimal;

use crate::number::{hundredfold, Normalized, Percent};

/// A decimal as messages show it: at most four decimal places; the arithmetic and readings keep
/// every digit.
pub(crate) struct Plain(pub Decimal);

impl Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Normalized(self.0.round_dp(4)).fmt(f)
    }
}

/// A value the rule compares: a percentage when it reads as one.
pub(crate) struct Shown {
    pub value: Decimal,
    pub percent: bool,
}

impl Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.percent {
            Percent(self.value.round_dp(4)).fmt(f)
        } else {
            Plain(self.value).fmt(f)
        }
    }
}

/// A distance between a rate and its threshold: in percentage points (with `unit`) when the value
/// reads as a percentage.
pub(crate) struct Gap {
    pub value: Decimal,
    pub percent: bool,
    pub unit: &'static str,
}

impl Display for Gap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.percent {
            match hundredfold(self.value) {
                // Written piece by piece: a nested `write!` costs more than the digits.
                Some(points) => {
                    Plain(points).fmt(f).and_then(|()| f.write_str(" ")).and_then(|()| f.write_str(self.unit))
                }
                // Too large for percentage points: the fraction itself, still exact.
                None => Plain(self.value).fmt(f),
            }
        } else {
            Plain(self.value).fmt(f)
        }
    }
}
