-- 0007: answers keep their citations, how they ended and which model wrote
-- them; the index version lets answer caches know when documents changed.
ALTER TABLE messages ADD COLUMN citations TEXT NOT NULL DEFAULT '[]';
ALTER TABLE messages ADD COLUMN status TEXT NOT NULL DEFAULT 'complete'
    CHECK (status IN ('complete', 'interrupted', 'stopped'));
ALTER TABLE messages ADD COLUMN kind TEXT NOT NULL DEFAULT 'answer'
    CHECK (kind IN ('answer', 'refusal', 'search_results', 'question'));
ALTER TABLE messages ADD COLUMN model TEXT NOT NULL DEFAULT '';

-- Any change to pages bumps the index version (a counter in settings):
-- a page added, its content replaced, or removed.
INSERT OR IGNORE INTO settings(key, value) VALUES ('index_version', '0');
CREATE TRIGGER pages_insert_version AFTER INSERT ON pages BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'index_version';
END;
CREATE TRIGGER pages_update_version AFTER UPDATE OF content_hash ON pages
    WHEN old.content_hash IS NOT new.content_hash BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'index_version';
END;
CREATE TRIGGER pages_delete_version AFTER DELETE ON pages BEGIN
    UPDATE settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'index_version';
END;
