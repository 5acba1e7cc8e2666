//! Writing one document to PostgreSQL: the same decisions (add, no-op,
//! replace) and rows as `crate::ingest`, in one transaction, with the
//! per-row layers sent as arrays (`unnest`) to save round trips.

use super::stories::write_digest;
use super::{text, Conn, PgStore};
use crate::error::{Result, StoreError};
use crate::ingest::{
    basis_str, content_hash, modality_str, outlet_of, precision_of, quote_kind_str, sentence_of,
    timex_date, timex_type_str, UNDATED,
};
use crate::stories::PackedDigest;
use crate::StoredBatch;
use crate::{entity_key, IngestOutcome};
use newsgraph_doc::{ArgRef, Document};
use std::collections::{BTreeMap, HashMap};

const NOW: &str = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')";

impl PgStore {
    /// Stores documents in one transaction, each in its own savepoint (see
    /// `Store::ingest_batch`), with each document's story digest when
    /// given (see `Store::ingest_batch_with_digests`).
    pub(crate) fn ingest_batch(
        &self,
        docs: &[Document],
        digests: Option<&[PackedDigest]>,
        analyzer: &str,
    ) -> Result<StoredBatch> {
        let mut c = self.conn();
        c.batch("BEGIN")?;
        let mut out = Vec::with_capacity(docs.len());
        for (i, doc) in docs.iter().enumerate() {
            let digest = digests.and_then(|d| d.get(i));
            let fail = |e: StoreError| StoreError::Document {
                id: doc.id.clone(),
                reason: e.to_string(),
            };
            if let Err(e) = c.batch("SAVEPOINT doc") {
                let _ = c.batch("ROLLBACK");
                return Err(e);
            }
            let written = write_doc(&mut c, doc, analyzer).and_then(|o| {
                let old = match digest {
                    Some(g) => write_digest(&mut c, &doc.id, g, o == IngestOutcome::Unchanged)?,
                    None => None,
                };
                Ok((o, old))
            });
            match written {
                Ok(o) => {
                    c.batch("RELEASE SAVEPOINT doc")?;
                    out.push(Ok(o));
                }
                Err(e) => {
                    c.batch("ROLLBACK TO SAVEPOINT doc; RELEASE SAVEPOINT doc")?;
                    out.push(Err(fail(e)));
                }
            }
        }
        if let Err(e) = c.batch("COMMIT") {
            let _ = c.batch("ROLLBACK");
            return Err(e);
        }
        Ok(out)
    }
}

/// Adds `delta` to each named counter (schema v2 `counters`).
fn count(c: &mut Conn, deltas: &[(String, i64)]) -> Result<()> {
    let names: Vec<&str> = deltas
        .iter()
        .filter(|d| d.1 != 0)
        .map(|d| d.0.as_str())
        .collect();
    let values: Vec<i64> = deltas.iter().filter(|d| d.1 != 0).map(|d| d.1).collect();
    if names.is_empty() {
        return Ok(());
    }
    c.exec(
        "INSERT INTO counters(name, value) SELECT * FROM unnest($1::text[], $2::bigint[])
         ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value",
        &[&names, &values],
    )?;
    Ok(())
}

fn write_doc(c: &mut Conn, doc: &Document, analyzer: &str) -> Result<IngestOutcome> {
    let hash = content_hash(doc);
    let row = |r: postgres::Row| -> Result<(i64, String, String)> {
        Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
    };
    let mut existing = c
        .opt(
            "SELECT doc, content_hash, analyzer FROM documents WHERE id = $1",
            &[&doc.id],
        )?
        .map(row)
        .transpose()?;
    if existing.is_none() {
        if let Some(url) = doc.url.as_deref().filter(|u| !u.is_empty()) {
            existing = c
                .opt(
                    "SELECT doc, content_hash, analyzer FROM documents WHERE url = $1
                     ORDER BY doc LIMIT 1",
                    &[&url],
                )?
                .map(row)
                .transpose()?;
        }
    }
    let outcome = match &existing {
        Some((_, h, a)) if *h == hash && a == analyzer => return Ok(IngestOutcome::Unchanged),
        Some((old, ..)) => {
            delete_doc(c, *old)?;
            IngestOutcome::Replaced
        }
        None => IngestOutcome::Added,
    };
    insert_doc(c, doc, analyzer, &hash)?;
    Ok(outcome)
}

