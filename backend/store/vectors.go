package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"
)

// ErrBadVector is wrapped by the vector functions for a vector that cannot
// be stored or read: empty, the wrong dimension, or holding NaN or ±Inf.
var ErrBadVector = errors.New("bad embedding vector")

// ChunkVector is the embedding of one chunk.
type ChunkVector struct {
	ChunkID int64
	Vec     []float32
}

// ChunkText is a chunk waiting for its embedding.
type ChunkText struct {
	ID                   int64
	Title, Section, Text string
}

// CheckVector returns an error wrapping ErrBadVector when v is empty, has
// a NaN or infinite value, or is all zeros (it has no direction).
func CheckVector(v []float32) error {
	if len(v) == 0 {
		return fmt.Errorf("%w: it is empty", ErrBadVector)
	}
	zero := true
	for i, x := range v {
		if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
			return fmt.Errorf("%w: value %d is %v; the embedding model returned garbage, try another model", ErrBadVector, i, x)
		}
		if x != 0 {
			zero = false
		}
	}
	if zero {
		return fmt.Errorf("%w: all %d values are zero", ErrBadVector, len(v))
	}
	return nil
}

// EncodeVector returns v as little-endian float32 bytes.
func EncodeVector(v []float32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
	}
	return b
}

// DecodeVector reads dim little-endian float32 values from b into dst
// (grown as needed) and checks them with CheckVector.
func DecodeVector(dst []float32, b []byte, dim int) ([]float32, error) {
	if dim <= 0 || len(b) != 4*dim {
		return nil, fmt.Errorf("%w: %d bytes do not hold %d float32 values", ErrBadVector, len(b), dim)
	}
	if cap(dst) < dim {
		dst = make([]float32, dim)
	}
	dst = dst[:dim]
	for i := range dst {
		dst[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return dst, CheckVector(dst)
}

// VectorDim returns the dimension of model's stored vectors, 0 when it
// has none.
func (s *Store) VectorDim(ctx context.Context, model string) (int, error) {
	var dim int
	err := s.r.QueryRowContext(ctx, `SELECT dim FROM chunk_vectors WHERE model = ? LIMIT 1`, model).Scan(&dim)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return dim, s.classify("read vector dimension", err)
}

// SaveVectors stores the vectors of model in one transaction, replacing
// earlier ones of the same chunks. Every vector must pass CheckVector and
// have the dimension of the model's stored vectors (if any); otherwise
// nothing is written. Vectors of chunks deleted meanwhile are skipped.
// It returns how many were stored.
func (s *Store) SaveVectors(ctx context.Context, model string, vs []ChunkVector) (int, error) {
	if model == "" {
		return 0, errors.New("save vectors: no model name")
	}
	if len(vs) == 0 {
		return 0, nil
	}
	dim := len(vs[0].Vec)
	for _, v := range vs {
		if err := CheckVector(v.Vec); err != nil {
			return 0, fmt.Errorf("save vector of chunk %d: %w", v.ChunkID, err)
		}
		if len(v.Vec) != dim {
			return 0, fmt.Errorf("save vector of chunk %d: %w: dimension %d, the batch has %d", v.ChunkID, ErrBadVector, len(v.Vec), dim)
		}
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, s.classify("begin vector write", err)
	}
	defer tx.Rollback()
	var have int
	err = tx.QueryRowContext(ctx, `SELECT dim FROM chunk_vectors WHERE model = ? LIMIT 1`, model).Scan(&have)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, s.classify("read vector dimension", err)
	}
	if have != 0 && have != dim {
		return 0, fmt.Errorf("save vectors: %w: %s gave dimension %d but its stored vectors have %d; re-embed everything with one model version", ErrBadVector, model, dim, have)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO chunk_vectors(model, chunk_id, dim, vec, created_at)
		SELECT ?, id, ?, ?, ? FROM chunks WHERE id = ?
		ON CONFLICT(model, chunk_id) DO UPDATE SET dim = excluded.dim, vec = excluded.vec, created_at = excluded.created_at`)
	if err != nil {
		return 0, s.classify("prepare vector insert", err)
	}
	defer ins.Close()
	now := time.Now().UTC().Format(time.RFC3339)
	n := 0
	for _, v := range vs {
		res, err := ins.ExecContext(ctx, model, dim, EncodeVector(v.Vec), now, v.ChunkID)
		if err != nil {
			return 0, s.classify("write vector", err)
		}
		k, _ := res.RowsAffected()
		n += int(k)
	}
	if err := tx.Commit(); err != nil {
		return 0, s.classify("commit vectors", err)
	}
	return n, nil
}

// Vectors calls fn with every stored vector of model in chunk order. vec
// is reused between calls: copy it to keep it. A stored vector that fails
// DecodeVector stops the walk with that error.
func (s *Store) Vectors(ctx context.Context, model string, fn func(chunkID int64, vec []float32) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT chunk_id, dim, vec FROM chunk_vectors WHERE model = ? ORDER BY chunk_id`, model)
	if err != nil {
		return s.classify("read vectors", err)
	}
	defer rows.Close()
	var vec []float32
	var raw sql.RawBytes
	for rows.Next() {
		var id int64
		var dim int
		if err := rows.Scan(&id, &dim, &raw); err != nil {
			return s.classify("read vector", err)
		}
		if vec, err = DecodeVector(vec, raw, dim); err != nil {
			return fmt.Errorf("read vector of chunk %d (%s): %w", id, model, err)
		}
		if err := fn(id, vec); err != nil {
			return err
		}
	}
	return s.classify("read vectors", rows.Err())
}

// VectorIDs returns the IDs of the chunks that have a vector of model.
func (s *Store) VectorIDs(ctx context.Context, model string) (map[int64]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT chunk_id FROM chunk_vectors WHERE model = ?`, model)
	if err != nil {
		return nil, s.classify("read vector ids", err)
	}
	defer rows.Close()
	ids := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, s.classify("read vector ids", err)
		}
		ids[id] = true
	}
	return ids, s.classify("read vector ids", rows.Err())
}

// PendingChunks returns up to limit chunks with an ID above after that
// have no vector of model, in ID order.
func (s *Store) PendingChunks(ctx context.Context, model string, after int64, limit int) ([]ChunkText, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.title, c.section, c.text FROM chunks c
		WHERE c.id > ? AND NOT EXISTS (SELECT 1 FROM chunk_vectors v WHERE v.model = ? AND v.chunk_id = c.id)
		ORDER BY c.id LIMIT ?`, after, model, limit)
	if err != nil {
		return nil, s.classify("read chunks to embed", err)
	}
	defer rows.Close()
	var out []ChunkText
	for rows.Next() {
		var c ChunkText
		if err := rows.Scan(&c.ID, &c.Title, &c.Section, &c.Text); err != nil {
			return nil, s.classify("read chunk to embed", err)
		}
		out = append(out, c)
	}
	return out, s.classify("read chunks to embed", rows.Err())
}

