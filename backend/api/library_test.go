package api

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

type fakeLibrary struct{ busy bool }

func (f fakeLibrary) Sources(context.Context) ([]store.SourceSummary, error) {
	return []store.SourceSummary{{Source: store.Source{ID: 1, Kind: "folder", Location: "/d"}, Pages: 2}}, nil
}
func (f fakeLibrary) PageList(_ context.Context, id int64) ([]store.PageInfo, error) {
	if id != 1 {
		return nil, store.ErrNotFound
	}
	return []store.PageInfo{{URL: "file:///d/a.md", Status: "ok"}}, nil
}
func (f fakeLibrary) DeleteSource(_ context.Context, id int64) error {
	if id != 1 {
		return store.ErrNotFound
	}
	return nil
}
func (f fakeLibrary) AddSource(_ context.Context, req ingest.SourceRequest) (ingest.SyncStatus, error) {
	if f.busy {
		return ingest.SyncStatus{}, ingest.ErrBusy
	}
	if req.Kind != "folder" {
		return ingest.SyncStatus{}, ingest.ErrBadSource
	}
	return ingest.SyncStatus{Running: true, Kind: req.Kind}, nil
}
func (f fakeLibrary) Sync(_ context.Context, id int64) (ingest.SyncStatus, error) {
	if id != 1 {
		return ingest.SyncStatus{}, store.ErrNotFound
	}
	return ingest.SyncStatus{Running: true, SourceID: 1}, nil
}
func (f fakeLibrary) SyncStatus() ingest.SyncStatus { return ingest.SyncStatus{SourceID: 1} }
func (f fakeLibrary) CancelSync() ingest.SyncStatus { return ingest.SyncStatus{Error: "cancelled"} }

func TestLibraryEndpoints(t *testing.T) {
	tests := []struct {
		lib        fakeLibrary
		method     string
		path, body string
		wantStatus int
		wantBody   string
	}{
		{fakeLibrary{}, "GET", "/api/sources", "", 200, `"pages":2`},
		{fakeLibrary{}, "POST", "/api/sources", `{"kind":"folder","location":"/d"}`, 202, `"running":true`},
		{fakeLibrary{}, "POST", "/api/sources", `{"kind":"site","location":"x"}`, 400, `"bad_request"`},
		{fakeLibrary{busy: true}, "POST", "/api/sources", `{"kind":"folder","location":"/d"}`, 409, `"busy"`},
		{fakeLibrary{}, "POST", "/api/sources", `{"kind":"folder","locaton":"/d"}`, 400, `unknown field \"locaton\"`},
		{fakeLibrary{}, "POST", "/api/sources", `{"kind":"folder","max_pages":"ten"}`, 400, "invalid JSON body"},
		{fakeLibrary{}, "POST", "/api/sources", ``, 400, "body is empty"},
		{fakeLibrary{}, "POST", "/api/sources", `{} {}`, 400, "more than one value"},
		{fakeLibrary{}, "POST", "/api/sources/1/sync", "", 202, `"source_id":1`},
		{fakeLibrary{}, "POST", "/api/sources/7/sync", "", 404, "no such source"},
		{fakeLibrary{}, "POST", "/api/sources/..%2f..%2fetc/sync", "", 400, "source id must be a positive number"},
		{fakeLibrary{}, "GET", "/api/sources/1/pages", "", 200, `"url":"file:///d/a.md"`},
		{fakeLibrary{}, "GET", "/api/sources/2/pages", "", 404, "not_found"},
		{fakeLibrary{}, "DELETE", "/api/sources/1", "", 204, ""},
		{fakeLibrary{}, "DELETE", "/api/sources/2", "", 404, ""},
		{fakeLibrary{}, "GET", "/api/sync", "", 200, `"source_id":1`},
		{fakeLibrary{}, "DELETE", "/api/sync", "", 200, "cancelled"},
	}
	for _, tt := range tests {
		h := newTest(Options{Library: tt.lib}).Handler()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, withType(httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body)), tt.body))
		if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantBody) {
			t.Errorf("%s %s %s = %d %s; want %d with %q", tt.method, tt.path, tt.body, rec.Code, rec.Body.String(), tt.wantStatus, tt.wantBody)
		}
	}
	rec := httptest.NewRecorder()
	newTest(Options{}).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/sources", nil))
	if rec.Code != 503 {
		t.Errorf("no library: %d", rec.Code)
	}
}
