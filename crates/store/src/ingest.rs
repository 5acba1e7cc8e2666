//! Writing one document: identity (id, else URL) and content hash decide
//! between add, no-op and replace; everything happens in one transaction.

use crate::error::{Result, StoreError};
use crate::stories::{sqlite_write_digest, PackedDigest};
use crate::StoredBatch;
use crate::{entity_key, SqliteStore};
use newsgraph_doc::{ArgRef, Document, Modality, Published, QuoteKind, TimeBasis, TimexType};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{BTreeSet, HashMap};

/// What [`Store::ingest`] did with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IngestOutcome {
    /// A new document.
    Added,
    /// Same text, metadata and analyzer version as stored: nothing written.
    Unchanged,
    /// Known id (or URL) with another content hash or analyzer version: its
    /// layers were replaced.
    Replaced,
}

/// FNV-1a 64 over the text and the metadata, as 16 hex digits. Layers are
/// not hashed: they are a function of text, metadata and analyzer version.
pub fn content_hash(doc: &Document) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |s: &str| {
        for b in s.as_bytes().iter().chain(std::iter::once(&0xffu8)) {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    feed(&doc.text);
    feed(doc.url.as_deref().unwrap_or(""));
    feed(doc.source.as_deref().unwrap_or(""));
    feed(doc.title.as_deref().unwrap_or(""));
    feed(&doc.published.map(|p| p.to_string()).unwrap_or_default());
    feed(doc.language.as_deref().unwrap_or(""));
    format!("{h:016x}")
}

/// The outlet of a document: its `source`, else the host of its URL
/// (without `www.`).
pub fn outlet_of(doc: &Document) -> Option<String> {
    if let Some(s) = doc
        .source
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        return Some(s.to_string());
    }
    let url = doc.url.as_deref()?;
    let rest = url.split_once("://").map(|(_, r)| r)?;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
    let host = host.split(':').next()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    (!host.is_empty()).then_some(host)
}

/// `year`, `month`, `day` or `time`.
pub(crate) fn precision_of(p: &Published) -> &'static str {
    match p {
        Published::Year(_) => "year",
        Published::Month(..) => "month",
        Published::Day(..) => "day",
        Published::DateTime { .. } => "time",
    }
}

/// The sortable, dated prefix of a TIMEX3 value (`2023`, `2023-03`,
/// `2023-03-14`, `2023-03-14T08:30`) and its precision; `None` for values
/// without a calendar date (`PRESENT_REF`, durations…).
pub(crate) fn timex_date(value: &str) -> Option<(String, &'static str)> {
    let b = value.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        b.get(r.clone())
            .is_some_and(|s| s.iter().all(u8::is_ascii_digit))
    };
    if !digits(0..4) {
        return None;
    }
    if b.len() == 4 {
        return Some((value[..4].to_string(), "year"));
    }
    if b.get(4) != Some(&b'-') {
        return None;
    }
    if digits(5..7) && (b.len() == 7 || b.get(7) == Some(&b'-')) {
        if b.len() == 7 {
            return Some((value[..7].to_string(), "month"));
        }
        if digits(8..10) {
            if b.len() == 10 {
                return Some((value[..10].to_string(), "day"));
            }
            if b.get(10) == Some(&b'T') {
                let end = value
                    .char_indices()
                    .skip(11)
                    .find(|(_, c)| !(c.is_ascii_digit() || *c == ':'))
                    .map(|(i, _)| i)
                    .unwrap_or(value.len());
                return Some((value[..end].to_string(), "time"));
            }
        }
        return Some((value[..7].to_string(), "month"));
    }
    let tail = &value[5..];
    let year: i64 = value[..4].parse().ok()?;
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        tail.get(r)
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse().ok())
    };
    if tail.starts_with('W') {
        // ISO week: placed at its Monday, so that it sorts among days.
        let date = num(1..3)
            .filter(|w| (1..=53).contains(w))
            .map(|w| iso_week_monday(year, w))
            .unwrap_or_else(|| value[..4].to_string());
        return Some((date, "week"));
    }
    if tail.starts_with('Q') || tail.starts_with('H') {
        // Quarters and halves: placed at their first month.
        let per = if tail.starts_with('Q') { 3 } else { 6 };
        let max = 12 / per;
        let date = num(1..2)
            .filter(|q| (1..=max).contains(q))
            .map(|q| format!("{year:04}-{:02}", (q - 1) * per + 1))
            .unwrap_or_else(|| value[..4].to_string());
        return Some((date, "quarter"));
    }
    let precision = if ["SP", "SU", "FA", "WI"].iter().any(|s| tail.starts_with(s)) {
        "season"
    } else {
        "other"
    };
    Some((value[..4].to_string(), precision))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of days since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// `YYYY-MM-DD` of the Monday of ISO week `week` of `year` (week 1 holds
