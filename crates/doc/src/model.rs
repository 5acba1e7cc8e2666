//! The document and its annotation layers. Field order here is the field
//! order of the JSON output.

use crate::{Published, TextIndex, FORMAT_VERSION};
use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

/// One article: metadata, the original text, and stand-off layers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Document {
    /// Version of the output format ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// Identifier: given by the input, or derived from the file name (plus
    /// the line number for JSONL).
    pub id: String,
    /// Canonical URL, if known.
    pub url: Option<String>,
    /// The outlet that published the article, if known.
    pub source: Option<String>,
    /// Headline, if known.
    pub title: Option<String>,
    /// Publication date at its own precision.
    pub published: Option<Published>,
    /// ISO 639-1 code of the text's language (given or detected), or `und`.
    pub language: Option<String>,
    /// The original text, verbatim. Every offset indexes it in code points.
    pub text: String,
    /// Sentence spans, in text order, non-overlapping.
    pub sentences: Vec<Sentence>,
    /// Syntactic words (UD "words"), in text order. The words of a
    /// multiword token share its span.
    pub tokens: Vec<Token>,
    /// Multiword tokens (French `du` = `de` + `le`), in text order.
    #[serde(default)]
    pub multiword_tokens: Vec<MultiwordToken>,
    /// Named entities with their mentions.
    pub entities: Vec<Entity>,
    /// Temporal expressions (TIMEX3).
    pub timexes: Vec<Timex>,
    /// Quotations and reported speech.
    pub quotes: Vec<Quote>,
    /// Coded events.
    pub events: Vec<Event>,
    /// Non-fatal notes from the stages (e.g. unsupported language).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Document {
    /// A document with the given id and text and no layers.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            format_version: FORMAT_VERSION,
            id: id.into(),
            url: None,
            source: None,
            title: None,
            published: None,
            language: None,
            text: text.into(),
            sentences: Vec::new(),
            tokens: Vec::new(),
            multiword_tokens: Vec::new(),
            entities: Vec::new(),
            timexes: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Builds the byte ↔ code-point table for this document's text.
    pub fn index(&self) -> TextIndex {
        TextIndex::new(&self.text)
    }

    /// The text of a code-point span (empty if out of range).
    pub fn slice(&self, ix: &TextIndex, start: usize, end: usize) -> &str {
        let (b0, b1) = (ix.byte_of(start), ix.byte_of(end));
        self.text.get(b0..b1).unwrap_or("")
    }

    /// The tokens of sentence `i` (empty if out of range).
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        self.sentences
            .get(i)
            .and_then(|s| self.tokens.get(s.tokens[0]..s.tokens[1]))
            .unwrap_or(&[])
    }
}

/// A sentence: a code-point span and the range of its words.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
pub struct Sentence {
    /// Start offset (code points).
    pub start: usize,
    /// End offset, exclusive.
    pub end: usize,
    /// Range `[first, end)` of its words in [`Document::tokens`].
    pub tokens: [usize; 2],
    /// True when the sentence starts inside an open quotation (the
    /// quotation began in an earlier sentence).
    #[serde(default, skip_serializing_if = "is_false")]
    pub in_quote: bool,
}

/// A syntactic word.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
pub struct Token {
    /// Start offset (code points) of the surface token it belongs to.
    pub start: usize,
    /// End offset, exclusive.
    pub end: usize,
    /// The word form: the surface text, or for a word of a multiword token
    /// its syntactic form (`de`, `le` for `du`).
    pub text: String,
    /// Universal POS tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upos: Option<String>,
    /// Lemma.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lemma: Option<String>,
    /// UD morphological features, `Feat=Val|Feat=Val`, sorted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feats: Option<String>,
    /// Index in [`Document::tokens`] of the syntactic head; `None` for the
    /// root or when unparsed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head: Option<usize>,
    /// UD dependency relation (`root` for the root).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprel: Option<String>,
}

/// A multiword token: one surface token that is several syntactic words.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct MultiwordToken {
    /// Start offset (code points).
    pub start: usize,
    /// End offset, exclusive.
    pub end: usize,
    /// The surface text (`du`).
    pub text: String,
    /// Range `[first, end)` of its words in [`Document::tokens`].
    pub tokens: [usize; 2],
}

/// A span of text with its offsets.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Mention {
    /// Start offset (code points).
    pub start: usize,
    /// End offset, exclusive.
    pub end: usize,
    /// The text of the span.
    pub text: String,
}

/// A named entity: one identity and all its mentions in the document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entity {
    /// Document-local id (`e0`, `e1`, …), referenced by quotes and events.
    pub id: String,
    /// PER, ORG, GPE, LOC or MISC.
    #[serde(rename = "type")]
    pub kind: String,
    /// Canonical display name (the English KB label when known).
    pub name: String,
    /// Knowledge-base id (a Wikidata QID where known).
    pub kb: Option<String>,
    /// Mentions in text order.
    pub mentions: Vec<Mention>,
    /// CAMEO-style actor code (`BLR`, `BLRGOV`), when derivable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// TIMEX3 types.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period.
    Date,
    /// A time of day.
    Time,
    /// A length of time.
    Duration,
    /// A recurring time.
    Set,
}

