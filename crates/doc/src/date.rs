//! Publication dates with their precision (`2023`, `2023-05`, `2023-05-28`,
//! `2023-05-28T11:19:00+02:00`), as ISO 8601 strings in the output.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A publication date, kept at the precision the source gives: no day or
/// time is ever invented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Published {
    /// Year precision, e.g. `2023`.
    Year(i32),
    /// Month precision, e.g. `2023-05`.
    Month(i32, u8),
    /// Day precision, e.g. `2023-05-28`.
    Day(i32, u8, u8),
    /// Date and time, with the UTC offset in minutes when the source gives
    /// one (`Z` is `Some(0)`; a missing offset is `None`, local time).
    DateTime {
        /// Year.
        year: i32,
        /// Month 1–12.
        month: u8,
        /// Day 1–31.
        day: u8,
        /// Hour 0–23.
        hour: u8,
        /// Minute 0–59.
        minute: u8,
        /// Second 0–60.
        second: u8,
        /// UTC offset in minutes, if given.
        offset_minutes: Option<i32>,
    },
}

/// Why a date string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {input:?}: {reason}")]
pub struct DateError {
    /// The rejected input (truncated to 64 characters).
    pub input: String,
    /// What is wrong with it.
    pub reason: &'static str,
}

impl Published {
    /// The year.
    pub fn year(&self) -> i32 {
        match *self {
            Published::Year(y) | Published::Month(y, _) | Published::Day(y, _, _) => y,
            Published::DateTime { year, .. } => year,
        }
    }

    /// The month, if known.
    pub fn month(&self) -> Option<u8> {
        match *self {
            Published::Year(_) => None,
            Published::Month(_, m) | Published::Day(_, m, _) => Some(m),
            Published::DateTime { month, .. } => Some(month),
        }
    }

    /// The day of the month, if known.
    pub fn day(&self) -> Option<u8> {
        match *self {
            Published::Year(_) | Published::Month(..) => None,
            Published::Day(_, _, d) => Some(d),
            Published::DateTime { day, .. } => Some(day),
        }
    }

    /// Parses the first date found in a free-form string as HTML metadata
    /// gives it: an ISO 8601 date or date-time, possibly followed by other
    /// text. Also accepts a space instead of `T`.
    pub fn parse_lenient(s: &str) -> Result<Self, DateError> {
        let s = s.trim();
        // Cut at the end of the date-time-ish prefix.
        let end = s
            .char_indices()
            .find(|&(_, c)| !(c.is_ascii_digit() || "-:T+Z. ".contains(c)))
            .map_or(s.len(), |(i, _)| i);
        s[..end].trim().parse()
    }
}

fn err(input: &str, reason: &'static str) -> DateError {
    DateError {
        input: input.chars().take(64).collect(),
        reason,
    }
}

/// Days in a month of the proleptic Gregorian calendar.
pub(crate) fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

fn num<T: FromStr>(input: &str, part: &str, width: usize) -> Result<T, DateError> {
    if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(
            input,
            "expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss][Z|±hh:mm]",
        ));
    }
    part.parse().map_err(|_| err(input, "number out of range"))
}

impl FromStr for Published {
    type Err = DateError;

