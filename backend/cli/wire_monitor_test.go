package cli

import (
	"errors"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// TestMeteredModelsRecordsSwitches: a switch is timed as model_switch; a
// switch to a model that is not installed is the caller's mistake and is
// not counted.
func TestMeteredModelsRecordsSwitches(t *testing.T) {
	srv := fakeOllama(t)
	svc := bootWithOllama(t, srv.URL)
	m := svc.MeteredModels()
	if _, err := m.Switch(t.Context(), "chat", "qwen3:4b"); err == nil {
		t.Fatal("switch to a missing model worked")
	}
	if _, err := m.Switch(t.Context(), "chat", "tiny"); err != nil {
		t.Fatal(err)
	}
	p, err := svc.Monitor.Performance(t.Context(), monitor.OpModelSwitch, 1)
	if err != nil || p.PerformanceStats[monitor.OpModelSwitch].TotalRequests != 1 || p.PerformanceStats[monitor.OpModelSwitch].Errors != 0 {
		t.Errorf("model_switch stats = %+v, %v", p.PerformanceStats, err)
	}
}

// TestMeteredChatDoesNotCountUnsearchableQuestions: a question of only
// punctuation is the caller's mistake (400), not a failed query in the
// error rate that raises alerts.
func TestMeteredChatDoesNotCountUnsearchableQuestions(t *testing.T) {
	srv := fakeOllama(t)
	svc := bootWithOllama(t, srv.URL)
	c := svc.Chat
	for _, q := range []string{"???", "。。。", "「」"} {
		if _, err := c.Ask(t.Context(), chat.Request{Question: q}, func(chat.Event) error { return nil }); !errors.Is(err, search.ErrEmptyQuery) {
			t.Fatalf("Ask(%q) = %v, want search.ErrEmptyQuery", q, err)
		}
	}
	p, err := svc.Monitor.Performance(t.Context(), monitor.OpQuery, 1)
	if err != nil || p.PerformanceStats[monitor.OpQuery].Errors != 0 {
		t.Errorf("query stats after unsearchable questions = %+v, %v; want no errors counted", p.PerformanceStats, err)
	}
}
