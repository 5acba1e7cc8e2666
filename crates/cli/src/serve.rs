//! `newsgraph serve`: the HTTP API and web UI over a store, on loopback by
//! default, read-only unless `--allow-ingest`.

use anyhow::Context;
use clap::Args as ClapArgs;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

/// Arguments of `serve`.
#[derive(ClapArgs)]
pub struct Args {
    /// The store to serve (default: $NEWSGRAPH_DB, else newsgraph.db).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Address to listen on. Anything but loopback exposes the corpus to
    /// the network.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Enable `POST /api/documents` (the only write route).
    #[arg(long)]
    allow_ingest: bool,
    /// Allow cross-origin requests from this origin (repeatable; none by
    /// default).
    #[arg(long = "cors-origin")]
    cors_origins: Vec<String>,
    /// Largest request body, in bytes.
    #[arg(long, default_value_t = 1 << 20)]
    max_body: usize,
    /// Request timeout, in seconds.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
}

/// Runs `serve`.
pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    let db =
        a.db.or_else(|| std::env::var_os("NEWSGRAPH_DB").map(PathBuf::from))
            .unwrap_or_else(|| PathBuf::from("newsgraph.db"));
    let backend: Arc<dyn newsgraph_serve::Backend> = Arc::new(
        newsgraph_serve::StoreBackend::open_existing(&db).with_context(|| {
            format!(
                "cannot open the store {}",
                newsgraph_store::display_location(&db.to_string_lossy())
            )
        })?,
    );
    let config = newsgraph_serve::Config {
        addr: a.addr,
        allow_ingest: a.allow_ingest,
        cors_origins: a.cors_origins,
        max_body: a.max_body,
        timeout: Duration::from_secs(a.timeout.max(1)),
        ..newsgraph_serve::Config::default()
    };
    if !a.addr.ip().is_loopback() {
        eprintln!(
            "newsgraph: warning: listening on {} (not loopback): the corpus is reachable from the network",
            a.addr
        );
    }
    eprintln!(
        "newsgraph: serving {} on http://{}/{}",
        newsgraph_store::display_location(&db.to_string_lossy()),
        a.addr,
        if a.allow_ingest {
            " (ingest enabled)"
        } else {
            ""
        }
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    rt.block_on(newsgraph_serve::serve(backend, config))?;
    Ok(ExitCode::SUCCESS)
}
