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
