//! What a document brings to grouping: corpus entity keys, lemma terms of its
//! language, day dates, numbers, places, event signatures and a MinHash
//! signature — all read from the document's layers.

use crate::copies::{minhash, Signature};
use newsgraph_doc::{Document, Entity, Published, TimexType};
use serde::{Deserialize, Serialize};
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

/// The corpus entity key shared by the store, stories and web UI:
/// `kb:<id>` when the entity is linked, else `<TYPE>:<names::key(name)>`.
pub fn entity_key(e: &Entity) -> String {
    match e.kb.as_deref() {
        Some(kb) if !kb.is_empty() => format!("kb:{kb}"),
        _ => format!("{}:{}", e.kind, newsgraph_entities::names::key(&e.name)),
    }
}

/// The key used to match entities across documents: the KB id when linked,
/// else the name key without the type (the tagger may call the same unlinked
/// name ORG in one report and PER in another).
pub fn match_key(e: &Entity) -> String {
    match e.kb.as_deref() {
        Some(kb) if !kb.is_empty() => format!("kb:{kb}"),
        _ => format!("name:{}", newsgraph_entities::names::key(&e.name)),
    }
}

/// A stable 64-bit hash of a string key (SipHash with fixed keys).
pub fn h64(s: &str) -> u64 {
    let mut h = DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The day number of a publication date (first day of its period when the
/// precision is coarser than a day).
pub fn published_day(p: &Published) -> i64 {
    days_from_civil(
        p.year(),
        u32::from(p.month().unwrap_or(1)),
        u32::from(p.day().unwrap_or(1)),
    )
}

/// A sort key putting documents in publication order (undated last, then by
/// id): day number, then minutes into the day when the time is given.
pub fn order_key(doc: &Document) -> (bool, i64, u32, String) {
    match &doc.published {
        Some(p) => {
            let mins = match *p {
                Published::DateTime { hour, minute, .. } => {
                    u32::from(hour) * 60 + u32::from(minute)
                }
                _ => 0,
            };
            (false, published_day(p), mins, doc.id.clone())
        }
        None => (true, 0, 0, doc.id.clone()),
    }
}

/// The last day number of a publication date's period (the day itself at
/// day precision, the month's or year's last day otherwise).
pub fn published_last_day(p: &Published) -> i64 {
    match (p.month(), p.day()) {
        (Some(_), Some(_)) => published_day(p),
        (Some(m), None) => {
            let (y, m) = if m == 12 {
                (p.year() + 1, 1)
            } else {
                (p.year(), u32::from(m) + 1)
            };
            days_from_civil(y, m, 1) - 1
        }
        _ => days_from_civil(p.year() + 1, 1, 1) - 1,
    }
}

/// The day number of a TIMEX3 value at day precision (`2024-03-13`,
/// `2024-03-13T08:30`), else `None`.
pub fn value_day(v: &str) -> Option<i64> {
    let d = v.get(..10)?;
    let mut it = d.split('-');
    let y: i32 = it.next()?.parse().ok()?;
    let m: u32 = it.next()?.parse().ok()?;
    let day: u32 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || !(1..=9999).contains(&y) {
        return None;
    }
    Some(days_from_civil(y, m, day))
}

/// Days in the fixed non-leap year on which month-days are placed.
pub const MD_YEAR_DAYS: i64 = 365;

/// The day within a (non-leap) year of a month and day, 0-based (29
/// February counts as 28 February).
pub fn month_day(m: u32, d: u32) -> i64 {
    days_from_civil(2001, m, d.min(if m == 2 { 28 } else { 31 })) - days_from_civil(2001, 1, 1)
}

/// The month-day of a TIMEX3 value at day precision: `(md, year_known)` for
/// `2024-03-13` (`true`) or `XXXX-03-13` (`false`, a date whose year the
/// document does not give, as in an undated document).
pub fn value_month_day(v: &str) -> Option<(i64, bool)> {
    let d = v.get(..10)?;
    let mut it = d.split('-');
    let y = it.next()?;
    let m: u32 = it.next()?.parse().ok()?;
    let day: u32 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) {
        return None;
    }
    let known = if y == "XXXX" {
        false
    } else if y.parse::<i32>().is_ok() {
        true
    } else {
        return None;
    };
    Some((month_day(m, day), known))
}

/// A number written with digits, normalized (`20,000`, `20 000` → `20000`),
/// or `None`.
pub fn parse_number(s: &str) -> Option<String> {
    let kept: String = s
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if kept.is_empty() || !kept.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let kept = kept.trim_start_matches('0');
    Some(if kept.is_empty() {
        "0".into()
    } else {
        kept.to_string()
    })
}

/// POS tags whose lemmas count as content terms for text similarity.
const CONTENT_POS: [&str; 4] = ["NOUN", "PROPN", "VERB", "ADJ"];

/// The evidence one document brings to story grouping.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DocFeatures {
    /// Document id.
    pub id: String,
    /// Language code (`und` when unknown).
    pub language: String,
    /// Publication day number, when dated (the first day of the period for
    /// a month or year precision).
    pub day: Option<i64>,
    /// Last day of the publication period (same as `day` at day precision).
    pub day_hi: Option<i64>,
    /// Corpus entity keys (hashed) with mention counts; places included.
    pub entities: Vec<(u64, f32)>,
    /// Content lemmas of the document's language (hashed with the language),
    /// with counts.
    pub terms: Vec<(u64, f32)>,
    /// Day numbers of day-precision date expressions other than the
    /// publication day.
    pub dates: Vec<i64>,
    /// Month-days ([`month_day`]) of the `dates`.
    #[serde(default)]
    pub date_mds: Vec<i64>,
    /// Month-days of day-precision dates whose year is not given
    /// (`XXXX-03-13`).
    #[serde(default)]
    pub partial_mds: Vec<i64>,
    /// Numbers written with digits (normalized), hashed.
    pub numbers: Vec<u64>,
    /// Event signatures (type × actor × target keys), hashed.
    pub events: Vec<u64>,
    /// MinHash signature of word 5-shingles.
    pub signature: Option<Signature>,
}

