package backup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// Inspection is what an archive holds and what restoring it would do:
// the confirmation a user sees before a restore.
type Inspection struct {
	Name      string `json:"name"`
	Path      string `json:"path"`
	SizeBytes int64  `json:"size_bytes"`
	// Valid is true when a restore would accept the archive; otherwise
	// Error says why (the same words a restore would use).
	Valid bool   `json:"valid"`
	Error string `json:"error,omitempty"`
	// Manifest is the archive's description (nil when it cannot be read):
	// when and by which version it was made, the counts (checked against
	// the database when Valid) and the files.
	Manifest *Manifest `json:"manifest,omitempty"`
	// SchemaVersion is the database schema this app knows (the archive's
	// is in the manifest).
	SchemaVersion int `json:"app_schema_version"`
	// WithLogs is true when the archive holds logs (never restored).
	WithLogs bool `json:"with_logs"`
	// Resets are the protected configuration keys whose values in the
	// archive a restore would not apply, keeping the current ones.
	Resets []Reset `json:"resets"`
}

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
