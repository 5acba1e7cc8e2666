//! Stories grouped at ingest and kept in the store.
//!
//! Ingest writes each document's [`Digest`] ([`put_digest`]); [`update`]
//! then groups the waiting documents online, in publication order, after
//! replaying the stored documents of the surrounding time window into their
//! stored stories: a new document joins a stored story or starts one, and a
//! document that fits two stories merges them (the lower story number
//! survives). Only the stories that changed are rebuilt (facts, sources,
//! conflicts) and written back.
//!
//! Invariant: memory is bounded by the grouper's window plus one story's
//! digests at a time: digests are streamed from the store in publication
//! order and stories are rebuilt one by one.
//! Invariant: a replaced document is grouped again (its old story is
//! rebuilt without it, and deleted when left empty).

use crate::digest::Digest;
use crate::facts::Conflict;
use crate::group::{Config, Grouper};
use crate::story::{build_story, Story};
use newsgraph_store::{
    story_id, PackedDigest, Store, StoreError, StoryConflictRow, StoryDocRow, StoryEntityRow,
    StoryFactRow, StoryRecord,
};
use std::collections::{BTreeSet, HashMap};

/// What went wrong keeping stories in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoredError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A stored digest could not be read back.
    #[error("story digest of document {id}: {reason}")]
    Digest {
        /// Document id.
        id: String,
        /// Why.
        reason: String,
    },
}

/// What [`update`] did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdateReport {
    /// Documents grouped now.
    pub grouped: usize,
    /// Stored documents replayed to rebuild the window's stories.
    pub replayed: usize,
    /// Stories written (new or changed).
    pub written: usize,
    /// Stored stories merged into another one.
    pub merged: usize,
}

/// The digest in its stored form (JSON, compressed by the store), made on
/// the caller's thread; written with its document by
/// [`Store::ingest_batch_with_digests`].
pub fn pack(d: &Digest) -> Result<PackedDigest, StoredError> {
    let json = serde_json::to_string(d).map_err(|e| StoredError::Digest {
        id: d.id.clone(),
        reason: e.to_string(),
    })?;
    Ok(PackedDigest::new(
        d.features.day,
        d.features.day_hi.or(d.features.day),
        i64::from(d.minutes),
        &json,
    ))
}

/// Stores the digest of an analyzed document, waiting for [`update`].
/// Returns the story the document was in before (it must be rebuilt: pass it
/// to [`update`] in `touched`).
pub fn put_digest(store: &mut Store, d: &Digest) -> Result<Option<i64>, StoredError> {
    let p = pack(d)?;
    Ok(store.put_packed_digest(&d.id, &p)?)
}

fn parse(id: &str, json: &str) -> Result<Digest, StoredError> {
    serde_json::from_str(json).map_err(|e| StoredError::Digest {
        id: id.to_string(),
        reason: e.to_string(),
    })
}

fn root(uf: &mut HashMap<i64, i64>, mut x: i64) -> i64 {
    while let Some(&p) = uf.get(&x) {
        if p == x {
            break;
        }
        x = p;
    }
    x
}

/// Groups the documents waiting in the store and writes the stories that
/// changed, plus the stories in `touched` (stories that lost a replaced
/// document).
pub fn update(
    store: &mut Store,
    cfg: &Config,
    touched: &BTreeSet<i64>,
) -> Result<UpdateReport, StoredError> {
    let mut report = UpdateReport::default();
    let (pending, lo, hi) = store.pending_stories()?;
    let mut rebuild: BTreeSet<i64> = touched.clone();
    // documents in arrival order: (doc id, stored story, copy_of found now)
    let mut seen: Vec<(String, Option<i64>, Option<String>)> = Vec::new();
    if pending > 0 {
        let w = cfg.window_days;
        let (lo, hi) = match (lo, hi) {
            // stories seen through two windows of their past documents
            (Some(a), Some(b)) => (Some(a - 2 * w), Some(b + w)),
            _ => (None, None),
        };
        let mut g = Grouper::new(cfg.clone());
        // stored story number → grouper story
        let mut known: HashMap<i64, usize> = HashMap::new();
        store.for_each_story_digest(lo, hi, |row| -> Result<(), StoredError> {
            let d = parse(&row.doc_id, &row.digest)?;
            match row.story {
                Some(n) => {
                    let s = g.add_known(&d.features, known.get(&n).copied(), row.copy_of);
                    known.insert(n, s);
                    seen.push((row.doc_id, Some(n), None));
                    report.replayed += 1;
                }
                None => {
                    let a = g.add(&d.features);
                    seen.push((row.doc_id, None, a.copy_of));
                    report.grouped += 1;
                }
            }
            Ok(())
        })?;
        // grouper stories → stored story numbers; stored stories that fell
        // into one grouper story are merged (union-find, lowest survives)
        let assigned = g.assignments();
        let mut uf: HashMap<i64, i64> = HashMap::new();
        let mut rep: HashMap<usize, i64> = HashMap::new();
        for ((_, stored, _), (_, gs)) in seen.iter().zip(&assigned) {
            if let Some(n) = stored {
                uf.entry(*n).or_insert(*n);
                match rep.get(gs).copied() {
                    None => {
                        rep.insert(*gs, *n);
                    }
                    Some(m) => {
                        let (a, b) = (root(&mut uf, m), root(&mut uf, *n));
                        if a != b {
                            let (keep, lose) = (a.min(b), a.max(b));
                            uf.insert(lose, keep);
                        }
                    }
                }
            }
        }
        let mut next = store.next_story_number()?;
        let mut assignments = Vec::new();
        for ((doc, stored, copy), (_, gs)) in seen.into_iter().zip(assigned) {
            if stored.is_some() {
                continue;
            }
            let n = match rep.get(&gs).copied() {
                Some(m) => root(&mut uf, m),
                None => {
                    let n = next;
                    next += 1;
                    rep.insert(gs, n);
                    uf.insert(n, n);
                    n
                }
            };
            rebuild.insert(n);
            assignments.push((doc, n, copy));
        }
        let keys: Vec<i64> = uf.keys().copied().collect();
        let mut merges = Vec::new();
        for n in keys {
            let r = root(&mut uf, n);
            if r != n {
                merges.push((n, r));
                rebuild.insert(r);
            }
        }
        report.merged = merges.len();
        // a replaced document's old story may have been merged away
        rebuild = rebuild.into_iter().map(|n| root(&mut uf, n)).collect();
        store.assign_stories(&assignments, &merges)?;
    }
    for n in rebuild {
        write_story(store, n)?;
        report.written += 1;
    }
    Ok(report)
}

