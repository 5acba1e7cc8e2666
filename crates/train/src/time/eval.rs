//! TimeML evaluation with the TempEval-3 TIMEX3 measures: strict and
//! relaxed extent F1, type accuracy and value F1 (value correct on a
//! relaxed match, over system and gold counts), plus an error list.

use newsgraph_doc::{Published, Timex};
use newsgraph_time::TimeError;
use std::path::{Path, PathBuf};

/// A gold TIMEX3 of a TimeML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldTimex {
    /// Start offset (code points) in the text of `<TEXT>`.
    pub start: usize,
    /// End offset, exclusive.
    pub end: usize,
    /// Text.
    pub text: String,
    /// Type (`DATE`…).
    pub kind: String,
    /// Value.
    pub value: String,
}

/// One TimeML document: the text of `<TEXT>`, its DCT and gold TIMEX3s.
#[derive(Debug, Clone)]
pub struct TimeMlDoc {
    /// File name.
    pub name: String,
    /// Raw text of `<TEXT>`, tags stripped, entities unescaped.
    pub text: String,
    /// Document creation time.
    pub dct: Option<Published>,
    /// Gold expressions, DCT excluded.
    pub timexes: Vec<GoldTimex>,
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let pat = format!("{name}=\"");
    let i = tag.find(&pat)? + pat.len();
    let j = tag[i..].find('"')?;
    Some(tag[i..i + j].to_string())
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let Some(j) = tail.find(';').filter(|&j| j < 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let ent = &tail[1..j];
        let c = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => ent
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &tail[j + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parses a TimeML file's content.
pub fn parse_timeml(name: &str, src: &str) -> Result<TimeMlDoc, TimeError> {
    let bad = |reason: &str| TimeError::TimeMl {
        path: name.to_string(),
        reason: reason.to_string(),
    };
    let dct = src
        .match_indices("<TIMEX3")
        .filter_map(|(i, _)| {
            let end = src[i..].find('>')? + i;
            let tag = &src[i..end];
            tag.contains("CREATION_TIME")
                .then(|| attr(tag, "value"))
                .flatten()
        })
        .next()
        .and_then(|v| Published::parse_lenient(&v).ok());
    let s = src.find("<TEXT>").ok_or_else(|| bad("no <TEXT>"))? + "<TEXT>".len();
    let e = src[s..].find("</TEXT>").ok_or_else(|| bad("no </TEXT>"))? + s;
    let body = &src[s..e];
    let mut text = String::new();
    let mut cp = 0usize;
    let mut open: Vec<(usize, String, String)> = Vec::new();
    let mut timexes = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        match rest.find('<') {
            Some(i) => {
                let chunk = unescape(&rest[..i]);
                cp += chunk.chars().count();
                text.push_str(&chunk);
                let j = rest[i..].find('>').ok_or_else(|| bad("unclosed tag"))? + i;
                let tag = &rest[i + 1..j];
                if tag.starts_with("TIMEX3") && !tag.ends_with('/') {
                    open.push((
                        cp,
                        attr(tag, "type").unwrap_or_default(),
                        attr(tag, "value").unwrap_or_default(),
                    ));
                } else if tag.starts_with("/TIMEX3") {
                    let (start, kind, value) =
                        open.pop().ok_or_else(|| bad("unbalanced </TIMEX3>"))?;
                    timexes.push(GoldTimex {
                        start,
                        end: cp,
                        text: text.chars().skip(start).collect(),
                        kind,
                        value,
                    });
                }
                rest = &rest[j + 1..];
            }
            None => {
                let chunk = unescape(rest);
                text.push_str(&chunk);
                rest = "";
            }
        }
    }
    Ok(TimeMlDoc {
        name: name.to_string(),
        text,
        dct,
        timexes,
    })
}

pub use newsgraph_doc::metrics::Prf;

/// TempEval-3 TIMEX3 scores.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    /// Documents.
    pub docs: usize,
    /// Gold expressions.
    pub gold: usize,
    /// System expressions.
    pub sys: usize,
    /// Exact-extent match.
    pub strict: Prf,
    /// Overlapping-extent match.
    pub relaxed: Prf,
    /// Value correct on a relaxed match, over system and gold counts.
    pub value: Prf,
    /// Type correct on a relaxed match, over system and gold counts.
    pub kind: Prf,
    /// Share of relaxed matches with the right type.
    pub type_acc: f64,
    /// Share of relaxed matches with the right value.
    pub value_acc: f64,
    /// Readable errors: `file: kind: gold … | system …`.
    pub errors: Vec<String>,
}

/// A corpus's annotation conventions. The tagger writes one convention
/// (TimeML: decades `199`, centuries `19`, parts of the day as TIME, clock
/// times with their zone offset, `Z` for GMT/UTC); the evaluator maps that
/// output to the corpus's convention before comparing, so conventions
/// never become differences between languages in the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Convention {
    /// Decades and centuries carry placeholder `X`s (`199X`, `19XX`), as
    /// in the French TimeBank.
    pub decade_x: bool,
    /// The corpus writes no zone offsets in values (TempEval-3, FTiB).
    pub no_zone: bool,
    /// Vague references (`PRESENT_REF`…) are typed TIME (FTiB), not DATE.
    pub ref_time: bool,
    /// A day with a part of the day (`Friday night`, `2000-01-07TNI`) is
    /// typed DATE (TimeBank and AQUAINT, the TE3 train set), not TIME.
    pub day_part_date: bool,
}

