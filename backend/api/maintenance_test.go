package api

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/maintenance"
)

type fakeSettings map[string]string

func (f fakeSettings) Setting(_ context.Context, k string) (string, error) { return f[k], nil }
func (f fakeSettings) SetSetting(_ context.Context, k, v string) error     { f[k] = v; return nil }

func TestMaintenanceEndpoints(t *testing.T) {
	sched := maintenance.New(fakeSettings{}, nil, maintenance.Job{Name: "optimize_index", Run: func(context.Context) (string, error) { return "done", nil }})
	h := newTest(Options{Maintenance: sched}).Handler()
	for _, tc := range []struct {
		method, path string
		code         int
		want         string
	}{
		{"GET", "/api/maintenance", 200, `"name":"optimize_index"`},
		{"POST", "/api/maintenance/optimize_index/run", 200, `"last_result":"done"`},
		{"POST", "/api/maintenance/nope/run", 404, "no such maintenance job"},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		if rec.Code != tc.code || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("%s %s = %d %s", tc.method, tc.path, rec.Code, rec.Body)
		}
	}
}
