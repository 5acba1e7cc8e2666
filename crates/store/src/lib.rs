//! The newsgraph corpus store: analyzed [`Document`]s kept in one SQLite
//! file (WAL, FTS5 with diacritics folded), their entities merged into
//! corpus entities, and the corpus-level views built on them — full-text
//! search, entity profiles, timelines, quotes, events, outlets, exports.
//! The same schema and queries also run on PostgreSQL (`pg`), chosen by a
//! `postgres://` location.
//!
//! Invariant: every document is written in one transaction — after any
//! crash the store holds each document either whole (all its layers) or
//! not at all (or, when replacing, whole in its previous version).
//!
//! Invariant: a corpus entity is identified by [`entity_key`]: `kb:<kb id>`
//! when the document entity is linked, else `<TYPE>:<name key>`.
//!
//! Invariant: every query is bounded ([`Page::limit`] at most
//! [`MAX_LIMIT`]); query text is bound as parameters, never spliced into
//! SQL.

#![deny(clippy::unwrap_used)]

mod error;
mod export;
mod ingest;
mod layers;
mod pg;
mod query;
mod schema;
mod stories;

pub use error::{Result, StoreError};
pub use export::{ExportFormat, ExportKind};
pub use ingest::{content_hash, outlet_of, IngestOutcome};
pub use query::*;
pub use schema::{latest_version, Migration, APPLICATION_ID, MIGRATIONS};
pub use stories::{
    parse_story_id, story_id, DigestRow, PackedDigest, StoryConflictRow, StoryDocRow,
    StoryEntityRow, StoryFactRow, StoryQuery, StoryRecord,
};

use newsgraph_doc::{Document, Entity};
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// What [`Store::ingest_batch_with_digests`] did with each document: its
/// outcome and the story it was in before (a replaced document), or why it
/// was not stored.
pub type StoredBatch = Vec<Result<(IngestOutcome, Option<i64>)>>;

/// The schema version this build writes (see `docs/store.md`).
pub const SCHEMA_VERSION: i64 = 4;

/// Environment variable naming the default store.
pub const DB_ENV: &str = "NEWSGRAPH_DB";

/// The store used when neither `--db` nor [`DB_ENV`] names one.
pub const DEFAULT_DB: &str = "newsgraph.db";

/// The corpus key of a document entity: `kb:<kb id>` when linked, else
/// `<TYPE>:<newsgraph_entities::names::key(name)>`.
pub fn entity_key(e: &Entity) -> String {
    match e.kb.as_deref().filter(|k| !k.is_empty()) {
        Some(kb) => format!("kb:{kb}"),
        None => format!("{}:{}", e.kind, newsgraph_entities::names::key(&e.name)),
    }
}

/// An open corpus store (one connection; open one per thread): an SQLite
/// file, or a PostgreSQL database when the location is a
/// `postgres://`/`postgresql://` URL. Both backends keep the same schema
/// (see `docs/store.md`) and answer every query with the same results.
pub struct Store {
    backend: Backend,
}

enum Backend {
    Sqlite(SqliteStore),
    Pg(Box<pg::PgStore>),
}

/// The SQLite backend: one connection to one store file.
pub(crate) struct SqliteStore {
    conn: Connection,
    path: PathBuf,
}

/// True when `location` names a PostgreSQL database rather than a file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// A store location fit for messages: a PostgreSQL URL without its
/// password (`user:***@host`), a path as it is.
pub fn display_location(location: &str) -> String {
    if is_postgres_url(location) {
        pg::redact(location)
    } else {
        location.to_string()
    }
}

/// Calls the same method on whichever backend the store uses.
macro_rules! dispatch {
    ($self:ident . $m:ident ( $($a:expr),* )) => {
        match &$self.backend {
            Backend::Sqlite(s) => s.$m($($a),*),
            Backend::Pg(p) => p.$m($($a),*),
        }
    };
}

impl Store {
    /// Opens the store at `location` — a file path, or a PostgreSQL URL —
    /// creating it when missing and migrating an older schema. Refuses a
    /// file or database that is not a newsgraph store, is corrupt, or was
    /// written by a newer schema.
    pub fn open(location: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(location.as_ref(), true)
    }

