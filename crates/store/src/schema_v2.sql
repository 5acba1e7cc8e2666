-- newsgraph store schema version 2 (see docs/store.md): precomputed
-- co-occurrence, counters for `stats`, covering indexes for entity profiles
-- and timelines, and ISO week / quarter event dates placed at their own
-- date instead of under their year.

-- Documents shared by two corpus entities, stored in both directions
-- (entity → other), kept in step at ingest; rows at 0 are deleted.
CREATE TABLE cooccurrence (
    entity    INTEGER NOT NULL,
    other     INTEGER NOT NULL,
    documents INTEGER NOT NULL,
    PRIMARY KEY (entity, other)
) WITHOUT ROWID;
INSERT INTO cooccurrence(entity, other, documents)
SELECT a.entity, b.entity, count(*)
FROM (SELECT DISTINCT doc, entity FROM doc_entities) a
JOIN (SELECT DISTINCT doc, entity FROM doc_entities) b ON b.doc = a.doc AND b.entity != a.entity
GROUP BY a.entity, b.entity;

-- Row counts kept at ingest, so that `stats` reads them instead of
-- counting: documents, sentences, mentions, timexes, quotes, events,
-- entities (with at least one document), `language:<code>` and
-- `outlet:<outlet>`.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters(name, value) VALUES
    ('documents', (SELECT count(*) FROM documents)),
    ('sentences', (SELECT count(*) FROM sentences)),
    ('mentions', (SELECT count(*) FROM mentions)),
    ('timexes', (SELECT count(*) FROM timexes)),
    ('quotes', (SELECT count(*) FROM quotes)),
    ('events', (SELECT count(*) FROM events)),
    ('entities', (SELECT count(*) FROM entities WHERE document_count > 0));
INSERT INTO counters(name, value)
SELECT 'language:' || coalesce(language, 'und'), count(*) FROM documents GROUP BY 1;
INSERT INTO counters(name, value)
SELECT 'outlet:' || outlet, count(*) FROM documents WHERE outlet IS NOT NULL GROUP BY outlet;

-- Timelines and profiles read an entity's items in date order without
-- sorting or visiting the table.
DROP INDEX entity_timeline_entity;
CREATE INDEX entity_timeline_order ON entity_timeline(entity, sort_date, ref, kind);
CREATE INDEX entity_timeline_kind ON entity_timeline(entity, kind, sort_date, ref);
-- min/max publication date for `stats`.
CREATE INDEX documents_published ON documents(published);

-- ISO weeks (2024-W12) sort at the Monday of the week, quarters and halves
-- (2024-Q2, 2024-H2) at their first month.
UPDATE events SET sort_date = date(substr(time_value, 1, 4) || '-01-04', '-6 days', 'weekday 1',
        '+' || ((cast(substr(time_value, 7, 2) AS INTEGER) - 1) * 7) || ' days')
WHERE time_precision = 'week' AND time_value GLOB '[0-9][0-9][0-9][0-9]-W[0-5][0-9]*'
  AND cast(substr(time_value, 7, 2) AS INTEGER) BETWEEN 1 AND 53;
UPDATE events SET sort_date = substr(time_value, 1, 4) || '-' || printf('%02d',
        CASE substr(time_value, 6, 1) WHEN 'Q' THEN (cast(substr(time_value, 7, 1) AS INTEGER) - 1) * 3 + 1
             ELSE (cast(substr(time_value, 7, 1) AS INTEGER) - 1) * 6 + 1 END)
WHERE time_precision = 'quarter'
  AND (time_value GLOB '[0-9][0-9][0-9][0-9]-Q[1-4]*' OR time_value GLOB '[0-9][0-9][0-9][0-9]-H[1-2]*');
UPDATE entity_timeline SET sort_date = (SELECT e.sort_date FROM events e WHERE e.event = entity_timeline.ref)
WHERE kind = 'event' AND ref IN (SELECT event FROM events WHERE time_precision IN ('week', 'quarter'));
