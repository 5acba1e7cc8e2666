//! Stories kept in a PostgreSQL store: the same rows and answers as the
//! SQLite code in `crate::stories` (compressed digests and records as
//! `BYTEA`, byte-wise order of document ids with `COLLATE "C"`).

use super::{Args, Conn, PgStore};
use crate::error::{Result, StoreError};
use crate::query::{Page, MAX_LIMIT};
use crate::stories::{
    fact_args, pack, story_id, story_where, unpack, DigestRow, PackedDigest, Param, StoryQuery,
    StoryRecord, DIGEST_COLS, STORY_TABLES,
};

const NOW: &str = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')";

/// Publication order of digests (undated last), as in SQLite.
const DIGEST_ORDER: &str =
    "ORDER BY day IS NULL, coalesce(day_end, day), minutes, doc_id COLLATE \"C\"";

/// Rows fetched per round trip when streaming.
const BATCH: i32 = 500;

fn digest_row(r: &postgres::Row) -> Result<DigestRow> {
    let doc_id: String = r.try_get(0)?;
    let bytes: Vec<u8> = r.try_get(6)?;
    let digest = unpack(&format!("story digest of {doc_id}"), &bytes)?;
    Ok(DigestRow {
        doc_id,
        day: r.try_get(1)?,
        day_end: r.try_get(2)?,
        minutes: r.try_get(3)?,
        story: r.try_get(4)?,
        copy_of: r.try_get(5)?,
        digest,
    })
}

fn record(r: &postgres::Row) -> Result<String> {
    let bytes: Vec<u8> = r.try_get(0)?;
    unpack("story record", &bytes)
}

fn pg_where(q: &StoryQuery) -> (String, Args) {
    let (w, p) = story_where(
        q,
        |n| format!("${n}"),
        |a, b| format!("lower({a}) = lower({b})"),
    );
    let mut args = Args::default();
    for x in p {
        match x {
            Param::Int(i) => args.push(i),
            Param::Text(t) => args.push(t),
        };
    }
    (w, args)
}

/// Writes a packed digest inside the caller's transaction (as
/// `crate::stories::sqlite_write_digest`).
pub(crate) fn write_digest(
    c: &mut Conn,
    doc_id: &str,
    d: &PackedDigest,
    only_missing: bool,
) -> Result<Option<i64>> {
    if only_missing {
        c.exec(
            "INSERT INTO story_digests(doc_id, day, day_end, minutes, story, copy_of, digest)
             VALUES ($1, $2, $3, $4, NULL, NULL, $5) ON CONFLICT (doc_id) DO NOTHING",
            &[&doc_id, &d.day, &d.day_end, &d.minutes, &d.bytes],
        )?;
        return Ok(None);
    }
    let old: Option<i64> = match c.opt(
        "SELECT story FROM story_digests WHERE doc_id = $1",
        &[&doc_id],
    )? {
        Some(r) => r.try_get(0)?,
        None => None,
    };
    c.exec(
        "INSERT INTO story_digests(doc_id, day, day_end, minutes, story, copy_of, digest)
         VALUES ($1, $2, $3, $4, NULL, NULL, $5)
         ON CONFLICT (doc_id) DO UPDATE SET day = $2, day_end = $3, minutes = $4,
           story = NULL, copy_of = NULL, digest = $5",
        &[&doc_id, &d.day, &d.day_end, &d.minutes, &d.bytes],
    )?;
    Ok(old)
}

fn delete_story_rows(c: &mut Conn, story: i64) -> Result<()> {
    for t in STORY_TABLES {
        c.exec(&format!("DELETE FROM {t} WHERE story = $1"), &[&story])?;
    }
    Ok(())
}

/// Runs `f` inside one transaction (rolled back when it fails).
fn in_tx<T>(c: &mut Conn, f: impl FnOnce(&mut Conn) -> Result<T>) -> Result<T> {
    c.batch("BEGIN")?;
    match f(c) {
        Ok(v) => {
            c.batch("COMMIT")?;
            Ok(v)
        }
        Err(e) => {
            let _ = c.batch("ROLLBACK");
            Err(e)
        }
    }
}

impl PgStore {
    pub(crate) fn put_packed_digest(&self, doc_id: &str, d: &PackedDigest) -> Result<Option<i64>> {
        in_tx(&mut self.conn(), |c| write_digest(c, doc_id, d, false))
    }

    pub(crate) fn has_story_digest(&self, doc_id: &str) -> Result<bool> {
        Ok(self
            .conn()
            .opt("SELECT 1 FROM story_digests WHERE doc_id = $1", &[&doc_id])?
            .is_some())
    }

