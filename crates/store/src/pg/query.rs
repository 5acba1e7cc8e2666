//! The corpus queries on PostgreSQL: the statements of `crate::query`
//! in PostgreSQL's spelling (`$n` parameters, `lower()` for SQLite's
//! `COLLATE NOCASE`, `tsvector`/`tsquery` for FTS5), returning the same
//! structs.

use super::text::{snippet, Terms};
use super::{Args, PgStore};
use crate::error::{Result, StoreError};
use crate::export::{ColType, ExportKind};
use crate::query::{check_date, check_len, participant, MAX_LIMIT};
use crate::query::{
    event_summary, quote_summary, Alias, Cooccurrence, Count, DocEntity, DocFilter, DocRef,
    DocumentMeta, DocumentView, EntityProfile, EntitySummary, EventQuery, EventRow, Page,
    QuoteQuery, QuoteRow, SearchHit, SearchQuery, SourceRow, Stats, Timeline, TimelineItem,
};
use crate::query::{DOC_COLS, ENTITY_COLS, EVENT_SELECT};
use postgres::Row;

type R<T> = std::result::Result<T, postgres::Error>;

fn entity_row(r: &Row, i: usize) -> R<EntitySummary> {
    Ok(EntitySummary {
        key: r.try_get(i)?,
        name: r.try_get(i + 1)?,
        kind: r.try_get(i + 2)?,
        kb: r.try_get(i + 3)?,
        code: r.try_get(i + 4)?,
        mentions: r.try_get(i + 5)?,
        documents: r.try_get(i + 6)?,
    })
}

fn doc_ref(r: &Row, i: usize) -> R<DocRef> {
    Ok(DocRef {
        doc_id: r.try_get(i)?,
        title: r.try_get(i + 1)?,
        url: r.try_get(i + 2)?,
        source: r.try_get(i + 3)?,
        published: r.try_get(i + 4)?,
        language: r.try_get(i + 5)?,
    })
}

const QUOTE_SELECT: &str = "SELECT d.id, d.title, d.url, d.outlet, d.published, d.language,
    q.idx, q.start, q.\"end\", q.text, q.kind, s.key, s.name, q.speaker_text, q.cue, v.key, v.name, q.via_text
  FROM quotes q JOIN documents d ON d.doc = q.doc
  LEFT JOIN entities s ON s.entity = q.speaker
  LEFT JOIN entities v ON v.entity = q.via";

fn quote_row(r: &Row) -> R<QuoteRow> {
    Ok(QuoteRow {
        doc: doc_ref(r, 0)?,
        index: r.try_get(6)?,
        start: r.try_get(7)?,
        end: r.try_get(8)?,
        text: r.try_get(9)?,
        kind: r.try_get(10)?,
        speaker: participant(r.try_get(11)?, r.try_get(12)?, r.try_get(13)?, None),
        cue: r.try_get(14)?,
        via: participant(r.try_get(15)?, r.try_get(16)?, r.try_get(17)?, None),
    })
}

fn event_row(r: &Row) -> R<(i64, EventRow)> {
    let modifiers: Option<String> = r.try_get(24)?;
    Ok((
        r.try_get(6)?,
        EventRow {
            doc: doc_ref(r, 0)?,
            event_id: r.try_get(7)?,
            kind: r.try_get(8)?,
            mode: r.try_get(9)?,
            cameo: r.try_get(10)?,
            trigger: r.try_get(11)?,
            trigger_lemma: r.try_get(12)?,
            actors: Vec::new(),
            targets: Vec::new(),
            place: participant(
                r.try_get(13)?,
                r.try_get(14)?,
                r.try_get(15)?,
                r.try_get(16)?,
            ),
            time_value: r.try_get(17)?,
            time_precision: r.try_get(18)?,
            time_basis: r.try_get(19)?,
            time_bound: r.try_get(20)?,
            date: r.try_get(21)?,
            dated: r.try_get(22)?,
            modality: r.try_get(23)?,
            modifiers: modifiers
                .map(|m| m.split(',').map(str::to_string).collect())
                .unwrap_or_default(),
            source_speaker: participant(r.try_get(25)?, r.try_get(26)?, r.try_get(27)?, None),
            reported_by: r.try_get(28)?,
            quote: r.try_get(29)?,
            sentence: r.try_get(30)?,
            trigger_start: r.try_get(31)?,
            trigger_end: r.try_get(32)?,
        },
    ))
}

