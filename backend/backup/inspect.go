package backup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Inspection is wire.BackupInspection, the shape clients see; see there.
type Inspection = wire.BackupInspection

// Inspect checks the archive at path exactly as Restore would (see
// Verify) and says what it holds and which protected configuration keys
// a restore would reset to the current values. It changes nothing. A bad
// archive is an answer (Valid false, Error); the error is for an archive
// that cannot be opened at all.
func (s *Service) Inspect(ctx context.Context, path string) (Inspection, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Inspection{}, fmt.Errorf("inspect backup: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return Inspection{}, fmt.Errorf("inspect backup: %s is not a file", path)
	}
	in := Inspection{Name: filepath.Base(path), Path: path, SizeBytes: fi.Size(), SchemaVersion: store.SchemaVersion(), Resets: []Reset{}}
	m, resets, err := s.check(ctx, path)
	if err != nil {
		in.Error = err.Error()
		if m, err := readManifest(path); err == nil {
			in.Manifest = &m
		}
	} else {
		in.Valid, in.Manifest, in.Resets = true, &m, resets
	}
	if in.Manifest != nil {
		for _, f := range in.Manifest.Files {
			in.WithLogs = in.WithLogs || strings.HasPrefix(f.Path, "logs/")
		}
	}
	return in, nil
}
