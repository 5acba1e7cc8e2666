//! The store test suite: ingest and idempotence, corpus entities, every
//! query, concurrency, and refusing foreign or corrupt files.

mod common;

use common::{english, french, TestDb};
use newsgraph_store::*;

both_backends!(
    ingest_is_idempotent_and_replaces_changes,
    corpus_entities_merge_across_languages,
    profile_lists_quotes_and_events,
    timeline_orders_by_event_date_and_marks_undated,
    search_documents_and_quotes_with_filters,
    quotes_events_sources_stats,
    exports_agree,
    foreign_stores_are_refused,
    newer_schema_is_refused_and_left_untouched,
    concurrent_reader_while_ingesting,
);

fn store(dir: &TestDb) -> Store {
    Store::open(dir.location()).expect("open store")
}

fn loaded(dir: &TestDb) -> Store {
    let mut s = store(dir);
    assert_eq!(
        s.ingest(&french("fr1"), "t1").ok(),
        Some(IngestOutcome::Added)
    );
    assert_eq!(
        s.ingest(&english("en1"), "t1").ok(),
        Some(IngestOutcome::Added)
    );
    s
}

#[test]
fn entity_keys() {
    let d = french("x");
    assert_eq!(entity_key(&d.entities[0]), "PER:jean dupont");
    assert_eq!(entity_key(&d.entities[1]), "kb:geonames:2660646");
}

fn ingest_is_idempotent_and_replaces_changes(dir: &TestDb) {
    let mut s = loaded(dir);
    assert_eq!(
        s.ingest(&french("fr1"), "t1").ok(),
        Some(IngestOutcome::Unchanged)
    );
    let st = s.stats().expect("stats");
    assert_eq!(
        (st.documents, st.quotes, st.events, st.mentions),
        (2, 2, 3, 9)
    );
    // Newer analyzer: replaced, counts unchanged.
    assert_eq!(
        s.ingest(&french("fr1"), "t2").ok(),
        Some(IngestOutcome::Replaced)
    );
    let st2 = s.stats().expect("stats");
    assert_eq!(st, Stats { ..st2.clone() });
    let dupont = s.find_entity("Jean Dupont").expect("q").expect("found");
    assert_eq!((dupont.documents, dupont.mentions), (2, 4));
    // Changed text: replaced; the removed mention's alias count goes down.
    let mut changed = french("fr1");
    changed.text.push_str(" Fin.");
    changed.entities[0].mentions.truncate(1);
    assert_eq!(s.ingest(&changed, "t2").ok(), Some(IngestOutcome::Replaced));
    let p = s
        .entity_profile("PER:jean dupont", 50)
        .expect("q")
        .expect("found");
    assert_eq!((p.entity.documents, p.entity.mentions), (2, 3));
    let fr: Vec<_> = p.aliases.iter().filter(|a| a.language == "fr").collect();
    assert_eq!(fr.len(), 1);
    assert_eq!(fr[0].count, 1);
    // Same URL under another id is the same document.
    let mut moved = english("en-other");
    moved.text.push_str(" More.");
    assert_eq!(s.ingest(&moved, "t2").ok(), Some(IngestOutcome::Replaced));
    assert_eq!(s.stats().expect("stats").documents, 2);
    assert!(s.document("en1").expect("q").is_none());
    assert!(s.document("en-other").expect("q").is_some());
    s.check_integrity().expect("sound");
}

fn corpus_entities_merge_across_languages(dir: &TestDb) {
    let s = loaded(dir);
    let st = s.stats().expect("stats");
    assert_eq!(st.entities, 3);
    let g = s
        .entity_profile("Genève", 20)
        .expect("q")
        .expect("alias resolves");
    assert_eq!(g.entity.key, "kb:geonames:2660646");
    assert_eq!(g.entity.kb.as_deref(), Some("geonames:2660646"));
    assert_eq!(g.entity.documents, 2);
    let langs: Vec<(&str, &str)> = g
        .aliases
        .iter()
        .map(|a| (a.language.as_str(), a.alias.as_str()))
        .collect();
    assert!(langs.contains(&("fr", "Genève")) && langs.contains(&("en", "Geneva")));
    let co: Vec<&str> = g.cooccurring.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(co.len(), 2);
    assert!(co.contains(&"Jean Dupont") && co.contains(&"Russia"));
    assert!(g.cooccurring.iter().all(|c| c.documents == 2));
    // By KB id, by key, by name key (case, accents).
    assert_eq!(
        s.find_entity("Q159").expect("q").map(|e| e.name),
        Some("Russia".into())
    );
    assert_eq!(
        s.find_entity("kb:Q159").expect("q").map(|e| e.name),
        Some("Russia".into())
    );
    assert_eq!(
        s.find_entity("jean DUPONT").expect("q").map(|e| e.key),
        Some("PER:jean dupont".into())
    );
    assert!(s.find_entity("Nobody Here").expect("q").is_none());
    let listed = s.list_entities("Ru", Page::default()).expect("q");
    assert_eq!(listed.len(), 1);
}

