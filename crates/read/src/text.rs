//! Plain-text reader. An optional date header on the first non-blank line
//! sets the publication date and is not part of the text (see
//! `docs/format.md`, "Plain-text input"): the word `date` (any case, an
//! optional `:`), then an ISO date or date-time (`2024-03-14`,
//! `2024-03-14 10:00`, `2024-03-14T10:00+01:00`) or a written date in a
//! language with month names under `lang/<iso>/time.txt` (`14 mars 2024`,
//! `March 14, 2024`, `jeudi 14 mars 2024`). `date` followed by a word that
//! is neither ("date limite …") is ordinary text. A file without a header
//! gets a warning: relative dates stay unresolved.

use crate::{check_text, ReadError, ReadErrorKind};
use newsgraph_doc::{Document, Published};
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

/// The warning on a document without a publication date.
pub const NO_DATE_WARNING: &str =
    "no publication date (no `date …` header line): relative dates such as \"yesterday\" stay unresolved";

/// Reads one plain-text document (the id is left to the caller).
pub fn read(path: &Path, bytes: &[u8]) -> Result<Document, ReadError> {
    let (s, note) = check_text(path, None, bytes)?;
    let (published, body) = split_header(&s).map_err(|e| ReadError::new(path, Some(1), e))?;
    if body.trim().is_empty() {
        return Err(ReadError::new(path, None, ReadErrorKind::Empty));
    }
    let mut doc = Document::new(crate::id_of(path), body);
    doc.published = published;
    if let Some(n) = note {
        doc.warnings.push(n);
    }
    if published.is_none() {
        doc.warnings.push(NO_DATE_WARNING.into());
    }
    Ok(doc)
}

/// Month and weekday names of every language with time data.
struct Names {
    months: HashMap<String, u8>,
    weekdays: HashMap<String, u8>,
    /// Suffixes of ordinal day numbers (`1er`, `1st`): the words of role
    /// `ordinal_suffix` in `[role]`, longest first.
    ordinal_suffixes: Vec<String>,
}

fn names() -> &'static Names {
    static N: OnceLock<Names> = OnceLock::new();
    N.get_or_init(|| {
        let mut n = Names {
            months: HashMap::new(),
            weekdays: HashMap::new(),
            ordinal_suffixes: Vec::new(),
        };
        for data in newsgraph_lang::languages().filter_map(|l| l.data("time.txt")) {
            let mut section = "";
            for line in data.lines().map(str::trim) {
                if line.starts_with('#') || line.is_empty() {
                    continue;
                }
                if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                    section = if s == "month" || s == "weekday" || s == "role" {
                        s
                    } else {
                        ""
                    };
                    continue;
                }
                let Some((names, value)) = line.split_once('=') else {
                    continue;
                };
                if section == "role" {
                    if value.trim() == "ordinal_suffix" {
                        n.ordinal_suffixes
                            .extend(names.split('|').map(|w| w.trim().to_lowercase()));
                    }
                    continue;
                }
                let Ok(v) = value.trim().parse::<u8>() else {
                    continue;
                };
                let map = match section {
                    "month" => &mut n.months,
                    "weekday" => &mut n.weekdays,
                    _ => continue,
                };
                for name in names.split('|') {
                    map.insert(name.trim().to_lowercase(), v);
                }
            }
        }
        n.ordinal_suffixes.sort();
        n.ordinal_suffixes.dedup();
        n.ordinal_suffixes
            .sort_by_key(|w| std::cmp::Reverse(w.len()));
        n
    })
}

/// Parses a publication date given as a value (JSONL `published`, HTML
/// metadata, the text header): ISO forms, or a written date. The error
/// names the whole value.
pub fn parse_date_value(raw: &str) -> Result<Published, ReadErrorKind> {
    let v = raw.trim();
    let words: Vec<&str> = v.split_whitespace().collect();
    if let Some((p, used)) = date_words(&words) {
        if used == words.len() {
            return p.map_err(|reason| bad(raw, &reason));
        }
    }
    Published::parse_lenient(v)
        .ok()
        .filter(|_| v.starts_with(|c: char| c.is_ascii_digit()))
        .ok_or_else(|| {
            let reason = v
                .parse::<Published>()
                .err()
                .map_or("not a date".to_string(), |e| e.reason.to_string());
            bad(raw, &reason)
        })
}

