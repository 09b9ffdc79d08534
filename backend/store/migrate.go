package store

import (
	"context"
	"embed"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded steps in order. File names are
// NNNN_description.sql; numbers start at 1 and have no gaps.
func migrations() ([]migration, error) {
	entries, err := migrationFiles.ReadDir("migrations")
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", e.Name())
		}
		b, err := migrationFiles.ReadFile(path.Join("migrations", e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d", m.name, i+1)
		}
	}
	return ms, nil
}

// SchemaVersion is the schema version this build creates and understands.
func SchemaVersion() int {
	ms, err := migrations()
	if err != nil {
		return 0
	}
	return len(ms)
}

// migrate applies pending migrations, each in its own transaction together
// with its user_version bump, so a crash leaves a consistent version.
func (s *Store) migrate(ctx context.Context, before func(context.Context, int, int) error) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	var cur int
	if err := s.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&cur); err != nil {
		return s.classify("read schema version", err)
	}
	latest := len(ms)
	if cur > latest {
		return fmt.Errorf("%w: %s has schema version %d, this app knows up to %d; update Genkai RAG or restore an older backup", ErrNewerSchema, s.path, cur, latest)
	}
	if _, err := s.w.ExecContext(ctx, "PRAGMA journal_mode = WAL"); err != nil {
		return s.classify("set WAL journal", err)
	}
	if cur == latest {
		return nil
	}
	if cur > 0 && before != nil {
		if err := before(ctx, cur, latest); err != nil {
			return fmt.Errorf("before migrating schema %d to %d: %w", cur, latest, err)
		}
	}
	for _, m := range ms[cur:] {
		tx, err := s.w.BeginTx(ctx, nil)
		if err != nil {
			return s.classify("begin migration", err)
		}
		if _, err := tx.ExecContext(ctx, m.sql); err != nil {
			tx.Rollback()
			return fmt.Errorf("apply migration %s: %w", m.name, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
			tx.Rollback()
			return fmt.Errorf("apply migration %s: set version: %w", m.name, err)
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("commit migration %s: %w", m.name, err)
		}
		s.log.Info("applied database migration", "migration", m.name, "version", m.version)
	}
	return nil
}
