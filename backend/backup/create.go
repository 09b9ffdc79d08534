package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// CreateOptions tune Create.
type CreateOptions struct {
	// Reason is recorded in the manifest: manual (default), scheduled,
	// pre-restore or pre-migration.
	Reason string
	// IncludeLogs adds the logs/ folder.
	IncludeLogs bool
	// Progress, if set, is called with bytes done and total as the
	// archive is written and verified.
	Progress func(done, total int64)
}

// Info is wire.BackupInfo, the shape clients see; see there.
type Info = wire.BackupInfo

// source is a file to put in the archive.
type source struct {
	path  string // on disk
	entry FileEntry
}

// Create writes a new archive of the data home and returns it. The
// database is snapshotted with VACUUM INTO while the app keeps running.
// The archive is written under a hidden partial name, synced, verified
// and only then renamed into place; on any error nothing is left behind.
//
// It holds the backups folder's lock (see Service) and first removes
// what killed backups left in the folder.
func (s *Service) Create(ctx context.Context, opt CreateOptions) (Info, error) {
	unlock, err := s.lock(ctx)
	if err != nil {
		return Info{}, fmt.Errorf("create backup: %w", err)
	}
	defer unlock()
	s.removeLeftovers()
	return s.create(ctx, opt)
}

func (s *Service) create(ctx context.Context, opt CreateOptions) (Info, error) {
	if opt.Reason == "" {
		opt.Reason = "manual"
	}
	dir := s.Dir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return Info{}, fmt.Errorf("create backup: the backups folder %s cannot be made: %w", dir, err)
	}
	now := s.opt.Now()
	name, err := s.freeName(now)
	if err != nil {
		return Info{}, err
	}
	stage, err := os.MkdirTemp(dir, ".staging-")
	if err != nil {
		return Info{}, fmt.Errorf("create backup: the backups folder %s is not writable: %w", dir, err)
	}
	defer os.RemoveAll(stage)
	defer holdTemp(stage)()

	snap := filepath.Join(stage, "genkai_rag.db")
	if err := s.db.Snapshot(ctx, snap); err != nil {
		return Info{}, fmt.Errorf("create backup: %w", diskAdvice(err, dir))
	}
	counts, err := countFile(ctx, snap)
	if err != nil {
		if counts, err = s.db.Counts(ctx); err != nil {
			return Info{}, fmt.Errorf("create backup: %w", err)
		}
	}
	files := []source{{path: snap, entry: FileEntry{Path: "data/genkai_rag.db"}}}
	more, err := s.collect(s.home.Config(), "config")
	if err != nil {
		return Info{}, err
	}
	files = append(files, more...)
	if opt.IncludeLogs {
		more, err := s.collect(s.home.Logs(), "logs")
		if err != nil {
			return Info{}, err
		}
		files = append(files, more...)
	}
	var total int64
	for i := range files {
		if err := hashFile(ctx, &files[i]); err != nil {
			return Info{}, fmt.Errorf("create backup: %w", err)
		}
		total += files[i].entry.Size
	}
	schema := store.SchemaVersion()
	if info, err := store.Inspect(ctx, snap); err == nil {
		schema = info.SchemaVersion // older before a migration
	}
	m := Manifest{Format: FormatVersion, AppVersion: s.opt.AppVersion, SchemaVersion: schema,
		CreatedAt: now.UTC().Format(time.RFC3339), Reason: opt.Reason, EmbeddingModel: s.opt.EmbeddingModel(), Counts: Counts(counts)}
	for _, f := range files {
		m.Files = append(m.Files, f.entry)
	}

	partial := filepath.Join(dir, "."+name+".partial")
	progress := func(done int64) {
		if opt.Progress != nil {
			opt.Progress(done, 2*total)
		}
	}
	if err := writeArchive(ctx, partial, m, files, progress); err != nil {
		os.Remove(partial)
		return Info{}, fmt.Errorf("create backup: %w", diskAdvice(err, dir))
	}
	// Verify what is on disk before it gets its real name (progress in
	// compressed bytes, scaled to the files' size).
	packed := int64(1)
	if fi, err := os.Stat(partial); err == nil && fi.Size() > 0 {
		packed = fi.Size()
	}
	if _, err := s.verifyFile(partial, func(n int64) { progress(total + min(n, packed)*total/packed) }); err != nil {
		os.Remove(partial)
		return Info{}, fmt.Errorf("create backup: the written archive did not verify: %w", err)
	}
	final := filepath.Join(dir, name)
	if err := os.Rename(partial, final); err != nil {
		os.Remove(partial)
		return Info{}, fmt.Errorf("create backup: %w", err)
	}
	syncDir(dir)
	fi, _ := os.Stat(final)
	s.log.Info("backup created", "file", final, "bytes", fi.Size(), "reason", opt.Reason)
	return Info{Name: name, Path: final, SizeBytes: fi.Size(), CreatedAt: m.CreatedAt, Valid: true, Manifest: &m}, nil
}

