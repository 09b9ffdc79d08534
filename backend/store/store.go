// Package store keeps Genkai RAG's data in one SQLite database (modernc.org/sqlite,
// pure Go): WAL journal, foreign keys on, a 5 s busy timeout, one writer
// connection and a small pool of read-only readers.
//
// The schema is a sequence of SQL files embedded from migrations/, applied in
// order and tracked by PRAGMA user_version. Open checks the file with
// PRAGMA integrity_check before it migrates anything, so a damaged database is
// reported (ErrCorrupt) and never written to.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strings"
	"sync"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// ErrCorrupt means the database file is damaged or is not a SQLite database.
var ErrCorrupt = errors.New("database is damaged")

// ErrNewerSchema means the database was written by a newer version of the app.
var ErrNewerSchema = errors.New("database schema is newer than this app supports")

// Options tune Open. The zero value is usable.
type Options struct {
	// Logger receives migration and open messages; nil discards them.
	Logger *slog.Logger
	// BeforeMigrate, if set, runs before pending migrations are applied to a
	// database that already has a schema (from > 0), e.g. to back it up. An
	// error stops Open with the database unchanged.
	BeforeMigrate func(ctx context.Context, from, to int) error
	// Readers is the size of the read-only pool; default 4.
	Readers int
}

// Store is an open database. Its methods are safe for concurrent use.
type Store struct {
	path string
	w    *sql.DB // one connection: SQLite allows one writer at a time
	r    *sql.DB // query_only readers
	log  *slog.Logger
	lex  lexCache

	stmtMu sync.Mutex
	stmts  map[string]*sql.Stmt // prepared reads, see stmt

	gate sync.RWMutex // the restore gate, see HoldSessionWrites
}

func dsn(path string, extra ...string) string {
	u := url.URL{Scheme: "file", Path: path}
	q := append([]string{"_pragma=foreign_keys(1)", "_pragma=busy_timeout(5000)", "_pragma=synchronous(NORMAL)"}, extra...)
	return u.String() + "?" + strings.Join(q, "&")
}

// Open opens (creating if needed) the database at path, checks its
// integrity and applies pending migrations. Errors wrap ErrCorrupt when the
// file is damaged and ErrNewerSchema when it comes from a newer app.
func Open(ctx context.Context, path string, opt Options) (*Store, error) {
	log := opt.Logger
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Readers <= 0 {
		opt.Readers = 4
	}
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	if err := private(path, log); err != nil {
		return nil, err
	}
	w, err := sql.Open("sqlite", dsn(path, "_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	s := &Store{path: path, w: w, log: log}
	if err := s.check(ctx); err != nil {
		w.Close()
		return nil, err
	}
	// WAL is persistent in the file; it is set only after the checks, so a
	// refused file is left byte for byte as it was.
	if err := s.migrate(ctx, opt.BeforeMigrate); err != nil {
		w.Close()
		return nil, err
	}
	s.r, err = sql.Open("sqlite", dsn(path, "_pragma=query_only(1)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database readers: %w", err)
	}
	s.r.SetMaxOpenConns(opt.Readers)
	return s, nil
}

// private creates the database file with mode 0600 when it is missing (the
// driver would create it 0644 under the usual umask), and tightens an
// existing file and its -wal and -shm companions to 0600: the database holds
// the user's chats and documents. SQLite gives new -wal and -shm files the
// mode of the database file. A file that cannot be tightened (not ours, a
// read-only mount) is logged as a warning, not refused.
func private(path string, log *slog.Logger) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f.Close()
	}
	if !errors.Is(err, os.ErrExist) {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil || fi.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(p, 0o600); err != nil {
			log.Warn("database file is readable by other users and could not be made private", "file", p, "mode", fmt.Sprintf("%04o", fi.Mode().Perm()), "err", err, "fix", "chmod 600 "+p)
		}
	}
	return nil
}

// checkHeader rejects a non-empty file that is not SQLite before the driver
// touches it (the driver would otherwise report it only on first use).
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, 16)
	n, _ := io.ReadFull(f, head)
	if n == 0 {
		return nil
	}
	if string(head[:n]) != "SQLite format 3\x00" {
		return fmt.Errorf("%w: %s is not a SQLite database", ErrCorrupt, path)
	}
	return nil
}

// check runs PRAGMA integrity_check and maps SQLite's corruption codes.
func (s *Store) check(ctx context.Context) error {
	rows, err := s.w.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return s.classify("check database", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return s.classify("check database", err)
		}
		if m != "ok" && len(msgs) < 5 {
			msgs = append(msgs, m)
		}
	}
	if err := rows.Err(); err != nil {
		return s.classify("check database", err)
	}
	if len(msgs) > 0 {
		return fmt.Errorf("%w: %s: %s", ErrCorrupt, s.path, strings.Join(msgs, "; "))
	}
	return nil
}

// classify wraps err with op, marking SQLite's corruption codes as ErrCorrupt.
// A nil err stays nil.
func (s *Store) classify(op string, err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
			return fmt.Errorf("%w: %s: %v", ErrCorrupt, s.path, err)
		}
	}
	return fmt.Errorf("%s %s: %w", op, s.path, err)
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes both pools.
func (s *Store) Close() error {
	var errR error
	s.stmtMu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
	s.stmtMu.Unlock()
	if s.r != nil {
		errR = s.r.Close()
	}
	return errors.Join(s.w.Close(), errR)
}

// Ping proves the database is readable: it reads the schema version and the
// settings table through the read pool.
func (s *Store) Ping(ctx context.Context) (schema int, err error) {
	if err := s.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&schema); err != nil {
		return 0, s.classify("read database", err)
	}
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT count(*) FROM settings").Scan(&n); err != nil {
		return 0, s.classify("read database", err)
	}
	return schema, nil
}

// Setting returns the value stored under key, or ErrNotFound.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", s.classify("read setting", err)
	}
	return v, nil
}

// SetSetting stores value under key.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO settings(key, value, updated_at) VALUES(?, ?, strftime('%Y-%m-%dT%H:%M:%fZ'))
		ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, key, value)
	if err != nil {
		return s.classify("write setting", err)
	}
	return nil
}

// ErrNotFound is returned when a requested row does not exist.
var ErrNotFound = errors.New("not found")

// Info describes a database file without opening it for writing.
type Info struct {
	Exists        bool  `json:"exists"`
	SizeBytes     int64 `json:"size_bytes"`
	SchemaVersion int   `json:"schema_version"`
}

// Inspect reports on the database at path read-only: it creates nothing and
// changes nothing. A missing file is not an error (Exists is false).
func Inspect(ctx context.Context, path string) (Info, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		return Info{}, nil
	}
	if err != nil {
		return Info{}, fmt.Errorf("inspect database: %w", err)
	}
	info := Info{Exists: true, SizeBytes: fi.Size()}
	if err := checkHeader(path); err != nil {
		return info, err
	}
	u := url.URL{Scheme: "file", Path: path}
	db, err := sql.Open("sqlite", u.String()+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return info, fmt.Errorf("inspect database: %w", err)
	}
	defer db.Close()
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&info.SchemaVersion); err != nil {
		s := &Store{path: path}
		return info, s.classify("inspect database", err)
	}
	return info, nil
}
