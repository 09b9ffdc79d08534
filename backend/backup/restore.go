package backup

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// RestoreResult is wire.RestoreResult, the shape clients see; see there.
type RestoreResult = wire.RestoreResult

// Restore replaces the database and the configuration with the archive at
// path (from the list or any file the user picks). It holds the backups
// folder's lock. In one pass it checks the archive as Verify does and
// extracts the database and the configuration (not the logs) into a
// folder inside the data home; resets the protected configuration keys
// to the current values and validates the result (see Inspect); backs up
// the current data (reason "pre-restore") with the services paused;
// swaps the database content in one SQLite transaction and the config
// folder with a rename; and, if anything fails, puts the previous
// database and configuration back. Logs are not restored. Errors wrap
// ErrNotArchive, ErrCorrupt, ErrUnsafe, ErrNewerSchema or
// ErrInvalidConfig for a bad archive, in which case nothing was changed.
func (s *Service) Restore(ctx context.Context, path string) (RestoreResult, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return RestoreResult{}, fmt.Errorf("restore: %w", err)
	}
	defer unlock()
	res := RestoreResult{Restored: filepath.Base(path), Resets: []Reset{}}

	// Extract and check the archive before anything else, so an archive
	// that restore would refuse changes nothing.
	stage, done, err := s.tempDir(".restore-")
	if err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	defer done()
	next := filepath.Join(stage, "new")
	m, err := s.checkArchive(ctx, path, next)
	res.Manifest = m
	if err != nil {
		return res, fmt.Errorf("restore: %w; nothing was changed", diskAdvice(err, s.Dir()))
	}
	resets, err := s.guardConfig(filepath.Join(next, "config"))
	if err != nil {
		return res, fmt.Errorf("restore: %w; nothing was changed", err)
	}
	res.Resets = resets

	// Pause the writers before the pre-restore backup, so that it holds
	// exactly the data the restore replaces: nothing written in between
	// is lost.
	if s.opt.Pause != nil {
		resume := s.opt.Pause(ctx)
		defer resume()
	}
	pre, err := s.create(ctx, CreateOptions{Reason: "pre-restore"})
	if err != nil {
		return res, fmt.Errorf("restore: could not back up the current data first, so nothing was changed: %w", err)
	}
	res.PreRestoreBackup = pre.Name
	// The current database, for a rollback.
	current := filepath.Join(stage, "current.db")
	if err := s.db.Snapshot(ctx, current); err != nil {
		return res, fmt.Errorf("restore: %w", diskAdvice(err, s.Dir()))
	}

	ctx = context.WithoutCancel(ctx) // past this point, finish or roll back
	if err := s.db.RestoreFrom(ctx, filepath.Join(next, filepath.FromSlash(dbEntry))); err != nil {
		s.rollbackDB(ctx, current)
		return res, fmt.Errorf("restore: the database could not be restored, the previous data is kept: %w", err)
	}
	oldConfig := filepath.Join(stage, "old-config")
	if err := swapDir(s.home.Config(), filepath.Join(next, "config"), oldConfig); err != nil {
		s.rollbackDB(ctx, current)
		return res, fmt.Errorf("restore: the configuration could not be restored, the previous data is kept: %w", err)
	}
	if s.fault != nil {
		if err := s.fault(); err != nil {
			s.rollbackDB(ctx, current)
			s.rollbackConfig(oldConfig)
			return res, fmt.Errorf("restore: %w; the previous data is kept", err)
		}
	}
	if s.opt.AfterRestore != nil {
		s.opt.AfterRestore(ctx)
	}
	for _, r := range resets {
		s.log.Warn("restore kept a protected setting", "key", r.Key, "message", r.Message)
	}
	s.log.Info("backup restored", "archive", path, "pre_restore_backup", pre.Name, "schema", m.SchemaVersion)
	return res, nil
}

// swapDir moves live aside to old and next into its place.
func swapDir(live, next, old string) error {
	if err := os.Rename(live, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(next, live); err != nil {
		os.Rename(old, live)
		return err
	}
	syncDir(filepath.Dir(live))
	return nil
}

func (s *Service) rollbackDB(ctx context.Context, current string) {
	if err := s.db.RestoreFrom(ctx, current); err != nil {
		s.log.Error("restore rollback failed: the pre-restore backup holds the previous data", "err", err)
	}
}

func (s *Service) rollbackConfig(old string) {
	live := s.home.Config()
	if err := os.RemoveAll(live); err == nil {
		if err := os.Rename(old, live); err != nil {
			s.log.Error("restore rollback of the configuration failed: the pre-restore backup holds it", "err", err)
		}
	}
}
