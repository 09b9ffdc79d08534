-- 0006: embedding vectors of the chunks, one per chunk and embedding model.
-- vec holds dim little-endian float32 values, L2-normalised. Vectors of a
-- model other than the configured one are kept until a re-embed with the
-- new model completes; a chunk's vectors go with it.
CREATE TABLE chunk_vectors (
    model      TEXT NOT NULL CHECK (model != ''),
    chunk_id   INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
    dim        INTEGER NOT NULL CHECK (dim > 0),
    vec        BLOB NOT NULL CHECK (length(vec) = 4 * dim),
    created_at TEXT NOT NULL,
    PRIMARY KEY (model, chunk_id)
) WITHOUT ROWID;
CREATE INDEX chunk_vectors_chunk ON chunk_vectors(chunk_id);
