//! Stories grouped at ingest and kept in the store: the bundled reports
//! ingested in two batches give the same stories as one batch grouping; a
//! changed document moves to the story it now belongs to and its old story
//! is rebuilt without it. Run on SQLite and, when `NEWSGRAPH_TEST_PG`
//! names a database, on PostgreSQL (a fresh schema).

use newsgraph_doc::Document;
use newsgraph_store::{Page, Store, StoryQuery};
use newsgraph_stories::stored::{pack, put_digest, update};
use newsgraph_stories::{group_digests, Config, Digest, Story};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn load() -> Vec<Document> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let opts = newsgraph_read::ReadOptions::default();
    let mut docs = Vec::new();
    for f in ["stories.jsonl", "fr-loukachenko.txt"] {
        for d in newsgraph_read::read_path(&root.join(f), &opts) {
            let mut d = d.expect("bundled example reads");
            newsgraph_pipeline::analyze(&mut d, &newsgraph_pipeline::Options::default());
            docs.push(d);
        }
    }
    docs
}

fn temp_store(name: &str) -> (Store, PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "newsgraph-stored-stories-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let store = Store::open(dir.join("s.db")).expect("store opens");
    (store, dir)
}

/// A store in a fresh schema of the `NEWSGRAPH_TEST_PG` database, with
/// the URL to drop it; `None` (with a message) when unset, a failure
/// when unset under `CI=true`.
fn pg_store(name: &str) -> Option<(Store, String, String)> {
    let base = match std::env::var("NEWSGRAPH_TEST_PG") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "CI: NEWSGRAPH_TEST_PG must name a PostgreSQL database (see .ci/run)"
            );
            eprintln!("skipping the PostgreSQL run of {name}: NEWSGRAPH_TEST_PG is not set");
            return None;
        }
    };
    let schema = format!("ngs_{name}_{}", std::process::id());
    let mut c = postgres::Client::connect(&base, postgres::NoTls).expect("connect");
    c.batch_execute(&format!(
        "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
    ))
    .expect("schema");
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
    let store = Store::open(&url).expect("store opens");
    Some((store, base, schema))
}

fn ingest(store: &mut Store, docs: &[Document]) -> BTreeSet<i64> {
    let mut touched = BTreeSet::new();
    for d in docs {
        store.ingest(d, "test").expect("ingest");
        touched.extend(put_digest(store, &Digest::of(d)).expect("digest"));
    }
    touched
}

/// The same, documents and digests written together in one batch.
fn ingest_with_digests(store: &mut Store, docs: &[Document]) -> BTreeSet<i64> {
    let digests: Vec<_> = docs
        .iter()
        .map(|d| pack(&Digest::of(d)).expect("pack"))
        .collect();
    let mut touched = BTreeSet::new();
    for r in store
        .ingest_batch_with_digests(docs, &digests, "test")
        .expect("batch")
    {
        let (_, old) = r.expect("document stored");
        touched.extend(old);
    }
    touched
}

fn stored(store: &Store) -> Vec<Story> {
    store
        .stories(&StoryQuery::default(), Page::new(0, 1000))
        .expect("stories")
        .iter()
        .map(|r| serde_json::from_str(r).expect("story record"))
        .collect()
}

fn groups_of(stories: &[Story]) -> BTreeSet<Vec<String>> {
    stories
        .iter()
        .map(|s| {
            let mut v: Vec<String> = s.documents.iter().map(|d| d.id.clone()).collect();
            v.sort();
            v
        })
        .collect()
}

