package api

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/logging"
)

// TestAccessLogLevels: every failed API request reaches WARNING (4xx) or
// ERROR (5xx) in the log with its request ID and the error text, so the
// operations guide's log analysis (`grep ERROR`, `grep WARNING`) finds
// them; successes stay INFO, health probes and static files DEBUG.
func TestAccessLogLevels(t *testing.T) {
	tests := []struct {
		name      string
		unhealthy bool
		method    string
		path      string
		status    int
		level     string
		errorText string // in the access log line's "error"
	}{
		{"ok", false, "GET", "/api/app/info", 200, "INFO", ""},
		{"health probe", false, "GET", "/api/health", 200, "DEBUG", ""},
		{"static file", false, "GET", "/assets/app.js", 200, "DEBUG", ""},
		{"503 unavailable", false, "GET", "/api/search?q=x", 503, "ERROR", "search is not available in this server"},
		{"503 unhealthy", true, "GET", "/api/health", 503, "ERROR", "store: database is damaged"},
		{"500 internal", false, "GET", "/api/test/fail", 500, "ERROR", "secret detail"},
		{"500 panic", false, "GET", "/api/test/panic", 500, "ERROR", "panic: boom"},
		{"404 api", false, "GET", "/api/nothing", 404, "WARNING", ""},
		{"413 body", false, "POST", "/api/test/echo", 413, "WARNING", "request body is larger than the limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			log := slogWithNames(&logs)
			s := newTest(Options{Logger: log, Monitor: fakeMonitor{healthy: !tt.unhealthy}, Frontend: ui, MaxBodyBytes: 4})
			var body *strings.Reader
			if tt.method == "POST" {
				body = strings.NewReader(`{"too":"big"}`)
			} else {
				body = strings.NewReader("")
			}
			req := withType(httptest.NewRequest(tt.method, tt.path, body), "x")
			req.Header.Set("X-Request-ID", "req-"+strings.ReplaceAll(tt.name, " ", "-"))
			rec := httptest.NewRecorder()
			s.Handler().ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			var line map[string]any
			for _, l := range strings.Split(logs.String(), "\n") {
				if strings.Contains(l, `"msg":"http request"`) {
					json.Unmarshal([]byte(l), &line)
				}
			}
			if line == nil {
				t.Fatalf("no access log line:\n%s", logs.String())
			}
			if line["level"] != tt.level || line["request_id"] != req.Header.Get("X-Request-ID") {
				t.Errorf("access log level %v id %v, want %s %s: %v", line["level"], line["request_id"], tt.level, req.Header.Get("X-Request-ID"), line)
			}
			if got, _ := line["error"].(string); !strings.Contains(got, tt.errorText) || tt.errorText != "" && got == "" {
				t.Errorf("access log error %q, want it to contain %q", got, tt.errorText)
			}
			if tt.status >= 400 && tt.errorText != "" && line["error_code"] == nil {
				t.Errorf("no error_code in %v", line)
			}
		})
	}
}

// slogWithNames logs JSON at DEBUG with the guide's level names.
func slogWithNames(w *bytes.Buffer) *slog.Logger {
	return slog.New(logging.NewHandler(w, true, slog.LevelDebug))
}
