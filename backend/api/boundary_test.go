package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/logging"
	"github.com/genkai-rag/genkai-rag/backend/models"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// spy records every call that reaches a service, so a refused request can
// be shown to have done nothing.
type spy struct {
	mu    sync.Mutex
	calls []string
}

func (s *spy) rec(name string) {
	s.mu.Lock()
	s.calls = append(s.calls, name)
	s.mu.Unlock()
}

func (s *spy) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.calls)
}

func (s *spy) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return strings.Join(s.calls, ", ")
}

type spyMonitor struct {
	fakeMonitor
	s *spy
}

func (m spyMonitor) Status(ctx context.Context) monitor.SystemStatus {
	m.s.rec("Status")
	return m.fakeMonitor.Status(ctx)
}

type spySearch struct{ s *spy }

func (f spySearch) SearchResult(_ context.Context, q search.Query) (search.Result, error) {
	f.s.rec("Search")
	return search.Result{Query: q.Text, Mode: search.ModeLexical, Hits: []search.Hit{{ChunkID: 1, Title: "private"}}}, nil
}

type spyLibrary struct {
	fakeLibrary // answers what the spy does not record
	s           *spy
}

func (l spyLibrary) Sources(context.Context) ([]ingest.SourceSummary, error) {
	l.s.rec("Sources")
	return nil, nil
}
func (l spyLibrary) AddSource(_ context.Context, req ingest.SourceRequest) (ingest.SyncStatus, error) {
	l.s.rec("AddSource " + req.Location)
	return ingest.SyncStatus{Running: true}, nil
}
func (l spyLibrary) Sync(context.Context, int64) (ingest.SyncStatus, error) {
	l.s.rec("Sync")
	return ingest.SyncStatus{Running: true}, nil
}
func (l spyLibrary) DeleteSource(context.Context, int64) error { l.s.rec("DeleteSource"); return nil }

type spyChat struct {
	chat.Conversations
	s *spy
}

func (c spyChat) Ask(_ context.Context, req chat.Request, _ func(chat.Event) error) (chat.Answer, error) {
	c.s.rec("Ask " + req.Question)
	return chat.Answer{Text: "answer"}, nil
}
func (c spyChat) DeleteSession(context.Context, string) error { c.s.rec("DeleteSession"); return nil }
func (c spyChat) RenameSession(context.Context, string, string) error {
	c.s.rec("RenameSession")
	return nil
}
func (c spyChat) Session(context.Context, string) (chat.Conversation, error) {
	c.s.rec("Session")
	return chat.Conversation{}, nil
}
func (c spyChat) CreateSession(context.Context, string) (chat.Session, error) {
	c.s.rec("CreateSession")
	return chat.Session{ID: "s"}, nil
}

type spyModels struct {
	fakeModels
	s *spy
}

func (m *spyModels) Pull(ctx context.Context, name string, fn func(models.PullProgress) error) error {
	m.s.rec("Pull " + name)
	return nil
}
func (m *spyModels) SetConfig(_ context.Context, c models.ModelConfig) (models.ModelConfig, error) {
	m.s.rec("SetConfig " + c.ModelName)
	return c, nil
}
func (m *spyModels) Delete(context.Context, string) error { m.s.rec("Delete"); return nil }

type spyBackups struct {
	dir string
	s   *spy
}

