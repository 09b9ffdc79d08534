package store

import (
	"path/filepath"
	"testing"
	"time"
)

func TestMetricsRoundTripAndRetention(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "g.db")
	s := openTest(t, path, Options{})
	now := time.Now().UTC().Truncate(time.Millisecond)
	old := now.Add(-40 * 24 * time.Hour)
	in := []Metric{
		{At: old, Op: "query", Duration: 2 * time.Second, OK: true},
		{At: now.Add(-time.Minute), Op: "query", Duration: 1500 * time.Microsecond, OK: false},
		{At: now, Op: "search", Duration: 3 * time.Millisecond, OK: true},
	}
	if err := s.AddMetrics(ctx, in); err != nil {
		t.Fatal(err)
	}
	got, err := s.Metrics(ctx, now.Add(-time.Hour), "query")
	if err != nil || len(got) != 1 || got[0].Duration != 1500*time.Microsecond || got[0].OK || !got[0].At.Equal(now.Add(-time.Minute)) {
		t.Fatalf("Metrics(query) = %+v, %v", got, err)
	}
	if all, _ := s.Metrics(ctx, time.Time{}, ""); len(all) != 3 {
		t.Errorf("all metrics = %d, want 3", len(all))
	}
	if err := s.AddResourceSample(ctx, ResourceSample{At: old, CPUPercent: 1}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddResourceSample(ctx, ResourceSample{At: now, CPUPercent: 42.5, DiskUsedMB: 10}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddAlertEvent(ctx, AlertEvent{At: old, Metric: "cpu_usage_percent", State: "raised", Value: 90, Threshold: 85, Message: "m"}); err != nil {
		t.Fatal(err)
	}
	n, err := s.PruneMonitoring(ctx, now.Add(-30*24*time.Hour))
	if err != nil || n != 3 {
		t.Errorf("PruneMonitoring = %d, %v; want 3 (one of each)", n, err)
	}
	s.Close()

	// Survives a restart.
	s = openTest(t, path, Options{})
	if all, _ := s.Metrics(ctx, time.Time{}, ""); len(all) != 2 {
		t.Errorf("after reopen: %d metrics, want 2", len(all))
	}
	rs, err := s.ResourceSamples(ctx, now.Add(-time.Hour))
	if err != nil || len(rs) != 1 || rs[0].CPUPercent != 42.5 {
		t.Errorf("ResourceSamples = %+v, %v", rs, err)
	}
	if ev, _ := s.AlertEvents(ctx, 10); len(ev) != 0 {
		t.Errorf("alerts after prune = %+v", ev)
	}
	if n, err := s.DeleteMetrics(ctx, time.Time{}); err != nil || n != 2 {
		t.Errorf("DeleteMetrics(all) = %d, %v", n, err)
	}
	if _, err := s.CreateSession(ctx, "x"); err != nil {
		t.Fatal(err)
	}
	if n, err := s.ActiveSessions(ctx, now.Add(-time.Minute)); err != nil || n != 1 {
		t.Errorf("ActiveSessions = %d, %v", n, err)
	}
	if n, _ := s.ActiveSessions(ctx, time.Now().Add(time.Hour)); n != 0 {
		t.Errorf("ActiveSessions(future) = %d", n)
	}
}
