package desktop

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

type fakeFiles struct {
	pick   string
	opened []string
}

func (f *fakeFiles) PickArchive(context.Context) (string, error) { return f.pick, nil }
func (f *fakeFiles) OpenFolder(_ context.Context, dir string) error {
	f.opened = append(f.opened, dir)
	return nil
}

type events struct {
	mu   sync.Mutex
	list []BackupProgress
}

func (e *events) emit(name string, data any) {
	if name != BackupProgressEvent {
		return
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.list = append(e.list, data.(BackupProgress))
}

func TestBackupsFacade(t *testing.T) {
	ctx := t.Context()
	h, err := home.Prepare(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, h.Database(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.CreateSession(ctx, "元のセッション")
	svc := backup.New(h, db, backup.Options{})
	files := &fakeFiles{}
	app, start := NewApp(nil)
	ev := &events{}
	start(ctx, Services{Monitor: fakeMonitor{}, Backups: svc, Emit: ev.emit}, nil)
	b := NewBackups(app, files)

	info, err := b.Create(false)
	if err != nil || !info.Valid {
		t.Fatalf("Create = %+v, %v", info, err)
	}
	if len(ev.list) < 2 || ev.list[len(ev.list)-1].Phase != "done" || ev.list[0].Op != "create" {
		t.Errorf("progress events %+v", ev.list)
	}
	list, err := b.List()
	if err != nil || len(list.Backups) != 1 || list.Folder != svc.Dir() || list.Backups[0].Manifest.Counts.Sessions != 1 {
		t.Fatalf("List = %+v, %v", list, err)
	}
	if v, err := b.Verify(info.Name); err != nil || !v.Valid {
		t.Errorf("Verify = %+v, %v", v, err)
	}
	if _, err := b.Verify("../config/config.yaml"); !errors.Is(err, backup.ErrNotFound) {
		t.Errorf("Verify(../) err = %v", err)
	}
	// A damaged copy in the folder verifies as invalid, not as an error.
	good, _ := os.ReadFile(info.Path)
	bad := "genkai_rag_backup_20000101_000000.tar.gz"
	os.WriteFile(filepath.Join(svc.Dir(), bad), good[:len(good)/2], 0o600)
	if v, err := b.Verify(bad); err != nil || v.Valid || !strings.Contains(v.Error, "damaged") {
		t.Errorf("Verify(damaged) = %+v, %v", v, err)
	}

	// Inspect: what the archive holds, before the confirmation.
	in, err := b.Inspect(info.Name)
	if err != nil || !in.Valid || in.Manifest == nil || in.Manifest.Counts.Sessions != 1 || in.SchemaVersion == 0 {
		t.Errorf("Inspect = %+v, %v", in, err)
	}
	if in, err := b.Inspect(bad); err != nil || in.Valid || !strings.Contains(in.Error, "damaged") {
		t.Errorf("Inspect(damaged) = %+v, %v", in, err)
	}
	if _, err := b.Inspect("../config/config.yaml"); !errors.Is(err, backup.ErrNotFound) {
		t.Errorf("Inspect(../) err = %v", err)
	}
	if _, err := b.InspectFile("relative.tar.gz"); err == nil {
		t.Error("InspectFile of a relative path succeeded")
	}

	db.CreateSession(ctx, "後から")
	res, err := b.Restore(info.Name)
	if err != nil || res.PreRestoreBackup == "" {
		t.Fatalf("Restore = %+v, %v", res, err)
	}
	if s, _ := db.Sessions(ctx); len(s) != 1 {
		t.Errorf("after restore %d sessions", len(s))
	}

	// A file from elsewhere, picked with the dialog.
	other := filepath.Join(t.TempDir(), "laptop.tar.gz")
	pre, _ := os.ReadFile(filepath.Join(svc.Dir(), res.PreRestoreBackup))
	os.WriteFile(other, pre, 0o600)
	files.pick = other
	p, err := b.PickFile()
	if err != nil || p != other {
		t.Fatalf("PickFile = %q, %v", p, err)
	}
	if in, err := b.InspectFile(p); err != nil || !in.Valid || in.Name != "laptop.tar.gz" {
		t.Errorf("InspectFile = %+v, %v", in, err)
	}
	if _, err := b.RestoreFile(p); err != nil {
		t.Fatal(err)
	}
	if s, _ := db.Sessions(ctx); len(s) != 2 {
		t.Errorf("after RestoreFile %d sessions, want 2", len(s))
	}
	junk := filepath.Join(t.TempDir(), "junk.tar.gz")
	os.WriteFile(junk, []byte("junk"), 0o600)
	for _, path := range []string{junk, "relative.tar.gz", t.TempDir()} {
		if _, err := b.RestoreFile(path); err == nil {
			t.Errorf("RestoreFile(%q) succeeded", path)
		}
	}
	if s, _ := db.Sessions(ctx); len(s) != 2 {
		t.Errorf("a refused restore changed the data: %d sessions", len(s))
	}

	if err := b.OpenFolder(); err != nil || len(files.opened) != 1 || files.opened[0] != svc.Dir() {
		t.Errorf("OpenFolder: %v %v", err, files.opened)
	}
	if err := b.Delete(bad); err != nil {
		t.Error(err)
	}
	if err := b.Delete(bad); !errors.Is(err, backup.ErrNotFound) {
		t.Errorf("second Delete err = %v", err)
	}

	// Without a backups service or file chooser: clear errors.
	app2, start2 := NewApp(nil)
	start2(ctx, Services{Monitor: fakeMonitor{}}, nil)
	if _, err := NewBackups(app2, nil).List(); !errors.Is(err, ErrNoBackups) {
		t.Errorf("List without service: %v", err)
	}
	if _, err := NewBackups(app, nil).PickFile(); err == nil {
		t.Error("PickFile without a chooser succeeded")
	}
}

// TestBackupsRestoreReportsResets: the desktop restore result lists the
// protected settings from the archive that were not applied.
func TestBackupsRestoreReportsResets(t *testing.T) {
	ctx := t.Context()
	h, err := home.Prepare(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, h.Database(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := backup.New(h, db, backup.Options{})
	os.WriteFile(h.ConfigFile(), []byte("llm:\n  ollama_host: http://evil.example:11434\n"), 0o600)
	info, err := svc.Create(ctx, backup.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(h.ConfigFile(), []byte("llm:\n  default_model: mine\n"), 0o600)
	app, start := NewApp(nil)
	start(ctx, Services{Monitor: fakeMonitor{}, Backups: svc, Emit: func(string, any) {}}, nil)
	b := NewBackups(app, nil)
	in, err := b.Inspect(info.Name)
	if err != nil || len(in.Resets) != 1 || in.Resets[0].Key != "llm.ollama_host" {
		t.Fatalf("Inspect = %+v, %v", in, err)
	}
	res, err := b.Restore(info.Name)
	if err != nil || len(res.Resets) != 1 || !strings.Contains(res.Resets[0].Message, "llm.ollama_host from the archive (http://evil.example:11434) was not applied") {
		t.Fatalf("Restore = %+v, %v", res, err)
	}
	if b, _ := os.ReadFile(h.ConfigFile()); strings.Contains(string(b), "evil") {
		t.Errorf("config after restore:\n%s", b)
	}
}
