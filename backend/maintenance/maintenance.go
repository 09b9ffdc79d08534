// Package maintenance runs the scheduled housekeeping jobs — daily session
// cleanup, weekly index optimisation, metrics retention and the daily
// backup — and remembers each job's last result so the UI, the API and
// `genkai-rag status` can show it.
//
// A job runs at a wall-clock time like a crontab line (Job.At: "daily at
// 02:00", "weekly on Sunday at 04:00", in local time) or, without one,
// when its interval has passed since its last run. The last run is kept in
// the store, so a restart does not reset the schedule. Missed times are
// caught up the way anacron does: when the app was not running or the
// machine slept through a scheduled time, the job runs once soon after
// start or wake-up (at the next check), not once per missed time. A job
// that never ran runs at the first check after start. Checks happen every
// minute, the first one a minute after start.
//
// Jobs run one at a time; a job that fails (or panics) keeps its error in
// its status and is retried after Backoff: 1, 2, 4 … minutes, at most an
// hour, until it succeeds.
package maintenance

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Job is one scheduled task. Run returns a short human summary of what it
// did ("removed 3 sessions") or an error.
//
// At, when set, schedules the job at wall-clock times; otherwise Interval
// > 0 schedules it that long after its last run. A job with neither is
// listed but only runs on demand (RunNow).
type Job struct {
	Name     string
	Interval time.Duration
	At       *Schedule
	Run      func(ctx context.Context) (string, error)
}

// scheduled reports whether j runs by itself.
func (j Job) scheduled() bool { return j.At != nil || j.Interval > 0 }

// describe is j's schedule for people: "daily at 02:00", "every 24h0m0s"
// or "on demand".
func (j Job) describe() string {
	switch {
	case j.At != nil:
		return j.At.String()
	case j.Interval > 0:
		return "every " + j.Interval.String()
	}
	return "on demand"
}

// period is the nominal time between runs, for the status's Interval.
func (j Job) period() time.Duration {
	if j.At != nil {
		return j.At.Period()
	}
	return j.Interval
}

// Settings persists the last results; *store.Store satisfies it.
type Settings interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// JobStatus is wire.JobStatus, the shape clients see; see there.
type JobStatus = wire.JobStatus

// ErrUnknownJob is returned by RunNow for a name that is not scheduled.
var ErrUnknownJob = fault.Sentinel(fault.MaintenanceNoJob, "no such maintenance job")

// ErrBusy is returned by RunNow while another job runs.
var ErrBusy = fault.Sentinel(fault.MaintenanceBusy, "another maintenance job is running; try again when it ends")

// Scheduler runs jobs at their times or intervals. Create it with New.
type Scheduler struct {
	db  Settings
	log *slog.Logger
	now func() time.Time

	run sync.Mutex // held while a job runs

	mu        sync.Mutex
	jobs      map[string]Job
	status    map[string]*JobStatus
	nextCheck time.Time     // when Run checks next; zero when Run is not running
	first     time.Duration // SetStartDelay's first delay for Run

	stopCtx context.Context // done once Stop is called
	stopNow context.CancelFunc
	stopped bool           // under mu: Run must not start
	runs    sync.WaitGroup // Run calls in progress
}

// New returns a scheduler over jobs; a job with neither At nor Interval
// > 0 is listed but only runs on demand. Last results are read from db
// (kept under "maintenance.NAME"). log may be nil.
func New(db Settings, log *slog.Logger, jobs ...Job) *Scheduler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Scheduler{db: db, log: log, now: time.Now, jobs: map[string]Job{}, status: map[string]*JobStatus{}}
	s.stopCtx, s.stopNow = context.WithCancel(context.Background())
	for _, j := range jobs {
		s.jobs[j.Name] = j
		st := &JobStatus{}
		if v, err := db.Setting(context.Background(), key(j.Name)); err == nil {
			_ = json.Unmarshal([]byte(v), st)
		}
		if st.LastRun != "" && !st.LastOK && st.Failures == 0 {
			st.Failures = 1 // recorded by a version without the count
		}
		st.Name, st.Running = j.Name, false
		describe(st, j)
		s.status[j.Name] = st
	}
	return s
}

func key(name string) string { return "maintenance." + name }

// describe sets the status fields that come from the job's schedule.
func describe(st *JobStatus, j Job) {
	st.Enabled, st.Interval, st.Schedule = j.scheduled(), j.period().String(), j.describe()
}

// SetSchedule changes a job's schedule live (a config reload): at, when
// not nil, runs it at wall-clock times, else interval > 0 runs it that
// long after its last run; neither leaves it to RunNow. An unknown name
// is ignored.
func (s *Scheduler) SetSchedule(name string, interval time.Duration, at *Schedule) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if j, ok := s.jobs[name]; ok {
		j.Interval, j.At = interval, at
		s.jobs[name] = j
		describe(s.status[name], j)
	}
}

