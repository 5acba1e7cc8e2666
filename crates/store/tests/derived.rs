//! The tables kept at ingest (counters for `stats`, co-occurrence) agree
//! with a recount after adds, replacements and batches; schema version 2
//! migrates a version-1 store; ISO weeks sort at their own date.

mod common;

use common::{english, french, TempDir};
use newsgraph_store::*;

/// Counters and co-occurrence recomputed from the layer tables.
fn assert_derived_match(s: &Store) {
    let c = s.connection().expect("sqlite store");
    let count = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).expect(sql) };
    let st = s.stats().expect("stats");
    assert_eq!(st.documents, count("SELECT count(*) FROM documents"));
    assert_eq!(st.sentences, count("SELECT count(*) FROM sentences"));
    assert_eq!(st.mentions, count("SELECT count(*) FROM mentions"));
    assert_eq!(st.timexes, count("SELECT count(*) FROM timexes"));
    assert_eq!(st.quotes, count("SELECT count(*) FROM quotes"));
    assert_eq!(st.events, count("SELECT count(*) FROM events"));
    assert_eq!(
        st.entities,
        count("SELECT count(*) FROM entities WHERE document_count > 0")
    );
    assert_eq!(
        st.sources,
        count("SELECT count(DISTINCT outlet) FROM documents")
    );
    let langs: i64 = st.languages.iter().map(|l| l.count).sum();
    assert_eq!(langs, st.documents);
    let recount = "SELECT a.entity, b.entity, count(*)
        FROM (SELECT DISTINCT doc, entity FROM doc_entities) a
        JOIN (SELECT DISTINCT doc, entity FROM doc_entities) b ON b.doc = a.doc AND b.entity != a.entity
        GROUP BY a.entity, b.entity";
    let differ = count(&format!(
        "SELECT count(*) FROM (SELECT * FROM ({recount}) EXCEPT SELECT entity, other, documents FROM cooccurrence)"
    )) + count(&format!(
        "SELECT count(*) FROM (SELECT entity, other, documents FROM cooccurrence EXCEPT SELECT * FROM ({recount}))"
    ));
    assert_eq!(differ, 0, "co-occurrence differs from a recount");
}

fn week_doc(id: &str, value: &str) -> newsgraph_doc::Document {
    let mut d = french(id);
    d.events.truncate(1);
    d.events[0].time.value = Some(value.into());
    d.timexes.clear();
    d.events[0].time.timex = None;
    d
}

#[test]
fn counters_and_cooccurrence_follow_adds_replacements_and_batches() {
    let dir = TempDir::new("derived");
    let mut s = Store::open(dir.db()).expect("open");
    s.ingest(&french("fr1"), "t1").expect("ingest");
    s.ingest(&english("en1"), "t1").expect("ingest");
    assert_derived_match(&s);
    let p = s
        .entity_profile("Jean Dupont", 10)
        .expect("q")
        .expect("found");
    let russia = p
        .cooccurring
        .iter()
        .find(|c| c.key == "kb:Q159")
        .expect("Russia co-occurs");
    assert_eq!(russia.documents, 2);
    // A replacement that drops an entity, in a batch with new documents
    // and an unchanged one.
    let mut changed = french("fr1");
    changed.text.push_str(" Fin.");
    changed.entities.truncate(2);
    changed.events.truncate(0);
    changed.quotes.clear();
    let mut other = english("en2");
    other.url = Some("https://example.org/other".into());
    other.source = Some("Other Outlet".into());
    let out = s
        .ingest_batch(&[changed, english("en1"), other, french("fr3")], "t1")
        .expect("batch");
    let out: Vec<Option<IngestOutcome>> = out.into_iter().map(|r| r.ok()).collect();
    assert_eq!(
        out,
        vec![
            Some(IngestOutcome::Replaced),
            Some(IngestOutcome::Unchanged),
            Some(IngestOutcome::Added),
            Some(IngestOutcome::Added)
        ]
    );
    assert_derived_match(&s);
    let p = s.entity_profile("Russia", 10).expect("q").expect("found");
    let dupont = p
        .cooccurring
        .iter()
        .find(|c| c.key == "PER:jean dupont")
        .expect("Dupont co-occurs");
    // en1, en2 and fr3 (fr1 no longer names Russia).
    assert_eq!(dupont.documents, 3);
    s.check_integrity().expect("sound");
}

#[test]
fn iso_weeks_and_quarters_sort_at_their_own_date() {
    let dir = TempDir::new("weeks");
    let mut s = Store::open(dir.db()).expect("open");
    for (id, v) in [
        ("a", "2024-03-20"),
        ("b", "2024-W12"),
        ("c", "2024-03-10"),
        ("d", "2024-Q2"),
        ("e", "2024-02"),
    ] {
        s.ingest(&week_doc(id, v), "t").expect("ingest");
    }
    let t = s
        .timeline("Geneva", None, None, Page::default())
        .expect("q")
        .expect("found");
    let got: Vec<(&str, Option<&str>)> = t
        .items
        .iter()
        .map(|i| {
            (
                i.date.as_str(),
                i.event.as_ref().and_then(|e| e.time_value.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("2024-02", Some("2024-02")),
            ("2024-03-10", Some("2024-03-10")),
            ("2024-03-18", Some("2024-W12")),
            ("2024-03-20", Some("2024-03-20")),
            ("2024-04", Some("2024-Q2")),
        ]
    );
    // A date filter sees the week by its Monday.
    let t = s
        .timeline(
            "Geneva",
            Some("2024-03-15"),
            Some("2024-03-19"),
            Page::default(),
        )
        .expect("q")
        .expect("found");
    assert_eq!(t.items.len(), 1);
}

#[test]
fn version_2_migration_fills_a_version_1_store() {
    let dir = TempDir::new("migrate");
    let mut s = Store::open(dir.db()).expect("open");
    s.ingest(&french("fr1"), "t1").expect("ingest");
    s.ingest(&english("en1"), "t1").expect("ingest");
    s.ingest(&week_doc("w", "2024-W12"), "t1").expect("ingest");
    // Back to what version 1 wrote: no derived tables, weeks under their
    // year; then version 2's step as the migration runs it.
    let step = MIGRATIONS
        .iter()
        .find(|m| m.version == 2)
        .expect("version 2");
    s.connection().expect("sqlite store")
        .execute_batch(
            "DROP TABLE cooccurrence; DROP TABLE counters;
             DROP INDEX entity_timeline_order; DROP INDEX entity_timeline_kind;
             DROP INDEX documents_published;
             CREATE INDEX entity_timeline_entity ON entity_timeline(entity, sort_date);
             UPDATE events SET sort_date = '2024' WHERE time_value = '2024-W12';
             UPDATE entity_timeline SET sort_date = '2024'
               WHERE ref IN (SELECT event FROM events WHERE time_value = '2024-W12') AND kind = 'event';",
        )
        .expect("downgrade");
    s.connection()
        .expect("sqlite store")
        .execute_batch(step.sql)
        .expect("migrate");
    assert_derived_match(&s);
    let dates: Vec<String> = s
        .timeline("Geneva", None, None, Page::default())
        .expect("q")
        .expect("found")
        .items
        .into_iter()
        .map(|i| i.date)
        .collect();
    assert!(dates.contains(&"2024-03-18".to_string()), "{dates:?}");
    assert!(!dates.contains(&"2024".to_string()), "{dates:?}");
    // Later writes keep the migrated tables in step.
    s.ingest(&french("fr2"), "t1").expect("ingest");
    assert_derived_match(&s);
    s.check_integrity().expect("sound");
}
