//! Stories kept in the store (schema version 3; compressed digests and
//! records since version 4): the digest of every document waiting to be
//! grouped or grouped, the stories with their documents, entities, facts,
//! fact mentions and conflicts. Every operation works on both backends
//! (SQLite here, PostgreSQL in `pg/stories.rs`).
//!
//! The store does not know how stories are made: `newsgraph-stories` writes
//! opaque JSON digests and story records through this API (the dependency
//! goes stories → store, never back).
//!
//! Invariant: a document has at most one digest row; its `story` is NULL
//! until grouped, and is set back to NULL when the document is replaced.
//! Invariant: a story's rows (story, documents, entities, facts, mentions,
//! conflicts) are replaced together in one transaction.

use crate::error::{Result, StoreError};
use crate::query::{Page, MAX_LIMIT};
use crate::{Backend, SqliteStore, Store};
use flate2::Compression;
use rusqlite::types::{Value, ValueRef};
use rusqlite::{params, params_from_iter, OptionalExtension};
use std::io::{Read, Write};

/// A stored document digest.
#[derive(Debug, Clone, PartialEq)]
pub struct DigestRow {
    /// Document id.
    pub doc_id: String,
    /// Publication day number (days since 1970-01-01), None when undated.
    pub day: Option<i64>,
    /// Last day of the publication period (a month-precision date: its
    /// last day).
    pub day_end: Option<i64>,
    /// Minutes into the publication day (ordering).
    pub minutes: i64,
    /// The story it is in, None while waiting to be grouped.
    pub story: Option<i64>,
    /// The document it copies or translates.
    pub copy_of: Option<String>,
    /// The digest (JSON written by `newsgraph-stories`).
    pub digest: String,
}

/// A document of a stored story.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryDocRow {
    /// Document id.
    pub doc_id: String,
    /// Outlet as given.
    pub source: Option<String>,
    /// Publication date as given.
    pub published: Option<String>,
    /// Language.
    pub language: Option<String>,
    /// The document it copies or translates.
    pub copy_of: Option<String>,
    /// Outlet chain (`AFP via Le Figaro`).
    pub chain: String,
}

/// A top entity of a stored story.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryEntityRow {
    /// Corpus entity key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Documents naming it.
    pub documents: i64,
}

/// A fact of a stored story.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryFactRow {
    /// Fact id within the story.
    pub fact: String,
    /// Event type.
    pub kind: String,
    /// Actors.
    pub actor: Vec<String>,
    /// Targets.
    pub target: Vec<String>,
    /// Place.
    pub place: Option<String>,
    /// Event date.
    pub time: Option<String>,
    /// Earliest report.
    pub earliest_report: Option<String>,
    /// Independent sources.
    pub independent_sources: i64,
    /// Mentions: (document id, sentence index).
    pub mentions: Vec<(String, i64)>,
}

/// A conflict of a stored story.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryConflictRow {
    /// The fact (None for a quote given to different speakers).
    pub fact: Option<String>,
    /// What differs (`time`, `place`, `actor`, `target`, `number`,
    /// `assertion`, `speaker`).
    pub field: String,
    /// The values with their documents, JSON `[{value, documents}]`.
    pub values: String,
}

/// A story to store.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryRecord {
    /// Story number (shown as `s<number>`).
    pub story: i64,
    /// Title.
    pub title: String,
    /// Earliest publication date.
    pub first_published: Option<String>,
    /// Latest publication date.
    pub last_published: Option<String>,
    /// Day number of the earliest publication.
    pub first_day: Option<i64>,
    /// Day number of the latest publication.
    pub last_day: Option<i64>,
    /// Languages.
    pub languages: Vec<String>,
    /// Independent sources.
    pub independent_sources: i64,
    /// Documents in publication order.
    pub documents: Vec<StoryDocRow>,
    /// Top entities.
    pub entities: Vec<StoryEntityRow>,
    /// Facts.
    pub facts: Vec<StoryFactRow>,
    /// Conflicts.
    pub conflicts: Vec<StoryConflictRow>,
    /// The whole story as JSON (what `stories --format jsonl` prints).
    pub record: String,
}

