package maintenance

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

func openStore(t *testing.T, path string) *store.Store {
	t.Helper()
	s, err := store.Open(t.Context(), path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSchedulerRunsDueJobsAndPersists(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	db := openStore(t, path)
	var daily, weekly, failing atomic.Int32
	jobs := []Job{
		{Name: "cleanup", Interval: 24 * time.Hour, Run: func(context.Context) (string, error) { daily.Add(1); return "removed 2 sessions", nil }},
		{Name: "optimize", Interval: 7 * 24 * time.Hour, Run: func(context.Context) (string, error) { weekly.Add(1); return "ok", nil }},
		{Name: "broken", Interval: 24 * time.Hour, Run: func(context.Context) (string, error) {
			if failing.Add(1) == 1 {
				panic("boom")
			}
			return "", errors.New("disk full")
		}},
		{Name: "manual", Run: func(context.Context) (string, error) { return "ran", nil }},
	}
	now := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC)
	s := New(db, nil, jobs...)
	s.now = func() time.Time { return now }
	if n := s.Tick(t.Context()); n != 3 {
		t.Fatalf("first tick ran %d jobs, want the 3 scheduled ones", n)
	}
	if n := s.Tick(t.Context()); n != 0 {
		t.Fatalf("second tick ran %d jobs, want 0", n)
	}
	st := map[string]JobStatus{}
	for _, j := range s.Status() {
		st[j.Name] = j
	}
	if c := st["cleanup"]; !c.LastOK || c.LastResult != "removed 2 sessions" || c.NextRun != "2026-11-25T03:00:00Z" {
		t.Errorf("cleanup = %+v", c)
	}
	if b := st["broken"]; b.LastOK || b.LastError == "" || b.NextRun != "2026-11-24T03:01:00Z" || b.Failures != 1 {
		t.Errorf("broken = %+v (a failed job retries after Backoff(1), a minute)", b)
	}
	if m := st["manual"]; m.Enabled || m.NextRun != "" || m.LastRun != "" {
		t.Errorf("manual = %+v", m)
	}
	now = now.Add(25 * time.Hour)
	if n := s.Tick(t.Context()); n != 2 || daily.Load() != 2 || weekly.Load() != 1 {
		t.Fatalf("after a day: ran %d, daily %d weekly %d", n, daily.Load(), weekly.Load())
	}
	if _, err := s.RunNow(t.Context(), "manual"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RunNow(t.Context(), "nope"); !errors.Is(err, ErrUnknownJob) {
		t.Errorf("unknown job: %v", err)
	}
	db.Close()

	// A restart keeps the schedule: nothing is due a minute later (the
	// broken job, failed twice, waits Backoff(2) = 2 minutes), then only
	// the broken job's retry.
	db = openStore(t, path)
	defer db.Close()
	s2 := New(db, nil, jobs...)
	s2.now = func() time.Time { return now.Add(time.Minute) }
	if n := s2.Tick(t.Context()); n != 0 {
		t.Errorf("after restart %d jobs ran, want 0", n)
	}
	s2.now = func() time.Time { return now.Add(2 * time.Minute) }
	if n := s2.Tick(t.Context()); n != 1 || failing.Load() != 3 {
		t.Errorf("retry after restart: %d jobs ran, broken tried %d times; want 1 and 3", n, failing.Load())
	}
	for _, j := range s2.Status() {
		if j.Name == "manual" && j.LastResult != "ran" {
			t.Errorf("manual result lost across restart: %+v", j)
		}
	}
}

func TestRunNowWhileBusy(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "g.db"))
	defer db.Close()
	started, release := make(chan struct{}), make(chan struct{})
	s := New(db, nil,
		Job{Name: "slow", Run: func(context.Context) (string, error) { close(started); <-release; return "", nil }},
		Job{Name: "other", Run: func(context.Context) (string, error) { return "", nil }})
	go s.RunNow(context.Background(), "slow")
	<-started
	if _, err := s.RunNow(t.Context(), "other"); !errors.Is(err, ErrBusy) {
		t.Errorf("RunNow while busy = %v, want ErrBusy", err)
	}
	for _, j := range s.Status() {
		if j.Name == "slow" && !j.Running {
			t.Error("running job not shown as running")
		}
	}
	close(release)
}

// TestSchedulerFiresOnRealClock runs the scheduler as the app does, with
// the real clock and Run's timer, on a fresh database: every scheduled job
// must run once (a job that never ran is due at once), the manual one not.
// The frozen-clock test above cannot see a clock read twice.
func TestSchedulerFiresOnRealClock(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "g.db"))
	var ran atomic.Int32
	count := func(context.Context) (string, error) { ran.Add(1); return "ok", nil }
	s := New(db, nil,
		Job{Name: "backup", Interval: 24 * time.Hour, Run: count},
		Job{Name: "cleanup", Interval: 24 * time.Hour, Run: count},
		Job{Name: "manual", Run: count},
	)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { s.Run(ctx, time.Millisecond, time.Millisecond); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for ran.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // more ticks: nothing runs twice
	cancel()
	<-done
	if got := ran.Load(); got != 2 {
		t.Fatalf("jobs run on a fresh database with the real clock = %d, want 2 (backup, cleanup once each)", got)
	}
	for _, st := range s.Status() {
		if st.Name != "manual" && (st.LastRun == "" || !st.LastOK || st.NextRun == "") {
			t.Errorf("%s after its first run: %+v", st.Name, st)
		}
	}
}

// TestStopEndsRunAndItsJob: Stop cancels the running job's context and
// returns only after Run has returned, so the store can close after it;
// Run after Stop does nothing.
func TestStopEndsRunAndItsJob(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "g.db"))
	defer db.Close()
	started := make(chan struct{})
	var ended atomic.Bool
	s := New(db, nil, Job{Name: "slow", Interval: time.Hour, Run: func(ctx context.Context) (string, error) {
		close(started)
		<-ctx.Done()
		time.Sleep(20 * time.Millisecond)
		ended.Store(true)
		return "", ctx.Err()
	}})
	go s.Run(context.Background(), time.Millisecond, time.Millisecond)
	<-started
	s.Stop()
	if !ended.Load() {
		t.Fatal("Stop returned while the job was still running")
	}
	if st := s.Status()[0]; st.LastError != "context canceled" || st.Failures != 1 {
		t.Errorf("interrupted job: %+v", st)
	}
	done := make(chan struct{})
	go func() { s.Run(context.Background(), time.Millisecond, time.Millisecond); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Run after Stop did not return")
	}
	s.Stop() // twice is fine
}
