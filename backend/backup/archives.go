package backup

import (
	"context"
	"io"
)

// Archives is the backup service both transports call (/api/backups over
// HTTP, the Backups facade in the desktop app). *Service implements it;
// see its methods for the errors (BusyError while another backup or
// restore runs, and errors naming what is wrong with an archive).
type Archives interface {
	// Dir is the folder the archives are kept in.
	Dir() string
	// List returns the archives, newest first.
	List() ([]Info, error)
	// Path is the full path of the archive called name (only names List
	// returns are accepted).
	Path(name string) (string, error)
	// Create makes an archive of the data home.
	Create(ctx context.Context, opt CreateOptions) (Info, error)
	// Verify checks an archive's manifest and checksums.
	Verify(ctx context.Context, path string) (Manifest, error)
	// Inspect describes an archive without restoring it.
	Inspect(ctx context.Context, path string) (Inspection, error)
	// Import stores an uploaded archive after checking it.
	Import(ctx context.Context, r io.Reader) (Info, error)
	// Restore replaces the data with an archive's, after a safety backup.
	Restore(ctx context.Context, path string) (RestoreResult, error)
	// Delete removes the archive called name.
	Delete(name string) error
}

var _ Archives = (*Service)(nil)
