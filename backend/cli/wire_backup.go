package cli

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/maintenance"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// jobDailyBackup is the scheduled backup's job name.
const jobDailyBackup = "daily_backup"

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
			s.writeGate.Lock()
			return s.writeGate.Unlock
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
	return maintenance.Job{Name: jobDailyBackup, Interval: daily(b.Daily), Run: func(ctx context.Context) (string, error) {
		cfg := s.CurrentConfig().Backup
		info, err := s.Backups.Create(ctx, backup.CreateOptions{Reason: "scheduled", IncludeLogs: cfg.IncludeLogs})
		if err != nil {
			return "", err
		}
		res, err := s.Backups.Prune(cfg.RetentionDays, cfg.MaxCount)
		return fmt.Sprintf("%s (%.1f MB); pruned %d", info.Name, mb(info.SizeBytes), len(res.Removed)), err
	}}
}

// gatedStore is the chat's store with every write taken under the
// restore gate: a restore waits for the writes in progress and holds new
// ones until the restored data is in place, so an answer streaming
// during a restore is stored in the restored database (or, if its
// session is not in the backup, fails to store with an error) and never
// interleaves with the swap.
type gatedStore struct {
	chat.Store
	gate *sync.RWMutex
}

func (g gatedStore) CreateSession(ctx context.Context, title string) (store.Session, error) {
	g.gate.RLock()
	defer g.gate.RUnlock()
	return g.Store.CreateSession(ctx, title)
}

func (g gatedStore) RenameSession(ctx context.Context, id, title string) error {
	g.gate.RLock()
	defer g.gate.RUnlock()
	return g.Store.RenameSession(ctx, id, title)
}

func (g gatedStore) DeleteSession(ctx context.Context, id string) error {
	g.gate.RLock()
	defer g.gate.RUnlock()
	return g.Store.DeleteSession(ctx, id)
}

func (g gatedStore) DeleteSessionsBefore(ctx context.Context, t time.Time) (int64, error) {
	g.gate.RLock()
	defer g.gate.RUnlock()
	return g.Store.DeleteSessionsBefore(ctx, t)
}

func (g gatedStore) AddMessage(ctx context.Context, m store.Message) (store.Message, error) {
	g.gate.RLock()
	defer g.gate.RUnlock()
	return g.Store.AddMessage(ctx, m)
}

func (g gatedStore) DeleteMessagesFrom(ctx context.Context, sessionID string, from int64) error {
	g.gate.RLock()
	defer g.gate.RUnlock()
	return g.Store.DeleteMessagesFrom(ctx, sessionID, from)
}
