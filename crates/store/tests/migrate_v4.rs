//! Schema version 4 stores story digests and story records compressed: a
//! version-3 store (plain JSON text) migrates, its values read back
//! unchanged, and new values are written compressed — on both backends.

mod common;

use common::TestDb;
use newsgraph_store::*;

both_backends!(version_3_story_values_migrate_and_read_back);

const DIGEST: &str = r#"{"id":"d1","features":{"signature":[11,22,33]}}"#;
const RECORD: &str = r#"{"id":"s0","title":"A story","documents":[]}"#;

fn version_3_story_values_migrate_and_read_back(db: &TestDb) {
    drop(Store::open(db.location()).expect("create"));
    // Back to version 3: the two columns as text, plain JSON values.
    if db.is_pg() {
        db.exec(
            "ALTER TABLE story_digests ALTER COLUMN digest TYPE TEXT USING convert_from(digest, 'UTF8');
             ALTER TABLE stories ALTER COLUMN record TYPE TEXT USING convert_from(record, 'UTF8');
             DELETE FROM schema_version WHERE version = 4;",
        );
    } else {
        db.exec("DELETE FROM schema_version WHERE version = 4;");
    }
    db.exec(&format!(
        "INSERT INTO story_digests(doc_id, day, day_end, minutes, story, copy_of, digest)
           VALUES ('d1', 19000, 19000, 0, 0, NULL, '{DIGEST}');
         INSERT INTO stories(story, title, first_published, last_published, first_day, last_day,
           languages, document_count, independent_sources, fact_count, conflict_count, record,
           updated_at)
           VALUES (0, 'A story', '2022-01-08', '2022-01-08', 19000, 19000, 'en', 1, 1, 0, 0,
           '{RECORD}', '2024-01-01 00:00:00');"
    ));
    let mut s = Store::open(db.location()).expect("migrates");
    assert_eq!(s.schema_version().expect("version"), 4);
    let rows = s.story_digests(0).expect("digests");
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].digest, DIGEST);
    assert_eq!(s.story("s0").expect("story").as_deref(), Some(RECORD));
    let listed = s
        .stories(&StoryQuery::default(), Page::default())
        .expect("stories");
    assert_eq!(listed, vec![RECORD.to_string()]);

    // New values are compressed and read back whole.
    let long = format!(
        r#"{{"id":"d2","terms":[{}]}}"#,
        (0..500)
            .map(|i| (i * 7919).to_string())
            .collect::<Vec<_>>()
            .join(",")
    );
    assert_eq!(
        s.put_story_digest("d2", Some(19001), Some(19001), 0, &long)
            .expect("put"),
        None
    );
    let mut seen = Vec::new();
    s.for_each_story_digest(Some(19000), Some(19002), |r| -> Result<()> {
        seen.push((r.doc_id, r.story, r.digest));
        Ok(())
    })
    .expect("stream");
    assert_eq!(
        seen,
        vec![
            ("d1".to_string(), Some(0), DIGEST.to_string()),
            ("d2".to_string(), None, long.clone())
        ]
    );
    if !db.is_pg() {
        let c = s.connection().expect("sqlite");
        let (kind, len): (String, i64) = c
            .query_row(
                "SELECT typeof(digest), length(digest) FROM story_digests WHERE doc_id = 'd2'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .expect("row");
        assert_eq!(kind, "blob");
        assert!((len as usize) < long.len() / 2, "{len} of {}", long.len());
    }
}