    /// Opens an existing store (for queries): like [`Store::open`] but
    /// never creates one.
    pub fn open_existing(location: impl AsRef<Path>) -> Result<Store> {
        Store::open_with(location.as_ref(), false)
    }

    fn open_with(location: &Path, create: bool) -> Result<Store> {
        if let Some(url) = location.to_str().filter(|l| is_postgres_url(l)) {
            return Ok(Store {
                backend: Backend::Pg(Box::new(pg::PgStore::open(url, create)?)),
            });
        }
        let path = location.to_path_buf();
        let conn = schema::open(&path, create)?;
        Ok(Store {
            backend: Backend::Sqlite(SqliteStore { conn, path }),
        })
    }

    /// The file this store lives in; for PostgreSQL, its URL without the
    /// password.
    pub fn path(&self) -> &Path {
        match &self.backend {
            Backend::Sqlite(s) => &s.path,
            Backend::Pg(p) => p.location(),
        }
    }

    /// `sqlite` or `postgres`.
    pub fn backend_name(&self) -> &'static str {
        match &self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Pg(_) => "postgres",
        }
    }

    /// The store's schema version.
    pub fn schema_version(&self) -> Result<i64> {
        dispatch!(self.schema_version())
    }

    /// Checks the store is sound: SQLite's own integrity check, or for
    /// PostgreSQL that the schema's tables answer. `Ok(())` when sound.
    pub fn check_integrity(&self) -> Result<()> {
        dispatch!(self.check_integrity())
    }

    /// The underlying SQLite connection, for crates that add their own
    /// tables through a migration (stories); an error for PostgreSQL.
    pub fn connection(&self) -> Result<&Connection> {
        match &self.backend {
            Backend::Sqlite(s) => Ok(&s.conn),
            Backend::Pg(_) => Err(StoreError::Query(
                "this operation needs an SQLite store; the PostgreSQL backend does not offer it"
                    .into(),
            )),
        }
    }

    /// True: both backends keep the stories grouped at ingest (kept for
    /// callers written when only SQLite did).
    pub fn keeps_stories(&self) -> bool {
        true
    }

    /// Stores one analyzed document in one transaction. `analyzer` names
    /// the analyzer version that produced its layers; a stored document
    /// with the same content hash and analyzer is left alone.
    pub fn ingest(&mut self, doc: &Document, analyzer: &str) -> Result<IngestOutcome> {
        let mut out = self.ingest_batch(std::slice::from_ref(doc), analyzer)?;
        out.pop().unwrap_or_else(|| {
            Err(StoreError::Document {
                id: doc.id.clone(),
                reason: "not stored".into(),
            })
        })
    }

    /// Stores documents in one transaction, each document inside its own
    /// savepoint: a document that fails is rolled back alone and reported
    /// in its slot, the others are committed together. The outer `Err` is
    /// for the transaction itself (begin, commit).
    pub fn ingest_batch(
        &mut self,
        docs: &[Document],
        analyzer: &str,
    ) -> Result<Vec<Result<IngestOutcome>>> {
        let out = match &mut self.backend {
            Backend::Sqlite(s) => s.ingest_batch(docs, None, analyzer),
            Backend::Pg(p) => p.ingest_batch(docs, None, analyzer),
        }?;
        Ok(out.into_iter().map(|r| r.map(|(o, _)| o)).collect())
    }

    /// [`Store::ingest_batch`] writing each document's story digest (one
    /// per document, in order) in the document's own savepoint: a new or
    /// changed document's digest replaces the stored one and waits to be
    /// grouped; an unchanged document's is added only when none is stored.
    /// Each result carries the story a replaced document was in (to be
    /// rebuilt).
    pub fn ingest_batch_with_digests(
        &mut self,
        docs: &[Document],
        digests: &[PackedDigest],
        analyzer: &str,
    ) -> Result<StoredBatch> {
        if digests.len() != docs.len() {
            return Err(StoreError::Query(format!(
                "{} story digests for {} documents",
                digests.len(),
                docs.len()
            )));
        }
        match &mut self.backend {
            Backend::Sqlite(s) => s.ingest_batch(docs, Some(digests), analyzer),
            Backend::Pg(p) => p.ingest_batch(docs, Some(digests), analyzer),
        }
    }

    /// Full-text search over document titles and texts and over quotes,
    /// ranked (BM25 in SQLite, `ts_rank` in PostgreSQL; title words weigh
    /// more), with snippets.
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>> {
        dispatch!(self.search(q))
    }

    /// The corpus entity a name, alias, KB id or corpus key designates
    /// (the most documented one when several share a name).
    pub fn find_entity(&self, name_or_id: &str) -> Result<Option<EntitySummary>> {
        dispatch!(self.find_entity(name_or_id))
    }

    /// Entities whose name starts with `prefix` (case-insensitive), most
    /// documented first.
    pub fn list_entities(&self, prefix: &str, page: Page) -> Result<Vec<EntitySummary>> {
        dispatch!(self.list_entities(prefix, page))
    }

    /// The profile of an entity; `None` when nothing matches. `limit`
    /// bounds each list (aliases, co-occurring, quotes, events).
    pub fn entity_profile(&self, name_or_id: &str, limit: u64) -> Result<Option<EntityProfile>> {
        dispatch!(self.entity_profile(name_or_id, limit))
    }

    /// An entity's events and statements ordered by when they happened:
    /// an event at its own date, an event without one and every quote at
    /// its document's publication date (`dated: false`). `from`/`to`
    /// bound that date. `None` when no entity matches.
    pub fn timeline(
        &self,
        name_or_id: &str,
        from: Option<&str>,
        to: Option<&str>,
        page: Page,
    ) -> Result<Option<Timeline>> {
        dispatch!(self.timeline(name_or_id, from, to, page))
    }

    /// Quotes, latest first, optionally by a speaker and about an entity
    /// (mentioned inside the quote).
    pub fn quotes(&self, q: &QuoteQuery) -> Result<Vec<QuoteRow>> {
        dispatch!(self.quotes(q))
    }

    /// Events, latest first by event date (publication date when
    /// undated), filtered by actor, target, type, date and modality.
    pub fn events(&self, q: &EventQuery) -> Result<Vec<EventRow>> {
        dispatch!(self.events(q))
    }

    /// Outlets with their document counts, largest first.
    pub fn sources(&self, page: Page) -> Result<Vec<SourceRow>> {
        dispatch!(self.sources(page))
    }

    /// Counts over the whole store, from one snapshot.
    pub fn stats(&self) -> Result<Stats> {
        dispatch!(self.stats())
    }

    /// Documents, latest published first, filtered.
    pub fn documents(&self, filter: &DocFilter, page: Page) -> Result<Vec<DocumentMeta>> {
        dispatch!(self.documents(filter, page))
    }

    /// One stored document with its entities, quotes and events.
    pub fn document(&self, id: &str) -> Result<Option<DocumentView>> {
        dispatch!(self.document(id))
    }

    /// A stored document's time expressions, in order (empty when the id
    /// is unknown).
    pub fn timexes(&self, doc_id: &str) -> Result<Vec<newsgraph_doc::Timex>> {
        dispatch!(self.timexes(doc_id))
    }

    /// A stored document's event trigger spans by document-local event id.
    pub fn event_triggers(
        &self,
        doc_id: &str,
    ) -> Result<std::collections::HashMap<String, (usize, usize)>> {
        dispatch!(self.event_triggers(doc_id))
    }

    /// Calls `f` with every row of an export, in store order, from one
    /// read snapshot.
    pub fn export_rows(
        &self,
        kind: ExportKind,
        f: impl FnMut(Vec<rusqlite::types::Value>) -> Result<()>,
    ) -> Result<u64> {
        dispatch!(self.export_rows(kind, f))
    }
}

impl SqliteStore {
    /// The store's schema version.
    fn schema_version(&self) -> Result<i64> {
        schema::current_version(&self.conn)
    }

    /// Runs SQLite's own integrity check; `Ok(())` when the file is sound.
    fn check_integrity(&self) -> Result<()> {
        let msg: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if msg == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                path: self.path.clone(),
                reason: msg,
            })
        }
    }
}
