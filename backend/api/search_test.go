package api

import (
	"context"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/search"
)

type fakeSearcher struct{}

// fakeSearcher answers like a lexical search.Engine.
func (fakeSearcher) SearchResult(_ context.Context, q search.Query) (search.Result, error) {
	if err := q.Check(); err != nil {
		return search.Result{}, err
	}
	res := search.Result{Query: q.Text, Mode: search.ModeLexical, Hits: []search.Hit{}}
	if q.Text != "none" {
		res.Hits = []search.Hit{{ChunkID: 1, Title: "GPUジョブ", Snippet: "«GPU»ジョブ"}}
	}
	return res, nil
}

func TestSearchEndpoint(t *testing.T) {
	h := newTest(Options{Search: fakeSearcher{}}).Handler()
	tests := []struct {
		query      string
		wantStatus int
		wantBody   string
	}{
		{"q=" + url.QueryEscape("GPUジョブ"), 200, `"title":"GPUジョブ"`},
		{"q=none", 200, `"hits":[]`},
		{"q=", 400, "no searchable words"},
		{"q=" + strings.Repeat("あ", 1001), 400, "the limit is 1000"},
		{"q=x&k=0", 400, "k must be a whole number"},
		{"q=x&k=101", 400, "k must be from 1 to 100"},
		{"q=x&k=abc", 400, "k must be a whole number"},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?"+tt.query, nil))
		if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantBody) {
			t.Errorf("GET /api/search?%.40s = %d %s; want %d with %q", tt.query, rec.Code, rec.Body.String(), tt.wantStatus, tt.wantBody)
		}
	}
	rec := httptest.NewRecorder()
	newTest(Options{}).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q=x", nil))
	if rec.Code != 503 {
		t.Errorf("no searcher: %d", rec.Code)
	}
}
