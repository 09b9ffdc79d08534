// Package backup makes, checks, prunes and restores archives of a data
// home: a consistent SQLite snapshot, the configuration, optionally the
// logs, and a manifest with the sha256 of every file.
//
// Archives are genkai_rag_backup_YYYYMMDD_HHMMSS.tar.gz in the home's
// backups/ folder (as the operations guide names them). The manifest is
// the archive's first entry, so listing reads only the start of each file.
// An archive is written under a hidden ".partial" name, verified, and only
// then renamed: a crash or kill at any moment leaves either no archive or
// a complete, verified one. Reading an archive rejects absolute paths,
// "..", links, devices, duplicates, files the manifest does not list and
// sizes over the limits before anything is written, and stops as soon as
// the unpacked stream exceeds what the manifest declares. Verify, Import,
// Inspect and Restore check the same things (database present, SQLite,
// intact, schema not newer, counts, configuration valid), and a restore
// never takes the protected configuration keys from an archive (see
// guardConfig). Create, prune, restore and delete hold a flock on
// backups/.lock, so two processes never work on the folder at once.
package backup

import (
	"context"
	"fmt"
	"log/slog"
	"path"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// ManifestName is the archive's first entry.
const ManifestName = "manifest.json"

// FormatVersion is the manifest format this package writes and reads.
const FormatVersion = 1

// FileEntry is wire.BackupFileEntry, the shape clients see; see there.
type FileEntry = wire.BackupFileEntry

// Counts is wire.BackupCounts: the numbers of rows a manifest records
// (store.Counts converts to it).
type Counts = wire.BackupCounts

// Manifest is wire.BackupManifest, the shape clients see; see there.
type Manifest = wire.BackupManifest

// Limits bound what an archive may hold; reading an archive over them
// fails before anything is extracted. Zero fields take the defaults.
type Limits struct {
	MaxFileBytes  int64 // default 16 GiB
	MaxTotalBytes int64 // default 64 GiB
	MaxEntries    int   // default 10,000
}

func (l Limits) withDefaults() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = 16 << 30
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = 64 << 30
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = 10000
	}
	return l
}

// Errors callers branch on.
var (
	// ErrNotArchive: the file is not a Genkai RAG backup at all.
	ErrNotArchive = fault.Sentinel(fault.BackupNotArchive, "not a Genkai RAG backup")
	// ErrCorrupt: the archive is truncated, damaged, or its manifest does
	// not match its files.
	ErrCorrupt = fault.Sentinel(fault.BackupCorrupt, "the backup is damaged")
	// ErrUnsafe: the archive holds an entry that could write outside the
	// data home or is otherwise not allowed.
	ErrUnsafe = fault.Sentinel(fault.BackupUnsafe, "the backup holds an unsafe entry")
	// ErrNewerSchema: the archive comes from a newer app version.
	ErrNewerSchema = fault.Sentinel(fault.BackupNewer, "the backup was made by a newer Genkai RAG")
	// ErrNotFound: no such archive in the backups folder.
	ErrNotFound = fault.Sentinel(fault.BackupNotFound, "no such backup")
	// ErrBusy: another backup, restore, prune or delete is running (in
	// another process: a *BusyError).
	ErrBusy = fault.Sentinel(fault.BackupBusy, "a backup or restore is already running; try again when it ends")
)

// Database is the live database as backups need it; *store.Store
// satisfies it.
type Database interface {
	Snapshot(ctx context.Context, dst string) error
	Counts(ctx context.Context) (store.Counts, error)
	RestoreFrom(ctx context.Context, src string) error
}

// Options configure a Service.
type Options struct {
	// AppVersion is recorded in manifests.
	AppVersion string
	// EmbeddingModel returns the embedding model in use (may be nil).
	EmbeddingModel func() string
	// Limits bound archives read; zero means the defaults.
	Limits Limits
	// Logger may be nil.
	Logger *slog.Logger
	// AfterRestore runs after a successful restore, to reload the
	// configuration and drop caches (may be nil).
	AfterRestore func(ctx context.Context)
	// Pause, if set, is called before a restore swaps the data in and
	// returns the func that resumes (for example stopping the sync job).
	Pause func(ctx context.Context) (resume func())
	// Now returns the time; default time.Now.
	Now func() time.Time
	// LockWait is how long create, prune, restore and delete wait for
	// another process working on the same backups folder before they
	// fail with a *BusyError naming it; default 10 s.
	LockWait time.Duration
}

// Service backs up and restores one data home. Its methods are safe for
// concurrent use; one create, prune, restore or delete runs at a time
// (ErrBusy), across processes too: they hold an exclusive flock on
// backups/.lock, and wait at most Options.LockWait for another process's
// (then a *BusyError says which process holds it).
type Service struct {
	home home.Home
	db   Database
	opt  Options
	log  *slog.Logger
	busy sync.Mutex
	// fault, set by tests, fails a restore after the swap.
	fault func() error
}

// New returns a Service for the data home h with its live database db.
// If no other process holds the backups folder's lock, it removes what
// killed backups, restores and uploads left there (.staging-*,
// .restore-*, .verify-* folders and .partial files).
func New(h home.Home, db Database, opt Options) *Service {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.EmbeddingModel == nil {
		opt.EmbeddingModel = func() string { return "" }
	}
	if opt.LockWait <= 0 {
		opt.LockWait = defaultLockWait
	}
	opt.Limits = opt.Limits.withDefaults()
	s := &Service{home: h, db: db, opt: opt, log: opt.Logger}
	s.cleanAtStart()
	return s
}

// Dir is the backups folder.
func (s *Service) Dir() string { return s.home.Backups() }

var archiveName = regexp.MustCompile(`^genkai_rag_backup_\d{8}_\d{6}(_\d+)?\.tar\.gz$`)

// ValidName reports whether name is an archive name this package makes
// (no folders: safe to join to the backups folder).
func ValidName(name string) bool { return archiveName.MatchString(name) }

// cleanPath checks an archive entry name: relative, slash-separated, no
// "..", no empty or "." parts, under an allowed top folder.
func cleanPath(name string) error {
	switch {
	case name == "" || len(name) > 512:
		return fmt.Errorf("%w: entry name %q", ErrUnsafe, name)
	case strings.HasPrefix(name, "/") || strings.Contains(name, "\\") || strings.Contains(name, "\x00"):
		return fmt.Errorf("%w: %q is an absolute or non-portable path", ErrUnsafe, name)
	case len(name) >= 2 && name[1] == ':':
		return fmt.Errorf("%w: %q is an absolute path", ErrUnsafe, name)
	}
	for _, part := range strings.Split(name, "/") {
		if part == "" || part == "." || part == ".." {
			return fmt.Errorf("%w: %q leaves the data home or is not a clean path", ErrUnsafe, name)
		}
	}
	if path.Clean(name) != name {
		return fmt.Errorf("%w: %q is not a clean path", ErrUnsafe, name)
	}
	if name == ManifestName {
		return nil
	}
	top, _, _ := strings.Cut(name, "/")
	switch top {
	case "data", "config", "logs":
		return nil
	}
	return fmt.Errorf("%w: %q is outside data/, config/ and logs/", ErrUnsafe, name)
}
