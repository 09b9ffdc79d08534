package ingest

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// closedURL is an http URL on which nothing listens (connection refused).
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr + "/docs/"
}

func TestAddSourceValidates(t *testing.T) {
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }))
	defer site.Close()
	good := t.TempDir()
	file := filepath.Join(good, "a.md")
	os.WriteFile(file, []byte("# a\n"), 0o600)
	locked := filepath.Join(t.TempDir(), "locked")
	os.Mkdir(locked, 0o700)
	os.Chmod(locked, 0)
	t.Cleanup(func() { os.Chmod(locked, 0o700) })
	down := closedURL(t)

	tests := []struct {
		name     string
		existing []SourceRequest // stored first, with SaveAnyway
		req      SourceRequest
		want     error // nil: saved
		wantAlso error
		msg      string
		root     bool // skipped as root, who reads anything
	}{
		{name: "missing folder", req: SourceRequest{Kind: "folder", Location: filepath.Join(good, "nope")}, want: ErrBadSource, msg: "does not exist: check the path (it is read on this machine"},
		{name: "file not folder", req: SourceRequest{Kind: "folder", Location: file}, want: ErrBadSource, msg: "is not a folder"},
		{name: "unreadable folder", req: SourceRequest{Kind: "folder", Location: locked}, want: ErrBadSource, msg: "cannot be read: permission denied", root: true},
		{name: "duplicate folder", existing: []SourceRequest{{Kind: "folder", Location: good}}, req: SourceRequest{Kind: "folder", Location: good + "/"}, want: ErrDuplicateSource, msg: "this folder is already a source (「" + filepath.Base(good) + "」, id 1): sync it from the list instead"},
		{name: "duplicate site trailing slash", existing: []SourceRequest{{Kind: "site", Location: site.URL + "/docs/", SaveAnyway: true}}, req: SourceRequest{Kind: "site", Location: site.URL + "/docs"}, want: ErrDuplicateSource, msg: "this site is already a source"},
		{name: "unreachable site refused", req: SourceRequest{Kind: "site", Location: down}, want: ErrBadSource, wantAlso: ErrSiteUnreachable, msg: "connection refused"},
		{name: "unreachable site saved anyway", req: SourceRequest{Kind: "site", Location: down, SaveAnyway: true}},
		{name: "answering site saved", req: SourceRequest{Kind: "site", Location: site.URL + "/docs/"}},
		{name: "good folder saved", req: SourceRequest{Kind: "folder", Location: good}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.root && os.Geteuid() == 0 {
				t.Skip("root can read a folder with mode 000")
			}
			st := testStore(t)
			j := NewJobs(t.Context(), NewSyncer(st, site.Client(), nil, time.Now), st, -1)
			defer j.Close()
			for _, e := range tt.existing {
				if _, err := j.AddSource(t.Context(), e); err != nil {
					t.Fatalf("existing %+v: %v", e, err)
				}
				waitIdle(t, j)
			}
			before, _ := st.Sources(t.Context())
			_, err := j.AddSource(t.Context(), tt.req)
			waitIdle(t, j)
			after, _ := st.Sources(t.Context())
			if tt.want == nil {
				if err != nil || len(after) != len(before)+1 {
					t.Fatalf("AddSource(%+v) = %v, sources %d → %d; want saved", tt.req, err, len(before), len(after))
				}
				return
			}
			if !errors.Is(err, tt.want) || (tt.wantAlso != nil && !errors.Is(err, tt.wantAlso)) || err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("AddSource(%+v) err = %v, want %v containing %q", tt.req, err, tt.want, tt.msg)
			}
			if len(after) != len(before) {
				t.Errorf("sources %d → %d; a refused source was stored", len(before), len(after))
			}
		})
	}
}

func TestNormalLocation(t *testing.T) {
	for _, tt := range []struct{ kind, a, b string }{
		{"site", "https://Example.org/docs/", "https://example.org/docs"},
		{"site", "https://example.org:443/", "https://example.org"},
		{"site", "http://example.org/a#x", "http://example.org/a/"},
		{"folder", "/home/u/docs/", "/home/u/./docs"},
	} {
		if x, y := normalLocation(tt.kind, tt.a), normalLocation(tt.kind, tt.b); x != y {
			t.Errorf("normalLocation(%q) = %q, (%q) = %q; want equal", tt.a, x, tt.b, y)
		}
	}
	if normalLocation("site", "https://example.org/a") == normalLocation("site", "https://example.org/b") {
		t.Error("different paths compare equal")
	}
}