fn meta_row(r: &Row) -> R<DocumentMeta> {
    Ok(DocumentMeta {
        doc: doc_ref(r, 0)?,
        precision: r.try_get(6)?,
        content_hash: r.try_get(7)?,
        analyzer: r.try_get(8)?,
        ingested_at: r.try_get(9)?,
    })
}

fn rows<T>(rows: Vec<Row>, f: impl Fn(&Row) -> R<T>) -> Result<Vec<T>> {
    Ok(rows.iter().map(f).collect::<R<Vec<T>>>()?)
}

/// Bounds on a sort key: `to` is inclusive of everything under its prefix.
fn date_bounds(
    col: &str,
    from: &Option<String>,
    to: &Option<String>,
    sql: &mut String,
    args: &mut Args,
) -> Result<()> {
    if let Some(f) = from {
        check_date(f)?;
        let p = args.push(f.clone());
        sql.push_str(&format!(" AND {col} >= {p}"));
    }
    if let Some(t) = to {
        check_date(t)?;
        let p = args.push(format!("{t}~"));
        sql.push_str(&format!(" AND {col} <= {p}"));
    }
    Ok(())
}

fn limit(l: u64) -> i64 {
    l.clamp(1, MAX_LIMIT) as i64
}

impl PgStore {
    fn entity_id(&self, q: &str) -> Result<Option<(i64, EntitySummary)>> {
        check_len("entity", q)?;
        let q = q.trim();
        if q.is_empty() {
            return Ok(None);
        }
        let sel = format!("SELECT entity, {ENTITY_COLS} FROM entities");
        let one = |sql: &str, arg: &str| -> Result<Option<(i64, EntitySummary)>> {
            match self.conn().opt(sql, &[&arg])? {
                Some(r) => Ok(Some((r.try_get(0)?, entity_row(&r, 1)?))),
                None => Ok(None),
            }
        };
        let live = "document_count > 0";
        if let Some(e) = one(&format!("{sel} WHERE key = $1 AND {live}"), q)? {
            return Ok(Some(e));
        }
        if let Some(e) = one(&format!("{sel} WHERE key = 'kb:' || $1 AND {live}"), q)? {
            return Ok(Some(e));
        }
        if let Some(e) = one(
            &format!(
                "{sel} WHERE lower(name) = lower($1) AND {live} ORDER BY document_count DESC, entity LIMIT 1"
            ),
            q,
        )? {
            return Ok(Some(e));
        }
        if let Some(e) = one(
            &format!(
                "{sel} WHERE entity = (SELECT entity FROM aliases WHERE lower(alias) = lower($1)
                   GROUP BY entity ORDER BY sum(count) DESC, entity LIMIT 1) AND {live}"
            ),
            q,
        )? {
            return Ok(Some(e));
        }
        let key = newsgraph_entities::names::key(q);
        one(
            &format!(
                "{sel} WHERE name_key = $1 AND {live} ORDER BY document_count DESC, entity LIMIT 1"
            ),
            &key,
        )
    }

    fn require_entity(&self, q: &str) -> Result<i64> {
        self.entity_id(q)?
            .map(|(id, _)| id)
            .ok_or_else(|| StoreError::Query(format!("no entity matches {q:?}")))
    }

    pub(crate) fn find_entity(&self, name_or_id: &str) -> Result<Option<EntitySummary>> {
        Ok(self.entity_id(name_or_id)?.map(|(_, s)| s))
    }

    pub(crate) fn list_entities(&self, prefix: &str, page: Page) -> Result<Vec<EntitySummary>> {
        check_len("entity", prefix)?;
        let pattern = format!(
            "{}%",
            prefix
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let r = self.conn().query(
            &format!(
                "SELECT {ENTITY_COLS} FROM entities WHERE document_count > 0
                   AND lower(name) LIKE lower($1) ESCAPE '\\'
                 ORDER BY document_count DESC, key LIMIT $2 OFFSET $3"
            ),
            &[&pattern, &page.limit(), &page.offset()],
        )?;
        rows(r, |r| entity_row(r, 0))
    }

    fn doc_filter(&self, f: &DocFilter, sql: &mut String, args: &mut Args) -> Result<()> {
        date_bounds("d.sort_date", &f.from, &f.to, sql, args)?;
        if let Some(l) = &f.language {
            check_len("language", l)?;
            let p = args.push(l.clone());
            sql.push_str(&format!(" AND d.language = {p}"));
        }
        if let Some(s) = &f.source {
            check_len("source", s)?;
            let p = args.push(s.clone());
            sql.push_str(&format!(" AND lower(d.outlet) = lower({p})"));
        }
        if let Some(e) = &f.entity {
            let id = self.require_entity(e)?;
            let p = args.push(id);
            sql.push_str(&format!(
                " AND d.doc IN (SELECT doc FROM doc_entities WHERE entity = {p})"
            ));
        }
        Ok(())
    }

    /// Full-text search with PostgreSQL's own text search: a `tsquery`
    /// over the folded `tsvector`s, ranked by `ts_rank` (title words
    /// weigh 4 times the text, as in the SQLite backend's BM25 weights).
    pub(crate) fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        let terms = Terms::parse(&q.text)?;
        let want = q.page.offset() + q.page.limit();
        let mut hits = Vec::new();
        for kind in ["document", "quote"] {
            let mut args = Args::default();
            let tq = args.push(terms.tsquery());
            let mut filter = String::new();
            self.doc_filter(&q.filter, &mut filter, &mut args)?;
            let lim = args.push(want);
            let sql = if kind == "document" {
                format!(
                    "SELECT {DOC_COLS}, NULL::text, d.text,
                       ts_rank('{{0.25, 0.25, 0.25, 1.0}}', d.tsv, tq)::float8 AS score
                     FROM documents d, to_tsquery('simple', {tq}) tq
                     WHERE d.tsv @@ tq{filter} ORDER BY score DESC, d.doc LIMIT {lim}"
                )
            } else {
                format!(
                    "SELECT {DOC_COLS}, coalesce(s.name, q.speaker_text), q.text,
                       ts_rank('{{0.25, 0.25, 0.25, 1.0}}', q.tsv, tq)::float8 AS score
                     FROM quotes q JOIN documents d ON d.doc = q.doc
                     LEFT JOIN entities s ON s.entity = q.speaker,
                     to_tsquery('simple', {tq}) tq
                     WHERE q.tsv @@ tq{filter} ORDER BY score DESC, q.quote LIMIT {lim}"
                )
            };
            for r in self.conn().query_args(&sql, &args)? {
                let text: String = r.try_get(7)?;
                let (snippet, highlights) = snippet(&text, &terms, 20);
                hits.push(SearchHit {
                    kind: kind.to_string(),
                    doc: doc_ref(&r, 0)?,
                    speaker: r.try_get(6)?,
                    snippet,
                    highlights,
                    score: r.try_get(8)?,
                });
            }
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.doc.doc_id.cmp(&b.doc.doc_id))
        });
        Ok(hits
            .into_iter()
            .skip(q.page.offset() as usize)
            .take(q.page.limit() as usize)
            .collect())
    }

    pub(crate) fn entity_profile(
        &self,
        name_or_id: &str,
        limit_each: u64,
    ) -> Result<Option<EntityProfile>> {
        let Some((id, entity)) = self.entity_id(name_or_id)? else {
            return Ok(None);
        };
        let limit = limit(limit_each);
        let aliases = rows(
            self.conn().query(
                "SELECT language, alias, count FROM aliases WHERE entity = $1 AND count > 0
                 ORDER BY count DESC, language, alias LIMIT $2",
                &[&id, &limit],
            )?,
            |r| {
                Ok(Alias {
                    language: r.try_get(0)?,
                    alias: r.try_get(1)?,
                    count: r.try_get(2)?,
                })
            },
        )?;
        let cooccurring = rows(
            self.conn().query(
                "SELECT x.key, x.name, x.type, c.documents FROM cooccurrence c
                 JOIN entities x ON x.entity = c.other
                 WHERE c.entity = $1 AND c.documents > 0
                 ORDER BY c.documents DESC, x.key LIMIT $2",
                &[&id, &limit],
            )?,
            |r| {
                Ok(Cooccurrence {
                    key: r.try_get(0)?,
                    name: r.try_get(1)?,
                    kind: r.try_get(2)?,
                    documents: r.try_get(3)?,
                })
            },
        )?;
        let quotes = rows(
            self.conn().query(
                &format!(
                    "{QUOTE_SELECT} WHERE q.speaker = $1 ORDER BY q.sort_date DESC, q.quote DESC LIMIT $2"
                ),
                &[&id, &limit],
            )?,
            quote_row,
        )?;
        let event_ids = rows(
            self.conn().query(
                "SELECT ref FROM entity_timeline WHERE entity = $1 AND kind = 'event'
                 ORDER BY sort_date DESC, ref DESC LIMIT $2",
                &[&id, &limit],
            )?,
            |r| r.try_get::<_, i64>(0),
        )?;
        let mut events = Vec::new();
        for e in event_ids {
            events.extend(self.event_by_id(e)?);
        }
        Ok(Some(EntityProfile {
            entity,
            aliases,
            cooccurring,
            quotes,
            events,
        }))
    }

    fn event_args(&self, ev: &mut EventRow, id: i64) -> Result<()> {
        let r = self.conn().query(
            "SELECT a.role, x.key, x.name, a.text, a.code FROM event_args a
             LEFT JOIN entities x ON x.entity = a.entity WHERE a.event = $1 ORDER BY a.role, a.idx",
            &[&id],
        )?;
        for row in r {
            let role: String = row.try_get(0)?;
            let p = participant(
                row.try_get(1)?,
                row.try_get(2)?,
                row.try_get(3)?,
                row.try_get(4)?,
            );
            if let Some(p) = p {
                if role == "actor" {
                    ev.actors.push(p);
                } else {
                    ev.targets.push(p);
                }
            }
        }
        Ok(())
    }

    fn event_by_id(&self, id: i64) -> Result<Option<EventRow>> {
        let row = self
            .conn()
            .opt(&format!("{EVENT_SELECT} WHERE e.event = $1"), &[&id])?;
        match row {
            Some(r) => {
                let (id, mut ev) = event_row(&r)?;
                self.event_args(&mut ev, id)?;
                Ok(Some(ev))
            }
            None => Ok(None),
        }
    }

    fn quote_by_id(&self, id: i64) -> Result<Option<QuoteRow>> {
        let row = self
            .conn()
            .opt(&format!("{QUOTE_SELECT} WHERE q.quote = $1"), &[&id])?;
        Ok(row.map(|r| quote_row(&r)).transpose()?)
    }

    pub(crate) fn timeline(
        &self,
        name_or_id: &str,
        from: Option<&str>,
        to: Option<&str>,
        page: Page,
    ) -> Result<Option<Timeline>> {
        let Some((id, entity)) = self.entity_id(name_or_id)? else {
            return Ok(None);
        };
        let mut args = Args::default();
        let p = args.push(id);
        let mut sql =
            format!("SELECT kind, ref, sort_date FROM entity_timeline WHERE entity = {p}");
        date_bounds(
            "sort_date",
            &from.map(str::to_string),
            &to.map(str::to_string),
            &mut sql,
            &mut args,
        )?;
        let l = args.push(page.limit());
        let o = args.push(page.offset());
        sql.push_str(&format!(" ORDER BY sort_date, ref LIMIT {l} OFFSET {o}"));
        let refs = rows(self.conn().query_args(&sql, &args)?, |r| {
            Ok((
                r.try_get::<_, String>(0)?,
                r.try_get::<_, i64>(1)?,
                r.try_get::<_, String>(2)?,
            ))
        })?;
        let mut items = Vec::new();
        for (kind, r, date) in refs {
            if kind == "event" {
                if let Some(ev) = self.event_by_id(r)? {
                    items.push(TimelineItem {
                        date,
                        dated: ev.dated,
                        kind,
                        summary: event_summary(&ev),
                        event: Some(ev),
                        quote: None,
                    });
                }
            } else if let Some(q) = self.quote_by_id(r)? {
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

    pub(crate) fn quotes(&self, q: &QuoteQuery) -> Result<Vec<QuoteRow>> {
        let mut sql = format!("{QUOTE_SELECT} WHERE 1 = 1");
        let mut args = Args::default();
        if let Some(s) = &q.speaker {
            let p = args.push(self.require_entity(s)?);
            sql.push_str(&format!(" AND q.speaker = {p}"));
        }
        if let Some(a) = &q.about {
            let p = args.push(self.require_entity(a)?);
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM mentions m WHERE m.doc = q.doc AND m.entity = {p}
                   AND m.start >= q.start AND m.\"end\" <= q.\"end\")"
            ));
        }
        self.doc_filter(&q.filter, &mut sql, &mut args)?;
        let l = args.push(q.page.limit());
        let o = args.push(q.page.offset());
        sql.push_str(&format!(
            " ORDER BY q.sort_date DESC, q.quote DESC LIMIT {l} OFFSET {o}"
        ));
        rows(self.conn().query_args(&sql, &args)?, quote_row)
    }

    pub(crate) fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>> {
        let mut sql = format!("{EVENT_SELECT} WHERE 1 = 1");
        let mut args = Args::default();
        for (role, who) in [("actor", &q.actor), ("target", &q.target)] {
            if let Some(w) = who {
                let p = args.push(self.require_entity(w)?);
                sql.push_str(&format!(
                    " AND e.event IN (SELECT event FROM event_args WHERE entity = {p} AND role = '{role}')"
                ));
            }
        }
        if let Some(k) = &q.kind {
            check_len("type", k)?;
            let p = args.push(k.clone());
            sql.push_str(&format!(" AND lower(e.type) = lower({p})"));
        }
        if let Some(m) = &q.modality {
            check_len("modality", m)?;
            let p = args.push(m.clone());
            sql.push_str(&format!(" AND lower(e.modality) = lower({p})"));
        }
        date_bounds("e.sort_date", &q.from, &q.to, &mut sql, &mut args)?;
        let l = args.push(q.page.limit());
        let o = args.push(q.page.offset());
        sql.push_str(&format!(
            " ORDER BY e.sort_date DESC, e.event DESC LIMIT {l} OFFSET {o}"
        ));
        let found = rows(self.conn().query_args(&sql, &args)?, event_row)?;
        let mut out = Vec::with_capacity(found.len());
        for (id, mut ev) in found {
            self.event_args(&mut ev, id)?;
            out.push(ev);
        }
        Ok(out)
    }

    pub(crate) fn sources(&self, page: Page) -> Result<Vec<SourceRow>> {
        rows(
            self.conn().query(
                "SELECT coalesce(outlet, ''), count(*) AS n, min(published), max(published)
                 FROM documents GROUP BY outlet ORDER BY n DESC, outlet LIMIT $1 OFFSET $2",
                &[&page.limit(), &page.offset()],
            )?,
            |r| {
                Ok(SourceRow {
                    source: r.try_get(0)?,
                    documents: r.try_get(1)?,
                    first_published: r.try_get(2)?,
                    last_published: r.try_get(3)?,
                })
            },
        )
    }

    pub(crate) fn stats(&self) -> Result<Stats> {
        let schema_version = self.schema_version()?;
        let mut c = self.conn();
        // One snapshot: every count from the same moment.
        c.batch("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")?;
        let result = (|| -> Result<Stats> {
            let counters: std::collections::HashMap<String, i64> =
                rows(c.query("SELECT name, value FROM counters", &[])?, |r| {
                    Ok((r.try_get::<_, String>(0)?, r.try_get::<_, i64>(1)?))
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
            let r = c.one(
                "SELECT (SELECT min(published) FROM documents), (SELECT max(published) FROM documents)",
                &[],
            )?;
            Ok(Stats {
                schema_version,
                documents: count("documents"),
                sentences: count("sentences"),
                entities: count("entities"),
                mentions: count("mentions"),
                timexes: count("timexes"),
                quotes: count("quotes"),
                events: count("events"),
                sources: prefixed("outlet:").len() as i64,
                languages,
                first_published: r.try_get(0)?,
                last_published: r.try_get(1)?,
            })
        })();
        c.batch(if result.is_ok() { "COMMIT" } else { "ROLLBACK" })?;
        result
    }

    pub(crate) fn documents(&self, filter: &DocFilter, page: Page) -> Result<Vec<DocumentMeta>> {
        let mut sql = format!(
            "SELECT {DOC_COLS}, d.precision, d.content_hash, d.analyzer, d.ingested_at
             FROM documents d WHERE 1 = 1"
        );
        let mut args = Args::default();
        self.doc_filter(filter, &mut sql, &mut args)?;
        let l = args.push(page.limit());
        let o = args.push(page.offset());
        sql.push_str(&format!(
            " ORDER BY d.sort_date DESC, d.doc DESC LIMIT {l} OFFSET {o}"
        ));
        rows(self.conn().query_args(&sql, &args)?, meta_row)
    }

    pub(crate) fn document(&self, id: &str) -> Result<Option<DocumentView>> {
        check_len("document id", id)?;
        let row = self.conn().opt(
            &format!(
                "SELECT {DOC_COLS}, d.precision, d.content_hash, d.analyzer, d.ingested_at, d.doc, d.text
                 FROM documents d WHERE d.id = $1"
            ),
            &[&id],
        )?;
        let Some(row) = row else {
            return Ok(None);
        };
        let meta = meta_row(&row)?;
        let doc: i64 = row.try_get(10)?;
        let text: String = row.try_get(11)?;
        let sentences = rows(
            self.conn().query(
                "SELECT start, \"end\" FROM sentences WHERE doc = $1 ORDER BY idx",
                &[&doc],
            )?,
            |r| Ok([r.try_get(0)?, r.try_get(1)?]),
        )?;
        let mut entities = rows(
            self.conn().query(
                &format!(
                    "SELECT de.local_id, {ENTITY_COLS} FROM doc_entities de
                     JOIN entities USING (entity) WHERE de.doc = $1"
                ),
                &[&doc],
            )?,
            |r| {
                Ok(DocEntity {
                    local_id: r.try_get(0)?,
                    entity: entity_row(r, 1)?,
                    mentions: Vec::new(),
                })
            },
        )?;
        let ms = rows(
            self.conn().query(
                "SELECT m.start, m.\"end\", e.key FROM mentions m JOIN entities e USING (entity)
                 WHERE m.doc = $1 ORDER BY m.start",
                &[&doc],
            )?,
            |r| {
                Ok((
                    r.try_get::<_, i64>(0)?,
                    r.try_get::<_, i64>(1)?,
                    r.try_get::<_, String>(2)?,
                ))
            },
        )?;
        for (s, e, key) in ms {
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
        let quotes = rows(
            self.conn().query(
                &format!("{QUOTE_SELECT} WHERE q.doc = $1 ORDER BY q.idx"),
                &[&doc],
            )?,
            quote_row,
        )?;
        let ids = rows(
            self.conn().query(
                "SELECT event FROM events WHERE doc = $1 ORDER BY event",
                &[&doc],
            )?,
            |r| r.try_get::<_, i64>(0),
        )?;
        let mut events = Vec::new();
        for e in ids {
            events.extend(self.event_by_id(e)?);
        }
        let timexes = self.timexes(id)?;
        Ok(Some(DocumentView {
            meta,
            text,
            sentences,
            entities,
            quotes,
            events,
            timexes,
        }))
    }

    pub(crate) fn timexes(&self, id: &str) -> Result<Vec<newsgraph_doc::Timex>> {
        use crate::layers::{offset, timex_type};
        rows(
            self.conn().query(
                "SELECT t.start, t.\"end\", t.text, t.type, t.value, t.anchor, t.mod
                 FROM timexes t JOIN documents d ON d.doc = t.doc WHERE d.id = $1 ORDER BY t.idx",
                &[&id],
            )?,
            |r| {
                Ok(newsgraph_doc::Timex {
                    start: offset(r.try_get(0)?),
                    end: offset(r.try_get(1)?),
                    text: r.try_get(2)?,
                    kind: timex_type(r.try_get::<_, &str>(3)?),
                    value: r.try_get(4)?,
                    anchor: r.try_get(5)?,
                    modifier: r.try_get(6)?,
                })
            },
        )
    }

    pub(crate) fn event_triggers(
        &self,
        id: &str,
    ) -> Result<std::collections::HashMap<String, (usize, usize)>> {
        use crate::layers::offset;
        let v = rows(
            self.conn().query(
                "SELECT e.local_id, e.trigger_start, e.trigger_end
                 FROM events e JOIN documents d ON d.doc = e.doc WHERE d.id = $1",
                &[&id],
            )?,
            |r| {
                Ok((
                    r.try_get::<_, String>(0)?,
                    (offset(r.try_get(1)?), offset(r.try_get(2)?)),
                ))
            },
        )?;
        Ok(v.into_iter().collect())
    }

    /// Every row of an export, as the SQLite backend's values (integers
    /// for booleans), from one snapshot, fetched in batches through a
    /// cursor.
    pub(crate) fn export_rows(
        &self,
        kind: ExportKind,
        mut f: impl FnMut(Vec<rusqlite::types::Value>) -> Result<()>,
    ) -> Result<u64> {
        use rusqlite::types::Value;
        let cols = kind.columns();
        let sql = export_sql(kind);
        let mut c = self.conn();
        let mut tx = c
            .client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        let portal = tx.bind(sql, &[])?;
        let mut n = 0u64;
        loop {
            let batch = tx.query_portal(&portal, 2000)?;
            if batch.is_empty() {
                break;
            }
            for r in &batch {
                let mut v = Vec::with_capacity(cols.len());
                for (i, c) in cols.iter().enumerate() {
                    v.push(match c.1 {
                        ColType::Text => r
                            .try_get::<_, Option<String>>(i)?
                            .map_or(Value::Null, Value::Text),
                        ColType::Int => r
                            .try_get::<_, Option<i64>>(i)?
                            .map_or(Value::Null, Value::Integer),
                        ColType::Bool => r
                            .try_get::<_, Option<bool>>(i)?
                            .map_or(Value::Null, |b| Value::Integer(i64::from(b))),
                    });
                }
                f(v)?;
                n += 1;
            }
        }
        tx.commit()?;
        Ok(n)
    }
}

/// The export statements of `crate::export` in PostgreSQL's spelling.
fn export_sql(kind: ExportKind) -> &'static str {
    match kind {
        ExportKind::Events => EVENT_SQL,
        ExportKind::Quotes => QUOTE_SQL,
        ExportKind::Entities => ENTITY_SQL,
        ExportKind::Documents => DOCUMENT_SQL,
    }
}

const EVENT_SQL: &str = "SELECT e.event, d.id, e.local_id,
    CASE WHEN e.dated THEN e.sort_date END, e.time_precision, e.time_basis, e.time_bound,
    NOT e.dated, d.published, d.precision, e.type, e.mode, e.cameo,
    coalesce(x1.name, a1.text), a1.code, x1.kb, x1.key, a1.text,
    coalesce(x2.name, a2.text), a2.code, x2.kb, x2.key, a2.text,
    (SELECT string_agg(coalesce(x.name, a.text), '; ' ORDER BY a.idx) FROM event_args a
       LEFT JOIN entities x ON x.entity = a.entity WHERE a.event = e.event AND a.role = 'actor'),
    (SELECT string_agg(coalesce(x.name, a.text), '; ' ORDER BY a.idx) FROM event_args a
       LEFT JOIN entities x ON x.entity = a.entity WHERE a.event = e.event AND a.role = 'target'),
    coalesce(p.name, e.place_text), coalesce(e.place_code, p.code), p.kb, e.place_text,
    e.trigger, e.trigger_lemma, e.modality, e.modifiers, coalesce(s.name, e.source_text), s.key,
    e.reported_by, e.quote_idx, e.sentence, d.outlet, d.url, d.language
  FROM events e JOIN documents d ON d.doc = e.doc
  LEFT JOIN event_args a1 ON a1.event = e.event AND a1.role = 'actor' AND a1.idx = 0
  LEFT JOIN entities x1 ON x1.entity = a1.entity
  LEFT JOIN event_args a2 ON a2.event = e.event AND a2.role = 'target' AND a2.idx = 0
  LEFT JOIN entities x2 ON x2.entity = a2.entity
  LEFT JOIN entities p ON p.entity = e.place
  LEFT JOIN entities s ON s.entity = e.source
  ORDER BY e.event";

const QUOTE_SQL: &str =
    "SELECT d.id, q.idx, d.published, d.outlet, d.url, d.language, q.kind, q.text,
    s.name, s.key, s.kb, s.code, q.speaker_text, q.cue, q.cue_lemma, v.name, v.key, q.via_text,
    q.start, q.\"end\", q.sentence
  FROM quotes q JOIN documents d ON d.doc = q.doc
  LEFT JOIN entities s ON s.entity = q.speaker
  LEFT JOIN entities v ON v.entity = q.via
  ORDER BY q.quote";

const ENTITY_SQL: &str =
    "SELECT e.key, e.name, e.type, e.kb, e.code, e.mention_count, e.document_count,
    (SELECT string_agg(language || ':' || alias || ' (' || count || ')', '; '
                       ORDER BY count DESC, language, alias)
       FROM (SELECT language, alias, count FROM aliases a WHERE a.entity = e.entity
             ORDER BY count DESC, language, alias LIMIT 20) t)
  FROM entities e WHERE e.document_count > 0 ORDER BY e.entity";

const DOCUMENT_SQL: &str =
    "SELECT d.id, d.url, d.outlet, d.title, d.published, d.precision, d.language,
    length(d.text)::bigint,
    (SELECT count(*) FROM sentences x WHERE x.doc = d.doc),
    (SELECT count(*) FROM doc_entities x WHERE x.doc = d.doc),
    (SELECT count(*) FROM quotes x WHERE x.doc = d.doc),
    (SELECT count(*) FROM events x WHERE x.doc = d.doc),
    d.content_hash, d.analyzer, d.ingested_at, d.text
  FROM documents d ORDER BY d.doc";