    pub(crate) fn pending_stories(&self) -> Result<(i64, Option<i64>, Option<i64>)> {
        let r = self.conn().one(
            "SELECT count(*), min(day), max(coalesce(day_end, day)) FROM story_digests
             WHERE story IS NULL",
            &[],
        )?;
        Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
    }

    /// Streams the rows of `sql` through a cursor in one read-only
    /// snapshot.
    fn stream<E: From<StoreError>>(
        &self,
        sql: &str,
        params: &[&(dyn postgres::types::ToSql + Sync)],
        mut f: impl FnMut(&postgres::Row) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut c = self.conn();
        let mut tx = c
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .map_err(StoreError::from)?;
        let portal = tx.bind(sql, params).map_err(StoreError::from)?;
        loop {
            let batch = tx.query_portal(&portal, BATCH).map_err(StoreError::from)?;
            if batch.is_empty() {
                break;
            }
            for r in &batch {
                f(r)?;
            }
        }
        tx.commit().map_err(StoreError::from)?;
        Ok(())
    }

    pub(crate) fn for_each_story_digest<E: From<StoreError>>(
        &self,
        lo: Option<i64>,
        hi: Option<i64>,
        mut f: impl FnMut(DigestRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let sql = format!(
            "SELECT {DIGEST_COLS} FROM story_digests
             WHERE story IS NULL OR (day <= $2 AND coalesce(day_end, day) >= $1) {DIGEST_ORDER}"
        );
        let (lo, hi) = (lo.unwrap_or(i64::MAX), hi.unwrap_or(i64::MIN));
        self.stream(&sql, &[&lo, &hi], |r| f(digest_row(r)?))
    }

    pub(crate) fn story_digests(&self, story: i64) -> Result<Vec<DigestRow>> {
        let rows = self.conn().query(
            &format!("SELECT {DIGEST_COLS} FROM story_digests WHERE story = $1 {DIGEST_ORDER}"),
            &[&story],
        )?;
        rows.iter().map(digest_row).collect()
    }

    pub(crate) fn next_story_number(&self) -> Result<i64> {
        Ok(self
            .conn()
            .one(
                "SELECT greatest(coalesce((SELECT max(story) FROM stories), -1),
                                 coalesce((SELECT max(story) FROM story_digests), -1)) + 1",
                &[],
            )?
            .try_get(0)?)
    }

    pub(crate) fn assign_stories(
        &self,
        assignments: &[(String, i64, Option<String>)],
        merges: &[(i64, i64)],
    ) -> Result<()> {
        in_tx(&mut self.conn(), |c| {
            let docs: Vec<&str> = assignments.iter().map(|a| a.0.as_str()).collect();
            let stories: Vec<i64> = assignments.iter().map(|a| a.1).collect();
            let copies: Vec<Option<&str>> = assignments.iter().map(|a| a.2.as_deref()).collect();
            c.exec(
                "UPDATE story_digests d SET story = a.story, copy_of = a.copy_of
                 FROM unnest($1::text[], $2::bigint[], $3::text[]) AS a(doc_id, story, copy_of)
                 WHERE d.doc_id = a.doc_id",
                &[&docs, &stories, &copies],
            )?;
            for (from, into) in merges {
                c.exec(
                    "UPDATE story_digests SET story = $2 WHERE story = $1",
                    &[from, into],
                )?;
                delete_story_rows(c, *from)?;
            }
            Ok(())
        })
    }

