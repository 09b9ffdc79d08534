package maintenance

import (
	"context"
	"errors"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
	_ "time/tzdata" // America/New_York for the DST test, in the test binary only
)

var jst = time.FixedZone("JST", 9*3600)

func TestScheduleNext(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04:05", s, jst)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	daily2 := &Schedule{Hour: 2, Loc: jst}
	sunday4 := &Schedule{Hour: 4, Weekly: true, Weekday: time.Sunday, Loc: jst}
	tests := []struct {
		name  string
		sched *Schedule
		after string
		want  string
	}{
		{"before today's time", daily2, "2026-11-24 01:59:59", "2026-11-24 02:00:00"},
		{"exactly at it: the next day", daily2, "2026-11-24 02:00:00", "2026-11-25 02:00:00"},
		{"just after it", daily2, "2026-11-24 02:00:01", "2026-11-25 02:00:00"},
		{"across a month end", daily2, "2026-11-30 23:00:00", "2026-12-01 02:00:00"},
		{"across a year end", daily2, "2026-12-31 02:30:00", "2027-01-01 02:00:00"},
		{"across a leap day", daily2, "2028-02-28 03:00:00", "2028-02-29 02:00:00"},
		{"minutes", &Schedule{Hour: 23, Minute: 45, Loc: jst}, "2026-11-24 23:44:00", "2026-11-24 23:45:00"},
		{"midnight", &Schedule{Loc: jst}, "2026-11-24 00:00:00", "2026-11-25 00:00:00"},
		{"weekly from a Tuesday", sunday4, "2026-11-24 12:00:00", "2026-11-29 04:00:00"},
		{"weekly on the Sunday before", sunday4, "2026-11-29 03:59:00", "2026-11-29 04:00:00"},
		{"weekly on the Sunday after", sunday4, "2026-11-29 04:00:00", "2026-12-06 04:00:00"},
		{"weekly Saturday night", sunday4, "2026-11-28 23:59:00", "2026-11-29 04:00:00"},
		{"a UTC time is read in the schedule's zone", daily2, "2026-11-24 01:00:00", "2026-11-24 02:00:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			after := at(tt.after)
			if tt.name == "a UTC time is read in the schedule's zone" {
				after = after.UTC() // 2026-11-23 16:00 UTC is 01:00 JST
			}
			got := tt.sched.Next(after)
			if want := at(tt.want); !got.Equal(want) {
				t.Errorf("%s.Next(%s) = %s, want %s", tt.sched, after, got.In(jst), want)
			}
		})
	}
}

// TestScheduleNextAcrossDST keeps the wall-clock time across daylight
// saving changes: 23 hours between runs in spring, 25 in autumn.
func TestScheduleNextAcrossDST(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skipf("no tzdata: %v", err)
	}
	s := &Schedule{Hour: 3, Loc: ny}
	// 2026-03-08 02:00 EST → 03:00 EDT; 2026-11-01 02:00 EDT → 01:00 EST.
	spring := time.Date(2026, 3, 7, 3, 0, 0, 0, ny)
	next := s.Next(spring)
	if want := time.Date(2026, 3, 8, 3, 0, 0, 0, ny); !next.Equal(want) || next.Sub(spring) != 23*time.Hour {
		t.Errorf("spring: Next(%s) = %s (%s later), want %s, 23h later", spring, next, next.Sub(spring), want)
	}
	autumn := time.Date(2026, 10, 31, 3, 0, 0, 0, ny)
	next = s.Next(autumn)
	if want := time.Date(2026, 11, 1, 3, 0, 0, 0, ny); !next.Equal(want) || next.Sub(autumn) != 25*time.Hour {
		t.Errorf("autumn: Next(%s) = %s (%s later), want %s, 25h later", autumn, next, next.Sub(autumn), want)
	}
	// 02:30 does not exist on 2026-03-08: the run still happens that day,
	// once, and the next one is back at 02:30 the day after.
	gap := &Schedule{Hour: 2, Minute: 30, Loc: ny}
	first := gap.Next(time.Date(2026, 3, 7, 12, 0, 0, 0, ny))
	if y, m, d := first.Date(); y != 2026 || m != 3 || d != 8 {
		t.Errorf("spring gap: run on %s, want on 2026-03-08", first)
	}
	if second := gap.Next(first); !second.Equal(time.Date(2026, 3, 9, 2, 30, 0, 0, ny)) {
		t.Errorf("after the gap: %s, want 2026-03-09 02:30 EDT", second)
	}
	// 01:30 happens twice on 2026-11-01: the job runs once that day.
	twice := &Schedule{Hour: 1, Minute: 30, Loc: ny}
	first = twice.Next(time.Date(2026, 10, 31, 12, 0, 0, 0, ny))
	second := twice.Next(first)
	if y, m, d := second.In(ny).Date(); y != 2026 || m != 11 || d != 2 {
		t.Errorf("repeated hour: runs at %s then %s, want the second on 2026-11-02", first, second)
	}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour}
	for i, w := range want {
		if got := Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %s, want %s", i+1, got, w)
		}
	}
	for _, n := range []int{0, -1} {
		if got := Backoff(n); got != time.Minute {
			t.Errorf("Backoff(%d) = %s, want 1m", n, got)
		}
	}
	if got := Backoff(1000); got != time.Hour {
		t.Errorf("Backoff(1000) = %s, want 1h (no overflow)", got)
	}
}

