package backup

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// dbEntry is the archive's database.
const dbEntry = "data/genkai_rag.db"

// restored reports whether restore uses the archive entry p (the
// database and the configuration; not the logs).
func restored(p string) bool {
	return p == dbEntry || strings.HasPrefix(p, "config/")
}

// checkArchive is what Verify, Inspect, Import and Restore check, in
// one pass over the archive at path: the manifest first (a schema newer
// than the app's, no database: refused before reading further), then
// every entry (structure, sizes, checksums, bounded by the manifest),
// writing the entries restore uses under dst (logs/ are read and hashed
// but never written); then the database: a SQLite file that opens and
// passes an integrity check, whose own schema is not newer either, and
// whose rows match the manifest's counts. Errors wrap ErrNotArchive,
// ErrCorrupt, ErrUnsafe or ErrNewerSchema and say why.
func (s *Service) checkArchive(ctx context.Context, path, dst string) (Manifest, error) {
	m, head, err := readHead(path)
	if err != nil {
		return m, err
	}
	if err := restorable(m); err != nil {
		return m, err
	}
	if err := checkISize(path, m, head); err != nil {
		return m, err
	}
	f, err := os.Open(path)
	if err != nil {
		return m, fmt.Errorf("open backup: %w", err)
	}
	defer f.Close()
	if err := os.MkdirAll(filepath.Join(dst, "config"), 0o700); err != nil {
		return m, err
	}
	m, err = readArchive(ctxReader{ctx, f}, s.opt.Limits, func(e FileEntry, r io.Reader) error {
		if !restored(e.Path) {
			return nil // read and hashed by readArchive, never written
		}
		return writeEntry(dst, e, r)
	})
	if err != nil {
		return m, err
	}
	if err := restorable(m); err != nil {
		return m, err
	}
	return m, checkDatabase(ctx, m, filepath.Join(dst, filepath.FromSlash(dbEntry)))
}

// checkISize refuses at once an archive whose gzip trailer says it
// unpacks to more than its manifest declares (plus tar framing): the
// trailer's last 4 bytes hold the unpacked size modulo 4 GiB, so this
// applies below 4 GiB. The trailer can lie; the bound on the stream
// (readArchive) is what holds. This only makes the common case instant
// instead of costing a read of the valid part first.
func checkISize(path string, m Manifest, head int64) error {
	max := head + 512 + endSlack
	for _, f := range m.Files {
		max += (f.Size+511)/512*512 + entrySlack
	}
	if max >= 1<<32 {
		return nil
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open backup: %w", err)
	}
	defer f.Close()
	var tail [4]byte
	fi, err := f.Stat()
	if err != nil || fi.Size() < 4 {
		return nil // readArchive says what is wrong
	}
	if _, err := f.ReadAt(tail[:], fi.Size()-4); err != nil {
		return nil
	}
	if size := int64(binary.LittleEndian.Uint32(tail[:])); size > max {
		return fmt.Errorf("%w: the archive unpacks to %d bytes but its manifest declares at most %d: refused without unpacking it", ErrCorrupt, size, max)
	}
	return nil
}

// restorable checks what the manifest alone tells: a schema this app
// knows, and a database.
func restorable(m Manifest) error {
	if m.SchemaVersion > store.SchemaVersion() {
		return newerSchema(m.SchemaVersion, m.AppVersion)
	}
	for _, f := range m.Files {
		if f.Path == dbEntry {
			return nil
		}
	}
	return fmt.Errorf("%w: the archive has no %s", ErrCorrupt, dbEntry)
}

func newerSchema(schema int, app string) error {
	if app == "" {
		app = "unknown"
	}
	return fmt.Errorf("%w (schema %d, app %s); this app knows schema %d: update Genkai RAG first",
		ErrNewerSchema, schema, app, store.SchemaVersion())
}

