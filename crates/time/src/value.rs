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
}
