//! Stories kept in the store (schema version 3): the digest of every
//! document waiting to be grouped or grouped, the stories with their
//! documents, entities, facts, fact mentions and conflicts.
//!
//! The store does not know how stories are made: `newsgraph-stories` writes
//! opaque JSON digests and story records through this API (the dependency
//! goes stories → store, never back).
//!
//! Invariant: a document has at most one digest row; its `story` is NULL
//! until grouped, and is set back to NULL when the document is replaced.
//! Invariant: a story's rows (story, documents, entities, facts, mentions,
//! conflicts) are replaced together in one transaction.

use crate::error::Result;
use crate::query::{Page, MAX_LIMIT};
use crate::Store;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension};

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

fn digest_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DigestRow> {
    Ok(DigestRow {
        doc_id: r.get(0)?,
        day: r.get(1)?,
        day_end: r.get(2)?,
        minutes: r.get(3)?,
        story: r.get(4)?,
        copy_of: r.get(5)?,
        digest: r.get(6)?,
    })
}

const DIGEST_COLS: &str = "doc_id, day, day_end, minutes, story, copy_of, digest";

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
        let tx = self.sqlite_only_mut()?.conn.transaction()?;
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
        .execute(params![doc_id, day, day_end, minutes, digest])?;
        tx.commit()?;
        Ok(old)
    }

    /// True when the document has a stored digest.
    pub fn has_story_digest(&self, doc_id: &str) -> Result<bool> {
        Ok(self
            .sqlite_only()?
            .conn
            .prepare_cached("SELECT 1 FROM story_digests WHERE doc_id = ?1")?
            .query_row([doc_id], |_| Ok(()))
            .optional()?
            .is_some())
    }

    /// The documents waiting to be grouped: `(count, earliest day, latest
    /// day)` over the dated ones (latest: the end of the latest period).
    pub fn pending_stories(&self) -> Result<(i64, Option<i64>, Option<i64>)> {
        Ok(self.sqlite_only()?.conn.query_row(
            "SELECT count(*), min(day), max(coalesce(day_end, day)) FROM story_digests
             WHERE story IS NULL",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?)
    }

    /// Calls `f`, in publication order (undated last), with every waiting
    /// digest and every grouped digest whose publication period meets
    /// `lo..=hi` (the window the waiting ones can join). Streams: one row at
    /// a time.
    pub fn for_each_story_digest<E: From<crate::StoreError>>(
        &self,
        lo: Option<i64>,
        hi: Option<i64>,
        mut f: impl FnMut(DigestRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut stmt = self
            .sqlite_only()?
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
            f(digest_row(r).map_err(crate::StoreError::from)?)?;
        }
        Ok(())
    }

    /// The digests of one story, in publication order.
    pub fn story_digests(&self, story: i64) -> Result<Vec<DigestRow>> {
        let mut stmt = self.sqlite_only()?.conn.prepare_cached(&format!(
            "SELECT {DIGEST_COLS} FROM story_digests WHERE story = ?1
             ORDER BY day IS NULL, coalesce(day_end, day), minutes, doc_id"
        ))?;
        let rows = stmt.query_map([story], digest_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// A story number never used before.
    pub fn next_story_number(&self) -> Result<i64> {
        Ok(self.sqlite_only()?.conn.query_row(
            "SELECT max(coalesce((SELECT max(story) FROM stories), -1),
                        coalesce((SELECT max(story) FROM story_digests), -1)) + 1",
            [],
            |r| r.get(0),
        )?)
    }

    /// Writes the grouping of waiting documents, in one transaction: each
    /// `(document, story, copy_of)`, then every `(from, into)` merge (the
    /// documents of `from` move to `into`, `from` is deleted).
    pub fn assign_stories(
        &mut self,
        assignments: &[(String, i64, Option<String>)],
        merges: &[(i64, i64)],
    ) -> Result<()> {
        let tx = self.sqlite_only_mut()?.conn.transaction()?;
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

    /// Replaces a story's rows (or deletes the story when it has no
    /// documents left).
    pub fn put_story(&mut self, s: &StoryRecord) -> Result<()> {
        let tx = self.sqlite_only_mut()?.conn.transaction()?;
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
                s.record
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
                let actor = serde_json::to_string(&x.actor).unwrap_or_else(|_| "[]".into());
                let target = serde_json::to_string(&x.target).unwrap_or_else(|_| "[]".into());
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

    fn story_where(q: &StoryQuery) -> (String, Vec<Value>) {
        let mut w = vec!["1".to_string()];
        let mut p: Vec<Value> = Vec::new();
        if let Some(d) = q.from_day {
            p.push(Value::Integer(d));
            w.push(format!("coalesce(s.last_day, ?{n}) >= ?{n}", n = p.len()));
        }
        if let Some(d) = q.to_day {
            p.push(Value::Integer(d));
            w.push(format!("coalesce(s.first_day, ?{n}) <= ?{n}", n = p.len()));
        }
        if let Some(e) = q.entity.as_deref().filter(|e| !e.is_empty()) {
            p.push(Value::Text(e.to_string()));
            let n = p.len();
            w.push(format!(
                "s.story IN (SELECT story FROM story_entities WHERE key = ?{n} COLLATE NOCASE
                   OR key = 'kb:' || ?{n} OR name = ?{n} COLLATE NOCASE)"
            ));
        }
        if let Some(m) = q.min_documents {
            p.push(Value::Integer(m));
            w.push(format!("s.document_count >= ?{}", p.len()));
        }
        (w.join(" AND "), p)
    }

    /// Stored stories matching `q`, latest first, as JSON records.
    pub fn stories(&self, q: &StoryQuery, page: Page) -> Result<Vec<String>> {
        if !self.keeps_stories() {
            return Ok(Vec::new());
        }
        let (w, mut p) = Self::story_where(q);
        p.push(Value::Integer(page.limit.clamp(1, MAX_LIMIT) as i64));
        p.push(Value::Integer(page.offset.min(i64::MAX as u64) as i64));
        let sql = format!(
            "SELECT s.record FROM stories s WHERE {w}
             ORDER BY s.last_day IS NULL, s.last_day DESC, s.story DESC
             LIMIT ?{} OFFSET ?{}",
            p.len() - 1,
            p.len()
        );
        let mut stmt = self.sqlite_only()?.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(p), |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Every stored story matching `q` in story order, one record at a time.
    pub fn for_each_story<E: From<crate::StoreError>>(
        &self,
        q: &StoryQuery,
        mut f: impl FnMut(String) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (w, p) = Self::story_where(q);
        let sql = format!(
            "SELECT s.record FROM stories s WHERE {w}
             ORDER BY s.first_day IS NULL, s.first_day, s.story"
        );
        let mut stmt = self
            .sqlite_only()?
            .conn
            .prepare(&sql)
            .map_err(crate::StoreError::from)?;
        let mut rows = stmt
            .query(params_from_iter(p))
            .map_err(crate::StoreError::from)?;
        while let Some(r) = rows.next().map_err(crate::StoreError::from)? {
            f(r.get(0).map_err(crate::StoreError::from)?)?;
        }
        Ok(())
    }

    /// Number of stored stories matching `q`.
    pub fn story_count(&self, q: &StoryQuery) -> Result<u64> {
        if !self.keeps_stories() {
            return Ok(0);
        }
        let (w, p) = Self::story_where(q);
        let n: i64 = self.sqlite_only()?.conn.query_row(
            &format!("SELECT count(*) FROM stories s WHERE {w}"),
            params_from_iter(p),
            |r| r.get(0),
        )?;
        Ok(n.max(0) as u64)
    }

    /// One stored story as its JSON record.
    pub fn story(&self, id: &str) -> Result<Option<String>> {
        if !self.keeps_stories() {
            return Ok(None);
        }
        let Some(n) = parse_story_id(id) else {
            return Ok(None);
        };
        Ok(self
            .sqlite_only()?
            .conn
            .prepare_cached("SELECT record FROM stories WHERE story = ?1")?
            .query_row([n], |r| r.get(0))
            .optional()?)
    }

    /// The story of a document: `(id, title, number of documents)`.
    pub fn story_of_document(&self, doc_id: &str) -> Result<Option<(String, String, i64)>> {
        if !self.keeps_stories() {
            return Ok(None);
        }
        Ok(self
            .sqlite_only()?
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

fn delete_story_rows(tx: &rusqlite::Transaction<'_>, story: i64) -> rusqlite::Result<()> {
    for sql in [
        "DELETE FROM stories WHERE story = ?1",
        "DELETE FROM story_documents WHERE story = ?1",
        "DELETE FROM story_entities WHERE story = ?1",
        "DELETE FROM story_facts WHERE story = ?1",
        "DELETE FROM story_fact_mentions WHERE story = ?1",
        "DELETE FROM story_conflicts WHERE story = ?1",
    ] {
        tx.prepare_cached(sql)?.execute([story])?;
    }
    Ok(())
}