/// January 4th).
fn iso_week_monday(year: i64, week: i64) -> String {
    let jan4 = days_from_civil(year, 1, 4);
    // 1970-01-01 was a Thursday: weekday 0 = Monday.
    let weekday = (jan4 + 3).rem_euclid(7);
    let (y, m, d) = civil_from_days(jan4 - weekday + (week - 1) * 7);
    format!("{y:04}-{m:02}-{d:02}")
}

pub(crate) fn modality_str(m: Modality) -> &'static str {
    match m {
        Modality::Asserted => "asserted",
        Modality::Reported => "reported",
        Modality::Planned => "planned",
        Modality::Conditional => "conditional",
        Modality::Negated => "negated",
        Modality::Hypothetical => "hypothetical",
        Modality::Denied => "denied",
    }
}

pub(crate) fn basis_str(b: TimeBasis) -> &'static str {
    match b {
        TimeBasis::Timex => "timex",
        TimeBasis::Context => "context",
        TimeBasis::Publication => "publication",
    }
}

pub(crate) fn quote_kind_str(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Partial => "partial",
        QuoteKind::Indirect => "indirect",
    }
}

pub(crate) fn timex_type_str(t: TimexType) -> &'static str {
    match t {
        TimexType::Date => "DATE",
        TimexType::Time => "TIME",
        TimexType::Duration => "DURATION",
        TimexType::Set => "SET",
    }
}

/// Index of the sentence containing code-point offset `at`.
pub(crate) fn sentence_of(doc: &Document, at: usize) -> Option<usize> {
    let i = doc.sentences.partition_point(|s| s.end <= at);
    doc.sentences.get(i).filter(|s| s.start <= at).map(|_| i)
}

/// Sort key placed after every date, for items with no date at all.
pub(crate) const UNDATED: &str = "~";

/// Changes to the corpus-wide tables that many documents touch (counters
/// and co-occurrence), gathered in memory and written once per
/// transaction.
#[derive(Debug, Default)]
struct Deltas {
    counters: HashMap<String, i64>,
    pairs: HashMap<(i64, i64), i64>,
}

impl Deltas {
    fn count(&mut self, name: &str, n: i64) {
        if n != 0 {
            *self.counters.entry(name.to_string()).or_default() += n;
        }
    }

    /// Every pair of the distinct corpus entities of one document, once.
    fn pairs_of(&mut self, entities: &BTreeSet<i64>, n: i64) {
        let v: Vec<i64> = entities.iter().copied().collect();
        for (i, a) in v.iter().enumerate() {
            for b in &v[i + 1..] {
                *self.pairs.entry((*a, *b)).or_default() += n;
            }
        }
    }

    fn merge(&mut self, o: Deltas) {
        for (k, v) in o.counters {
            *self.counters.entry(k).or_default() += v;
        }
        for (k, v) in o.pairs {
            *self.pairs.entry(k).or_default() += v;
        }
    }

    fn flush(self, c: &Connection) -> rusqlite::Result<()> {
        let mut up = c.prepare_cached(
            "INSERT INTO counters(name, value) VALUES (?1, ?2)
             ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
        )?;
        for (k, v) in &self.counters {
            if *v != 0 {
                up.execute(params![k, v])?;
            }
        }
        let mut pairs: Vec<((i64, i64), i64)> =
            self.pairs.into_iter().filter(|(_, n)| *n != 0).collect();
        pairs.sort_unstable();
        let mut up = c.prepare_cached(
            "INSERT INTO cooccurrence(entity, other, documents) VALUES (?1, ?2, ?3)
             ON CONFLICT(entity, other) DO UPDATE SET documents = documents + excluded.documents",
        )?;
        let mut gone = false;
        for ((a, b), n) in &pairs {
            up.execute(params![a, b, n])?;
            up.execute(params![b, a, n])?;
            gone |= *n < 0;
        }
        if gone {
            let mut del = c.prepare_cached(
                "DELETE FROM cooccurrence WHERE entity = ?1 AND other = ?2 AND documents <= 0",
            )?;
            for ((a, b), n) in &pairs {
                if *n < 0 {
                    del.execute(params![a, b])?;
                    del.execute(params![b, a])?;
                }
            }
        }
        Ok(())
    }
}

