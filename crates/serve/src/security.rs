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