/// Filters of [`Store::stories`].
#[derive(Debug, Clone, Default)]
pub struct StoryQuery {
    /// Stories with a document published on or after this day number.
    pub from_day: Option<i64>,
    /// Stories with a document published on or before this day number.
    pub to_day: Option<i64>,
    /// Stories naming this entity (corpus key, `kb:` id or name, any case).
    pub entity: Option<String>,
    /// Stories with at least this many documents.
    pub min_documents: Option<i64>,
}

/// The parts of a story id: `s12` (or `12`) → 12.
pub fn parse_story_id(id: &str) -> Option<i64> {
    id.strip_prefix('s').unwrap_or(id).parse().ok()
}

/// The story id shown for a story number.
pub fn story_id(n: i64) -> String {
    format!("s{n}")
}

/// A story digest ready to be stored: compressed when made (so that the
/// caller can make it on another thread), written with its document by
/// [`Store::ingest_batch_with_digests`] or alone by
/// [`Store::put_packed_digest`].
#[derive(Debug, Clone, PartialEq)]
pub struct PackedDigest {
    /// Publication day number, None when undated.
    pub day: Option<i64>,
    /// Last day of the publication period.
    pub day_end: Option<i64>,
    /// Minutes into the publication day.
    pub minutes: i64,
    pub(crate) bytes: Vec<u8>,
}

impl PackedDigest {
    /// Compresses the digest JSON written by `newsgraph-stories`.
    pub fn new(day: Option<i64>, day_end: Option<i64>, minutes: i64, json: &str) -> PackedDigest {
        PackedDigest {
            day,
            day_end,
            minutes,
            bytes: pack(json),
        }
    }
}

/// The stored form of a JSON value (schema 4): zlib-compressed. Falls back
/// to the plain JSON (which [`unpack`] reads too) if compression fails.
pub(crate) fn pack(json: &str) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(json.len() / 2 + 16),
        Compression::fast(),
    );
    match e.write_all(json.as_bytes()).and_then(|_| e.finish()) {
        Ok(v) => v,
        Err(_) => json.as_bytes().to_vec(),
    }
}

/// Largest JSON value unpacked (a corrupt value never allocates more).
const MAX_UNPACKED: u64 = 256 << 20;

/// The JSON of a stored value: plain JSON (starts with `{`, written by
/// schema 3) or zlib-compressed JSON (schema 4).
pub(crate) fn unpack(what: &str, bytes: &[u8]) -> Result<String> {
    let bad = |reason: String| StoreError::Corrupt {
        path: std::path::PathBuf::from(what),
        reason,
    };
    if bytes.first() == Some(&b'{') {
        return String::from_utf8(bytes.to_vec()).map_err(|e| bad(e.to_string()));
    }
    let mut out = String::new();
    flate2::read::ZlibDecoder::new(bytes)
        .take(MAX_UNPACKED)
        .read_to_string(&mut out)
        .map_err(|e| bad(format!("cannot decompress: {e}")))?;
    Ok(out)
}

/// A packed value read from SQLite (BLOB, or TEXT written by schema 3).
fn sqlite_unpack(what: &str, v: ValueRef<'_>) -> Result<String> {
    match v {
        ValueRef::Blob(b) | ValueRef::Text(b) => unpack(what, b),
        _ => Err(StoreError::Corrupt {
            path: std::path::PathBuf::from(what),
            reason: "not a stored JSON value".into(),
        }),
    }
}

fn digest_row(r: &rusqlite::Row<'_>) -> Result<DigestRow> {
    let doc_id: String = r.get(0)?;
    let digest = sqlite_unpack(&format!("story digest of {doc_id}"), r.get_ref(6)?)?;
    Ok(DigestRow {
        doc_id,
        day: r.get(1)?,
        day_end: r.get(2)?,
        minutes: r.get(3)?,
        story: r.get(4)?,
        copy_of: r.get(5)?,
        digest,
    })
}

pub(crate) const DIGEST_COLS: &str = "doc_id, day, day_end, minutes, story, copy_of, digest";

/// A filter value of [`story_where`].
pub(crate) enum Param {
    Int(i64),
    Text(String),
}

