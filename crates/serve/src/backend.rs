//! The queries the server needs from the corpus store, as a trait: the store
//! implements it (see `store.rs`), tests and `analyze`-only servers use
//! [`NoStore`].

use newsgraph_doc::Document;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

/// Why a query failed.
#[derive(Debug, thiserror::Error)]
pub enum BackendError {
    /// The server runs without a store.
    #[error("no store is open")]
    NoStore,
    /// What was asked for does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// The request is not valid for the store (bad filter value…).
    #[error("{0}")]
    BadRequest(String),
    /// The store failed.
    #[error("store error: {0}")]
    Store(String),
}

/// Paging of a list: `offset` items skipped, at most `limit` returned.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Paging {
    /// Items to skip (default 0).
    #[serde(default)]
    pub offset: u32,
    /// Items to return (default 20, at most 200).
    #[serde(default = "default_limit")]
    pub limit: u32,
}

fn default_limit() -> u32 {
    20
}

/// Largest page size.
pub const MAX_LIMIT: u32 = 200;

impl Default for Paging {
    fn default() -> Self {
        Paging {
            offset: 0,
            limit: default_limit(),
        }
    }
}

impl Paging {
    /// The same paging with `limit` clamped to 1..=[`MAX_LIMIT`].
    pub fn clamped(self) -> Paging {
        Paging {
            offset: self.offset,
            limit: self.limit.clamp(1, MAX_LIMIT),
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Page {
    /// The items of this page.
    #[schema(value_type = Vec<Object>)]
    pub items: Vec<Value>,
    /// Items skipped.
    pub offset: u32,
    /// Page size asked for.
    pub limit: u32,
    /// Offset of the next page, or null on the last page.
    pub next_offset: Option<u32>,
    /// Total number of items, when the store knows it cheaply.
    pub total: Option<u64>,
}

impl Page {
    /// A page from the items fetched with `limit + 1` (the extra item, if
    /// any, says that a next page exists and is dropped).
    pub fn from_overfetch(mut items: Vec<Value>, paging: Paging, total: Option<u64>) -> Page {
        let more = items.len() > paging.limit as usize;
        items.truncate(paging.limit as usize);
        Page {
            next_offset: more.then(|| paging.offset.saturating_add(paging.limit)),
            items,
            offset: paging.offset,
            limit: paging.limit,
            total,
        }
    }
}

/// Filters shared by search, documents, events, quotes and stories (the
/// CLI's `--from --to --lang --source --entity …`). Unused ones are ignored
/// by lists they do not apply to.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Filter {
    /// Full-text query (search).
    pub q: Option<String>,
    /// Earliest date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub from: Option<String>,
    /// Latest date, inclusive.
    pub to: Option<String>,
    /// Language code (`fr`, `en`).
    pub lang: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Corpus entity key or name.
    pub entity: Option<String>,
    /// Quotes: speaker (key or name).
    pub speaker: Option<String>,
    /// Quotes: about this entity.
    pub about: Option<String>,
    /// Events: actor.
    pub actor: Option<String>,
    /// Events: target.
    pub target: Option<String>,
    /// Events: PLOVER type.
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Events: modality.
    pub modality: Option<String>,
}

impl Filter {
    /// True when no field is set.
    pub fn is_empty(&self) -> bool {
        [
            &self.q,
            &self.from,
            &self.to,
            &self.lang,
            &self.source,
            &self.entity,
            &self.speaker,
            &self.about,
            &self.actor,
            &self.target,
            &self.kind,
            &self.modality,
        ]
        .iter()
        .all(|f| f.as_deref().is_none_or(|s| s.trim().is_empty()))
    }
}

/// The corpus queries. Records are JSON objects as the store serializes them
/// (documented in docs/store.md and docs/stories.md); the server passes them
/// through and the pages read the fields they show.
pub trait Backend: Send + Sync + 'static {
    /// One stored document with all its layers.
    fn document(&self, id: &str) -> Result<Option<Document>, BackendError>;
    /// One stored document as the store keeps it (JSON: metadata, text,
    /// sentences, entities, quotes, events, timexes).
    fn document_json(&self, id: &str) -> Result<Option<Value>, BackendError>;
    /// Stored documents (metadata only), newest first.
    fn documents(&self, filter: &Filter, paging: Paging) -> Result<Page, BackendError>;
    /// Full-text search over documents and quotes, ranked, with snippets.
    fn search(&self, filter: &Filter, paging: Paging) -> Result<Page, BackendError>;
    /// An entity profile (names, aliases by language, counts, co-occurring
    /// entities, latest quotes), by corpus key or name.
    fn entity(&self, key: &str) -> Result<Option<Value>, BackendError>;
    /// Corpus entities matching a name prefix (or all), most mentioned first.
    fn entities(&self, filter: &Filter, paging: Paging) -> Result<Page, BackendError>;
    /// An entity's events and statements in event-date order.
    fn timeline(&self, key: &str, paging: Paging) -> Result<Page, BackendError>;
    /// Stories, latest first.
    fn stories(&self, filter: &Filter, paging: Paging) -> Result<Page, BackendError>;
    /// One story with documents, facts, sources and conflicts.
    fn story(&self, id: &str) -> Result<Option<Value>, BackendError>;
    /// The story a document belongs to, as `(id, title)`.
    fn story_of(&self, document: &str) -> Result<Option<(String, String)>, BackendError>;
    /// Events with the CLI's filters.
    fn events(&self, filter: &Filter, paging: Paging) -> Result<Page, BackendError>;
    /// Quotes with the CLI's filters.
    fn quotes(&self, filter: &Filter, paging: Paging) -> Result<Page, BackendError>;
    /// Outlets with document counts.
    fn sources(&self, paging: Paging) -> Result<Page, BackendError>;
    /// Corpus counts.
    fn stats(&self) -> Result<Value, BackendError>;
    /// Stores an analyzed document; returns what happened (added,
    /// unchanged, replaced).
    fn ingest(&self, doc: Document) -> Result<Value, BackendError>;
}

/// A backend without a store: every corpus query answers
/// [`BackendError::NoStore`]; only analysis works.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoStore;

impl Backend for NoStore {
    fn document(&self, _: &str) -> Result<Option<Document>, BackendError> {
        Err(BackendError::NoStore)
    }
    fn document_json(&self, _: &str) -> Result<Option<Value>, BackendError> {
        Err(BackendError::NoStore)
    }
    fn documents(&self, _: &Filter, _: Paging) -> Result<Page, BackendError> {
        Err(BackendError::NoStore)
    }
    fn search(&self, _: &Filter, _: Paging) -> Result<Page, BackendError> {
        Err(BackendError::NoStore)
    }
    fn entity(&self, _: &str) -> Result<Option<Value>, BackendError> {
        Err(BackendError::NoStore)
    }
    fn entities(&self, _: &Filter, _: Paging) -> Result<Page, BackendError> {
        Err(BackendError::NoStore)
    }
    fn timeline(&self, _: &str, _: Paging) -> Result<Page, BackendError> {
        Err(BackendError::NoStore)
    }
    fn stories(&self, _: &Filter, _: Paging) -> Result<Page, BackendError> {
        Err(BackendError::NoStore)
    }
    fn story(&self, _: &str) -> Result<Option<Value>, BackendError> {
        Err(BackendError::NoStore)
    }
    fn story_of(&self, _: &str) -> Result<Option<(String, String)>, BackendError> {
        Err(BackendError::NoStore)
    }
    fn events(&self, _: &Filter, _: Paging) -> Result<Page, BackendError> {
        Err(BackendError::NoStore)
    }
    fn quotes(&self, _: &Filter, _: Paging) -> Result<Page, BackendError> {
        Err(BackendError::NoStore)
    }
    fn sources(&self, _: Paging) -> Result<Page, BackendError> {
        Err(BackendError::NoStore)
    }
    fn stats(&self) -> Result<Value, BackendError> {
        Err(BackendError::NoStore)
    }
    fn ingest(&self, _: Document) -> Result<Value, BackendError> {
        Err(BackendError::NoStore)
    }
}