/// Removes a document and every layer of it, keeping the corpus counts in
/// step (as `crate::ingest::delete_doc`).
fn delete_doc(c: &mut Conn, doc: i64) -> Result<()> {
    let row = c.one(
        "SELECT coalesce(language, 'und'), outlet FROM documents WHERE doc = $1",
        &[&doc],
    )?;
    let lang: String = row.try_get(0)?;
    let outlet: Option<String> = row.try_get(1)?;
    let mut deltas: Vec<(String, i64)> = vec![(format!("language:{lang}"), -1)];
    if let Some(o) = outlet {
        deltas.push((format!("outlet:{o}"), -1));
    }
    c.exec(
        "UPDATE cooccurrence SET documents = documents - 1
         WHERE entity IN (SELECT entity FROM doc_entities WHERE doc = $1)
           AND other IN (SELECT entity FROM doc_entities WHERE doc = $1)",
        &[&doc],
    )?;
    c.exec(
        "DELETE FROM cooccurrence WHERE documents <= 0
           AND entity IN (SELECT entity FROM doc_entities WHERE doc = $1)",
        &[&doc],
    )?;
    let dead: i64 = c
        .one(
            "WITH u AS (UPDATE entities SET
               mention_count = mention_count - (SELECT count(*) FROM mentions m WHERE m.doc = $1 AND m.entity = entities.entity),
               document_count = document_count - 1
             WHERE entity IN (SELECT entity FROM doc_entities WHERE doc = $1)
             RETURNING document_count)
             SELECT count(*) FROM u WHERE document_count <= 0",
            &[&doc],
        )?
        .try_get(0)?;
    deltas.push(("entities".into(), -dead));
    c.exec(
        "UPDATE aliases SET count = count - (SELECT count(*) FROM mentions m
            WHERE m.doc = $1 AND m.entity = aliases.entity AND m.text = aliases.alias)
         WHERE language = $2 AND (entity, alias) IN (SELECT entity, text FROM mentions WHERE doc = $1)",
        &[&doc, &lang],
    )?;
    c.exec(
        "DELETE FROM aliases WHERE language = $2 AND count <= 0
           AND (entity, alias) IN (SELECT entity, text FROM mentions WHERE doc = $1)",
        &[&doc, &lang],
    )?;
    for (sql, counter) in [
        (
            "DELETE FROM event_args WHERE event IN (SELECT event FROM events WHERE doc = $1)",
            None,
        ),
        ("DELETE FROM events WHERE doc = $1", Some("events")),
        ("DELETE FROM quotes WHERE doc = $1", Some("quotes")),
        ("DELETE FROM entity_timeline WHERE doc = $1", None),
        ("DELETE FROM timexes WHERE doc = $1", Some("timexes")),
        ("DELETE FROM mentions WHERE doc = $1", Some("mentions")),
        ("DELETE FROM doc_entities WHERE doc = $1", None),
        ("DELETE FROM sentences WHERE doc = $1", Some("sentences")),
        ("DELETE FROM documents WHERE doc = $1", Some("documents")),
    ] {
        let n = c.exec(sql, &[&doc])?;
        if let Some(name) = counter {
            deltas.push((name.into(), -i64::try_from(n).unwrap_or(i64::MAX)));
        }
    }
    count(c, &deltas)
}

fn n(x: usize) -> i64 {
    i64::try_from(x).unwrap_or(i64::MAX)
}

