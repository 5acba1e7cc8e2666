//! The security layers around every route: strict Content-Security-Policy
//! and companion headers, bounded bodies and query strings, a request
//! timeout, and CORS only for configured origins.

use crate::{Config, ServeError};
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

/// The Content-Security-Policy of every response: scripts, styles and
/// images only from this server, no inline script or style, no framing,
/// forms post only here.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Longest accepted path, in bytes.
const MAX_PATH: usize = 2048;

/// Wraps the router in the security layers.
pub(crate) fn layers(router: Router, config: &Config) -> Result<Router, ServeError> {
    let max_query = config.max_query;
    let mut router = router
        .layer(middleware::from_fn(revalidate))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            bound_uri(max_query, req, next)
        }))
        .layer(DefaultBodyLimit::max(config.max_body))
        .layer(RequestBodyLimitLayer::new(config.max_body))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            config.timeout,
        ));
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (
            HeaderName::from_static("cross-origin-resource-policy"),
            "same-origin",
        ),
    ] {
        router = router.layer(SetResponseHeaderLayer::overriding(
            name,
            HeaderValue::from_static(value),
        ));
    }
    if !config.cors_origins.is_empty() {
        let origins = config
            .cors_origins
            .iter()
            .map(|o| HeaderValue::from_str(o).map_err(|_| ServeError::CorsOrigin(o.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        router = router.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(origins))
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE]),
        );
    }
    Ok(router)
}

/// Refuses over-long paths and query strings (414) before any handler.
async fn bound_uri(max_query: usize, req: Request, next: Next) -> Response {
    let uri = req.uri();
    if uri.path().len() > MAX_PATH || uri.query().is_some_and(|q| q.len() > max_query) {
        return (StatusCode::URI_TOO_LONG, "URI too long").into_response();
    }
    next.run(req).await
}

/// FNV-1a 64 of a response body, for its ETag.
fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Successful `GET /api/…` answers: `Cache-Control: no-cache` (the store
/// can change under an ingest, so clients revalidate) and a weak ETag of the
/// body; a request whose `If-None-Match` names it gets `304 Not Modified`
/// without the body.
async fn revalidate(req: Request, next: Next) -> Response {
    if req.method() != Method::GET || !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let asked = req.headers().get(header::IF_NONE_MATCH).cloned();
    let res = next.run(req).await;
    if res.status() != StatusCode::OK {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // API bodies are bounded JSON built in memory.
    let Ok(bytes) = axum::body::to_bytes(body, usize::MAX).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "response body failed").into_response();
    };
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    let tag = format!("W/\"{:016x}\"", fnv64(&bytes));
    let fresh = asked
        .as_ref()
        .and_then(|a| a.to_str().ok())
        .is_some_and(|a| a.split(',').any(|t| t.trim() == tag));
    if let Ok(v) = HeaderValue::from_str(&tag) {
        parts.headers.insert(header::ETAG, v);
        if fresh {
            parts.status = StatusCode::NOT_MODIFIED;
            parts.headers.remove(header::CONTENT_TYPE);
            parts.headers.remove(header::CONTENT_LENGTH);
            return Response::from_parts(parts, axum::body::Body::empty());
        }
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}
