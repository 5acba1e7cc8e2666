//! Corpus queries: search, entity profiles, timelines, quotes, events,
//! outlets, statistics and documents. Every result is a plain
//! serde-serializable struct; every list is paged and bounded.

use crate::error::{Result, StoreError};
use crate::SqliteStore;
use newsgraph_doc::{Timex, TimexType};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The largest page any query returns.
pub const MAX_LIMIT: u64 = 1000;

/// Longest accepted query string (characters).
pub const MAX_QUERY_CHARS: usize = 512;

/// Matches ranked per full-text index and search: the most recently stored
/// ones (see [`Store::search`]).
pub const SEARCH_CANDIDATES: i64 = 2000;

/// Offset and size of a page of results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// Rows to skip.
    pub offset: u64,
    /// Rows to return (clamped to 1..=[`MAX_LIMIT`]).
    pub limit: u64,
}

impl Default for Page {
    fn default() -> Self {
        Page {
            offset: 0,
            limit: 20,
        }
    }
}

impl Page {
    /// A page of `limit` rows after `offset`.
    pub fn new(offset: u64, limit: u64) -> Page {
        Page { offset, limit }
    }

    pub(crate) fn limit(&self) -> i64 {
        self.limit.clamp(1, MAX_LIMIT) as i64
    }

    pub(crate) fn offset(&self) -> i64 {
        self.offset.min(i64::MAX as u64 / 2) as i64
    }
}

/// Filters on the documents a result comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocFilter {
    /// Published on or after this date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub from: Option<String>,
    /// Published on or before this date (same forms; `2024-03` includes
    /// the whole month).
    pub to: Option<String>,
    /// Language code.
    pub language: Option<String>,
    /// Outlet (exact, case-insensitive).
    pub source: Option<String>,
    /// Mentions this entity (name or key).
    pub entity: Option<String>,
}

/// A corpus entity with its counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntitySummary {
    /// Corpus key (`kb:Q42`, `PER:jean dupont`): the stable id.
    pub key: String,
    /// Canonical name.
    pub name: String,
    /// PER, ORG, GPE, LOC or MISC.
    #[serde(rename = "type")]
    pub kind: String,
    /// Knowledge-base id, when linked.
    pub kb: Option<String>,
    /// CAMEO-style actor code, when known.
    pub code: Option<String>,
    /// Mentions across the corpus.
    pub mentions: i64,
    /// Documents mentioning it.
    pub documents: i64,
}

/// One surface form of an entity in one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Alias {
    /// Language of the documents it was seen in.
    pub language: String,
    /// The form.
    pub alias: String,
    /// Times seen.
    pub count: i64,
}

/// An entity seen in the same documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cooccurrence {
    /// Corpus key.
    pub key: String,
    /// Canonical name.
    pub name: String,
    /// Type.
    #[serde(rename = "type")]
    pub kind: String,
    /// Documents shared (over the whole corpus, kept at ingest).
    pub documents: i64,
}

/// A participant of a quote or event: its corpus entity when resolved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Corpus key, when the text was resolved to an entity.
    pub key: Option<String>,
    /// Canonical name of that entity.
    pub name: Option<String>,
    /// The text naming it in the document.
    pub text: String,
    /// CAMEO-style actor code in this role.
    pub code: Option<String>,
}

impl Participant {
    /// The name to show: the canonical one, else the text.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.text)
    }
}

/// Where a result comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocRef {
    /// Document id.
    pub doc_id: String,
    /// Headline.
    pub title: Option<String>,
    /// URL.
    pub url: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Publication date at its precision.
    pub published: Option<String>,
    /// Language.
    pub language: Option<String>,
}

/// A stored quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteRow {
    /// The document.
    #[serde(flatten)]
    pub doc: DocRef,
    /// Index in the document's quotes.
    pub index: i64,
    /// Code-point span of the content in the document text.
    pub start: i64,
    /// End, exclusive.
    pub end: i64,
    /// The content.
    pub text: String,
    /// direct, partial or indirect.
    pub kind: String,
    /// Who said it.
    pub speaker: Option<Participant>,
    /// Reporting verb or noun.
    pub cue: Option<String>,
    /// Relaying outlet or channel.
    pub via: Option<Participant>,
}

/// A stored event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventRow {
    /// The document.
    #[serde(flatten)]
    pub doc: DocRef,
    /// Document-local event id (`v0`).
    pub event_id: String,
    /// PLOVER type.
    #[serde(rename = "type")]
    pub kind: String,
    /// PLOVER mode.
    pub mode: Option<String>,
    /// CAMEO root code.
    pub cameo: Option<String>,
    /// Trigger text.
    pub trigger: String,
    /// Trigger lemma.
    pub trigger_lemma: String,
    /// Code-point span of the trigger in the document text.
    pub trigger_start: i64,
    /// End, exclusive.
    pub trigger_end: i64,
    /// Actors in order.
    pub actors: Vec<Participant>,
    /// Targets in order.
    pub targets: Vec<Participant>,
    /// Place.
    pub place: Option<Participant>,
    /// The event's own TIMEX3 value, if any.
    pub time_value: Option<String>,
    /// Precision of that value (year, month, day, time, week, quarter,
    /// season, other).
    pub time_precision: Option<String>,
    /// timex, context or publication.
    pub time_basis: Option<String>,
    /// Upper bound when only that is known.
    pub time_bound: Option<String>,
    /// The date it is placed at: its own date, else the publication date.
    pub date: String,
    /// True when `date` is the event's own date; false when it is the
    /// publication date.
    pub dated: bool,
    /// Main modality.
    pub modality: String,
    /// Further modalities.
    pub modifiers: Vec<String>,
    /// Who reports or denies it.
    pub source_speaker: Option<Participant>,
    /// Id of the reporting statement event.
    pub reported_by: Option<String>,
    /// Index of the quote it lies in.
    pub quote: Option<i64>,
    /// Sentence index.
    pub sentence: i64,
}

