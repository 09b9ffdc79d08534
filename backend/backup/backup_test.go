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
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// testHome makes a data home with a database holding two sessions and a
// config file.
func testHome(t testing.TB) (home.Home, *store.Store) {
	t.Helper()
	h, err := home.Prepare(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), h.Database(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	for _, title := range []string{"GPUジョブ", "ストレージ"} {
		if _, err := db.CreateSession(context.Background(), title); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(h.ConfigFile(), []byte("llm:\n  default_model: qwen2.5:7b\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return h, db
}

func titles(t *testing.T, db *store.Store) string {
	t.Helper()
	list, err := db.Sessions(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range list {
		out = append(out, s.Title)
	}
	return strings.Join(out, ",")
}

func TestRoundTrip(t *testing.T) {
	ctx := t.Context()
	h, db := testHome(t)
	restored := 0
	svc := New(h, db, Options{AppVersion: "1.2.3", EmbeddingModel: func() string { return "bge-m3" }, AfterRestore: func(context.Context) { restored++ }})
	var last, total int64
	info, err := svc.Create(ctx, CreateOptions{IncludeLogs: true, Progress: func(d, tt int64) { last, total = d, tt }})
	if err != nil {
		t.Fatal(err)
	}
	if !ValidName(info.Name) || info.Manifest.Counts.Sessions != 2 || info.Manifest.EmbeddingModel != "bge-m3" || info.Manifest.AppVersion != "1.2.3" || last != total || total == 0 {
		t.Fatalf("created %+v (progress %d/%d)", info, last, total)
	}
	before, wantCfg := titles(t, db), "llm:\n  default_model: qwen2.5:7b\n"

	// Change everything, then restore.
	if _, err := db.CreateSession(ctx, "後から"); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(h.ConfigFile(), []byte("llm:\n  default_model: other\n"), 0o600)
	os.WriteFile(filepath.Join(h.Config(), ".env"), []byte("GENKAI_SERVER_PORT=1\n"), 0o600)
	res, err := svc.Restore(ctx, info.Path)
	if err != nil {
		t.Fatal(err)
	}
	if got := titles(t, db); got != before {
		t.Errorf("sessions after restore %q, want %q", got, before)
	}
	if b, _ := os.ReadFile(h.ConfigFile()); string(b) != wantCfg {
		t.Errorf("config after restore %q", b)
	}
	if _, err := os.Stat(filepath.Join(h.Config(), ".env")); !os.IsNotExist(err) {
		t.Error(".env made after the backup survived the restore")
	}
	if restored != 1 || res.PreRestoreBackup == "" {
		t.Errorf("after-restore hook %d, pre-restore %q", restored, res.PreRestoreBackup)
	}
	// The pre-restore archive undoes the restore.
	if _, err := svc.Restore(ctx, filepath.Join(svc.Dir(), res.PreRestoreBackup)); err != nil {
		t.Fatal(err)
	}
	if got := titles(t, db); !strings.Contains(got, "後から") {
		t.Errorf("undo restore: sessions %q", got)
	}
	list, err := svc.List()
	if err != nil || len(list) != 3 {
		t.Fatalf("list = %d %v", len(list), err)
	}
	for _, b := range list {
		if !b.Valid {
			t.Errorf("%s invalid: %s", b.Name, b.Error)
		}
		if _, err := svc.Verify(t.Context(), b.Path); err != nil {
			t.Error(err)
		}
	}
	if fi, _ := os.Stat(svc.Dir()); fi.Mode().Perm() != 0o700 {
		t.Errorf("backups folder mode %v", fi.Mode().Perm())
	}
}

func TestDamagedArchivesRejectedAndDataKept(t *testing.T) {
	ctx := t.Context()
	h, db := testHome(t)
	svc := New(h, db, Options{})
	info, err := svc.Create(ctx, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(info.Path)
	db.CreateSession(ctx, "live")
	want := titles(t, db)
	cases := map[string][]byte{
		"truncated":  good[:len(good)*2/3],
		"tail cut":   good[:len(good)-4],
		"trailing":   append(append([]byte{}, good...), "junk"...),
		"not gzip":   []byte("hello, this is not a backup"),
		"empty":      {},
		"bit flip 1": flip(good, len(good)/2),
		"bit flip 2": flip(good, len(good)-12),
	}
	for name, data := range cases {
		p := filepath.Join(t.TempDir(), "genkai_rag_backup_20260101_000000.tar.gz")
		os.WriteFile(p, data, 0o600)
		if _, err := svc.Verify(ctx, p); err == nil {
			t.Errorf("%s: verified", name)
		}
		if _, err := svc.Restore(ctx, p); err == nil || !(errors.Is(err, ErrCorrupt) || errors.Is(err, ErrNotArchive) || errors.Is(err, ErrUnsafe)) {
			t.Errorf("%s: restore err = %v", name, err)
		}
		if got := titles(t, db); got != want {
			t.Fatalf("%s: live data changed: %q", name, got)
		}
	}
	if b, _ := os.ReadFile(h.ConfigFile()); !strings.Contains(string(b), "qwen2.5:7b") {
		t.Error("config changed by a refused restore")
	}
}

func flip(b []byte, i int) []byte {
	c := append([]byte{}, b...)
	c[i] ^= 0x10
	return c
}

// craft writes a tar.gz with the given manifest files and entries.
type entry struct {
	hdr  tar.Header
	body string
}

func craft(t testing.TB, files []FileEntry, entries []entry) []byte {
	return craftManifest(t, Manifest{Format: FormatVersion, SchemaVersion: 1, Files: files}, entries)
}

func craftManifest(t testing.TB, man Manifest, entries []entry) []byte {
	t.Helper()
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	m, _ := json.Marshal(man)
	tw.WriteHeader(&tar.Header{Name: ManifestName, Mode: 0o600, Size: int64(len(m)), Typeflag: tar.TypeReg})
	tw.Write(m)
	for _, e := range entries {
		h := e.hdr
		if h.Typeflag == tar.TypeReg {
			h.Size = int64(len(e.body))
		}
		h.Mode = 0o600
		if err := tw.WriteHeader(&h); err != nil {
			t.Fatal(err)
		}
		tw.Write([]byte(e.body))
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

func fe(path, body string) FileEntry {
	sum := sha256.Sum256([]byte(body))
	return FileEntry{Path: path, Size: int64(len(body)), SHA256: hex.EncodeToString(sum[:])}
}

func reg(name, body string) entry {
	return entry{tar.Header{Name: name, Typeflag: tar.TypeReg}, body}
}

func TestHostileArchives(t *testing.T) {
	ok := fe("config/config.yaml", "x: 1")
	tests := []struct {
		name    string
		files   []FileEntry
		entries []entry
		lim     Limits
		want    error
	}{
		{"zip slip", []FileEntry{fe("config/../../evil", "x")}, []entry{reg("config/../../evil", "x")}, Limits{}, ErrUnsafe},
		{"dotdot entry", []FileEntry{ok}, []entry{reg("../evil", "x")}, Limits{}, ErrUnsafe},
		{"absolute", []FileEntry{fe("/etc/passwd", "x")}, []entry{reg("/etc/passwd", "x")}, Limits{}, ErrUnsafe},
		{"outside top folders", []FileEntry{fe("bin/x", "x")}, []entry{reg("bin/x", "x")}, Limits{}, ErrUnsafe},
		{"symlink", []FileEntry{ok}, []entry{{tar.Header{Name: "config/config.yaml", Typeflag: tar.TypeSymlink, Linkname: "/etc/passwd"}, ""}}, Limits{}, ErrUnsafe},
		{"hardlink", []FileEntry{ok}, []entry{{tar.Header{Name: "config/config.yaml", Typeflag: tar.TypeLink, Linkname: "../../x"}, ""}}, Limits{}, ErrUnsafe},
		{"device", []FileEntry{ok}, []entry{{tar.Header{Name: "config/config.yaml", Typeflag: tar.TypeChar}, ""}}, Limits{}, ErrUnsafe},
		{"duplicate", []FileEntry{ok}, []entry{reg("config/config.yaml", "x: 1"), reg("config/config.yaml", "x: 1")}, Limits{}, ErrUnsafe},
		{"unlisted", []FileEntry{ok}, []entry{reg("config/config.yaml", "x: 1"), reg("config/extra", "y")}, Limits{}, ErrUnsafe},
		{"manifest lies about size", []FileEntry{{Path: ok.Path, Size: 99, SHA256: ok.SHA256}}, []entry{reg("config/config.yaml", "x: 1")}, Limits{}, ErrCorrupt},
		{"manifest lies about sha", []FileEntry{fe("config/config.yaml", "x: 2")}, []entry{reg("config/config.yaml", "x: 1")}, Limits{}, ErrCorrupt},
		{"missing file", []FileEntry{ok, fe("config/b", "b")}, []entry{reg("config/config.yaml", "x: 1")}, Limits{}, ErrCorrupt},
		{"too big", []FileEntry{ok}, []entry{reg("config/config.yaml", "x: 1")}, Limits{MaxFileBytes: 2}, ErrUnsafe},
		{"too many", []FileEntry{ok, fe("config/b", "b")}, []entry{reg("config/config.yaml", "x: 1"), reg("config/b", "b")}, Limits{MaxEntries: 2}, ErrUnsafe},
		{"valid", []FileEntry{ok}, []entry{reg("config/config.yaml", "x: 1")}, Limits{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := craft(t, tt.files, tt.entries)
			dst := t.TempDir()
			wrote := false
			_, err := readArchive(bytes.NewReader(data), tt.lim.withDefaults(), func(FileEntry, io.Reader) error { wrote = true; return nil })
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if tt.want == ErrUnsafe && wrote && !strings.Contains(tt.name, "duplicate") && !strings.Contains(tt.name, "unlisted") {
				t.Error("an unsafe archive reached the writer")
			}
			ents, _ := os.ReadDir(dst)
			if len(ents) != 0 {
				t.Error("files written")
			}
		})
	}
}

func TestRestoreRefusesNewerSchema(t *testing.T) {
	h, db := testHome(t)
	svc := New(h, db, Options{})
	files := []FileEntry{fe("data/genkai_rag.db", "x")}
	data := craftManifest(t, Manifest{Format: FormatVersion, SchemaVersion: 999, AppVersion: "9.0", Files: files}, []entry{reg("data/genkai_rag.db", "x")})
	p := filepath.Join(t.TempDir(), "newer.tar.gz")
	os.WriteFile(p, data, 0o600)
	if _, err := svc.Restore(t.Context(), p); !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), "update Genkai RAG") {
		t.Fatalf("err = %v", err)
	}
	if list, _ := svc.List(); len(list) != 0 {
		t.Error("a refused restore made a pre-restore backup")
	}
}

func TestRestoreRollsBackOnFailure(t *testing.T) {
	ctx := t.Context()
	h, db := testHome(t)
	svc := New(h, db, Options{})
	info, err := svc.Create(ctx, CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	db.CreateSession(ctx, "keep me")
	os.WriteFile(h.ConfigFile(), []byte("llm:\n  default_model: mine\n"), 0o600)
	want := titles(t, db)
	svc.fault = func() error { return errors.New("injected failure") }
	if _, err := svc.Restore(ctx, info.Path); err == nil || !strings.Contains(err.Error(), "previous data is kept") {
		t.Fatalf("err = %v", err)
	}
	if got := titles(t, db); got != want {
		t.Errorf("sessions %q, want %q", got, want)
	}
	if b, _ := os.ReadFile(h.ConfigFile()); !strings.Contains(string(b), "mine") {
		t.Errorf("config not rolled back: %q", b)
	}
}

func TestPruneAndBusy(t *testing.T) {
	ctx := t.Context()
	h, db := testHome(t)
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	svc := New(h, db, Options{Now: func() time.Time { return now }})
	var names []string
	for range 4 {
		now = now.Add(24 * time.Hour)
		info, err := svc.Create(ctx, CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, info.Name)
	}
	// Leftovers of a killed backup are cleaned.
	os.WriteFile(filepath.Join(svc.Dir(), ".genkai_rag_backup_x.tar.gz.partial"), []byte("x"), 0o600)
	os.Mkdir(filepath.Join(svc.Dir(), ".staging-123"), 0o700)
	res, err := svc.Prune(2, 0)
	if err != nil {
		t.Fatal(err)
	}
	list, _ := svc.List()
	if len(list) != 3 || list[0].Name != names[3] || len(res.Removed) != 3 {
		t.Fatalf("after prune: %+v removed %v", list, res.Removed)
	}
	if res, _ := svc.Prune(0, 1); len(res.Removed) != 2 {
		t.Errorf("keep 1 removed %v", res.Removed)
	}
	// Even if every backup is too old, the newest is kept.
	now = now.Add(365 * 24 * time.Hour)
	if res, _ := svc.Prune(30, 0); res.Kept != 1 {
		t.Errorf("newest valid backup pruned: %+v", res)
	}
	svc.busy.Lock()
	if _, err := svc.Create(ctx, CreateOptions{}); !errors.Is(err, ErrBusy) {
		t.Errorf("create while busy: %v", err)
	}
	svc.busy.Unlock()
	if _, err := svc.Path("../../etc/passwd"); !errors.Is(err, ErrNotFound) {
		t.Errorf("path trick: %v", err)
	}
}

func TestPreMigrateBacksUpOldSchema(t *testing.T) {
	h, db := testHome(t)
	db.Close()
	hook := PreMigrate(h, "9.9", nil)
	if err := hook(t.Context(), 3, store.SchemaVersion()); err != nil {
		t.Fatal(err)
	}
	list, err := New(h, nil, Options{}).List()
	if err != nil || len(list) != 1 || !list[0].Valid || !strings.HasPrefix(list[0].Manifest.Reason, "pre-migration 3→") {
		t.Fatalf("list = %+v %v", list, err)
	}
}
