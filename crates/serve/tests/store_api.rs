//! API and page tests over a real store holding the bundled examples and
//! the hostile fixture (tower `oneshot`, no network).

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use newsgraph_serve::docview::path_escape;
use newsgraph_serve::{app, AppState, Backend, Config, StoreBackend};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

fn fixtures() -> Vec<newsgraph_doc::Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for f in [
        root.join("../../examples/fr-sommet.txt"),
        root.join("../../examples/en-summit.jsonl"),
        root.join("tests/fixtures/hostile.jsonl"),
    ] {
        for r in newsgraph_read::read_path(&f, &newsgraph_read::ReadOptions::default()) {
            let mut d = r.expect("fixture reads");
            newsgraph_pipeline::analyze(&mut d, &newsgraph_pipeline::Options::default());
            out.push(d);
        }
    }
    out
}

/// One store per test binary, filled once.
fn store() -> (Arc<StoreBackend>, PathBuf) {
    static S: OnceLock<(Arc<StoreBackend>, PathBuf)> = OnceLock::new();
    S.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("newsgraph-serve-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let db = dir.join("t.db");
        let b = StoreBackend::open(&db).expect("store");
        for d in fixtures() {
            b.ingest(d).expect("ingest");
        }
        (Arc::new(b), db)
    })
    .clone()
}

fn router(config: Config) -> Router {
    app(AppState::new(store().0, config)).expect("app")
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String) {
    let resp = app
        .clone()
        .oneshot(
            Request::builder()
                .uri(uri)
                .body(Body::empty())
                .expect("req"),
        )
        .await
        .expect("resp");
    let s = resp.status();
    let b = resp.into_body().collect().await.expect("body").to_bytes();
    (s, String::from_utf8_lossy(&b).into_owned())
}

async fn get_json(app: &Router, uri: &str) -> Value {
    let (s, body) = get(app, uri).await;
    assert_eq!(s, StatusCode::OK, "{uri}: {body}");
    serde_json::from_str(&body).expect("json")
}