/// One search result: a document or a quote, with a snippet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    /// `document` or `quote`.
    pub kind: String,
    /// The document.
    #[serde(flatten)]
    pub doc: DocRef,
    /// For a quote: who said it.
    pub speaker: Option<String>,
    /// Plain-text excerpt around the matches (`…` where cut).
    pub snippet: String,
    /// Code-point spans `[start, end)` of the matched terms in `snippet`.
    pub highlights: Vec<[usize; 2]>,
    /// Relevance (BM25, higher is better).
    pub score: f64,
}

/// A full-text query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchQuery {
    /// Words (all must match; a trailing `*` matches a prefix; diacritics
    /// and case are ignored).
    pub text: String,
    /// Document filters.
    pub filter: DocFilter,
    /// Page.
    pub page: Page,
}

/// An entity profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityProfile {
    /// The entity and its counts.
    pub entity: EntitySummary,
    /// Surface forms by language, most frequent first.
    pub aliases: Vec<Alias>,
    /// Entities most often in the same documents.
    pub cooccurring: Vec<Cooccurrence>,
    /// Its latest quotes.
    pub quotes: Vec<QuoteRow>,
    /// Latest events involving it (actor, target, place or source).
    pub events: Vec<EventRow>,
}

/// One item of a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineItem {
    /// When it happened (`YYYY[-MM[-DD[Thh:mm]]]`), or the publication
    /// date when `dated` is false; `~` when neither is known.
    pub date: String,
    /// False when placed at the publication date (no date of its own).
    pub dated: bool,
    /// `event` or `quote`.
    pub kind: String,
    /// One-line description.
    pub summary: String,
    /// The event, for `event` items.
    pub event: Option<EventRow>,
    /// The quote, for `quote` items.
    pub quote: Option<QuoteRow>,
}

/// An entity's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timeline {
    /// The entity.
    pub entity: EntitySummary,
    /// Items ordered by when they happened.
    pub items: Vec<TimelineItem>,
}

/// A quote query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteQuery {
    /// Said by this entity (name or key).
    pub speaker: Option<String>,
    /// Mentioning this entity inside the quote.
    pub about: Option<String>,
    /// Document filters.
    pub filter: DocFilter,
    /// Page.
    pub page: Page,
}

/// An event query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventQuery {
    /// With this actor (name or key).
    pub actor: Option<String>,
    /// With this target (name or key).
    pub target: Option<String>,
    /// PLOVER type.
    pub kind: Option<String>,
    /// Event date on or after.
    pub from: Option<String>,
    /// Event date on or before.
    pub to: Option<String>,
    /// Main modality.
    pub modality: Option<String>,
    /// Page.
    pub page: Page,
}

/// An outlet and its documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRow {
    /// Outlet (`source`, else URL host; empty when unknown).
    pub source: String,
    /// Documents.
    pub documents: i64,
    /// Earliest publication date.
    pub first_published: Option<String>,
    /// Latest publication date.
    pub last_published: Option<String>,
}

/// A count per value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Count {
    /// The value.
    pub value: String,
    /// How many.
    pub count: i64,
}

/// Store statistics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// Schema version.
    pub schema_version: i64,
    /// Documents.
    pub documents: i64,
    /// Sentences.
    pub sentences: i64,
    /// Corpus entities (with at least one document).
    pub entities: i64,
    /// Entity mentions.
    pub mentions: i64,
    /// Temporal expressions.
    pub timexes: i64,
    /// Quotes.
    pub quotes: i64,
    /// Events.
    pub events: i64,
    /// Outlets.
    pub sources: i64,
    /// Documents per language.
    pub languages: Vec<Count>,
    /// Earliest publication date.
    pub first_published: Option<String>,
    /// Latest publication date.
    pub last_published: Option<String>,
}

/// A document's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentMeta {
    /// Where it comes from.
    #[serde(flatten)]
    pub doc: DocRef,
    /// Publication date precision.
    pub precision: Option<String>,
    /// Content hash.
    pub content_hash: String,
    /// Analyzer version of its layers.
    pub analyzer: String,
    /// When it was stored (UTC).
    pub ingested_at: String,
}

/// A document entity with its corpus entity and mention spans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocEntity {
    /// Document-local id (`e0`).
    pub local_id: String,
    /// The corpus entity.
    pub entity: EntitySummary,
    /// Code-point spans of its mentions.
    pub mentions: Vec<[i64; 2]>,
}

/// A stored document with its layers as the store keeps them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentView {
    /// Metadata.
    pub meta: DocumentMeta,
    /// Original text.
    pub text: String,
    /// Sentence spans.
    pub sentences: Vec<[i64; 2]>,
    /// Entities.
    pub entities: Vec<DocEntity>,
    /// Quotes.
    pub quotes: Vec<QuoteRow>,
    /// Events.
    pub events: Vec<EventRow>,
    /// Time expressions, in document order (as in the document format).
    pub timexes: Vec<newsgraph_doc::Timex>,
}

// ---------------------------------------------------------------- helpers

pub(crate) fn check_len(what: &str, s: &str) -> Result<()> {
    if s.chars().count() > MAX_QUERY_CHARS {
        return Err(StoreError::Query(format!(
            "{what} longer than {MAX_QUERY_CHARS} characters"
        )));
    }
    Ok(())
}

