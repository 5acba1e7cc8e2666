//! The store test suite: ingest and idempotence, corpus entities, every
//! query, concurrency, and refusing foreign or corrupt files.

mod common;

use common::{english, french, TempDir};
use newsgraph_store::*;

fn store(dir: &TempDir) -> Store {
    Store::open(dir.db()).expect("open store")
}

fn loaded(dir: &TempDir) -> Store {
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

#[test]
fn ingest_is_idempotent_and_replaces_changes() {
    let dir = TempDir::new("idem");
    let mut s = loaded(&dir);
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

#[test]
fn corpus_entities_merge_across_languages() {
    let dir = TempDir::new("merge");
    let s = loaded(&dir);
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

#[test]
fn profile_lists_quotes_and_events() {
    let dir = TempDir::new("profile");
    let s = loaded(&dir);
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

#[test]
fn timeline_orders_by_event_date_and_marks_undated() {
    let dir = TempDir::new("timeline");
    let s = loaded(&dir);
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

#[test]
fn search_documents_and_quotes_with_filters() {
    let dir = TempDir::new("search");
    let s = loaded(&dir);
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

#[test]
fn quotes_events_sources_stats() {
    let dir = TempDir::new("lists");
    let s = loaded(&dir);
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

#[test]
fn foreign_and_corrupt_files_are_refused() {
    let dir = TempDir::new("foreign");
    let p = dir.0.join("other.db");
    {
        let c = rusqlite::Connection::open(&p).expect("sqlite");
        c.execute_batch("CREATE TABLE t(x)").expect("create");
    }
    let e = Store::open(&p).err().expect("refused");
    assert!(matches!(e, StoreError::NotAStore { .. }), "{e}");
    assert!(e.to_string().contains("not a newsgraph store"));
    let t = dir.0.join("text.db");
    std::fs::write(
        &t,
        "hello, this is not a database at all, just some text here".repeat(100),
    )
    .expect("write");
    let e = Store::open(&t).err().expect("refused");
    assert!(matches!(e, StoreError::NotAStore { .. }), "{e}");
    let e = Store::open_existing(dir.0.join("none.db"))
        .err()
        .expect("missing");
    assert!(matches!(e, StoreError::Missing { .. }));
    // Corrupt: a real store with its pages overwritten.
    let c = dir.db();
    {
        let mut s = store(&dir);
        for i in 0..20 {
            s.ingest(&french(&format!("d{i}")), "t").expect("ingest");
        }
        s.connection()
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
fn newer_schema_is_refused_and_left_untouched() {
    let dir = TempDir::new("newer");
    {
        let s = store(&dir);
        s.connection()
            .execute(
                "INSERT INTO schema_version(version, description, applied_at) VALUES (99, 'future', 'now')",
                [],
            )
            .expect("insert");
    }
    let e = Store::open(dir.db()).err().expect("refused");
    assert!(matches!(e, StoreError::TooNew { found: 99, .. }), "{e}");
}

#[test]
fn concurrent_reader_while_ingesting() {
    let dir = TempDir::new("concurrent");
    let path = dir.db();
    drop(store(&dir));
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