// VectorCounts returns how many chunks there are and how many of them
// have a vector of model.
func (s *Store) VectorCounts(ctx context.Context, model string) (chunks, embedded int, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM chunks), (SELECT count(*) FROM chunk_vectors WHERE model = ?)`, model).Scan(&chunks, &embedded)
	return chunks, embedded, s.classify("count vectors", err)
}

// DeleteVectorsExcept removes the vectors of every model but keep and
// returns how many went.
func (s *Store) DeleteVectorsExcept(ctx context.Context, keep string) (int64, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM chunk_vectors WHERE model != ?`, keep)
	if err != nil {
		return 0, s.classify("delete old vectors", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// ChunksByID returns the stored chunks with these IDs, in the given order;
// IDs of deleted chunks are left out.
func (s *Store) ChunksByID(ctx context.Context, ids []int64) ([]Candidate, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.r.QueryContext(ctx, `SELECT c.id, c.title, c.section, c.anchor, c.url, c.text, c.norm_head, c.norm_body, c.title_len, c.body_len, p.url, p.fetched_at
		FROM chunks c JOIN pages p ON p.id = c.page_id WHERE c.id IN (?`+strings.Repeat(",?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, s.classify("read chunks", err)
	}
	defer rows.Close()
	byID := make(map[int64]Candidate, len(ids))
	for rows.Next() {
		var c Candidate
		if err := rows.Scan(&c.ID, &c.Title, &c.Section, &c.Anchor, &c.URL, &c.Text, &c.NormHead, &c.NormBody, &c.HeadLen, &c.BodyLen, &c.PageURL, &c.Fetched); err != nil {
			return nil, s.classify("read chunk", err)
		}
		byID[c.ID] = c
	}
	if err := rows.Err(); err != nil {
		return nil, s.classify("read chunks", err)
	}
	out := make([]Candidate, 0, len(byID))
	for _, id := range ids {
		if c, ok := byID[id]; ok {
			out = append(out, c)
		}
	}
	return out, nil
}
