-- newsgraph store schema version 1 (see docs/store.md).
CREATE TABLE schema_version (
    version     INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at  TEXT NOT NULL
);

-- One row per article. `doc` is the internal key; `id` the document id.
CREATE TABLE documents (
    doc            INTEGER PRIMARY KEY,
    id             TEXT NOT NULL UNIQUE,
    url            TEXT,
    outlet         TEXT,              -- `source`, else the URL host
    title          TEXT,
    published      TEXT,              -- ISO 8601 at its own precision
    precision      TEXT,              -- year | month | day | time
    sort_date      TEXT,              -- = published, for ordering and filters
    language       TEXT,
    text           TEXT NOT NULL,
    content_hash   TEXT NOT NULL,
    analyzer       TEXT NOT NULL,
    format_version INTEGER NOT NULL,
    ingested_at    TEXT NOT NULL,
    warnings       TEXT               -- JSON array, NULL when none
);
CREATE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;
CREATE INDEX documents_outlet ON documents(outlet, sort_date);
CREATE INDEX documents_date ON documents(sort_date);

CREATE TABLE sentences (
    doc   INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end   INTEGER NOT NULL,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

-- Corpus entities: one per `kb:<id>` or `<TYPE>:<name key>`.
CREATE TABLE entities (
    entity         INTEGER PRIMARY KEY,
    key            TEXT NOT NULL UNIQUE,
    type           TEXT NOT NULL,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    kb             TEXT,
    code           TEXT,
    mention_count  INTEGER NOT NULL DEFAULT 0,
    document_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);
CREATE INDEX entities_name_key ON entities(name_key);

-- Every surface form seen, per document language, with its count.
CREATE TABLE aliases (
    entity   INTEGER NOT NULL,
    language TEXT NOT NULL,
    alias    TEXT NOT NULL,
    count    INTEGER NOT NULL,
    PRIMARY KEY (entity, language, alias)
) WITHOUT ROWID;
CREATE INDEX aliases_alias ON aliases(alias COLLATE NOCASE);

-- The document's own entities (local ids e0, e1…) and their corpus entity.
CREATE TABLE doc_entities (
    doc      INTEGER NOT NULL,
    local_id TEXT NOT NULL,
    entity   INTEGER NOT NULL,
    PRIMARY KEY (doc, local_id)
) WITHOUT ROWID;
CREATE INDEX doc_entities_entity ON doc_entities(entity, doc);

CREATE TABLE mentions (
    doc    INTEGER NOT NULL,
    entity INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    text   TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc, entity);

CREATE TABLE timexes (
    doc    INTEGER NOT NULL,
    idx    INTEGER NOT NULL,
    start  INTEGER NOT NULL,
    end    INTEGER NOT NULL,
    text   TEXT NOT NULL,
    type   TEXT NOT NULL,
    value  TEXT NOT NULL,
    anchor TEXT,
    mod    TEXT,
    PRIMARY KEY (doc, idx)
) WITHOUT ROWID;

CREATE TABLE quotes (
    quote        INTEGER PRIMARY KEY,
    doc          INTEGER NOT NULL,
    idx          INTEGER NOT NULL,
    start        INTEGER NOT NULL,
    end          INTEGER NOT NULL,
    text         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    speaker      INTEGER,           -- corpus entity
    speaker_text TEXT,
    cue          TEXT,
    cue_lemma    TEXT,
    via          INTEGER,           -- corpus entity
    via_text     TEXT,
    sentence     INTEGER,
    sort_date    TEXT               -- publication date of the document
);
CREATE INDEX quotes_doc ON quotes(doc);
CREATE INDEX quotes_speaker ON quotes(speaker, sort_date);

CREATE TABLE events (
    event          INTEGER PRIMARY KEY,
    doc            INTEGER NOT NULL,
    local_id       TEXT NOT NULL,
    type           TEXT NOT NULL,
    mode           TEXT,
    cameo          TEXT,
    trigger        TEXT NOT NULL,
    trigger_lemma  TEXT NOT NULL,
    trigger_start  INTEGER NOT NULL,
    trigger_end    INTEGER NOT NULL,
    place          INTEGER,         -- corpus entity
    place_text     TEXT,
    place_code     TEXT,
    time_value     TEXT,
    time_precision TEXT,            -- year | month | day | time | week | quarter | season | other
    time_basis     TEXT,            -- timex | context | publication
    time_bound     TEXT,
    time_timex     INTEGER,
    sort_date      TEXT NOT NULL,   -- event date, else publication date
    dated          INTEGER NOT NULL,-- 1 when sort_date is the event's own date
    modality       TEXT NOT NULL,
    modifiers      TEXT,            -- comma-separated
    source         INTEGER,         -- corpus entity
    source_text    TEXT,
    reported_by    TEXT,
    quote_idx      INTEGER,
    sentence       INTEGER NOT NULL
);
CREATE INDEX events_doc ON events(doc);
CREATE INDEX events_date ON events(sort_date);
CREATE INDEX events_type ON events(type, sort_date);

-- Actors and targets, in order.
CREATE TABLE event_args (
    event  INTEGER NOT NULL,
    role   TEXT NOT NULL,           -- actor | target
    idx    INTEGER NOT NULL,
    entity INTEGER,
    text   TEXT NOT NULL,
    code   TEXT,
    PRIMARY KEY (event, role, idx)
) WITHOUT ROWID;
CREATE INDEX event_args_entity ON event_args(entity, role);

-- What happened to or was said by an entity, ordered by when it happened.
CREATE TABLE entity_timeline (
    entity    INTEGER NOT NULL,
    sort_date TEXT NOT NULL,
    kind      TEXT NOT NULL,        -- event | quote
    ref       INTEGER NOT NULL,     -- events.event or quotes.quote
    doc       INTEGER NOT NULL
);
CREATE INDEX entity_timeline_entity ON entity_timeline(entity, sort_date);
CREATE INDEX entity_timeline_doc ON entity_timeline(doc);

-- Full text, diacritics folded, kept in step by triggers.
CREATE VIRTUAL TABLE documents_fts USING fts5(
    title, text, content='documents', content_rowid='doc',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.doc, new.title, new.text);
END;
CREATE TRIGGER documents_ad AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.doc, old.title, old.text);
END;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, content='quotes', content_rowid='quote',
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text) VALUES (new.quote, new.text);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.quote, old.text);
END;
