package ingest

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/logging"
)

// lockedBuffer is a log sink the crawler's goroutines may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

// records returns the log records whose msg is msg.
func (l *lockedBuffer) records(msg string) []map[string]any {
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(l.b.String(), "\n") {
		var rec map[string]any
		if json.Unmarshal([]byte(line), &rec) == nil && rec["msg"] == msg {
			out = append(out, rec)
		}
	}
	return out
}

// TestSyncFailuresLogged: what an operator must see reaches WARNING or
// ERROR with its reason: a sync that fails (ERROR, with the error), a page
// that cannot be fetched (WARNING), a sync that finished with such pages
// (WARNING, with the first reasons); a deliberately skipped page is INFO.
func TestSyncFailuresLogged(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/docs/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<html><head><title>目次</title></head><body><main><h1>目次</h1><p>玄界の利用案内です。</p><a href="broken.html">b</a> <a href="big.html">big</a></main></body></html>`))
	})
	mux.HandleFunc("/docs/broken.html", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", http.StatusInternalServerError) })
	mux.HandleFunc("/docs/big.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><body><p>" + strings.Repeat("大", 1000) + "</p></body></html>"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()

	var logs lockedBuffer
	log := slog.New(logging.NewHandler(&logs, true, slog.LevelDebug))
	st := testStore(t)
	sy := NewSyncer(st, nil, log, testClock)

	// A page that fails and one that is skipped.
	rep, err := sy.SyncSite(t.Context(), siteSource(t, st, srv.URL+"/docs/"), SiteOptions{Delay: -1, Timeout: 2 * time.Second, MaxBytes: 2048}, nil)
	if err != nil || len(rep.Failed) != 1 || len(rep.Skipped) != 1 {
		t.Fatalf("sync: %v %+v; want one failed and one skipped page", err, rep)
	}
	want := func(msg, level string, has ...string) {
		t.Helper()
		recs := logs.records(msg)
		if len(recs) != 1 {
			t.Fatalf("%d %q records, want 1:\n%s", len(recs), msg, logs.b.String())
		}
		b, _ := json.Marshal(recs[0])
		if recs[0]["level"] != level {
			t.Errorf("%q logged at %v, want %s", msg, recs[0]["level"], level)
		}
		for _, h := range has {
			if !strings.Contains(string(b), h) {
				t.Errorf("%q record lacks %q: %s", msg, h, b)
			}
		}
	}
	want("page not indexed", "WARNING", "broken.html", "HTTP 500")
	want("page skipped", "INFO", "big.html", "larger than the 2 KB page limit")
	want("sync finished with pages that could not be indexed", "WARNING", `"failed":1`, "broken.html: HTTP 500")

	// A site that cannot be reached fails the sync: ERROR with the reason.
	if _, err := sy.SyncSite(t.Context(), siteSource(t, st, closedURL+"/docs/"), SiteOptions{Delay: -1, Timeout: 2 * time.Second}, nil); err == nil {
		t.Fatal("sync of a closed port succeeded")
	}
	// A folder that does not exist, likewise.
	src, err := st.EnsureSource(t.Context(), "folder", filepath.Join(t.TempDir(), "gone"), "gone", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sy.SyncFolder(t.Context(), src, nil); err == nil {
		t.Fatal("sync of a missing folder succeeded")
	}
	recs := logs.records("sync failed")
	if len(recs) != 2 {
		t.Fatalf("%d sync failed records, want 2:\n%s", len(recs), logs.b.String())
	}
	for i, want := range []string{"connection refused", "gone"} {
		if recs[i]["level"] != "ERROR" || !strings.Contains(recs[i]["err"].(string), want) {
			t.Errorf("sync failed record %v; want ERROR with err containing %q", recs[i], want)
		}
	}
}
