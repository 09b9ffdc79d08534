package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// RestoreResult says what Restore did.
type RestoreResult struct {
	Restored string `json:"restored"`
	// PreRestoreBackup is the archive of the data as it was just before,
	// so the restore itself can be undone.
	PreRestoreBackup string   `json:"pre_restore_backup"`
	Manifest         Manifest `json:"manifest"`
}

// Restore replaces the database and the configuration with the archive at
// path (from the list or any file the user picks). It verifies the whole
// archive first and refuses one from a newer schema; extracts it into a
// folder inside the data home and checks that its database holds what the
// manifest's counts say; backs up the current data (reason
// "pre-restore") with the services paused; swaps the database content in one SQLite
// transaction and the config folder with a rename; and, if anything
// fails, puts the previous database and configuration back. Logs are not
// restored. Errors wrap ErrNotArchive, ErrCorrupt, ErrUnsafe or
// ErrNewerSchema for a bad archive, in which case nothing was changed.
func (s *Service) Restore(ctx context.Context, path string) (RestoreResult, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return RestoreResult{}, fmt.Errorf("restore: %w", err)
	}
	defer unlock()
	res := RestoreResult{Restored: filepath.Base(path)}
	m, err := s.verifyFile(path, nil)
	if err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	res.Manifest = m
	if m.SchemaVersion > store.SchemaVersion() {
		return res, fmt.Errorf("restore: %w (schema %d, app %s); this app knows schema %d: update Genkai RAG first",
			ErrNewerSchema, m.SchemaVersion, m.AppVersion, store.SchemaVersion())
	}
	hasDB := false
	for _, f := range m.Files {
		hasDB = hasDB || f.Path == "data/genkai_rag.db"
	}
	if !hasDB {
		return res, fmt.Errorf("restore: %w: the archive has no data/genkai_rag.db", ErrCorrupt)
	}

	// Extract and check the archive's database before anything else, so
	// an archive whose manifest does not match its data changes nothing.
	if err := os.MkdirAll(s.Dir(), 0o700); err != nil {
		return res, fmt.Errorf("restore: %w", diskAdvice(err, s.Dir()))
	}
	stage, err := os.MkdirTemp(s.Dir(), ".restore-")
	if err != nil {
		return res, fmt.Errorf("restore: %w", diskAdvice(err, s.Dir()))
	}
	defer os.RemoveAll(stage)
	if err := s.extract(path, filepath.Join(stage, "new")); err != nil {
		return res, fmt.Errorf("restore: %w", diskAdvice(err, s.Dir()))
	}
	if err := checkCounts(ctx, m, filepath.Join(stage, "new", "data", "genkai_rag.db")); err != nil {
		return res, fmt.Errorf("restore: %w; nothing was changed", err)
	}

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
	if err := s.db.RestoreFrom(ctx, filepath.Join(stage, "new", "data", "genkai_rag.db")); err != nil {
		s.rollbackDB(ctx, current)
		return res, fmt.Errorf("restore: the database could not be restored, the previous data is kept: %w", err)
	}
	oldConfig := filepath.Join(stage, "old-config")
	if err := swapDir(s.home.Config(), filepath.Join(stage, "new", "config"), oldConfig); err != nil {
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
	s.log.Info("backup restored", "archive", path, "pre_restore_backup", pre.Name, "schema", m.SchemaVersion)
	return res, nil
}

// extract writes the archive's files under dst (re-checking every entry
// and checksum as it goes).
func (s *Service) extract(archive, dst string) error {
	f, err := os.Open(archive)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := os.MkdirAll(filepath.Join(dst, "config"), 0o700); err != nil {
		return err
	}
	_, err = readArchive(f, s.opt.Limits, func(e FileEntry, r io.Reader) error {
		p := filepath.Join(dst, filepath.FromSlash(e.Path))
		if rel, err := filepath.Rel(dst, p); err != nil || strings.HasPrefix(rel, "..") {
			return fmt.Errorf("%w: %q", ErrUnsafe, e.Path)
		}
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			return err
		}
		out, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return err
		}
		_, err = io.Copy(out, r)
		if err == nil {
			err = out.Sync()
		}
		if cerr := out.Close(); err == nil {
			err = cerr
		}
		return err
	})
	return err
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