fn bad(raw: &str, reason: &str) -> ReadErrorKind {
    ReadErrorKind::InvalidDate {
        value: raw.chars().take(80).collect(),
        reason: reason.to_string(),
    }
}

type DateWords = (Result<Published, String>, usize);

/// A date at the start of `w`: an ISO date (with a time and zone in the
/// next words, if any) or a written date. Returns the parse and how many
/// words it used; `None` when the words do not look like a date at all.
fn date_words(w: &[&str]) -> Option<DateWords> {
    let first = *w.first()?;
    if first.starts_with(|c: char| c.is_ascii_digit()) && first.contains('-') {
        let mut value = first.to_string();
        let mut used = 1;
        let is_time = |s: &str| {
            let b = s.as_bytes();
            b.len() >= 5 && b[0].is_ascii_digit() && b[1].is_ascii_digit() && b[2] == b':'
        };
        if !first.contains('T') && w.get(1).is_some_and(|t| is_time(t)) {
            value = format!("{value}T{}", w[1]);
            used = 2;
            if let Some(z) = w.get(2) {
                if *z == "Z" || *z == "UTC" {
                    value.push('Z');
                    used = 3;
                } else if (z.starts_with('+') || z.starts_with('-')) && z.len() == 6 {
                    value.push_str(z);
                    used = 3;
                }
            }
        }
        return Some((
            value.parse::<Published>().map_err(|e| e.reason.to_string()),
            used,
        ));
    }
    written(w)
}

