//! `--db`: which store a command uses (`--db`, else `NEWSGRAPH_DB`, else
//! `newsgraph.db`): an SQLite file, or a `postgres://` URL.

use anyhow::Context;
use clap::Args as ClapArgs;
use newsgraph_store::Store;
use std::path::PathBuf;

/// The store option shared by the store commands.
#[derive(ClapArgs)]
pub struct DbArg {
    /// Store: an SQLite file or a postgres://user:password@host/db URL
    /// (default: $NEWSGRAPH_DB, else ./newsgraph.db).
    #[arg(long)]
    pub db: Option<String>,
}

impl DbArg {
    /// The store location.
    pub fn location(&self) -> String {
        self.db
            .clone()
            .or_else(|| {
                std::env::var(newsgraph_store::DB_ENV)
                    .ok()
                    .filter(|s| !s.is_empty())
            })
            .unwrap_or_else(|| newsgraph_store::DEFAULT_DB.to_string())
    }

    fn path(&self) -> anyhow::Result<PathBuf> {
        // A postgres:// URL goes through as it is; `Store` recognizes it.
        Ok(PathBuf::from(self.location()))
    }

    /// Opens (creating if needed) the store for writing.
    pub fn open(&self) -> anyhow::Result<Store> {
        let p = self.path()?;
        Store::open(&p).with_context(|| "cannot open the store".to_string())
    }

    /// Opens an existing store for queries.
    pub fn open_existing(&self) -> anyhow::Result<Store> {
        let p = self.path()?;
        Store::open_existing(&p).with_context(|| "cannot open the store".to_string())
    }
}
