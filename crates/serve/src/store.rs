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
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The analyzer version recorded for documents ingested through the API.
pub const ANALYZER: &str = concat!("newsgraph ", env!("CARGO_PKG_VERSION"));

/// Connections opened on the store file.
const POOL: usize = 4;

/// Documents (latest first) grouped into stories by the server, at most.
pub const STORY_DOCS: u64 = 20_000;

/// The corpus store as the server's backend.
pub struct StoreBackend {
    pool: Vec<Mutex<st::Store>>,
    next: AtomicUsize,
    /// Bumped by every ingest; the story index is rebuilt when it changed.
    generation: AtomicU64,
    stories: Mutex<Option<Arc<StoryIndex>>>,
}

/// Stories of the stored documents, grouped by `newsgraph-stories` when
/// first asked for (and again after an ingest).
struct StoryIndex {
    generation: u64,
    stories: Vec<newsgraph_stories::Story>,
    by_doc: HashMap<String, usize>,
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
            generation: AtomicU64::new(0),
            stories: Mutex::new(None),
        })
    }

    /// Opens the store at `path`, creating it when missing (tests, ingest).
    pub fn open(path: &Path) -> Result<StoreBackend, st::StoreError> {
        drop(st::Store::open(path)?);
        StoreBackend::open_existing(path)
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

impl StoreBackend {
    /// The story index, grouped now if missing or stale. The store keeps no
    /// token layer, so grouping sees entities, dates, events and word
    /// shingles of the stored documents but no lemma terms.
    fn story_index(&self) -> Result<Arc<StoryIndex>, BackendError> {
        let generation = self.generation.load(Ordering::Acquire);
        let mut slot = self
            .stories
            .lock()
            .map_err(|_| BackendError::Store("story index poisoned".into()))?;
        if let Some(ix) = slot.as_ref().filter(|ix| ix.generation == generation) {
            return Ok(ix.clone());
        }
        let mut ids = Vec::new();
        let mut offset = 0;
        while offset < STORY_DOCS {
            let rows =
                self.with(|s| s.documents(&st::DocFilter::default(), st::Page::new(offset, 1000)))?;
            if rows.is_empty() {
                break;
            }
            offset += rows.len() as u64;
            ids.extend(rows.into_iter().map(|r| r.doc.doc_id));
        }
        let mut digests = Vec::with_capacity(ids.len());
        for id in &ids {
            if let Some(d) = self.document(id)? {
                digests.push(newsgraph_stories::Digest::of(&d));
            }
        }
        let g = newsgraph_stories::group_digests(&digests, &newsgraph_stories::Config::default());
        let mut stories = Vec::with_capacity(g.stories.len());
        let mut by_doc = HashMap::new();
        for (i, members) in g.stories.iter().enumerate() {
            let refs: Vec<&newsgraph_stories::Digest> =
                members.iter().map(|&j| &digests[j]).collect();
            for d in &refs {
                by_doc.insert(d.id.clone(), i);
            }
            stories.push(newsgraph_stories::build_story(
                &format!("s{i}"),
                &refs,
                &g.copy_of,
            ));
        }
        let ix = Arc::new(StoryIndex {
            generation,
            stories,
            by_doc,
        });
        *slot = Some(ix.clone());
        Ok(ix)
    }
}

/// True when a story matches the filters of `/api/stories` (`from`, `to`
/// on its publication dates, `entity` by name or key).
fn story_matches(s: &newsgraph_stories::Story, f: &Filter) -> bool {
    let dates: Vec<&str> = s
        .documents
        .iter()
        .filter_map(|d| d.published.as_deref())
        .collect();
    if let Some(from) = nonempty(&f.from) {
        if !dates
            .iter()
            .any(|d| d.get(..from.len()).is_some_and(|p| p >= from.as_str()))
        {
            return false;
        }
    }
    if let Some(to) = nonempty(&f.to) {
        if !dates.iter().any(|d| {
            d.get(..to.len().min(d.len()))
                .is_some_and(|p| p <= to.as_str())
        }) {
            return false;
        }
    }
    if let Some(e) = nonempty(&f.entity).map(|e| e.to_lowercase()) {
        return s.entities.iter().any(|x| {
            x.name.to_lowercase() == e
                || x.key.to_lowercase() == e
                || x.key.to_lowercase() == format!("kb:{e}")
        });
    }
    true
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
        let ix = self.story_index()?;
        // Latest first.
        let matching: Vec<&newsgraph_stories::Story> = ix
            .stories
            .iter()
            .rev()
            .filter(|s| story_matches(s, f))
            .collect();
        let total = matching.len() as u64;
        let rows: Vec<&newsgraph_stories::Story> = matching
            .into_iter()
            .skip(p.offset as usize)
            .take(p.limit as usize + 1)
            .collect();
        let items = rows.iter().map(to_json).collect::<Result<Vec<_>, _>>()?;
        Ok(Page::from_overfetch(items, p, Some(total)))
    }

    fn story(&self, id: &str) -> Result<Option<Value>, BackendError> {
        let ix = self.story_index()?;
        ix.stories
            .iter()
            .find(|s| s.id == id)
            .map(to_json)
            .transpose()
    }

    fn story_of(&self, document: &str) -> Result<Option<(String, String)>, BackendError> {
        let ix = self.story_index()?;
        Ok(ix
            .by_doc
            .get(document)
            .and_then(|&i| ix.stories.get(i))
            .filter(|s| s.documents.len() > 1)
            .map(|s| (s.id.clone(), s.title.clone())))
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
        if outcome != st::IngestOutcome::Unchanged {
            self.generation.fetch_add(1, Ordering::AcqRel);
        }
        Ok(json!({ "id": id, "outcome": format!("{outcome:?}").to_lowercase() }))
    }
}
