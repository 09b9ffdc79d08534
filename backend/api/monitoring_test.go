package api

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/logging"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

type readingFunc func(context.Context) (monitor.Reading, error)

func (f readingFunc) Read(ctx context.Context) (monitor.Reading, error) { return f(ctx) }

type probe struct{}

func (probe) Probe(context.Context) llm.Status {
	return llm.Status{Host: "http://127.0.0.1:11434", Error: "connection refused"}
}

// newMonitored is a server over a real monitor.Service with a real store
// and log file; the machine reading is fixed (diskFreeMB decides health).
func newMonitored(t testing.TB, diskFreeMB float64) (*Server, *monitor.Service, string) {
	t.Helper()
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "g.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	logFile := filepath.Join(t.TempDir(), "genkai_rag.log")
	log, closer, err := logging.New(logging.Options{File: logFile, JSON: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closer.Close() })
	mon := monitor.New(monitor.Options{
		Version: "t", DataHome: "/d", Store: db, Ollama: probe{}, DB: db, Logger: log,
		Reader: readingFunc(func(context.Context) (monitor.Reading, error) {
			return monitor.Reading{MemoryTotalMB: 8000, MemoryUsedMB: 3000.7, MemoryPercent: 37.5, DiskTotalMB: 20000, DiskUsedMB: 20000 - diskFreeMB, DiskFreeMB: diskFreeMB, DiskPercent: 100 * (20000 - diskFreeMB) / 20000, ProcessRSSMB: 40, DiskPath: "/d"}, nil
		}),
	})
	mon.SampleNow(t.Context())
	mon.Record(monitor.OpQuery, 120*time.Millisecond, nil)
	mon.Record(monitor.OpQuery, 80*time.Millisecond, errors.New("boom"))
	log.Info("http request", "path", "/api/query")
	log.Error("request failed", "err", "database is locked")
	srv := newTest(Options{Monitor: mon, Observer: mon, Logs: func(q logging.Query) ([]logging.Entry, error) { return logging.Read(logFile, q) }})
	return srv, mon, logFile
}