impl Convention {
    /// TempEval-3 Platinum (the test set).
    pub const TE3: Convention = Convention {
        decade_x: false,
        no_zone: true,
        ref_time: false,
        day_part_date: false,
    };
    /// TimeBank and AQUAINT as cleaned for TempEval-3 (the train set).
    pub const TIMEBANK: Convention = Convention {
        day_part_date: true,
        ..Convention::TE3
    };
    /// The French TimeBank (ISO-TimeML).
    pub const FTIB: Convention = Convention {
        decade_x: true,
        no_zone: true,
        ref_time: true,
        day_part_date: false,
    };

    /// The convention by name (`te3`, `ftib`).
    pub fn named(name: &str) -> Option<Convention> {
        match name {
            "te3" | "tempeval3" | "platinum" => Some(Convention::TE3),
            "timebank" | "tbaq" => Some(Convention::TIMEBANK),
            "ftib" | "fr-timebank" => Some(Convention::FTIB),
            _ => None,
        }
    }

    /// Maps one output expression to this convention.
    pub fn apply(&self, t: &mut Timex) {
        t.value = self.value(&t.value);
        if self.ref_time && t.value.ends_with("_REF") {
            t.kind = newsgraph_doc::TimexType::Time;
        }
        let day_part = t.value.len() == 13
            && t.value.as_bytes().get(10) == Some(&b'T')
            && t.value[11..].bytes().all(|b| b.is_ascii_uppercase());
        if self.day_part_date && day_part && t.kind == newsgraph_doc::TimexType::Time {
            t.kind = newsgraph_doc::TimexType::Date;
        }
    }

    /// Maps one output value to this convention.
    pub fn value(&self, v: &str) -> String {
        let mut v = v.to_string();
        if self.no_zone {
            v = strip_zone(&v);
        }
        if self.decade_x && v.bytes().all(|b| b.is_ascii_digit()) {
            match v.len() {
                3 => v.push('X'),
                2 => v.push_str("XX"),
                _ => {}
            }
        }
        v
    }
}

/// `2023-05-29T08:30Z` → `2023-05-29T08:30`; `T21:00+03:00` → `T21:00`.
fn strip_zone(v: &str) -> String {
    let Some(t) = v.find('T') else {
        return v.to_string();
    };
    let time = &v[t + 1..];
    if !time.starts_with(|c: char| c.is_ascii_digit()) {
        return v.to_string();
    }
    let cut = time.find(['Z', '+', '-']).map_or(v.len(), |k| t + 1 + k);
    v[..cut].to_string()
}