/// The WHERE clause of a story query over `stories s`, with placeholders
/// made by `ph` (`?1` in SQLite, `$1` in PostgreSQL) and its values.
/// `nocase(a, b)` spells an ASCII case-insensitive comparison.
pub(crate) fn story_where(
    q: &StoryQuery,
    ph: fn(usize) -> String,
    nocase: fn(&str, &str) -> String,
) -> (String, Vec<Param>) {
    let mut w = vec!["1 = 1".to_string()];
    let mut p: Vec<Param> = Vec::new();
    if let Some(d) = q.from_day {
        p.push(Param::Int(d));
        w.push(format!("coalesce(s.last_day, {n}) >= {n}", n = ph(p.len())));
    }
    if let Some(d) = q.to_day {
        p.push(Param::Int(d));
        w.push(format!(
            "coalesce(s.first_day, {n}) <= {n}",
            n = ph(p.len())
        ));
    }
    if let Some(e) = q.entity.as_deref().filter(|e| !e.is_empty()) {
        p.push(Param::Text(e.to_string()));
        let n = ph(p.len());
        w.push(format!(
            "s.story IN (SELECT story FROM story_entities WHERE {} OR key = 'kb:' || {n} OR {})",
            nocase("key", &n),
            nocase("name", &n)
        ));
    }
    if let Some(m) = q.min_documents {
        p.push(Param::Int(m));
        w.push(format!("s.document_count >= {}", ph(p.len())));
    }
    (w.join(" AND "), p)
}

fn sqlite_values(p: Vec<Param>) -> Vec<Value> {
    p.into_iter()
        .map(|x| match x {
            Param::Int(i) => Value::Integer(i),
            Param::Text(t) => Value::Text(t),
        })
        .collect()
}

fn sqlite_where(q: &StoryQuery) -> (String, Vec<Value>) {
    let (w, p) = story_where(
        q,
        |n| format!("?{n}"),
        |a, b| format!("{a} = {b} COLLATE NOCASE"),
    );
    (w, sqlite_values(p))
}

macro_rules! on_backend {
    ($self:ident . $m:ident ( $($a:expr),* )) => {
        match &$self.backend {
            Backend::Sqlite(s) => s.$m($($a),*),
            Backend::Pg(p) => p.$m($($a),*),
        }
    };
    (mut $self:ident . $m:ident ( $($a:expr),* )) => {
        match &mut $self.backend {
            Backend::Sqlite(s) => s.$m($($a),*),
            Backend::Pg(p) => p.$m($($a),*),
        }
    };
}

impl Store {
    /// Stores the digest of a document, waiting to be grouped. Returns the
    /// story it was in before (a replaced document), which must be rebuilt.
    pub fn put_story_digest(
        &mut self,
        doc_id: &str,
        day: Option<i64>,
        day_end: Option<i64>,
        minutes: i64,
        digest: &str,
    ) -> Result<Option<i64>> {
        let d = PackedDigest::new(day, day_end, minutes, digest);
        self.put_packed_digest(doc_id, &d)
    }

    /// Stores a packed digest of a document, waiting to be grouped (see
    /// [`Store::put_story_digest`]), in its own transaction.
    pub fn put_packed_digest(&mut self, doc_id: &str, d: &PackedDigest) -> Result<Option<i64>> {
        on_backend!(mut self.put_packed_digest(doc_id, d))
    }

    /// True when the document has a stored digest.
    pub fn has_story_digest(&self, doc_id: &str) -> Result<bool> {
        on_backend!(self.has_story_digest(doc_id))
    }

    /// The documents waiting to be grouped: `(count, earliest day, latest
    /// day)` over the dated ones (latest: the end of the latest period).
    pub fn pending_stories(&self) -> Result<(i64, Option<i64>, Option<i64>)> {
        on_backend!(self.pending_stories())
    }