impl SqliteStore {
    /// Stores documents in one transaction, each document inside its own
    /// savepoint: a document that fails is rolled back alone and reported
    /// in its slot, the others are committed together. After a crash the
    /// store holds each document of the batch whole or not at all. The
    /// outer `Err` is for the transaction itself (begin, commit). With
    /// `digests` (one per document) each document's story digest is
    /// written in its savepoint (see `Store::ingest_batch_with_digests`).
    pub(crate) fn ingest_batch(
        &mut self,
        docs: &[Document],
        digests: Option<&[PackedDigest]>,
        analyzer: &str,
    ) -> Result<StoredBatch> {
        let mut tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let mut total = Deltas::default();
        let mut out = Vec::with_capacity(docs.len());
        for (i, doc) in docs.iter().enumerate() {
            let fail = |e: rusqlite::Error| StoreError::Document {
                id: doc.id.clone(),
                reason: e.to_string(),
            };
            let mut deltas = Deltas::default();
            let sp = tx.savepoint().map_err(fail)?;
            let digest = digests.and_then(|d| d.get(i));
            let written = write_doc(&sp, doc, analyzer, &mut deltas).and_then(|o| {
                let old = match digest {
                    Some(g) => sqlite_write_digest(&sp, &doc.id, g, o == IngestOutcome::Unchanged)?,
                    None => None,
                };
                Ok((o, old))
            });
            match written {
                Ok(o) => {
                    sp.commit().map_err(fail)?;
                    total.merge(deltas);
                    out.push(Ok(o));
                }
                // Dropping the savepoint rolls this document back.
                Err(e) => out.push(Err(fail(e))),
            }
        }
        total.flush(&tx)?;
        tx.commit()?;
        Ok(out)
    }
}

