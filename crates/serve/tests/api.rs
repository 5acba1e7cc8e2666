//! API integration tests over the router (tower `oneshot`), without a
//! store: analysis, OpenAPI coverage, security headers and limits.

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use newsgraph_serve::{api, app, AppState, Config, NoStore};
use serde_json::{json, Value};
use std::sync::Arc;
use tower::ServiceExt;

fn router(config: Config) -> Router {
    app(AppState::new(Arc::new(NoStore), config)).expect("app")
}

async fn call(app: &Router, req: Request<Body>) -> (StatusCode, HeaderMap, String) {
    let resp = app.clone().oneshot(req).await.expect("response");
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.into_body().collect().await.expect("body").to_bytes();
    (status, headers, String::from_utf8_lossy(&body).into_owned())
}

fn get(uri: &str) -> Request<Body> {
    Request::builder()
        .uri(uri)
        .body(Body::empty())
        .expect("request")
}

fn post_json(uri: &str, v: &Value) -> Request<Body> {
    Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(v.to_string()))
        .expect("request")
}

#[test]
fn every_route_is_in_the_openapi_document_and_back() {
    let spec = serde_json::to_value(api::openapi()).expect("spec");
    let paths = spec["paths"].as_object().expect("paths");
    let config = Config {
        allow_ingest: true,
        ..Config::default()
    };
    let mut in_router = Vec::new();
    for r in api::routes(&config) {
        for m in &r.methods {
            assert!(
                paths.get(r.path).and_then(|p| p.get(*m)).is_some(),
                "{} {} is routed but not in /api/openapi.json",
                m.to_uppercase(),
                r.path
            );
            in_router.push((r.path.to_string(), m.to_string()));
        }
    }
    for (path, ops) in paths {
        for m in ops.as_object().expect("operations").keys() {
            assert!(
                in_router.contains(&(path.clone(), m.clone())),
                "{} {path} is documented but not routed",
                m.to_uppercase()
            );
        }
    }
    // Without --allow-ingest there is no write route but analysis.
    let ro = api::routes(&Config::default());
    let writes: Vec<_> = ro
        .iter()
        .filter(|r| r.methods.iter().any(|m| *m != "get"))
        .map(|r| r.path)
        .collect();
    assert_eq!(writes, ["/api/analyze"]);
}

#[tokio::test]
async fn openapi_is_served() {
    let app = router(Config::default());
    let (s, h, body) = call(&app, get("/api/openapi.json")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(h[header::CONTENT_TYPE]
        .to_str()
        .expect("ascii")
        .starts_with("application/json"));
    let v: Value = serde_json::from_str(&body).expect("json");
    assert!(v["openapi"].as_str().expect("version").starts_with("3."));
    assert!(v["paths"]["/api/entities/{key}/timeline"]["get"].is_object());
}

#[tokio::test]
async fn analyze_returns_the_document_with_its_layers() {
    let app = router(Config::default());
    let req = json!({
        "text": "Le ministre des Affaires étrangères, M. Jean Dupont, a annoncé mercredi à Genève que les négociations reprendraient.",
        "published": "2024-03-14",
        "language": "fr"
    });
    let (s, _, body) = call(&app, post_json("/api/analyze", &req)).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let doc: newsgraph_doc::Document = serde_json::from_str(&body).expect("a document");
    assert_eq!(doc.language.as_deref(), Some("fr"));
    assert!(!doc.sentences.is_empty());
    assert!(
        doc.entities.iter().any(|e| e.name == "Jean Dupont"),
        "{body}"
    );
    assert!(
        doc.timexes.iter().any(|t| t.value == "2024-03-13"),
        "mercredi resolved against the publication date: {body}"
    );
}

#[tokio::test]
async fn analyze_rejects_bad_input_with_a_clear_message() {
    let app = router(Config::default());
    for (req, needle) in [
        (json!({"text": "  "}), "text"),
        (
            json!({"text": "Bonjour.", "published": "14/03/2024"}),
            "published",
        ),
        (json!({"text": "Bonjour.", "language": "<b>"}), "language"),
    ] {
        let (s, _, body) = call(&app, post_json("/api/analyze", &req)).await;
        assert_eq!(s, StatusCode::BAD_REQUEST, "{req}");
        let v: Value = serde_json::from_str(&body).expect("json error");
        assert!(
            v["error"].as_str().expect("error").contains(needle),
            "{body}"
        );
    }
    let (s, _, _) = call(
        &app,
        Request::builder()
            .method(Method::POST)
            .uri("/api/analyze")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from("{not json"))
            .expect("request"),
    )
    .await;
    assert!(s.is_client_error());
}