    /// Calls `f`, in publication order (undated last), with every waiting
    /// digest and every grouped digest whose publication period meets
    /// `lo..=hi` (the window the waiting ones can join). Streams: one row at
    /// a time (PostgreSQL: batches through a cursor). `f` must not use the
    /// store.
    pub fn for_each_story_digest<E: From<crate::StoreError>>(
        &self,
        lo: Option<i64>,
        hi: Option<i64>,
        f: impl FnMut(DigestRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        on_backend!(self.for_each_story_digest(lo, hi, f))
    }

    /// The digests of one story, in publication order.
    pub fn story_digests(&self, story: i64) -> Result<Vec<DigestRow>> {
        on_backend!(self.story_digests(story))
    }

    /// A story number never used before.
    pub fn next_story_number(&self) -> Result<i64> {
        on_backend!(self.next_story_number())
    }

    /// Writes the grouping of waiting documents, in one transaction: each
    /// `(document, story, copy_of)`, then every `(from, into)` merge (the
    /// documents of `from` move to `into`, `from` is deleted).
    pub fn assign_stories(
        &mut self,
        assignments: &[(String, i64, Option<String>)],
        merges: &[(i64, i64)],
    ) -> Result<()> {
        on_backend!(mut self.assign_stories(assignments, merges))
    }

    /// Replaces a story's rows (or deletes the story when it has no
    /// documents left).
    pub fn put_story(&mut self, s: &StoryRecord) -> Result<()> {
        on_backend!(mut self.put_story(s))
    }

    /// Stored stories matching `q`, latest first, as JSON records.
    pub fn stories(&self, q: &StoryQuery, page: Page) -> Result<Vec<String>> {
        on_backend!(self.stories(q, page))
    }

    /// Every stored story matching `q` in story order, one record at a
    /// time. `f` must not use the store.
    pub fn for_each_story<E: From<crate::StoreError>>(
        &self,
        q: &StoryQuery,
        f: impl FnMut(String) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        on_backend!(self.for_each_story(q, f))
    }

    /// Number of stored stories matching `q`.
    pub fn story_count(&self, q: &StoryQuery) -> Result<u64> {
        on_backend!(self.story_count(q))
    }

    /// One stored story as its JSON record.
    pub fn story(&self, id: &str) -> Result<Option<String>> {
        let Some(n) = parse_story_id(id) else {
            return Ok(None);
        };
        on_backend!(self.story(n))
    }

    /// The story of a document: `(id, title, number of documents)`.
    pub fn story_of_document(&self, doc_id: &str) -> Result<Option<(String, String, i64)>> {
        on_backend!(self.story_of_document(doc_id))
    }
}

/// Writes a packed digest inside the caller's transaction: a new or
/// changed document's digest replaces any stored one and waits to be
/// grouped (returns the story it was in); with `only_missing` (an
/// unchanged document) it is added only when none is stored.
pub(crate) fn sqlite_write_digest(
    tx: &rusqlite::Connection,
    doc_id: &str,
    d: &PackedDigest,
    only_missing: bool,
) -> rusqlite::Result<Option<i64>> {
    if only_missing {
        tx.prepare_cached(
            "INSERT INTO story_digests(doc_id, day, day_end, minutes, story, copy_of, digest)
             VALUES (?1, ?2, ?3, ?4, NULL, NULL, ?5) ON CONFLICT(doc_id) DO NOTHING",
        )?
        .execute(params![doc_id, d.day, d.day_end, d.minutes, d.bytes])?;
        return Ok(None);
    }
    let old: Option<i64> = tx
        .prepare_cached("SELECT story FROM story_digests WHERE doc_id = ?1")?
        .query_row([doc_id], |r| r.get::<_, Option<i64>>(0))
        .optional()?
        .flatten();
    tx.prepare_cached(
        "INSERT INTO story_digests(doc_id, day, day_end, minutes, story, copy_of, digest)
         VALUES (?1, ?2, ?3, ?4, NULL, NULL, ?5)
         ON CONFLICT(doc_id) DO UPDATE SET day = ?2, day_end = ?3, minutes = ?4,
           story = NULL, copy_of = NULL, digest = ?5",
    )?
    .execute(params![doc_id, d.day, d.day_end, d.minutes, d.bytes])?;
    Ok(old)
}

impl SqliteStore {
    fn put_packed_digest(&mut self, doc_id: &str, d: &PackedDigest) -> Result<Option<i64>> {
        let tx = self.conn.transaction()?;
        let old = sqlite_write_digest(&tx, doc_id, d, false)?;
        tx.commit()?;
        Ok(old)
    }