func (b spyBackups) Dir() string                      { return b.dir }
func (b spyBackups) List() ([]backup.Info, error)     { return nil, nil }
func (b spyBackups) Path(name string) (string, error) { return b.dir + "/" + name, nil }
func (b spyBackups) Create(context.Context, backup.CreateOptions) (backup.Info, error) {
	b.s.rec("Create")
	return backup.Info{Name: "genkai_rag_backup_20260101_000000.tar.gz"}, nil
}
func (b spyBackups) Verify(context.Context, string) (backup.Manifest, error) {
	b.s.rec("Verify")
	return backup.Manifest{CreatedAt: "2026-01-02T03:04:05Z"}, nil
}
func (b spyBackups) Inspect(context.Context, string) (backup.Inspection, error) {
	b.s.rec("Inspect")
	return backup.Inspection{}, nil
}
func (b spyBackups) Import(_ context.Context, r io.Reader) (backup.Info, error) {
	b.s.rec("Import")
	if _, err := io.Copy(io.Discard, r); err != nil {
		return backup.Info{}, err
	}
	return backup.Info{Name: "genkai_rag_backup_20260102_030405.tar.gz"}, nil
}
func (b spyBackups) Restore(context.Context, string) (backup.RestoreResult, error) {
	b.s.rec("Restore")
	return backup.RestoreResult{}, nil
}
func (b spyBackups) Delete(string) error { b.s.rec("DeleteBackup"); return nil }

// spied returns a server over recording fakes of every service.
func spied(t testing.TB, bindHost string, allowed ...string) (*spy, string, http.Handler) {
	s := &spy{}
	dir := t.TempDir()
	srv := New(Options{
		Monitor: spyMonitor{fakeMonitor{healthy: true}, s}, Search: spySearch{s},
		Library: spyLibrary{s: s}, Chat: spyChat{s: s},
		Models:       &spyModels{fakeModels{conf: map[string]models.ModelConfig{}}, s},
		Backups:      spyBackups{dir, s},
		ReloadConfig: func(context.Context) (any, error) { s.rec("ReloadConfig"); return "ok", nil },
		Logs:         func(logging.Query) ([]logging.Entry, error) { s.rec("Logs"); return nil, nil },
		Frontend:     ui, BindHost: bindHost, AllowedHosts: allowed,
	})
	return s, dir, srv.Handler()
}

const sid = "0123456789abcdef0123456789abcdef"

type attack struct {
	name, method, path, body string
	header                   map[string]string
	host                     string // default 127.0.0.1:8000
}

