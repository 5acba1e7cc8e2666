//! TIMEX3 recognition and normalization for French and English news: finds
//! dates, times, durations and sets and resolves them against the
//! publication date at its own precision (no day is invented from a month).
//!
//! Invariant: offsets are code points into [`Document::text`]; every value
//! records in `anchor` what it was resolved against.

pub mod error;
pub mod eval;
pub mod lex;
pub mod rules;
pub mod token;
pub mod value;

pub use error::TimeError;
use lex::Lexicon;
use newsgraph_doc::{Document, Published, Timex};
use std::sync::OnceLock;

const FR: &str = include_str!("../../../lang/fr/time.txt");
const EN: &str = include_str!("../../../lang/en/time.txt");

/// The lexicon of a supported language, parsed once.
pub fn lexicon(lang: &str) -> Result<&'static Lexicon, TimeError> {
    static FR_LEX: OnceLock<Result<Lexicon, String>> = OnceLock::new();
    static EN_LEX: OnceLock<Result<Lexicon, String>> = OnceLock::new();
    let (cell, src) = match lang {
        "fr" => (&FR_LEX, FR),
        "en" => (&EN_LEX, EN),
        _ => return Err(TimeError::UnsupportedLanguage(lang.to_string())),
    };
    cell.get_or_init(|| Lexicon::parse(lang, src).map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| TimeError::Data {
            lang: lang.to_string(),
            line: 0,
            reason: e.clone(),
        })
}

/// Finds and normalizes the time expressions of `text` in language `lang`
/// against the publication date `published`.
pub fn annotate(
    text: &str,
    lang: &str,
    published: Option<&Published>,
) -> Result<Vec<Timex>, TimeError> {
    let lex = lexicon(lang)?;
    let mut toks = token::tokenize(text);
    lex.mark(&mut toks);
    let anchor = published.map(value::Anchor::from_published);
    let found = rules::Tagger::new(lex, &toks, anchor).run();
    Ok(found
        .into_iter()
        .filter_map(|f| {
            let (a, b) = (toks.get(f.s)?, toks.get(f.e.checked_sub(1)?)?);
            Some(Timex {
                start: a.start,
                end: b.end,
                text: text.get(a.bstart..b.bend)?.to_string(),
                kind: f.kind,
                value: f.value,
                anchor: f.anchor,
                modifier: f.modifier,
            })
        })
        .collect())
}

/// A dateline at the head of a text (`WASHINGTON, March 3 (Reuters) -`,
/// `PARIS (AFP) -`), in code-point offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The place: (start, end).
    pub place: (usize, usize),
    /// The agency between parentheses: (start, end).
    pub agency: Option<(usize, usize)>,
    /// The value of its date, when it has one (resolved against `published`).
    pub date: Option<String>,
}

/// Finds the dateline of `text` in language `lang`; its date, when there is
/// one, is the reference time [`annotate`] resolves the text against.
pub fn dateline(
    text: &str,
    lang: &str,
    published: Option<&Published>,
) -> Result<Option<Dateline>, TimeError> {
    let lex = lexicon(lang)?;
    let mut toks = token::tokenize(text);
    lex.mark(&mut toks);
    let anchor = published.map(value::Anchor::from_published);
    let tagger = rules::Tagger::new(lex, &toks, anchor);
    let span = |(a, b): (usize, usize)| -> Option<(usize, usize)> {
        Some((toks.get(a)?.start, toks.get(b.checked_sub(1)?)?.end))
    };
    Ok(tagger.dateline().and_then(|d| {
        Some(Dateline {
            place: span(d.place)?,
            agency: d.agency.and_then(span),
            date: d.date.map(|(f, _)| f.value),
        })
    }))
}

/// The time stage: fills [`Document::timexes`]. An unsupported language
/// leaves the layer empty (the pipeline already warns about it).
pub fn tag(doc: &mut Document) {
    let lang = doc.language.clone().unwrap_or_default();
    if lexicon(&lang).is_err() {
        return;
    }
    match annotate(&doc.text, &lang, doc.published.as_ref()) {
        Ok(t) => doc.timexes = t,
        Err(e) => doc.warnings.push(format!("time: {e}")),
    }
}