/// Checks a `YYYY[-MM[-DD]]` bound.
pub(crate) fn check_date(s: &str) -> Result<()> {
    let ok = crate::ingest::timex_date(s)
        .is_some_and(|(d, p)| d == s && matches!(p, "year" | "month" | "day"));
    if ok {
        Ok(())
    } else {
        Err(StoreError::Query(format!(
            "date {s:?} is not YYYY, YYYY-MM or YYYY-MM-DD"
        )))
    }
}

/// A query's conditions (joined by AND) and their bound parameters: the one
/// place filters become SQL. Values are always parameters, never spliced.
#[derive(Debug, Default)]
struct Where {
    sql: String,
    args: Vec<Value>,
}

impl Where {
    /// Adds ` AND <cond>` with one parameter for its `?`.
    fn and(&mut self, cond: &str, arg: Value) {
        self.sql.push_str(" AND ");
        self.sql.push_str(cond);
        self.args.push(arg);
    }

    /// Bounds on a sort key: `to` is inclusive of everything under its
    /// prefix.
    fn dates(&mut self, col: &str, from: Option<&str>, to: Option<&str>) -> Result<()> {
        if let Some(f) = from {
            check_date(f)?;
            self.and(&format!("{col} >= ?"), Value::Text(f.to_string()));
        }
        if let Some(t) = to {
            check_date(t)?;
            // '~' sorts after every digit, '-', 'T' and ':'.
            self.and(&format!("{col} <= ?"), Value::Text(format!("{t}~")));
        }
        Ok(())
    }

    /// Adds ` AND <cond>` when the value is given (bounded length).
    fn equal(&mut self, what: &str, cond: &str, v: Option<&str>) -> Result<()> {
        if let Some(v) = v {
            check_len(what, v)?;
            self.and(cond, Value::Text(v.to_string()));
        }
        Ok(())
    }

    /// The parameters followed by `extra`.
    fn params(&self, extra: &[i64]) -> Vec<Value> {
        let mut v = self.args.clone();
        v.extend(extra.iter().map(|x| Value::Integer(*x)));
        v
    }
}

/// Turns user words into an FTS5 query: each word a quoted string (AND),
/// a trailing `*` kept as a prefix query.
pub(crate) fn fts_query(text: &str) -> Result<String> {
    check_len("search", text)?;
    let mut parts = Vec::new();
    for w in text.split_whitespace().take(32) {
        let (w, prefix) = match w.strip_suffix('*') {
            Some(w) => (w, true),
            None => (w, false),
        };
        let w: String = w.chars().filter(|c| *c != '"').collect();
        if w.chars().any(char::is_alphanumeric) {
            parts.push(format!("\"{w}\"{}", if prefix { "*" } else { "" }));
        }
    }
    if parts.is_empty() {
        return Err(StoreError::Query("search needs at least one word".into()));
    }
    Ok(parts.join(" "))
}

/// Splits an FTS5 snippet marked with STX/ETX into text and highlight spans.
fn unmark(s: &str) -> (String, Vec<[usize; 2]>) {
    let mut out = String::with_capacity(s.len());
    let mut spans = Vec::new();
    let (mut n, mut open) = (0usize, None);
    for c in s.chars() {
        match c {
            '\u{2}' => open = Some(n),
            '\u{3}' => {
                if let Some(o) = open.take() {
                    spans.push([o, n]);
                }
            }
            c => {
                out.push(c);
                n += 1;
            }
        }
    }
    (out, spans)
}

pub(crate) const ENTITY_COLS: &str = "key, name, type, kb, code, mention_count, document_count";

fn entity_row(r: &Row<'_>) -> rusqlite::Result<EntitySummary> {
    entity_at(r, 0)
}

/// An [`EntitySummary`] from the [`ENTITY_COLS`] starting at column `i`.
fn entity_at(r: &Row<'_>, i: usize) -> rusqlite::Result<EntitySummary> {
    Ok(EntitySummary {
        key: r.get(i)?,
        name: r.get(i + 1)?,
        kind: r.get(i + 2)?,
        kb: r.get(i + 3)?,
        code: r.get(i + 4)?,
        mentions: r.get(i + 5)?,
        documents: r.get(i + 6)?,
    })
}

fn doc_ref(r: &Row<'_>, i: usize) -> rusqlite::Result<DocRef> {
    Ok(DocRef {
        doc_id: r.get(i)?,
        title: r.get(i + 1)?,
        url: r.get(i + 2)?,
        source: r.get(i + 3)?,
        published: r.get(i + 4)?,
        language: r.get(i + 5)?,
    })
}

pub(crate) const DOC_COLS: &str = "d.id, d.title, d.url, d.outlet, d.published, d.language";

pub(crate) fn participant(
    key: Option<String>,
    name: Option<String>,
    text: Option<String>,
    code: Option<String>,
) -> Option<Participant> {
    let text = text.or_else(|| name.clone())?;
    Some(Participant {
        key,
        name,
        text,
        code,
    })
}

const QUOTE_SELECT: &str = "SELECT d.id, d.title, d.url, d.outlet, d.published, d.language,
    q.idx, q.start, q.end, q.text, q.kind, s.key, s.name, q.speaker_text, q.cue, v.key, v.name, q.via_text,
    q.quote
  FROM quotes q JOIN documents d ON d.doc = q.doc
  LEFT JOIN entities s ON s.entity = q.speaker
  LEFT JOIN entities v ON v.entity = q.via";

fn quote_row(r: &Row<'_>) -> rusqlite::Result<QuoteRow> {
    Ok(QuoteRow {
        doc: doc_ref(r, 0)?,
        index: r.get(6)?,
        start: r.get(7)?,
        end: r.get(8)?,
        text: r.get(9)?,
        kind: r.get(10)?,
        speaker: participant(r.get(11)?, r.get(12)?, r.get(13)?, None),
        cue: r.get(14)?,
        via: participant(r.get(15)?, r.get(16)?, r.get(17)?, None),
    })
}

