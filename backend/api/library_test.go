package api

import (
	"context"
	"encoding/json"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

type fakeLibrary struct{ busy bool }

func (f fakeLibrary) SourcePolicy() ingest.PolicyInfo { return ingest.Policy{}.Info() }

func (f fakeLibrary) Sources(context.Context) ([]ingest.SourceSummary, error) {
	return []ingest.SourceSummary{{ID: 1, Kind: "folder", Location: "/d", Pages: 2}}, nil
}
func (f fakeLibrary) PageList(_ context.Context, id int64) ([]ingest.PageInfo, error) {
	if id != 1 {
		return nil, store.ErrNotFound
	}
	return []ingest.PageInfo{{URL: "file:///d/a.md", Status: "ok"}}, nil
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
		{fakeLibrary{}, "GET", "/api/sources", "", 200, `"policy":{"policy":"open","source_roots":[],"allow_private_sites":false}`},
		{fakeLibrary{}, "POST", "/api/sources", `{"kind":"folder","location":"/d"}`, 202, `"running":true`},
		{fakeLibrary{}, "POST", "/api/sources", `{"kind":"site","location":"x"}`, 400, `"bad_source"`},
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

// jobsLibrary is the real library (store + sync jobs) under a policy, as the
// server wires it.
type jobsLibrary struct {
	*ingest.Jobs
	st  *store.Store
	pol ingest.Policy
}

func (l jobsLibrary) SourcePolicy() ingest.PolicyInfo { return l.pol.Info() }
func (l jobsLibrary) Sources(ctx context.Context) ([]ingest.SourceSummary, error) {
	rows, err := l.st.Sources(ctx)
	return ingest.Summaries(rows), err
}
func (l jobsLibrary) PageList(ctx context.Context, id int64) ([]ingest.PageInfo, error) {
	rows, err := l.st.PageList(ctx, id)
	return ingest.Pages(rows), err
}
func (l jobsLibrary) DeleteSource(ctx context.Context, id int64) error {
	return l.st.DeleteSource(ctx, id)
}
func (l jobsLibrary) AddSource(ctx context.Context, req ingest.SourceRequest) (ingest.SyncStatus, error) {
	return l.AddSourceUnder(ctx, req, l.pol)
}
func (l jobsLibrary) Sync(ctx context.Context, id int64) (ingest.SyncStatus, error) {
	return l.SyncUnder(ctx, id, l.pol)
}
func (l jobsLibrary) SyncStatus() ingest.SyncStatus { return l.Status() }
func (l jobsLibrary) CancelSync() ingest.SyncStatus { return l.Cancel() }

// TestSourcePolicyOverHTTP: a restricted server refuses folders outside its
// roots and private sites with 403 and a message naming the policy, and
// stores nothing; an open one (loopback default) accepts the folder.
func TestSourcePolicyOverHTTP(t *testing.T) {
	root, private := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(private, "secret.md"), []byte("# 秘密\n\n社外秘。\n"), 0o600)
	newLib := func(pol ingest.Policy) jobsLibrary {
		db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "g.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		j := ingest.NewJobs(t.Context(), ingest.NewSyncer(db, nil, nil, nil), db, -1)
		t.Cleanup(j.Close)
		return jobsLibrary{Jobs: j, st: db, pol: pol}
	}
	post := func(lib ingest.Library, kind, loc string) (int, string) {
		body, _ := json.Marshal(map[string]string{"kind": kind, "location": loc})
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("POST", "/api/sources", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		newTest(Options{Library: lib}).Handler().ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}

	restricted := newLib(ingest.Policy{Restricted: true, Roots: []string{root}})
	for _, tt := range []struct{ kind, loc, want string }{
		{"folder", private, "sources are restricted on this server (server.source_policy): folders must be under server.source_roots (" + root + "); ask the administrator to add " + private},
		{"folder", "/", "folders must be under server.source_roots"},
		{"folder", root + "/../" + filepath.Base(private), "ask the administrator to add"},
		{"site", "http://127.0.0.1:1/", "site 127.0.0.1 is a loopback address; this server does not index private addresses (server.allow_private_sites)"},
		{"site", "http://[::ffff:127.0.0.1]/", "loopback"},
		{"site", "http://2130706433/", "loopback"},
		{"site", "http://169.254.169.254/", "metadata"},
	} {
		code, body := post(restricted, tt.kind, tt.loc)
		if code != 403 || !strings.Contains(body, `"code":"source_refused"`) || !strings.Contains(body, tt.want) {
			t.Errorf("restricted POST %s %s = %d %s; want 403 with %q", tt.kind, tt.loc, code, body, tt.want)
		}
	}
	if srcs, _ := restricted.st.Sources(t.Context()); len(srcs) != 0 {
		t.Fatalf("refused sources were stored: %+v", srcs)
	}
	rec := httptest.NewRecorder()
	newTest(Options{Library: restricted}).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/sources", nil))
	if want := `"policy":{"policy":"restricted","source_roots":["` + root + `"]`; !strings.Contains(rec.Body.String(), want) {
		t.Errorf("GET /api/sources = %s; want %s", rec.Body.String(), want)
	}

	open := newLib(ingest.Policy{})
	if code, body := post(open, "folder", private); code != 202 {
		t.Fatalf("open POST folder = %d %s; want 202", code, body)
	}
	for deadline := time.Now().Add(10 * time.Second); open.Status().Running; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("sync did not finish")
		}
	}
	if srcs, _ := open.st.Sources(t.Context()); len(srcs) != 1 || srcs[0].Pages != 1 {
		t.Fatalf("open: sources = %+v; want the folder with its page", srcs)
	}
	// The source added where anything goes is refused a sync over the restricted server.
	restrictedSameDB := jobsLibrary{Jobs: open.Jobs, st: open.st, pol: restricted.pol}
	rec = httptest.NewRecorder()
	newTest(Options{Library: restrictedSameDB}).Handler().ServeHTTP(rec, httptest.NewRequest("POST", "/api/sources/1/sync", nil))
	if rec.Code != 403 || !strings.Contains(rec.Body.String(), "server.source_roots") {
		t.Errorf("restricted sync of an outside folder = %d %s; want 403", rec.Code, rec.Body.String())
	}
}

