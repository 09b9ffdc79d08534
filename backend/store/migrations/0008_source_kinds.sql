-- 0008: a source's kind is whatever ingest registers (ingest.Kinds); the
-- store stops listing the kinds, so adding a kind needs no migration. SQLite
-- cannot drop a CHECK constraint in place: the table's stored definition is
-- rewritten, which changes no stored row or index (the procedure of
-- https://www.sqlite.org/lang_altertable.html#otheralter for removing a
-- CHECK constraint); RESET makes this connection read the new definition.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (kind IN (''site'', ''folder'', ''beir''))', 'CHECK (kind != '''')')
 WHERE type = 'table' AND name = 'sources';
PRAGMA writable_schema = RESET;
