//! The reference time (publication date at its precision) and calendar
//! arithmetic producing ISO-TimeML values. Calendar work is done by `jiff`;
//! partial values (a month, an ISO week, a season) are built here.

use jiff::civil::Date;
use jiff::ToSpan;
use newsgraph_doc::Published;

/// A reference time at its own precision: no day is invented when only the
/// month is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// Year.
    pub y: i32,
    /// Month, if known.
    pub m: Option<u8>,
    /// Day, if known.
    pub d: Option<u8>,
    /// Hour and minute, if known.
    pub hm: Option<(u8, u8)>,
    /// What it is, for [`newsgraph_doc::Timex::anchor`] (`published:2023-05`).
    pub label: String,
}

impl Anchor {
    /// The anchor of a publication date.
    pub fn from_published(p: &Published) -> Anchor {
        let hm = match *p {
            Published::DateTime { hour, minute, .. } => Some((hour, minute)),
            _ => None,
        };
        Anchor {
            y: p.year(),
            m: p.month(),
            d: p.day(),
            hm,
            label: format!("published:{p}"),
        }
    }

    /// An anchor on a full date (narrative reference time).
    pub fn from_date(d: Date, label: String) -> Anchor {
        Anchor {
            y: d.year() as i32,
            m: Some(d.month() as u8),
            d: Some(d.day() as u8),
            hm: None,
            label,
        }
    }

    /// The full date, when the day is known.
    pub fn date(&self) -> Option<Date> {
        date(self.y, self.m?, self.d?)
    }
}

/// A valid civil date.
pub fn date(y: i32, m: u8, d: u8) -> Option<Date> {
    Date::new(i16::try_from(y).ok()?, m as i8, d as i8).ok()
}

/// `YYYY`.
pub fn year(y: i32) -> String {
    if (0..=9999).contains(&y) {
        format!("{y:04}")
    } else {
        "XXXX".into()
    }
}

/// `YYYY-MM`.
pub fn month(y: i32, m: u8) -> String {
    format!("{}-{m:02}", year(y))
}

