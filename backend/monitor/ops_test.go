package monitor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// fakeReader returns the readings it is given, in turn (the last repeats).
type fakeReader struct{ rs []Reading }

func (f *fakeReader) Read(context.Context) (Reading, error) {
	r := f.rs[0]
	if len(f.rs) > 1 {
		f.rs = f.rs[1:]
	}
	return r, nil
}

func okStore() pingFunc { return func(context.Context) (int, error) { return 6, nil } }

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "g.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestRulesHysteresis(t *testing.T) {
	th := Thresholds{MemoryUsagePercent: 80, DiskUsagePercent: 90, CPUUsagePercent: 85, ResponseTimeMS: 5000, ErrorRatePercent: 5}
	tests := []struct {
		name   string
		values []float64 // cpu per sample
		want   []string  // state changes, in order
	}{
		{"below never raises", []float64{50, 84.9, 84.9, 84.9}, nil},
		{"two over is not enough", []float64{90, 90, 50, 90, 90}, nil},
		{"three over raises once", []float64{90, 90, 90, 95, 99}, []string{"raised"}},
		{"dip inside margin keeps it", []float64{90, 90, 90, 82, 82, 82, 82}, []string{"raised"}},
		{"three below margin clears", []float64{90, 90, 90, 80, 80, 80}, []string{"raised", "cleared"}},
		{"interrupted clearing restarts", []float64{90, 90, 90, 80, 80, 86, 80, 80, 80}, []string{"raised", "cleared"}},
		{"flapping at threshold raises once", []float64{85, 85, 85, 84, 85, 84, 85, 84}, []string{"raised"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newRules(Hysteresis{})
			var got []string
			for i, v := range tt.values {
				for _, a := range r.step(observation{MetricCPU: v}, th, time.Unix(int64(i), 0)) {
					if a.Metric != MetricCPU {
						t.Fatalf("alert for %s", a.Metric)
					}
					got = append(got, a.State)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("changes = %v, want %v", got, tt.want)
			}
		})
	}
	// A disabled threshold clears an active alert.
	r := newRules(Hysteresis{Consecutive: 1})
	r.step(observation{MetricMemory: 95}, th, time.Unix(0, 0))
	th.MemoryUsagePercent = 0
	if ch := r.step(observation{MetricMemory: 95}, th, time.Unix(1, 0)); len(ch) != 1 || ch[0].State != AlertCleared {
		t.Errorf("disabling the threshold: %+v", ch)
	}
}

func TestObserveResponseTimeAndErrorRate(t *testing.T) {
	var recent []store.Metric
	for i := range 10 {
		recent = append(recent, store.Metric{Op: OpQuery, Duration: time.Duration(i+1) * time.Second, OK: i != 0})
	}
	o := observe(Reading{CPUPercent: 1}, recent, 5)
	if o[MetricResponseTime] != 10000 || o[MetricErrorRate] != 10 {
		t.Errorf("observe = %v, want p95 10000 ms and 10%% errors", o)
	}
	if o := observe(Reading{}, recent[:4], 5); o[MetricErrorRate] != 0 {
		t.Errorf("error rate judged on 4 operations: %v", o)
	}
}