    fn from_str(input: &str) -> Result<Self, DateError> {
        let s = input.trim();
        let (date, time) = match s.find(['T', ' ']) {
            Some(i) => (&s[..i], Some(s[i + 1..].trim())),
            None => (s, None),
        };
        let mut parts = date.split('-');
        let year: i32 = num(input, parts.next().unwrap_or(""), 4)?;
        let month: Option<u8> = parts.next().map(|p| num(input, p, 2)).transpose()?;
        let day: Option<u8> = parts.next().map(|p| num(input, p, 2)).transpose()?;
        if parts.next().is_some() {
            return Err(err(input, "too many date parts"));
        }
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return Err(err(input, "month out of range"));
            }
            if let Some(d) = day {
                if d == 0 || d > days_in_month(year, m) {
                    return Err(err(input, "day out of range for that month"));
                }
            }
        }
        let (Some(month), Some(day)) = (month, day) else {
            if time.is_some() {
                return Err(err(input, "a time needs a full date"));
            }
            return Ok(match month {
                Some(m) => Published::Month(year, m),
                None => Published::Year(year),
            });
        };
        let Some(time) = time.filter(|t| !t.is_empty()) else {
            return Ok(Published::Day(year, month, day));
        };
        // Split off the zone.
        let (clock, offset_minutes) = if let Some(c) = time.strip_suffix('Z') {
            (c, Some(0))
        } else if let Some(i) = time.rfind(['+', '-']) {
            let z = &time[i + 1..];
            let sign = if time.as_bytes()[i] == b'-' { -1 } else { 1 };
            let (h, m) = match z.len() {
                5 if z.as_bytes()[2] == b':' => (&z[..2], &z[3..]),
                4 => (&z[..2], &z[2..]),
                2 => (z, "00"),
                _ => return Err(err(input, "bad UTC offset")),
            };
            let h: i32 = num(input, h, 2)?;
            let m: i32 = num(input, m, 2)?;
            if h > 14 || m > 59 {
                return Err(err(input, "UTC offset out of range"));
            }
            (time[..i].trim(), Some(sign * (h * 60 + m)))
        } else {
            (time, None)
        };
        // Drop fractional seconds.
        let clock = clock.split('.').next().unwrap_or("");
        let mut cp = clock.split(':');
        let hour: u8 = num(input, cp.next().unwrap_or(""), 2)?;
        let minute: u8 = num(input, cp.next().unwrap_or(""), 2)?;
        let second: u8 = cp
            .next()
            .map(|p| num(input, p, 2))
            .transpose()?
            .unwrap_or(0);
        if cp.next().is_some() || hour > 23 || minute > 59 || second > 60 {
            return Err(err(input, "time out of range"));
        }
        Ok(Published::DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            offset_minutes,
        })
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Published::Year(y) => write!(f, "{y:04}"),
            Published::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Published::Day(y, m, d) => write!(f, "{y:04}-{m:02}-{d:02}"),
            Published::DateTime {
                year,
                month,
                day,
                hour,
                minute,
                second,
                offset_minutes,
            } => {
                write!(
                    f,
                    "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}"
                )?;
                match offset_minutes {
                    None => Ok(()),
                    Some(0) => write!(f, "Z"),
                    Some(o) => {
                        let sign = if o < 0 { '-' } else { '+' };
                        let o = o.abs();
                        write!(f, "{sign}{:02}:{:02}", o / 60, o % 60)
                    }
                }
            }
        }
    }
}

impl Serialize for Published {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Published {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precisions_round_trip() {
        for s in [
            "2023",
            "2023-05",
            "2023-05-28",
            "2023-05-28T11:19:00Z",
            "2023-05-28T11:19:00+02:00",
            "2023-05-28T11:19:00-05:30",
            "2023-05-28T11:19:00",
            "2024-02-29",
        ] {
            let p: Published = s.parse().unwrap_or_else(|e| panic!("{s}: {e}"));
            assert_eq!(p.to_string(), s);
        }
    }

    #[test]
    fn rejects_bad_dates() {
        for s in [
            "",
            "23-05",
            "2023-13",
            "2023-02-29",
            "2023-05-28T25:00",
            "abcd",
            "2023-05-28T10:00+99:00",
        ] {
            assert!(s.parse::<Published>().is_err(), "{s}");
        }
    }

    #[test]
    fn lenient_forms() {
        let p = Published::parse_lenient("2023-05-28T11:19:00.123+0200").unwrap();
        assert_eq!(p.to_string(), "2023-05-28T11:19:00+02:00");
        let p = Published::parse_lenient("2023-05-28 11:19").unwrap();
        assert_eq!(p.to_string(), "2023-05-28T11:19:00");
    }
}
