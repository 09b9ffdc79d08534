package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"time"
)

// OptimizeReport says what Compact did.
type OptimizeReport struct {
	SizeBefore int64   `json:"size_before_bytes"`
	SizeAfter  int64   `json:"size_after_bytes"`
	Seconds    float64 `json:"seconds"`
}

// size is the database file plus its WAL.
func (s *Store) size() int64 {
	var n int64
	for _, p := range []string{s.path, s.path + "-wal"} {
		if fi, err := os.Stat(p); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// Compact is the weekly index optimisation: Optimize (FTS5 segment merge
// and ANALYZE), then it rebuilds the file without free pages
// (VACUUM) and truncates the WAL. Readers keep working; writers wait. It
// can take a while on a large index: run it from maintenance, not per
// request.
func (s *Store) Compact(ctx context.Context) (OptimizeReport, error) {
	start := time.Now()
	rep := OptimizeReport{SizeBefore: s.size()}
	if err := s.Optimize(ctx); err != nil {
		return rep, err
	}
	for _, stmt := range []string{
		`VACUUM`,
		`PRAGMA wal_checkpoint(TRUNCATE)`,
	} {
		if _, err := s.w.ExecContext(ctx, stmt); err != nil {
			return rep, s.classify("optimize index", err)
		}
	}
	s.lex.invalidate()
	rep.SizeAfter = s.size()
	rep.Seconds = time.Since(start).Seconds()
	return rep, nil
}

// Check runs PRAGMA integrity_check on the open database; nil means it
// is sound, else the error wraps ErrCorrupt with SQLite's findings.
func (s *Store) Check(ctx context.Context) error {
	return s.check(ctx)
}

// Verify runs PRAGMA integrity_check on the database at path read-only,
// without migrating or changing anything (for `genkai-rag doctor`). A
// missing file is fine; damage is an error wrapping ErrCorrupt.
func Verify(ctx context.Context, path string) error {
	info, err := Inspect(ctx, path)
	if err != nil || !info.Exists {
		return err
	}
	u := url.URL{Scheme: "file", Path: path}
	db, err := sql.Open("sqlite", u.String()+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("verify database: %w", err)
	}
	defer db.Close()
	s := &Store{path: path, w: db}
	return s.check(ctx)
}
