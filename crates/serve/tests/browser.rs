//! End-to-end test in a real headless browser (Debian's `chromium`): a store
//! with the bundled examples and a hostile fixture is served on loopback;
//! the story, entity and document pages are loaded, their scripts run, and
//! the DOM after scripts is checked — for what is shown, and for no trace of
//! the hostile payloads. Under `CI` the test fails when chromium is missing;
//! elsewhere it skips with a message.

use newsgraph_serve::{app, AppState, Backend, Config, StoreBackend};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

fn chromium() -> Option<PathBuf> {
    let found = std::env::var_os("CHROMIUM").map(PathBuf::from).or_else(|| {
        std::env::var_os("PATH").and_then(|p| {
            std::env::split_paths(&p)
                .flat_map(|d| ["chromium", "chromium-browser"].map(|n| d.join(n)))
                .find(|c| c.is_file())
        })
    });
    if found.is_none() {
        if std::env::var_os("CI").is_some() {
            panic!("CI is set but chromium is not installed (.ci/run installs it)");
        }
        println!(
            "skipping: chromium not found (install Debian's chromium to run the browser test)"
        );
    }
    found
}

/// Loads `url` headless and returns the DOM after the scripts ran.
fn dump_dom(browser: &Path, profile: &Path, url: &str) -> String {
    let child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    // The DOM is drained while waiting: a page over the pipe's buffer would
    // block chromium otherwise.
    let out = match newsgraph_testutil::wait_bounded(child, Duration::from_secs(60)) {
        Ok(f) => f.stdout,
        Err(_) => panic!("chromium did not finish loading {url} within 60 s"),
    };
    String::from_utf8_lossy(&out).into_owned()
}

fn analyzed(path: &Path) -> Vec<newsgraph_doc::Document> {
    newsgraph_read::read_path(path, &newsgraph_read::ReadOptions::default())
        .into_iter()
        .map(|r| {
            let mut d = r.expect("fixture reads");
            newsgraph_pipeline::analyze(&mut d, &newsgraph_pipeline::Options::default());
            d
        })
        .collect()
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Serves `backend` on a loopback port in a background thread.
fn spawn_server(backend: Arc<dyn Backend>) -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let addr = listener.local_addr().expect("address");
    listener.set_nonblocking(true).expect("nonblocking");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        rt.block_on(async move {
            let l = tokio::net::TcpListener::from_std(listener).expect("listener");
            let app = app(AppState::new(backend, Config::default())).expect("app");
            axum::serve(l, app).await.expect("serve");
        });
    });
    addr
}

fn assert_no_hostile_trace(page: &str, dom: &str) {
    assert!(dom.contains("<html"), "{page}: no DOM dumped");
    assert!(
        !dom.contains("<title>PWNED"),
        "{page}: a script changed the title"
    );
    assert!(
        !dom.contains("data-pwned"),
        "{page}: a payload altered the DOM"
    );
    assert!(
        !dom.contains("<img src=\"x\""),
        "{page}: an injected image element"
    );
    assert!(
        !dom.contains("href=\"javascript:"),
        "{page}: a javascript: link"
    );
    assert!(
        dom.contains("<html lang=\"en\" class=\"js\">") || dom.contains("class=\"js\""),
        "{page}: the page's own module script did not run (CSP or load error)"
    );
}

#[test]
fn story_entity_and_document_pages_in_a_real_browser() {
    let Some(browser) = chromium() else { return };
    let tmp = std::env::temp_dir().join(format!("newsgraph-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let db = tmp.join("e2e.db");
    let backend = StoreBackend::open(&db).expect("store");
    let root = workspace();
    let mut docs = Vec::new();
    for f in [
        "examples/fr-sommet.txt",
        "examples/en-summit.jsonl",
        "examples/stories.jsonl",
    ] {
        docs.extend(analyzed(&root.join(f)));
    }
    docs.extend(analyzed(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile.jsonl"),
    ));
    for d in docs {
        backend.ingest(d).expect("ingest");
    }
    let backend: Arc<dyn Backend> = Arc::new(backend);
    let addr = spawn_server(backend.clone());
    let base = format!("http://{addr}");
    let profile = tmp.join("profile");

    // Document page: the text with its layers, escaped hostile text shown.
    let dom = dump_dom(&browser, &profile, &format!("{base}/doc/fr-sommet"));
    assert!(dom.contains("class=\"docview\""), "{dom}");
    assert!(dom.contains("Jean Dupont"));
    assert!(
        dom.contains("data-label=\"2024-03-13\""),
        "mercredi resolved: {dom}"
    );
    assert!(dom.contains("class=\"ann quote"), "quotes shown");
    assert!(
        dom.contains("href=\"/entity/"),
        "entities link to their pages"
    );
    assert_no_hostile_trace("document", &dom);

    let dom = dump_dom(&browser, &profile, &format!("{base}/doc/hostile-1"));
    assert_no_hostile_trace("hostile document", &dom);
    assert!(
        dom.contains("&lt;script&gt;document.title='PWNED'&lt;/script&gt;"),
        "shown as text"
    );
    assert!(
        dom.contains("<title>\"&gt;&lt;img src=x"),
        "the hostile title is text: {dom}"
    );
    assert!(dom.contains("bidirectional control characters"));

    // Entity page: names, timeline.
    let ent = backend
        .entities(
            &newsgraph_serve::Filter {
                q: Some("Jean Dupont".into()),
                ..Default::default()
            },
            newsgraph_serve::Paging::default(),
        )
        .expect("entities");
    let key = ent
        .items
        .iter()
        .find_map(|e| e.get("key").and_then(|k| k.as_str()).map(str::to_string))
        .expect("Jean Dupont is a corpus entity");
    let dom = dump_dom(
        &browser,
        &profile,
        &format!(
            "{base}/entity/{}",
            newsgraph_serve::docview::path_escape(&key)
        ),
    );
    assert!(dom.contains("Jean Dupont"), "{dom}");
    assert!(dom.contains("class=\"names\""));
    assert_no_hostile_trace("entity", &dom);

    // Search page with a filter.
    let dom = dump_dom(
        &browser,
        &profile,
        &format!("{base}/search?q=Dupont&lang=fr"),
    );
    assert!(dom.contains("/doc/fr-sommet"), "{dom}");
    assert_no_hostile_trace("search", &dom);

    // Story page: the Arvex reports (French and English, an agency dispatch
    // and its copies) are one story, shown side by side.
    let stories = backend
        .stories(
            &newsgraph_serve::Filter {
                entity: None,
                ..Default::default()
            },
            newsgraph_serve::Paging {
                offset: 0,
                limit: 200,
            },
        )
        .expect("stories");
    let arvex = stories
        .items
        .iter()
        .find(|s| {
            s["documents"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["id"] == "arvex-afp-fr"))
        })
        .expect("a story holds the Arvex dispatch");
    let n_docs = arvex["documents"].as_array().map_or(0, Vec::len);
    assert!(n_docs >= 2, "{arvex}");
    let id = arvex["id"].as_str().expect("story id");
    let dom = dump_dom(
        &browser,
        &profile,
        &format!("{base}/story/{}", newsgraph_serve::docview::path_escape(id)),
    );
    assert!(dom.contains("class=\"story\""), "{dom}");
    assert!(dom.contains("class=\"reports\""));
    assert_eq!(
        dom.matches("<div class=\"report ").count(),
        n_docs,
        "every report shown side by side"
    );
    assert!(dom.contains("href=\"/doc/arvex-afp-fr\""));
    assert_no_hostile_trace("story", &dom);
    let _ = std::fs::remove_dir_all(&tmp);
}