fn insert_doc(c: &mut Conn, doc: &Document, analyzer: &str, hash: &str) -> Result<()> {
    let published = doc.published.map(|p| p.to_string());
    let pub_sort = published.clone().unwrap_or_else(|| UNDATED.to_string());
    let lang = doc
        .language
        .clone()
        .filter(|l| !l.is_empty())
        .unwrap_or_else(|| "und".into());
    let warnings = if doc.warnings.is_empty() {
        None
    } else {
        serde_json::to_string(&doc.warnings).ok()
    };
    let mut deltas: Vec<(String, i64)> = vec![
        ("documents".into(), 1),
        (format!("language:{lang}"), 1),
        ("sentences".into(), n(doc.sentences.len())),
        (
            "mentions".into(),
            n(doc.entities.iter().map(|e| e.mentions.len()).sum()),
        ),
        ("timexes".into(), n(doc.timexes.len())),
        ("quotes".into(), n(doc.quotes.len())),
        ("events".into(), n(doc.events.len())),
    ];
    if let Some(o) = outlet_of(doc) {
        deltas.push((format!("outlet:{o}"), 1));
    }
    let title_ix = text::index_text(doc.title.as_deref().unwrap_or(""));
    let text_ix = text::index_text(&doc.text);
    let d: i64 = c
        .one(
            &format!(
                "INSERT INTO documents(id, url, outlet, title, published, precision, sort_date, language,
                   text, content_hash, analyzer, format_version, ingested_at, warnings, tsv)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, {NOW}, $13,
                   setweight(to_tsvector('simple', $14), 'A') || setweight(to_tsvector('simple', $15), 'D'))
                 RETURNING doc"
            ),
            &[
                &doc.id,
                &doc.url,
                &outlet_of(doc),
                &doc.title,
                &published,
                &doc.published.as_ref().map(precision_of),
                &pub_sort,
                &lang,
                &doc.text,
                &hash,
                &analyzer,
                &i64::from(doc.format_version),
                &warnings,
                &title_ix,
                &text_ix,
            ],
        )?
        .try_get(0)?;

    if !doc.sentences.is_empty() {
        let idx: Vec<i64> = (0..doc.sentences.len()).map(n).collect();
        let st: Vec<i64> = doc.sentences.iter().map(|s| n(s.start)).collect();
        let en: Vec<i64> = doc.sentences.iter().map(|s| n(s.end)).collect();
        c.exec(
            "INSERT INTO sentences(doc, idx, start, \"end\")
             SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[])",
            &[&d, &idx, &st, &en],
        )?;
    }

    // Entities → corpus entities: one upsert per distinct key (first
    // occurrence names it; the first known code sticks, as in SQLite).
    let mut keys: Vec<String> = Vec::new();
    let mut firsts: HashMap<String, usize> = HashMap::new();
    let mut codes: Vec<Option<String>> = Vec::new();
    for e in &doc.entities {
        let key = entity_key(e);
        match firsts.get(&key) {
            Some(&i) => {
                if codes[i].is_none() {
                    codes[i] = e.code.clone();
                }
            }
            None => {
                firsts.insert(key.clone(), keys.len());
                keys.push(key);
                codes.push(e.code.clone());
            }
        }
    }
    let mut ids: HashMap<String, i64> = HashMap::new();
    if !keys.is_empty() {
        let mut types = Vec::new();
        let mut names = Vec::new();
        let mut name_keys = Vec::new();
        let mut kbs: Vec<Option<String>> = Vec::new();
        for k in &keys {
            let e = &doc.entities[doc
                .entities
                .iter()
                .position(|e| entity_key(e) == *k)
                .unwrap_or(0)];
            types.push(e.kind.clone());
            names.push(e.name.clone());
            name_keys.push(newsgraph_entities::names::key(&e.name));
            kbs.push(e.kb.clone());
        }
        for r in c.query(
            "INSERT INTO entities(key, type, name, name_key, kb, code, mention_count, document_count)
             SELECT k, t, nm, nk, kb, cd, 0, 0
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
               AS u(k, t, nm, nk, kb, cd)
             ON CONFLICT (key) DO UPDATE SET code = coalesce(entities.code, excluded.code)
             RETURNING key, entity",
            &[&keys, &types, &names, &name_keys, &kbs, &codes],
        )? {
            ids.insert(r.try_get(0)?, r.try_get(1)?);
        }
    }
    let mut local: HashMap<&str, i64> = HashMap::new();
    let mut de: BTreeMap<&str, i64> = BTreeMap::new();
    let (mut m_ent, mut m_start, mut m_end, mut m_text) = (vec![], vec![], vec![], vec![]);
    let mut aliases: BTreeMap<(i64, &str), i64> = BTreeMap::new();
    let mut counts: BTreeMap<i64, i64> = BTreeMap::new();
    for e in &doc.entities {
        let Some(&id) = ids.get(&entity_key(e)) else {
            return Err(StoreError::Query(format!("entity {} was not stored", e.id)));
        };
        local.insert(e.id.as_str(), id);
        de.insert(e.id.as_str(), id);
        for m in &e.mentions {
            m_ent.push(id);
            m_start.push(n(m.start));
            m_end.push(n(m.end));
            m_text.push(m.text.as_str());
            *aliases.entry((id, m.text.as_str())).or_default() += 1;
        }
        *counts.entry(id).or_default() += n(e.mentions.len());
    }
    if !de.is_empty() {
        let lids: Vec<&str> = de.keys().copied().collect();
        let eids: Vec<i64> = de.values().copied().collect();
        c.exec(
            "INSERT INTO doc_entities(doc, local_id, entity)
             SELECT $1, * FROM unnest($2::text[], $3::bigint[])",
            &[&d, &lids, &eids],
        )?;
        c.exec(
            "INSERT INTO mentions(doc, entity, start, \"end\", text)
             SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::text[])",
            &[&d, &m_ent, &m_start, &m_end, &m_text],
        )?;
        let a_ent: Vec<i64> = aliases.keys().map(|k| k.0).collect();
        let a_alias: Vec<&str> = aliases.keys().map(|k| k.1).collect();
        let a_n: Vec<i64> = aliases.values().copied().collect();
        c.exec(
            "INSERT INTO aliases(entity, language, alias, count)
             SELECT e, $1, a, k FROM unnest($2::bigint[], $3::text[], $4::bigint[]) AS u(e, a, k)
             ON CONFLICT (entity, language, alias) DO UPDATE SET count = aliases.count + excluded.count",
            &[&lang, &a_ent, &a_alias, &a_n],
        )?;
        let c_ent: Vec<i64> = counts.keys().copied().collect();
        let c_n: Vec<i64> = counts.values().copied().collect();
        let born: i64 = c
            .one(
                "WITH up AS (UPDATE entities SET mention_count = mention_count + u.k,
                   document_count = document_count + 1
                 FROM unnest($1::bigint[], $2::bigint[]) AS u(e, k) WHERE entities.entity = u.e
                 RETURNING document_count)
                 SELECT count(*) FROM up WHERE document_count = 1",
                &[&c_ent, &c_n],
            )?
            .try_get(0)?;
        deltas.push(("entities".into(), born));
        // Every ordered pair of the document's distinct corpus entities.
        c.exec(
            "INSERT INTO cooccurrence(entity, other, documents)
             SELECT a, b, 1 FROM unnest($1::bigint[]) a, unnest($1::bigint[]) b WHERE a <> b
             ON CONFLICT (entity, other) DO UPDATE SET documents = cooccurrence.documents + 1",
            &[&c_ent],
        )?;
    }
    let ent = |a: &Option<ArgRef>| -> Option<i64> {
        a.as_ref()
            .and_then(|a| a.entity.as_deref())
            .and_then(|id| local.get(id).copied())
    };

    if !doc.timexes.is_empty() {
        let t = &doc.timexes;
        let idx: Vec<i64> = (0..t.len()).map(n).collect();
        let st: Vec<i64> = t.iter().map(|x| n(x.start)).collect();
        let en: Vec<i64> = t.iter().map(|x| n(x.end)).collect();
        let tx: Vec<&str> = t.iter().map(|x| x.text.as_str()).collect();
        let ty: Vec<&str> = t.iter().map(|x| timex_type_str(x.kind)).collect();
        let va: Vec<&str> = t.iter().map(|x| x.value.as_str()).collect();
        let an: Vec<Option<&str>> = t.iter().map(|x| x.anchor.as_deref()).collect();
        let mo: Vec<Option<&str>> = t.iter().map(|x| x.modifier.as_deref()).collect();
        c.exec(
            "INSERT INTO timexes(doc, idx, start, \"end\", text, type, value, anchor, mod)
             SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::bigint[], $5::text[],
               $6::text[], $7::text[], $8::text[], $9::text[])",
            &[&d, &idx, &st, &en, &tx, &ty, &va, &an, &mo],
        )?;
    }

    // (entity, sort_date, kind, ref), in the order SQLite writes them.
    let mut timeline: Vec<(i64, String, &str, i64)> = Vec::new();
    for (i, q) in doc.quotes.iter().enumerate() {
        let speaker = ent(&q.speaker);
        let qid: i64 = c
            .one(
                "INSERT INTO quotes(doc, idx, start, \"end\", text, kind, speaker, speaker_text, cue,
                   cue_lemma, via, via_text, sentence, sort_date, tsv)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
                   to_tsvector('simple', $15)) RETURNING quote",
                &[
                    &d,
                    &n(i),
                    &n(q.start),
                    &n(q.end),
                    &q.text,
                    &quote_kind_str(q.kind),
                    &speaker,
                    &q.speaker.as_ref().map(|s| &s.text),
                    &q.cue.as_ref().map(|c| &c.text),
                    &q.cue.as_ref().map(|c| &c.lemma),
                    &ent(&q.via),
                    &q.via.as_ref().map(|s| &s.text),
                    &sentence_of(doc, q.start).map(n),
                    &pub_sort,
                    &text::index_text(&q.text),
                ],
            )?
            .try_get(0)?;
        if let Some(s) = speaker {
            timeline.push((s, pub_sort.clone(), "quote", qid));
        }
    }

    let (mut a_ev, mut a_role, mut a_idx, mut a_ent, mut a_text, mut a_code) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for ev in &doc.events {
        let dated = ev.time.value.as_deref().and_then(timex_date);
        let (sort, is_dated) = match &dated {
            Some((s, _)) => (s.clone(), true),
            None => (pub_sort.clone(), false),
        };
        let place = ent(&ev.place);
        let source = ent(&ev.source);
        let modifiers: Vec<&str> = ev.modifiers.iter().map(|m| modality_str(*m)).collect();
        let eid: i64 = c
            .one(
                "INSERT INTO events(doc, local_id, type, mode, cameo, trigger, trigger_lemma, trigger_start,
                   trigger_end, place, place_text, place_code, time_value, time_precision, time_basis,
                   time_bound, time_timex, sort_date, dated, modality, modifiers, source, source_text,
                   reported_by, quote_idx, sentence)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18,
                   $19, $20, $21, $22, $23, $24, $25, $26) RETURNING event",
                &[
                    &d,
                    &ev.id,
                    &ev.kind,
                    &ev.mode,
                    &ev.cameo,
                    &ev.trigger.text,
                    &ev.trigger.lemma,
                    &n(ev.trigger.start),
                    &n(ev.trigger.end),
                    &place,
                    &ev.place.as_ref().map(|p| &p.text),
                    &ev.place.as_ref().and_then(|p| p.code.as_ref()),
                    &ev.time.value,
                    &dated.as_ref().map(|(_, p)| *p),
                    &ev.time.basis.map(basis_str),
                    &ev.time.bound,
                    &ev.time.timex.map(n),
                    &sort,
                    &is_dated,
                    &modality_str(ev.modality),
                    &(!modifiers.is_empty()).then(|| modifiers.join(",")),
                    &source,
                    &ev.source.as_ref().map(|s| &s.text),
                    &ev.reported_by,
                    &ev.quote.map(n),
                    &n(ev.sentence),
                ],
            )?
            .try_get(0)?;
        let mut involved: std::collections::BTreeSet<i64> = Default::default();
        for (role, list) in [("actor", &ev.actors), ("target", &ev.targets)] {
            for (i, a) in list.iter().enumerate() {
                let e = a.entity.as_deref().and_then(|id| local.get(id).copied());
                a_ev.push(eid);
                a_role.push(role);
                a_idx.push(n(i));
                a_ent.push(e);
                a_text.push(a.text.as_str());
                a_code.push(a.code.as_deref());
                involved.extend(e);
            }
        }
        involved.extend(place);
        involved.extend(source);
        for e in involved {
            timeline.push((e, sort.clone(), "event", eid));
        }
    }
    if !a_ev.is_empty() {
        c.exec(
            "INSERT INTO event_args(event, role, idx, entity, text, code)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[], $6::text[])",
            &[&a_ev, &a_role, &a_idx, &a_ent, &a_text, &a_code],
        )?;
    }
    if !timeline.is_empty() {
        let t_ent: Vec<i64> = timeline.iter().map(|t| t.0).collect();
        let t_date: Vec<&str> = timeline.iter().map(|t| t.1.as_str()).collect();
        let t_kind: Vec<&str> = timeline.iter().map(|t| t.2).collect();
        let t_ref: Vec<i64> = timeline.iter().map(|t| t.3).collect();
        c.exec(
            "INSERT INTO entity_timeline(entity, sort_date, kind, ref, doc)
             SELECT e, s, k, r, $1 FROM unnest($2::bigint[], $3::text[], $4::text[], $5::bigint[])
               AS u(e, s, k, r)",
            &[&d, &t_ent, &t_date, &t_kind, &t_ref],
        )?;
    }
    count(c, &deltas)
}
