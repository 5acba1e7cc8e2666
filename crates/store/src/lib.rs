//! The newsgraph corpus store: analyzed [`Document`]s kept in one SQLite
//! file (WAL, FTS5 with diacritics folded), their entities merged into
//! corpus entities, and the corpus-level views built on them — full-text
//! search, entity profiles, timelines, quotes, events, outlets, exports.
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
mod query;
mod schema;
mod stories;

pub use error::{Result, StoreError};
pub use export::{ExportFormat, ExportKind};
pub use ingest::{content_hash, outlet_of, IngestOutcome};
pub use query::*;
pub use schema::{latest_version, Migration, APPLICATION_ID, MIGRATIONS};
pub use stories::{
    parse_story_id, story_id, DigestRow, StoryConflictRow, StoryDocRow, StoryEntityRow,
    StoryFactRow, StoryQuery, StoryRecord,
};

use newsgraph_doc::Entity;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The schema version this build writes (see `docs/store.md`).
pub const SCHEMA_VERSION: i64 = 3;

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

/// An open corpus store (one connection; open one per thread).
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens the store at `path`, creating it when missing and migrating an
    /// older schema. Refuses a file that is not a newsgraph store, is
    /// corrupt, or was written by a newer schema.
    pub fn open(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let conn = schema::open(&path, true)?;
        Ok(Store { conn, path })
    }

    /// Opens an existing store (for queries): like [`Store::open`] but
    /// never creates one.
    pub fn open_existing(path: impl AsRef<Path>) -> Result<Store> {
        let path = path.as_ref().to_path_buf();
        let conn = schema::open(&path, false)?;
        Ok(Store { conn, path })
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The store's schema version.
    pub fn schema_version(&self) -> Result<i64> {
        schema::current_version(&self.conn)
    }

    /// Runs SQLite's own integrity check; `Ok(())` when the file is sound.
    pub fn check_integrity(&self) -> Result<()> {
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

    /// The underlying connection, for crates that add their own tables
    /// through a migration (stories).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}