/// `14 mars 2024`, `1er mars 2024`, `mars 2024`, `March 14, 2024`, with an
/// optional weekday first (`jeudi`, `Thursday,`).
fn written(w: &[&str]) -> Option<DateWords> {
    let n = names();
    let norm = |s: &str| s.trim_end_matches(',').to_lowercase();
    let mut i = 0;
    if w.first().is_some_and(|s| n.weekdays.contains_key(&norm(s))) {
        i = 1;
    }
    let day_of = |s: &str| -> Option<u8> {
        let s = norm(s);
        let s = n
            .ordinal_suffixes
            .iter()
            .find_map(|x| s.strip_suffix(x.as_str()))
            .unwrap_or(&s);
        (s.len() <= 2 && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let year_of = |s: &str| -> Option<i32> {
        let s = norm(s);
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let month_of = |s: &str| n.months.get(&norm(s)).copied();
    let (d, m, y, used) = if let (Some(d), Some(m)) = (
        w.get(i).and_then(|s| day_of(s)),
        w.get(i + 1).and_then(|s| month_of(s)),
    ) {
        (Some(d), m, w.get(i + 2).and_then(|s| year_of(s))?, i + 3)
    } else if let (Some(m), Some(d)) = (
        w.get(i).and_then(|s| month_of(s)),
        w.get(i + 1).and_then(|s| day_of(s)),
    ) {
        (Some(d), m, w.get(i + 2).and_then(|s| year_of(s))?, i + 3)
    } else if let (Some(m), Some(y)) = (
        w.get(i).and_then(|s| month_of(s)),
        w.get(i + 1).and_then(|s| year_of(s)),
    ) {
        (None, m, y, i + 2)
    } else {
        return None;
    };
    let value = match d {
        Some(d) => format!("{y:04}-{m:02}-{d:02}"),
        None => format!("{y:04}-{m:02}"),
    };
    Some((
        value.parse::<Published>().map_err(|e| e.reason.to_string()),
        used,
    ))
}

/// Splits the optional date header from the text: returns the date and the
/// text after the header (the rest of the header line, else the next line).
pub fn split_header(s: &str) -> Result<(Option<Published>, &str), ReadErrorKind> {
    let t = s.trim_start_matches([' ', '\t', '\u{feff}', '\r', '\n']);
    let Some(kw) = t.get(..4).filter(|k| k.eq_ignore_ascii_case("date")) else {
        return Ok((None, s));
    };
    let _ = kw;
    let rest = &t[4..];
    let rest = rest.strip_prefix(':').unwrap_or(rest);
    if !rest.starts_with([' ', '\t']) {
        return Ok((None, s));
    }
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let line = &rest[..line_end];
    // Words of the header line with their byte ends.
    let mut words = Vec::new();
    let mut ends = Vec::new();
    let mut pos = 0;
    for w in line.split_whitespace().take(6) {
        let at = line[pos..].find(w).map_or(pos, |p| p + pos);
        pos = at + w.len();
        words.push(w);
        ends.push(pos);
    }
    let Some((parsed, used)) = date_words(&words) else {
        // "date limite de dépôt …": not a header.
        return Ok((None, s));
    };
    let shown: String = words[..used].join(" ");
    let published = parsed.map_err(|reason| bad(&shown, &reason))?;
    let body = &rest[ends[used - 1]..];
    // Drop the separator: the rest of the header line's white space, one newline.
    let body = body.trim_start_matches([' ', '\t', ',', '\r']);
    let body = body
        .strip_prefix("\r\n")
        .or_else(|| body.strip_prefix('\n'))
        .unwrap_or(body);
    Ok((Some(published), body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<String> {
        split_header(s).unwrap().0.map(|p| p.to_string())
    }

    #[test]
    fn header_forms() {
        let (p, b) = split_header(" date 2023-05 Dans une").unwrap();
        assert_eq!(p.map(|p| p.to_string()).as_deref(), Some("2023-05"));
        assert_eq!(b, "Dans une");
        let (p, b) = split_header("date 2023-05-28\nLe texte.").unwrap();
        assert_eq!(p.map(|p| p.to_string()).as_deref(), Some("2023-05-28"));
        assert_eq!(b, "Le texte.");
        let (p, b) = split_header("Pas de date.").unwrap();
        assert!(p.is_none());
        assert_eq!(b, "Pas de date.");
        assert!(split_header("date 2023-13\nx").is_err());
        assert!(split_header("date 2023-13-45\nx").is_err());
        assert!(split_header("date 99999-01-01\nx").is_err());
    }

    #[test]
    fn tolerant_header() {
        assert_eq!(date("Date: 2024-03-14\nx").as_deref(), Some("2024-03-14"));
        assert_eq!(date("DATE 2024-03-14\nx").as_deref(), Some("2024-03-14"));
        assert_eq!(
            date("date 2024-03-14 10:00\nx").as_deref(),
            Some("2024-03-14T10:00:00")
        );
        assert_eq!(
            date("date 2024-03-14T10:00+01:00\nx").as_deref(),
            Some("2024-03-14T10:00:00+01:00")
        );
        assert_eq!(date("date 14 mars 2024\nx").as_deref(), Some("2024-03-14"));
        assert_eq!(
            date("date 1er avril 2023\nx").as_deref(),
            Some("2023-04-01")
        );
        assert_eq!(
            date("Date: March 14, 2024\nx").as_deref(),
            Some("2024-03-14")
        );
        assert_eq!(
            date("date Thursday, March 14, 2024\nx").as_deref(),
            Some("2024-03-14")
        );
        assert_eq!(date("date juin 2022\nx").as_deref(), Some("2022-06"));
        // Ordinal suffixes come from the [role] ordinal_suffix words of
        // lang/<iso>/time.txt.
        assert_eq!(
            date("Date: March 21st, 2024\nx").as_deref(),
            Some("2024-03-21")
        );
        assert_eq!(
            date("date 2nd March 2024\nx").as_deref(),
            Some("2024-03-02")
        );
        let (p, b) = split_header("date limite de dépôt : lundi.").unwrap();
        assert!(p.is_none());
        assert_eq!(b, "date limite de dépôt : lundi.");
        assert!(date("date hier, il pleuvait.").is_none());
        let e = split_header("date 31 février 2024\nx").unwrap_err();
        assert!(e.to_string().contains("31 février 2024"), "{e}");
    }

    #[test]
    fn values_name_themselves() {
        let e = parse_date_value("not a date").unwrap_err().to_string();
        assert!(e.contains("\"not a date\""), "{e}");
        assert!(parse_date_value("2023-05-28T11:19:00+02:00").is_ok());
        assert!(parse_date_value("14 mars 2024").is_ok());
    }
}
