//! `--db`: which store a command uses (`--db`, else `NEWSGRAPH_DB`, else
//! `newsgraph.db`).

use anyhow::Context;
use clap::Args as ClapArgs;
use newsgraph_store::Store;
use std::path::PathBuf;

/// The store option shared by the store commands.
#[derive(ClapArgs)]
pub struct DbArg {
    /// Store file (default: $NEWSGRAPH_DB, else ./newsgraph.db).
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
        let loc = self.location();
        if loc.starts_with("postgres://") || loc.starts_with("postgresql://") {
            anyhow::bail!(
                "the PostgreSQL backend is not available in this build; use an SQLite store file"
            );
        }
        Ok(PathBuf::from(loc))
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
