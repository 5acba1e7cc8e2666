//! newsgraph-serve: the HTTP API (`/api/…`, OpenAPI at `/api/openapi.json`)
//! and the web UI (server-rendered HTML, embedded CSS and ES modules), over
//! the corpus store and the per-document pipeline.
//!
//! Invariant: everything that comes from an article (text, names, titles,
//! URLs) is untrusted; HTML is produced only through `maud` templates, which
//! escape by default, and the front-end scripts only ever set `textContent`.
//!
//! Invariant: read-only unless [`Config::allow_ingest`]; every request body,
//! query string and request time is bounded; the default bind address is
//! loopback.

#![deny(clippy::unwrap_used)]

pub mod api;
mod assets;
mod backend;
pub mod docview;
mod i18n;
mod pages;
mod security;
mod store;

pub use backend::{Backend, BackendError, Filter, NoStore, Page, Paging, MAX_LIMIT};
pub use store::{StoreBackend, ANALYZER};

use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Server configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Address to bind (loopback by default).
    pub addr: SocketAddr,
    /// Enables `POST /api/documents` (the only write route).
    pub allow_ingest: bool,
    /// Origins allowed by CORS; empty (the default) sends no CORS headers.
    pub cors_origins: Vec<String>,
    /// Largest request body accepted, in bytes.
    pub max_body: usize,
    /// Longest query string accepted, in bytes.
    pub max_query: usize,
    /// Time after which a request is answered 408/503.
    pub timeout: Duration,
    /// Analyses allowed to run at once (`POST /api/analyze`, ingest).
    pub max_concurrent_analyses: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            allow_ingest: false,
            cors_origins: Vec::new(),
            max_body: 1 << 20,
            max_query: 4096,
            timeout: Duration::from_secs(30),
            max_concurrent_analyses: 2,
        }
    }
}

/// Errors of the server.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The cause.
        source: std::io::Error,
    },
    /// The server stopped with an I/O error.
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
    /// A CORS origin is not a valid header value.
    #[error("invalid CORS origin {0:?}")]
    CorsOrigin(String),
}

/// Shared state of the handlers.
#[derive(Clone)]
pub struct AppState {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) backend: Arc<dyn Backend>,
    pub(crate) config: Config,
    pub(crate) analyses: Semaphore,
}

impl AppState {
    /// State over a backend (the store) with a configuration.
    pub fn new(backend: Arc<dyn Backend>, config: Config) -> Self {
        let permits = config.max_concurrent_analyses.max(1);
        AppState {
            inner: Arc::new(Inner {
                backend,
                config,
                analyses: Semaphore::new(permits),
            }),
        }
    }
}

/// The whole application: API, pages and assets, with the security layers.
pub fn app(state: AppState) -> Result<Router, ServeError> {
    let config = state.inner.config.clone();
    let router = Router::new()
        .merge(api::router(&config))
        .merge(pages::router())
        .merge(assets::router())
        .with_state(state);
    security::layers(router, &config)
}

/// Binds `config.addr` and serves until Ctrl-C.
pub async fn serve(backend: Arc<dyn Backend>, config: Config) -> Result<(), ServeError> {
    let addr = config.addr;
    let app = app(AppState::new(backend, config))?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    Ok(())
}
