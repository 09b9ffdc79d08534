package ingest

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

func waitIdle(t *testing.T, j *Jobs) SyncStatus {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if st := j.Status(); !st.Running {
			return st
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatal("sync did not finish")
	return SyncStatus{}
}

func TestJobsFolderAndErrors(t *testing.T) {
	st := testStore(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("# 玄界\n\nGPUジョブは pjsub で投入します。\n"), 0o600)
	j := NewJobs(t.Context(), NewSyncer(st, nil, nil, time.Now), st, -1)
	defer j.Close()

	for _, req := range []SourceRequest{
		{Kind: "site", Location: "ftp://x"},
		{Kind: "folder", Location: "relative/dir"},
		{Kind: "drive", Location: "/x"},
		{Kind: "site", Location: "https://x/", MaxDepth: 99},
	} {
		if _, err := j.AddSource(t.Context(), req); !errors.Is(err, ErrBadSource) {
			t.Errorf("AddSource(%+v) err = %v, want ErrBadSource", req, err)
		}
	}
	started, err := j.AddSource(t.Context(), SourceRequest{Kind: "folder", Location: dir})
	if err != nil || !started.Running || started.Kind != "folder" {
		t.Fatalf("AddSource(folder) = %+v, %v", started, err)
	}
	done := waitIdle(t, j)
	if done.Error != "" || done.Report == nil || done.Report.Added != 1 || done.Report.Chunks == 0 {
		t.Fatalf("finished = %+v", done)
	}
	srcs, err := st.Sources(t.Context())
	if err != nil || len(srcs) != 1 || srcs[0].Pages != 1 || srcs[0].Chunks == 0 || srcs[0].LastSynced == "" {
		t.Fatalf("Sources() = %+v, %v", srcs, err)
	}
	again, err := j.Sync(t.Context(), srcs[0].ID)
	if err != nil || !again.Running {
		t.Fatalf("Sync() = %+v, %v", again, err)
	}
	if st := waitIdle(t, j); st.Report.Unchanged != 1 {
		t.Errorf("second sync = %+v", st.Report)
	}
	if _, err := j.Sync(t.Context(), 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Sync(999) err = %v", err)
	}
	if err := st.DeleteSource(t.Context(), srcs[0].ID); err != nil {
		t.Fatal(err)
	}
	if srcs, _ := st.Sources(t.Context()); len(srcs) != 0 {
		t.Errorf("after delete: %+v", srcs)
	}
}

func TestJobsBusyAndCancel(t *testing.T) {
	st := testStore(t)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			http.NotFound(w, r)
			return
		}
		select { // a page that stalls until the test lets go
		case <-release:
		case <-r.Context().Done():
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<html><body><p>遅いページ</p></body></html>"))
	}))
	defer srv.Close()
	defer close(release)
	j := NewJobs(t.Context(), NewSyncer(st, srv.Client(), nil, time.Now), st, -1)
	defer j.Close()
	if _, err := j.AddSource(t.Context(), SourceRequest{Kind: "site", Location: srv.URL + "/docs/"}); err != nil {
		t.Fatal(err)
	}
	if _, err := j.AddSource(t.Context(), SourceRequest{Kind: "site", Location: srv.URL + "/other/"}); !errors.Is(err, ErrBusy) {
		t.Errorf("second start err = %v, want ErrBusy", err)
	}
	j.Cancel()
	if st := waitIdle(t, j); !strings.Contains(st.Error, "cancelled") {
		t.Errorf("after cancel: %+v", st)
	}
}

func TestSiteSettingsRoundTrip(t *testing.T) {
	opt := SiteOptions{Prefix: "/scp/system/Genkai/", MaxDepth: 2, MaxPages: 50}
	if got := SiteOptionsFromSettings(opt.SettingsJSON()); got != opt {
		t.Errorf("round trip = %+v, want %+v", got, opt)
	}
	if got := SiteOptionsFromSettings("not json"); got != (SiteOptions{}) {
		t.Errorf("bad settings = %+v, want defaults", got)
	}
	st := testStore(t)
	a, _ := st.EnsureSource(t.Context(), "site", "https://x/", "x", opt.SettingsJSON())
	opt.MaxPages = 7
	b, _ := st.EnsureSource(t.Context(), "site", "https://x/", "x", opt.SettingsJSON())
	c, _ := st.EnsureSource(t.Context(), "site", "https://x/", "x", "")
	if a.ID != b.ID || SiteOptionsFromSettings(b.Settings).MaxPages != 7 || c.Settings != b.Settings {
		t.Errorf("settings not updated/kept: %+v %+v %+v", a, b, c)
	}
}