/// Scores system output against gold, one pair of lists per document.
pub fn score(docs: &[(String, Vec<GoldTimex>, Vec<Timex>)]) -> Scores {
    let (mut gold_n, mut sys_n, mut strict, mut relaxed, mut val, mut typ) = (0, 0, 0, 0, 0, 0);
    let mut errors = Vec::new();
    for (name, gold, sys) in docs {
        gold_n += gold.len();
        sys_n += sys.len();
        let mut used = vec![false; sys.len()];
        for g in gold {
            let exact = sys
                .iter()
                .enumerate()
                .position(|(k, s)| !used[k] && s.start == g.start && s.end == g.end);
            let m = exact.or_else(|| {
                sys.iter()
                    .enumerate()
                    .position(|(k, s)| !used[k] && s.start < g.end && g.start < s.end)
            });
            let Some(k) = m else {
                errors.push(format!(
                    "{name}: missed: {:?} {} {}",
                    g.text, g.kind, g.value
                ));
                continue;
            };
            used[k] = true;
            let s = &sys[k];
            relaxed += 1;
            if exact.is_some() {
                strict += 1;
            } else {
                errors.push(format!(
                    "{name}: extent: gold {:?} | system {:?}",
                    g.text, s.text
                ));
            }
            let skind = serde_kind(s);
            if skind == g.kind {
                typ += 1;
            }
            if s.value == g.value {
                val += 1;
            }
            if skind != g.kind || s.value != g.value {
                errors.push(format!(
                    "{name}: attr: {:?} gold {} {} | system {} {} ({})",
                    g.text,
                    g.kind,
                    g.value,
                    skind,
                    s.value,
                    s.anchor.as_deref().unwrap_or("absolute")
                ));
            }
        }
        for (k, s) in sys.iter().enumerate() {
            if !used[k] {
                errors.push(format!(
                    "{name}: spurious: {:?} {} {}",
                    s.text,
                    serde_kind(s),
                    s.value
                ));
            }
        }
    }
    Scores {
        docs: docs.len(),
        gold: gold_n,
        sys: sys_n,
        strict: Prf::from_counts(strict, sys_n, gold_n),
        relaxed: Prf::from_counts(relaxed, sys_n, gold_n),
        value: Prf::from_counts(val, sys_n, gold_n),
        kind: Prf::from_counts(typ, sys_n, gold_n),
        type_acc: if relaxed == 0 {
            0.0
        } else {
            100.0 * typ as f64 / relaxed as f64
        },
        value_acc: if relaxed == 0 {
            0.0
        } else {
            100.0 * val as f64 / relaxed as f64
        },
        errors,
    }
}

fn serde_kind(t: &Timex) -> &'static str {
    match t.kind {
        newsgraph_doc::TimexType::Date => "DATE",
        newsgraph_doc::TimexType::Time => "TIME",
        newsgraph_doc::TimexType::Duration => "DURATION",
        newsgraph_doc::TimexType::Set => "SET",
    }
}

/// The `.tml` files under `dir`, sorted; restricted to the names listed in
/// a `split.tsv` (`file<TAB>part`) for the given parts when `split` is set.
pub fn files(dir: &Path, split: Option<(&Path, &[String])>) -> Result<Vec<PathBuf>, TimeError> {
    let io = |p: &Path, e: std::io::Error| TimeError::TimeMl {
        path: p.display().to_string(),
        reason: e.to_string(),
    };
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for ent in std::fs::read_dir(&d).map_err(|e| io(&d, e))? {
            let p = ent.map_err(|e| io(&d, e))?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "tml") {
                out.push(p);
            }
        }
    }
    out.sort();
    if let Some((tsv, parts)) = split {
        let s = std::fs::read_to_string(tsv).map_err(|e| io(tsv, e))?;
        let keep: std::collections::HashSet<&str> = s
            .lines()
            .filter_map(|l| l.split_once('\t'))
            .filter(|(_, p)| parts.iter().any(|x| x == p.trim()))
            .map(|(f, _)| f.trim())
            .collect();
        out.retain(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| keep.contains(n))
        });
    }
    Ok(out)
}

/// Evaluates the tagger on TimeML files in language `lang`, its output
/// mapped to the corpus convention `conv`.
pub fn evaluate(paths: &[PathBuf], lang: &str, conv: Convention) -> Result<Scores, TimeError> {
    evaluate_with_words(paths, lang, conv, |_| Vec::new())
}

