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
