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

// folderKinds maps file extensions to how they are read; files with other
// extensions are ignored.
var folderKinds = map[string]string{
	".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".txt": "text", ".pdf": "pdf",
}

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
	stored, err := s.pageMap(ctx, src.ID)
	if err != nil {
		return s.finish(r), fmt.Errorf("sync folder %s: %w", root, err)
	}
	r.progress.Total = len(files)
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return s.finish(r), err
		}
		u := FileURL(f)
		seen[u] = true
		if err := s.syncFile(ctx, r, src.ID, f, u, stored); err != nil {
			return s.finish(r), fmt.Errorf("sync folder %s: %w", root, err)
		}
		r.step(u)
	}
	for u, p := range stored {
		if seen[u] {
			continue
		}
		if err := s.st.DeletePage(ctx, p.ID); err != nil {
			return s.finish(r), fmt.Errorf("sync folder %s: %w", root, err)
		}
		r.report.Removed++
	}
	return s.finish(r), nil
}

// syncFile handles one file; only store errors are returned.
func (s *Syncer) syncFile(ctx context.Context, r *run, sourceID int64, path, u string, stored map[string]store.PageState) error {
	kind := folderKinds[strings.ToLower(filepath.Ext(path))]
	mark := func(status string, code fault.Code, reason string) error {
		if status == store.PageSkipped {
			r.skip(u, code, reason)
		} else {
			r.fail(u, code, reason)
		}
		s.logPage(ctx, store.Source{ID: sourceID, Kind: "folder"}, path, status, reason)
		return s.st.MarkPage(ctx, sourceID, u, status, string(code), reason)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return mark(store.PageFailed, fault.FileUnreadable, fmt.Sprintf("cannot read the file: %v", err))
	}
	if fi.Size() > MaxFileBytes {
		return mark(store.PageFailed, fault.PageTooLarge, "larger than "+sizeText(MaxFileBytes))
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return mark(store.PageFailed, fault.FileUnreadable, fmt.Sprintf("cannot read the file: %v", err))
	}
	hash := contentHash(body)
	old, existed := stored[u]
	if existed && old.Status == store.PageOK && old.ContentHash == hash {
		r.report.Unchanged++
		return s.st.TouchPage(ctx, old.ID, s.now(), "", "")
	}
	var doc *Document
	switch kind {
	case "html":
		doc, err = ExtractHTML(body, "text/html", u)
	case "markdown":
		doc, err = ExtractMarkdown(body, u)
	case "pdf":
		doc, err = ExtractPDF(body, u)
	default:
		doc, err = ExtractText(body, u)
	}
	if errors.Is(err, ErrNotText) {
		return mark(store.PageFailed, fault.NotText, "not a text file")
	}
	if err != nil {
		return mark(store.PageFailed, extractCode(err), err.Error())
	}
	p := store.PageInput{SourceID: sourceID, URL: u, LastModified: fi.ModTime().UTC().Format(time.RFC3339), ContentHash: hash, FetchedAt: s.now()}
	_, err = s.index(ctx, r, p, doc, existed && old.ContentHash != "")
	return err
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
		if _, ok := folderKinds[strings.ToLower(filepath.Ext(path))]; !ok {
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