func TestMonitoringRoutes(t *testing.T) {
	healthy, _, _ := newMonitored(t, 15000)
	full, _, _ := newMonitored(t, 20)
	bare := newTest(Options{})
	tests := []struct {
		name       string
		srv        *Server
		method     string
		path       string
		wantStatus int
		wantBody   string
	}{
		{"health", healthy, "GET", "/api/health", 200, `"disk":{"status":"ok"`},
		{"health disk full", full, "GET", "/api/health", 503, `only 20 MB free`},
		{"detailed", healthy, "GET", "/api/health/detailed", 200, `"status":"degraded"`},
		{"detailed full", full, "GET", "/api/health/detailed", 503, `"status":"unhealthy"`},
		{"detailed unavailable", bare, "GET", "/api/health/detailed", 503, `"code":"unavailable"`},
		{"status", healthy, "GET", "/api/system/status", 200, `"memory_usage_mb":3000,`},
		{"performance", healthy, "GET", "/api/system/performance", 200, `"query":{"average_response_time":100,"total_requests":2,"errors":1`},
		{"performance filtered", healthy, "GET", "/api/system/performance?operation_type=query&hours=1", 200, `"hours":1,`},
		{"performance fraction", healthy, "GET", "/api/system/performance?hours=0.5", 200, `"search":{`},
		{"hours negative", healthy, "GET", "/api/system/performance?hours=-1", 400, `hours must be a number greater than 0`},
		{"hours zero", healthy, "GET", "/api/system/performance?hours=0", 400, `"code":"bad_query"`},
		{"hours text", healthy, "GET", "/api/system/performance?hours=abc", 400, `got \"abc\"`},
		{"hours NaN", healthy, "GET", "/api/system/performance?hours=NaN", 400, `"code":"bad_query"`},
		{"hours Inf", healthy, "GET", "/api/system/performance?hours=Inf", 400, `"code":"bad_query"`},
		{"hours huge", healthy, "GET", "/api/system/performance?hours=1e9", 400, `"code":"bad_query"`},
		{"op traversal", healthy, "GET", "/api/system/performance?operation_type=../../etc", 400, `operation_type must be`},
		{"op upper", healthy, "GET", "/api/system/performance?operation_type=QUERY", 400, `operation_type must be`},
		{"alerts", healthy, "GET", "/api/system/alerts", 200, `"level":"warning"`},
		{"alerts limit", healthy, "GET", "/api/system/alerts?limit=0", 400, `limit must be a whole number from 1 to 1000`},
		{"history", healthy, "GET", "/api/system/history?hours=24", 200, `"samples":[{`},
		{"history too long", healthy, "GET", "/api/system/history?hours=9999", 400, `at most 2160`},
		{"logs", healthy, "GET", "/api/logs?level=ERROR", 200, `"message":"request failed"`},
		{"logs search", healthy, "GET", "/api/logs?q=API%2FQUERY&limit=5", 200, `"count":1`},
		{"logs bad level", healthy, "GET", "/api/logs?level=LOUD", 400, `level must be DEBUG, INFO, WARNING, ERROR or CRITICAL`},
		{"logs bad limit", healthy, "GET", "/api/logs?limit=1e3", 400, `limit must be a whole number`},
		{"logs unavailable", bare, "GET", "/api/logs", 503, `"code":"unavailable"`},
		{"reset", healthy, "DELETE", "/api/system/performance", 200, `"deleted":2`},
		{"wrong method", healthy, "PUT", "/api/system/performance", 404, `"code":"not_found"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			tt.srv.Handler().ServeHTTP(rec, httptest.NewRequest(tt.method, tt.path, nil))
			if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantBody) {
				t.Errorf("%s %s = %d %s; want %d containing %s", tt.method, tt.path, rec.Code, rec.Body.String(), tt.wantStatus, tt.wantBody)
			}
		})
	}
}

func TestPerformanceShapeForTheGuidesJq(t *testing.T) {
	srv, _, _ := newMonitored(t, 15000)
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/system/performance", nil))
	var body struct {
		PerformanceStats map[string]map[string]*float64 `json:"performance_stats"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	for _, op := range monitor.KnownOps {
		for _, k := range []string{"average_response_time", "total_requests", "p50", "p95", "p99", "error_rate", "requests_per_minute"} {
			if body.PerformanceStats[op][k] == nil {
				t.Errorf(".performance_stats.%s.%s is null", op, k)
			}
		}
	}
}

// FuzzMonitoringQuery sends arbitrary query strings to every monitoring
// endpoint: the answer is JSON and never a 5xx.
func FuzzMonitoringQuery(f *testing.F) {
	for _, s := range []string{"hours=24", "operation_type=query&hours=1", "hours=-1", "limit=%00", "level=ERROR&q=%E3%81%82", "hours=1e309", "q=" + strings.Repeat("a", 300)} {
		f.Add(s)
	}
	srv, _, _ := newMonitored(f, 15000)
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, raw string) {
		if _, err := url.ParseQuery(raw); err != nil {
			return
		}
		for _, p := range []string{"/api/system/performance", "/api/system/alerts", "/api/system/history", "/api/logs", "/api/system/status", "/api/health/detailed"} {
			req, err := http.NewRequest("GET", "http://x"+p+"?"+raw, nil)
			if err != nil {
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code >= 500 && !(p == "/api/health/detailed" && rec.Code == 503) {
				t.Fatalf("%s?%s = %d %s", p, raw, rec.Code, rec.Body.String())
			}
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
				t.Fatalf("%s?%s: Content-Type %q", p, raw, rec.Header().Get("Content-Type"))
			}
		}
	})
}

// FuzzQueryBody decodes arbitrary bodies for POST /api/query: malformed
// JSON, unknown fields, wrong types and huge bodies get a 4xx JSON error,
// never a 5xx.
func FuzzQueryBody(f *testing.F) {
	for _, s := range []string{`{"question":"GPUジョブ"}`, `{"question":1}`, `{"question":"a","bogus":true}`, `{`, `[]`, `null`,
		`{"question":"a","session_id":"../../etc/passwd"}`, `{"question":"a","max_sources":-5}`, `{"question":"a"}{"question":"b"}`,
		`{"question":"a","options":{"temperature":"hot"}}`, strings.Repeat(`{"a":`, 2000), `{"question":"GPU"}`} {
		f.Add(s)
	}
	db, err := store.Open(context.Background(), filepath.Join(f.TempDir(), "g.db"), store.Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { db.Close() })
	// The real lexical search, so that questions it cannot search are fuzzed too.
	svc := chat.New(db, search.NewLexical(db, search.DefaultParams()), cannedGen{pieces: []string{"答え"}}, slog.New(slog.DiscardHandler), chat.Config{DefaultModel: "tiny"})
	h := newTest(Options{Chat: svc, MaxBodyBytes: 4096}).Handler()
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", "/api/query", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("body %q gave %d: %s", body, rec.Code, rec.Body.String())
		}
		if rec.Code >= 400 && !strings.Contains(rec.Body.String(), `"error":{"code":`) {
			t.Fatalf("body %q: %d without a JSON error: %s", body, rec.Code, rec.Body.String())
		}
	})
}