// freeName picks genkai_rag_backup_YYYYMMDD_HHMMSS.tar.gz, with a _N
// suffix if that name is taken.
func (s *Service) freeName(t time.Time) (string, error) {
	base := "genkai_rag_backup_" + t.Format("20060102_150405")
	for i := 0; i < 1000; i++ {
		name := base + ".tar.gz"
		if i > 0 {
			name = fmt.Sprintf("%s_%d.tar.gz", base, i)
		}
		if _, err := os.Lstat(filepath.Join(s.Dir(), name)); errors.Is(err, fs.ErrNotExist) {
			return name, nil
		}
	}
	return "", errors.New("create backup: too many backups in the same second")
}

// collect lists the regular files under dir (symlinks and others are
// skipped) as entries under prefix.
func (s *Service) collect(dir, prefix string) ([]source, error) {
	var out []source
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("create backup: read %s: %w", p, err)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		name := prefix + "/" + filepath.ToSlash(rel)
		if cleanPath(name) != nil {
			s.log.Warn("backup skips a file with an unusual name", "file", p)
			return nil
		}
		out = append(out, source{path: p, entry: FileEntry{Path: name}})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].entry.Path < out[j].entry.Path })
	return out, err
}

func hashFile(ctx context.Context, f *source) error {
	in, err := os.Open(f.path)
	if err != nil {
		return err
	}
	defer in.Close()
	h := sha256.New()
	n, err := io.Copy(h, ctxReader{ctx, in})
	if err != nil {
		return fmt.Errorf("read %s: %w", f.path, err)
	}
	f.entry.Size, f.entry.SHA256 = n, hex.EncodeToString(h.Sum(nil))
	return nil
}

// writeArchive writes manifest m then files to path, synced.
func writeArchive(ctx context.Context, path string, m Manifest, files []source, progress func(int64)) error {
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	defer out.Close()
	gz, _ := gzip.NewWriterLevel(out, gzip.BestSpeed)
	tw := tar.NewWriter(gz)
	mb, _ := json.MarshalIndent(m, "", "  ")
	now := time.Now()
	if err := tw.WriteHeader(&tar.Header{Name: ManifestName, Mode: 0o600, Size: int64(len(mb)), ModTime: now, Typeflag: tar.TypeReg, Format: tar.FormatPAX}); err != nil {
		return err
	}
	if _, err := tw.Write(mb); err != nil {
		return err
	}
	var done int64
	for _, f := range files {
		in, err := os.Open(f.path)
		if err != nil {
			return err
		}
		err = tw.WriteHeader(&tar.Header{Name: f.entry.Path, Mode: 0o600, Size: f.entry.Size, ModTime: now, Typeflag: tar.TypeReg, Format: tar.FormatPAX})
		if err == nil {
			// The size is fixed by the header: a file that changed since
			// it was hashed fails here or at verification.
			var n int64
			n, err = io.Copy(tw, io.LimitReader(ctxReader{ctx, in}, f.entry.Size))
			if err == nil && n != f.entry.Size {
				err = fmt.Errorf("%s changed while being backed up", f.path)
			}
			done += n
			progress(done)
		}
		in.Close()
		if err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	if err := gz.Close(); err != nil {
		return err
	}
	if err := out.Sync(); err != nil {
		return err
	}
	return out.Close()
}

// ctxReader stops a copy when ctx ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// diskAdvice turns "no space left" into words a user can act on.
func diskAdvice(err error, dir string) error {
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("no space left on the disk holding %s: free some space or prune old backups (`genkai-rag backup prune`): %w", dir, err)
	}
	if errors.Is(err, fs.ErrPermission) {
		return fmt.Errorf("the backups folder %s is not writable: fix its permissions: %w", dir, err)
	}
	return err
}
