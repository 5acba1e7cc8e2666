//! The [`Backend`] over the corpus store (`newsgraph-store`): a small pool
//! of SQLite connections (one `Store` each; WAL lets them read while one
//! writes), the store's typed query results serialized to JSON.

use crate::backend::{Backend, BackendError, Filter, Page, Paging};
use newsgraph_doc::{
    ArgRef, Cue, Document, Entity, Event, EventTime, Mention, Modality, Published, Quote,
    QuoteKind, TimeBasis,
};
use newsgraph_store as st;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The analyzer version recorded for documents ingested through the API.
pub const ANALYZER: &str = concat!("newsgraph ", env!("CARGO_PKG_VERSION"));

/// Connections opened on the store file.
const POOL: usize = 4;

/// The corpus store as the server's backend.
pub struct StoreBackend {
    pool: Vec<Mutex<st::Store>>,
    next: AtomicUsize,
    /// Held while stories are grouped after an ingest (one update at a time).
    grouping: Mutex<()>,
}

impl From<st::StoreError> for BackendError {
    fn from(e: st::StoreError) -> Self {
        match e {
            st::StoreError::Query(m) => BackendError::BadRequest(m),
            other => BackendError::Store(other.to_string()),
        }
    }
}

fn to_json<T: Serialize>(v: &T) -> Result<Value, BackendError> {
    serde_json::to_value(v).map_err(|e| BackendError::Store(e.to_string()))
}

fn page_of<T: Serialize>(rows: Vec<T>, p: Paging) -> Result<Page, BackendError> {
    let items = rows.iter().map(to_json).collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_overfetch(items, p, None))
}

/// The store's page for a paging, one row more than asked (to know whether
/// a next page exists).
fn over(p: Paging) -> st::Page {
    st::Page::new(u64::from(p.offset), u64::from(p.limit) + 1)
}

fn nonempty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn doc_filter(f: &Filter) -> st::DocFilter {
    st::DocFilter {
        from: nonempty(&f.from),
        to: nonempty(&f.to),
        language: nonempty(&f.lang),
        source: nonempty(&f.source),
        entity: nonempty(&f.entity),
    }
}

impl StoreBackend {
    /// Opens an existing store (never creates one from `serve`) with a few
    /// connections.
    pub fn open_existing(path: &Path) -> Result<StoreBackend, st::StoreError> {
        let mut pool = Vec::with_capacity(POOL);
        for _ in 0..POOL {
            pool.push(Mutex::new(st::Store::open_existing(path)?));
        }
        Ok(StoreBackend {
            pool,
            next: AtomicUsize::new(0),
            grouping: Mutex::new(()),
        })
    }

    /// Opens the store at `path`, creating it when missing (tests, ingest).
    pub fn open(path: &Path) -> Result<StoreBackend, st::StoreError> {
        drop(st::Store::open(path)?);
        StoreBackend::open_existing(path)
    }

    /// One connection, held (for the story update after an ingest).
    fn writer(&self) -> Result<std::sync::MutexGuard<'_, st::Store>, BackendError> {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.pool.len();
        self.pool[i]
            .lock()
            .map_err(|_| BackendError::Store("connection poisoned".into()))
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut st::Store) -> Result<T, st::StoreError>,
    ) -> Result<T, BackendError> {
        // A free connection if there is one, else wait on the next in turn.
        let guard = self
            .pool
            .iter()
            .find_map(|m| m.try_lock().ok())
            .or_else(|| {
                let i = self.next.fetch_add(1, Ordering::Relaxed) % self.pool.len();
                self.pool[i].lock().ok()
            });
        let mut store = guard.ok_or_else(|| BackendError::Store("connection poisoned".into()))?;
        f(&mut store).map_err(BackendError::from)
    }
}

/// The stored-story filters of `/api/stories`: `from`/`to` (`YYYY`,
/// `YYYY-MM` or `YYYY-MM-DD`) on publication days, `entity` by key or name.
fn story_query(f: &Filter) -> Result<st::StoryQuery, BackendError> {
    let day = |s: &str, last: bool| {
        newsgraph_doc::Published::parse_lenient(s)
            .map(|p| {
                if last {
                    newsgraph_stories::features::published_last_day(&p)
                } else {
                    newsgraph_stories::features::published_day(&p)
                }
            })
            .map_err(|e| BackendError::BadRequest(format!("bad date {s:?}: {e}")))
    };
    Ok(st::StoryQuery {
        from_day: nonempty(&f.from).map(|s| day(&s, false)).transpose()?,
        to_day: nonempty(&f.to).map(|s| day(&s, true)).transpose()?,
        entity: nonempty(&f.entity),
        min_documents: None,
    })
}

