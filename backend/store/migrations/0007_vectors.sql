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