func TestPerformanceStatsPersisted(t *testing.T) {
	db := openStore(t)
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	clock := now.Add(-30 * time.Minute)
	s := New(Options{Store: okStore(), Ollama: probeFunc(func(context.Context) llm.Status { return llm.Status{} }), DB: db, Now: func() time.Time { return clock }})
	for i := 1; i <= 100; i++ {
		var err error
		if i%10 == 0 {
			err = errors.New("model failed")
		}
		s.Record(OpQuery, time.Duration(i)*time.Millisecond, err)
	}
	s.Record(OpSearch, 4*time.Millisecond, nil)
	s.Record(OpQuery, time.Hour, context.Canceled) // the user stopped it: not counted
	clock = now
	p, err := s.Performance(t.Context(), "", 24)
	if err != nil {
		t.Fatal(err)
	}
	q := p.PerformanceStats[OpQuery]
	want := OpStats{AverageResponseTime: 50.5, TotalRequests: 100, Errors: 10, P50: 50, P95: 95, P99: 99, MaxResponseTime: 100,
		ErrorRate: 0.1, ErrorRatePercent: 10, RequestsPerMinute: 3.333}
	if q != want {
		t.Errorf("query stats = %+v\nwant %+v", q, want)
	}
	for _, op := range KnownOps {
		if _, ok := p.PerformanceStats[op]; !ok {
			t.Errorf("known op %s missing", op)
		}
	}
	if p.TimeUnit != "ms" || p.PerformanceStats[OpSearch].TotalRequests != 1 {
		t.Errorf("performance = %+v", p)
	}
	only, _ := s.Performance(t.Context(), OpSearch, 24)
	if len(only.PerformanceStats) != 1 || only.PerformanceStats[OpSearch].P99 != 4 {
		t.Errorf("operation_type=search: %+v", only)
	}
	lastTen, _ := s.Performance(t.Context(), OpQuery, 0.25) // 15 min: nothing
	if lastTen.PerformanceStats[OpQuery].TotalRequests != 0 {
		t.Errorf("hours=0.25 counted old records: %+v", lastTen)
	}

	// A new Service over the same store (a restart) still has them.
	s2 := New(Options{Store: okStore(), Ollama: probeFunc(func(context.Context) llm.Status { return llm.Status{} }), DB: db, Now: func() time.Time { return now }})
	if p, _ := s2.Performance(t.Context(), OpQuery, 24); p.PerformanceStats[OpQuery].TotalRequests != 100 {
		t.Errorf("after restart: %+v", p.PerformanceStats[OpQuery])
	}
	if n, err := s2.ResetPerformance(t.Context()); err != nil || n != 101 {
		t.Errorf("ResetPerformance = %d, %v", n, err)
	}
	if p, _ := s2.Performance(t.Context(), "", 24); p.PerformanceStats[OpQuery].TotalRequests != 0 {
		t.Errorf("after reset: %+v", p.PerformanceStats[OpQuery])
	}
}

func TestSamplerAlertsFilesAndStatus(t *testing.T) {
	db := openStore(t)
	var alerts, status bytes.Buffer
	high := Reading{MemoryTotalMB: 8000, MemoryUsedMB: 7200, MemoryPercent: 90, DiskTotalMB: 20000, DiskUsedMB: 1000, DiskFreeMB: 19000, DiskPercent: 5, CPUPercent: 10, ProcessRSSMB: 42.4, DiskPath: "/d"}
	low := high
	low.MemoryPercent, low.MemoryUsedMB = 50, 4000
	fr := &fakeReader{rs: []Reading{high, high, high, low, low, low}}
	var hooked []Alert
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	s := New(Options{
		Store: okStore(), Ollama: probeFunc(func(context.Context) llm.Status { return llm.Status{Host: "h", Reachable: true, Version: "0.17.4"} }),
		DB: db, Reader: fr, AlertFile: &alerts, StatusFile: &status, Now: func() time.Time { return now },
		Queue: func() QueueStats { return QueueStats{Running: 2, QueueDepth: 3} },
		Cache: func() CacheStats { return CacheStats{Enabled: true, Hits: 1, Misses: 3, HitRate: 0.25} },
		Index: func(context.Context) IndexState { return IndexState{Sources: 1, Pages: 5, Chunks: 50} },
		ActiveSessions: func(context.Context, time.Time) (int, error) {
			return 2, nil
		},
	})
	s.OnAlert(func(a Alert) { hooked = append(hooked, a) })
	for range 3 {
		s.SampleNow(t.Context())
		now = now.Add(10 * time.Second)
	}
	st := s.Status(t.Context())
	if st.MemoryUsageMB != 7200 || st.DiskUsageMB != 1000 || st.ProcessMemoryMB != 42 || st.QueueDepth != 3 || st.ActiveRequests != 2 ||
		st.CacheHitRate != 0.25 || st.ActiveSessions != 2 || st.Index.Chunks != 50 || st.AlertLevel != LevelAlert || st.ActiveAlerts != 1 || !st.Ollama.Reachable {
		t.Errorf("Status = %+v", st)
	}
	if len(hooked) != 1 || hooked[0].Metric != MetricMemory || hooked[0].State != AlertRaised || !strings.Contains(hooked[0].Message, "高メモリ使用量") {
		t.Fatalf("hooks got %+v", hooked)
	}
	if a, ok := s.LastAlert(); !ok || a.Metric != MetricMemory {
		t.Errorf("LastAlert = %+v, %v", a, ok)
	}
	for range 3 {
		s.SampleNow(t.Context())
		now = now.Add(10 * time.Second)
	}
	rep, err := s.Alerts(t.Context(), 10)
	if err != nil || rep.Level != LevelOK || len(rep.Active) != 0 || len(rep.Recent) != 2 || rep.Recent[0].State != AlertCleared {
		t.Errorf("Alerts = %+v, %v", rep, err)
	}
	lines := jsonLines(t, alerts.String())
	if len(lines) != 2 || lines[0]["state"] != "raised" || lines[1]["state"] != "cleared" || lines[0]["metric"] != MetricMemory {
		t.Errorf("system_alerts.json = %s", alerts.String())
	}
	if snaps := jsonLines(t, status.String()); len(snaps) != 1 || snaps[0]["memory_usage_mb"] != float64(7200) {
		t.Errorf("system_status.json = %s (one snapshot per 5 minutes)", status.String())
	}
	h, err := s.History(t.Context(), 24)
	if err != nil || len(h.Samples) != 1 || h.Samples[0].MemoryPercent != 70 {
		t.Errorf("History = %+v, %v (six samples within one 4-minute bucket average to one point)", h, err)
	}

	// Thresholds reload live.
	s.SetThresholds(Thresholds{MemoryUsagePercent: 40, DiskUsagePercent: 90, CPUUsagePercent: 85, ResponseTimeMS: 5000, ErrorRatePercent: 5})
	for range 3 {
		s.SampleNow(t.Context())
	}
	if a, ok := s.LastAlert(); !ok || a.Threshold != 40 {
		t.Errorf("after lowering the threshold: %+v %v", a, ok)
	}
}