// TestAddSourceValidationOverHTTP: a folder that is missing or a file is
// 400 bad_source, a site that does not answer 400 site_unreachable unless
// save_anyway, a duplicate 409 duplicate_source; only good sources are
// stored.
func TestAddSourceValidationOverHTTP(t *testing.T) {
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "g.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	j := ingest.NewJobs(t.Context(), ingest.NewSyncer(db, nil, nil, nil), db, -1)
	t.Cleanup(j.Close)
	lib := jobsLibrary{Jobs: j, st: db}
	dir := t.TempDir()
	file := filepath.Join(dir, "a.md")
	os.WriteFile(file, []byte("# a\n"), 0o600)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + l.Addr().String() + "/"
	l.Close()
	h := newTest(Options{Library: lib}).Handler()
	wait := func() {
		for deadline := time.Now().Add(10 * time.Second); j.Status().Running; time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal("sync did not finish")
			}
		}
	}
	for _, tt := range []struct {
		name, body string
		status     int
		want       []string
		stored     int
	}{
		{"missing folder", `{"kind":"folder","location":"` + dir + `/nope"}`, 400, []string{`"code":"bad_source"`, "does not exist"}, 0},
		{"file", `{"kind":"folder","location":"` + file + `"}`, 400, []string{`"code":"bad_source"`, "is not a folder"}, 0},
		{"unreachable site", `{"kind":"site","location":"` + down + `"}`, 400, []string{`"code":"site_unreachable"`, "connection refused"}, 0},
		{"good folder", `{"kind":"folder","location":"` + dir + `"}`, 202, nil, 1},
		{"duplicate folder", `{"kind":"folder","location":"` + dir + `/"}`, 409, []string{`"code":"duplicate_source"`, "this folder is already a source (「" + filepath.Base(dir) + "」, id 1)"}, 1},
		{"unreachable site saved anyway", `{"kind":"site","location":"` + down + `","save_anyway":true}`, 202, nil, 2},
		{"duplicate site", `{"kind":"site","location":"` + strings.TrimSuffix(down, "/") + `","save_anyway":true}`, 409, []string{`"code":"duplicate_source"`, "this site is already a source"}, 2},
	} {
		rec := do(t, h, "POST", "/api/sources", tt.body)
		wait()
		if rec.Code != tt.status {
			t.Errorf("%s: POST = %d %s; want %d", tt.name, rec.Code, rec.Body.String(), tt.status)
		}
		for _, w := range tt.want {
			if !strings.Contains(rec.Body.String(), w) {
				t.Errorf("%s: body %s lacks %q", tt.name, rec.Body.String(), w)
			}
		}
		if srcs, _ := db.Sources(t.Context()); len(srcs) != tt.stored {
			t.Errorf("%s: %d sources stored, want %d", tt.name, len(srcs), tt.stored)
		}
	}
}
