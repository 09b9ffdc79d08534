package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestSnapshotAndRestore(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	s := openTest(t, filepath.Join(dir, "live.db"), Options{})
	a, err := s.CreateSession(ctx, "before")
	if err != nil {
		t.Fatal(err)
	}
	snap := filepath.Join(dir, "snap.db")
	if err := s.Snapshot(ctx, snap); err != nil {
		t.Fatal(err)
	}
	if err := s.Snapshot(ctx, snap); err == nil {
		t.Error("snapshot over an existing file accepted")
	}
	if _, err := s.CreateSession(ctx, "after"); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Counts(ctx); c.Sessions != 2 {
		t.Fatalf("counts = %+v", c)
	}
	// A reader holds a prepared statement across the restore.
	if _, err := s.Sources(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.RestoreFrom(ctx, snap); err != nil {
		t.Fatal(err)
	}
	list, err := s.Sessions(ctx)
	if err != nil || len(list) != 1 || list[0].ID != a.ID {
		t.Fatalf("after restore: %+v %v", list, err)
	}
	if _, err := s.CreateSession(ctx, "writes work"); err != nil {
		t.Fatal(err)
	}

	// A damaged file is refused and the live data kept.
	bad := filepath.Join(dir, "bad.db")
	writeFile(t, bad, []byte("SQLite format 3\x00garbage garbage garbage"))
	if err := s.RestoreFrom(ctx, bad); err == nil {
		t.Fatal("restore from a damaged file succeeded")
	}
	if n, _ := s.CountSessions(ctx); n != 2 {
		t.Errorf("live data changed by a refused restore: %d sessions", n)
	}
	// A newer schema is refused.
	newer := filepath.Join(dir, "newer.db")
	if err := s.Snapshot(ctx, newer); err != nil {
		t.Fatal(err)
	}
	n := openTest(t, newer, Options{})
	if _, err := n.w.ExecContext(ctx, "PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	n.Close()
	if err := s.RestoreFrom(ctx, newer); !errors.Is(err, ErrRestoreSchema) {
		t.Errorf("newer schema: %v", err)
	}
}

func TestSnapshotFileOfClosedDatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "g.db")
	s := openTest(t, path, Options{})
	s.CreateSession(t.Context(), "x")
	s.Close()
	dst := filepath.Join(dir, "copy.db")
	if err := SnapshotFile(t.Context(), path, dst); err != nil {
		t.Fatal(err)
	}
	if err := Verify(t.Context(), dst); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