pub(crate) const EVENT_SELECT: &str =
    "SELECT d.id, d.title, d.url, d.outlet, d.published, d.language,
    e.event, e.local_id, e.type, e.mode, e.cameo, e.trigger, e.trigger_lemma,
    p.key, p.name, e.place_text, e.place_code, e.time_value, e.time_precision, e.time_basis,
    e.time_bound, e.sort_date, e.dated, e.modality, e.modifiers, s.key, s.name, e.source_text,
    e.reported_by, e.quote_idx, e.sentence, e.trigger_start, e.trigger_end
  FROM events e JOIN documents d ON d.doc = e.doc
  LEFT JOIN entities p ON p.entity = e.place
  LEFT JOIN entities s ON s.entity = e.source";

fn event_row(r: &Row<'_>) -> rusqlite::Result<(i64, EventRow)> {
    let modifiers: Option<String> = r.get(24)?;
    Ok((
        r.get(6)?,
        EventRow {
            doc: doc_ref(r, 0)?,
            event_id: r.get(7)?,
            kind: r.get(8)?,
            mode: r.get(9)?,
            cameo: r.get(10)?,
            trigger: r.get(11)?,
            trigger_lemma: r.get(12)?,
            trigger_start: r.get(31)?,
            trigger_end: r.get(32)?,
            actors: Vec::new(),
            targets: Vec::new(),
            place: participant(r.get(13)?, r.get(14)?, r.get(15)?, r.get(16)?),
            time_value: r.get(17)?,
            time_precision: r.get(18)?,
            time_basis: r.get(19)?,
            time_bound: r.get(20)?,
            date: r.get(21)?,
            dated: r.get(22)?,
            modality: r.get(23)?,
            modifiers: modifiers
                .map(|m| m.split(',').map(str::to_string).collect())
                .unwrap_or_default(),
            source_speaker: participant(r.get(25)?, r.get(26)?, r.get(27)?, None),
            reported_by: r.get(28)?,
            quote: r.get(29)?,
            sentence: r.get(30)?,
        },
    ))
}

fn timex_row(r: &Row<'_>) -> rusqlite::Result<Timex> {
    let kind: String = r.get(3)?;
    Ok(Timex {
        start: r.get::<_, i64>(0)?.max(0) as usize,
        end: r.get::<_, i64>(1)?.max(0) as usize,
        text: r.get(2)?,
        kind: match kind.as_str() {
            "TIME" => TimexType::Time,
            "DURATION" => TimexType::Duration,
            "SET" => TimexType::Set,
            _ => TimexType::Date,
        },
        value: r.get(4)?,
        anchor: r.get(5)?,
        modifier: r.get(6)?,
    })
}

/// Internal ids as a JSON array, for `IN (SELECT value FROM json_each(?))`.
fn id_list(ids: impl Iterator<Item = i64>) -> String {
    let v: Vec<String> = ids.map(|i| i.to_string()).collect();
    format!("[{}]", v.join(","))
}

/// The two full-text indexes.
#[derive(Debug, Clone, Copy)]
enum Fts {
    Documents,
    Quotes,
}

impl Fts {
    /// `FROM … WHERE` of a match joined to its document (alias `d`).
    fn from(self) -> &'static str {
        match self {
            Fts::Documents => {
                "FROM documents_fts JOIN documents d ON d.doc = documents_fts.rowid
                 WHERE documents_fts MATCH ?"
            }
            Fts::Quotes => {
                "FROM quotes_fts JOIN quotes q ON q.quote = quotes_fts.rowid
                 JOIN documents d ON d.doc = q.doc WHERE quotes_fts MATCH ?"
            }
        }
    }

    fn table(self) -> &'static str {
        match self {
            Fts::Documents => "documents_fts",
            Fts::Quotes => "quotes_fts",
        }
    }

    /// BM25 with title words weighing more than text words.
    fn score(self) -> &'static str {
        match self {
            Fts::Documents => "bm25(documents_fts, 4.0, 1.0)",
            Fts::Quotes => "bm25(quotes_fts)",
        }
    }

    /// Document columns, speaker and snippet of one match.
    fn hit(self) -> String {
        match self {
            Fts::Documents => format!(
                "SELECT {DOC_COLS}, NULL, snippet(documents_fts, 1, char(2), char(3), '…', 20)
                 FROM documents_fts JOIN documents d ON d.doc = documents_fts.rowid
                 WHERE documents_fts MATCH ?1 AND documents_fts.rowid = ?2"
            ),
            Fts::Quotes => format!(
                "SELECT {DOC_COLS}, coalesce(s.name, q.speaker_text),
                   snippet(quotes_fts, 0, char(2), char(3), '…', 20)
                 FROM quotes_fts JOIN quotes q ON q.quote = quotes_fts.rowid
                 JOIN documents d ON d.doc = q.doc
                 LEFT JOIN entities s ON s.entity = q.speaker
                 WHERE quotes_fts MATCH ?1 AND quotes_fts.rowid = ?2"
            ),
        }
    }

    fn kind(self) -> &'static str {
        match self {
            Fts::Documents => "document",
            Fts::Quotes => "quote",
        }
    }
}

/// A ranked match before its snippet is made.
struct Ranked {
    fts: Fts,
    rowid: i64,
    score: f64,
    doc_id: String,
}

