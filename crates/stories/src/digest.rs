//! What the stories stage keeps of a document: its grouping features, its
//! event mentions with participants as corpus keys, its quotations and its
//! metadata — enough to group, to build facts and to find conflicts without
//! the full document (a store keeps one digest per document).

use crate::facts::mentions_of;
use crate::features::{entity_key, match_key, order_key, parse_number, DocFeatures};
use newsgraph_doc::{ArgRef, Document, Modality, QuoteKind, TimeBasis};
use serde::{Deserialize, Serialize};

/// A participant: match key (`kb:…` or `name:…`) and display name.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Participant {
    /// Match key.
    pub key: String,
    /// Display name (the entity's canonical name, else the text).
    pub name: String,
}

/// One event mention, reduced to what facts compare.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FactMention {
    /// Event type (PLOVER, or `lemma:<lang>:<lemma>` from the parse).
    pub kind: String,
    /// Actors.
    pub actors: Vec<Participant>,
    /// Targets.
    pub targets: Vec<Participant>,
    /// Place.
    pub place: Option<Participant>,
    /// The event's own date (TIMEX3 value), never the publication date.
    pub time: Option<String>,
    /// Modality.
    pub modality: Modality,
    /// Who reports or denies it.
    pub source: Option<String>,
    /// Sentence index.
    pub sentence: usize,
    /// Numbers of the sentence with the lemma of what they count.
    pub numbers: Vec<(String, String)>,
    /// The trigger's lemma keyed by language (`fr:annoncer`), from the token
    /// layer: a coded event and a parse fallback with the same trigger lemma
    /// can be one fact (the events layer may code one report's "a annoncé"
    /// and not another's). Absent in digests stored before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lemma: Option<String>,
}

/// A direct or partial quotation with its speaker.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QuoteDigest {
    /// The quoted words.
    pub text: String,
    /// The speaker.
    pub speaker: Participant,
}

/// An entity of the document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EntityDigest {
    /// Corpus key (`kb:…` or `TYPE:name key`).
    pub key: String,
    /// Match key (`kb:…` or `name:…`).
    pub match_key: String,
    /// Display name.
    pub name: String,
    /// Type.
    pub kind: String,
}

/// The digest of one document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Digest {
    /// Document id.
    pub id: String,
    /// `source` as given.
    pub source: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Publication date as given (ISO 8601 at its precision).
    pub published: Option<String>,
    /// Minutes into the publication day, when the time is given (ordering).
    pub minutes: u32,
    /// Language.
    pub language: Option<String>,
    /// Headline, else the first sentence (120 characters at most).
    pub title: String,
    /// Grouping features.
    pub features: DocFeatures,
    /// Event mentions.
    pub mentions: Vec<FactMention>,
    /// Direct and partial quotations with a named speaker.
    pub quotes: Vec<QuoteDigest>,
    /// Entities.
    pub entities: Vec<EntityDigest>,
}

fn participant(doc: &Document, a: &ArgRef) -> Participant {
    match a
        .entity
        .as_deref()
        .and_then(|id| doc.entities.iter().find(|e| e.id == id))
    {
        Some(e) => Participant {
            key: match_key(e),
            name: e.name.clone(),
        },
        None => Participant {
            key: format!("text:{}", newsgraph_entities::names::key(&a.text)),
            name: a.text.clone(),
        },
    }
}

/// The lemma of the token starting at `start`, keyed by the document's
/// language (`fr:annoncer`), as the parse fallback types its mentions.
fn trigger_lemma(doc: &Document, start: usize) -> Option<String> {
    let i = doc.tokens.partition_point(|t| t.start < start);
    let t = doc.tokens.get(i).filter(|t| t.start == start)?;
    let lemma = t.lemma.as_deref().unwrap_or(&t.text).to_lowercase();
    let lang = doc.language.as_deref().unwrap_or("und");
    Some(format!("{lang}:{lemma}"))
}

