//! The store's typed error.

use std::path::PathBuf;

/// Everything that can go wrong opening, writing or querying a store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No store at this path (queries never create one).
    #[error("{}: no newsgraph store here (create one with `newsgraph ingest`)", path.display())]
    Missing {
        /// The path given.
        path: PathBuf,
    },
    /// The file exists but is not a newsgraph store (another SQLite
    /// database, or not SQLite at all).
    #[error("{}: not a newsgraph store ({reason})", path.display())]
    NotAStore {
        /// The path given.
        path: PathBuf,
        /// What gave it away.
        reason: String,
    },
    /// The file is a newsgraph store but damaged.
    #[error("{}: corrupt newsgraph store: {reason}", path.display())]
    Corrupt {
        /// The path given.
        path: PathBuf,
        /// What SQLite reported.
        reason: String,
    },
    /// The store was written by a newer newsgraph with a schema this one
    /// does not know; it is left untouched.
    #[error(
        "{}: store schema version {found} is newer than the {supported} this newsgraph knows; upgrade newsgraph (the store was left untouched)",
        path.display()
    )]
    TooNew {
        /// The path given.
        path: PathBuf,
        /// The store's schema version.
        found: i64,
        /// The newest version this build knows.
        supported: i64,
    },
    /// A migration from an older schema failed; the store was rolled back
    /// to its previous version.
    #[error("{}: migration to schema version {version} failed (store unchanged): {reason}", path.display())]
    Migration {
        /// The path given.
        path: PathBuf,
        /// The version being applied.
        version: i64,
        /// Why it failed.
        reason: String,
    },
    /// Writing one document failed; its transaction was rolled back and the
    /// store holds its previous state.
    #[error("document {id}: not stored: {reason}")]
    Document {
        /// The document id.
        id: String,
        /// Why.
        reason: String,
    },
    /// A query argument is invalid (empty search, unknown format…).
    #[error("invalid query: {0}")]
    Query(String),
    /// Writing an export failed.
    #[error("export: {0}")]
    Export(String),
    /// Any other database error.
    #[error("store: {0}")]
    Sql(#[from] rusqlite::Error),
    /// The PostgreSQL server could not be reached or refused the login.
    #[error("{location}: cannot connect to PostgreSQL: {reason}")]
    Connect {
        /// The URL, without its password.
        location: String,
        /// What the client reported.
        reason: String,
    },
    /// Any other PostgreSQL error.
    #[error("store (PostgreSQL): {}", pg_message(.0))]
    Pg(#[from] postgres::Error),
}

/// Shorthand for results of this crate.
pub type Result<T> = std::result::Result<T, StoreError>;

/// A PostgreSQL error with the server's message when there is one.
fn pg_message(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => e.to_string(),
    }
}
