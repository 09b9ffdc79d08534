package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

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

// TestMaintenanceShowsScheduleAndError: GET /api/maintenance shows each
// job's schedule, last run, the real next run and the last error of a
// failing job with its retry.
func TestMaintenanceShowsScheduleAndError(t *testing.T) {
	sched := maintenance.New(fakeSettings{}, nil,
		maintenance.Job{Name: "daily_backup", At: maintenance.Daily(2, 0), Run: func(context.Context) (string, error) { return "", errors.New("backup: disk full") }},
		maintenance.Job{Name: "optimize_index", At: maintenance.Weekly(time.Sunday, 4, 0), Run: func(context.Context) (string, error) { return "done", nil }},
	)
	before := time.Now()
	if n := sched.Tick(t.Context()); n != 2 {
		t.Fatalf("first tick ran %d jobs", n)
	}
	h := newTest(Options{Maintenance: sched}).Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/maintenance", nil))
	var body struct{ Jobs []map[string]any }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || rec.Code != 200 || len(body.Jobs) != 2 {
		t.Fatalf("GET /api/maintenance = %d %s", rec.Code, rec.Body)
	}
	next := func(j map[string]any) time.Time {
		v, err := time.Parse(time.RFC3339, j["next_run"].(string))
		if err != nil {
			t.Fatalf("next_run of %v: %v", j, err)
		}
		return v
	}
	b, o := body.Jobs[0], body.Jobs[1]
	if b["name"] != "daily_backup" || b["schedule"] != "daily at 02:00" || b["last_ok"] != false || b["last_error"] != "backup: disk full" || b["failures"] != 1.0 || b["last_run"] == nil {
		t.Errorf("failing job = %v", b)
	}
	if d := next(b).Sub(before); d < 59*time.Second || d > 2*time.Minute {
		t.Errorf("failing job retries in %s, want a minute", d)
	}
	if o["schedule"] != "weekly on Sunday at 04:00" || o["last_ok"] != true || o["last_error"] != nil || o["last_success"] == nil {
		t.Errorf("optimize_index = %v", o)
	}
	if n := next(o).Local(); n.Weekday() != time.Sunday || n.Hour() != 4 || n.Minute() != 0 || !n.After(before) || n.Sub(before) > 7*24*time.Hour+time.Hour {
		t.Errorf("optimize_index next run %s, want the next Sunday 04:00 local time", n)
	}
}
