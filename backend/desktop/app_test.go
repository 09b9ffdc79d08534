package desktop

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

type fakeMonitor struct{}

func (fakeMonitor) Health(context.Context) monitor.HealthReport {
	return monitor.HealthReport{Status: monitor.StatusHealthy}
}
func (fakeMonitor) Overview(context.Context) monitor.Overview {
	return monitor.Overview{Version: "v", Ollama: llm.Status{Reachable: true}}
}

func TestAppWaitsForStart(t *testing.T) {
	a, start := NewApp()
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
	a, start := NewApp()
	bootErr := errors.New("database is damaged: restore a backup")
	start(t.Context(), Services{}, bootErr)
	start(t.Context(), Services{Monitor: fakeMonitor{}}, nil) // ignored: first call wins
	if _, err := a.Info(); !errors.Is(err, bootErr) {
		t.Errorf("Info() err = %v, want the boot error", err)
	}
	if _, err := a.Health(); !errors.Is(err, bootErr) {
		t.Errorf("Health() err = %v, want the boot error", err)
	}
}

type fakeSearcher struct{}

func (fakeSearcher) Search(_ context.Context, q search.Query) ([]search.Hit, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	return []search.Hit{{Title: q.Text}}, nil
}

func TestLibrarySearch(t *testing.T) {
	a, start := NewApp()
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
