package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
)

type fakeMonitor struct{ healthy bool }

func (f fakeMonitor) Health(context.Context) monitor.HealthReport {
	h := monitor.HealthReport{Status: monitor.StatusHealthy, Version: "t", Checks: map[string]monitor.CheckResult{"store": {Status: monitor.CheckOK}}}
	if !f.healthy {
		h.Status = monitor.StatusUnhealthy
		h.Checks["store"] = monitor.CheckResult{Status: monitor.CheckFail, Detail: "database is damaged"}
	}
	return h
}
func (f fakeMonitor) Overview(context.Context) monitor.Overview {
	return monitor.Overview{Version: "t", DataHome: "/d", Ollama: llm.Status{Host: "http://o"}}
}
func (f fakeMonitor) Status(context.Context) monitor.SystemStatus {
	return monitor.SystemStatus{Status: "healthy", Version: "t", UptimeSeconds: 3}
}

var ui = fstest.MapFS{
	"index.html":    {Data: []byte("<html>app</html>")},
	"assets/app.js": {Data: []byte("console.log(1)")},
}

func newTest(opt Options) *Server {
	if opt.Monitor == nil {
		opt.Monitor = fakeMonitor{healthy: true}
	}
	if opt.AllowedHosts == nil {
		// httptest.NewRequest's default Host, and the fuzz tests' http://x.
		opt.AllowedHosts = []string{"example.com", "x"}
	}
	s := New(opt)
	s.mux.Handle("GET /api/test/panic", s.handle(func(http.ResponseWriter, *http.Request) error { panic("boom") }))
	s.mux.Handle("POST /api/test/echo", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		w.Write(b)
		return nil
	}))
	s.mux.Handle("GET /api/test/fail", s.handle(func(http.ResponseWriter, *http.Request) error { return errors.New("secret detail") }))
	return s
}

// withType sets the Content-Type a well-behaved client sends with body:
// JSON, or gzip for the archive upload.
func withType(r *http.Request, body string) *http.Request {
	switch {
	case body == "":
	case r.URL.Path == uploadPath:
		r.Header.Set("Content-Type", "application/gzip")
	default:
		r.Header.Set("Content-Type", "application/json")
	}
	return r
}

func TestRoutes(t *testing.T) {
	tests := []struct {
		name       string
		opt        Options
		method     string
		path       string
		body       string
		header     map[string]string
		wantStatus int
		wantBody   string
	}{
		{"health ok", Options{}, "GET", "/api/health", "", nil, 200, `"status":"healthy"`},
		{"health fails", Options{Monitor: fakeMonitor{}}, "GET", "/api/health", "", nil, 503, `"detail":"database is damaged"`},
		{"info", Options{}, "GET", "/api/app/info", "", nil, 200, `"data_home":"/d"`},
		{"status", Options{}, "GET", "/api/system/status", "", nil, 200, `"uptime_seconds":3`},
		{"unknown api", Options{}, "GET", "/api/nope", "", nil, 404, `"code":"not_found"`},
		{"panic recovered", Options{}, "GET", "/api/test/panic", "", nil, 500, `"code":"internal"`},
		{"error hidden", Options{}, "GET", "/api/test/fail", "", nil, 500, `see the server log for request`},
		{"body within limit", Options{MaxBodyBytes: 10}, "POST", "/api/test/echo", "0123456789", nil, 200, "0123456789"},
		{"body too large", Options{MaxBodyBytes: 10}, "POST", "/api/test/echo", "0123456789A", nil, 413, `"code":"body_too_large"`},
		{"token missing", Options{APIToken: "0123456789abcdef"}, "GET", "/api/app/info", "", nil, 401, "Bearer"},
		{"token wrong", Options{APIToken: "0123456789abcdef"}, "GET", "/api/app/info", "", map[string]string{"Authorization": "Bearer nope"}, 401, "unauthorized"},
		{"token right", Options{APIToken: "0123456789abcdef"}, "GET", "/api/app/info", "", map[string]string{"Authorization": "Bearer 0123456789abcdef"}, 200, "data_home"},
		{"health needs no token", Options{APIToken: "0123456789abcdef"}, "GET", "/api/health", "", nil, 200, "healthy"},
		{"ui index", Options{Frontend: ui}, "GET", "/", "", nil, 200, "<html>app</html>"},
		{"ui asset", Options{Frontend: ui}, "GET", "/assets/app.js", "", nil, 200, "console.log"},
		{"ui deep link", Options{Frontend: ui}, "GET", "/settings", "", nil, 200, "<html>app</html>"},
		{"ui traversal cleaned", Options{Frontend: ui}, "GET", "/../../etc/passwd", "", nil, 307, ""},
		{"ui outside file", Options{Frontend: ui}, "GET", "/etc/passwd", "", nil, 200, "<html>app</html>"},
		{"ui post", Options{Frontend: ui}, "POST", "/", "", nil, 405, ""},
		{"no ui built", Options{Frontend: fstest.MapFS{}}, "GET", "/", "", nil, 404, "make build"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newTest(tt.opt).Handler()
			req := withType(httptest.NewRequest(tt.method, tt.path, strings.NewReader(tt.body)), tt.body)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.wantStatus || !strings.Contains(rec.Body.String(), tt.wantBody) {
				t.Errorf("%s %s = %d %q; want %d containing %q", tt.method, tt.path, rec.Code, rec.Body.String(), tt.wantStatus, tt.wantBody)
			}
			if strings.HasPrefix(tt.path, "/api/") && tt.path != "/api/test/echo" && !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
				t.Errorf("Content-Type = %q, want JSON", rec.Header().Get("Content-Type"))
			}
			if rec.Header().Get("X-Request-ID") == "" {
				t.Error("no X-Request-ID")
			}
			if rec.Header().Get("Access-Control-Allow-Origin") != "" {
				t.Error("CORS must be closed by default")
			}
			if strings.Contains(rec.Body.String(), "secret detail") {
				t.Error("internal error text leaked to the client")
			}
		})
	}
}

func TestRequestIDEchoAndErrorBody(t *testing.T) {
	h := newTest(Options{}).Handler()
	req := httptest.NewRequest("GET", "/api/nope", nil)
	req.Header.Set("X-Request-ID", "abc-123")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var body errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatal(err)
	}
	if rec.Header().Get("X-Request-ID") != "abc-123" || body.RequestID != "abc-123" {
		t.Errorf("request id header %q body %q, want abc-123", rec.Header().Get("X-Request-ID"), body.RequestID)
	}
	req = httptest.NewRequest("GET", "/api/health", nil)
	req.Header.Set("X-Request-ID", "bad id with spaces\n")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if got := rec.Header().Get("X-Request-ID"); len(got) != 16 {
		t.Errorf("malformed incoming id not replaced: %q", got)
	}
}

func TestListenAndServe(t *testing.T) {
	ln, err := Listen("127.0.0.1", 0)
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	if _, err := Listen("127.0.0.1", port); err == nil || !strings.Contains(err.Error(), "already in use") {
		t.Errorf("second Listen() = %v, want 'already in use'", err)
	}
	var logs bytes.Buffer
	s := newTest(Options{Logger: slogTo(&logs)})
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- s.Serve(ctx, ln) }()
	res, err := http.Get("http://" + ln.Addr().String() + "/api/app/info")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("status = %d", res.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve() = %v after cancel, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
	if !strings.Contains(logs.String(), `"path":"/api/app/info"`) || !strings.Contains(logs.String(), `"status":200`) {
		t.Errorf("access log missing: %s", logs.String())
	}
}

func FuzzRequests(f *testing.F) {
	f.Add("GET", "/api/health", "", "")
	f.Add("POST", "/api/test/echo", "{}", "Bearer x")
	f.Add("GET", "/%2e%2e/x", "", "")
	h := newTest(Options{Frontend: ui, MaxBodyBytes: 64, APIToken: "0123456789abcdef"}).Handler()
	f.Fuzz(func(t *testing.T, method, path, body, auth string) {
		req, err := http.NewRequest(method, "http://x"+path, strings.NewReader(body))
		if err != nil || req.URL.Path == "/api/test/panic" {
			return
		}
		req.Header.Set("Authorization", auth)
		withType(req, body)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %q gave %d: %s", method, path, rec.Code, rec.Body.String())
		}
	})
}