// clock is a fake clock for the scheduler.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }
func (c *clock) set(s string, tb testing.TB) {
	tb.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, jst)
	if err != nil {
		tb.Fatal(err)
	}
	c.t = v
}

func statusOf(s *Scheduler, name string) JobStatus {
	for _, st := range s.Status() {
		if st.Name == name {
			return st
		}
	}
	return JobStatus{}
}

func jstRFC(s string) string {
	v, _ := time.ParseInLocation("2006-01-02 15:04", s, jst)
	return v.UTC().Format(time.RFC3339)
}

// TestWallClockCatchUp: a job runs at its time; when the app was off (or
// the machine slept) through several of them it runs once at the next
// check, then goes back to its time.
func TestWallClockCatchUp(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	db := openStore(t, path)
	var runs atomic.Int32
	job := Job{Name: "backup", At: &Schedule{Hour: 2, Loc: jst}, Run: func(context.Context) (string, error) { runs.Add(1); return "ok", nil }}
	c := &clock{}
	c.set("2026-11-24 15:00", t)
	s := New(db, nil, job)
	s.now = c.now
	if st := statusOf(s, "backup"); st.Schedule != "daily at 02:00 JST" || !st.Enabled || st.Interval != "24h0m0s" {
		t.Errorf("status before any run: %+v", st)
	}
	// Never ran: it runs at the first check, not at 02:00 tomorrow.
	if n := s.Tick(t.Context()); n != 1 {
		t.Fatalf("fresh start ran %d jobs, want 1", n)
	}
	if st := statusOf(s, "backup"); st.NextRun != jstRFC("2026-11-25 02:00") || st.LastSuccess != jstRFC("2026-11-24 15:00") {
		t.Errorf("after the first run: %+v", st)
	}
	for _, tick := range []string{"2026-11-24 23:59", "2026-11-25 01:59"} {
		c.set(tick, t)
		if n := s.Tick(t.Context()); n != 0 {
			t.Errorf("at %s ran %d jobs, want 0", tick, n)
		}
	}
	c.set("2026-11-25 02:00", t)
	if n := s.Tick(t.Context()); n != 1 {
		t.Errorf("at 02:00 ran %d jobs, want 1", n)
	}
	db.Close()

	// Off (or asleep) for five days: one run at the first check after.
	db = openStore(t, path)
	defer db.Close()
	s = New(db, nil, job)
	s.now = c.now
	c.set("2026-11-30 09:17", t)
	if st := statusOf(s, "backup"); st.NextRun != jstRFC("2026-11-26 02:00") {
		t.Errorf("missed run shown as %q, want the missed time %s", st.NextRun, jstRFC("2026-11-26 02:00"))
	}
	for i, want := range []int{1, 0, 0} {
		if n := s.Tick(t.Context()); n != want {
			t.Errorf("catch-up tick %d ran %d jobs, want %d", i, n, want)
		}
	}
	if got := runs.Load(); got != 3 {
		t.Errorf("runs = %d, want 3 (first start, 02:00, one catch-up for five missed days)", got)
	}
	if st := statusOf(s, "backup"); st.NextRun != jstRFC("2026-12-01 02:00") || st.LastRun != jstRFC("2026-11-30 09:17") {
		t.Errorf("after catch-up: %+v", st)
	}
}