fn profile_lists_quotes_and_events(dir: &TestDb) {
    let s = loaded(dir);
    let p = s
        .entity_profile("Jean Dupont", 10)
        .expect("q")
        .expect("found");
    assert_eq!(p.quotes.len(), 2);
    assert_eq!(p.quotes[0].text, "Nous avançons", "latest first");
    assert_eq!(p.events.len(), 2);
    assert_eq!(p.events[0].doc.doc_id, "fr1");
    let ev = &p.events[0];
    assert_eq!(ev.actors[0].key.as_deref(), Some("PER:jean dupont"));
    assert_eq!(ev.targets[0].name.as_deref(), Some("Russia"));
    assert_eq!(
        ev.place.as_ref().and_then(|p| p.code.as_deref()),
        Some("CHE")
    );
    assert_eq!(ev.modality, "planned");
}

fn timeline_orders_by_event_date_and_marks_undated(dir: &TestDb) {
    let s = loaded(dir);
    let t = s
        .timeline("Russia", None, None, Page::default())
        .expect("q")
        .expect("found");
    let items: Vec<(&str, bool, &str)> = t
        .items
        .iter()
        .map(|i| (i.date.as_str(), i.dated, i.kind.as_str()))
        .collect();
    assert_eq!(
        items,
        vec![
            ("2023-05", true, "event"),
            ("2024-03-13", true, "event"),
            ("2024-03-14", false, "event"),
        ]
    );
    assert!(t.items[2].summary.contains("REJECT"));
    let t = s
        .timeline("Jean Dupont", Some("2024"), None, Page::default())
        .expect("q")
        .expect("found");
    let kinds: Vec<&str> = t.items.iter().map(|i| i.kind.as_str()).collect();
    assert_eq!(kinds, vec!["event", "quote"]);
    assert!(!t.items[1].dated);
    let t = s
        .timeline("Jean Dupont", None, Some("2023-12"), Page::new(0, 1))
        .expect("q")
        .expect("found");
    assert_eq!(t.items.len(), 1);
    assert_eq!(t.items[0].date, "2023-05");
    assert!(s
        .timeline("Jean Dupont", Some("March"), None, Page::default())
        .is_err());
}

fn search_documents_and_quotes_with_filters(dir: &TestDb) {
    let s = loaded(dir);
    let q = |text: &str, filter: DocFilter| {
        s.search(&SearchQuery {
            text: text.into(),
            filter,
            page: Page::default(),
        })
        .expect("search")
    };
    // Diacritics folded both ways.
    let hits = q("geneve", DocFilter::default());
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].doc.doc_id, "fr1");
    let h = &hits[0];
    let [a, b] = h.highlights[0];
    let word: String = h.snippet.chars().skip(a).take(b - a).collect();
    assert_eq!(word.to_lowercase(), "genève");
    let hits = q("avancons", DocFilter::default());
    assert!(hits
        .iter()
        .any(|h| h.kind == "quote" && h.speaker.as_deref() == Some("Jean Dupont")));
    let both = q("Dupont", DocFilter::default());
    assert_eq!(both.iter().filter(|h| h.kind == "document").count(), 2);
    let only_en = q(
        "Geneva",
        DocFilter {
            language: Some("en".into()),
            ..Default::default()
        },
    );
    assert_eq!(only_en.len(), 1);
    let by_date = q(
        "Dupont",
        DocFilter {
            from: Some("2024-01".into()),
            ..Default::default()
        },
    );
    assert!(by_date.iter().all(|h| h.doc.doc_id == "fr1"));
    let by_source = q(
        "Dupont",
        DocFilter {
            source: Some("example.org".into()),
            ..Default::default()
        },
    );
    assert!(!by_source.is_empty() && by_source.iter().all(|h| h.doc.doc_id == "en1"));
    let by_entity = q(
        "ministre",
        DocFilter {
            entity: Some("Russia".into()),
            ..Default::default()
        },
    );
    assert_eq!(by_entity.len(), 1);
    assert!(s
        .search(&SearchQuery {
            text: "\"".into(),
            ..Default::default()
        })
        .is_err());
    // FTS syntax in user text is only words.
    assert!(q("NEAR( OR AND", DocFilter::default()).is_empty());
}

