package store

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMigrateFromV7KeepsPagesAndCodesReasons upgrades a database frozen at
// schema 7 (before reason codes) holding pages that failed with the
// English reasons ingest wrote then: every row survives with its text, and
// gets the code its reason implies ("" for an unknown reason).
func TestMigrateFromV7KeepsPagesAndCodesReasons(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v7.db")
	schema, err := os.ReadFile(filepath.Join("testdata", "schema_v7.sql"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	rows := []struct{ url, status, reason, want string }{
		{"https://x.jp/ok", "ok", "", ""},
		{"https://x.jp/dns", "failed", "host not found: check the URL's host name and the network connection (dial tcp: lookup x.jp: no such host)", "fetch_dns"},
		{"https://x.jp/refused", "failed", "connection refused: the server is down or the port is wrong (dial tcp 127.0.0.1:1: connect: connection refused)", "fetch_refused"},
		{"https://x.jp/slow", "failed", "timed out after 30s: the server is slow or unreachable; try again later (context deadline exceeded)", "fetch_timeout"},
		{"https://x.jp/tls", "failed", "TLS certificate not trusted: the site's certificate is invalid", "fetch_tls_trust"},
		{"https://x.jp/404", "failed", "HTTP 404 Not Found", "http_status"},
		{"https://x.jp/big", "skipped", "larger than the 10 MB page limit", "page_too_large"},
		{"https://x.jp/img", "skipped", `content type "image/png" is not indexed`, "unsupported_type"},
		{"https://x.jp/scan.pdf", "failed", "the PDF has no text layer (a scanned document?); run OCR on it first", "pdf_no_text"},
		{"https://x.jp/bin", "failed", "not a text document", "not_text"},
		{"https://x.jp/away", "skipped", "redirects outside the allowed prefix to https://y.jp/", "redirect_outside"},
		{"file:///d/a.md", "failed", "cannot read the file: open /d/a.md: permission denied", "file_unreadable"},
		{"https://x.jp/odd", "failed", "something nobody foresaw", ""},
	}
	stmts := []string{string(schema), "PRAGMA user_version = 7",
		"INSERT INTO sources(id, kind, location, created_at) VALUES(1, 'site', 'https://x.jp/', '2026-01-01T00:00:00Z')"}
	for _, q := range stmts {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range rows {
		if _, err := raw.Exec("INSERT INTO pages(source_id, url, status, error) VALUES(1, ?, ?, ?)", r.url, r.status, r.reason); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	s := openTest(t, path, Options{})
	if v, err := s.Ping(t.Context()); err != nil || v != SchemaVersion() || v < 8 {
		t.Fatalf("schema after upgrade = %d, %v", v, err)
	}
	got, err := s.PageList(t.Context(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) {
		t.Fatalf("%d pages after upgrade, want %d", len(got), len(rows))
	}
	byURL := map[string]PageInfo{}
	for _, p := range got {
		byURL[p.URL] = p
	}
	for _, r := range rows {
		p := byURL[r.url]
		if p.Error != r.reason || p.Status != r.status {
			t.Errorf("%s: row changed to %q/%q", r.url, p.Status, p.Error)
		}
		if p.Code != r.want {
			t.Errorf("%s: reason_code = %q, want %q (reason %q)", r.url, p.Code, r.want, r.reason)
		}
	}
}

// TestMarkPageStoresReasonCode checks the code is stored with the reason,
// replaced by the next mark and cleared when the page is indexed again.
func TestMarkPageStoresReasonCode(t *testing.T) {
	s := openTest(t, filepath.Join(t.TempDir(), "s.db"), Options{})
	ctx := t.Context()
	src, err := s.EnsureSource(ctx, "site", "https://x.jp/", "x", "{}")
	if err != nil {
		t.Fatal(err)
	}
	code := func() string {
		ps, err := s.Pages(ctx, src.ID)
		if err != nil || len(ps) != 1 {
			t.Fatalf("pages = %v, %v", ps, err)
		}
		return ps[0].ReasonCode
	}
	if err := s.MarkPage(ctx, src.ID, "https://x.jp/a", PageFailed, "fetch_dns", "host not found"); err != nil {
		t.Fatal(err)
	}
	if c := code(); c != "fetch_dns" {
		t.Errorf("code = %q, want fetch_dns", c)
	}
	if err := s.MarkPage(ctx, src.ID, "https://x.jp/a", PageSkipped, "page_too_large", "larger than 1 MB"); err != nil {
		t.Fatal(err)
	}
	if c := code(); c != "page_too_large" {
		t.Errorf("code = %q after a second mark, want page_too_large", c)
	}
	ps, _ := s.Pages(ctx, src.ID)
	if err := s.TouchPage(ctx, ps[0].ID, ps[0].FetchedAt, "", ""); err != nil {
		t.Fatal(err)
	}
	if c := code(); c != "" {
		t.Errorf("code = %q after the page was indexed, want empty", c)
	}
}

// TestSchemaV7Frozen keeps testdata/schema_v7.sql equal to migrations
// 0001–0007: never edit a released migration.
func TestSchemaV7Frozen(t *testing.T) {
	ms, err := migrations()
	if err != nil || len(ms) < 8 {
		t.Fatalf("migrations() = %d, %v", len(ms), err)
	}
	var b strings.Builder
	for _, m := range ms[:7] {
		b.WriteString(m.sql)
	}
	frozen, _ := os.ReadFile(filepath.Join("testdata", "schema_v7.sql"))
	if string(frozen) != b.String() {
		t.Error("testdata/schema_v7.sql must stay equal to migrations 0001–0007")
	}
}
