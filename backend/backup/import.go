package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
)

// ErrEmpty: an imported file has no bytes at all.
var ErrEmpty = fault.Sentinel(fault.EmptyUpload, "the file is empty: send the .tar.gz archive")

// Import stores an archive read from r (an upload, for example) in the
// backups folder: it streams it to a hidden .partial file (held, so no
// clean-up removes it meanwhile), checks it exactly as Restore would
// (Verify), and only then gives it an archive name after the manifest's
// created_at (with a _N suffix if taken); an archive is never replaced.
// On any error nothing is kept. Errors from r come back wrapped (an
// *http.MaxBytesError stays visible to errors.As); a bad archive's error
// wraps ErrNotArchive, ErrCorrupt, ErrUnsafe, ErrNewerSchema or
// ErrInvalidConfig without the temporary file's name; ErrEmpty when r
// has no bytes.
func (s *Service) Import(ctx context.Context, r io.Reader) (Info, error) {
	if err := os.MkdirAll(s.Dir(), 0o700); err != nil {
		return Info{}, fmt.Errorf("upload backup: the backups folder %s cannot be made: %w", s.Dir(), err)
	}
	f, err := os.CreateTemp(s.Dir(), ".upload-*.partial")
	if err != nil {
		return Info{}, fmt.Errorf("upload backup: %w", diskAdvice(err, s.Dir()))
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	defer holdTemp(tmp)()
	n, err := io.Copy(f, ctxReader{ctx, r})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	switch {
	case err != nil:
		return Info{}, fmt.Errorf("upload backup: %w (nothing was kept)", diskAdvice(err, s.Dir()))
	case n == 0:
		return Info{}, ErrEmpty
	}
	m, _, err := s.check(ctx, tmp)
	if err != nil {
		return Info{}, err
	}
	final, err := s.link(tmp, m)
	if err != nil {
		return Info{}, err
	}
	s.log.Info("backup imported", "file", final, "bytes", n)
	return Info{Name: filepath.Base(final), Path: final, SizeBytes: n, CreatedAt: m.CreatedAt, Valid: true, Manifest: &m}, nil
}

// link gives the checked file tmp an archive name after the manifest's
// time; link never replaces an existing archive (rename where links fail).
func (s *Service) link(tmp string, m Manifest) (string, error) {
	t, err := time.Parse(time.RFC3339, m.CreatedAt)
	if err != nil {
		t = s.opt.Now()
	}
	for i := 0; i < 1000; i++ {
		name := "genkai_rag_backup_" + t.Format("20060102_150405") + ".tar.gz"
		if i > 0 {
			name = fmt.Sprintf("genkai_rag_backup_%s_%d.tar.gz", t.Format("20060102_150405"), i)
		}
		final := filepath.Join(s.Dir(), name)
		err := os.Link(tmp, final)
		switch {
		case err == nil:
			syncDir(s.Dir())
			return final, nil
		case errors.Is(err, fs.ErrExist):
			continue
		}
		if _, serr := os.Lstat(final); serr == nil {
			continue
		}
		if err := os.Rename(tmp, final); err != nil {
			return "", fmt.Errorf("upload backup: %w", err)
		}
		syncDir(s.Dir())
		return final, nil
	}
	return "", errors.New("upload backup: too many backups with the same time")
}
