//! Finding quotations and reported statements over the surface tokens of a
//! segmented document: direct and partial quotes between marks, indirect
//! speech around reporting verbs and "selon/according to", their speakers
//! (preposed, postposed, inverted, pronouns, descriptions) and the outlet
//! or channel that relays them.
//!
//! Invariant: every offset indexes [`Document::text`] in code points; a
//! speaker that cannot be resolved keeps its text and `entity: None`.

use crate::lexicon::{normalize, Lexicon};
use crate::marks::{self, Marked};
use newsgraph_doc::{ArgRef, Cue, Document, QuoteKind};

mod chunking;
mod coref;
mod direct;
mod indirect;
mod relays;

/// A found quotation with the local spans the document layer does not keep
/// (used by the evaluation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// Content start (code points).
    pub start: usize,
    /// Content end, exclusive.
    pub end: usize,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// The span naming the speaker in the text (the pronoun or description
    /// itself when resolved to an antecedent), if any.
    pub speaker_span: Option<(usize, usize)>,
    /// The speaker, resolved where possible.
    pub speaker: Option<ArgRef>,
    /// The reporting cue.
    pub cue: Option<Cue>,
    /// The relaying outlet or channel.
    pub via: Option<ArgRef>,
    /// Index of the sentence where the content starts.
    pub sentence: usize,
}

/// A surface token.
#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    text: String,
    norm: String,
    sent: usize,
    /// Index of the quotation (in `marked`) whose content holds it.
    quote: Option<usize>,
}

impl Tok {
    fn is_word(&self) -> bool {
        self.text.chars().any(char::is_alphanumeric)
    }
    fn is_cap(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    fn is_punct(&self) -> bool {
        !self.is_word()
    }
}

/// A statement before speaker resolution (token indices).
#[derive(Debug, Clone)]
struct Stmt {
    /// Content token range `[a, b)`, or a character span for quotes.
    start: usize,
    end: usize,
    kind: QuoteKind,
    cue: Option<(usize, usize)>,
    lemma: String,
    /// Speaker token range.
    speaker: Option<(usize, usize)>,
    via: Option<(usize, usize)>,
    sentence: usize,
    /// For a direct quote without attribution: take the previous speaker.
    inherit: bool,
    /// Relay verb statement ("a rapporté Reuters").
    relay: bool,
}

struct Ctx<'a> {
    doc: &'a Document,
    lx: &'a Lexicon,
    chars: Vec<char>,
    toks: Vec<Tok>,
    /// Surface token range of each sentence.
    sents: Vec<(usize, usize)>,
    marked: Vec<Marked>,
    /// Offsets of the opening and closing marks of `marked` (O(1) lookups).
    mark_opens: std::collections::HashSet<usize>,
    mark_closes: std::collections::HashSet<usize>,
    /// Tokens inside each quotation of `marked`, in order.
    inside_of: Vec<Vec<usize>>,
    /// The document's coreference chains (pronoun antecedents).
    coref: newsgraph_coref::Coref,
    /// Dependents of every word (empty without a parse).
    tree: crate::parse::Tree,
}

/// An attribution next to a quotation: cue token range, speaker token
/// range, relaying verb.
type Attr = (usize, usize, Option<(usize, usize)>, bool);

/// The last resolved speaker: sentence, speaker, its span, content start.
type Last = (usize, ArgRef, Option<(usize, usize)>, usize);

/// How many earlier names a description ("le ministre") is compared with:
/// a bound that keeps speaker resolution linear in the document.
const MAX_DESCRIPTION_CANDIDATES: usize = 200;

/// How many sentences back a direct quotation without attribution looks
/// for the previous speaker (a continuing quote; tuned on PolNeAR dev:
/// 2 → 4 sentences, speaker accuracy 74.19 → 74.34).
const INHERIT_SENTENCES: usize = 4;

const PUNCT_CLAUSE: &[&str] = &[".", ";", "!", "?", "…"];

/// Extracts the quotations of a segmented document (empty when it has no
/// tokens or its language has no cue data).
pub fn extract(doc: &Document) -> Vec<Found> {
    let lang = doc.language.clone().unwrap_or_default();
    let Some(lx) = Lexicon::for_language(&lang) else {
        return Vec::new();
    };
    if doc.tokens.is_empty() || doc.sentences.is_empty() {
        return Vec::new();
    }
    let ctx = Ctx::new(doc, lx);
    let mut stmts = ctx.quotes_between_marks();
    ctx.indirect(&mut stmts);
    ctx.via_and_relays(&mut stmts);
    ctx.partial_speakers(&mut stmts);
    ctx.parse_speakers(&mut stmts);
    stmts.sort_by_key(|s| (s.start, s.end));
    ctx.resolve(&stmts)
}