// writeEntry writes one entry under dst, synced.
func writeEntry(dst string, e FileEntry, r io.Reader) error {
	p := filepath.Join(dst, filepath.FromSlash(e.Path))
	if rel, err := filepath.Rel(dst, p); err != nil || strings.HasPrefix(rel, "..") {
		return fmt.Errorf("%w: %q", ErrUnsafe, e.Path)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, r)
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// sqliteHeader starts every SQLite 3 database file.
const sqliteHeader = "SQLite format 3\x00"

// checkDatabase checks the archive's database file at p (see
// checkArchive).
func checkDatabase(ctx context.Context, m Manifest, p string) error {
	head := make([]byte, len(sqliteHeader))
	f, err := os.Open(p)
	if err != nil {
		return fmt.Errorf("%w: the archive has no %s", ErrCorrupt, dbEntry)
	}
	n, _ := io.ReadFull(f, head)
	f.Close()
	if !bytes.Equal(head[:n], []byte(sqliteHeader)) {
		return fmt.Errorf("%w: %s in the backup is not a SQLite database", ErrCorrupt, dbEntry)
	}
	u := url.URL{Scheme: "file", Path: p}
	db, err := sql.Open("sqlite", u.String()+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return fmt.Errorf("%w: the database in the backup cannot be read: %v", ErrCorrupt, err)
	}
	defer db.Close()
	var version int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("%w: the database in the backup cannot be read: %v", ErrCorrupt, err)
	}
	if version > store.SchemaVersion() {
		return newerSchema(version, m.AppVersion)
	}
	rows, err := db.QueryContext(ctx, "PRAGMA integrity_check(20)")
	if err != nil {
		return fmt.Errorf("%w: the database in the backup cannot be read: %v", ErrCorrupt, err)
	}
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			rows.Close()
			return fmt.Errorf("%w: the database in the backup cannot be read: %v", ErrCorrupt, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	err = rows.Err()
	rows.Close()
	if err != nil {
		return fmt.Errorf("%w: the database in the backup cannot be read: %v", ErrCorrupt, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: the database in the backup is damaged (integrity check: %s)", ErrCorrupt, strings.Join(problems, "; "))
	}
	return checkCounts(ctx, m, p)
}

// Verify checks the archive at path as a restore would, without
// changing anything: its structure, every file's checksum, decompression
// bounded by the manifest, a database that is SQLite, intact, not from a
// newer schema and holding what the manifest's counts say, and a
// configuration that validates once the protected keys are reset to the
// current ones (see Inspect). It returns the manifest. Errors wrap
// ErrNotArchive, ErrCorrupt, ErrUnsafe, ErrNewerSchema or
// ErrInvalidConfig and read the same as Restore's.
func (s *Service) Verify(ctx context.Context, path string) (Manifest, error) {
	m, _, err := s.check(ctx, path)
	if err != nil {
		return m, fmt.Errorf("verify backup %s: %w", filepath.Base(path), err)
	}
	return m, nil
}

// check runs checkArchive and the configuration guard in a temporary
// folder of the backups folder, removed after.
func (s *Service) check(ctx context.Context, path string) (Manifest, []Reset, error) {
	stage, done, err := s.tempDir(".verify-")
	if err != nil {
		return Manifest{}, nil, err
	}
	defer done()
	m, err := s.checkArchive(ctx, path, stage)
	if err != nil {
		return m, nil, err
	}
	resets, err := s.guardConfig(filepath.Join(stage, "config"))
	return m, resets, err
}

// tempDir makes a temporary folder in the backups folder, held (see
// holdTemp) until done, which removes it.
func (s *Service) tempDir(prefix string) (string, func(), error) {
	if err := os.MkdirAll(s.Dir(), 0o700); err != nil {
		return "", nil, fmt.Errorf("the backups folder %s cannot be made: %w", s.Dir(), err)
	}
	dir, err := os.MkdirTemp(s.Dir(), prefix)
	if err != nil {
		return "", nil, diskAdvice(err, s.Dir())
	}
	release := holdTemp(dir)
	return dir, func() { release(); os.RemoveAll(dir) }, nil
}