fn parse_record(rec: &str) -> Result<Value, BackendError> {
    serde_json::from_str(rec).map_err(|e| BackendError::Store(format!("stored story: {e}")))
}

/// Rebuilds a [`Document`] from the store's view of it, for rendering: the
/// store keeps no token layer and no cue offsets (cues get the quote's
/// start as an empty span).
fn document_of(v: st::DocumentView) -> Document {
    let mut d = Document::new(v.meta.doc.doc_id.clone(), v.text);
    d.title = v.meta.doc.title;
    d.url = v.meta.doc.url;
    d.source = v.meta.doc.source;
    d.language = v.meta.doc.language;
    d.published = v
        .meta
        .doc
        .published
        .as_deref()
        .and_then(|p| p.parse::<Published>().ok());
    d.sentences = v
        .sentences
        .iter()
        .map(|s| newsgraph_doc::Sentence {
            start: s[0].max(0) as usize,
            end: s[1].max(0) as usize,
            tokens: [0, 0],
            in_quote: false,
        })
        .collect();
    let ix = d.index();
    let local: HashMap<String, String> = v
        .entities
        .iter()
        .map(|e| (e.entity.key.clone(), e.local_id.clone()))
        .collect();
    d.entities = v
        .entities
        .iter()
        .map(|e| Entity {
            id: e.local_id.clone(),
            kind: e.entity.kind.clone(),
            name: e.entity.name.clone(),
            kb: e.entity.kb.clone(),
            mentions: e
                .mentions
                .iter()
                .map(|m| {
                    let (a, b) = (m[0].max(0) as usize, m[1].max(0) as usize);
                    Mention {
                        start: a,
                        end: b,
                        text: d.slice(&ix, a, b).to_string(),
                    }
                })
                .collect(),
            code: e.entity.code.clone(),
        })
        .collect();
    let arg = |p: &st::Participant| ArgRef {
        entity: p.key.as_ref().and_then(|k| local.get(k)).cloned(),
        text: p.text.clone(),
        code: p.code.clone(),
    };
    d.quotes = v
        .quotes
        .iter()
        .map(|q| Quote {
            start: q.start.max(0) as usize,
            end: q.end.max(0) as usize,
            text: q.text.clone(),
            kind: match q.kind.as_str() {
                "direct" => QuoteKind::Direct,
                "partial" => QuoteKind::Partial,
                _ => QuoteKind::Indirect,
            },
            speaker: q.speaker.as_ref().map(arg),
            cue: q.cue.as_ref().map(|c| Cue {
                start: q.start.max(0) as usize,
                end: q.start.max(0) as usize,
                text: c.clone(),
                lemma: String::new(),
            }),
            via: q.via.as_ref().map(arg),
        })
        .collect();
    d.timexes = v.timexes.clone();
    d.events = v
        .events
        .iter()
        .map(|e| {
            let (ts, te) = (
                e.trigger_start.max(0) as usize,
                e.trigger_end.max(0) as usize,
            );
            Event {
                id: e.event_id.clone(),
                kind: e.kind.clone(),
                mode: e.mode.clone(),
                cameo: e.cameo.clone(),
                trigger: Cue {
                    start: ts,
                    end: te,
                    text: e.trigger.clone(),
                    lemma: e.trigger_lemma.clone(),
                },
                actors: e.actors.iter().map(arg).collect(),
                targets: e.targets.iter().map(arg).collect(),
                place: e.place.as_ref().map(arg),
                time: EventTime {
                    value: e.time_value.clone(),
                    timex: None,
                    basis: match e.time_basis.as_deref() {
                        Some("timex") => Some(TimeBasis::Timex),
                        Some("context") => Some(TimeBasis::Context),
                        Some("publication") => Some(TimeBasis::Publication),
                        _ => None,
                    },
                    bound: e.time_bound.clone(),
                },
                modality: modality(&e.modality),
                modifiers: e.modifiers.iter().map(|m| modality(m)).collect(),
                source: e.source_speaker.as_ref().map(arg),
                reported_by: e.reported_by.clone(),
                quote: e.quote.map(|q| q.max(0) as usize),
                sentence: e.sentence.max(0) as usize,
            }
        })
        .collect();
    d
}

fn modality(s: &str) -> Modality {
    serde_json::from_value(Value::String(s.to_string())).unwrap_or(Modality::Asserted)
}

impl Backend for StoreBackend {
    fn document(&self, id: &str) -> Result<Option<Document>, BackendError> {
        Ok(self.with(|s| s.document(id))?.map(document_of))
    }

    fn document_json(&self, id: &str) -> Result<Option<Value>, BackendError> {
        self.with(|s| s.document(id))?
            .map(|v| to_json(&v))
            .transpose()
    }

