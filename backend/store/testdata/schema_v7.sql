-- 0001: settings as key/value pairs.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
-- 0002: settings remember when they changed; chat sessions and messages.
ALTER TABLE settings ADD COLUMN updated_at TEXT NOT NULL DEFAULT '1970-01-01T00:00:00Z';

CREATE TABLE sessions (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX sessions_updated_at ON sessions(updated_at);

CREATE TABLE messages (
    id         INTEGER PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    role       TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX messages_session ON messages(session_id, id);
-- 0003: document sources, their pages, the chunks cut from them, and the
-- lexical index over the chunks.
CREATE TABLE sources (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('site', 'folder', 'beir')),
    location   TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '',
    settings   TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    UNIQUE (kind, location)
);

CREATE TABLE pages (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url           TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '',
    etag          TEXT NOT NULL DEFAULT '',
    last_modified TEXT NOT NULL DEFAULT '',
    content_hash  TEXT NOT NULL DEFAULT '',
    fetched_at    TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL DEFAULT 'ok',
    error         TEXT NOT NULL DEFAULT '',
    UNIQUE (source_id, url)
);

CREATE TABLE chunks (
    id        INTEGER PRIMARY KEY,
    page_id   INTEGER NOT NULL REFERENCES pages(id) ON DELETE CASCADE,
    ord       INTEGER NOT NULL,
    title     TEXT NOT NULL DEFAULT '',
    section   TEXT NOT NULL DEFAULT '',
    anchor    TEXT NOT NULL DEFAULT '',
    url       TEXT NOT NULL DEFAULT '',
    text      TEXT NOT NULL,
    tokens    INTEGER NOT NULL DEFAULT 0,
    -- Lexical fields: title + section and text normalised for matching
    -- (NFKC, lower case, long vowels folded), and their term counts.
    norm_head TEXT NOT NULL DEFAULT '',
    norm_body TEXT NOT NULL DEFAULT '',
    title_len INTEGER NOT NULL DEFAULT 0,
    body_len  INTEGER NOT NULL DEFAULT 0,
    UNIQUE (page_id, ord)
);

-- Lexical index: head and body hold analysed terms (normalised text cut
-- into CJK bigrams and Latin words, space-separated), uni the kanji of the
-- whole chunk one by one (for document frequencies); rowid = chunks.id.
CREATE VIRTUAL TABLE chunk_fts USING fts5(
    head, body, uni,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE chunk_terms USING fts5vocab(chunk_fts, 'row');

CREATE TRIGGER chunks_delete_fts AFTER DELETE ON chunks BEGIN
    DELETE FROM chunk_fts WHERE rowid = old.id;
END;
-- 0004: what a site sync needs between runs: the crawl frontier (so an
-- interrupted run resumes where it stopped) and the links each page had (so
-- a page answered with 304 Not Modified still leads the crawl on).
CREATE TABLE sync_queue (
    seq       INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    url       TEXT NOT NULL,
    depth     INTEGER NOT NULL,
    state     TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done')),
    UNIQUE (source_id, url)
);
CREATE INDEX sync_queue_pending ON sync_queue(source_id, state, seq);

CREATE TABLE page_links (
    page_id INTEGER PRIMARY KEY REFERENCES pages(id) ON DELETE CASCADE,
    links   TEXT NOT NULL DEFAULT '[]'
);
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
-- 0006: monitoring. Per-operation latencies (one row per recorded
-- operation), resource samples for the history charts, and alert events.
-- Times are Unix milliseconds (UTC) so ranges and retention are cheap.
CREATE TABLE metrics (
    id          INTEGER PRIMARY KEY,
    at_ms       INTEGER NOT NULL,
    op          TEXT NOT NULL,
    duration_ms REAL NOT NULL,
    ok          INTEGER NOT NULL CHECK (ok IN (0, 1))
);
CREATE INDEX metrics_at ON metrics(at_ms);
CREATE INDEX metrics_op_at ON metrics(op, at_ms);

CREATE TABLE resource_samples (
    at_ms            INTEGER PRIMARY KEY,
    cpu_percent      REAL NOT NULL,
    memory_percent   REAL NOT NULL,
    memory_used_mb   REAL NOT NULL,
    process_rss_mb   REAL NOT NULL,
    disk_percent     REAL NOT NULL,
    disk_used_mb     REAL NOT NULL,
    ollama_rss_mb    REAL NOT NULL
);

CREATE TABLE alert_events (
    id        INTEGER PRIMARY KEY,
    at_ms     INTEGER NOT NULL,
    metric    TEXT NOT NULL,
    state     TEXT NOT NULL CHECK (state IN ('raised', 'cleared')),
    value     REAL NOT NULL,
    threshold REAL NOT NULL,
    message   TEXT NOT NULL
);
CREATE INDEX alert_events_at ON alert_events(at_ms);
-- 0006: embedding vectors of the chunks, one per chunk and embedding model.
-- vec holds dim little-endian float32 values, L2-normalised. Vectors of a
-- model other than the configured one are kept until a re-embed with the
-- new model completes; a chunk's vectors go with it. A rowid table (not
-- WITHOUT ROWID): rows are 4 KiB and larger, and lookups by (model,
-- chunk_id) stay in the small unique index. vec comes last so the other
-- columns are read without its overflow pages.
CREATE TABLE chunk_vectors (
    id         INTEGER PRIMARY KEY,
    model      TEXT NOT NULL CHECK (model != ''),
    chunk_id   INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    dim        INTEGER NOT NULL CHECK (dim > 0),
    created_at TEXT NOT NULL,
    vec        BLOB NOT NULL CHECK (length(vec) = 4 * dim),
    UNIQUE (model, chunk_id)
);
CREATE INDEX chunk_vectors_chunk ON chunk_vectors(chunk_id);
