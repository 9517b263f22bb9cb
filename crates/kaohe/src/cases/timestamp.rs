//! Times in case records: local date-times as the platform writes them, held as whole seconds
//! from 1970-01-01 00:00 with no time zone (every time in one export shares the platform's zone).

// Every time comes from `parse`, whose years are 1..=9999, so this arithmetic cannot overflow.
#![allow(clippy::arithmetic_side_effects)]

use crate::calendar::YearMonth;

/// Seconds from 1970-01-01 00:00 local time.
pub type Seconds = i64;

const DAY: i64 = 86_400;

/// Days from 1970-01-01 to a civil date (proleptic Gregorian), for years 1..=9999.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    // Shift the year to start in March so the leap day is the year's last.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let of_year = (153 * month_index + 2) / 5 + day - 1;
    let of_era_days = of_era * 365 + of_era / 4 - of_era / 100 + of_year;
    era * 146_097 + of_era_days - 719_468
}

/// The civil date of a day count from 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let of_era = days - era * 146_097;
    let year_of_era = (of_era - of_era / 1460 + of_era / 36_524 - of_era / 146_096) / 365;
    let of_year = of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * of_year + 2) / 153;
    let day = of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month as u8, day as u8)
}

fn number(text: &str, digits: usize) -> Option<i64> {
    (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok())?
}