#[test]
fn ingest_in_batches_matches_one_batch_and_replacement_regroups() {
    let (store, dir) = temp_store("batches");
    batches_and_replacement(store);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn ingest_in_batches_matches_one_batch_and_replacement_regroups_postgres() {
    let Some((store, base, schema)) = pg_store("batches") else {
        return;
    };
    batches_and_replacement(store);
    if let Ok(mut c) = postgres::Client::connect(&base, postgres::NoTls) {
        let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"));
    }
}

fn batches_and_replacement(mut store: Store) {
    let docs = load();
    let cfg = Config::default();
    let digests: Vec<Digest> = docs.iter().map(Digest::of).collect();
    let batch = group_digests(&digests, &cfg);
    let expected: BTreeSet<Vec<String>> = batch
        .stories
        .iter()
        .map(|s| {
            let mut v: Vec<String> = s.iter().map(|&i| digests[i].id.clone()).collect();
            v.sort();
            v
        })
        .collect();
    assert_eq!(expected.len(), 3, "{expected:?}");

    // the Lukashenko and Delmar reports first, the rest (Arvex, the seed)
    // in a second ingest
    let (first, second): (Vec<Document>, Vec<Document>) = docs
        .iter()
        .cloned()
        .partition(|d| d.id.starts_with("lukashenko") || d.id.starts_with("delmar"));
    assert!(!first.is_empty() && !second.is_empty());
    let t = ingest(&mut store, &first);
    let r1 = update(&mut store, &cfg, &t).expect("update");
    assert_eq!(r1.grouped, first.len());
    let t = ingest_with_digests(&mut store, &second);
    let r2 = update(&mut store, &cfg, &t).expect("update");
    assert_eq!(r2.grouped, second.len());
    assert!(r2.replayed > 0, "the seed's window holds stored reports");
    let got = stored(&store);
    assert_eq!(groups_of(&got), expected);
    // the stored record is the contract shape: copies and sources kept
    let arvex = got
        .iter()
        .find(|s| s.documents.iter().any(|d| d.id == "arvex-afp-fr"))
        .expect("Arvex story");
    let progres = arvex
        .documents
        .iter()
        .find(|d| d.id == "arvex-progres")
        .expect("copy");
    assert_eq!(progres.copy_of.as_deref(), Some("arvex-afp-fr"));
    assert_eq!(arvex.independent_sources, 3);
    let (sid, _, n) = store
        .story_of_document("arvex-lemonde")
        .expect("query")
        .expect("in a story");
    assert_eq!(sid, arvex.id);
    assert_eq!(n, 6);
    let one: Story =
        serde_json::from_str(&store.story(&arvex.id).expect("q").expect("found")).expect("record");
    assert_eq!(&one, arvex);
    let q = StoryQuery {
        entity: Some("Arvex".into()),
        ..StoryQuery::default()
    };
    let by_entity = store.stories(&q, Page::new(0, 10)).expect("q");
    assert_eq!(by_entity.len(), 1);

    // Le Monde's report is replaced by a report of the warehouse fire: it
    // leaves the Arvex story for the Delmar one
    let mut changed = docs
        .iter()
        .find(|d| d.id == "delmar-northern")
        .expect("delmar report")
        .clone();
    let lemonde = docs
        .iter()
        .find(|d| d.id == "arvex-lemonde")
        .expect("le monde");
    changed.id = lemonde.id.clone();
    changed.url = lemonde.url.clone();
    changed.source = Some("Le Monde".into());
    let t = ingest_with_digests(&mut store, &[changed]);
    assert_eq!(t.len(), 1, "the old story is rebuilt");
    let r3 = update(&mut store, &cfg, &t).expect("update");
    assert_eq!(r3.grouped, 1);
    let got = stored(&store);
    let arvex = got
        .iter()
        .find(|s| s.documents.iter().any(|d| d.id == "arvex-afp-fr"))
        .expect("Arvex story");
    assert_eq!(arvex.documents.len(), 5);
    let delmar = got
        .iter()
        .find(|s| s.documents.iter().any(|d| d.id == "delmar-harbour"))
        .expect("Delmar story");
    assert!(
        delmar.documents.iter().any(|d| d.id == "arvex-lemonde"),
        "{:?}",
        groups_of(&got)
    );
}