/// Rebuilds one stored story from its documents' digests and writes it
/// (deletes it when it has no documents left).
pub fn write_story(store: &mut Store, n: i64) -> Result<(), StoredError> {
    let rows = store.story_digests(n)?;
    let mut digests = Vec::with_capacity(rows.len());
    let mut copy_of = HashMap::new();
    for r in rows {
        let d = parse(&r.doc_id, &r.digest)?;
        copy_of.insert(r.doc_id, r.copy_of);
        digests.push(d);
    }
    let refs: Vec<&Digest> = digests.iter().collect();
    let story = build_story(&story_id(n), &refs, &copy_of);
    let days: Vec<i64> = refs.iter().filter_map(|d| d.features.day).collect();
    let rec = record_of(
        n,
        &story,
        days.iter().min().copied(),
        days.iter().max().copied(),
    )?;
    store.put_story(&rec)?;
    Ok(())
}

fn conflict_values(c: &Conflict) -> String {
    serde_json::to_string(&c.values).unwrap_or_else(|_| "[]".into())
}

/// The store's rows for a story.
pub fn record_of(
    n: i64,
    s: &Story,
    first_day: Option<i64>,
    last_day: Option<i64>,
) -> Result<StoryRecord, StoredError> {
    let record = serde_json::to_string(s).map_err(|e| StoredError::Digest {
        id: s.id.clone(),
        reason: e.to_string(),
    })?;
    let mut conflicts = Vec::new();
    for f in &s.facts {
        for c in &f.conflicts {
            conflicts.push(StoryConflictRow {
                fact: Some(f.id.clone()),
                field: c.field.clone(),
                values: conflict_values(c),
            });
        }
    }
    for q in &s.quote_conflicts {
        conflicts.push(StoryConflictRow {
            fact: None,
            field: q.conflict.field.clone(),
            values: conflict_values(&q.conflict),
        });
    }
    Ok(StoryRecord {
        story: n,
        title: s.title.clone(),
        first_published: s.first_published.clone(),
        last_published: s.last_published.clone(),
        first_day,
        last_day,
        languages: s.languages.clone(),
        independent_sources: s.independent_sources as i64,
        documents: s
            .documents
            .iter()
            .map(|d| StoryDocRow {
                doc_id: d.id.clone(),
                source: d.source.clone(),
                published: d.published.clone(),
                language: d.language.clone(),
                copy_of: d.copy_of.clone(),
                chain: d.chain.clone(),
            })
            .collect(),
        entities: s
            .entities
            .iter()
            .map(|e| StoryEntityRow {
                key: e.key.clone(),
                name: e.name.clone(),
                documents: e.documents as i64,
            })
            .collect(),
        facts: s
            .facts
            .iter()
            .map(|f| StoryFactRow {
                fact: f.id.clone(),
                kind: f.kind.clone(),
                actor: f.actor.clone(),
                target: f.target.clone(),
                place: f.place.clone(),
                time: f.time.clone(),
                earliest_report: f.earliest_report.clone(),
                independent_sources: f.independent_sources as i64,
                mentions: f
                    .mentions
                    .iter()
                    .map(|m| (m.document.clone(), m.sentence as i64))
                    .collect(),
            })
            .collect(),
        conflicts,
        record,
    })
}