    fn has_story_digest(&self, doc_id: &str) -> Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM story_digests WHERE doc_id = ?1")?
            .query_row([doc_id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn pending_stories(&self) -> Result<(i64, Option<i64>, Option<i64>)> {
        Ok(self.conn.query_row(
            "SELECT count(*), min(day), max(coalesce(day_end, day)) FROM story_digests
             WHERE story IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    }

    fn for_each_story_digest<E: From<crate::StoreError>>(
        &self,
        lo: Option<i64>,
        hi: Option<i64>,
        mut f: impl FnMut(DigestRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {DIGEST_COLS} FROM story_digests
                 WHERE story IS NULL OR (day <= ?2 AND coalesce(day_end, day) >= ?1)
                 ORDER BY day IS NULL, coalesce(day_end, day), minutes, doc_id"
            ))
            .map_err(crate::StoreError::from)?;
        let mut rows = stmt
            .query(params![lo.unwrap_or(i64::MAX), hi.unwrap_or(i64::MIN)])
            .map_err(crate::StoreError::from)?;
        while let Some(r) = rows.next().map_err(crate::StoreError::from)? {
            f(digest_row(r)?)?;
        }
        Ok(())
    }

    fn story_digests(&self, story: i64) -> Result<Vec<DigestRow>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {DIGEST_COLS} FROM story_digests WHERE story = ?1
             ORDER BY day IS NULL, coalesce(day_end, day), minutes, doc_id"
        ))?;
        let mut rows = stmt.query([story])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(digest_row(r)?);
        }
        Ok(out)
    }

    fn next_story_number(&self) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT max(coalesce((SELECT max(story) FROM stories), -1),
                        coalesce((SELECT max(story) FROM story_digests), -1)) + 1",
            [],
            |r| r.get(0),
        )?)
    }

    fn assign_stories(
        &mut self,
        assignments: &[(String, i64, Option<String>)],
        merges: &[(i64, i64)],
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut set = tx.prepare_cached(
                "UPDATE story_digests SET story = ?2, copy_of = ?3 WHERE doc_id = ?1",
            )?;
            for (doc, story, copy) in assignments {
                set.execute(params![doc, story, copy])?;
            }
            let mut mv =
                tx.prepare_cached("UPDATE story_digests SET story = ?2 WHERE story = ?1")?;
            for (from, into) in merges {
                mv.execute(params![from, into])?;
                delete_story_rows(&tx, *from)?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn put_story(&mut self, s: &StoryRecord) -> Result<()> {
        let tx = self.conn.transaction()?;
        delete_story_rows(&tx, s.story)?;
        if !s.documents.is_empty() {
            let conflicts = s.conflicts.len() as i64;
            tx.prepare_cached(
                "INSERT INTO stories(story, title, first_published, last_published, first_day,
                   last_day, languages, document_count, independent_sources, fact_count,
                   conflict_count, record, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, datetime('now'))",
            )?
            .execute(params![
                s.story,
                s.title,
                s.first_published,
                s.last_published,
                s.first_day,
                s.last_day,
                s.languages.join(","),
                s.documents.len() as i64,
                s.independent_sources,
                s.facts.len() as i64,
                conflicts,
                pack(&s.record)
            ])?;
            let mut d = tx.prepare_cached(
                "INSERT OR REPLACE INTO story_documents(story, doc_id, position, source, published,
                   language, copy_of, chain) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (i, x) in s.documents.iter().enumerate() {
                d.execute(params![
                    s.story,
                    x.doc_id,
                    i as i64,
                    x.source,
                    x.published,
                    x.language,
                    x.copy_of,
                    x.chain
                ])?;
            }
            let mut e = tx.prepare_cached(
                "INSERT OR REPLACE INTO story_entities(story, key, name, documents)
                 VALUES (?1, ?2, ?3, ?4)",
            )?;
            for x in &s.entities {
                e.execute(params![s.story, x.key, x.name, x.documents])?;
            }
            let mut f = tx.prepare_cached(
                "INSERT OR REPLACE INTO story_facts(story, fact, type, actor, target, place, time,
                   earliest_report, independent_sources) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            let mut m = tx.prepare_cached(
                "INSERT INTO story_fact_mentions(story, fact, doc_id, sentence) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for x in &s.facts {
                let (actor, target) = fact_args(x);
                f.execute(params![
                    s.story,
                    x.fact,
                    x.kind,
                    actor,
                    target,
                    x.place,
                    x.time,
                    x.earliest_report,
                    x.independent_sources
                ])?;
                for (doc, sentence) in &x.mentions {
                    m.execute(params![s.story, x.fact, doc, sentence])?;
                }
            }
            let mut c = tx.prepare_cached(
                "INSERT INTO story_conflicts(story, fact, field, vals) VALUES (?1, ?2, ?3, ?4)",
            )?;
            for x in &s.conflicts {
                c.execute(params![s.story, x.fact, x.field, x.values])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn stories(&self, q: &StoryQuery, page: Page) -> Result<Vec<String>> {
        let (w, mut p) = sqlite_where(q);
        p.push(Value::Integer(page.limit.clamp(1, MAX_LIMIT) as i64));
        p.push(Value::Integer(page.offset.min(i64::MAX as u64) as i64));
        let sql = format!(
            "SELECT s.record FROM stories s WHERE {w}
             ORDER BY s.last_day IS NULL, s.last_day DESC, s.story DESC
             LIMIT ?{} OFFSET ?{}",
            p.len() - 1,
            p.len()
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(p))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            out.push(sqlite_unpack("story record", r.get_ref(0)?)?);
        }
        Ok(out)
    }

    fn for_each_story<E: From<crate::StoreError>>(
        &self,
        q: &StoryQuery,
        mut f: impl FnMut(String) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (w, p) = sqlite_where(q);
        let sql = format!(
            "SELECT s.record FROM stories s WHERE {w}
             ORDER BY s.first_day IS NULL, s.first_day, s.story"
        );
        let mut stmt = self.conn.prepare(&sql).map_err(crate::StoreError::from)?;
        let mut rows = stmt
            .query(params_from_iter(p))
            .map_err(crate::StoreError::from)?;
        while let Some(r) = rows.next().map_err(crate::StoreError::from)? {
            f(sqlite_unpack(
                "story record",
                r.get_ref(0).map_err(crate::StoreError::from)?,
            )?)?;
        }
        Ok(())
    }

    fn story_count(&self, q: &StoryQuery) -> Result<u64> {
        let (w, p) = sqlite_where(q);
        let n: i64 = self.conn.query_row(
            &format!("SELECT count(*) FROM stories s WHERE {w}"),
            params_from_iter(p),
            |r| r.get(0),
        )?;
        Ok(n.max(0) as u64)
    }

    fn story(&self, n: i64) -> Result<Option<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT record FROM stories WHERE story = ?1")?;
        let mut rows = stmt.query([n])?;
        match rows.next()? {
            Some(r) => Ok(Some(sqlite_unpack("story record", r.get_ref(0)?)?)),
            None => Ok(None),
        }
    }

    fn story_of_document(&self, doc_id: &str) -> Result<Option<(String, String, i64)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT s.story, s.title, s.document_count FROM story_digests d
                 JOIN stories s ON s.story = d.story WHERE d.doc_id = ?1",
            )?
            .query_row([doc_id], |r| {
                Ok((story_id(r.get(0)?), r.get(1)?, r.get(2)?))
            })
            .optional()?)
    }
}