/// `YYYY-MM-DD`.
pub fn day(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `YYYY-Www` for the ISO week of a date.
pub fn week(d: Date) -> String {
    let w = d.iso_week_date();
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Shifts a date by days.
pub fn add_days(d: Date, n: i64) -> Option<Date> {
    d.checked_add(n.days()).ok()
}

/// Shifts a (year, month) by months.
pub fn add_months(y: i32, m: u8, n: i64) -> (i32, u8) {
    let t = i64::from(y) * 12 + i64::from(m) - 1 + n;
    (t.div_euclid(12) as i32, (t.rem_euclid(12) + 1) as u8)
}

/// ISO weekday 1 (Monday) – 7 (Sunday).
pub fn weekday(d: Date) -> u8 {
    d.weekday().to_monday_one_offset() as u8
}

/// The quarter 1–4 of a month.
pub fn quarter_of(m: u8) -> u8 {
    (m - 1) / 3 + 1
}

/// Formats a duration value from an amount and a unit code
/// (`Y`, `M`, `W`, `D`, `H`, `MIN`, `S`, `DE`, `CE`, `Q`, `HALF`, `WE`).
pub fn duration(n: Option<f64>, base: crate::lex::Base, mult: u32) -> String {
    use crate::lex::Base::*;
    let (time, mut f, code) = match base {
        S => (true, 1.0, "S"),
        Min => (true, 1.0, "M"),
        H => (true, 1.0, "H"),
        D => (false, 1.0, "D"),
        W => (false, 1.0, "W"),
        We => (false, 1.0, "WE"),
        M => (false, 1.0, "M"),
        Q => (false, 3.0, "M"),
        Half => (false, 6.0, "M"),
        Y => (false, 1.0, "Y"),
        De => (false, 10.0, "Y"),
        Ce => (false, 100.0, "Y"),
    };
    f *= f64::from(mult);
    let t = if time { "T" } else { "" };
    match n {
        None => format!("P{t}X{code}"),
        Some(v) => {
            let v = v * f;
            if v.fract().abs() < 1e-9 {
                format!("P{t}{}{code}", v as i64)
            } else if code == "Y" && (v * 12.0).fract().abs() < 1e-9 {
                format!("P{}M", (v * 12.0) as i64)
            } else if code == "H" && (v * 60.0).fract().abs() < 1e-9 {
                format!("PT{}M", (v * 60.0) as i64)
            } else if code == "D" && (v * 24.0).fract().abs() < 1e-9 {
                format!("PT{}H", (v * 24.0) as i64)
            } else {
                format!("P{t}{v}{code}")
            }
        }
    }
}

/// The ISO 8601 offset suffix of a zone from the language data: `Z`,
/// `+03:00`, or a standard offset with a summer-time rule (`+02:00 eu`,
/// `-05:00 us`) applied on `on` when the day is known. `local` (the
/// writer's own zone, unknown) gives `None`.
pub fn zone_offset(spec: &str, on: Option<Date>) -> Option<String> {
    let mut parts = spec.split_whitespace();
    let base = parts.next()?;
    if base == "Z" {
        return Some("Z".into());
    }
    let sign = match base.as_bytes().first()? {
        b'+' => 1i32,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = base[1..].split_once(':')?;
    let mut mins = sign * (h.parse::<i32>().ok()? * 60 + m.parse::<i32>().ok()?);
    if let (Some(rule), Some(d)) = (parts.next(), on) {
        if summer_time(rule, d) {
            mins += 60;
        }
    }
    if mins == 0 {
        return Some("Z".into());
    }
    let s = if mins < 0 { '-' } else { '+' };
    Some(format!("{s}{:02}:{:02}", mins.abs() / 60, mins.abs() % 60))
}

/// Whether summer time of a rule (`eu`: last Sunday of March to last
/// Sunday of October; `us`: second Sunday of March to first Sunday of
/// November) is in force on `d` (the switching hour is ignored).
fn summer_time(rule: &str, d: Date) -> bool {
    let y = i32::from(d.year());
    // The n-th Sunday of a month (n = 0: the last one).
    let sunday = |m: u8, n: u8| -> Option<Date> {
        if n == 0 {
            let last = date(y, m, 31).or_else(|| date(y, m, 30))?;
            add_days(last, -i64::from(weekday(last) % 7))
        } else {
            let first = date(y, m, 1)?;
            let to_sun = (7 - i64::from(weekday(first))).rem_euclid(7);
            add_days(first, to_sun + 7 * (i64::from(n) - 1))
        }
    };
    let (from, to) = match rule {
        "eu" => (sunday(3, 0), sunday(10, 0)),
        "us" => (sunday(3, 2), sunday(11, 1)),
        _ => return false,
    };
    matches!((from, to), (Some(a), Some(b)) if d >= a && d < b)
}

/// Easter Sunday of year `y` (Gregorian computus).
pub fn easter(y: i32) -> Option<Date> {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    date(y, u8::try_from(month).ok()?, u8::try_from(day).ok()?)
}

/// The day of a holiday spec (`12-25`, `11-TH4`, `05-MOL`, `EASTER+49`)
/// in year `y`.
pub fn holiday(spec: &str, y: i32) -> Option<Date> {
    if let Some(rest) = spec.strip_prefix("EASTER") {
        let n: i64 = if rest.is_empty() {
            0
        } else {
            rest.parse().ok()?
        };
        return add_days(easter(y)?, n);
    }
    let (m, d) = spec.split_once('-')?;
    let m: u8 = m.parse().ok()?;
    if let Ok(d) = d.parse::<u8>() {
        return date(y, m, d);
    }
    // A weekday code and its rank in the month (`L` for the last one).
    let codes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    let wd = codes.iter().position(|c| d.starts_with(c))? as u8 + 1;
    let rank = &d[2..];
    if rank == "L" {
        let mut day = date(y, m, 31)
            .or_else(|| date(y, m, 30))
            .or_else(|| date(y, m, 29))
            .or_else(|| date(y, m, 28))?;
        while weekday(day) != wd {
            day = add_days(day, -1)?;
        }
        return Some(day);
    }
    let n: i64 = rank.parse().ok()?;
    let first = date(y, m, 1)?;
    let to = (i64::from(wd) - i64::from(weekday(first))).rem_euclid(7);
    add_days(first, to + 7 * (n - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_week_at_year_boundary() {
        // 2021-01-01 is a Friday in ISO week 2020-W53.
        assert_eq!(week(date(2021, 1, 1).expect("valid")), "2020-W53");
        assert_eq!(week(date(2024, 12, 30).expect("valid")), "2025-W01");
    }

    #[test]
    fn month_shift() {
        assert_eq!(add_months(2023, 1, -1), (2022, 12));
        assert_eq!(add_months(2023, 12, 1), (2024, 1));
        assert_eq!(add_months(2023, 5, -17), (2021, 12));
    }

    #[test]
    fn leap_day() {
        assert!(date(2024, 2, 29).is_some());
        assert!(date(2023, 2, 29).is_none());
        assert_eq!(
            day(add_days(date(2024, 2, 28).expect("valid"), 1).expect("valid")),
            "2024-02-29"
        );
    }

    #[test]
    fn durations() {
        use crate::lex::Base;
        assert_eq!(duration(Some(1.5), Base::Y, 1), "P18M");
        assert_eq!(duration(Some(0.5), Base::H, 1), "PT30M");
        assert_eq!(duration(None, Base::D, 1), "PXD");
        assert_eq!(duration(Some(2.0), Base::De, 1), "P20Y");
    }

    #[test]
    fn zone_offsets_follow_summer_time() {
        let d = |y, m, dd| date(y, m, dd);
        assert_eq!(zone_offset("Z", None).as_deref(), Some("Z"));
        assert_eq!(
            zone_offset("+00:00 eu", d(2023, 1, 10)).as_deref(),
            Some("Z")
        );
        assert_eq!(
            zone_offset("+00:00 eu", d(2023, 7, 10)).as_deref(),
            Some("+01:00")
        );
        // EU summer time 2023: 26 March to 29 October.
        assert_eq!(
            zone_offset("+02:00 eu", d(2023, 3, 25)).as_deref(),
            Some("+02:00")
        );
        assert_eq!(
            zone_offset("+02:00 eu", d(2023, 3, 26)).as_deref(),
            Some("+03:00")
        );
        assert_eq!(
            zone_offset("+02:00 eu", d(2023, 10, 29)).as_deref(),
            Some("+02:00")
        );
        // US daylight time 2023: 12 March to 5 November.
        assert_eq!(
            zone_offset("-05:00 us", d(2023, 3, 11)).as_deref(),
            Some("-05:00")
        );
        assert_eq!(
            zone_offset("-05:00 us", d(2023, 3, 12)).as_deref(),
            Some("-04:00")
        );
        assert_eq!(
            zone_offset("-05:00 us", d(2023, 11, 5)).as_deref(),
            Some("-05:00")
        );
        assert_eq!(
            zone_offset("+03:00", d(2023, 7, 1)).as_deref(),
            Some("+03:00")
        );
        assert_eq!(zone_offset("local", None), None);
    }

    #[test]
    fn holidays() {
        let d = |s: &str, y| holiday(s, y).map(day);
        assert_eq!(d("EASTER", 2024).as_deref(), Some("2024-03-31"));
        assert_eq!(d("EASTER", 2023).as_deref(), Some("2023-04-09"));
        assert_eq!(d("EASTER+49", 2023).as_deref(), Some("2023-05-28"));
        assert_eq!(d("11-TH4", 1999).as_deref(), Some("1999-11-25"));
        assert_eq!(d("05-MOL", 2023).as_deref(), Some("2023-05-29"));
        assert_eq!(d("12-25", 2023).as_deref(), Some("2023-12-25"));
        assert_eq!(d("13-01", 2023), None);
    }
}
