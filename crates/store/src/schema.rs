//! The store schema as ordered migrations, and opening a file safely:
//! refuse what is not a newsgraph store, migrate an older one in one
//! transaction, refuse a newer one.

use crate::error::{Result, StoreError};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

/// SQLite `application_id` of a newsgraph store ("NGST").
pub const APPLICATION_ID: i64 = 0x4E47_5354;

/// One schema step: the version it brings the store to, a description, and
/// its SQL. Applied in order, each in its own transaction.
pub struct Migration {
    /// Version after this step.
    pub version: i64,
    /// What it adds.
    pub description: &'static str,
    /// The SQL.
    pub sql: &'static str,
}

/// Every migration, in order. Append only: never edit a released step.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description:
            "documents, sentences, corpus entities, mentions, timexes, quotes, events, full text",
        sql: include_str!("schema_v1.sql"),
    },
    Migration {
        version: 2,
        description: "co-occurrence and counters kept at ingest, covering timeline indexes, \
            week and quarter event dates at their own date",
        sql: include_str!("schema_v2.sql"),
    },
    Migration {
        version: 3,
        description: "stories grouped at ingest: digests, stories, story documents, entities, facts, fact mentions, conflicts",
        sql: include_str!("schema_v3.sql"),
    },
    Migration {
        version: 4,
        description: "story digests and story records stored compressed (zlib JSON)",
        sql: include_str!("schema_v4.sql"),
    },
];

/// The newest schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.last().map(|m| m.version).unwrap_or(0)
}

fn classify(path: &Path, e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, msg) => match f.code {
            rusqlite::ErrorCode::NotADatabase => StoreError::NotAStore {
                path: path.to_path_buf(),
                reason: "not an SQLite database".into(),
            },
            rusqlite::ErrorCode::DatabaseCorrupt => StoreError::Corrupt {
                path: path.to_path_buf(),
                reason: msg.clone().unwrap_or_else(|| e.to_string()),
            },
            _ => StoreError::Sql(e),
        },
        _ => StoreError::Sql(e),
    }
}

/// Opens (and with `create`, creates) the store file, checks it is a
/// newsgraph store and brings its schema to [`latest_version`].
pub fn open(path: &Path, create: bool) -> Result<Connection> {
    if !create && !path.exists() {
        return Err(StoreError::Missing {
            path: path.to_path_buf(),
        });
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .map_err(|e| classify(path, e))?;
    // Every query and ingest statement stays prepared (the default of 16
    // is fewer than one document's ingest uses).
    conn.set_prepared_statement_cache_capacity(128);
    // The first read of the file: a non-SQLite file fails here.
    let app: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    let tables: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .map_err(|e| classify(path, e))?;
    if app != APPLICATION_ID {
        if tables > 0 || app != 0 {
            return Err(StoreError::NotAStore {
                path: path.to_path_buf(),
                reason: if app == 0 {
                    format!("an SQLite database with {tables} other objects")
                } else {
                    format!("an SQLite database with application id {app:#x}")
                },
            });
        }
        if !create {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
    }
    // WAL with synchronous=NORMAL: a commit is durable against a crash of
    // the process (kill -9); only a power loss can lose the last commits,
    // never corrupt the file. Reads map the file instead of copying pages.
    conn.execute_batch(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=OFF;
         PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536; PRAGMA mmap_size=1073741824;
         PRAGMA journal_size_limit=67108864;",
    )
    .map_err(|e| classify(path, e))?;
    migrate(&conn, path)?;
    Ok(conn)
}

/// The store's current schema version (0 for a fresh file).
pub fn current_version(conn: &Connection) -> Result<i64> {
    let has: i64 = conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='schema_version'",
        [],
        |r| r.get(0),
    )?;
    if has == 0 {
        return Ok(0);
    }
    Ok(conn.query_row(
        "SELECT coalesce(max(version), 0) FROM schema_version",
        [],
        |r| r.get(0),
    )?)
}

fn migrate(conn: &Connection, path: &Path) -> Result<()> {
    let found = current_version(conn).map_err(|e| match e {
        StoreError::Sql(e) => classify(path, e),
        e => e,
    })?;
    let latest = latest_version();
    if found > latest {
        return Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: latest,
        });
    }
    for m in MIGRATIONS.iter().filter(|m| m.version > found) {
        let fail = |e: rusqlite::Error| StoreError::Migration {
            path: path.to_path_buf(),
            version: m.version,
            reason: e.to_string(),
        };
        // IMMEDIATE: two processes opening a fresh store do not both migrate.
        conn.execute_batch("BEGIN IMMEDIATE").map_err(fail)?;
        let again = current_version(conn)?;
        if again >= m.version {
            conn.execute_batch("COMMIT").map_err(fail)?;
            continue;
        }
        let step = conn
            .execute_batch(m.sql)
            .and_then(|_| {
                conn.execute(
                    "INSERT INTO schema_version(version, description, applied_at) VALUES (?1, ?2, datetime('now'))",
                    rusqlite::params![m.version, m.description],
                )
            })
            .and_then(|_| conn.execute_batch(&format!("PRAGMA application_id = {APPLICATION_ID}")));
        match step {
            Ok(_) => conn.execute_batch("COMMIT").map_err(fail)?,
            Err(e) => {
                let _ = conn.execute_batch("ROLLBACK");
                return Err(fail(e));
            }
        }
    }
    Ok(())
}