/// The JSON arrays stored for a fact's actors and targets.
pub(crate) fn fact_args(x: &StoryFactRow) -> (String, String) {
    (
        serde_json::to_string(&x.actor).unwrap_or_else(|_| "[]".into()),
        serde_json::to_string(&x.target).unwrap_or_else(|_| "[]".into()),
    )
}

/// The tables holding a story's rows, keyed by `story`.
pub(crate) const STORY_TABLES: [&str; 6] = [
    "stories",
    "story_documents",
    "story_entities",
    "story_facts",
    "story_fact_mentions",
    "story_conflicts",
];

fn delete_story_rows(tx: &rusqlite::Transaction<'_>, story: i64) -> rusqlite::Result<()> {
    for t in STORY_TABLES {
        tx.prepare_cached(&format!("DELETE FROM {t} WHERE story = ?1"))?
            .execute([story])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_values_read_back_and_plain_json_still_reads() {
        let json = r#"{"id":"a","features":{"signature":[1,2,3,4,5,6,7,8,9,10,11,12]}}"#;
        let packed = pack(json);
        assert_ne!(packed.first(), Some(&b'{'));
        assert_eq!(unpack("t", &packed).ok().as_deref(), Some(json));
        assert_eq!(unpack("t", json.as_bytes()).ok().as_deref(), Some(json));
        assert!(unpack("t", b"\x78garbage").is_err());
    }
}
