-- newsgraph store schema version 4 (PostgreSQL mirror of ../schema_v4.sql):
-- story digests and story records are stored compressed (zlib-compressed
-- JSON, BYTEA). Values written by version 3 are kept as they are (plain
-- JSON, starting with `{`) and read as such.
ALTER TABLE story_digests ALTER COLUMN digest TYPE BYTEA USING convert_to(digest, 'UTF8');
ALTER TABLE stories ALTER COLUMN record TYPE BYTEA USING convert_to(record, 'UTF8');
