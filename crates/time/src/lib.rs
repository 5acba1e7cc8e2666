//! TIMEX3 recognition and normalization for French and English news: finds
//! dates, times, durations and sets and resolves them against the
//! publication date at its own precision (no day is invented from a month).
//!
//! Invariant: offsets are code points into [`Document::text`]; every value
//! records in `anchor` what it was resolved against.

pub mod error;
pub mod lex;
pub mod rules;
pub mod token;
pub mod value;

pub use error::TimeError;
use lex::Lexicon;
use newsgraph_doc::{Document, Published, Timex, Token};

/// The lexicon of a supported language (its `lang/<iso>/time.txt` in the
/// language registry), parsed once.
pub fn lexicon(lang: &str) -> Result<&'static Lexicon, TimeError> {
    static LEXICONS: newsgraph_lang::PerLanguage<Result<Lexicon, String>> =
        newsgraph_lang::PerLanguage::new();
    let Some(data) = newsgraph_lang::language(lang).filter(|l| l.data("time.txt").is_some()) else {
        return Err(TimeError::UnsupportedLanguage(lang.to_string()));
    };
    LEXICONS
        .get_or_init(data, |l| {
            Lexicon::parse(l.code, l.data("time.txt").unwrap_or_default())
                .map_err(|e| e.to_string())
        })
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
    annotate_with_words(text, lang, published, &[])
}

/// The tense hint of each time token from the token layer's words (sorted
/// by offset): the hint of a verb or auxiliary covering the token's start,
/// else of the first word there.
fn hints(toks: &[token::Tok], words: &[Token]) -> Vec<Option<rules::TenseHint>> {
    let mut out = Vec::with_capacity(toks.len());
    let mut w = 0;
    for t in toks {
        while w < words.len() && words[w].end <= t.start {
            w += 1;
        }
        let here = words[w..]
            .iter()
            .take_while(|x| x.start <= t.start)
            .filter(|x| x.end > t.start);
        // A verb's tense wins over the other words of a multiword token.
        let mut hint = None;
        for x in here {
            match rules::TenseHint::from_ud(x.upos.as_deref(), x.feats.as_deref()) {
                Some(rules::TenseHint::NotVerb) => {
                    if hint.is_none() {
                        hint = Some(rules::TenseHint::NotVerb);
                    }
                }
                Some(h) => {
                    hint = Some(h);
                    break;
                }
                // A verb without tense (infinitive): nothing to say.
                None => hint = None,
            }
        }
        out.push(hint);
    }
    out
}

/// [`annotate`] with the segmenter's words (tokens with UPOS and UD
/// features): their `Tense`, `Mood` and `VerbForm` decide the tense around
/// an expression where they are known; cue words from the data decide
/// elsewhere. `words` may be empty.
pub fn annotate_with_words(
    text: &str,
    lang: &str,
    published: Option<&Published>,
    words: &[Token],
) -> Result<Vec<Timex>, TimeError> {
    let lex = lexicon(lang)?;
    let mut toks = token::tokenize(text);
    lex.mark(&mut toks);
    let anchor = published.map(value::Anchor::from_published);
    let mut tagger = rules::Tagger::new(lex, &toks, anchor);
    if words.iter().any(|w| w.upos.is_some()) {
        tagger = tagger.with_hints(hints(&toks, words));
    }
    let found = tagger.run();
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
    match annotate_with_words(&doc.text, &lang, doc.published.as_ref(), &doc.tokens) {
        Ok(t) => doc.timexes = t,
        Err(e) => doc.warnings.push(format!("time: {e}")),
    }
}
