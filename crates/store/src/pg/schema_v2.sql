-- newsgraph store schema version 2 for PostgreSQL (see docs/store.md): the
-- PostgreSQL spelling of ../schema_v2.sql — precomputed co-occurrence,
-- counters for `stats`, covering indexes for profiles and timelines, and
-- ISO week / quarter event dates placed at their own date.

CREATE TABLE cooccurrence (
    entity    BIGINT NOT NULL,
    other     BIGINT NOT NULL,
    documents BIGINT NOT NULL,
    PRIMARY KEY (entity, other)
);
INSERT INTO cooccurrence(entity, other, documents)
SELECT a.entity, b.entity, count(*)
FROM (SELECT DISTINCT doc, entity FROM doc_entities) a
JOIN (SELECT DISTINCT doc, entity FROM doc_entities) b ON b.doc = a.doc AND b.entity <> a.entity
GROUP BY a.entity, b.entity;

CREATE TABLE counters (
    name  TEXT COLLATE "C" PRIMARY KEY,
    value BIGINT NOT NULL
);
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

DROP INDEX entity_timeline_entity;
CREATE INDEX entity_timeline_order ON entity_timeline(entity, sort_date, ref, kind);
CREATE INDEX entity_timeline_kind ON entity_timeline(entity, kind, sort_date, ref);
CREATE INDEX documents_published ON documents(published);

UPDATE events SET sort_date = to_char(to_date(substr(time_value, 1, 4) || '-' || substr(time_value, 7, 2), 'IYYY-IW'), 'YYYY-MM-DD')
WHERE time_precision = 'week' AND time_value ~ '^[0-9]{4}-W[0-5][0-9]'
  AND substr(time_value, 7, 2)::int BETWEEN 1 AND 53;
UPDATE events SET sort_date = substr(time_value, 1, 4) || '-' || lpad((
        CASE substr(time_value, 6, 1) WHEN 'Q' THEN (substr(time_value, 7, 1)::int - 1) * 3 + 1
             ELSE (substr(time_value, 7, 1)::int - 1) * 6 + 1 END)::text, 2, '0')
WHERE time_precision = 'quarter' AND time_value ~ '^[0-9]{4}-(Q[1-4]|H[1-2])';
UPDATE entity_timeline SET sort_date = (SELECT e.sort_date FROM events e WHERE e.event = entity_timeline.ref)
WHERE kind = 'event' AND ref IN (SELECT event FROM events WHERE time_precision IN ('week', 'quarter'));
