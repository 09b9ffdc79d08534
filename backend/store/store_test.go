package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func openTest(t *testing.T, path string, opt Options) *Store {
	t.Helper()
	s, err := Open(t.Context(), path, opt)
	if err != nil {
		t.Fatalf("Open(%s) = %v", path, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestOpenFresh(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dir with space", "genkai.db")
	os.MkdirAll(filepath.Dir(path), 0o700)
	s := openTest(t, path, Options{})
	v, err := s.Ping(t.Context())
	if err != nil || v != SchemaVersion() {
		t.Fatalf("Ping() = %d, %v; want %d", v, err, SchemaVersion())
	}
	var mode string
	var fk int
	s.w.QueryRow("PRAGMA journal_mode").Scan(&mode)
	s.w.QueryRow("PRAGMA foreign_keys").Scan(&fk)
	if mode != "wal" || fk != 1 {
		t.Errorf("journal_mode = %q, foreign_keys = %d; want wal, 1", mode, fk)
	}
	if _, err := s.r.Exec("INSERT INTO settings(key, value) VALUES('a', 'b')"); err == nil {
		t.Error("the read pool accepted a write")
	}
	if err := s.SetSetting(t.Context(), "lang", "ja"); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Setting(t.Context(), "lang"); err != nil || got != "ja" {
		t.Errorf("Setting() = %q, %v", got, err)
	}
	if _, err := s.Setting(t.Context(), "none"); !errors.Is(err, ErrNotFound) {
		t.Errorf("Setting(missing) err = %v, want ErrNotFound", err)
	}
}

// TestMigrateFromV1 upgrades a database frozen at schema 1, as the first
// release wrote it, and checks the data survives.
func TestMigrateFromV1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	schema, err := os.ReadFile(filepath.Join("testdata", "schema_v1.sql"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{string(schema), "INSERT INTO settings VALUES('default_model', 'llama3.2:1b')", "PRAGMA user_version = 1"} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	var calls [][2]int
	s := openTest(t, path, Options{BeforeMigrate: func(_ context.Context, from, to int) error {
		calls = append(calls, [2]int{from, to})
		return nil
	}})
	if len(calls) != 1 || calls[0] != [2]int{1, SchemaVersion()} {
		t.Errorf("BeforeMigrate calls = %v, want [[1 %d]]", calls, SchemaVersion())
	}
	if v, err := s.Ping(t.Context()); err != nil || v != SchemaVersion() {
		t.Errorf("Ping() = %d, %v", v, err)
	}
	if got, err := s.Setting(t.Context(), "default_model"); err != nil || got != "llama3.2:1b" {
		t.Errorf("setting after migration = %q, %v", got, err)
	}
	if _, err := s.w.Exec("INSERT INTO sessions(id, created_at, updated_at) VALUES('s1', 'x', 'x')"); err != nil {
		t.Errorf("new table missing: %v", err)
	}
	if _, err := s.w.Exec("INSERT INTO messages(session_id, role, content, created_at) VALUES('nope', 'user', 'x', 'x')"); err == nil {
		t.Error("foreign key not enforced")
	}
}

func TestBeforeMigrateErrorLeavesDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	raw, _ := sql.Open("sqlite", path)
	schema, _ := os.ReadFile(filepath.Join("testdata", "schema_v1.sql"))
	raw.Exec(string(schema))
	raw.Exec("PRAGMA user_version = 1")
	raw.Close()
	_, err := Open(t.Context(), path, Options{BeforeMigrate: func(context.Context, int, int) error { return errors.New("disk full") }})
	if err == nil {
		t.Fatal("Open succeeded although BeforeMigrate failed")
	}
	info, err := Inspect(t.Context(), path)
	if err != nil || info.SchemaVersion != 1 {
		t.Errorf("schema after refused migration = %+v, %v; want 1", info, err)
	}
}

func fileBytes(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()

	newer := filepath.Join(dir, "newer.db")
	raw, _ := sql.Open("sqlite", newer)
	raw.Exec("CREATE TABLE settings(key TEXT PRIMARY KEY, value TEXT)")
	raw.Exec("PRAGMA user_version = 99")
	raw.Close()

	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, bytes.Repeat([]byte("not sqlite "), 500), 0o600)

	damaged := filepath.Join(dir, "damaged.db")
	s := openTest(t, damaged, Options{})
	for i := 0; i < 300; i++ {
		if err := s.SetSetting(t.Context(), string(rune('a'+i%26))+string(rune(i)), string(bytes.Repeat([]byte{'x'}, 200))); err != nil {
			t.Fatal(err)
		}
	}
	s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	s.Close()
	b := fileBytes(t, damaged)
	if len(b) < 3*4096 {
		t.Fatalf("database too small to damage: %d bytes", len(b))
	}
	for i := 4096 + 100; i < 2*4096; i++ { // scribble over page 2
		b[i] ^= 0x5a
	}
	os.WriteFile(damaged, b, 0o600)

	tests := []struct {
		name, path string
		want       error
	}{
		{"newer schema", newer, ErrNewerSchema},
		{"not a database", garbage, ErrCorrupt},
		{"damaged pages", damaged, ErrCorrupt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := fileBytes(t, tt.path)
			_, err := Open(t.Context(), tt.path, Options{})
			if !errors.Is(err, tt.want) {
				t.Fatalf("Open() = %v, want %v", err, tt.want)
			}
			if !bytes.Equal(before, fileBytes(t, tt.path)) {
				t.Error("Open changed a file it refused")
			}
		})
	}
}

func TestInspect(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	if info, err := Inspect(t.Context(), missing); err != nil || info.Exists {
		t.Errorf("Inspect(missing) = %+v, %v", info, err)
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Error("Inspect created the database")
	}
	path := filepath.Join(dir, "g.db")
	openTest(t, path, Options{}).Close()
	if info, err := Inspect(t.Context(), path); err != nil || info.SchemaVersion != SchemaVersion() || !info.Exists {
		t.Errorf("Inspect() = %+v, %v", info, err)
	}
}

func TestConcurrentReadWrite(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), "c.db"), Options{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				if err := s.SetSetting(t.Context(), "k", "v"); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for i := 0; i < 25; i++ {
				if _, err := s.Ping(t.Context()); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestMigrationsNumbered(t *testing.T) {
	ms, err := migrations()
	if err != nil || len(ms) < 2 {
		t.Fatalf("migrations() = %d, %v", len(ms), err)
	}
	frozen, _ := os.ReadFile(filepath.Join("testdata", "schema_v1.sql"))
	if string(frozen) != ms[0].sql {
		t.Error("testdata/schema_v1.sql must stay equal to migration 0001: never edit a released migration")
	}
}

func TestOpenMakesDatabasePrivate(t *testing.T) {
	dir := t.TempDir()
	fresh := filepath.Join(dir, "fresh.db")
	s := openTest(t, fresh, Options{})
	if _, err := s.Ping(t.Context()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fresh, fresh + "-wal"} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: %v, %v; want mode 0600", p, fi.Mode().Perm(), err)
		}
	}
	s.Close()

	// An existing database left 0644 by an older version is tightened.
	for _, p := range []string{fresh, fresh + "-wal", fresh + "-shm"} {
		os.Chmod(p, 0o644)
	}
	openTest(t, fresh, Options{})
	for _, p := range []string{fresh, fresh + "-wal", fresh + "-shm"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm() != 0o600 {
			t.Errorf("reopened %s: mode %04o, want 0600", p, fi.Mode().Perm())
		}
	}
}
