//! The PostgreSQL backend: the same schema (`schema_v1.sql` here, the
//! PostgreSQL spelling of `../schema_v1.sql`), the same writes and the
//! same queries as the SQLite backend, over one synchronous connection.
//!
//! A store is the set of tables in the connection's current schema (the
//! first of its `search_path`, `public` unless the URL sets
//! `options=-csearch_path=…`). It carries a `newsgraph_store` table
//! holding [`APPLICATION_ID`] and a `schema_version` table, versioned by
//! the same migration numbers as the SQLite file.
//!
//! Invariant: every document is written in one transaction, as in SQLite.

mod ingest;
mod query;
mod stories;
pub(crate) mod text;

use crate::error::{Result, StoreError};
use crate::schema::APPLICATION_ID;
use crate::Migration;
use postgres::types::ToSql;
use postgres::{Client, NoTls, Row, Statement};
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Every PostgreSQL migration, in order (the same numbering and
/// descriptions as `crate::MIGRATIONS`, PostgreSQL SQL). Append only, and keep in step
/// with `crate::MIGRATIONS`.
pub const PG_MIGRATIONS: &[Migration] = &[
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
        description: "stories grouped at ingest: digests, stories, story documents, entities, \
        facts, fact mentions, conflicts (tables only: grouping at ingest is SQLite-only for now)",
        sql: include_str!("schema_v3.sql"),
    },
    Migration {
        version: 4,
        description: "story digests and story records stored compressed (zlib JSON)",
        sql: include_str!("schema_v4.sql"),
    },
];

/// A connection and its prepared statements.
pub(crate) struct Conn {
    client: Client,
    cache: HashMap<String, Statement>,
}

/// Parameters of a dynamically built query, numbered `$1`, `$2`…
#[derive(Default)]
pub(crate) struct Args {
    v: Vec<Box<dyn ToSql + Sync>>,
}

impl Args {
    /// Adds a parameter; returns its placeholder.
    pub(crate) fn push<T: ToSql + Sync + 'static>(&mut self, x: T) -> String {
        self.v.push(Box::new(x));
        format!("${}", self.v.len())
    }

    fn refs(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.v
            .iter()
            .map(|b| b.as_ref() as &(dyn ToSql + Sync))
            .collect()
    }
}

impl Conn {
    fn stmt(&mut self, sql: &str) -> Result<Statement> {
        if let Some(s) = self.cache.get(sql) {
            return Ok(s.clone());
        }
        let s = self.client.prepare(sql)?;
        if self.cache.len() > 256 {
            self.cache.clear();
        }
        self.cache.insert(sql.to_string(), s.clone());
        Ok(s)
    }