// TestFailingJobBacksOff: a failing job is retried after 1, 2, 4 …
// minutes with its error shown, then goes back to its schedule.
func TestFailingJobBacksOff(t *testing.T) {
	path := filepath.Join(t.TempDir(), "g.db")
	db := openStore(t, path)
	defer db.Close()
	var tries atomic.Int32
	job := Job{Name: "backup", At: &Schedule{Hour: 2, Loc: jst}, Run: func(context.Context) (string, error) {
		switch tries.Add(1) {
		case 1, 2, 4:
			return "", errors.New("disk full")
		case 3:
			panic("boom")
		}
		return "backup.tar.gz", nil
	}}
	c := &clock{}
	c.set("2026-11-25 02:00", t)
	s := New(db, nil, job)
	s.now = c.now
	retries := []struct {
		at, next, err string
	}{
		{"2026-11-25 02:00", "2026-11-25 02:01", "disk full"},
		{"2026-11-25 02:01", "2026-11-25 02:03", "disk full"},
		{"2026-11-25 02:03", "2026-11-25 02:07", "job backup panicked: boom"},
		{"2026-11-25 02:07", "2026-11-25 02:15", "disk full"},
	}
	for i, r := range retries {
		c.set(r.at, t)
		if n := s.Tick(t.Context()); n != 1 {
			t.Fatalf("try %d at %s ran %d jobs, want 1", i+1, r.at, n)
		}
		st := statusOf(s, "backup")
		if st.LastOK || st.LastError != r.err || st.Failures != i+1 || st.NextRun != jstRFC(r.next) || st.LastRun != jstRFC(r.at) {
			t.Errorf("after try %d: %+v; want error %q, next %s", i+1, st, r.err, jstRFC(r.next))
		}
		// One minute before the retry nothing runs.
		next, _ := time.Parse(time.RFC3339, st.NextRun)
		c.t = next.Add(-time.Minute)
		if n := s.Tick(t.Context()); n != 0 {
			t.Errorf("before retry %d: ran %d jobs", i+1, n)
		}
	}
	// The failures survive a restart.
	s = New(db, nil, job)
	s.now = c.now
	if st := statusOf(s, "backup"); st.Failures != 4 || st.NextRun != jstRFC("2026-11-25 02:15") || st.LastError != "disk full" {
		t.Errorf("after restart: %+v", st)
	}
	c.set("2026-11-25 02:15", t)
	if n := s.Tick(t.Context()); n != 1 {
		t.Fatalf("fifth try ran %d", n)
	}
	st := statusOf(s, "backup")
	if !st.LastOK || st.LastError != "" || st.Failures != 0 || st.LastResult != "backup.tar.gz" || st.NextRun != jstRFC("2026-11-26 02:00") || st.LastSuccess != jstRFC("2026-11-25 02:15") {
		t.Errorf("after success: %+v", st)
	}
}

// TestSetScheduleAndNextCheck: a reload changes the time or disables the
// job; a due job shows the scheduler's next check as its next run.
func TestSetScheduleAndNextCheck(t *testing.T) {
	db := openStore(t, filepath.Join(t.TempDir(), "g.db"))
	defer db.Close()
	c := &clock{}
	c.set("2026-11-24 15:00", t)
	s := New(db, nil, Job{Name: "backup", At: &Schedule{Hour: 2, Loc: jst}, Run: func(context.Context) (string, error) { return "", nil }})
	s.now = c.now
	s.setNextCheck(c.t.Add(time.Minute))
	if st := statusOf(s, "backup"); st.NextRun != jstRFC("2026-11-24 15:01") {
		t.Errorf("never ran: next %q, want the next check", st.NextRun)
	}
	s.Tick(t.Context())
	s.SetSchedule("backup", 0, &Schedule{Hour: 4, Minute: 30, Weekly: true, Weekday: time.Saturday, Loc: jst})
	if st := statusOf(s, "backup"); st.NextRun != jstRFC("2026-11-28 04:30") || st.Schedule != "weekly on Saturday at 04:30 JST" || st.Interval != "168h0m0s" {
		t.Errorf("after SetSchedule: %+v", st)
	}
	s.SetSchedule("backup", 0, nil)
	if st := statusOf(s, "backup"); st.Enabled || st.NextRun != "" || st.Schedule != "on demand" {
		t.Errorf("disabled: %+v", st)
	}
	c.set("2026-12-24 15:00", t)
	if n := s.Tick(t.Context()); n != 0 {
		t.Errorf("disabled job ran")
	}
	s.SetSchedule("nope", time.Hour, nil) // ignored
}