    pub(crate) fn put_story(&self, s: &StoryRecord) -> Result<()> {
        in_tx(&mut self.conn(), |c| {
            delete_story_rows(c, s.story)?;
            if s.documents.is_empty() {
                return Ok(());
            }
            let n = |x: usize| i64::try_from(x).unwrap_or(i64::MAX);
            c.exec(
                &format!(
                    "INSERT INTO stories(story, title, first_published, last_published, first_day,
                       last_day, languages, document_count, independent_sources, fact_count,
                       conflict_count, record, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, {NOW})"
                ),
                &[
                    &s.story,
                    &s.title,
                    &s.first_published,
                    &s.last_published,
                    &s.first_day,
                    &s.last_day,
                    &s.languages.join(","),
                    &n(s.documents.len()),
                    &s.independent_sources,
                    &n(s.facts.len()),
                    &n(s.conflicts.len()),
                    &pack(&s.record),
                ],
            )?;
            for (i, x) in s.documents.iter().enumerate() {
                c.exec(
                    "INSERT INTO story_documents(story, doc_id, position, source, published,
                       language, copy_of, chain) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                     ON CONFLICT (story, doc_id) DO UPDATE SET position = excluded.position,
                       source = excluded.source, published = excluded.published,
                       language = excluded.language, copy_of = excluded.copy_of,
                       chain = excluded.chain",
                    &[
                        &s.story,
                        &x.doc_id,
                        &n(i),
                        &x.source,
                        &x.published,
                        &x.language,
                        &x.copy_of,
                        &x.chain,
                    ],
                )?;
            }
            for x in &s.entities {
                c.exec(
                    "INSERT INTO story_entities(story, key, name, documents) VALUES ($1, $2, $3, $4)
                     ON CONFLICT (story, key) DO UPDATE SET name = excluded.name,
                       documents = excluded.documents",
                    &[&s.story, &x.key, &x.name, &x.documents],
                )?;
            }
            for x in &s.facts {
                let (actor, target) = fact_args(x);
                c.exec(
                    "INSERT INTO story_facts(story, fact, type, actor, target, place, time,
                       earliest_report, independent_sources)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                     ON CONFLICT (story, fact) DO UPDATE SET type = excluded.type,
                       actor = excluded.actor, target = excluded.target, place = excluded.place,
                       time = excluded.time, earliest_report = excluded.earliest_report,
                       independent_sources = excluded.independent_sources",
                    &[
                        &s.story,
                        &x.fact,
                        &x.kind,
                        &actor,
                        &target,
                        &x.place,
                        &x.time,
                        &x.earliest_report,
                        &x.independent_sources,
                    ],
                )?;
                for (doc, sentence) in &x.mentions {
                    c.exec(
                        "INSERT INTO story_fact_mentions(story, fact, doc_id, sentence)
                         VALUES ($1, $2, $3, $4)",
                        &[&s.story, &x.fact, doc, sentence],
                    )?;
                }
            }
            for x in &s.conflicts {
                c.exec(
                    "INSERT INTO story_conflicts(story, fact, field, vals) VALUES ($1, $2, $3, $4)",
                    &[&s.story, &x.fact, &x.field, &x.values],
                )?;
            }
            Ok(())
        })
    }

    pub(crate) fn stories(&self, q: &StoryQuery, page: Page) -> Result<Vec<String>> {
        let (w, mut args) = pg_where(q);
        let limit = args.push(page.limit.clamp(1, MAX_LIMIT) as i64);
        let offset = args.push(page.offset.min(i64::MAX as u64) as i64);
        let rows = self.conn().query_args(
            &format!(
                "SELECT s.record FROM stories s WHERE {w}
                 ORDER BY s.last_day IS NULL, s.last_day DESC, s.story DESC
                 LIMIT {limit} OFFSET {offset}"
            ),
            &args,
        )?;
        rows.iter().map(record).collect()
    }

    pub(crate) fn for_each_story<E: From<StoreError>>(
        &self,
        q: &StoryQuery,
        mut f: impl FnMut(String) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let (w, args) = pg_where(q);
        let sql = format!(
            "SELECT s.record FROM stories s WHERE {w}
             ORDER BY s.first_day IS NULL, s.first_day, s.story"
        );
        self.stream(&sql, &args.refs(), |r| f(record(r)?))
    }

    pub(crate) fn story_count(&self, q: &StoryQuery) -> Result<u64> {
        let (w, args) = pg_where(q);
        let rows = self
            .conn()
            .query_args(&format!("SELECT count(*) FROM stories s WHERE {w}"), &args)?;
        let n: i64 = match rows.first() {
            Some(r) => r.try_get(0)?,
            None => 0,
        };
        Ok(n.max(0) as u64)
    }

    pub(crate) fn story(&self, n: i64) -> Result<Option<String>> {
        self.conn()
            .opt("SELECT record FROM stories WHERE story = $1", &[&n])?
            .as_ref()
            .map(record)
            .transpose()
    }

    pub(crate) fn story_of_document(&self, doc_id: &str) -> Result<Option<(String, String, i64)>> {
        match self.conn().opt(
            "SELECT s.story, s.title, s.document_count FROM story_digests d
             JOIN stories s ON s.story = d.story WHERE d.doc_id = $1",
            &[&doc_id],
        )? {
            Some(r) => Ok(Some((
                story_id(r.try_get(0)?),
                r.try_get(1)?,
                r.try_get(2)?,
            ))),
            None => Ok(None),
        }
    }
}