/// A temporal expression, normalized.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Timex {
    /// Start offset (code points).
    pub start: usize,
    /// End offset, exclusive.
    pub end: usize,
    /// The text of the expression.
    pub text: String,
    /// TIMEX3 type.
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// ISO-TimeML value (`2023-03`, `P1Y`, `PRESENT_REF`, …).
    pub value: String,
    /// What the value was resolved against (e.g. `published:2023-05`).
    pub anchor: Option<String>,
    /// TIMEX3 `mod` (START, END, APPROX…), when the text says so.
    #[serde(default, rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}

/// Kinds of quotations.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// Words between quotation marks, a whole statement.
    Direct,
    /// A short quoted fragment inside a sentence.
    Partial,
    /// Reported speech without quotation marks.
    Indirect,
}

/// A reference to a participant: an entity id when resolved, and the text.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ArgRef {
    /// Entity id in [`Document::entities`], or `None` when unresolved.
    pub entity: Option<String>,
    /// The text naming the participant.
    pub text: String,
    /// CAMEO-style actor code of the participant in this role (`RUSGOV`
    /// for "Moscou" acting as the state), when derivable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// A word with its lemma: a reporting cue or an event trigger.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Cue {
    /// Start offset (code points).
    pub start: usize,
    /// End offset, exclusive.
    pub end: usize,
    /// The text of the cue.
    pub text: String,
    /// Its lemma.
    pub lemma: String,
}

/// A quotation or reported statement.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Quote {
    /// Start offset (code points) of the quoted content.
    pub start: usize,
    /// End offset, exclusive.
    pub end: usize,
    /// The content.
    pub text: String,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// Who said it, or `None` when nobody is named.
    pub speaker: Option<ArgRef>,
    /// The reporting verb or noun.
    pub cue: Option<Cue>,
    /// The outlet or channel that relays the words.
    pub via: Option<ArgRef>,
}

/// Event modality: who vouches for the event and how real it is.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    /// Stated as fact by the text.
    Asserted,
    /// Attributed to a source (inside a quote or under a reporting verb);
    /// [`Event::source`] names it.
    Reported,
    /// Intended or scheduled (future, "prévoit de", "will", "plans to").
    Planned,
    /// Under a condition (French conditional mood, "si", "if").
    Conditional,
    /// Said not to have happened.
    Negated,
    /// Possible, supposed.
    Hypothetical,
    /// A speaker denies it ([`Event::source`] names the speaker).
    Denied,
}

/// Where an event's time comes from.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum TimeBasis {
    /// A time expression attached to the event's clause.
    Timex,
    /// Inherited from the sentence or the narrative.
    Context,
    /// Only "no later than publication": `value` is null, `bound` is the
    /// publication date.
    Publication,
}

/// The time of an event: its own date, never silently the publication date.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EventTime {
    /// TIMEX3 value at its own precision (`1999`, `2023-03`,
    /// `2023-07-01`, `2023-07-01T08:30`), or `None` when unknown.
    pub value: Option<String>,
    /// Index in [`Document::timexes`] of the expression it comes from.
    pub timex: Option<usize>,
    /// Where the value (or the bound) comes from; `None` when nothing is
    /// known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<TimeBasis>,
    /// Upper bound when only that is known (the publication date, for a
    /// past event with no date of its own).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<String>,
}

/// An event mention coded actor–action–target–place–time (PLOVER 2.0).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Event {
    /// Document-local id (`v0`, `v1`, …).
    pub id: String,
    /// PLOVER 2.0 event type (`AGREE`, `MOBILIZE`, …).
    #[serde(rename = "type")]
    pub kind: String,
    /// PLOVER mode of the type, where the codebook defines one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// CAMEO root code (`01`…`20`) where the mapping is unambiguous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    /// The verb or event noun that expresses the event.
    pub trigger: Cue,
    /// Who acts; several when coordinated; empty when implicit.
    pub actors: Vec<ArgRef>,
    /// Whom it is done to, or the recipient; several when coordinated.
    pub targets: Vec<ArgRef>,
    /// Where.
    pub place: Option<ArgRef>,
    /// When it happened (or is to happen).
    pub time: EventTime,
    /// The main modality: `reported` when attributed, else the event's own.
    pub modality: Modality,
    /// Further modalities under the main one (`planned` for a reported
    /// plan, `conditional`…), in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub modifiers: Vec<Modality>,
    /// The speaker who reports (or denies) it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ArgRef>,
    /// Id of the statement event that reports this one, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
    /// Index in [`Document::quotes`] of the quote it lies in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<usize>,
    /// Index of the sentence in [`Document::sentences`].
    pub sentence: usize,
}