/// [`evaluate`] with the token layer that `words` makes for each document
/// (for example the segmenter and tagger of the production pipeline), as
/// [`newsgraph_time::tag`] runs in production.
pub fn evaluate_with_words(
    paths: &[PathBuf],
    lang: &str,
    conv: Convention,
    words: impl Fn(&TimeMlDoc) -> Vec<newsgraph_doc::Token>,
) -> Result<Scores, TimeError> {
    let mut docs = Vec::new();
    for p in paths {
        let src = std::fs::read_to_string(p).map_err(|e| TimeError::TimeMl {
            path: p.display().to_string(),
            reason: e.to_string(),
        })?;
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        let d = parse_timeml(&name, &src)?;
        let w = words(&d);
        let mut sys = newsgraph_time::annotate_with_words(&d.text, lang, d.dct.as_ref(), &w)?;
        for t in &mut sys {
            conv.apply(t);
        }
        docs.push((name, d.timexes, sys));
    }
    Ok(score(&docs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_inline_timeml() {
        let src = "<TimeML><DCT><TIMEX3 tid=\"t0\" type=\"DATE\" value=\"1998-02-06\" functionInDocument=\"CREATION_TIME\">02/06/98</TIMEX3></DCT><TEXT>\nIt &amp; rose <TIMEX3 tid=\"t1\" type=\"DATE\" value=\"1998-02-05\">Thursday</TIMEX3>.</TEXT></TimeML>";
        let d = parse_timeml("x", src).expect("valid");
        assert_eq!(d.text, "\nIt & rose Thursday.");
        assert_eq!(d.dct, Some(Published::Day(1998, 2, 6)));
        assert_eq!(d.timexes.len(), 1);
        assert_eq!((d.timexes[0].start, d.timexes[0].end), (11, 19));
        assert_eq!(d.timexes[0].text, "Thursday");
    }

    #[test]
    fn scores_strict_and_relaxed() {
        let g = GoldTimex {
            start: 0,
            end: 8,
            text: "Thursday".into(),
            kind: "DATE".into(),
            value: "1998-02-05".into(),
        };
        let s = Timex {
            start: 0,
            end: 13,
            text: "Thursday night".into(),
            kind: newsgraph_doc::TimexType::Time,
            value: "1998-02-05TNI".into(),
            anchor: None,
            modifier: None,
        };
        let r = score(&[("x".into(), vec![g], vec![s])]);
        assert_eq!(r.strict.f1, 0.0);
        assert_eq!(r.relaxed.f1, 100.0);
        assert_eq!(r.type_acc, 0.0);
    }

    #[test]
    fn conventions_map_the_output() {
        assert_eq!(Convention::FTIB.value("199"), "199X");
        assert_eq!(Convention::FTIB.value("19"), "19XX");
        assert_eq!(Convention::FTIB.value("2023"), "2023");
        assert_eq!(Convention::TE3.value("199"), "199");
        assert_eq!(
            Convention::TE3.value("2023-05-29T08:30Z"),
            "2023-05-29T08:30"
        );
        assert_eq!(
            Convention::TE3.value("2023-05-29T21:00+03:00"),
            "2023-05-29T21:00"
        );
        assert_eq!(
            Convention::FTIB.value("XXXX-XX-XXT21:00-04:00"),
            "XXXX-XX-XXT21:00"
        );
        assert_eq!(Convention::TE3.value("2023-05-29TMO"), "2023-05-29TMO");
        assert_eq!(Convention::TE3.value("2023-05-29"), "2023-05-29");
        let mut t = Timex {
            start: 0,
            end: 11,
            text: "maintenant".into(),
            kind: newsgraph_doc::TimexType::Date,
            value: "PRESENT_REF".into(),
            anchor: None,
            modifier: None,
        };
        Convention::TE3.apply(&mut t);
        assert_eq!(t.kind, newsgraph_doc::TimexType::Date);
        Convention::FTIB.apply(&mut t);
        assert_eq!(t.kind, newsgraph_doc::TimexType::Time);
        assert_eq!(Convention::named("ftib"), Some(Convention::FTIB));
        let mut night = Timex {
            start: 0,
            end: 12,
            text: "Friday night".into(),
            kind: newsgraph_doc::TimexType::Time,
            value: "2000-01-07TNI".into(),
            anchor: None,
            modifier: None,
        };
        Convention::TE3.apply(&mut night);
        assert_eq!(night.kind, newsgraph_doc::TimexType::Time);
        Convention::TIMEBANK.apply(&mut night);
        assert_eq!(night.kind, newsgraph_doc::TimexType::Date);
        assert_eq!(Convention::named("xx"), None);
    }
}
