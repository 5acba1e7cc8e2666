-- newsgraph store schema version 4 (see docs/store.md): story digests and
-- story records are stored compressed (zlib-compressed JSON, BLOB). Values
-- written by version 3 are kept as they are (plain JSON, starting with `{`)
-- and read as such.
CREATE TABLE story_digests_v4 (
    doc_id    TEXT PRIMARY KEY,
    day       INTEGER,
    day_end   INTEGER,
    minutes   INTEGER NOT NULL DEFAULT 0,
    story     INTEGER,
    copy_of   TEXT,
    digest    BLOB NOT NULL      -- zlib-compressed JSON (version 3: plain JSON)
);
INSERT INTO story_digests_v4(doc_id, day, day_end, minutes, story, copy_of, digest)
SELECT doc_id, day, day_end, minutes, story, copy_of, CAST(digest AS BLOB) FROM story_digests;
DROP TABLE story_digests;
ALTER TABLE story_digests_v4 RENAME TO story_digests;
CREATE INDEX story_digests_story ON story_digests(story);
CREATE INDEX story_digests_day ON story_digests(day);
CREATE INDEX story_digests_pending ON story_digests(doc_id) WHERE story IS NULL;

CREATE TABLE stories_v4 (
    story               INTEGER PRIMARY KEY,
    title               TEXT NOT NULL,
    first_published     TEXT,
    last_published      TEXT,
    first_day           INTEGER,
    last_day            INTEGER,
    languages           TEXT NOT NULL,
    document_count      INTEGER NOT NULL,
    independent_sources INTEGER NOT NULL,
    fact_count          INTEGER NOT NULL,
    conflict_count      INTEGER NOT NULL,
    record              BLOB NOT NULL,   -- zlib-compressed JSON (version 3: plain JSON)
    updated_at          TEXT NOT NULL
);
INSERT INTO stories_v4
SELECT story, title, first_published, last_published, first_day, last_day, languages,
       document_count, independent_sources, fact_count, conflict_count, CAST(record AS BLOB), updated_at
FROM stories;
DROP TABLE stories;
ALTER TABLE stories_v4 RENAME TO stories;
CREATE INDEX stories_last ON stories(last_day, story);
