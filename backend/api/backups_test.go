package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

func backupService(t testing.TB) (*backup.Service, *store.Store) {
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
	db.CreateSession(context.Background(), "GPUジョブ")
	os.WriteFile(h.ConfigFile(), []byte("llm:\n  default_model: qwen2.5:7b\n"), 0o600)
	return backup.New(h, db, backup.Options{AppVersion: "1.0.0"}), db
}

func do(t *testing.T, h http.Handler, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	var r *http.Request
	if body == "" {
		r = httptest.NewRequest(method, path, nil)
	} else {
		r = withType(httptest.NewRequest(method, path, strings.NewReader(body)), body)
	}
	h.ServeHTTP(rec, r)
	return rec
}

func TestBackupEndpoints(t *testing.T) {
	svc, db := backupService(t)
	h := newTest(Options{Backups: svc, MaxBodyBytes: 1024, MaxUploadBytes: 1 << 20}).Handler()

	rec := do(t, h, "POST", "/api/backups", `{"include_logs": true}`)
	var info backup.Info
	if err := json.Unmarshal(rec.Body.Bytes(), &info); rec.Code != 201 || err != nil || !backup.ValidName(info.Name) {
		t.Fatalf("create = %d %s", rec.Code, rec.Body)
	}
	db.CreateSession(t.Context(), "後から")
	archive, _ := os.ReadFile(info.Path)

	for _, tc := range []struct {
		method, path, body string
		code               int
		want               string
	}{
		{"GET", "/api/backups", "", 200, `"name":"` + info.Name},
		{"POST", "/api/backups", `{"include_logs": "x"}`, 400, "must be JSON"},
		{"POST", "/api/backups/" + info.Name + "/verify", "", 200, `"valid":true`},
		{"POST", "/api/backups/..%2Fconfig%2Fconfig.yaml/verify", "", 400, "invalid_name"},
		{"POST", "/api/backups/evil.tar.gz/restore", "", 400, "is not a backup name"},
		{"POST", "/api/backups/genkai_rag_backup_19990101_000000.tar.gz/restore", "", 404, "no such backup"},
		{"DELETE", "/api/backups/genkai_rag_backup_19990101_000000.tar.gz", "", 404, "no such backup"},
		{"POST", "/api/backups/" + info.Name + "/restore", "", 200, `"pre_restore_backup":"genkai_rag_backup_`},
	} {
		rec := do(t, h, tc.method, tc.path, tc.body)
		if rec.Code != tc.code || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("%s %s = %d %s; want %d %q", tc.method, tc.path, rec.Code, rec.Body, tc.code, tc.want)
		}
	}
	if list, _ := db.Sessions(t.Context()); len(list) != 1 {
		t.Errorf("after restore %d sessions, want 1", len(list))
	}

	// Upload: bigger than MaxBodyBytes but within MaxUploadBytes.
	if len(archive) <= 1024 {
		t.Fatalf("archive of %d bytes does not test the body-limit exemption", len(archive))
	}
	rec = do(t, h, "POST", "/api/backups/upload", string(archive))
	var up backup.Info
	if err := json.Unmarshal(rec.Body.Bytes(), &up); rec.Code != 201 || err != nil || !up.Valid || !backup.ValidName(up.Name) || up.Name == info.Name {
		t.Fatalf("upload = %d %s", rec.Code, rec.Body)
	}
	if b, _ := os.ReadFile(up.Path); !bytes.Equal(b, archive) {
		t.Error("uploaded archive differs from the sent one")
	}
	before := entries(t, svc.Dir())
	for _, tc := range []struct {
		name, body string
		code       int
		want       string
	}{
		{"not an archive", "hello, this is a photo", 422, "this file cannot be restored and was not kept: not a Genkai RAG backup"},
		{"truncated", string(archive[:len(archive)/2]), 422, "damaged"},
		{"empty", "", 400, "upload is empty"},
		{"too large", strings.Repeat("x", 2<<20), 413, "upload limit"},
	} {
		rec := do(t, h, "POST", "/api/backups/upload", tc.body)
		if rec.Code != tc.code || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("upload %s = %d %s", tc.name, rec.Code, rec.Body)
		}
		if now := entries(t, svc.Dir()); now != before {
			t.Errorf("upload %s left files: %s, was %s", tc.name, now, before)
		}
	}

	rec = do(t, h, "DELETE", "/api/backups/"+up.Name, "")
	if rec.Code != 200 {
		t.Errorf("delete = %d %s", rec.Code, rec.Body)
	}
	if _, err := os.Stat(up.Path); !os.IsNotExist(err) {
		t.Error("deleted archive still there")
	}
	if rec := do(t, newTest(Options{}).Handler(), "GET", "/api/backups", ""); rec.Code != 503 {
		t.Errorf("no backups service = %d", rec.Code)
	}
}