func jsonLines(t *testing.T, s string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not a JSON line: %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func TestHealthDiskAndDetailed(t *testing.T) {
	full := Reading{DiskTotalMB: 1000, DiskFreeMB: 10, DiskPercent: 99, DiskPath: "/d", MemoryPercent: 30, MemoryTotalMB: 100}
	s := New(Options{Store: okStore(), Ollama: probeFunc(func(context.Context) llm.Status { return llm.Status{Host: "h", Error: "connection refused"} }), Reader: &fakeReader{rs: []Reading{full}}})
	if h := s.Health(t.Context()); !h.Healthy() || len(h.Checks) != 1 {
		t.Errorf("before sampling: %+v", h)
	}
	s.SampleNow(t.Context())
	h := s.Health(t.Context())
	if h.Healthy() || h.Checks["disk"].Status != CheckFail || !strings.Contains(h.Checks["disk"].Detail, "only 10 MB free") {
		t.Errorf("full disk: %+v", h)
	}
	d := s.DetailedHealth(t.Context())
	for _, name := range []string{"store", "index", "ollama", "disk", "memory"} {
		if d.Checks[name].Status == "" || d.Checks[name].Detail == "" {
			t.Errorf("detailed check %s = %+v", name, d.Checks[name])
		}
	}
	if d.Status != StatusUnhealthy || d.Checks["ollama"].Status != CheckWarning || d.Checks["index"].Status != CheckWarning {
		t.Errorf("detailed = %+v", d)
	}
}

// TestHostReader reads this machine and finds a process named ollama (a
// copy of sleep under that name).
func TestHostReader(t *testing.T) {
	sleep, err := exec.LookPath("sleep")
	if err != nil {
		t.Skip("no sleep binary")
	}
	b, err := os.ReadFile(sleep)
	if err != nil {
		t.Fatal(err)
	}
	fake := filepath.Join(t.TempDir(), "ollama")
	if err := os.WriteFile(fake, b, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(fake, "30")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })

	hr, err := NewHostReader(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r, err := hr.Read(t.Context())
	if err != nil || len(r.Errors) > 0 {
		t.Fatalf("Read = %+v, %v", r, err)
	}
	if r.MemoryTotalMB <= 0 || r.MemoryPercent <= 0 || r.DiskTotalMB <= 0 || r.ProcessRSSMB <= 0 {
		t.Errorf("reading lacks figures: %+v", r)
	}
	found := false
	for _, pid := range r.Ollama.PIDs {
		found = found || int(pid) == cmd.Process.Pid
	}
	if !r.Ollama.Running || !found || r.Ollama.RSSMB <= 0 {
		t.Errorf("ollama process %d not found: %+v", cmd.Process.Pid, r.Ollama)
	}
	time.Sleep(50 * time.Millisecond)
	r2, _ := hr.Read(t.Context())
	if r2.CPUPercent < 0 || r2.CPUPercent > 100 {
		t.Errorf("cpu percent = %v", r2.CPUPercent)
	}
	cmd.Process.Kill()
	cmd.Wait()
	r3, _ := hr.Read(t.Context())
	for _, pid := range r3.Ollama.PIDs { // other ollama processes may run on this machine
		if int(pid) == cmd.Process.Pid {
			t.Errorf("killed ollama %d still reported: %+v", pid, r3.Ollama)
		}
	}
}