// Status lists the jobs by name with their last results and next runs.
func (s *Scheduler) Status() []JobStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]JobStatus, 0, len(s.status))
	now := s.now().Round(0)
	for name, st := range s.status {
		c := *st
		if next, ok := s.next(name, now); ok {
			if !s.nextCheck.IsZero() && next.Before(s.nextCheck) {
				next = s.nextCheck // due: it runs at the next check
			}
			c.NextRun = next.UTC().Format(time.RFC3339)
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// next is when job name is due; false when it has no schedule. A job that
// never ran is due at now, the caller's clock reading (reading the clock
// again here would put it a moment after the caller's now, never due).
// A failed job is due Backoff(failures) after its last try; otherwise a
// wall-clock job is due at its first scheduled time after its last run —
// in the past when that time was missed, so it runs once at the next check
// (catch-up) — and an interval job an interval after its last run.
// Callers hold s.mu.
func (s *Scheduler) next(name string, now time.Time) (time.Time, bool) {
	j, st := s.jobs[name], s.status[name]
	if !j.scheduled() {
		return time.Time{}, false
	}
	last, err := time.Parse(time.RFC3339, st.LastRun)
	if err != nil {
		return now, true // never ran: due now
	}
	switch {
	case st.Failures > 0:
		return last.Add(Backoff(st.Failures)), true
	case j.At != nil:
		return j.At.Next(last), true
	}
	return last.Add(j.Interval), true
}

// RunNow runs job name at once and returns its status afterwards.
func (s *Scheduler) RunNow(ctx context.Context, name string) (JobStatus, error) {
	s.mu.Lock()
	j, ok := s.jobs[name]
	s.mu.Unlock()
	if !ok {
		return JobStatus{}, fmt.Errorf("%w: %q (jobs: %v)", ErrUnknownJob, name, s.names())
	}
	if !s.run.TryLock() {
		return JobStatus{}, ErrBusy
	}
	defer s.run.Unlock()
	return s.runJob(ctx, j), nil
}

func (s *Scheduler) names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var n []string
	for k := range s.jobs {
		n = append(n, k)
	}
	sort.Strings(n)
	return n
}

// runJob runs j (the caller holds s.run) and records the result.
func (s *Scheduler) runJob(ctx context.Context, j Job) JobStatus {
	s.mu.Lock()
	s.status[j.Name].Running = true
	s.mu.Unlock()
	start := s.now()
	summary, err := safeRun(ctx, j)
	s.mu.Lock()
	st := s.status[j.Name]
	st.Running = false
	st.LastRun = start.UTC().Format(time.RFC3339)
	st.Seconds = s.now().Sub(start).Seconds()
	st.LastOK, st.LastResult, st.LastError = err == nil, summary, ""
	if err != nil {
		st.LastError = err.Error()
		st.Failures++
	} else {
		st.Failures, st.LastSuccess = 0, st.LastRun
	}
	c := *st
	s.mu.Unlock()
	if b, merr := json.Marshal(c); merr == nil {
		if perr := s.db.SetSetting(context.WithoutCancel(ctx), key(j.Name), string(b)); perr != nil {
			s.log.Warn("record maintenance result", "job", j.Name, "err", perr)
		}
	}
	if err != nil {
		s.log.Error("maintenance job failed", "job", j.Name, "err", err, "seconds", c.Seconds,
			"failures", c.Failures, "retry_in", Backoff(c.Failures).String())
	} else {
		s.log.Info("maintenance job done", "job", j.Name, "result", summary, "seconds", c.Seconds)
	}
	return c
}

// safeRun runs a job, turning a panic into an error.
func safeRun(ctx context.Context, j Job) (summary string, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("job %s panicked: %v", j.Name, r)
		}
	}()
	return j.Run(ctx)
}

// Tick runs every job that is due, one after another, and returns how
// many ran. Run calls it every minute; tests call it directly.
func (s *Scheduler) Tick(ctx context.Context) int {
	if !s.run.TryLock() {
		return 0
	}
	defer s.run.Unlock()
	var due []Job
	s.mu.Lock()
	now := s.now().Round(0) // compare wall clocks: the machine may have slept
	for name, j := range s.jobs {
		if next, ok := s.next(name, now); ok && !next.After(now) {
			due = append(due, j)
		}
	}
	s.mu.Unlock()
	sort.Slice(due, func(a, b int) bool { return due[a].Name < due[b].Name })
	for _, j := range due {
		if ctx.Err() != nil {
			break
		}
		s.runJob(ctx, j)
	}
	return len(due)
}

// SetStartDelay sets the first delay Run uses when called with first ≤ 0
// (the config's maintenance.start_delay_seconds); d ≤ 0 restores the
// default of one minute. Call it before Run.
func (s *Scheduler) SetStartDelay(d time.Duration) {
	s.mu.Lock()
	s.first = d
	s.mu.Unlock()
}

// Stop ends Run — cancelling the context of a job that is running — and
// waits until it has returned, so the store can be closed after it. Run
// called after Stop returns at once. Stop may be called more than once.
func (s *Scheduler) Stop() {
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	s.stopNow()
	s.runs.Wait()
}

// Run checks for due jobs every interval (default one minute), after a
// first delay (default SetStartDelay's, else one minute, so start-up is
// not slowed), until ctx ends or Stop is called. Checks compare wall-clock times, so after the machine wakes from
// sleep the jobs it slept through run at the next check.
func (s *Scheduler) Run(ctx context.Context, first, interval time.Duration) {
	s.mu.Lock()
	if s.stopped {
		s.mu.Unlock()
		return
	}
	s.runs.Add(1)
	if first <= 0 {
		first = s.first
	}
	s.mu.Unlock()
	defer s.runs.Done()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	defer context.AfterFunc(s.stopCtx, cancel)()
	if first <= 0 {
		first = time.Minute
	}
	if interval <= 0 {
		interval = time.Minute
	}
	s.setNextCheck(s.now().Add(first))
	defer s.setNextCheck(time.Time{})
	t := time.NewTimer(first)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.Tick(ctx)
		s.setNextCheck(s.now().Add(interval))
		t.Reset(interval)
	}
}

func (s *Scheduler) setNextCheck(t time.Time) {
	s.mu.Lock()
	s.nextCheck = t.Round(0)
	s.mu.Unlock()
}
