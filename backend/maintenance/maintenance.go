// Package maintenance runs the scheduled housekeeping jobs — daily session
// cleanup, weekly index optimisation, metrics retention, the daily status
// snapshot and the daily backup — and remembers each job's last result so
// the UI, the API and `genkai-rag status` can show it.
//
// A job runs when its interval has passed since its last run (kept in the
// store, so a restart does not reset the schedule), checked every minute.
// Jobs run one at a time; a job that fails is retried at its next check
// after a back-off of a tenth of its interval.
package maintenance

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"sync"
	"time"
)

// Job is one scheduled task. Run returns a short human summary of what it
// did ("removed 3 sessions") or an error.
type Job struct {
	Name     string
	Interval time.Duration
	Run      func(ctx context.Context) (string, error)
}

// Settings persists the last results; *store.Store satisfies it.
type Settings interface {
	Setting(ctx context.Context, key string) (string, error)
	SetSetting(ctx context.Context, key, value string) error
}

// JobStatus is what the UI shows of a job.
type JobStatus struct {
	Name       string  `json:"name"`
	Enabled    bool    `json:"enabled"`
	Interval   string  `json:"interval"`
	LastRun    string  `json:"last_run,omitempty"` // RFC 3339
	LastOK     bool    `json:"last_ok"`
	LastResult string  `json:"last_result,omitempty"`
	LastError  string  `json:"last_error,omitempty"`
	Seconds    float64 `json:"seconds"`
	NextRun    string  `json:"next_run,omitempty"`
	Running    bool    `json:"running"`
}

// ErrUnknownJob is returned by RunNow for a name that is not scheduled.
var ErrUnknownJob = errors.New("no such maintenance job")

// ErrBusy is returned by RunNow while another job runs.
var ErrBusy = errors.New("another maintenance job is running; try again when it ends")

// Scheduler runs jobs on their intervals. Create it with New.
type Scheduler struct {
	db  Settings
	log *slog.Logger
	now func() time.Time

	run sync.Mutex // held while a job runs

	mu     sync.Mutex
	jobs   map[string]Job
	status map[string]*JobStatus
}

// New returns a scheduler over jobs; a job with Interval ≤ 0 is listed but
// only runs on demand. log may be nil.
func New(db Settings, log *slog.Logger, jobs ...Job) *Scheduler {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Scheduler{db: db, log: log, now: time.Now, jobs: map[string]Job{}, status: map[string]*JobStatus{}}
	for _, j := range jobs {
		s.jobs[j.Name] = j
		st := &JobStatus{Name: j.Name, Enabled: j.Interval > 0, Interval: j.Interval.String()}
		if v, err := db.Setting(context.Background(), key(j.Name)); err == nil {
			_ = json.Unmarshal([]byte(v), st)
			st.Name, st.Enabled, st.Interval, st.Running = j.Name, j.Interval > 0, j.Interval.String(), false
		}
		s.status[j.Name] = st
	}
	return s
}

func key(name string) string { return "maintenance." + name }

// SetInterval changes a job's interval live (a config reload); ≤ 0
// disables its schedule.
func (s *Scheduler) SetInterval(name string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if j, ok := s.jobs[name]; ok {
		j.Interval = d
		s.jobs[name] = j
		s.status[name].Enabled, s.status[name].Interval = d > 0, d.String()
	}
}

// Status lists the jobs by name with their last results and next runs.
func (s *Scheduler) Status() []JobStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]JobStatus, 0, len(s.status))
	now := s.now()
	for name, st := range s.status {
		c := *st
		if next, ok := s.next(name, now); ok {
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
// Callers hold s.mu.
func (s *Scheduler) next(name string, now time.Time) (time.Time, bool) {
	j, st := s.jobs[name], s.status[name]
	if j.Interval <= 0 {
		return time.Time{}, false
	}
	last, err := time.Parse(time.RFC3339, st.LastRun)
	if err != nil {
		return now, true // never ran: due now
	}
	if !st.LastOK {
		return last.Add(j.Interval / 10), true
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
	}
	c := *st
	s.mu.Unlock()
	if b, merr := json.Marshal(c); merr == nil {
		if perr := s.db.SetSetting(context.WithoutCancel(ctx), key(j.Name), string(b)); perr != nil {
			s.log.Warn("record maintenance result", "job", j.Name, "err", perr)
		}
	}
	if err != nil {
		s.log.Error("maintenance job failed", "job", j.Name, "err", err, "seconds", c.Seconds)
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
	now := s.now()
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

// Run checks for due jobs every interval (default one minute), after a
// first delay (default one minute, so start-up is not slowed), until ctx
// ends.
func (s *Scheduler) Run(ctx context.Context, first, interval time.Duration) {
	if first <= 0 {
		first = time.Minute
	}
	if interval <= 0 {
		interval = time.Minute
	}
	t := time.NewTimer(first)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		s.Tick(ctx)
		t.Reset(interval)
	}
}