#[tokio::test]
async fn bodies_and_query_strings_are_bounded() {
    let app = router(Config {
        max_body: 10_000,
        max_query: 100,
        ..Config::default()
    });
    let big = json!({ "text": "a ".repeat(20_000) });
    let (s, _, _) = call(&app, post_json("/api/analyze", &big)).await;
    assert_eq!(s, StatusCode::PAYLOAD_TOO_LARGE);
    let (s, _, _) = call(&app, get(&format!("/api/search?q={}", "x".repeat(200)))).await;
    assert_eq!(s, StatusCode::URI_TOO_LONG);
    let (s, _, _) = call(&app, get(&format!("/{}", "x".repeat(5000)))).await;
    assert_eq!(s, StatusCode::URI_TOO_LONG);
}

#[tokio::test]
async fn security_headers_and_no_cors_by_default() {
    let app = router(Config::default());
    for uri in [
        "/",
        "/analyze",
        "/api/openapi.json",
        "/static/app.js",
        "/nope",
    ] {
        let req = Request::builder()
            .uri(uri)
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::empty())
            .expect("request");
        let (_, h, _) = call(&app, req).await;
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().expect("csp");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{uri}"
        );
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
        assert!(
            h.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none(),
            "{uri}"
        );
    }
    let app = router(Config {
        cors_origins: vec!["https://ok.example".into()],
        ..Config::default()
    });
    let req = Request::builder()
        .uri("/api/openapi.json")
        .header(header::ORIGIN, "https://ok.example")
        .body(Body::empty())
        .expect("request");
    let (_, h, _) = call(&app, req).await;
    assert_eq!(h[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://ok.example");
}

#[tokio::test]
async fn no_write_route_without_allow_ingest() {
    let app = router(Config::default());
    let (s, _, _) = call(&app, post_json("/api/documents", &json!({"text": "x"}))).await;
    assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED);
    for m in [Method::PUT, Method::DELETE, Method::PATCH] {
        let req = Request::builder()
            .method(m.clone())
            .uri("/api/documents/x")
            .body(Body::empty())
            .expect("request");
        let (s, _, _) = call(&app, req).await;
        assert_eq!(s, StatusCode::METHOD_NOT_ALLOWED, "{m}");
    }
    let (s, _, body) = call(&app, get("/api/nothing-here")).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    assert!(body.contains("\"error\""));
    // No store: corpus routes say so.
    let (s, _, _) = call(&app, get("/api/stats")).await;
    assert_eq!(s, StatusCode::SERVICE_UNAVAILABLE);
}

/// Hostile strings a page must show as text, never run.
const HOSTILE: &str = "Attaque <script>document.title='PWNED'</script> à Paris. \
\"><img src=x onerror=\"document.body.dataset.pwned=1\"> \
Lien javascript:alert(1) et \u{202E}txt.exe\u{202C} le 3 mars 2024.";

#[tokio::test]
async fn the_analyze_page_escapes_hostile_text() {
    let app = router(Config::default());
    let form = format!(
        "text={}&published=2024-03-14&language=fr",
        newsgraph_serve::docview::path_escape(HOSTILE)
    );
    let req = Request::builder()
        .method(Method::POST)
        .uri("/analyze")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .expect("request");
    let (s, _, html) = call(&app, req).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        html.contains("&lt;script&gt;document.title="),
        "escaped script"
    );
    assert!(!html.contains("<script>document"), "raw script");
    assert!(!html.contains("<img src=x") && !html.contains("<img src=\"x\""));
    assert!(!html.contains("href=\"javascript:"));
    assert!(html.contains("bidirectional"), "bidi warning shown");
    // Only the module script of the app, no inline script.
    assert_eq!(html.matches("<script").count(), 1);
    assert!(html.contains("<script type=\"module\" src=\"/static/app.js\">"));
}

#[test]
fn the_scripts_never_build_html_from_strings() {
    let js = include_str!("../assets/app.js");
    for bad in [
        "innerHTML",
        "outerHTML",
        "insertAdjacentHTML",
        "document.write",
        "eval(",
        "new Function",
    ] {
        assert!(!js.contains(bad), "app.js uses {bad}");
    }
}

#[tokio::test]
async fn api_answers_carry_an_etag_and_revalidate() {
    let app = router(Config::default());
    let (status, h, body) = call(&app, get("/api/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::CACHE_CONTROL], "no-cache");
    let tag = h[header::ETAG].to_str().expect("etag").to_string();
    assert!(tag.starts_with("W/\""), "{tag}");
    assert!(!body.is_empty());
    let again = Request::builder()
        .uri("/api/openapi.json")
        .header(header::IF_NONE_MATCH, &tag)
        .body(Body::empty())
        .expect("request");
    let (status, h, body) = call(&app, again).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(h[header::ETAG].to_str().expect("etag"), tag);
    assert!(body.is_empty());
    let stale = Request::builder()
        .uri("/api/openapi.json")
        .header(header::IF_NONE_MATCH, "W/\"0\"")
        .body(Body::empty())
        .expect("request");
    let (status, _, body) = call(&app, stale).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!body.is_empty());
}
