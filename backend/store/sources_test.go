package store

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSourceKindsOpen: the store keeps a source of any non-empty kind (the
// kinds are ingest's registry, not a list in the schema), also in a
// database migrated from before 0008, whose sources and pages survive.
func TestSourceKindsOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "genkai.db")
	s, err := Open(t.Context(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	site, err := s.EnsureSource(t.Context(), "site", "https://x/", "x", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReplacePage(t.Context(), PageInput{SourceID: site.ID, URL: "https://x/a", Title: "a", ContentHash: "h"}, []ChunkInput{{Title: "a", URL: "https://x/a", Text: "玄界", Tokens: 1}}); err != nil {
		t.Fatal(err)
	}
	// Back to the schema before 0008 (and 0009's column), with data, then
	// migrate again.
	if _, err := s.w.Exec(`ALTER TABLE pages DROP COLUMN reason_code;
PRAGMA writable_schema = ON;
UPDATE sqlite_schema SET sql = replace(sql, 'CHECK (kind != '''')', 'CHECK (kind IN (''site'', ''folder'', ''beir''))') WHERE type = 'table' AND name = 'sources';
PRAGMA writable_schema = RESET;
PRAGMA user_version = 7;`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.EnsureSource(t.Context(), "git", "/repo", "repo", ""); err == nil {
		t.Fatal("the schema before 0008 took kind git; the test does not start from it")
	}
	s.Close()

	s, err = Open(t.Context(), path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var def string
	s.w.QueryRow(`SELECT sql FROM sqlite_schema WHERE name = 'sources'`).Scan(&def)
	if strings.Contains(def, "'site'") {
		t.Errorf("sources still lists the kinds: %s", def)
	}
	for _, kind := range []string{"git", "sitemap", "site", "folder"} {
		src, err := s.EnsureSource(t.Context(), kind, "/loc-"+kind, kind, "")
		if err != nil || src.Kind != kind {
			t.Errorf("EnsureSource(%q) = %+v, %v", kind, src, err)
		}
	}
	if _, err := s.EnsureSource(t.Context(), "", "/empty", "e", ""); err == nil {
		t.Error("EnsureSource with an empty kind succeeded")
	}
	srcs, err := s.Sources(t.Context())
	if err != nil || len(srcs) != 5 || srcs[0].ID != site.ID || srcs[0].Pages != 1 || srcs[0].Chunks != 1 {
		t.Errorf("Sources() = %+v, %v; want the old site with its page and 4 new sources", srcs, err)
	}
	var ic string
	if err := s.w.QueryRow(`PRAGMA integrity_check`).Scan(&ic); err != nil || ic != "ok" {
		t.Errorf("integrity_check = %q, %v", ic, err)
	}
}
