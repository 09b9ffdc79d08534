package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// fullDisk is the live database on a disk that fills up: snapshots fail
// with ENOSPC (always, or only after `after` successful ones), and so
// does restoring a staged database (not the rollback).
type fullDisk struct {
	*store.Store
	snapshotsLeft int // -1: never fail
	failRestore   bool
}

func (f *fullDisk) Snapshot(ctx context.Context, dst string) error {
	if f.snapshotsLeft == 0 {
		return fmt.Errorf("vacuum into %s: %w", dst, syscall.ENOSPC)
	}
	if f.snapshotsLeft > 0 {
		f.snapshotsLeft--
	}
	return f.Store.Snapshot(ctx, dst)
}

func (f *fullDisk) RestoreFrom(ctx context.Context, src string) error {
	if f.failRestore && strings.Contains(src, string(filepath.Separator)+"new"+string(filepath.Separator)) {
		return fmt.Errorf("restore database: %w", syscall.ENOSPC)
	}
	return f.Store.RestoreFrom(ctx, src)
}

// folder lists dir's names, hidden ones included.
func folder(t *testing.T, dir string) []string {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestNoSpaceLeft(t *testing.T) {
	ctx := t.Context()
	h, db := testHome(t)
	good, err := New(h, db, Options{}).Create(ctx, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	db.CreateSession(ctx, "after the backup")
	want := titles(t, db)
	cfg, _ := os.ReadFile(h.ConfigFile())

	tests := []struct {
		name    string
		disk    *fullDisk
		op      func(*Service) error
		message string
	}{
		{"create", &fullDisk{Store: db, snapshotsLeft: 0}, func(s *Service) error {
			_, err := s.Create(ctx, CreateOptions{})
			return err
		}, "no space left on the disk"},
		{"restore: no room for the pre-restore backup", &fullDisk{Store: db, snapshotsLeft: 0}, func(s *Service) error {
			_, err := s.Restore(ctx, good.Path)
			return err
		}, "nothing was changed"},
		{"restore: no room for the rollback copy", &fullDisk{Store: db, snapshotsLeft: 1}, func(s *Service) error {
			_, err := s.Restore(ctx, good.Path)
			return err
		}, "no space left on the disk"},
		{"restore: the swap fails", &fullDisk{Store: db, snapshotsLeft: -1, failRestore: true}, func(s *Service) error {
			_, err := s.Restore(ctx, good.Path)
			return err
		}, "the previous data is kept"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := folder(t, filepath.Join(h.Root, "backups"))
			svc := New(h, tt.disk, Options{})
			err := tt.op(svc)
			if err == nil || !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("err = %v, want %q", err, tt.message)
			}
			if tt.name == "create" && !errors.Is(err, syscall.ENOSPC) {
				t.Errorf("err = %v does not wrap ENOSPC", err)
			}
			if got := titles(t, db); got != want {
				t.Errorf("data changed: %q, want %q", got, want)
			}
			if b, _ := os.ReadFile(h.ConfigFile()); !bytes.Equal(b, cfg) {
				t.Errorf("config changed: %q", b)
			}
			// Nothing half-written is left: only finished archives (a
			// pre-restore one when the failure came after it).
			// (The lock file backups/.lock stays: it is not data.)
			for _, n := range folder(t, svc.Dir()) {
				if strings.HasPrefix(n, ".") && n != lockName {
					t.Errorf("left behind %s", n)
				}
			}
			if tt.name == "create" && len(folder(t, svc.Dir())) != len(before) {
				t.Errorf("archives %v, were %v", folder(t, svc.Dir()), before)
			}
			if err := db.Check(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestUnwritableBackupsFolder(t *testing.T) {
	ctx := t.Context()
	t.Run("read-only folder", func(t *testing.T) {
		if os.Geteuid() == 0 {
			t.Skip("running as root: chmod 0500 does not stop root from writing; the folder-is-a-file case covers an unusable folder")
		}
		h, db := testHome(t)
		svc := New(h, db, Options{})
		os.MkdirAll(svc.Dir(), 0o700)
		os.Chmod(svc.Dir(), 0o500)
		t.Cleanup(func() { os.Chmod(svc.Dir(), 0o700) })
		_, err := svc.Create(ctx, CreateOptions{})
		if err == nil || !strings.Contains(err.Error(), "not writable") {
			t.Fatalf("err = %v", err)
		}
		if n := folder(t, svc.Dir()); len(n) != 0 {
			t.Errorf("left %v", n)
		}
	})
	t.Run("folder is a file", func(t *testing.T) {
		h, db := testHome(t)
		svc := New(h, db, Options{})
		good, err := svc.Create(ctx, CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		elsewhere := filepath.Join(t.TempDir(), "copy.tar.gz")
		os.Rename(good.Path, elsewhere)
		os.RemoveAll(svc.Dir())
		os.WriteFile(svc.Dir(), []byte("not a folder"), 0o600)
		db.CreateSession(ctx, "live")
		want := titles(t, db)
		if _, err := svc.Create(ctx, CreateOptions{}); err == nil || !strings.Contains(err.Error(), "cannot be made") {
			t.Errorf("create err = %v", err)
		}
		if _, err := svc.Restore(ctx, elsewhere); err == nil {
			t.Error("restore without a backups folder succeeded")
		}
		if got := titles(t, db); got != want {
			t.Errorf("data changed: %q", got)
		}
		if list, err := svc.List(); err == nil && len(list) != 0 {
			t.Errorf("list = %v", list)
		}
	})
}

// rewrite re-packs the archive at path with its manifest changed by edit
// (the files and their bytes unchanged).
func rewrite(t *testing.T, path string, edit func(*Manifest)) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(gz)
	var m Manifest
	var entries []entry
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(tr)
		if h.Name == ManifestName {
			json.Unmarshal(b, &m)
			continue
		}
		entries = append(entries, entry{tar.Header{Name: h.Name, Typeflag: tar.TypeReg}, string(b)})
	}
	edit(&m)
	return craftManifest(t, m, entries)
}

func TestLyingAndForeignArchivesChangeNothing(t *testing.T) {
	ctx := t.Context()
	h, db := testHome(t)
	svc := New(h, db, Options{})
	good, err := svc.Create(ctx, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if good.Manifest.Counts.Sessions != 2 {
		t.Fatalf("manifest counts %+v, want the snapshot's 2 sessions", good.Manifest.Counts)
	}
	db.CreateSession(ctx, "live")
	want := titles(t, db)
	cfg, _ := os.ReadFile(h.ConfigFile())

	// A tar.gz of something else entirely.
	var other bytes.Buffer
	gz := gzip.NewWriter(&other)
	tw := tar.NewWriter(gz)
	tw.WriteHeader(&tar.Header{Name: "README.md", Mode: 0o644, Size: 5, Typeflag: tar.TypeReg})
	tw.Write([]byte("hello"))
	tw.Close()
	gz.Close()

	sum := sha256.Sum256([]byte("other"))
	tests := []struct {
		name       string
		data       []byte
		verifyErr  error // nil: Verify passes
		restoreErr error
		message    string
	}{
		{"other tar.gz", other.Bytes(), ErrNotArchive, ErrNotArchive, `the first entry is "README.md"`},
		{"plain text", []byte("これはバックアップではありません"), ErrNotArchive, ErrNotArchive, "not a gzip file"},
		{"counts lie", rewrite(t, good.Path, func(m *Manifest) { m.Counts.Sessions = 99 }), ErrCorrupt, ErrCorrupt, "the manifest says 0 sources, 0 pages, 0 chunks, 99 sessions"},
		{"checksum lies", rewrite(t, good.Path, func(m *Manifest) { m.Files[0].SHA256 = hex.EncodeToString(sum[:]) }), ErrCorrupt, ErrCorrupt, "does not match its checksum"},
		{"size lies", rewrite(t, good.Path, func(m *Manifest) { m.Files[0].Size++ }), ErrCorrupt, ErrCorrupt, "the manifest says"},
		{"file count lies", rewrite(t, good.Path, func(m *Manifest) {
			m.Files = append(m.Files, FileEntry{Path: "config/missing.yaml", Size: 1, SHA256: hex.EncodeToString(sum[:])})
		}), ErrCorrupt, ErrCorrupt, "listed in the manifest but missing"},
		{"faithful re-pack (control)", rewrite(t, good.Path, func(m *Manifest) {}), nil, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "from-elsewhere.tar.gz")
			os.WriteFile(p, tt.data, 0o600)
			before := folder(t, svc.Dir())
			_, verr := svc.Verify(ctx, p)
			if tt.verifyErr == nil && verr != nil || tt.verifyErr != nil && !errors.Is(verr, tt.verifyErr) {
				t.Errorf("verify err = %v, want %v", verr, tt.verifyErr)
			}
			if tt.restoreErr == nil {
				return // the untouched re-pack: a control that the re-packing is faithful
			}
			_, err := svc.Restore(ctx, p)
			if !errors.Is(err, tt.restoreErr) || !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("restore err = %v, want %v with %q", err, tt.restoreErr, tt.message)
			}
			if got := titles(t, db); got != want {
				t.Errorf("data changed: %q", got)
			}
			if b, _ := os.ReadFile(h.ConfigFile()); !bytes.Equal(b, cfg) {
				t.Error("config changed")
			}
			if after := folder(t, svc.Dir()); strings.Join(after, ",") != strings.Join(before, ",") {
				t.Errorf("backups folder %v, was %v (a refused restore must not even make a pre-restore backup)", after, before)
			}
		})
	}
}

// pauseWatch records whether the writers were paused at each snapshot.
type pauseWatch struct {
	*store.Store
	paused *bool
	seen   []bool
}

func (p *pauseWatch) Snapshot(ctx context.Context, dst string) error {
	p.seen = append(p.seen, *p.paused)
	return p.Store.Snapshot(ctx, dst)
}

// TestRestoreBacksUpWithWritersPaused: the pre-restore backup and the
// rollback copy are taken with the writers paused, so nothing written
// just before the swap is missing from the pre-restore backup.
func TestRestoreBacksUpWithWritersPaused(t *testing.T) {
	ctx := t.Context()
	h, db := testHome(t)
	paused := false
	w := &pauseWatch{Store: db, paused: &paused}
	svc := New(h, w, Options{Pause: func(context.Context) func() {
		paused = true
		return func() { paused = false }
	}})
	good, err := svc.Create(ctx, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	w.seen = nil
	if _, err := svc.Restore(ctx, good.Path); err != nil {
		t.Fatal(err)
	}
	if len(w.seen) != 2 || !w.seen[0] || !w.seen[1] || paused {
		t.Errorf("snapshots paused %v (want both true), still paused after: %v", w.seen, paused)
	}
}