func send(h http.Handler, a attack) *httptest.ResponseRecorder {
	req := httptest.NewRequest(a.method, a.path, strings.NewReader(a.body))
	req.Host = "127.0.0.1:8000"
	if a.host != "" {
		req.Host = a.host
	}
	for k, v := range a.header {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func errorCode(t *testing.T, rec *httptest.ResponseRecorder) (string, string) {
	t.Helper()
	var b errorBody
	if err := json.Unmarshal(rec.Body.Bytes(), &b); err != nil {
		t.Fatalf("not a JSON error: %d %q", rec.Code, rec.Body)
	}
	return string(b.Error.Code), b.Error.Message
}

// TestBrowserBoundaryRefuses replays issue 11's attacks: every one is
// refused with a JSON error that says why, and no service is called.
func TestBrowserBoundaryRefuses(t *testing.T) {
	evil := map[string]string{"Origin": "http://evil.example", "Content-Type": "text/plain"}
	evilFetch := map[string]string{"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site", "Content-Type": "text/plain;charset=UTF-8"}
	form := map[string]string{"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded"}
	rebound := "evil.example:8000"
	tests := []struct {
		attack
		status  int
		code    string
		message string
	}{
		// DNS rebinding: a name that resolves to us, read or driven by its page.
		{attack{"rebound status", "GET", "/api/system/status", "", nil, rebound}, 421, "host_not_allowed", "host not allowed: evil.example; add it to server.allowed_hosts if you trust it"},
		{attack{"rebound search", "GET", "/api/search?q=secret", "", nil, rebound}, 421, "host_not_allowed", "host not allowed: evil.example"},
		{attack{"rebound logs", "GET", "/api/logs", "", nil, rebound}, 421, "host_not_allowed", "host not allowed"},
		{attack{"rebound delete session", "DELETE", "/api/sessions/" + sid, "", nil, rebound}, 421, "host_not_allowed", "host not allowed"},
		{attack{"rebound same-origin post", "POST", "/api/sources", `{"kind":"folder","location":"/"}`, map[string]string{"Origin": "http://evil.example:8000", "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json"}, rebound}, 421, "host_not_allowed", "host not allowed"},
		{attack{"rebound ui", "GET", "/", "", nil, rebound}, 421, "host_not_allowed", "host not allowed"},
		{attack{"rebound without port", "GET", "/api/system/status", "", nil, "evil.example"}, 421, "host_not_allowed", "host not allowed"},
		{attack{"rebound suffix trick", "GET", "/api/system/status", "", nil, "127.0.0.1.evil.example:8000"}, 421, "host_not_allowed", "host not allowed"},
		{attack{"rebound localhost lookalike", "GET", "/api/system/status", "", nil, "localhost.evil.example"}, 421, "host_not_allowed", "host not allowed"},
		{attack{"foreign ip on a loopback bind", "GET", "/api/system/status", "", nil, "10.0.0.5:8000"}, 421, "host_not_allowed", "host not allowed: 10.0.0.5"},
		// Cross-site writes: an old browser (Origin only) and a new one (Sec-Fetch-Site too).
		{attack{"cross-site add source", "POST", "/api/sources", `{"kind":"folder","location":"/home"}`, evil, ""}, 403, "cross_site", "cross-site request refused: Origin http://evil.example is not this server"},
		{attack{"cross-site add source (fetch)", "POST", "/api/sources", `{"kind":"folder","location":"/home"}`, evilFetch, ""}, 403, "cross_site", "cross-site request refused"},
		{attack{"cross-site pull", "POST", "/api/models/pull", `{"model_name":"evil.example/x"}`, evil, ""}, 403, "cross_site", "Origin http://evil.example"},
		{attack{"cross-site query from a text/plain form", "POST", "/api/query", `{"question":"hi="}` + "\r\n", evil, ""}, 403, "cross_site", "cross-site"},
		{attack{"cross-site query from a urlencoded form", "POST", "/api/query", `%7B%22question%22%3A%22hi=%22%7D`, form, ""}, 403, "cross_site", "cross-site"},
		{attack{"cross-site reload", "POST", "/api/system/reload-config", "", evil, ""}, 403, "cross_site", "cross-site"},
		{attack{"cross-site create backup", "POST", "/api/backups", "", evil, ""}, 403, "cross_site", "cross-site"},
		{attack{"cross-site upload", "POST", "/api/backups/upload", "\x1f\x8bjunk", evil, ""}, 403, "cross_site", "cross-site"},
		{attack{"cross-site restore", "POST", "/api/backups/genkai_rag_backup_20260101_000000.tar.gz/restore", "", evil, ""}, 403, "cross_site", "cross-site"},
		{attack{"cross-site delete session", "DELETE", "/api/sessions/" + sid, "", map[string]string{"Origin": "http://evil.example"}, ""}, 403, "cross_site", "cross-site"},
		{attack{"cross-site model config", "PUT", "/api/models/llama3.2:1b/config", `{"temperature":2}`, evil, ""}, 403, "cross_site", "cross-site"},
		{attack{"same-site other port", "POST", "/api/sources", `{"kind":"folder","location":"/"}`, map[string]string{"Origin": "http://127.0.0.1:3000", "Sec-Fetch-Site": "same-site", "Content-Type": "application/json"}, ""}, 403, "cross_site", "Origin http://127.0.0.1:3000 is not this server"},
		{attack{"same-site without origin", "POST", "/api/system/reload-config", "", map[string]string{"Sec-Fetch-Site": "same-site"}, ""}, 403, "cross_site", "Sec-Fetch-Site is \"same-site\""},
		{attack{"own origin but cross-site fetch", "POST", "/api/system/reload-config", "", map[string]string{"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "cross-site"}, ""}, 403, "cross_site", "Sec-Fetch-Site is \"cross-site\""},
		{attack{"origin null (sandboxed frame, file:)", "POST", "/api/query", `{"question":"hi"}`, map[string]string{"Origin": "null", "Content-Type": "application/json"}, ""}, 403, "cross_site", "Origin null is not this server"},
		{attack{"origin of another port", "POST", "/api/query", `{"question":"hi"}`, map[string]string{"Origin": "http://127.0.0.1:3000", "Content-Type": "application/json"}, ""}, 403, "cross_site", "Origin http://127.0.0.1:3000"},
		{attack{"origin with a path", "POST", "/api/query", `{"question":"hi"}`, map[string]string{"Origin": "http://127.0.0.1:8000/evil", "Content-Type": "application/json"}, ""}, 403, "cross_site", "cross-site"},
		{attack{"cross-site ui post", "POST", "/", "", evil, ""}, 403, "cross_site", "cross-site"},
		// Bodies a form or a preflight-free fetch can send, even without Origin.
		{attack{"text/plain json", "POST", "/api/query", `{"question":"hi"}`, map[string]string{"Content-Type": "text/plain"}, ""}, 415, "unsupported_media_type", "send Content-Type: application/json"},
		{attack{"urlencoded", "POST", "/api/sources", `kind=folder`, map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, ""}, 415, "unsupported_media_type", "application/json"},
		{attack{"multipart", "POST", "/api/sources", "--x--", map[string]string{"Content-Type": "multipart/form-data; boundary=x"}, ""}, 415, "unsupported_media_type", "application/json"},
		{attack{"body without a type", "POST", "/api/query", `{"question":"hi"}`, nil, ""}, 415, "unsupported_media_type", "this request has none"},
		{attack{"empty form post", "POST", "/api/backups", "", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, ""}, 415, "unsupported_media_type", "application/json"},
		{attack{"upload as text/plain", "POST", "/api/backups/upload", "\x1f\x8bjunk", map[string]string{"Content-Type": "text/plain"}, ""}, 415, "unsupported_media_type", "application/gzip"},
		{attack{"upload as a form", "POST", "/api/backups/upload", "\x1f\x8bjunk", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, ""}, 415, "unsupported_media_type", "application/gzip"},
		{attack{"upload as multipart", "POST", "/api/backups/upload", "\x1f\x8bjunk", map[string]string{"Content-Type": "multipart/form-data; boundary=x"}, ""}, 415, "unsupported_media_type", "application/gzip"},
		{attack{"upload without a type", "POST", "/api/backups/upload", "\x1f\x8bjunk", nil, ""}, 415, "unsupported_media_type", "application/gzip"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, dir, h := spied(t, "127.0.0.1")
			rec := send(h, tt.attack)
			code, msg := errorCode(t, rec)
			if rec.Code != tt.status || code != tt.code || !strings.Contains(msg, tt.message) {
				t.Errorf("%s %s = %d %s %q; want %d %s containing %q", tt.method, tt.path, rec.Code, code, msg, tt.status, tt.code, tt.message)
			}
			if s.count() != 0 {
				t.Errorf("refused request still acted: %s", s)
			}
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("refused upload left %d files", len(left))
			}
			if rec.Header().Get("Access-Control-Allow-Origin") != "" {
				t.Error("CORS header sent")
			}
		})
	}
}

// TestBrowserBoundaryAllows: this server's own pages, curl and the CLI,
// and the hosts the configuration names still work.
func TestBrowserBoundaryAllows(t *testing.T) {
	own := func(host string) map[string]string {
		return map[string]string{"Origin": "http://" + host, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/json"}
	}
	tests := []struct {
		bind    string
		allowed []string
		attack
		status int
	}{
		{"127.0.0.1", nil, attack{"own page adds a source", "POST", "/api/sources", `{"kind":"folder","location":"/d"}`, own("127.0.0.1:8000"), ""}, 202},
		{"127.0.0.1", nil, attack{"own page asks", "POST", "/api/query", `{"question":"hi"}`, own("127.0.0.1:8000"), ""}, 200},
		{"127.0.0.1", nil, attack{"own page with charset", "POST", "/api/query", `{"question":"hi"}`, map[string]string{"Origin": "http://127.0.0.1:8000", "Content-Type": "application/json; charset=utf-8"}, ""}, 200},
		{"127.0.0.1", nil, attack{"own page https behind a proxy", "POST", "/api/query", `{"question":"hi"}`, map[string]string{"Origin": "https://127.0.0.1:8000", "Content-Type": "application/json"}, ""}, 200},
		{"127.0.0.1", nil, attack{"own page uploads", "POST", "/api/backups/upload", "\x1f\x8barchive", map[string]string{"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-origin", "Content-Type": "application/gzip"}, ""}, 201},
		{"127.0.0.1", nil, attack{"own page syncs (no body)", "POST", "/api/sources/1/sync", "", map[string]string{"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-origin"}, ""}, 202},
		{"127.0.0.1", nil, attack{"own page deletes", "DELETE", "/api/sessions/" + sid, "", map[string]string{"Origin": "http://127.0.0.1:8000", "Sec-Fetch-Site": "same-origin"}, ""}, 204},
		{"127.0.0.1", nil, attack{"typed in the address bar", "GET", "/api/system/status", "", map[string]string{"Sec-Fetch-Site": "none"}, ""}, 200},
		{"127.0.0.1", nil, attack{"curl post json", "POST", "/api/query", `{"question":"hi"}`, map[string]string{"Content-Type": "application/json"}, ""}, 200},
		{"127.0.0.1", nil, attack{"curl -X POST", "POST", "/api/system/reload-config", "", nil, ""}, 200},
		{"127.0.0.1", nil, attack{"curl upload octet-stream", "POST", "/api/backups/upload", "\x1f\x8barchive", map[string]string{"Content-Type": "application/octet-stream"}, ""}, 201},
		{"127.0.0.1", nil, attack{"curl upload x-gzip", "POST", "/api/backups/upload", "\x1f\x8barchive", map[string]string{"Content-Type": "application/x-gzip"}, ""}, 201},
		{"127.0.0.1", nil, attack{"localhost", "GET", "/api/system/status", "", nil, "localhost:8000"}, 200},
		{"127.0.0.1", nil, attack{"LOCALHOST.", "GET", "/api/system/status", "", nil, "LOCALHOST.:8000"}, 200},
		{"127.0.0.1", nil, attack{"::1", "GET", "/api/system/status", "", nil, "[::1]:8000"}, 200},
		{"127.0.0.1", nil, attack{"no port", "GET", "/api/system/status", "", nil, "127.0.0.1"}, 200},
		{"127.0.0.1", nil, attack{"localhost ui", "GET", "/", "", nil, "localhost:8000"}, 200},
		{"127.0.0.1", []string{"genkai.example.ac.jp"}, attack{"allowed name", "POST", "/api/query", `{"question":"hi"}`, own("genkai.example.ac.jp:8000"), "genkai.example.ac.jp:8000"}, 200},
		{"127.0.0.1", []string{"Genkai.Example.AC.jp"}, attack{"allowed name, any case", "GET", "/api/system/status", "", nil, "genkai.EXAMPLE.ac.jp"}, 200},
		{"myserver.lan", nil, attack{"bound name", "GET", "/api/system/status", "", nil, "myserver.lan:8000"}, 200},
		{"10.0.0.5", nil, attack{"bound ip", "GET", "/api/system/status", "", nil, "10.0.0.5:8000"}, 200},
		{"::", nil, attack{"wildcard v6: v4 literal", "GET", "/api/system/status", "", nil, "192.168.1.20:8000"}, 200},
		{"0.0.0.0", nil, attack{"wildcard: v6 literal", "GET", "/api/system/status", "", nil, "[fe80::1]:8000"}, 200},
		{"0.0.0.0", nil, attack{"wildcard: own page by ip", "POST", "/api/query", `{"question":"hi"}`, own("192.168.1.20:8000"), "192.168.1.20:8000"}, 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _, h := spied(t, tt.bind, tt.allowed...)
			rec := send(h, tt.attack)
			if rec.Code != tt.status {
				t.Errorf("%s %s (Host %s) = %d %s; want %d", tt.method, tt.path, tt.host, rec.Code, rec.Body, tt.status)
			}
			if strings.HasPrefix(tt.path, "/api/") && s.count() == 0 {
				t.Error("no service was called")
			}
		})
	}
	// A wildcard bind still refuses names it was not told about.
	s, _, h := spied(t, "0.0.0.0")
	if rec := send(h, attack{"", "GET", "/api/search?q=x", "", nil, "evil.example:8000"}); rec.Code != 421 || s.count() != 0 {
		t.Errorf("wildcard bind, rebound name: %d %s (calls %s)", rec.Code, rec.Body, s)
	}
}

// TestBrowserBoundaryOverHTTP sends the attacks over a real connection,
// as curl does (the Host header is the one the client chose).
func TestBrowserBoundaryOverHTTP(t *testing.T) {
	s, _, h := spied(t, "127.0.0.1")
	srv := httptest.NewServer(h)
	defer srv.Close()
	_, port, _ := net.SplitHostPort(strings.TrimPrefix(srv.URL, "http://"))
	req, _ := http.NewRequest("GET", srv.URL+"/api/system/status", nil)
	req.Host = "evil.example:" + port
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMisdirectedRequest {
		t.Errorf("rebound Host over HTTP = %d, want 421", res.StatusCode)
	}
	form := url.Values{`{"question":"hi`: {`"}`}}
	req, _ = http.NewRequest("POST", srv.URL+"/api/query", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "http://evil.example")
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("form post = %d, want 403", res.StatusCode)
	}
	if s.count() != 0 {
		t.Errorf("acted: %s", s)
	}
	res, err = http.Get(srv.URL + "/api/system/status")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("plain GET = %d", res.StatusCode)
	}
}