impl SqliteStore {
    /// Runs a cached statement and maps its rows.
    fn rows<T>(
        &self,
        sql: &str,
        args: impl rusqlite::Params,
        f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>> {
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_map(args, f)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    fn entity_id(&self, q: &str) -> Result<Option<(i64, EntitySummary)>> {
        check_len("entity", q)?;
        let q = q.trim();
        if q.is_empty() {
            return Ok(None);
        }
        let sel = format!("SELECT entity, {ENTITY_COLS} FROM entities");
        let one = |sql: &str, arg: &str| -> Result<Option<(i64, EntitySummary)>> {
            Ok(self
                .conn
                .prepare_cached(sql)?
                .query_row([arg], |r| Ok((r.get(0)?, entity_at(r, 1)?)))
                .optional()?)
        };
        let live = "document_count > 0";
        if let Some(e) = one(&format!("{sel} WHERE key = ?1 AND {live}"), q)? {
            return Ok(Some(e));
        }
        if let Some(e) = one(&format!("{sel} WHERE key = 'kb:' || ?1 AND {live}"), q)? {
            return Ok(Some(e));
        }
        if let Some(e) = one(
            &format!(
                "{sel} WHERE name = ?1 COLLATE NOCASE AND {live} ORDER BY document_count DESC, entity LIMIT 1"
            ),
            q,
        )? {
            return Ok(Some(e));
        }
        if let Some(e) = one(
            &format!(
                "{sel} WHERE entity = (SELECT entity FROM aliases WHERE alias = ?1 COLLATE NOCASE
                   GROUP BY entity ORDER BY sum(count) DESC, entity LIMIT 1) AND {live}"
            ),
            q,
        )? {
            return Ok(Some(e));
        }
        let key = newsgraph_entities::names::key(q);
        one(
            &format!(
                "{sel} WHERE name_key = ?1 AND {live} ORDER BY document_count DESC, entity LIMIT 1"
            ),
            &key,
        )
    }

    fn require_entity(&self, q: &str) -> Result<i64> {
        self.entity_id(q)?
            .map(|(id, _)| id)
            .ok_or_else(|| StoreError::Query(format!("no entity matches {q:?}")))
    }

    /// The corpus entity a name, alias, KB id or corpus key designates
    /// (the most documented one when several share a name).
    pub fn find_entity(&self, name_or_id: &str) -> Result<Option<EntitySummary>> {
        Ok(self.entity_id(name_or_id)?.map(|(_, s)| s))
    }

    /// Entities whose name starts with `prefix` (case-insensitive), most
    /// documented first.
    pub fn list_entities(&self, prefix: &str, page: Page) -> Result<Vec<EntitySummary>> {
        check_len("entity", prefix)?;
        let pattern = format!(
            "{}%",
            prefix
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        self.rows(
            &format!(
                "SELECT {ENTITY_COLS} FROM entities WHERE document_count > 0 AND name LIKE ?1 ESCAPE '\\'
                 ORDER BY document_count DESC, key LIMIT ?2 OFFSET ?3"
            ),
            params![pattern, page.limit(), page.offset()],
            entity_row,
        )
    }

    /// The conditions of a [`DocFilter`] on the documents aliased `d`.
    fn doc_where(&self, f: &DocFilter, w: &mut Where) -> Result<()> {
        w.dates("d.sort_date", f.from.as_deref(), f.to.as_deref())?;
        w.equal("language", "d.language = ?", f.language.as_deref())?;
        w.equal("source", "d.outlet = ? COLLATE NOCASE", f.source.as_deref())?;
        if let Some(e) = &f.entity {
            let id = self.require_entity(e)?;
            w.and(
                "d.doc IN (SELECT doc FROM doc_entities WHERE entity = ?)",
                Value::Integer(id),
            );
        }
        Ok(())
    }

    /// The best `want` matches of one index among its
    /// [`SEARCH_CANDIDATES`] most recently stored matches.
    fn ranked(&self, fts: Fts, text: &str, w: &Where, want: i64) -> Result<Vec<Ranked>> {
        let table = fts.table();
        let mut args = vec![Value::Text(text.to_string())];
        args.extend(w.args.iter().cloned());
        // The lowest rowid among the most recent candidates: walking the
        // index backwards by rowid costs no ranking.
        let lowest: Option<i64> = self
            .conn
            .prepare_cached(&format!(
                "SELECT min(r) FROM (SELECT {table}.rowid AS r {} {} ORDER BY {table}.rowid DESC LIMIT ?)",
                fts.from(),
                w.sql
            ))?
            .query_row(
                params_from_iter(
                    args.iter()
                        .cloned()
                        .chain([Value::Integer(SEARCH_CANDIDATES)]),
                ),
                |r| r.get(0),
            )?;
        let Some(lowest) = lowest else {
            return Ok(Vec::new());
        };
        let mut args2 = vec![Value::Text(text.to_string()), Value::Integer(lowest)];
        args2.extend(w.args.iter().cloned());
        args2.push(Value::Integer(want));
        self.rows(
            &format!(
                "SELECT {table}.rowid, {} AS score, d.id {} AND {table}.rowid >= ?{}
                 ORDER BY score, d.id LIMIT ?",
                fts.score(),
                fts.from(),
                w.sql
            ),
            params_from_iter(args2),
            |r| {
                Ok(Ranked {
                    fts,
                    rowid: r.get(0)?,
                    score: -r.get::<_, f64>(1)?,
                    doc_id: r.get(2)?,
                })
            },
        )
    }

    /// Full-text search over document titles and texts and over quotes,
    /// ranked by BM25 (title words weigh more) among the
    /// [`SEARCH_CANDIDATES`] most recently stored matches of each index,
    /// with snippets for the page asked for.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        let fts = fts_query(&q.text)?;
        let want = q.page.offset() + q.page.limit();
        let mut w = Where::default();
        self.doc_where(&q.filter, &mut w)?;
        let mut ranked = self.ranked(Fts::Documents, &fts, &w, want)?;
        ranked.extend(self.ranked(Fts::Quotes, &fts, &w, want)?);
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.doc_id.cmp(&b.doc_id))
        });
        let mut hits = Vec::new();
        for r in ranked
            .into_iter()
            .skip(q.page.offset() as usize)
            .take(q.page.limit() as usize)
        {
            let hit = self
                .conn
                .prepare_cached(&r.fts.hit())?
                .query_row(params![fts, r.rowid], |row| {
                    let snippet: String = row.get(7)?;
                    let (snippet, highlights) = unmark(&snippet);
                    Ok(SearchHit {
                        kind: r.fts.kind().to_string(),
                        doc: doc_ref(row, 0)?,
                        speaker: row.get(6)?,
                        snippet,
                        highlights,
                        score: r.score,
                    })
                })
                .optional()?;
            hits.extend(hit);
        }
        Ok(hits)
    }

    /// The profile of an entity; `None` when nothing matches. `limit`
    /// bounds each list (aliases, co-occurring, quotes, events).
    pub fn entity_profile(&self, name_or_id: &str, limit: u64) -> Result<Option<EntityProfile>> {
        let Some((id, entity)) = self.entity_id(name_or_id)? else {
            return Ok(None);
        };
        let limit = limit.clamp(1, MAX_LIMIT) as i64;
        let aliases = self.rows(
            "SELECT language, alias, count FROM aliases WHERE entity = ?1 AND count > 0
             ORDER BY count DESC, language, alias LIMIT ?2",
            params![id, limit],
            |r| {
                Ok(Alias {
                    language: r.get(0)?,
                    alias: r.get(1)?,
                    count: r.get(2)?,
                })
            },
        )?;
        let cooccurring = self.rows(
            "SELECT x.key, x.name, x.type, c.documents FROM cooccurrence c
             JOIN entities x ON x.entity = c.other
             WHERE c.entity = ?1 AND c.documents > 0
             ORDER BY c.documents DESC, x.key LIMIT ?2",
            params![id, limit],
            |r| {
                Ok(Cooccurrence {
                    key: r.get(0)?,
                    name: r.get(1)?,
                    kind: r.get(2)?,
                    documents: r.get(3)?,
                })
            },
        )?;
        let quotes = self.rows(
            &format!(
                "{QUOTE_SELECT} WHERE q.speaker = ?1 ORDER BY q.sort_date DESC, q.quote DESC LIMIT ?2"
            ),
            params![id, limit],
            quote_row,
        )?;
        let event_ids: Vec<i64> = self.rows(
            "SELECT ref FROM entity_timeline WHERE entity = ?1 AND kind = 'event'
             ORDER BY sort_date DESC, ref DESC LIMIT ?2",
            params![id, limit],
            |r| r.get(0),
        )?;
        Ok(Some(EntityProfile {
            entity,
            aliases,
            cooccurring,
            quotes,
            events: self
                .events_by_id(&event_ids)?
                .into_iter()
                .map(|(_, e)| e)
                .collect(),
        }))
    }

    /// Events with their actors and targets (one query for all of them).
    fn with_args(&self, rows: Vec<(i64, EventRow)>) -> Result<Vec<EventRow>> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let ids = id_list(rows.iter().map(|(id, _)| *id));
        let args = self.rows(
            "SELECT a.event, a.role, x.key, x.name, a.text, a.code FROM event_args a
             LEFT JOIN entities x ON x.entity = a.entity
             WHERE a.event IN (SELECT value FROM json_each(?1)) ORDER BY a.event, a.role, a.idx",
            [ids],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    participant(r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?),
                ))
            },
        )?;
        let mut by_event: HashMap<i64, Vec<(String, Participant)>> = HashMap::new();
        for (e, role, p) in args {
            if let Some(p) = p {
                by_event.entry(e).or_default().push((role, p));
            }
        }
        Ok(rows
            .into_iter()
            .map(|(id, mut ev)| {
                for (role, p) in by_event.remove(&id).unwrap_or_default() {
                    if role == "actor" {
                        ev.actors.push(p);
                    } else {
                        ev.targets.push(p);
                    }
                }
                ev
            })
            .collect())
    }

    /// The events of these internal ids, in that order (missing ones
    /// left out), each with its internal id.
    fn events_by_id(&self, ids: &[i64]) -> Result<Vec<(i64, EventRow)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut rows: HashMap<i64, EventRow> = self
            .rows(
                &format!("{EVENT_SELECT} WHERE e.event IN (SELECT value FROM json_each(?1))"),
                [id_list(ids.iter().copied())],
                event_row,
            )?
            .into_iter()
            .collect();
        let ordered: Vec<(i64, EventRow)> = ids
            .iter()
            .filter_map(|id| rows.remove(id).map(|ev| (*id, ev)))
            .collect();
        let keys: Vec<i64> = ordered.iter().map(|(id, _)| *id).collect();
        Ok(keys.into_iter().zip(self.with_args(ordered)?).collect())
    }

    /// The quotes of these internal ids, by id.
    fn quotes_by_id(&self, ids: &[i64]) -> Result<HashMap<i64, QuoteRow>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(self
            .rows(
                &format!("{QUOTE_SELECT} WHERE q.quote IN (SELECT value FROM json_each(?1))"),
                [id_list(ids.iter().copied())],
                |r| Ok((r.get::<_, i64>(18)?, quote_row(r)?)),
            )?
            .into_iter()
            .collect())
    }

    /// An entity's events and statements ordered by when they happened:
    /// an event at its own date, an event without one and every quote at
    /// its document's publication date (`dated: false`). `from`/`to`
    /// bound that date. `None` when no entity matches.
    pub fn timeline(
        &self,
        name_or_id: &str,
        from: Option<&str>,
        to: Option<&str>,
        page: Page,
    ) -> Result<Option<Timeline>> {
        let Some((id, entity)) = self.entity_id(name_or_id)? else {
            return Ok(None);
        };
        let mut w = Where::default();
        w.and("entity = ?", Value::Integer(id));
        w.dates("sort_date", from, to)?;
        let refs = self.rows(
            &format!(
                "SELECT kind, ref, sort_date FROM entity_timeline WHERE 1 = 1{}
                 ORDER BY sort_date, ref LIMIT ? OFFSET ?",
                w.sql
            ),
            params_from_iter(w.params(&[page.limit(), page.offset()])),
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?;
        let ids = |event: bool| -> Vec<i64> {
            refs.iter()
                .filter(|(k, ..)| (k == "event") == event)
                .map(|(_, r, _)| *r)
                .collect()
        };
        let mut events: HashMap<i64, EventRow> =
            self.events_by_id(&ids(true))?.into_iter().collect();
        let mut quotes = self.quotes_by_id(&ids(false))?;
        let mut items = Vec::new();
        for (kind, r, date) in refs {
            if kind == "event" {
                if let Some(ev) = events.remove(&r) {
                    items.push(TimelineItem {
                        date,
                        dated: ev.dated,
                        kind,
                        summary: event_summary(&ev),
                        event: Some(ev),
                        quote: None,
                    });
                }
            } else if let Some(q) = quotes.remove(&r) {
                items.push(TimelineItem {
                    date,
                    dated: false,
                    kind,
                    summary: quote_summary(&q),
                    event: None,
                    quote: Some(q),
                });
            }
        }
        Ok(Some(Timeline { entity, items }))
    }

    /// Quotes, latest first, optionally by a speaker and about an entity
    /// (mentioned inside the quote).
    pub fn quotes(&self, q: &QuoteQuery) -> Result<Vec<QuoteRow>> {
        let mut w = Where::default();
        if let Some(s) = &q.speaker {
            w.and("q.speaker = ?", Value::Integer(self.require_entity(s)?));
        }
        if let Some(a) = &q.about {
            w.and(
                "EXISTS (SELECT 1 FROM mentions m WHERE m.doc = q.doc AND m.entity = ?
                   AND m.start >= q.start AND m.end <= q.end)",
                Value::Integer(self.require_entity(a)?),
            );
        }
        self.doc_where(&q.filter, &mut w)?;
        self.rows(
            &format!(
                "{QUOTE_SELECT} WHERE 1 = 1{} ORDER BY q.sort_date DESC, q.quote DESC LIMIT ? OFFSET ?",
                w.sql
            ),
            params_from_iter(w.params(&[q.page.limit(), q.page.offset()])),
            quote_row,
        )
    }

    /// Events, latest first by event date (publication date when
    /// undated), filtered by actor, target, type, date and modality.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>> {
        let mut w = Where::default();
        for (cond, who) in [
            (
                "e.event IN (SELECT event FROM event_args WHERE entity = ? AND role = 'actor')",
                &q.actor,
            ),
            (
                "e.event IN (SELECT event FROM event_args WHERE entity = ? AND role = 'target')",
                &q.target,
            ),
        ] {
            if let Some(who) = who {
                w.and(cond, Value::Integer(self.require_entity(who)?));
            }
        }
        w.equal("type", "e.type = ? COLLATE NOCASE", q.kind.as_deref())?;
        w.equal(
            "modality",
            "e.modality = ? COLLATE NOCASE",
            q.modality.as_deref(),
        )?;
        w.dates("e.sort_date", q.from.as_deref(), q.to.as_deref())?;
        let rows = self.rows(
            &format!(
                "{EVENT_SELECT} WHERE 1 = 1{} ORDER BY e.sort_date DESC, e.event DESC LIMIT ? OFFSET ?",
                w.sql
            ),
            params_from_iter(w.params(&[q.page.limit(), q.page.offset()])),
            event_row,
        )?;
        self.with_args(rows)
    }

    /// Outlets with their document counts, largest first.
    pub fn sources(&self, page: Page) -> Result<Vec<SourceRow>> {
        self.rows(
            "SELECT coalesce(outlet, ''), count(*) AS n, min(published), max(published)
             FROM documents GROUP BY outlet ORDER BY n DESC, outlet LIMIT ?1 OFFSET ?2",
            params![page.limit(), page.offset()],
            |r| {
                Ok(SourceRow {
                    source: r.get(0)?,
                    documents: r.get(1)?,
                    first_published: r.get(2)?,
                    last_published: r.get(3)?,
                })
            },
        )
    }

    /// Counts over the whole store, read from the counters kept at ingest.
    pub fn stats(&self) -> Result<Stats> {
        // One read transaction: every count from the same snapshot.
        let tx = self.conn.unchecked_transaction()?;
        let counters: HashMap<String, i64> = self
            .rows("SELECT name, value FROM counters", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?
            .into_iter()
            .collect();
        let count = |name: &str| counters.get(name).copied().unwrap_or(0);
        let prefixed = |prefix: &str| {
            let mut v: Vec<Count> = counters
                .iter()
                .filter(|(_, n)| **n > 0)
                .filter_map(|(k, n)| {
                    k.strip_prefix(prefix).map(|v| Count {
                        value: v.to_string(),
                        count: *n,
                    })
                })
                .collect();
            v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
            v
        };
        let mut languages = prefixed("language:");
        languages.truncate(100);
        let (first, last) = self.conn.query_row(
            "SELECT (SELECT min(published) FROM documents), (SELECT max(published) FROM documents)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let stats = Stats {
            schema_version: self.schema_version()?,
            documents: count("documents"),
            sentences: count("sentences"),
            entities: count("entities"),
            mentions: count("mentions"),
            timexes: count("timexes"),
            quotes: count("quotes"),
            events: count("events"),
            sources: prefixed("outlet:").len() as i64,
            languages,
            first_published: first,
            last_published: last,
        };
        tx.commit()?;
        Ok(stats)
    }

    /// Documents, latest published first, filtered.
    pub fn documents(&self, filter: &DocFilter, page: Page) -> Result<Vec<DocumentMeta>> {
        let mut w = Where::default();
        self.doc_where(filter, &mut w)?;
        self.rows(
            &format!(
                "SELECT {DOC_COLS}, d.precision, d.content_hash, d.analyzer, d.ingested_at
                 FROM documents d WHERE 1 = 1{} ORDER BY d.sort_date DESC, d.doc DESC LIMIT ? OFFSET ?",
                w.sql
            ),
            params_from_iter(w.params(&[page.limit(), page.offset()])),
            meta_row,
        )
    }

    /// One stored document with all its layers: metadata, text, sentences,
    /// entities with their mentions, quotes, events (with trigger spans)
    /// and time expressions.
    pub fn document(&self, id: &str) -> Result<Option<DocumentView>> {
        check_len("document id", id)?;
        let row = self
            .conn
            .prepare_cached(&format!(
                "SELECT {DOC_COLS}, d.precision, d.content_hash, d.analyzer, d.ingested_at, d.doc, d.text
                 FROM documents d WHERE d.id = ?1"
            ))?
            .query_row([id], |r| Ok((meta_row(r)?, r.get::<_, i64>(10)?, r.get::<_, String>(11)?)))
            .optional()?;
        let Some((meta, doc, text)) = row else {
            return Ok(None);
        };
        let sentences = self.rows(
            "SELECT start, end FROM sentences WHERE doc = ?1 ORDER BY idx",
            [doc],
            |r| Ok([r.get(0)?, r.get(1)?]),
        )?;
        let mut entities = self.rows(
            &format!(
                "SELECT de.local_id, {ENTITY_COLS} FROM doc_entities de
                 JOIN entities USING (entity) WHERE de.doc = ?1"
            ),
            [doc],
            |r| {
                Ok(DocEntity {
                    local_id: r.get(0)?,
                    entity: entity_at(r, 1)?,
                    mentions: Vec::new(),
                })
            },
        )?;
        let mentions = self.rows(
            "SELECT m.start, m.end, e.key FROM mentions m JOIN entities e USING (entity)
             WHERE m.doc = ?1 ORDER BY m.start",
            [doc],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )?;
        for (s, e, key) in mentions {
            if let Some(de) = entities.iter_mut().find(|d| d.entity.key == key) {
                de.mentions.push([s, e]);
            }
        }
        entities.sort_by(|a, b| {
            a.local_id
                .len()
                .cmp(&b.local_id.len())
                .then(a.local_id.cmp(&b.local_id))
        });
        let quotes = self.rows(
            &format!("{QUOTE_SELECT} WHERE q.doc = ?1 ORDER BY q.idx"),
            [doc],
            quote_row,
        )?;
        let events = self.rows(
            &format!("{EVENT_SELECT} WHERE e.doc = ?1 ORDER BY e.event"),
            [doc],
            event_row,
        )?;
        let timexes = self.rows(
            "SELECT start, end, text, type, value, anchor, mod FROM timexes WHERE doc = ?1 ORDER BY idx",
            [doc],
            timex_row,
        )?;
        Ok(Some(DocumentView {
            meta,
            text,
            sentences,
            entities,
            quotes,
            events: self.with_args(events)?,
            timexes,
        }))
    }
}

