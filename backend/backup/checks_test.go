package backup

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// TestVerifyChecksWhatRestoreChecks: every archive restore refuses,
// verify refuses too, with the same reason.
func TestVerifyChecksWhatRestoreChecks(t *testing.T) {
	ctx := t.Context()
	h, db := testHome(t)
	svc := New(h, db, Options{})
	good, err := svc.Create(ctx, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	dbBytes := func() string {
		p := filepath.Join(t.TempDir(), "snap.db")
		if err := db.Snapshot(ctx, p); err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(p)
		return string(b)
	}()
	newerDB := func() string {
		// A real database whose own schema version is newer than the app's.
		p := filepath.Join(t.TempDir(), "newer.db")
		if err := db.Snapshot(ctx, p); err != nil {
			t.Fatal(err)
		}
		raw, err := store.Open(ctx, p, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		raw.Close()
		setUserVersion(t, p, store.SchemaVersion()+5)
		b, _ := os.ReadFile(p)
		return string(b)
	}()
	cfg := "llm:\n  default_model: qwen2.5:7b\n"
	tests := []struct {
		name string
		data []byte
		want error
		msg  string
	}{
		{"no database", craft(t, []FileEntry{fe("config/config.yaml", cfg)}, []entry{reg("config/config.yaml", cfg)}), ErrCorrupt, "has no data/genkai_rag.db"},
		{"not SQLite", craft(t, []FileEntry{fe("data/genkai_rag.db", "hello, not a database at all")}, []entry{reg("data/genkai_rag.db", "hello, not a database at all")}), ErrCorrupt, "not a SQLite database"},
		{"empty database file", craft(t, []FileEntry{fe("data/genkai_rag.db", "")}, []entry{reg("data/genkai_rag.db", "")}), ErrCorrupt, "not a SQLite database"},
		{"damaged SQLite", craft(t, []FileEntry{fe("data/genkai_rag.db", dbBytes[:100]+strings.Repeat("\xff", len(dbBytes)-100))}, []entry{reg("data/genkai_rag.db", dbBytes[:100]+strings.Repeat("\xff", len(dbBytes)-100))}), ErrCorrupt, "database in the backup"},
		{"lying counts", rewrite(t, good.Path, func(m *Manifest) { m.Counts.Sessions = 99 }), ErrCorrupt, "the manifest says 0 sources, 0 pages, 0 chunks, 99 sessions"},
		{"newer schema in the manifest", craftManifest(t, Manifest{Format: FormatVersion, SchemaVersion: 999, AppVersion: "9.0", Files: []FileEntry{fe("data/genkai_rag.db", dbBytes)}}, []entry{reg("data/genkai_rag.db", dbBytes)}), ErrNewerSchema, "update Genkai RAG"},
		{"newer schema in the database", craftManifest(t, Manifest{Format: FormatVersion, SchemaVersion: 1, Files: []FileEntry{fe("data/genkai_rag.db", newerDB)}}, []entry{reg("data/genkai_rag.db", newerDB)}), ErrNewerSchema, "update Genkai RAG"},
	}
	want := titles(t, db)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "archive.tar.gz")
			os.WriteFile(p, tt.data, 0o600)
			before := folder(t, svc.Dir())
			_, verr := svc.Verify(ctx, p)
			if !errors.Is(verr, tt.want) || !strings.Contains(verr.Error(), tt.msg) {
				t.Fatalf("verify err = %v, want %v with %q", verr, tt.want, tt.msg)
			}
			_, rerr := svc.Restore(ctx, p)
			if !errors.Is(rerr, tt.want) || !strings.Contains(rerr.Error(), tt.msg) {
				t.Fatalf("restore err = %v, want %v with %q", rerr, tt.want, tt.msg)
			}
			// The same reason: verify's words appear in restore's message.
			why := strings.TrimPrefix(verr.Error(), "verify backup archive.tar.gz: ")
			if !strings.Contains(rerr.Error(), why) {
				t.Errorf("verify says %q but restore says %q", why, rerr)
			}
			if got := titles(t, db); got != want {
				t.Errorf("data changed: %q", got)
			}
			if after := folder(t, svc.Dir()); strings.Join(after, ",") != strings.Join(before, ",") {
				t.Errorf("backups folder %v, was %v", after, before)
			}
		})
	}
	if _, err := svc.Verify(ctx, good.Path); err != nil {
		t.Fatalf("a good archive: %v", err)
	}
}

// setUserVersion stamps the database file at p with schema version v.
func setUserVersion(t *testing.T, p string, v int) {
	t.Helper()
	db, err := sql.Open("sqlite", p)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(fmt.Sprintf("PRAGMA user_version = %d", v)); err != nil {
		t.Fatal(err)
	}
}
