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
