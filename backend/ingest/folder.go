package ingest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// MaxFileBytes is the largest file SyncFolder reads (20 MB); larger files
// are recorded as failed.
const MaxFileBytes = 20 << 20

// FileURL returns the file:// URL of an absolute path.
func FileURL(abs string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}).String()
}

// SyncFolder brings the folder source src (src.Location is the folder) up
// to date: every .html, .htm, .md, .markdown, .txt and .pdf (text layer)
// file under it becomes one page (URL FileURL(path)), hidden files and
// folders (name starting with ".") are skipped, symbolic links are followed
// only to files inside the folder; a PDF without text is recorded as failed
// (ErrNoTextLayer). A file whose
// sha256 matches the stored page is only touched; pages of files that are
// gone are deleted. A file that cannot be read, is larger than MaxFileBytes
// or is not text is recorded as failed (the page keeps any older chunks)
// and the others continue. fn, if not nil, gets Progress after each file.
//
// Errors: a missing or unreadable folder, store errors, and ctx's error when
// cancelled (nothing is deleted then; the Report covers the files done).
func (s *Syncer) SyncFolder(ctx context.Context, src store.Source, fn func(Progress)) (Report, error) {
	rep, err := s.syncFolder(ctx, src, fn)
	s.logOutcome(ctx, src, rep, err)
	return rep, err
}

func (s *Syncer) syncFolder(ctx context.Context, src store.Source, fn func(Progress)) (Report, error) {
	r := s.newRun(fn)
	root, err := filepath.Abs(src.Location)
	if err == nil {
		root, err = filepath.EvalSymlinks(root)
	}
	if err != nil {
		return s.finish(r), fmt.Errorf("sync folder %s: %w", src.Location, err)
	}
	files, err := listFolder(root)
	if err != nil {
		return s.finish(r), fmt.Errorf("sync folder %s: %w", root, err)
	}
	items := make([]Item, len(files))
	for i, f := range files {
		items[i] = Item{URL: FileURL(f), Name: f, Read: func() ([]byte, time.Time, error) { return readFile(f) }}
	}
	err = s.syncItems(ctx, r, src, "sync folder "+root, items)
	return s.finish(r), err
}

// readFile reads one file of a folder, refusing one over MaxFileBytes; the
// error is the reason the file is recorded as failed.
func readFile(path string) ([]byte, time.Time, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, time.Time{}, fault.Wrap(fault.FileUnreadable, "", fmt.Errorf("cannot read the file: %v", err))
	}
	if fi.Size() > MaxFileBytes {
		return nil, time.Time{}, fault.Wrap(fault.PageTooLarge, "", errors.New("larger than "+sizeText(MaxFileBytes)))
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return nil, time.Time{}, fault.Wrap(fault.FileUnreadable, "", fmt.Errorf("cannot read the file: %v", err))
	}
	return body, fi.ModTime(), nil
}

// listFolder returns the files under root SyncFolder reads, sorted. Hidden
// entries are skipped; a symbolic link counts only when it resolves to a
// regular file inside root.
func listFolder(root string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if path == root {
				return err
			}
			return nil // unreadable subfolder: skip it
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if _, ok := formatForExt(path); !ok {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(path)
			if err != nil || !within(root, target) {
				return nil
			}
			if fi, err := os.Stat(target); err != nil || !fi.Mode().IsRegular() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		files = append(files, path)
		return nil
	})
	sort.Strings(files)
	return files, err
}

func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// folderSource is a local folder of documents (KindFolder).
type folderSource struct{ row store.Source }

var _ Source = (*folderSource)(nil)

// newFolderSource accepts an absolute path, cleaned; the source is named
// for the folder's last element.
func newFolderSource(req SourceRequest) (Source, error) {
	if !filepath.IsAbs(req.Location) {
		return nil, fmt.Errorf("%w: a folder location must be an absolute path such as /home/you/docs", ErrBadSource)
	}
	loc := filepath.Clean(req.Location)
	return &folderSource{row: store.Source{Kind: string(KindFolder), Location: loc, Name: filepath.Base(loc), Settings: "{}"}}, nil
}

func openFolderSource(row store.Source) Source { return &folderSource{row: row} }

func (f *folderSource) Kind() Kind        { return KindFolder }
func (f *folderSource) Row() store.Source { return f.row }

// Key is the cleaned path.
func (f *folderSource) Key() string { return filepath.Clean(f.row.Location) }

// Check refuses a folder outside pol.Roots (symbolic links resolved).
func (f *folderSource) Check(_ context.Context, pol Policy) error {
	return pol.checkFolder(f.row.Location)
}

// Validate checks that the folder exists, is a folder and can be read
// (CheckFolder).
func (f *folderSource) Validate(context.Context, Env) error { return CheckFolder(f.row.Location) }

// Sync checks the folder against env's policy again (it may have become a
// link since it was added), then walks it (SyncFolder).
func (f *folderSource) Sync(ctx context.Context, env Env, fn func(Progress)) (Report, error) {
	if err := env.Policy.check(ctx, f); err != nil {
		env.Syncer.log.WarnContext(ctx, "sync refused by the source policy", "source_id", f.row.ID, "location", f.row.Location, "err", err)
		return Report{}, err
	}
	return env.Syncer.SyncFolder(ctx, f.row, fn)
}