impl DocFeatures {
    /// Reads the features of an analyzed document.
    pub fn of(doc: &Document) -> Self {
        let language = doc.language.clone().unwrap_or_else(|| "und".into());
        let day = doc.published.as_ref().map(published_day);
        let day_hi = doc.published.as_ref().map(published_last_day);
        let mut ents: HashMap<u64, f32> = HashMap::new();
        let mut local: HashMap<&str, String> = HashMap::new();
        for e in &doc.entities {
            let k = match_key(e);
            *ents.entry(h64(&k)).or_default() += e.mentions.len().max(1) as f32;
            local.insert(e.id.as_str(), k);
        }
        let mut terms: HashMap<u64, f32> = HashMap::new();
        let mut numbers = Vec::new();
        for t in &doc.tokens {
            let upos = t.upos.as_deref().unwrap_or("");
            if upos == "NUM" {
                if let Some(n) = parse_number(&t.text) {
                    if n.len() > 1 {
                        numbers.push(h64(&n));
                    }
                }
                continue;
            }
            if !CONTENT_POS.contains(&upos) {
                continue;
            }
            let lemma = t.lemma.as_deref().unwrap_or(&t.text).to_lowercase();
            if lemma.chars().count() < 2 || !lemma.chars().any(char::is_alphabetic) {
                continue;
            }
            *terms
                .entry(h64(&format!("{language}:{lemma}")))
                .or_default() += 1.0;
        }
        numbers.sort_unstable();
        numbers.dedup();
        let mut dates: Vec<i64> = doc
            .timexes
            .iter()
            .filter(|t| t.kind == TimexType::Date || t.kind == TimexType::Time)
            .filter_map(|t| value_day(&t.value))
            .filter(|d| Some(*d) != day)
            .collect();
        dates.sort_unstable();
        dates.dedup();
        let (mut date_mds, mut partial_mds) = (Vec::new(), Vec::new());
        for t in &doc.timexes {
            if !matches!(t.kind, TimexType::Date | TimexType::Time) {
                continue;
            }
            match value_month_day(&t.value) {
                Some((md, true)) if value_day(&t.value) != day => date_mds.push(md),
                Some((md, false)) => partial_mds.push(md),
                _ => {}
            }
        }
        for v in [&mut date_mds, &mut partial_mds] {
            v.sort_unstable();
            v.dedup();
        }
        let role = |r: &[newsgraph_doc::ArgRef]| -> String {
            let mut v: Vec<&str> = r
                .iter()
                .filter_map(|a| a.entity.as_deref().and_then(|id| local.get(id)))
                .map(String::as_str)
                .collect();
            v.sort_unstable();
            v.join("+")
        };
        // only participants that are entities identify a happening: a
        // signature of unresolved text ("a man", "police") alone would match
        // every report of the same kind of event
        let mut events: Vec<u64> = doc
            .events
            .iter()
            .filter_map(|e| {
                let (a, t) = (role(&e.actors), role(&e.targets));
                (!a.is_empty() || !t.is_empty()).then(|| h64(&format!("{}|{a}|{t}", e.kind)))
            })
            .collect();
        events.sort_unstable();
        events.dedup();
        let words: Vec<String> = if doc.tokens.is_empty() {
            doc.text.split_whitespace().map(str::to_lowercase).collect()
        } else {
            doc.tokens
                .iter()
                .filter(|t| t.upos.as_deref() != Some("PUNCT"))
                .map(|t| t.text.to_lowercase())
                .collect()
        };
        DocFeatures {
            id: doc.id.clone(),
            language,
            day,
            day_hi,
            entities: sorted(ents),
            terms: sorted(terms),
            dates,
            date_mds,
            partial_mds,
            numbers,
            events,
            signature: minhash(&words),
        }
    }
}

fn sorted(m: HashMap<u64, f32>) -> Vec<(u64, f32)> {
    let mut v: Vec<(u64, f32)> = m.into_iter().collect();
    v.sort_unstable_by_key(|p| p.0);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(
            days_from_civil(2024, 3, 13) - days_from_civil(2024, 2, 28),
            14
        );
        assert_eq!(value_day("2024-03-13"), Some(days_from_civil(2024, 3, 13)));
        assert_eq!(value_day("2024-W12"), None);
        assert_eq!(value_day("2024-13-01"), None);
        assert_eq!(value_month_day("XXXX-01-02"), Some((1, false)));
        assert_eq!(value_month_day("2024-02-29"), Some((58, true)));
        assert_eq!(value_month_day("2024-W12"), None);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_number("20,000").as_deref(), Some("20000"));
        assert_eq!(parse_number("1 200").as_deref(), Some("1200"));
        assert_eq!(parse_number("deux"), None);
    }
}
