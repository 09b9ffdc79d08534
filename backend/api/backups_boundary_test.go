package api

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/backup"
)

// send makes a request to the loopback address with an optional token
// and content type.
func sendAs(t *testing.T, h http.Handler, method, path, token, ctype string, body []byte) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, "http://127.0.0.1:8000"+path, bytes.NewReader(body))
	if token != "" {
		r.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		r.Header.Set("Content-Type", ctype)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, r)
	return rec
}

// TestBackupUploadAndRestoreNeedTheToken: with a token set, an upload or
// a restore without it (or with a wrong one) is refused and changes
// nothing; with it, both work.
func TestBackupUploadAndRestoreNeedTheToken(t *testing.T) {
	svc, db := backupService(t)
	info, err := svc.Create(t.Context(), backup.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	archive, _ := os.ReadFile(info.Path)
	db.CreateSession(t.Context(), "後から")
	const token = "a-long-random-token-0123456789"
	h := newTest(Options{Backups: svc, APIToken: token}).Handler()
	before := entries(t, svc.Dir())
	for _, bad := range []string{"", "wrong-token-0123456789"} {
		if rec := sendAs(t, h, "POST", "/api/backups/upload", bad, "application/gzip", archive); rec.Code != http.StatusUnauthorized {
			t.Errorf("upload with token %q = %d %s", bad, rec.Code, rec.Body)
		}
		if rec := sendAs(t, h, "POST", "/api/backups/"+info.Name+"/restore", bad, "", nil); rec.Code != http.StatusUnauthorized {
			t.Errorf("restore with token %q = %d %s", bad, rec.Code, rec.Body)
		}
		if rec := sendAs(t, h, "GET", "/api/backups/"+info.Name, bad, "", nil); rec.Code != http.StatusUnauthorized {
			t.Errorf("inspect with token %q = %d %s", bad, rec.Code, rec.Body)
		}
	}
	if now := entries(t, svc.Dir()); now != before {
		t.Errorf("refused requests changed the backups folder: %s, was %s", now, before)
	}
	if list, _ := db.Sessions(t.Context()); len(list) != 2 {
		t.Errorf("refused restore changed the data: %d sessions", len(list))
	}
	if rec := sendAs(t, h, "POST", "/api/backups/upload", token, "application/gzip", archive); rec.Code != http.StatusCreated {
		t.Errorf("upload with the token = %d %s", rec.Code, rec.Body)
	}
	if rec := sendAs(t, h, "POST", "/api/backups/"+info.Name+"/restore", token, "", nil); rec.Code != http.StatusOK {
		t.Errorf("restore with the token = %d %s", rec.Code, rec.Body)
	}
}

// craftArchive packs a manifest and files (path → body) as the backup
// package does.
func craftArchive(t *testing.T, schema int, files map[string]string) []byte {
	t.Helper()
	m := backup.Manifest{Format: backup.FormatVersion, SchemaVersion: schema, CreatedAt: "2026-11-24T09:00:00Z"}
	for p, body := range files {
		sum := sha256.Sum256([]byte(body))
		m.Files = append(m.Files, backup.FileEntry{Path: p, Size: int64(len(body)), SHA256: hex.EncodeToString(sum[:])})
	}
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	tw := tar.NewWriter(gz)
	mb, _ := json.Marshal(m)
	tw.WriteHeader(&tar.Header{Name: backup.ManifestName, Mode: 0o600, Size: int64(len(mb)), Typeflag: tar.TypeReg})
	tw.Write(mb)
	for _, f := range m.Files {
		tw.WriteHeader(&tar.Header{Name: f.Path, Mode: 0o600, Size: f.Size, Typeflag: tar.TypeReg})
		tw.Write([]byte(files[f.Path]))
	}
	tw.Close()
	gz.Close()
	return buf.Bytes()
}

// TestBackupUploadRefusesWhatRestoreRefuses: an upload is checked as a
// restore would check it, with the same words, and not kept.
func TestBackupUploadRefusesWhatRestoreRefuses(t *testing.T) {
	svc, _ := backupService(t)
	h := newTest(Options{Backups: svc}).Handler()
	before := entries(t, svc.Dir())
	for name, tc := range map[string]struct {
		data []byte
		want string
	}{
		"no database":  {craftArchive(t, 1, map[string]string{"config/config.yaml": "x: 1\n"}), "the archive has no data/genkai_rag.db"},
		"not SQLite":   {craftArchive(t, 1, map[string]string{"data/genkai_rag.db": "not a database"}), "is not a SQLite database"},
		"newer schema": {craftArchive(t, 999, map[string]string{"data/genkai_rag.db": "x"}), "update Genkai RAG first"},
	} {
		rec := sendAs(t, h, "POST", "/api/backups/upload", "", "application/gzip", tc.data)
		if rec.Code != http.StatusUnprocessableEntity || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("upload %s = %d %s", name, rec.Code, rec.Body)
		}
		p := filepath.Join(t.TempDir(), "a.tar.gz")
		os.WriteFile(p, tc.data, 0o600)
		if _, err := svc.Restore(t.Context(), p); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("restore %s: %v, want %q", name, err, tc.want)
		}
		if now := entries(t, svc.Dir()); strings.ReplaceAll(now, ".lock,", "") != strings.ReplaceAll(before, ".lock,", "") {
			t.Errorf("upload %s kept %s", name, now)
		}
	}
}

// TestBackupInspectShowsResets: GET /api/backups/{name} shows what the
// archive holds and which protected keys a restore would keep; the
// restore's JSON lists them too.
func TestBackupInspectShowsResets(t *testing.T) {
	svc, _ := backupService(t)
	cfgFile := filepath.Join(filepath.Dir(svc.Dir()), "config", "config.yaml")
	os.WriteFile(cfgFile, []byte("server:\n  host: 0.0.0.0\n  api_token: evil-token-0123456789\n"), 0o600)
	info, err := svc.Create(t.Context(), backup.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(cfgFile, []byte("llm:\n  default_model: qwen2.5:7b\n"), 0o600)
	h := newTest(Options{Backups: svc}).Handler()
	rec := sendAs(t, h, "GET", "/api/backups/"+info.Name, "", "", nil)
	var in backup.Inspection
	if err := json.Unmarshal(rec.Body.Bytes(), &in); rec.Code != 200 || err != nil || !in.Valid || in.Manifest == nil || in.Manifest.Counts.Sessions != 1 || len(in.Resets) != 2 {
		t.Fatalf("inspect = %d %s", rec.Code, rec.Body)
	}
	if !strings.Contains(rec.Body.String(), "server.host from the archive (0.0.0.0) was not applied; kept 127.0.0.1") || strings.Contains(rec.Body.String(), "evil-token") {
		t.Errorf("inspect body %s", rec.Body)
	}
	if b, _ := os.ReadFile(cfgFile); !strings.Contains(string(b), "qwen2.5:7b") {
		t.Error("inspect changed the configuration")
	}
	rec = sendAs(t, h, "POST", "/api/backups/"+info.Name+"/restore", "", "", nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"resets":[{"key":"server.host"`) {
		t.Errorf("restore = %d %s", rec.Code, rec.Body)
	}
	if rec := sendAs(t, h, "GET", "/api/backups/genkai_rag_backup_19990101_000000.tar.gz", "", "", nil); rec.Code != 404 {
		t.Errorf("inspect unknown = %d", rec.Code)
	}
}
