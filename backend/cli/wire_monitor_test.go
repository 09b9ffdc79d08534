package cli

import (
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/monitor"
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