// boundaryHolds is the boundary written out a second way, for the fuzz
// test: would a request with these headers be let through?
func boundaryHolds(method, host, origin, sfs, ct string, hasType, hasBody bool, path string) error {
	// Host: strip a port, brackets and one trailing dot.
	h := strings.ToLower(host)
	if i := strings.LastIndex(h, "]"); strings.HasPrefix(h, "[") && i > 0 {
		h = h[1:i]
	} else if strings.Count(h, ":") == 1 {
		h = h[:strings.Index(h, ":")]
	}
	h = strings.TrimSuffix(h, ".")
	ip := net.ParseIP(h)
	switch {
	case host == "":
	case h == "localhost", h == "genkai.lan", ip != nil && ip.IsLoopback():
	default:
		return errors.New("host " + host)
	}
	if method == "GET" || method == "HEAD" || method == "OPTIONS" {
		return nil
	}
	switch strings.ToLower(strings.TrimSpace(sfs)) {
	case "same-origin", "none", "":
	default:
		return errors.New("sec-fetch-site " + sfs)
	}
	if sfs != "" && strings.TrimSpace(sfs) == "" {
		return errors.New("blank sec-fetch-site")
	}
	if origin != "" {
		if !strings.EqualFold(origin, "http://"+host) && !strings.EqualFold(origin, "https://"+host) &&
			!strings.EqualFold(origin, "http://"+host+"/") && !strings.EqualFold(origin, "https://"+host+"/") {
			return errors.New("origin " + origin)
		}
	}
	if !strings.HasPrefix(path, "/api/") {
		return nil
	}
	base := strings.ToLower(strings.TrimSpace(strings.SplitN(ct, ";", 2)[0]))
	if path == uploadPath {
		if !hasType && !hasBody {
			return nil
		}
		if base != "application/gzip" && base != "application/x-gzip" && base != "application/octet-stream" {
			return errors.New("upload type " + ct)
		}
		return nil
	}
	if !hasType && hasBody || hasType && base != "application/json" {
		return errors.New("type " + ct)
	}
	return nil
}