/// Numbers written in a sentence with the lemma of the word they count
/// (`("soldat", "500")`).
fn sentence_numbers(doc: &Document, sentence: usize) -> Vec<(String, String)> {
    let Some(s) = doc.sentences.get(sentence) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for t in s.tokens[0]..s.tokens[1].min(doc.tokens.len()) {
        let tok = &doc.tokens[t];
        if tok.upos.as_deref() != Some("NUM") || tok.deprel.as_deref() != Some("nummod") {
            continue;
        }
        let (Some(v), Some(h)) = (
            parse_number(&tok.text),
            tok.head.and_then(|h| doc.tokens.get(h)),
        ) else {
            continue;
        };
        let unit = h
            .lemma
            .clone()
            .unwrap_or_else(|| h.text.clone())
            .to_lowercase();
        out.push((unit, v));
    }
    out
}

impl Digest {
    /// The digest of an analyzed document.
    pub fn of(doc: &Document) -> Self {
        let mentions = mentions_of(doc)
            .iter()
            .map(|ev| FactMention {
                kind: ev.kind.clone(),
                actors: ev.actors.iter().map(|a| participant(doc, a)).collect(),
                targets: ev.targets.iter().map(|a| participant(doc, a)).collect(),
                place: ev.place.as_ref().map(|p| participant(doc, p)),
                time: ev
                    .time
                    .value
                    .clone()
                    .filter(|_| ev.time.basis != Some(TimeBasis::Publication)),
                modality: ev.modality,
                source: ev.source.as_ref().map(|s| participant(doc, s).name),
                sentence: ev.sentence,
                numbers: sentence_numbers(doc, ev.sentence),
                lemma: trigger_lemma(doc, ev.trigger.start),
            })
            .collect();
        let quotes = doc
            .quotes
            .iter()
            .filter(|q| q.kind != QuoteKind::Indirect)
            .filter_map(|q| {
                Some(QuoteDigest {
                    text: q.text.clone(),
                    speaker: participant(doc, q.speaker.as_ref()?),
                })
            })
            .collect();
        let title = doc.title.clone().unwrap_or_else(|| {
            let s = doc.sentences.first().map_or(doc.text.as_str(), |s| {
                let ix = doc.index();
                doc.slice(&ix, s.start, s.end)
            });
            s.chars().take(120).collect()
        });
        Digest {
            id: doc.id.clone(),
            source: doc.source.clone(),
            url: doc.url.clone(),
            published: doc.published.map(|p| p.to_string()),
            minutes: order_key(doc).2,
            language: doc.language.clone(),
            title,
            features: DocFeatures::of(doc),
            mentions,
            quotes,
            entities: doc
                .entities
                .iter()
                .map(|e| EntityDigest {
                    key: entity_key(e),
                    match_key: match_key(e),
                    name: e.name.clone(),
                    kind: e.kind.clone(),
                })
                .collect(),
        }
    }

    /// Publication-order key (undated last, then by id). A date coarser
    /// than a day (`2023-05`) orders at the end of its period: the document
    /// is known to exist only then, and it can join the stories of that
    /// period (the same order whether grouped in one batch or at ingest).
    pub fn order(&self) -> (bool, i64, u32, String) {
        match self.features.day {
            Some(d) => (
                false,
                self.features.day_hi.unwrap_or(d),
                self.minutes,
                self.id.clone(),
            ),
            None => (true, 0, 0, self.id.clone()),
        }
    }

    /// The outlet: `source`, else the URL host.
    pub fn outlet(&self) -> Option<String> {
        if let Some(s) = self
            .source
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            return Some(s.to_string());
        }
        let url = self.url.as_deref()?;
        let rest = url.split_once("://").map_or(url, |p| p.1);
        let host = rest.split(['/', '?', '#']).next()?;
        let host = host.strip_prefix("www.").unwrap_or(host);
        (!host.is_empty()).then(|| host.to_string())
    }
}