// entries lists a folder's names, hidden ones included.
func entries(t *testing.T, dir string) string {
	t.Helper()
	ents, _ := os.ReadDir(dir)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return strings.Join(names, ",")
}

// busyBackups answers as the service does while another backup or
// restore runs (the lock itself is tested in package backup).
type busyBackups struct{ backup.Archives }

func (busyBackups) Create(context.Context, backup.CreateOptions) (backup.Info, error) {
	return backup.Info{}, backup.ErrBusy
}

func (busyBackups) Restore(context.Context, string) (backup.RestoreResult, error) {
	return backup.RestoreResult{}, fmt.Errorf("restore: %w", backup.ErrBusy)
}

// fullBackups fails as the service does on a full disk.
type fullBackups struct{ backup.Archives }

func (fullBackups) Create(context.Context, backup.CreateOptions) (backup.Info, error) {
	return backup.Info{}, fmt.Errorf("create backup: no space left on the disk holding /x/backups: free some space or prune old backups: %w", syscall.ENOSPC)
}

func TestBackupNoSpaceIs507(t *testing.T) {
	svc, _ := backupService(t)
	rec := do(t, newTest(Options{Backups: fullBackups{svc}}).Handler(), "POST", "/api/backups", "")
	if rec.Code != http.StatusInsufficientStorage || !strings.Contains(rec.Body.String(), "free some space") {
		t.Errorf("create on a full disk = %d %s", rec.Code, rec.Body)
	}
}

func TestBackupBusyIs409(t *testing.T) {
	svc, _ := backupService(t)
	info, err := svc.Create(t.Context(), backup.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	h := newTest(Options{Backups: busyBackups{svc}}).Handler()
	for _, path := range []string{"/api/backups", "/api/backups/" + info.Name + "/restore"} {
		rec := do(t, h, "POST", path, "")
		if rec.Code != 409 || !strings.Contains(rec.Body.String(), "already running") {
			t.Errorf("POST %s while busy = %d %s", path, rec.Code, rec.Body)
		}
	}
}

// FuzzBackupRequests sends any method, name and body to the backup
// routes: no 5xx, nothing kept from a bad upload, nothing outside the
// backups folder touched.
func FuzzBackupRequests(f *testing.F) {
	f.Add("POST", "genkai_rag_backup_20260101_000000.tar.gz", "/restore", []byte{})
	f.Add("DELETE", "..%2F..%2Fconfig", "", []byte{})
	f.Add("POST", "upload", "", []byte{0x1f, 0x8b, 8, 0, 0, 0})
	f.Add("POST", "x", "/verify", []byte("{}"))
	svc, _ := backupService(f)
	cfgPath := filepath.Join(filepath.Dir(svc.Dir()), "config", "config.yaml")
	cfg, _ := os.ReadFile(cfgPath)
	h := newTest(Options{Backups: svc, MaxUploadBytes: 1 << 16}).Handler()
	f.Fuzz(func(t *testing.T, method, name, rest string, body []byte) {
		req, err := http.NewRequest(method, "http://x/api/backups/"+name+rest, bytes.NewReader(body))
		if err != nil {
			return
		}
		withType(req, string(body)) // past the browser boundary, into the handlers
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q %q gave %d: %s", method, name, rest, rec.Code, rec.Body)
		}
		for _, n := range strings.Split(entries(t, svc.Dir()), ",") {
			if strings.HasPrefix(n, ".") && n != ".lock" { // the folder's lock file is not a leftover
				t.Fatalf("left %s behind", n)
			}
		}
		if b, _ := os.ReadFile(cfgPath); !bytes.Equal(b, cfg) {
			t.Fatal("the configuration changed")
		}
	})
}