fn write_doc(
    tx: &Connection,
    doc: &Document,
    analyzer: &str,
    deltas: &mut Deltas,
) -> rusqlite::Result<IngestOutcome> {
    let hash = content_hash(doc);
    let mut existing: Option<(i64, String, String)> = tx
        .prepare_cached("SELECT doc, content_hash, analyzer FROM documents WHERE id = ?1")?
        .query_row([&doc.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if existing.is_none() {
        if let Some(url) = doc.url.as_deref().filter(|u| !u.is_empty()) {
            existing = tx
                .prepare_cached(
                    "SELECT doc, content_hash, analyzer FROM documents WHERE url = ?1 LIMIT 1",
                )?
                .query_row([url], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .optional()?;
        }
    }
    let outcome = match &existing {
        Some((_, h, a)) if *h == hash && a == analyzer => return Ok(IngestOutcome::Unchanged),
        Some((old, ..)) => {
            delete_doc(tx, *old, deltas)?;
            IngestOutcome::Replaced
        }
        None => IngestOutcome::Added,
    };
    insert_doc(tx, doc, analyzer, &hash, deltas)?;
    Ok(outcome)
}

/// Removes a document and every layer of it, keeping the corpus counts
/// (entity mentions and documents, alias counts, counters, co-occurrence)
/// in step.
fn delete_doc(tx: &Connection, doc: i64, deltas: &mut Deltas) -> rusqlite::Result<()> {
    let (lang, outlet): (String, Option<String>) = tx
        .prepare_cached("SELECT coalesce(language, 'und'), outlet FROM documents WHERE doc = ?1")?
        .query_row([doc], |r| Ok((r.get(0)?, r.get(1)?)))?;
    if let Some(o) = outlet {
        deltas.count(&format!("outlet:{o}"), -1);
    }
    let entities: BTreeSet<i64> = tx
        .prepare_cached("SELECT DISTINCT entity FROM doc_entities WHERE doc = ?1")?
        .query_map([doc], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    deltas.pairs_of(&entities, -1);
    let dead = tx
        .prepare_cached(
            "UPDATE entities SET
           mention_count = mention_count - (SELECT count(*) FROM mentions m WHERE m.doc = ?1 AND m.entity = entities.entity),
           document_count = document_count - 1
         WHERE entity IN (SELECT entity FROM doc_entities WHERE doc = ?1)
         RETURNING document_count",
        )?
        .query_map([doc], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?
        .into_iter()
        .filter(|n| *n <= 0)
        .count();
    deltas.count("entities", -(dead as i64));
    tx.prepare_cached(
        "UPDATE aliases SET count = count - (SELECT count(*) FROM mentions m
            WHERE m.doc = ?1 AND m.entity = aliases.entity AND m.text = aliases.alias)
         WHERE language = ?2 AND (entity, alias) IN (SELECT entity, text FROM mentions WHERE doc = ?1)",
    )?
    .execute(params![doc, lang])?;
    tx.prepare_cached(
        "DELETE FROM aliases WHERE language = ?2 AND count <= 0
           AND (entity, alias) IN (SELECT entity, text FROM mentions WHERE doc = ?1)",
    )?
    .execute(params![doc, lang])?;
    for (sql, counter) in [
        (
            "DELETE FROM event_args WHERE event IN (SELECT event FROM events WHERE doc = ?1)",
            None,
        ),
        ("DELETE FROM events WHERE doc = ?1", Some("events")),
        ("DELETE FROM quotes WHERE doc = ?1", Some("quotes")),
        ("DELETE FROM entity_timeline WHERE doc = ?1", None),
        ("DELETE FROM timexes WHERE doc = ?1", Some("timexes")),
        ("DELETE FROM mentions WHERE doc = ?1", Some("mentions")),
        ("DELETE FROM doc_entities WHERE doc = ?1", None),
        ("DELETE FROM sentences WHERE doc = ?1", Some("sentences")),
        ("DELETE FROM documents WHERE doc = ?1", Some("documents")),
    ] {
        let n = tx.prepare_cached(sql)?.execute([doc])?;
        if let Some(c) = counter {
            deltas.count(c, -(n as i64));
        }
    }
    deltas.count(&format!("language:{lang}"), -1);
    Ok(())
}

fn insert_doc(
    tx: &Connection,
    doc: &Document,
    analyzer: &str,
    hash: &str,
    deltas: &mut Deltas,
) -> rusqlite::Result<()> {
    let published = doc.published.map(|p| p.to_string());
    let pub_sort = published.clone().unwrap_or_else(|| UNDATED.to_string());
    let lang = doc
        .language
        .clone()
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "und".into());
    let outlet = outlet_of(doc);
    if let Some(o) = &outlet {
        deltas.count(&format!("outlet:{o}"), 1);
    }
    let warnings = if doc.warnings.is_empty() {
        None
    } else {
        serde_json::to_string(&doc.warnings).ok()
    };
    let d: i64 = tx
        .prepare_cached(
            "INSERT INTO documents(id, url, outlet, title, published, precision, sort_date, language,
               text, content_hash, analyzer, format_version, ingested_at, warnings)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, datetime('now'), ?13)
             RETURNING doc",
        )?
        .query_row(
            params![
                doc.id,
                doc.url,
                outlet,
                doc.title,
                published,
                doc.published.as_ref().map(precision_of),
                pub_sort,
                lang,
                doc.text,
                hash,
                analyzer,
                doc.format_version,
                warnings
            ],
            |r| r.get(0),
        )?;

    {
        let mut st = tx.prepare_cached(
            "INSERT INTO sentences(doc, idx, start, end) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (i, s) in doc.sentences.iter().enumerate() {
            st.execute(params![d, i as i64, s.start as i64, s.end as i64])?;
        }
    }

    // Entities → corpus entities.
    let mut local: HashMap<&str, i64> = HashMap::new();
    let mut in_doc: BTreeSet<i64> = BTreeSet::new();
    {
        let mut up = tx.prepare_cached(
            "INSERT INTO entities(key, type, name, name_key, kb, code, mention_count, document_count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, 0)
             ON CONFLICT(key) DO UPDATE SET code = coalesce(entities.code, excluded.code)
             RETURNING entity",
        )?;
        let mut de = tx.prepare_cached(
            "INSERT OR REPLACE INTO doc_entities(doc, local_id, entity) VALUES (?1, ?2, ?3)",
        )?;
        let mut me = tx.prepare_cached(
            "INSERT INTO mentions(doc, entity, start, end, text) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        let mut al = tx.prepare_cached(
            "INSERT INTO aliases(entity, language, alias, count) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(entity, language, alias) DO UPDATE SET count = count + excluded.count",
        )?;
        let mut mc = tx.prepare_cached(
            "UPDATE entities SET mention_count = mention_count + ?2 WHERE entity = ?1",
        )?;
        for e in &doc.entities {
            let key = entity_key(e);
            let id: i64 = up.query_row(
                params![
                    key,
                    e.kind,
                    e.name,
                    newsgraph_entities::names::key(&e.name),
                    e.kb,
                    e.code
                ],
                |r| r.get(0),
            )?;
            local.insert(e.id.as_str(), id);
            in_doc.insert(id);
            de.execute(params![d, e.id, id])?;
            let mut counts: HashMap<&str, i64> = HashMap::new();
            for m in &e.mentions {
                me.execute(params![d, id, m.start as i64, m.end as i64, m.text])?;
                *counts.entry(m.text.as_str()).or_default() += 1;
            }
            for (alias, n) in counts {
                al.execute(params![id, lang, alias, n])?;
            }
            mc.execute(params![id, e.mentions.len() as i64])?;
        }
        let mut dc = tx.prepare_cached(
            "UPDATE entities SET document_count = document_count + 1 WHERE entity = ?1
             RETURNING document_count",
        )?;
        for id in &in_doc {
            let n: i64 = dc.query_row([id], |r| r.get(0))?;
            if n == 1 {
                deltas.count("entities", 1);
            }
        }
    }
    deltas.pairs_of(&in_doc, 1);
    deltas.count("documents", 1);
    deltas.count(&format!("language:{lang}"), 1);
    deltas.count("sentences", doc.sentences.len() as i64);
    deltas.count(
        "mentions",
        doc.entities.iter().map(|e| e.mentions.len() as i64).sum(),
    );
    deltas.count("timexes", doc.timexes.len() as i64);
    deltas.count("quotes", doc.quotes.len() as i64);
    deltas.count("events", doc.events.len() as i64);
    let ent = |a: &Option<ArgRef>| -> Option<i64> {
        a.as_ref()
            .and_then(|a| a.entity.as_deref())
            .and_then(|id| local.get(id).copied())
    };

    {
        let mut st = tx.prepare_cached(
            "INSERT INTO timexes(doc, idx, start, end, text, type, value, anchor, mod)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        for (i, t) in doc.timexes.iter().enumerate() {
            st.execute(params![
                d,
                i as i64,
                t.start as i64,
                t.end as i64,
                t.text,
                timex_type_str(t.kind),
                t.value,
                t.anchor,
                t.modifier
            ])?;
        }
    }

    let mut tl = tx.prepare_cached(
        "INSERT INTO entity_timeline(entity, sort_date, kind, ref, doc) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO quotes(doc, idx, start, end, text, kind, speaker, speaker_text, cue, cue_lemma,
               via, via_text, sentence, sort_date)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) RETURNING quote",
        )?;
        for (i, q) in doc.quotes.iter().enumerate() {
            let speaker = ent(&q.speaker);
            let qid: i64 = st.query_row(
                params![
                    d,
                    i as i64,
                    q.start as i64,
                    q.end as i64,
                    q.text,
                    quote_kind_str(q.kind),
                    speaker,
                    q.speaker.as_ref().map(|s| &s.text),
                    q.cue.as_ref().map(|c| &c.text),
                    q.cue.as_ref().map(|c| &c.lemma),
                    ent(&q.via),
                    q.via.as_ref().map(|s| &s.text),
                    sentence_of(doc, q.start).map(|s| s as i64),
                    pub_sort
                ],
                |r| r.get(0),
            )?;
            if let Some(s) = speaker {
                tl.execute(params![s, pub_sort, "quote", qid, d])?;
            }
        }
    }

    {
        let mut st = tx.prepare_cached(
            "INSERT INTO events(doc, local_id, type, mode, cameo, trigger, trigger_lemma, trigger_start,
               trigger_end, place, place_text, place_code, time_value, time_precision, time_basis,
               time_bound, time_timex, sort_date, dated, modality, modifiers, source, source_text,
               reported_by, quote_idx, sentence)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
               ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26) RETURNING event",
        )?;
        let mut arg = tx.prepare_cached(
            "INSERT INTO event_args(event, role, idx, entity, text, code) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for ev in &doc.events {
            let dated = ev.time.value.as_deref().and_then(timex_date);
            let (sort, is_dated) = match &dated {
                Some((s, _)) => (s.clone(), true),
                None => (pub_sort.clone(), false),
            };
            let place = ent(&ev.place);
            let source = ent(&ev.source);
            let modifiers: Vec<&str> = ev.modifiers.iter().map(|m| modality_str(*m)).collect();
            let eid: i64 = st.query_row(
                params![
                    d,
                    ev.id,
                    ev.kind,
                    ev.mode,
                    ev.cameo,
                    ev.trigger.text,
                    ev.trigger.lemma,
                    ev.trigger.start as i64,
                    ev.trigger.end as i64,
                    place,
                    ev.place.as_ref().map(|p| &p.text),
                    ev.place.as_ref().and_then(|p| p.code.as_ref()),
                    ev.time.value,
                    dated.as_ref().map(|(_, p)| *p),
                    ev.time.basis.map(basis_str),
                    ev.time.bound,
                    ev.time.timex.map(|t| t as i64),
                    sort,
                    is_dated,
                    modality_str(ev.modality),
                    (!modifiers.is_empty()).then(|| modifiers.join(",")),
                    source,
                    ev.source.as_ref().map(|s| &s.text),
                    ev.reported_by,
                    ev.quote.map(|q| q as i64),
                    ev.sentence as i64
                ],
                |r| r.get(0),
            )?;
            let mut involved: BTreeSet<i64> = BTreeSet::new();
            for (role, list) in [("actor", &ev.actors), ("target", &ev.targets)] {
                for (i, a) in list.iter().enumerate() {
                    let e = a.entity.as_deref().and_then(|id| local.get(id).copied());
                    arg.execute(params![eid, role, i as i64, e, a.text, a.code])?;
                    involved.extend(e);
                }
            }
            involved.extend(place);
            involved.extend(source);
            for e in involved {
                tl.execute(params![e, sort, "event", eid, d])?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timex_dates() {
        assert_eq!(timex_date("2023"), Some(("2023".into(), "year")));
        assert_eq!(timex_date("2023-03"), Some(("2023-03".into(), "month")));
        assert_eq!(timex_date("2023-03-14"), Some(("2023-03-14".into(), "day")));
        assert_eq!(
            timex_date("2023-03-14T08:30"),
            Some(("2023-03-14T08:30".into(), "time"))
        );
        // ISO weeks at their Monday, quarters and halves at their first month.
        assert_eq!(timex_date("2023-W21"), Some(("2023-05-22".into(), "week")));
        assert_eq!(timex_date("2024-W12"), Some(("2024-03-18".into(), "week")));
        assert_eq!(timex_date("2024-W01"), Some(("2024-01-01".into(), "week")));
        assert_eq!(timex_date("2021-W01"), Some(("2021-01-04".into(), "week")));
        assert_eq!(timex_date("2026-W01"), Some(("2025-12-29".into(), "week")));
        assert_eq!(
            timex_date("2024-W12-WE"),
            Some(("2024-03-18".into(), "week"))
        );
        assert_eq!(timex_date("2024-WXX"), Some(("2024".into(), "week")));
        assert_eq!(timex_date("2024-Q2"), Some(("2024-04".into(), "quarter")));
        assert_eq!(timex_date("2024-H2"), Some(("2024-07".into(), "quarter")));
        assert_eq!(timex_date("2024-Q5"), Some(("2024".into(), "quarter")));
        assert_eq!(timex_date("2023-SU"), Some(("2023".into(), "season")));
        assert_eq!(timex_date("PRESENT_REF"), None);
        assert_eq!(timex_date("P1Y"), None);
        assert_eq!(timex_date("20"), None);
    }

    #[test]
    fn outlets() {
        let mut d = Document::new("a", "x");
        d.url = Some("https://www.Example.org:443/a/b?c".into());
        assert_eq!(outlet_of(&d).as_deref(), Some("example.org"));
        d.source = Some(" Le Monde ".into());
        assert_eq!(outlet_of(&d).as_deref(), Some("Le Monde"));
        d.source = None;
        d.url = Some("not a url".into());
        assert_eq!(outlet_of(&d), None);
    }
}
