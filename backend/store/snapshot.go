package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"

	"modernc.org/sqlite"
)

// Counts are the numbers of rows a backup manifest records.
type Counts struct {
	Sources  int64
	Pages    int64
	Chunks   int64
	Sessions int64
	Messages int64
}

// Counts returns how many sources, pages, chunks, sessions and messages
// the database holds (evaluation sets included).
func (s *Store) Counts(ctx context.Context) (Counts, error) {
	var c Counts
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM sources), (SELECT count(*) FROM pages), (SELECT count(*) FROM chunks),
		(SELECT count(*) FROM sessions), (SELECT count(*) FROM messages)`).
		Scan(&c.Sources, &c.Pages, &c.Chunks, &c.Sessions, &c.Messages)
	return c, s.classify("count rows", err)
}

// Snapshot writes a consistent copy of the live database to dst (which
// must not exist) with VACUUM INTO: one transaction's view, compacted,
// without the WAL. It is safe while the app reads and writes.
func (s *Store) Snapshot(ctx context.Context, dst string) error {
	return SnapshotFile(ctx, s.path, dst)
}

// SnapshotFile is Snapshot by path, also for a database no Store has open
// (the backup before a schema migration): it reads path read-only.
func SnapshotFile(ctx context.Context, path, dst string) error {
	u := url.URL{Scheme: "file", Path: path}
	db, err := sql.Open("sqlite", u.String()+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("snapshot database: %w", err)
	}
	defer db.Close()
	return snapshot(ctx, db, path, dst)
}

func snapshot(ctx context.Context, db *sql.DB, path, dst string) error {
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("snapshot database: %s already exists", dst)
	}
	// A read-only connection may VACUUM INTO another file (not a
	// query_only one); it sees the WAL's committed transactions.
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		os.Remove(dst)
		return (&Store{path: path}).classify("snapshot database", err)
	}
	return nil
}

// ErrRestoreSchema is returned by RestoreFrom for a database from a newer
// app version.
var ErrRestoreSchema = errors.New("the backup's database is from a newer Genkai RAG")

// RestoreFrom replaces the live database's content with the database file
// src, in one step through SQLite's backup API: readers see either the old
// or the new content, and a failure leaves the old content. The restored
// database is checked and migrated to this app's schema. src must be a
// sound database of this or an older schema.
func (s *Store) RestoreFrom(ctx context.Context, src string) error {
	if err := Verify(ctx, src); err != nil {
		return fmt.Errorf("restore database: %w", err)
	}
	info, err := Inspect(ctx, src)
	if err != nil {
		return fmt.Errorf("restore database: %w", err)
	}
	if info.SchemaVersion > SchemaVersion() {
		return fmt.Errorf("%w: schema %d, this app knows up to %d; update Genkai RAG first", ErrRestoreSchema, info.SchemaVersion, SchemaVersion())
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return s.classify("restore database", err)
	}
	err = conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return errors.New("the SQLite driver cannot restore")
		}
		u := url.URL{Scheme: "file", Path: src}
		b, err := r.NewRestore(u.String() + "?mode=ro")
		if err != nil {
			return err
		}
		for {
			more, err := b.Step(-1)
			if err != nil {
				b.Finish()
				return err
			}
			if !more {
				break
			}
		}
		return b.Finish()
	})
	conn.Close()
	if err != nil {
		return s.classify("restore database", err)
	}
	s.resetCaches()
	if err := s.migrate(ctx, nil); err != nil {
		return fmt.Errorf("restore database: migrate: %w", err)
	}
	s.resetCaches()
	return s.check(ctx)
}

// resetCaches drops what was derived from the old content.
func (s *Store) resetCaches() {
	s.lex.invalidate()
	s.stmtMu.Lock()
	for k, st := range s.stmts {
		st.Close()
		delete(s.stmts, k)
	}
	s.stmtMu.Unlock()
}