/// Reads `2026-03-05 14:22:10`, `2026-03-05 14:22`, `2026-03-05T14:22:10`, `2026/03/05 14:22:10`
/// or a bare date (midnight). A fraction of a second (`14:22:10.5`) is dropped: no scheme counts
/// below a second. `None` for anything else, or a date that does not exist.
pub fn parse(text: &str) -> Option<Seconds> {
    let text = text.trim();
    if let Some(seconds) = parse_usual(text.as_bytes()) {
        return Some(seconds);
    }
    let (date, time) = match text.split_once([' ', 'T']) {
        Some((date, time)) => (date, Some(time.trim_start())),
        None => (text, None),
    };
    let separator = if date.contains('/') { '/' } else { '-' };
    let mut parts = date.split(separator);
    let year = number(parts.next()?, 4)?;
    let month = parts.next().and_then(|m| number(m, 2).or_else(|| number(m, 1)))?;
    let day = parts.next().and_then(|d| number(d, 2).or_else(|| number(d, 1)))?;
    if parts.next().is_some() || year == 0 || !(1..=12).contains(&month) {
        return None;
    }
    let days_in_month = YearMonth { year: year as u16, month: month as u8 }.days();
    if day < 1 || day > i64::from(days_in_month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * DAY;
    if let Some(time) = time {
        let time = time.split_once('.').map_or(time, |(whole, fraction)| {
            if fraction.bytes().all(|b| b.is_ascii_digit()) {
                whole
            } else {
                time
            }
        });
        let mut fields = time.split(':');
        let hour = number(fields.next()?, 2)?;
        let minute = number(fields.next()?, 2)?;
        let second = fields.next().map_or(Some(0), |s| number(s, 2))?;
        if fields.next().is_some() || hour > 23 || minute > 59 || second > 59 {
            return None;
        }
        seconds += hour * 3600 + minute * 60 + second;
    }
    Some(seconds)
}

/// The shape nearly every export writes, `2026-03-05 14:22:10` (or without seconds), read by
/// byte position; anything else goes the general way.
fn parse_usual(bytes: &[u8]) -> Option<Seconds> {
    let (date, time) = (bytes.get(..10)?, bytes.get(10..)?);
    Some(usual_date(date)? + usual_time(time)?)
}

fn two_digits(bytes: &[u8], at: usize) -> Option<i64> {
    let digit = |at: usize| bytes.get(at).filter(|b| b.is_ascii_digit()).map(|b| i64::from(b - b'0'));
    Some(digit(at)? * 10 + digit(at + 1)?)
}

/// Midnight of `2026-03-05`, if it is a real date.
fn usual_date(date: &[u8]) -> Option<Seconds> {
    if date.len() != 10 || date.get(4) != Some(&b'-') || date.get(7) != Some(&b'-') {
        return None;
    }
    let year = two_digits(date, 0)? * 100 + two_digits(date, 2)?;
    let (month, day) = (two_digits(date, 5)?, two_digits(date, 8)?);
    let days_in_month = YearMonth { year: u16::try_from(year).ok()?, month: u8::try_from(month).ok()? };
    let valid = year >= 1 && (1..=12).contains(&month) && day >= 1 && day <= i64::from(days_in_month.days());
    valid.then(|| days_from_civil(year, month, day) * DAY)
}

/// The seconds into the day of ` 14:22:10` or ` 14:22`.
fn usual_time(time: &[u8]) -> Option<Seconds> {
    let seconds = match time.len() {
        9 if time.get(6) == Some(&b':') => two_digits(time, 7)?,
        6 => 0,
        _ => return None,
    };
    if time.first() != Some(&b' ') || time.get(3) != Some(&b':') {
        return None;
    }
    let (hour, minute) = (two_digits(time, 1)?, two_digits(time, 4)?);
    (hour <= 23 && minute <= 59 && seconds <= 59).then(|| hour * 3600 + minute * 60 + seconds)
}

/// Reads a column's times, remembering the dates it has read in the usual shape (one place per
/// month and day): a year of cases holds a few hundred dates, each then read once.
#[derive(Debug, Clone, Default)]
pub struct TimeReader {
    dates: Vec<Option<([u8; 10], Seconds)>>,
}

impl TimeReader {
    const PLACES: usize = 512;

    /// As [`parse`].
    pub fn parse(&mut self, text: &str) -> Option<Seconds> {
        let bytes = text.as_bytes();
        let Some(date) = bytes.get(..10).and_then(|date| <[u8; 10]>::try_from(date).ok()) else {
            return parse(text);
        };
        // Month and day digits place a real date without collisions (at most 12 * 32 + 31).
        let [_, _, _, _, _, month_tens, month_ones, _, day_tens, day_ones] =
            date.map(|b| usize::from(b & 15));
        let place = ((month_tens * 10 + month_ones) * 32 + day_tens * 10 + day_ones) % Self::PLACES;
        if self.dates.is_empty() {
            self.dates = vec![None; Self::PLACES];
        }
        let known = self.dates.get(place).copied().flatten().filter(|(seen, _)| *seen == date);
        if let (Some((_, midnight)), Some(time)) = (known, bytes.get(10..).and_then(usual_time)) {
            return Some(midnight + time);
        }
        let Some(midnight) = usual_date(&date) else { return parse(text) };
        if let Some(slot) = self.dates.get_mut(place) {
            *slot = Some((date, midnight));
        }
        // The date is read: only a time in another shape goes the general way.
        match bytes.get(10..).and_then(usual_time) {
            Some(time) => Some(midnight + time),
            None => parse(text),
        }
    }
}

/// The calendar date of a time: (year, month, day).
pub fn date(seconds: Seconds) -> (i64, u8, u8) {
    civil_from_days(seconds.div_euclid(DAY))
}

/// Midnight at the start of a civil date (a valid date from [`parse`]'s range).
pub fn midnight(year: i64, month: u8, day: u8) -> Seconds {
    days_from_civil(year, i64::from(month), i64::from(day)) * DAY
}

/// `2026-03-05 14:22:10`.
pub fn format(seconds: Seconds) -> String {
    let (year, month, day) = date(seconds);
    let of_day = seconds.rem_euclid(DAY);
    format!("{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}", of_day / 3600, of_day % 3600 / 60, of_day % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_usual_shapes_and_round_trips() {
        let at = parse("2026-03-05 14:22:10").unwrap();
        assert_eq!(format(at), "2026-03-05 14:22:10");
        assert_eq!(parse("2026/3/5 14:22:10"), Some(at));
        assert_eq!(parse("2026-03-05T14:22:10.250"), Some(at));
        assert_eq!(parse("2026-03-05 14:22"), Some(at - 10));
        assert_eq!(parse("2026-03-05"), Some(at - 14 * 3600 - 22 * 60 - 10));
        // 1970-01-01 is day 0; 2000-03-01 is day 11017.
        assert_eq!(parse("1970-01-01 00:00:01"), Some(1));
        assert_eq!(parse("2000-03-01"), Some(11_017 * DAY));
        assert_eq!(date(parse("2024-02-29 23:59:59").unwrap()), (2024, 2, 29));
    }

    #[test]
    fn a_reader_remembering_dates_reads_as_parse_does() {
        let mut reader = TimeReader::default();
        for text in [
            "2026-03-05 14:22:10",
            "2026-03-05 09:00",
            "2026-03-05 24:00:00",
            "2026-03-05T14:22:10",
            "2026-03-05",
            "2026-03-05 9:00",
            "2026-03-06 00:00:01",
            "2026-02-29 10:00:00",
            "2026-02-29 10:00:00",
            "2026-03-05 14:22:10.5",
            "2025-03-05 14:22:10",
            "2026-03-05 14:22:10",
            "2026-13-05 14:22:10",
            "2026-0a-05 14:22:10",
        ] {
            assert_eq!(reader.parse(text), parse(text), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_time() {
        for text in [
            "",
            "2026-02-29",
            "2026-13-01",
            "2026-03-05 24:00:00",
            "05/03/2026",
            "2026-03-05 9:00",
            "yesterday",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }
}
