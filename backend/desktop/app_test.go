package desktop

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

type fakeMonitor struct{}

func (fakeMonitor) Health(context.Context) monitor.HealthReport {
	return monitor.HealthReport{Status: monitor.StatusHealthy}
}
func (fakeMonitor) Overview(context.Context) monitor.Overview {
	return monitor.Overview{Version: "v", Ollama: llm.Status{Reachable: true}}
}
func (fakeMonitor) Status(context.Context) monitor.SystemStatus { return monitor.SystemStatus{} }

func TestAppWaitsForStart(t *testing.T) {
	a, start := NewApp(nil)
	got := make(chan monitor.Overview)
	go func() {
		o, err := a.Info()
		if err != nil {
			t.Error(err)
		}
		got <- o
	}()
	time.Sleep(10 * time.Millisecond)
	start(t.Context(), Services{Monitor: fakeMonitor{}}, nil)
	if o := <-got; o.Version != "v" || !o.Ollama.Reachable {
		t.Errorf("Info() = %+v", o)
	}
	if h, err := a.Health(); err != nil || !h.Healthy() {
		t.Errorf("Health() = %+v, %v", h, err)
	}
}

func TestAppBootError(t *testing.T) {
	a, start := NewApp(nil)
	bootErr := errors.New("database is damaged: restore a backup")
	start(t.Context(), Services{}, bootErr)
	if _, err := a.Info(); !errors.Is(err, bootErr) {
		t.Errorf("Info() err = %v, want the boot error", err)
	}
	if _, err := a.Health(); !errors.Is(err, bootErr) {
		t.Errorf("Health() err = %v, want the boot error", err)
	}
}

type fakeSearcher struct{}

// fakeSearcher answers like a lexical search.Engine.
func (fakeSearcher) SearchResult(_ context.Context, q search.Query) (search.Result, error) {
	if err := q.Check(); err != nil {
		return search.Result{}, err
	}
	return search.Result{Query: q.Text, Mode: search.ModeLexical, Hits: []search.Hit{{Title: q.Text}}}, nil
}

func TestLibrarySearch(t *testing.T) {
	a, start := NewApp(nil)
	lib := NewLibrary(a)
	start(t.Context(), Services{Monitor: fakeMonitor{}, Search: fakeSearcher{}}, nil)
	res, err := lib.Search("GPU", 0)
	if err != nil || res.Mode != "lexical" || len(res.Hits) != 1 || res.Hits[0].Title != "GPU" {
		t.Errorf("Search() = %+v, %v", res, err)
	}
	if _, err := lib.Search("  ", 5); !errors.Is(err, search.ErrEmptyQuery) {
		t.Errorf("Search(blank) err = %v", err)
	}
}

type fakeSources struct{}

var _ ingest.Library = fakeSources{}

func (fakeSources) SourcePolicy() ingest.PolicyInfo { return ingest.PolicyInfo{} }
func (fakeSources) Sources(context.Context) ([]ingest.SourceSummary, error) {
	return []ingest.SourceSummary{{Pages: 3}}, nil
}
func (fakeSources) PageList(context.Context, int64) ([]ingest.PageInfo, error) {
	return []ingest.PageInfo{{URL: "u"}}, nil
}
func (fakeSources) DeleteSource(_ context.Context, id int64) error {
	if id != 1 {
		return store.ErrNotFound
	}
	return nil
}
func (fakeSources) AddSource(_ context.Context, req ingest.SourceRequest) (ingest.SyncStatus, error) {
	return ingest.SyncStatus{Running: true, Kind: req.Kind}, nil
}
func (fakeSources) Sync(_ context.Context, id int64) (ingest.SyncStatus, error) {
	return ingest.SyncStatus{}, ingest.ErrBusy
}
func (fakeSources) SyncStatus() ingest.SyncStatus { return ingest.SyncStatus{SourceID: 4} }
func (fakeSources) CancelSync() ingest.SyncStatus { return ingest.SyncStatus{Error: "cancelled"} }

func TestLibrarySources(t *testing.T) {
	a, start := NewApp(nil)
	lib := NewLibrary(a)
	start(t.Context(), Services{Sources: fakeSources{}}, nil)
	if s, err := lib.Sources(); err != nil || len(s) != 1 || s[0].Pages != 3 {
		t.Errorf("Sources() = %+v, %v", s, err)
	}
	if st, err := lib.AddSource(ingest.SourceRequest{Kind: "folder"}); err != nil || !st.Running {
		t.Errorf("AddSource() = %+v, %v", st, err)
	}
	if _, err := lib.SyncSource(1); !errors.Is(err, ingest.ErrBusy) {
		t.Errorf("SyncSource() err = %v", err)
	}
	if st, _ := lib.SyncStatus(); st.SourceID != 4 {
		t.Errorf("SyncStatus() = %+v", st)
	}
	if st, _ := lib.CancelSync(); st.Error != "cancelled" {
		t.Errorf("CancelSync() = %+v", st)
	}
	if p, err := lib.Pages(1); err != nil || len(p) != 1 {
		t.Errorf("Pages() = %+v, %v", p, err)
	}
	if err := lib.RemoveSource(2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemoveSource(2) err = %v", err)
	}
}

func TestRetryAfterBootError(t *testing.T) {
	var start StartFunc
	attempts := 0
	a, start := NewApp(func() error {
		attempts++
		start(t.Context(), Services{Monitor: fakeMonitor{}}, nil) // the cause was fixed
		return nil
	})
	start(t.Context(), Services{}, errors.New("database is damaged"))
	if _, err := a.Info(); err == nil {
		t.Fatal("Info() succeeded before the retry")
	}
	if err := a.Retry(); err != nil || attempts != 1 {
		t.Fatalf("Retry() = %v after %d attempts", err, attempts)
	}
	if o, err := a.Info(); err != nil || o.Version != "v" {
		t.Errorf("Info() after retry = %+v, %v", o, err)
	}
	if err := a.Retry(); err != nil || attempts != 1 {
		t.Errorf("Retry() on a running app = %v, attempts %d; want nil and no new attempt", err, attempts)
	}
}
