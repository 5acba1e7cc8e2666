//! The front-end files, compiled into the binary (`include_str!`): no CDN,
//! no download, no build step.

use crate::AppState;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

/// `(path, content type, body)` of every embedded file.
pub(crate) const FILES: &[(&str, &str, &str)] = &[
    (
        "/static/app.css",
        "text/css; charset=utf-8",
        include_str!("../assets/app.css"),
    ),
    (
        "/static/app.js",
        "text/javascript; charset=utf-8",
        include_str!("../assets/app.js"),
    ),
    (
        "/static/favicon.svg",
        "image/svg+xml",
        include_str!("../assets/favicon.svg"),
    ),
];

pub(crate) fn router() -> Router<AppState> {
    let mut r = Router::new();
    for &(path, ctype, body) in FILES {
        r = r.route(path, get(move || asset(ctype, body)));
    }
    r.route(
        "/favicon.ico",
        get(|| async { StatusCode::NO_CONTENT.into_response() }),
    )
}

async fn asset(ctype: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, ctype),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}
