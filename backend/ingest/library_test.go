package ingest

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// TestSyncStatusJSONKeys checks the keys the UI reads from GET /api/sync:
// progress was sent with Go's field names ("Done") while the UI read
// "done", so the sync panel showed no counts.
func TestSyncStatusJSONKeys(t *testing.T) {
	b, err := json.Marshal(SyncStatus{Running: true, Progress: Progress{Done: 3, Total: 10, Chunks: 7, Errors: 1, URL: "https://x/a"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"progress":{"done":3,"total":10,"chunks":7,"errors":1,"url":"https://x/a"}`, `"report":null`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("SyncStatus JSON %s lacks %s", b, want)
		}
	}
}

func TestSummariesAndPagesKeepEveryField(t *testing.T) {
	rows := []store.SourceSummary{{Source: store.Source{ID: 4, Kind: "site", Location: "https://x/", Name: "x", Settings: `{"max_depth":2}`}, Pages: 5, Chunks: 9, Failed: 1, Skipped: 2, LastSynced: "2026-01-02T03:04:05Z"}}
	got := Summaries(rows)
	want := SourceSummary{ID: 4, Kind: "site", Location: "https://x/", Name: "x", Settings: `{"max_depth":2}`, Pages: 5, Chunks: 9, Failed: 1, Skipped: 2, LastSynced: "2026-01-02T03:04:05Z"}
	if len(got) != 1 || got[0] != want {
		t.Errorf("Summaries = %+v, want [%+v]", got, want)
	}
	if Summaries(nil) != nil || Pages(nil) != nil {
		t.Error("nil rows became a non-nil list")
	}
	if s := Summaries([]store.SourceSummary{}); s == nil || len(s) != 0 {
		t.Errorf("an empty list became %#v; it must stay [] in JSON", s)
	}
	p := Pages([]store.PageInfo{{URL: "u", Title: "t", Status: "failed", Error: "e", FetchedAt: "f"}})
	if len(p) != 1 || p[0] != (PageInfo{URL: "u", Title: "t", Status: "failed", Error: "e", FetchedAt: "f"}) {
		t.Errorf("Pages = %+v", p)
	}
}
