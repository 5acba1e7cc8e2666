-- newsgraph store schema version 3 (PostgreSQL mirror of ../schema_v3.sql): stories grouped at ingest
-- (see docs/stories.md). Documents are referred to by their document id
-- (`documents.id`), so that a replaced document keeps its story row.

-- What the stories stage keeps of each document (an opaque JSON digest
-- written by newsgraph-stories) and the story it was put in; `story` is
-- NULL while the document waits to be grouped.
CREATE TABLE story_digests (
    doc_id    TEXT PRIMARY KEY,
    day       BIGINT,           -- publication day number (NULL: undated)
    day_end   BIGINT,           -- last day of the publication period
    minutes   BIGINT NOT NULL DEFAULT 0,
    story     BIGINT,           -- stories.story, NULL: not grouped yet
    copy_of   TEXT,              -- document id it copies or translates
    digest    TEXT NOT NULL      -- JSON
);
CREATE INDEX story_digests_story ON story_digests(story);
CREATE INDEX story_digests_day ON story_digests(day);
CREATE INDEX story_digests_pending ON story_digests(doc_id) WHERE story IS NULL;

-- One row per story; `record` is the full story as `newsgraph stories
-- --format jsonl` prints it.
CREATE TABLE stories (
    story               BIGINT PRIMARY KEY,
    title               TEXT NOT NULL,
    first_published     TEXT,
    last_published      TEXT,
    first_day           BIGINT,
    last_day            BIGINT,
    languages           TEXT NOT NULL,   -- comma-separated
    document_count      BIGINT NOT NULL,
    independent_sources BIGINT NOT NULL,
    fact_count          BIGINT NOT NULL,
    conflict_count      BIGINT NOT NULL,
    record              TEXT NOT NULL,   -- JSON
    updated_at          TEXT NOT NULL
);
CREATE INDEX stories_last ON stories(last_day, story);

CREATE TABLE story_documents (
    story     BIGINT NOT NULL,
    doc_id    TEXT NOT NULL,
    position  BIGINT NOT NULL,          -- publication order in the story
    source    TEXT,
    published TEXT,
    language  TEXT,
    copy_of   TEXT,
    chain     TEXT NOT NULL,
    PRIMARY KEY (story, doc_id)
);
CREATE INDEX story_documents_doc ON story_documents(doc_id);

CREATE TABLE story_entities (
    story     BIGINT NOT NULL,
    key       TEXT NOT NULL,             -- corpus entity key
    name      TEXT NOT NULL,
    documents BIGINT NOT NULL,
    PRIMARY KEY (story, key)
);
CREATE INDEX story_entities_key ON story_entities(key);
CREATE INDEX story_entities_name ON story_entities(lower(name));

CREATE TABLE story_facts (
    story               BIGINT NOT NULL,
    fact                TEXT NOT NULL,   -- fact id within the story
    type                TEXT NOT NULL,
    actor               TEXT,            -- JSON array
    target              TEXT,            -- JSON array
    place               TEXT,
    time                TEXT,
    earliest_report     TEXT,
    independent_sources BIGINT NOT NULL,
    PRIMARY KEY (story, fact)
);
CREATE INDEX story_facts_time ON story_facts(time);

CREATE TABLE story_fact_mentions (
    story    BIGINT NOT NULL,
    fact     TEXT NOT NULL,
    doc_id   TEXT NOT NULL,
    sentence BIGINT NOT NULL
);
CREATE INDEX story_fact_mentions_fact ON story_fact_mentions(story, fact);
CREATE INDEX story_fact_mentions_doc ON story_fact_mentions(doc_id);

CREATE TABLE story_conflicts (
    story  BIGINT NOT NULL,
    fact   TEXT,                         -- NULL: a quote conflict
    field  TEXT NOT NULL,                -- time | place | actor | target | number | assertion | speaker
    vals   TEXT NOT NULL                 -- JSON [{value, documents}]
);
CREATE INDEX story_conflicts_story ON story_conflicts(story);
