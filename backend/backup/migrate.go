package backup

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// fileDB is a database known only by its file: enough to back it up
// before the store migrates it.
type fileDB struct{ path string }

func (f fileDB) Snapshot(ctx context.Context, dst string) error {
	return store.SnapshotFile(ctx, f.path, dst)
}

func (fileDB) Counts(context.Context) (store.Counts, error) { return store.Counts{}, nil }

func (fileDB) RestoreFrom(context.Context, string) error {
	return errors.New("restore needs the open database")
}

// PreMigrate returns a store.Options.BeforeMigrate hook that backs up the
// data home (reason "pre-migration") before the database schema is
// upgraded, so an update can always be undone by restoring it. If the
// backup fails the migration does not run and the app says why.
func PreMigrate(h home.Home, appVersion string, log *slog.Logger) func(ctx context.Context, from, to int) error {
	return func(ctx context.Context, from, to int) error {
		svc := New(h, fileDB{h.Database()}, Options{AppVersion: appVersion, Logger: log})
		info, err := svc.Create(ctx, CreateOptions{Reason: fmt.Sprintf("pre-migration %d→%d", from, to)})
		if err != nil {
			return fmt.Errorf("back up before upgrading the database: %w", err)
		}
		if log != nil {
			log.Info("backed up before a schema upgrade", "file", info.Path, "from", from, "to", to)
		}
		return nil
	}
}