    /// Rows of a (cached) statement.
    pub(crate) fn query(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>> {
        let st = self.stmt(sql)?;
        Ok(self.client.query(&st, params)?)
    }

    /// Rows of a dynamically built query.
    pub(crate) fn query_args(&mut self, sql: &str, args: &Args) -> Result<Vec<Row>> {
        self.query(sql, &args.refs())
    }

    /// At most one row.
    pub(crate) fn opt(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    /// Exactly one row.
    pub(crate) fn one(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row> {
        self.opt(sql, params)?
            .ok_or_else(|| StoreError::Query(format!("no row from {sql}")))
    }

    /// Runs a statement; returns the rows affected.
    pub(crate) fn exec(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64> {
        let st = self.stmt(sql)?;
        Ok(self.client.execute(&st, params)?)
    }

    /// Runs SQL text (no parameters, several statements allowed).
    pub(crate) fn batch(&mut self, sql: &str) -> Result<()> {
        Ok(self.client.batch_execute(sql)?)
    }
}

/// An open PostgreSQL store.
pub(crate) struct PgStore {
    conn: RefCell<Conn>,
    location: PathBuf,
}

/// The URL with its password replaced by `***`, for messages.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let auth_end = rest.find(['/', '?']).unwrap_or(rest.len());
    match rest[..auth_end].rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((u, _)) => format!("{scheme}://{u}:***@{host}{}", &rest[auth_end..]),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

impl PgStore {
    /// Connects, checks the current schema holds a newsgraph store (or
    /// nothing, with `create`) and migrates it to the latest version.
    pub(crate) fn open(url: &str, create: bool) -> Result<PgStore> {
        let location = PathBuf::from(redact(url));
        let client = Client::connect(url, NoTls).map_err(|e| StoreError::Connect {
            location: location.display().to_string(),
            reason: e.to_string(),
        })?;
        let store = PgStore {
            conn: RefCell::new(Conn {
                client,
                cache: HashMap::new(),
            }),
            location,
        };
        store.check_and_migrate(create)?;
        Ok(store)
    }

    pub(crate) fn location(&self) -> &Path {
        &self.location
    }

    pub(crate) fn conn(&self) -> std::cell::RefMut<'_, Conn> {
        self.conn.borrow_mut()
    }

    fn not_a_store(&self, reason: String) -> StoreError {
        StoreError::NotAStore {
            path: self.location.clone(),
            reason,
        }
    }

    /// `(tables in the current schema, application id when marked)`.
    fn inspect(&self) -> Result<(i64, Option<i64>)> {
        let mut c = self.conn();
        let schema: Option<String> = c.one("SELECT current_schema()::text", &[])?.try_get(0)?;
        let Some(schema) = schema else {
            return Err(self.not_a_store(
                "no current schema (the search_path names no existing schema)".into(),
            ));
        };
        let tables: i64 = c
            .one(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = $1",
                &[&schema],
            )?
            .try_get(0)?;
        let marked: i64 = c
            .one(
                "SELECT count(*) FROM information_schema.tables
                 WHERE table_schema = $1 AND table_name = 'newsgraph_store'",
                &[&schema],
            )?
            .try_get(0)?;
        if marked == 0 {
            return Ok((tables, None));
        }
        let app: Option<i64> = c
            .opt("SELECT application_id FROM newsgraph_store LIMIT 1", &[])?
            .map(|r| r.try_get(0))
            .transpose()?;
        Ok((tables, Some(app.unwrap_or(0))))
    }

    fn check_and_migrate(&self, create: bool) -> Result<()> {
        let (tables, app) = self.inspect()?;
        match app {
            Some(a) if a == APPLICATION_ID => {}
            Some(a) => {
                return Err(self.not_a_store(format!(
                    "a newsgraph_store table with application id {a:#x}"
                )))
            }
            None if tables > 0 => {
                return Err(
                    self.not_a_store(format!("a PostgreSQL schema with {tables} other tables"))
                )
            }
            None if !create => {
                return Err(StoreError::Missing {
                    path: self.location.clone(),
                })
            }
            None => {}
        }
        self.migrate()
    }

    /// The schema version (0 before the first migration).
    pub(crate) fn schema_version(&self) -> Result<i64> {
        let (_, app) = self.inspect()?;
        if app.is_none() {
            return Ok(0);
        }
        Ok(self
            .conn()
            .one(
                "SELECT coalesce(max(version), 0)::bigint FROM schema_version",
                &[],
            )?
            .try_get(0)?)
    }

    fn migrate(&self) -> Result<()> {
        let found = self.schema_version()?;
        let latest = crate::latest_version();
        if found > latest {
            return Err(StoreError::TooNew {
                path: self.location.clone(),
                found,
                supported: latest,
            });
        }
        for m in PG_MIGRATIONS.iter().filter(|m| m.version > found) {
            let fail = |e: StoreError| StoreError::Migration {
                path: self.location.clone(),
                version: m.version,
                reason: e.to_string(),
            };
            let mut c = self.conn();
            c.batch("BEGIN").map_err(fail)?;
            // Two processes opening a fresh store do not both migrate.
            let step = (|| -> Result<bool> {
                c.query("SELECT pg_advisory_xact_lock($1)", &[&APPLICATION_ID])?;
                drop(c);
                let again = self.schema_version()?;
                let mut c = self.conn();
                if again >= m.version {
                    return Ok(false);
                }
                c.batch(m.sql)?;
                if m.version == 1 {
                    c.exec(
                        "INSERT INTO newsgraph_store(application_id) VALUES ($1)",
                        &[&APPLICATION_ID],
                    )?;
                }
                c.exec(
                    "INSERT INTO schema_version(version, description, applied_at)
                     VALUES ($1, $2, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS'))",
                    &[&m.version, &m.description],
                )?;
                Ok(true)
            })();
            let mut c = self.conn();
            match step {
                Ok(_) => c.batch("COMMIT").map_err(fail)?,
                Err(e) => {
                    let _ = c.batch("ROLLBACK");
                    c.cache.clear();
                    return Err(fail(e));
                }
            }
            c.cache.clear();
        }
        Ok(())
    }

    /// The tables answer and the counters agree with the rows.
    pub(crate) fn check_integrity(&self) -> Result<()> {
        let row = self.conn().one(
            "SELECT count(*) FROM entities e WHERE e.mention_count <>
               (SELECT count(*) FROM mentions m WHERE m.entity = e.entity)",
            &[],
        )?;
        let bad: i64 = row.try_get(0)?;
        if bad == 0 {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                path: self.location.clone(),
                reason: format!("{bad} entities whose mention counts disagree with their mentions"),
            })
        }
    }
}