impl<'a> Ctx<'a> {
    fn new(doc: &'a Document, lx: &'a Lexicon) -> Self {
        let chars: Vec<char> = doc.text.chars().collect();
        let mut marked = marks::find(&chars);
        marked.sort_by_key(|m| (m.open, m.close));
        let mut sent_of_word = vec![0usize; doc.tokens.len()];
        for (si, s) in doc.sentences.iter().enumerate() {
            for w in sent_of_word
                .iter_mut()
                .take(s.tokens[1].min(doc.tokens.len()))
                .skip(s.tokens[0])
            {
                *w = si;
            }
        }
        let mut toks: Vec<Tok> = Vec::with_capacity(doc.tokens.len());
        for (wi, w) in doc.tokens.iter().enumerate() {
            if toks
                .last()
                .is_some_and(|t| t.start == w.start && t.end == w.end)
            {
                continue;
            }
            if w.end > chars.len() || w.start >= w.end {
                continue;
            }
            let text: String = chars[w.start..w.end].iter().collect();
            // Outermost quotations do not overlap: only the last one opening
            // before the token can hold it (binary search, not a scan).
            let quote = marked
                .partition_point(|m| m.open < w.start)
                .checked_sub(1)
                .filter(|&q| w.end <= marked[q].close);
            toks.push(Tok {
                start: w.start,
                end: w.end,
                norm: normalize(&text),
                text,
                sent: sent_of_word[wi],
                quote,
            });
        }
        let mut sents = vec![(0usize, 0usize); doc.sentences.len()];
        let mut i = 0;
        for (si, range) in sents.iter_mut().enumerate() {
            let a = i;
            while i < toks.len() && toks[i].sent == si {
                i += 1;
            }
            *range = (a, i);
        }
        let mut inside_of = vec![Vec::new(); marked.len()];
        for (i, t) in toks.iter().enumerate() {
            if let Some(q) = t.quote {
                inside_of[q].push(i);
            }
        }
        Ctx {
            doc,
            lx,
            chars,
            toks,
            sents,
            mark_opens: marked.iter().map(|m| m.open).collect(),
            mark_closes: marked.iter().map(|m| m.close).collect(),
            marked,
            inside_of,
            coref: newsgraph_coref::resolve(doc),
            tree: crate::parse::Tree::new(doc),
        }
    }

    pub(super) fn text(&self, a: usize, b: usize) -> String {
        self.chars
            .get(a..b.min(self.chars.len()))
            .map(|c| c.iter().collect())
            .unwrap_or_default()
    }

    /// Normalized token text without an inversion mark ("ajoute-t").
    pub(super) fn base(&self, i: usize) -> &str {
        self.lx.strip_inversion(&self.toks[i].norm)
    }

    pub(super) fn is_clitic_pronoun(&self, i: usize) -> bool {
        let n = &self.toks[i].norm;
        n.starts_with('-') && self.lx.pronouns.contains_key(self.lx.clitic_base(n))
    }

    pub(super) fn is_pronoun(&self, i: usize) -> bool {
        self.lx.pronouns.contains_key(self.toks[i].norm.as_str()) || self.is_clitic_pronoun(i)
    }

    /// A reporting verb at token `i` used as a verb (not after a determiner).
    pub(super) fn verb_at(&self, i: usize) -> Option<&'a crate::lexicon::Verb> {
        let v = self.lx.verb(self.base(i))?;
        let sent_start = self.sent_range(self.toks[i].sent).0;
        if self
            .match_phrase(i, &self.lx.relay, self.toks.len())
            .is_some()
        {
            return None;
        }
        if self.toks[i].is_cap() && i > sent_start && !self.is_opening_mark(i - 1) {
            return None;
        }
        if i > 0 && self.lx.determiners.contains(self.toks[i - 1].norm.as_str()) {
            let prev = self.toks[i - 1].norm.as_str();
            // "de"/"d'" introduce infinitives ("vient de dire"); "that" is a complementizer.
            if !self.lx.verb_after_determiner.contains(prev) {
                return None;
            }
        }
        Some(v)
    }

    /// Matches one of `phrases` starting at token `i`; returns the token end.
    pub(super) fn match_phrase(&self, i: usize, phrases: &[String], hi: usize) -> Option<usize> {
        'p: for p in phrases {
            let mut acc = String::new();
            let mut j = i;
            while j < hi {
                if j > i && self.toks[j].start > self.toks[j - 1].end {
                    acc.push(' ');
                }
                acc.push_str(&self.toks[j].norm);
                j += 1;
                if acc == *p {
                    // Whole-word match only.
                    return Some(j);
                }
                if !p.starts_with(acc.as_str()) {
                    continue 'p;
                }
            }
        }
        None
    }

    pub(super) fn sent_range(&self, s: usize) -> (usize, usize) {
        self.sents.get(s).copied().unwrap_or((0, 0))
    }

    pub(super) fn is_closing_mark(&self, i: usize) -> bool {
        self.mark_closes.contains(&self.toks[i].start)
    }

    pub(super) fn is_opening_mark(&self, i: usize) -> bool {
        self.mark_opens.contains(&self.toks[i].start)
    }

    pub(super) fn lemma_of(&self, c: usize, e: usize) -> String {
        if let Some(v) = self.lx.verb(self.base(c)) {
            return v.lemma.clone();
        }
        let toks: Vec<&str> = (c..e).map(|i| self.toks[i].norm.as_str()).collect();
        toks.join(" ").replace("' ", "'")
    }

    pub(super) fn is_opening_mark_tok(&self, t: &Tok) -> bool {
        self.mark_opens.contains(&t.start)
    }

    pub(super) fn is_closing_mark_tok(&self, t: &Tok) -> bool {
        self.mark_closes.contains(&t.start)
    }

    pub(super) fn span_of(&self, (a, b): (usize, usize)) -> (usize, usize) {
        (self.toks[a].start, self.toks[b - 1].end)
    }

    pub(super) fn sent_of_char(&self, c: usize) -> usize {
        // Sentences are in text order: a binary search.
        let i = self.doc.sentences.partition_point(|s| s.end <= c);
        match self.doc.sentences.get(i) {
            Some(s) if c >= s.start => i,
            _ => 0,
        }
    }
}