#[tokio::test]
async fn corpus_api() {
    let app = router(Config::default());
    let stats = get_json(&app, "/api/stats").await;
    // The four fixtures (another test may have posted one more).
    assert!(
        stats["documents"].as_u64().expect("documents") >= 4,
        "{stats}"
    );

    let hits = get_json(&app, "/api/search?q=Dupont").await;
    let ids: Vec<&str> = hits["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|h| h["doc_id"].as_str())
        .collect();
    assert!(ids.contains(&"fr-sommet"), "{hits}");
    // Filters: an English-only search finds no French report.
    let hits = get_json(&app, "/api/search?q=Dupont&lang=en").await;
    assert!(hits["items"]
        .as_array()
        .expect("items")
        .iter()
        .all(|h| h["language"] == "en"));
    let (s, body) = get(&app, "/api/search?q=x&from=yesterday").await;
    assert_eq!(s, StatusCode::BAD_REQUEST, "{body}");

    // Paging: one document per page, the next page is announced.
    let p1 = get_json(&app, "/api/documents?limit=1").await;
    assert_eq!(p1["items"].as_array().expect("items").len(), 1);
    assert_eq!(p1["next_offset"], 1);
    let p2 = get_json(&app, "/api/documents?limit=1&offset=1").await;
    assert_ne!(p1["items"][0]["doc_id"], p2["items"][0]["doc_id"]);
    let all = get_json(&app, "/api/documents?limit=100").await;
    assert_eq!(all["next_offset"], Value::Null);
    assert!(all["items"].as_array().expect("items").len() >= 4);

    let doc = get_json(&app, "/api/documents/fr-sommet").await;
    assert!(doc["text"]
        .as_str()
        .expect("text")
        .starts_with("Le ministre"));
    assert!(doc["timexes"]
        .as_array()
        .expect("timexes")
        .iter()
        .any(|t| t["value"] == "2024-03-13"));
    let (s, _) = get(&app, "/api/documents/nope").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let ents = get_json(&app, "/api/entities?q=Jean").await;
    let key = ents["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|e| e["name"] == "Jean Dupont")
        .and_then(|e| e["key"].as_str())
        .expect("Jean Dupont")
        .to_string();
    let prof = get_json(&app, &format!("/api/entities/{}", path_escape(&key))).await;
    assert_eq!(prof["entity"]["name"], "Jean Dupont");
    assert!(
        !prof["quotes"].as_array().expect("quotes").is_empty(),
        "{prof}"
    );
    let tl = get_json(
        &app,
        &format!("/api/entities/{}/timeline", path_escape(&key)),
    )
    .await;
    assert!(!tl["items"].as_array().expect("items").is_empty(), "{tl}");
    let (s, _) = get(&app, "/api/entities/nobody%20at%20all/timeline").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let q = get_json(&app, "/api/quotes?speaker=Jean%20Dupont").await;
    assert!(!q["items"].as_array().expect("items").is_empty(), "{q}");
    let _ = get_json(&app, "/api/events?limit=5").await;
    let src = get_json(&app, "/api/sources").await;
    assert!(src["items"]
        .as_array()
        .expect("items")
        .iter()
        .any(|s| s["source"] == "Example Wire"));
}

#[tokio::test]
async fn pages_show_the_corpus_and_escape_it() {
    let app = router(Config::default());
    let (s, html) = get(&app, "/doc/fr-sommet").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("class=\"docview\""));
    assert!(html.contains("data-label=\"2024-03-13\""), "mercredi");
    assert!(html.contains("class=\"ann quote"));
    assert!(html.contains("href=\"/entity/"));

    let (s, html) = get(&app, "/doc/hostile-1").await;
    assert_eq!(s, StatusCode::OK);
    assert!(!html.contains("<script>document"));
    assert!(!html.contains("<img src=x") && !html.contains("<img src=\"x\""));
    assert!(!html.contains("href=\"javascript:"));
    assert!(html.contains("&lt;script&gt;"));
    assert!(
        html.contains("&quot;&gt;&lt;img src=x onerror="),
        "title escaped"
    );
    assert!(html.contains("<bdi>"), "names isolated");
    assert_eq!(html.matches("<script").count(), 1, "only the app module");

    let (s, html) = get(&app, "/search?q=Dupont").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("href=\"/doc/fr-sommet\""), "{html}");
    assert!(html.contains("<mark>"), "matches marked");

    let (s, html) = get(&app, "/entity/Jean%20Dupont").await;
    assert_eq!(s, StatusCode::OK, "{html}");
    assert!(html.contains("Jean Dupont"));
    assert!(html.contains("<svg class=\"timeline\""), "{html}");
    let (s, _) = get(&app, "/entity/nobody%20at%20all").await;
    assert_eq!(s, StatusCode::NOT_FOUND);

    let (s, html) = get(&app, "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("class=\"stats\""));
    let (s, html) = get(&app, "/search?q=Dupont&ui=fr").await;
    assert_eq!(s, StatusCode::OK);
    assert!(html.contains("<html lang=\"fr\">") && html.contains("Recherche"));
}

#[tokio::test]
async fn ingest_only_when_allowed() {
    // Its own empty store: a document posted into the shared one would shift
    // the pages that the other tests of this binary read at the same time.
    let dir = std::env::temp_dir().join(format!("newsgraph-serve-ingest-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let own = Arc::new(StoreBackend::open(&dir.join("t.db")).expect("store"));
    let router = |config: Config| app(AppState::new(own.clone(), config)).expect("app");
    let ro = router(Config::default());
    let body = json!({"id": "posted-1", "text": "Marie Curie a parlé à Varsovie lundi.", "published": "2024-05-02", "language": "fr"});
    let req = || {
        Request::builder()
            .method(Method::POST)
            .uri("/api/documents")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .expect("req")
    };
    let resp = ro.clone().oneshot(req()).await.expect("resp");
    assert_eq!(resp.status(), StatusCode::METHOD_NOT_ALLOWED);

    let rw = router(Config {
        allow_ingest: true,
        ..Config::default()
    });
    let resp = rw.clone().oneshot(req()).await.expect("resp");
    assert_eq!(resp.status(), StatusCode::OK);
    let b = resp.into_body().collect().await.expect("body").to_bytes();
    let v: Value = serde_json::from_slice(&b).expect("json");
    assert_eq!(v["outcome"], "added", "{v}");
    let resp = rw.clone().oneshot(req()).await.expect("resp");
    let b = resp.into_body().collect().await.expect("body").to_bytes();
    let v: Value = serde_json::from_slice(&b).expect("json");
    assert_eq!(v["outcome"], "unchanged", "{v}");
    let doc = get_json(&rw, "/api/documents/posted-1").await;
    assert_eq!(doc["meta"]["doc_id"], "posted-1", "{doc}");
    let _ = std::fs::remove_dir_all(&dir);
}