fn quotes_events_sources_stats(dir: &TestDb) {
    let s = loaded(dir);
    let qs = s
        .quotes(&QuoteQuery {
            speaker: Some("Dupont".into()),
            ..Default::default()
        })
        .expect("q");
    assert_eq!(qs.len(), 2);
    let about = s
        .quotes(&QuoteQuery {
            about: Some("Russia".into()),
            ..Default::default()
        })
        .expect("q");
    assert!(about.is_empty(), "no quote mentions Russia");
    assert!(s
        .quotes(&QuoteQuery {
            speaker: Some("Nobody Here".into()),
            ..Default::default()
        })
        .is_err());
    let ev = s
        .events(&EventQuery {
            actor: Some("Jean Dupont".into()),
            target: Some("Q159".into()),
            ..Default::default()
        })
        .expect("q");
    assert_eq!(ev.len(), 2);
    assert_eq!(ev[0].date, "2024-03-13");
    let ev = s
        .events(&EventQuery {
            kind: Some("reject".into()),
            ..Default::default()
        })
        .expect("q");
    assert_eq!(ev.len(), 1);
    assert!(!ev[0].dated);
    let ev = s
        .events(&EventQuery {
            modality: Some("planned".into()),
            from: Some("2024".into()),
            to: Some("2024-03".into()),
            ..Default::default()
        })
        .expect("q");
    assert_eq!(ev.len(), 1);
    let src = s.sources(Page::default()).expect("q");
    let names: Vec<&str> = src.iter().map(|r| r.source.as_str()).collect();
    assert_eq!(names.len(), 2);
    assert!(names.contains(&"Exemple Presse") && names.contains(&"example.org"));
    let st = s.stats().expect("q");
    assert_eq!(st.schema_version, SCHEMA_VERSION);
    assert_eq!(st.first_published.as_deref(), Some("2023-06"));
    let docs = s
        .documents(&DocFilter::default(), Page::new(0, 1))
        .expect("q");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].doc.doc_id, "fr1");
    let view = s.document("fr1").expect("q").expect("found");
    assert_eq!(view.entities.len(), 3);
    assert_eq!(view.entities[0].mentions.len(), 2);
    assert_eq!(view.events.len(), 2);
}

fn newer_schema_is_refused_and_left_untouched(dir: &TestDb) {
    drop(store(dir));
    dir.exec(
        "INSERT INTO schema_version(version, description, applied_at) VALUES (99, 'future', 'now')",
    );
    let e = Store::open(dir.location()).err().expect("refused");
    assert!(matches!(e, StoreError::TooNew { found: 99, .. }), "{e}");
    assert!(e.to_string().contains("newer"), "{e}");
    // Left untouched: still refused, version still 99.
    let e = Store::open_existing(dir.location()).err().expect("refused");
    assert!(matches!(e, StoreError::TooNew { found: 99, .. }), "{e}");
}

/// A database or file holding other tables, or nothing (for queries),
/// is refused.
fn foreign_stores_are_refused(dir: &TestDb) {
    let e = Store::open_existing(dir.location()).err().expect("missing");
    assert!(matches!(e, StoreError::Missing { .. }), "{e}");
    dir.exec("CREATE TABLE t(x INTEGER)");
    let e = Store::open(dir.location()).err().expect("refused");
    assert!(matches!(e, StoreError::NotAStore { .. }), "{e}");
    assert!(e.to_string().contains("not a newsgraph store"), "{e}");
}