    fn documents(&self, f: &Filter, p: Paging) -> Result<Page, BackendError> {
        let rows = self.with(|s| s.documents(&doc_filter(f), over(p)))?;
        page_of(rows, p)
    }

    fn search(&self, f: &Filter, p: Paging) -> Result<Page, BackendError> {
        match nonempty(&f.q) {
            Some(text) => {
                let q = st::SearchQuery {
                    text,
                    filter: doc_filter(f),
                    page: over(p),
                };
                let rows = self.with(|s| s.search(&q))?;
                page_of(rows, p)
            }
            // Filters alone: the matching documents, latest first.
            None => self.documents(f, p),
        }
    }

    fn entity(&self, key: &str) -> Result<Option<Value>, BackendError> {
        let p = self.with(|s| s.entity_profile(key, 10))?;
        p.map(|p| to_json(&p)).transpose()
    }

    fn entities(&self, f: &Filter, p: Paging) -> Result<Page, BackendError> {
        let prefix = nonempty(&f.q).unwrap_or_default();
        let rows = self.with(|s| s.list_entities(&prefix, over(p)))?;
        page_of(rows, p)
    }

    fn timeline(&self, key: &str, p: Paging) -> Result<Page, BackendError> {
        let t = self.with(|s| s.timeline(key, None, None, over(p)))?;
        match t {
            Some(t) => page_of(t.items, p),
            None => Err(BackendError::NotFound(format!("entity {key}"))),
        }
    }

    fn stories(&self, f: &Filter, p: Paging) -> Result<Page, BackendError> {
        // Stored at ingest (newsgraph-stories), latest first.
        let q = story_query(f)?;
        let (rows, total) = self.with(|s| Ok((s.stories(&q, over(p))?, s.story_count(&q)?)))?;
        let items = rows
            .iter()
            .map(|r| parse_record(r))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(items, p, Some(total)))
    }

    fn story(&self, id: &str) -> Result<Option<Value>, BackendError> {
        self.with(|s| s.story(id))?
            .map(|r| parse_record(&r))
            .transpose()
    }

    fn story_of(&self, document: &str) -> Result<Option<(String, String)>, BackendError> {
        Ok(self
            .with(|s| s.story_of_document(document))?
            .filter(|(_, _, n)| *n > 1)
            .map(|(id, title, _)| (id, title)))
    }

    fn events(&self, f: &Filter, p: Paging) -> Result<Page, BackendError> {
        let q = st::EventQuery {
            actor: nonempty(&f.actor).or_else(|| nonempty(&f.entity)),
            target: nonempty(&f.target),
            kind: nonempty(&f.kind),
            from: nonempty(&f.from),
            to: nonempty(&f.to),
            modality: nonempty(&f.modality),
            page: over(p),
        };
        let rows = self.with(|s| s.events(&q))?;
        page_of(rows, p)
    }

    fn quotes(&self, f: &Filter, p: Paging) -> Result<Page, BackendError> {
        let q = st::QuoteQuery {
            speaker: nonempty(&f.speaker),
            about: nonempty(&f.about),
            filter: doc_filter(f),
            page: over(p),
        };
        let rows = self.with(|s| s.quotes(&q))?;
        page_of(rows, p)
    }

    fn sources(&self, p: Paging) -> Result<Page, BackendError> {
        let rows = self.with(|s| s.sources(over(p)))?;
        page_of(rows, p)
    }

    fn stats(&self) -> Result<Value, BackendError> {
        let s = self.with(|s| s.stats())?;
        to_json(&s)
    }

    fn ingest(&self, doc: Document) -> Result<Value, BackendError> {
        let id = doc.id.clone();
        let outcome = self.with(|s| s.ingest(&doc, ANALYZER))?;
        // grouped into a stored story at once (online, incremental)
        if outcome != st::IngestOutcome::Unchanged || !self.with(|s| s.has_story_digest(&id))? {
            let digest = newsgraph_stories::Digest::of(&doc);
            let _one = self
                .grouping
                .lock()
                .map_err(|_| BackendError::Store("story grouping poisoned".into()))?;
            let mut store = self.writer()?;
            let grouped =
                newsgraph_stories::stored::put_digest(&mut store, &digest).and_then(|old| {
                    newsgraph_stories::stored::update(
                        &mut store,
                        &newsgraph_stories::Config::default(),
                        &old.into_iter().collect(),
                    )
                });
            grouped.map_err(|e| BackendError::Store(format!("grouping stories: {e}")))?;
        }
        Ok(json!({ "id": id, "outcome": format!("{outcome:?}").to_lowercase() }))
    }
}
