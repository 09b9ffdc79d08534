package wiring

import (
	"context"
	"fmt"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/maintenance"
)

// Names of the scheduled jobs wired here.
const (
	JobCleanupSessions = "cleanup_sessions"
	JobOptimizeIndex   = "optimize_index"
)

// startMaintenance wires the scheduled jobs over the services. Other jobs
// (metrics retention, status snapshot, daily backup) join as their
// services are wired.
func (s *Services) startMaintenance(extra ...maintenance.Job) {
	days := func() int { return s.CurrentConfig().Chat.RetentionDays }
	jobs := append([]maintenance.Job{
		{Name: JobCleanupSessions, Interval: daily(days() > 0), Run: func(ctx context.Context) (string, error) {
			d := days()
			if d <= 0 {
				return "chat.retention_days is 0: sessions are kept", nil
			}
			n, err := s.Chat.Cleanup(ctx, d)
			return fmt.Sprintf("removed %d sessions older than %d days", n, d), err
		}},
		{Name: JobOptimizeIndex, Interval: 7 * 24 * time.Hour, Run: func(ctx context.Context) (string, error) {
			rep, err := s.Store.Compact(ctx)
			return fmt.Sprintf("database %.1f → %.1f MB in %.1f s", mb(rep.SizeBefore), mb(rep.SizeAfter), rep.Seconds), err
		}},
	}, extra...)
	s.Maintenance = maintenance.New(s.Store, s.Log, jobs...)
	cfg := s.CurrentConfig()
	s.Maintenance.SetStartDelay(time.Duration(cfg.Maintenance.StartDelaySeconds) * time.Second)
	s.scheduleJobs(cfg)
	s.OnReload(s.scheduleJobs)
	// Closing the services ends the scheduler (and a job it runs) before
	// the store and the log close.
	s.closers = append(s.closers, func() error { s.Maintenance.Stop(); return nil })
}

// scheduleJobs sets the jobs' wall-clock times from cfg's maintenance
// keys (in local time): the daily backup at maintenance.backup_time while
// backup.daily, the session cleanup (while chat.retention_days > 0) and
// the metrics pruning at maintenance.daily_time, the index optimisation
// weekly at maintenance.optimize_weekday and optimize_time.
func (s *Services) scheduleJobs(cfg *config.Config) {
	m := cfg.Maintenance
	backup, dailyAt := clock(m.BackupTime, "02:00"), clock(m.DailyTime, "03:00")
	if !cfg.Backup.Daily {
		backup = nil
	}
	cleanup := dailyAt
	if cfg.Chat.RetentionDays <= 0 {
		cleanup = nil
	}
	day, err := config.ParseWeekday(m.OptimizeWeekday)
	if err != nil {
		day = time.Sunday
	}
	opt := clock(m.OptimizeTime, "04:00")
	opt.Weekly, opt.Weekday = true, day
	s.Maintenance.SetSchedule(JobDailyBackup, 0, backup)
	s.Maintenance.SetSchedule(JobCleanupSessions, 0, cleanup)
	s.Maintenance.SetSchedule(JobPruneMetrics, 0, clock(m.DailyTime, "03:00"))
	s.Maintenance.SetSchedule(JobOptimizeIndex, 0, opt)
}

// clock is the daily schedule at v ("HH:MM"), or at def when v is not a
// time (Validate refuses such a config, so this is only a safeguard).
func clock(v, def string) *maintenance.Schedule {
	h, m, err := config.ParseClock(v)
	if err != nil {
		h, m, _ = config.ParseClock(def)
	}
	return maintenance.Daily(h, m)
}

// daily is the interval of a daily job that is on; the wall-clock time
// comes from scheduleJobs.
func daily(on bool) time.Duration {
	if on {
		return 24 * time.Hour
	}
	return 0
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }
