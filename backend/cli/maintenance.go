package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/maintenance"
)

// Names of the scheduled jobs wired here.
const (
	jobCleanupSessions = "cleanup_sessions"
	jobOptimizeIndex   = "optimize_index"
)

// startMaintenance wires the scheduled jobs over the services. Other jobs
// (metrics retention, status snapshot, daily backup) join as their
// services are wired.
func (s *Services) startMaintenance(extra ...maintenance.Job) {
	days := func() int { return s.CurrentConfig().Chat.RetentionDays }
	jobs := append([]maintenance.Job{
		{Name: jobCleanupSessions, Interval: daily(days() > 0), Run: func(ctx context.Context) (string, error) {
			d := days()
			if d <= 0 {
				return "chat.retention_days is 0: sessions are kept", nil
			}
			n, err := s.Chat.Cleanup(ctx, d)
			return fmt.Sprintf("removed %d sessions older than %d days", n, d), err
		}},
		{Name: jobOptimizeIndex, Interval: 7 * 24 * time.Hour, Run: func(ctx context.Context) (string, error) {
			rep, err := s.Store.Compact(ctx)
			return fmt.Sprintf("database %.1f → %.1f MB in %.1f s", mb(rep.SizeBefore), mb(rep.SizeAfter), rep.Seconds), err
		}},
	}, extra...)
	s.Maintenance = maintenance.New(s.Store, s.Log, jobs...)
	s.OnReload(func(cfg *config.Config) {
		s.Maintenance.SetInterval(jobCleanupSessions, daily(cfg.Chat.RetentionDays > 0))
		s.Maintenance.SetInterval(jobDailyBackup, daily(cfg.Backup.Daily))
	})
}

func daily(on bool) time.Duration {
	if on {
		return 24 * time.Hour
	}
	return 0
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

// runMaintenance runs `maintenance cleanup-sessions [--days N]` or
// `maintenance optimize-index` once, now.
func runMaintenance(ctx context.Context, env Env, o options, what string) error {
	svc, err := boot(ctx, env, o, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	var out any
	switch what {
	case "cleanup-sessions":
		days := svc.Config.Chat.RetentionDays
		if o.set["days"] {
			days = o.days
		}
		if days < 1 {
			return usageError(fmt.Sprintf("--days must be at least 1, got %d (chat.retention_days is %d)", days, svc.Config.Chat.RetentionDays))
		}
		n, err := svc.Chat.Cleanup(ctx, days)
		if err != nil {
			return err
		}
		out = map[string]any{"removed_sessions": n, "days": days}
		if !o.json {
			fmt.Fprintf(env.Stdout, "Cleaned %d old sessions (older than %d days)\n", n, days)
		}
	case "optimize-index":
		rep, err := svc.Store.Compact(ctx)
		if err != nil {
			return err
		}
		out = rep
		if !o.json {
			fmt.Fprintf(env.Stdout, "Index optimised: database %.1f MB → %.1f MB in %.1f s\n", mb(rep.SizeBefore), mb(rep.SizeAfter), rep.Seconds)
		}
	}
	if o.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return nil
}