// FuzzBoundary sends any Host, Origin, Sec-Fetch-Site and Content-Type:
// never a 5xx, and whatever is let through satisfies boundaryHolds; what
// is refused did nothing.
func FuzzBoundary(f *testing.F) {
	f.Add(uint8(1), uint8(0), "127.0.0.1:8000", "http://evil.example", "", "text/plain", "{}", false)
	f.Add(uint8(1), uint8(1), "evil.example:8000", "", "cross-site", "application/json", `{"question":"hi"}`, false)
	f.Add(uint8(2), uint8(2), "localhost:8000", "http://localhost:8000", "same-origin", "application/gzip", "\x1f\x8b", true)
	f.Add(uint8(0), uint8(3), "[::1]:8000", "null", "none", "", "", false)
	f.Add(uint8(3), uint8(4), "genkai.lan", "https://GENKAI.lan", "same-origin", "application/json; charset=utf-8", `{"title":"x"}`, true)
	f.Add(uint8(1), uint8(5), "127.0.0.1:8000", "http://127.0.0.1:8000", "", "", "x", false)
	methods := []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "PROPFIND"}
	paths := []string{"/api/test/echo", "/api/query", uploadPath, "/api/sources", "/api/sessions/" + sid, "/", "/api/system/status", "/api/models/x/config"}
	s := &spy{}
	dir := f.TempDir()
	srv := New(Options{
		Monitor: spyMonitor{fakeMonitor{healthy: true}, s}, Search: spySearch{s},
		Library: spyLibrary{s: s}, Chat: spyChat{s: s},
		Models:       &spyModels{fakeModels{conf: map[string]models.ModelConfig{}}, s},
		Backups:      spyBackups{dir, s},
		ReloadConfig: func(context.Context) (any, error) { s.rec("ReloadConfig"); return "ok", nil },
		Frontend:     ui, BindHost: "127.0.0.1", AllowedHosts: []string{"genkai.lan"},
	})
	srv.mux.Handle("/api/test/echo", srv.handle(func(w http.ResponseWriter, r *http.Request) error {
		s.rec("echo")
		w.WriteHeader(299)
		return nil
	}))
	h := srv.Handler()
	f.Fuzz(func(t *testing.T, m, p uint8, host, origin, sfs, ct, body string, chunked bool) {
		method, path := methods[int(m)%len(methods)], paths[int(p)%len(paths)]
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		req.Host = host
		set := func(k, v string) {
			if v != "" {
				req.Header[k] = []string{v}
			}
		}
		set("Origin", origin)
		set("Sec-Fetch-Site", sfs)
		set("Content-Type", ct)
		if chunked && body != "" {
			req.ContentLength = -1
		}
		before := s.count()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code >= 500 {
			t.Fatalf("%s %s Host %q Origin %q SFS %q CT %q = %d %s", method, path, host, origin, sfs, ct, rec.Code, rec.Body)
		}
		if list, _ := os.ReadDir(dir); len(list) > 0 { // accepted uploads: keep the folder small
			for _, e := range list {
				os.Remove(filepath.Join(dir, e.Name()))
			}
		}
		refused := rec.Code == 421 || rec.Code == 403 || rec.Code == 415
		if refused && s.count() != before {
			t.Fatalf("refused (%d) but acted: %s", rec.Code, s)
		}
		if !refused {
			if err := boundaryHolds(method, host, origin, sfs, ct, ct != "", body != "", path); err != nil {
				t.Fatalf("%s %s Host %q Origin %q SFS %q CT %q let through (%d) against the rules: %v", method, path, host, origin, sfs, ct, rec.Code, err)
			}
		}
	})
}
