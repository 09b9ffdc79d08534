package desktop

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/logging"
	"github.com/genkai-rag/genkai-rag/backend/maintenance"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

type reading monitor.Reading

func (r reading) Read(context.Context) (monitor.Reading, error) { return monitor.Reading(r), nil }

type downOllama struct{}

func (downOllama) Probe(context.Context) llm.Status {
	return llm.Status{Host: "h", Error: "connection refused"}
}

func TestMonitoringFacade(t *testing.T) {
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "g.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	logFile := filepath.Join(t.TempDir(), "genkai_rag.log")
	log, closer, err := logging.New(logging.Options{File: logFile, JSON: true})
	if err != nil {
		t.Fatal(err)
	}
	defer closer.Close()
	mon := monitor.New(monitor.Options{Store: db, Ollama: downOllama{}, DB: db, Logger: log,
		Reader: reading{MemoryTotalMB: 1000, MemoryUsedMB: 500, MemoryPercent: 50, DiskTotalMB: 1000, DiskUsedMB: 100, DiskFreeMB: 900, DiskPercent: 10}})
	mon.SampleNow(t.Context())
	mon.Record(monitor.OpQuery, 30*time.Millisecond, nil)
	log.Error("request failed", "err", "boom")

	a, start := NewApp(nil)
	m := NewMonitoring(a)
	start(t.Context(), Services{Monitor: mon, Observer: mon, Logs: func(q logging.Query) ([]logging.Entry, error) { return logging.Read(logFile, q) }}, nil)

	st, err := m.Status()
	if err != nil || st.MemoryUsageMB != 500 || st.AlertLevel != monitor.LevelWarning {
		t.Errorf("Status = %+v, %v", st, err)
	}
	p, err := m.Performance("", 0)
	if err != nil || p.Hours != 24 || p.PerformanceStats[monitor.OpQuery].TotalRequests != 1 {
		t.Errorf("Performance = %+v, %v", p, err)
	}
	// The same JSON shape as the HTTP API.
	b, _ := json.Marshal(p)
	if !strings.Contains(string(b), `"performance_stats":{`) || !strings.Contains(string(b), `"average_response_time":30`) {
		t.Errorf("JSON = %s", b)
	}
	if d, err := m.DetailedHealth(); err != nil || d.Checks["memory"].Status != monitor.CheckOK {
		t.Errorf("DetailedHealth = %+v, %v", d, err)
	}
	if h, err := m.History(1); err != nil || len(h.Samples) != 1 {
		t.Errorf("History = %+v, %v", h, err)
	}
	if al, err := m.Alerts(0); err != nil || al.Level != monitor.LevelWarning {
		t.Errorf("Alerts = %+v, %v", al, err)
	}
	if lp, err := m.Logs("ERROR", "", 0); err != nil || lp.Count != 1 || lp.Records[0].Message != "request failed" {
		t.Errorf("Logs = %+v, %v", lp, err)
	}
	if r, err := m.ResetPerformance(); err != nil || r.Deleted != 1 || r.Status != "cleared" {
		t.Errorf("ResetPerformance = %+v, %v", r, err)
	}
	for name, call := range map[string]func() error{
		"negative hours": func() error { _, err := m.Performance("", -1); return err },
		"NaN hours":      func() error { _, err := m.History(math.NaN()); return err },
		"bad op":         func() error { _, err := m.Performance("../x", 1); return err },
		"bad limit":      func() error { _, err := m.Alerts(5000); return err },
		"bad level":      func() error { _, err := m.Logs("LOUD", "", 0); return err },
	} {
		if call() == nil {
			t.Errorf("%s accepted", name)
		}
	}

	b2, start2 := NewApp(nil)
	start2(t.Context(), Services{Monitor: mon}, nil)
	if _, err := NewMonitoring(b2).Status(); !errors.Is(err, ErrNoMonitoring) {
		t.Errorf("without an observer: %v", err)
	}
}

// TestMonitoringMaintenance: the Monitor page lists the scheduled jobs in
// the JSON shape of GET /api/maintenance, with a failing job's error.
func TestMonitoringMaintenance(t *testing.T) {
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "g.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sched := maintenance.New(db, nil, maintenance.Job{Name: "daily_backup", At: maintenance.Daily(2, 0),
		Run: func(context.Context) (string, error) { return "", errors.New("backup: disk full") }})
	sched.Tick(t.Context())
	a, start := NewApp(nil)
	start(t.Context(), Services{Maintenance: sched}, nil)
	page, err := NewMonitoring(a).Maintenance()
	if err != nil || len(page.Jobs) != 1 {
		t.Fatalf("Maintenance = %+v, %v", page, err)
	}
	b, _ := json.Marshal(page)
	for _, want := range []string{`"jobs":[{"name":"daily_backup"`, `"schedule":"daily at 02:00"`, `"last_error":"backup: disk full"`, `"failures":1`, `"next_run":"`, `"last_run":"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
	b2, start2 := NewApp(nil)
	start2(t.Context(), Services{}, nil)
	if _, err := NewMonitoring(b2).Maintenance(); !errors.Is(err, ErrNoMonitoring) {
		t.Errorf("without a scheduler: %v", err)
	}
}
