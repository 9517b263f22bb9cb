//! Months as rows name them (strictly `YYYY-MM`) and the periods they fall in: `2026` for a
//! year, `2026-H1` for a half-year, `2026-Q2` for a quarter, `2026-03` for a month.

use std::fmt;

use crate::ruleset::raw::Period;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    pub year: u16,
    /// 1 to 12.
    pub month: u8,
}

impl YearMonth {
    /// `2026-03`; anything else (`2026-3`, `2026-+1`, `2026-13`) is `None`.
    pub fn parse(text: &str) -> Option<YearMonth> {
        let bytes = text.as_bytes();
        if bytes.len() != 7 || bytes.get(4) != Some(&b'-') {
            return None;
        }
        let year = digits(text.get(0..4)?)?;
        let month = u8::try_from(digits(text.get(5..7)?)?).ok()?;
        (1..=12).contains(&month).then_some(YearMonth { year, month })
    }

    /// The period of kind `period` this month falls in, and the month's place in it (0 for the
    /// period's first month).
    pub fn within(self, period: Period) -> (PeriodKey, usize) {
        let index = self.month.saturating_sub(1);
        let length = period.months();
        let number = index.checked_div(length).unwrap_or(0).saturating_add(1);
        let key = PeriodKey { period, year: self.year, number };
        (key, usize::from(index.checked_rem(length).unwrap_or(0)))
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

/// One period of a year: which kind, which year, and which of the year's periods of that kind
/// (1-based; always 1 for a year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PeriodKey {
    pub period: Period,
    pub year: u16,
    pub number: u8,
}

impl PeriodKey {
    /// A period written as [`Display`](fmt::Display) writes it; `None` for anything else.
    pub fn parse(text: &str) -> Option<PeriodKey> {
        let (year, rest) = match text.split_once('-') {
            Some((year, rest)) => (year, Some(rest)),
            None => (text, None),
        };
        if year.len() != 4 {
            return None;
        }
        let year = digits(year)?;
        let (period, number) = match rest {
            None => (Period::Year, 1),
            Some(rest) => match rest.as_bytes() {
                [b'H', n] => (Period::HalfYear, n.wrapping_sub(b'0')),
                [b'Q', n] => (Period::Quarter, n.wrapping_sub(b'0')),
                [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => {
                    (Period::Month, u8::try_from(digits(rest)?).ok()?)
                }
                _ => return None,
            },
        };
        let count = 12u8.checked_div(period.months()).unwrap_or(1);
        (1..=count).contains(&number).then_some(PeriodKey { period, year, number })
    }
}

impl fmt::Display for PeriodKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.period {
            Period::Year => write!(f, "{}", self.year),
            Period::HalfYear => write!(f, "{}-H{}", self.year, self.number),
            Period::Quarter => write!(f, "{}-Q{}", self.year, self.number),
            Period::Month => write!(f, "{}-{:02}", self.year, self.number),
        }
    }
}

impl Period {
    /// The names periods go by in rulesets and every front end.
    pub const NAMES: [&'static str; 4] = ["month", "quarter", "half_year", "year"];

    /// `month`, `quarter`, `half_year` or `year`.
    pub fn parse(name: &str) -> Option<Period> {
        match name {
            "month" => Some(Period::Month),
            "quarter" => Some(Period::Quarter),
            "half_year" => Some(Period::HalfYear),
            "year" => Some(Period::Year),
            _ => None,
        }
    }

    /// How many months the period spans.
    pub fn months(self) -> u8 {
        match self {
            Period::Month => 1,
            Period::Quarter => 3,
            Period::HalfYear => 6,
            Period::Year => 12,
        }
    }
}

/// ASCII digits only (no sign, no spaces).
fn digits(text: &str) -> Option<u16> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_strict() {
        assert_eq!(YearMonth::parse("2026-03"), Some(YearMonth { year: 2026, month: 3 }));
        for bad in ["2026-3", "2026-+1", "2026-13", "2026-00", "26-03", "2026/03", "2026-03 "] {
            assert_eq!(YearMonth::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn months_fall_in_their_periods() {
        let august = YearMonth { year: 2026, month: 8 };
        let shown = |period| {
            let (key, index) = august.within(period);
            (key.to_string(), index)
        };
        // August is month 8: the second half's 2nd month (8 − 6 = 2), the third quarter's 2nd
        // month (8 − 6 = 2), the year's 8th month.
        assert_eq!(shown(Period::Year), ("2026".into(), 7));
        assert_eq!(shown(Period::HalfYear), ("2026-H2".into(), 1));
        assert_eq!(shown(Period::Quarter), ("2026-Q3".into(), 1));
        assert_eq!(shown(Period::Month), ("2026-08".into(), 0));
    }

    #[test]
    fn periods_read_back_what_they_write() {
        for text in ["2026", "2026-H2", "2026-Q4", "2026-12"] {
            assert_eq!(PeriodKey::parse(text).map(|k| k.to_string()).as_deref(), Some(text));
        }
        for bad in ["2026-H3", "2026-Q0", "2026-Q5", "2026-13", "2026-q1", "26", "2026-", "+026"] {
            assert_eq!(PeriodKey::parse(bad), None, "{bad}");
        }
    }
}