/// Every export has the same rows on both backends: checked against a
/// digest of the SQLite export of the same documents.
fn exports_agree(dir: &TestDb) {
    let s = loaded(dir);
    let reference = TestDb::sqlite("exports-ref");
    let r = loaded(&reference);
    for kind in [
        ExportKind::Events,
        ExportKind::Quotes,
        ExportKind::Entities,
        ExportKind::Documents,
    ] {
        let mut a = Vec::new();
        let mut b = Vec::new();
        let na = s.export(kind, ExportFormat::Jsonl, &mut a).expect("export");
        let nb = r.export(kind, ExportFormat::Jsonl, &mut b).expect("export");
        assert_eq!(na, nb, "{kind:?} rows");
        assert!(na > 0, "{kind:?} has rows");
        // ingested_at differs between the two stores; ids of rows too.
        let clean = |v: &[u8]| -> Vec<serde_json::Value> {
            String::from_utf8_lossy(v)
                .lines()
                .map(|l| {
                    let mut j: serde_json::Value = serde_json::from_str(l).expect("json line");
                    if let Some(o) = j.as_object_mut() {
                        o.remove("ingested_at");
                        o.remove("global_event_id");
                    }
                    j
                })
                .collect()
        };
        assert_eq!(clean(&a), clean(&b), "{kind:?}");
    }
}

#[test]
fn corrupt_sqlite_files_are_refused() {
    let dir = TestDb::sqlite("corrupt");
    let TestDb::Sqlite(tmp) = &dir else {
        return;
    };
    let t = tmp.0.join("text.db");
    std::fs::write(
        &t,
        "hello, this is not a database at all, just some text here".repeat(100),
    )
    .expect("write");
    let e = Store::open(&t).err().expect("refused");
    assert!(matches!(e, StoreError::NotAStore { .. }), "{e}");
    // Corrupt: a real store with its pages overwritten.
    let c = tmp.db();
    {
        let mut s = store(&dir);
        for i in 0..20 {
            s.ingest(&french(&format!("d{i}")), "t").expect("ingest");
        }
        s.connection()
            .expect("sqlite")
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
            .expect("ckpt");
    }
    let mut bytes = std::fs::read(&c).expect("read");
    let n = bytes.len();
    for b in &mut bytes[4096.min(n)..] {
        *b = 0x5a;
    }
    std::fs::write(&c, bytes).expect("write");
    let r = Store::open_existing(&c).and_then(|s| {
        s.check_integrity()?;
        s.stats().map(|_| ())
    });
    let e = r.expect_err("corruption detected");
    assert!(
        matches!(e, StoreError::Corrupt { .. } | StoreError::Sql(_)),
        "{e}"
    );
}

#[test]
fn postgres_urls_are_redacted_in_errors() {
    let e = Store::open("postgres://u:secret@127.0.0.1:1/none")
        .err()
        .expect("no server on port 1");
    let m = e.to_string();
    assert!(
        m.contains("u:***@127.0.0.1:1") && !m.contains("secret"),
        "{m}"
    );
}

fn concurrent_reader_while_ingesting(dir: &TestDb) {
    let path = dir.location();
    drop(store(dir));
    let writer = {
        let path = path.clone();
        std::thread::spawn(move || {
            let mut s = Store::open(&path).expect("open");
            for i in 0..200 {
                let d = if i % 2 == 0 {
                    french(&format!("f{i}"))
                } else {
                    english(&format!("e{i}"))
                };
                let mut d = d;
                d.url = None;
                s.ingest(&d, "t").expect("ingest");
            }
        })
    };
    let reader = Store::open_existing(&path).expect("open reader");
    let mut last = 0;
    let mut reads = 0;
    while !writer.is_finished() || reads == 0 {
        let st = reader.stats().expect("read during ingest");
        assert!(st.documents >= last);
        // Every visible document is whole.
        let n = st.documents;
        assert_eq!(
            st.events,
            2 * ((n + 1) / 2) + n / 2,
            "events of {n} whole documents"
        );
        assert_eq!(st.quotes, n);
        last = st.documents;
        reads += 1;
    }
    writer.join().expect("writer");
    assert_eq!(reader.stats().expect("q").documents, 200);
}
