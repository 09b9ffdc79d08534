package wiring

import (
	"context"
	"fmt"

	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/maintenance"
)

// JobDailyBackup is the scheduled backup's job name.
const JobDailyBackup = "daily_backup"

// startBackups wires the backup service: restores pause the sync job,
// then reload the configuration and drop cached answers.
func (s *Services) startBackups(version string) {
	s.Backups = backup.New(s.Home, s.Store, backup.Options{
		AppVersion:     version,
		EmbeddingModel: func() string { return s.CurrentConfig().LLM.EmbeddingModel },
		Logger:         s.Log,
		Pause: func(context.Context) func() {
			s.Jobs.Close() // cancel a running sync and wait for it
			// Chat writes in progress finish first; new ones wait until
			// the data is swapped in, then go to the restored database.
			return s.Store.HoldSessionWrites()
		},
		AfterRestore: func(ctx context.Context) {
			s.AnswerCache.Clear()
			s.Vectors.Reload() // chunk IDs of the restored database may mean other chunks
			if _, err := s.ReloadConfig(ctx); err != nil {
				s.Log.Error("the restored configuration has errors; still running with the previous one", "err", err)
			}
		},
	})
}

// backupJob is the scheduled daily backup with retention.
func (s *Services) backupJob() maintenance.Job {
	b := s.CurrentConfig().Backup
	return maintenance.Job{Name: JobDailyBackup, Interval: daily(b.Daily), Run: func(ctx context.Context) (string, error) {
		cfg := s.CurrentConfig().Backup
		info, err := s.Backups.Create(ctx, backup.CreateOptions{Reason: "scheduled", IncludeLogs: cfg.IncludeLogs})
		if err != nil {
			return "", err
		}
		res, err := s.Backups.Prune(cfg.RetentionDays, cfg.MaxCount)
		return fmt.Sprintf("%s (%.1f MB); pruned %d", info.Name, mb(info.SizeBytes), len(res.Removed)), err
	}}
}
