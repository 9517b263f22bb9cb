//! Months as rows name them (strictly `YYYY-MM`) and the periods they fall in: `2026` for a
//! year, `2026-H1` for a half-year, `2026-Q2` for a quarter, `2026-03` for a month.

use std::fmt;

use serde::Deserialize;

/// An assessment period.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Deserialize,
    serde::Serialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Month,
    Quarter,
    HalfYear,
    Year,
}

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

    /// The assessment month a calendar day falls in when assessment months start on day
    /// `starts_on` (1 to 28): a month runs from that day to the day before it in the next calendar
    /// month and is named by the month it ends in (上月26日—当月25日 is 当月). With 1 it is the
    /// calendar month. `None` for a day that does not exist or a month past year 9999.
    pub fn of_day(year: u16, month: u8, day: u8, starts_on: u8) -> Option<YearMonth> {
        let this = YearMonth { year, month };
        if !(1..=12).contains(&month) || day == 0 || day > this.days() || year > 9999 {
            return None;
        }
        if starts_on <= 1 || day < starts_on {
            return Some(this);
        }
        match month {
            12 => Some(YearMonth { year: year.checked_add(1).filter(|y| *y <= 9999)?, month: 1 }),
            _ => Some(YearMonth { year, month: month.saturating_add(1) }),
        }
    }

    /// How many days the calendar month has.
    pub(crate) fn days(self) -> u8 {
        let leap = self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0);
        match self.month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
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
    /// Whether a month falls in this period.
    pub fn contains(self, month: YearMonth) -> bool {
        month.within(self.period).0 == self
    }

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
    fn a_day_falls_in_the_assessment_month_it_ends_in() {
        let month = |y, m| Some(YearMonth { year: y, month: m });
        // Months from the 26th (staff template, 办法 六.1: 上月26日—当月25日).
        assert_eq!(YearMonth::of_day(2026, 1, 25, 26), month(2026, 1));
        assert_eq!(YearMonth::of_day(2026, 1, 26, 26), month(2026, 2));
        assert_eq!(YearMonth::of_day(2026, 12, 31, 26), month(2027, 1));
        // Calendar months.
        assert_eq!(YearMonth::of_day(2026, 12, 31, 1), month(2026, 12));
        // 2024 is a leap year, 2026 and 1900 are not.
        assert_eq!(YearMonth::of_day(2024, 2, 29, 1), month(2024, 2));
        for (y, m, d) in [(2026, 2, 29), (1900, 2, 29), (2026, 4, 31), (2026, 13, 1), (2026, 1, 0)] {
            assert_eq!(YearMonth::of_day(y, m, d, 26), None, "{y}-{m}-{d}");
        }
        assert_eq!(YearMonth::of_day(9999, 12, 26, 26), None);
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