fn meta_row(r: &Row<'_>) -> rusqlite::Result<DocumentMeta> {
    Ok(DocumentMeta {
        doc: doc_ref(r, 0)?,
        precision: r.get(6)?,
        content_hash: r.get(7)?,
        analyzer: r.get(8)?,
        ingested_at: r.get(9)?,
    })
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n).collect();
        t.push('…');
        t
    }
}

/// One line describing an event: actors, type (trigger), targets, place.
pub fn event_summary(ev: &EventRow) -> String {
    let names = |v: &[Participant]| {
        v.iter()
            .map(Participant::label)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut s = String::new();
    if !ev.actors.is_empty() {
        s.push_str(&names(&ev.actors));
        s.push(' ');
    }
    s.push_str(&format!("{} ({})", ev.kind, ev.trigger));
    if !ev.targets.is_empty() {
        s.push_str(" → ");
        s.push_str(&names(&ev.targets));
    }
    if let Some(p) = &ev.place {
        s.push_str(" @ ");
        s.push_str(p.label());
    }
    if ev.modality != "asserted" {
        s.push_str(&format!(" [{}]", ev.modality));
    }
    cut(&s, 200)
}

/// One line describing a quote: speaker and words.
pub fn quote_summary(q: &QuoteRow) -> String {
    let who = q.speaker.as_ref().map(Participant::label).unwrap_or("?");
    cut(&format!("{who}: “{}”", q.text), 200)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fts_queries_are_quoted() {
        assert_eq!(
            fts_query("Genève accord").ok().as_deref(),
            Some("\"Genève\" \"accord\"")
        );
        assert_eq!(fts_query("minist*").ok().as_deref(), Some("\"minist\"*"));
        assert_eq!(fts_query("a\"b OR").ok().as_deref(), Some("\"ab\" \"OR\""));
        assert!(fts_query("  \" ").is_err());
    }

    #[test]
    fn snippets_unmarked() {
        let (t, h) = unmark("…le \u{2}sommet\u{3} de \u{2}Genève\u{3}");
        assert_eq!(t, "…le sommet de Genève");
        assert_eq!(h, vec![[4, 10], [14, 20]]);
    }
}
