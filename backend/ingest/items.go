package ingest

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// Item is one document of a source that can list all its documents at
// once (a folder; a checkout; a fixed set of files). Syncer.syncItems
// brings such a source up to date from its list.
type Item struct {
	// URL is the page's URL in the index (a file:// URL for a file).
	URL string
	// Name is the file name or path: its extension picks the extractor
	// (formatForExt), and it names the item in logs.
	Name string
	// Read returns the body and its modification time (zero: unknown).
	// An error is recorded as the item's failure, its message the reason.
	Read func() (body []byte, modified time.Time, err error)
}

// syncItems indexes items as the pages of src and deletes src's pages
// that are not among them: an item whose sha256 matches its stored page
// is only touched; one whose extension no extractor reads is not listed
// by its source; an item that cannot be read or extracted is recorded as
// failed (the page keeps any older chunks) and the others continue.
// Errors (store errors, wrapped with op, and ctx's error) stop the run;
// nothing is deleted then.
func (s *Syncer) syncItems(ctx context.Context, r *run, src store.Source, op string, items []Item) error {
	stored, err := s.pageMap(ctx, src.ID)
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	r.progress.Total = len(items)
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		if err := ctx.Err(); err != nil {
			return err
		}
		seen[it.URL] = true
		if err := s.syncItem(ctx, r, src, it, stored); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		r.step(it.URL)
	}
	for u, p := range stored {
		if seen[u] {
			continue
		}
		if err := s.st.DeletePage(ctx, p.ID); err != nil {
			return fmt.Errorf("%s: %w", op, err)
		}
		r.report.Removed++
	}
	return nil
}

// syncItem handles one item; only store errors are returned.
func (s *Syncer) syncItem(ctx context.Context, r *run, src store.Source, it Item, stored map[string]store.PageState) error {
	name := it.Name
	if name == "" {
		name = it.URL
	}
	mark := func(status string, code fault.Code, reason string) error {
		if status == store.PageSkipped {
			r.skip(it.URL, code, reason)
		} else {
			r.fail(it.URL, code, reason)
		}
		s.logPage(ctx, src, name, status, reason)
		return s.st.MarkPage(ctx, src.ID, it.URL, status, string(code), reason)
	}
	f, ok := formatForExt(name)
	if !ok {
		return mark(store.PageSkipped, fault.UnsupportedType, fmt.Sprintf("file type %q is not indexed", filepath.Ext(name)))
	}
	body, modified, err := it.Read()
	if err != nil {
		code := fault.CodeOf(err)
		if code == "" {
			code = fault.FileUnreadable
		}
		return mark(store.PageFailed, code, err.Error())
	}
	hash := contentHash(body)
	old, existed := stored[it.URL]
	if existed && old.Status == store.PageOK && old.ContentHash == hash {
		r.report.Unchanged++
		return s.st.TouchPage(ctx, old.ID, s.now(), "", "")
	}
	doc, err := f.extract(body, f.mediaTypes[0], it.URL)
	if errors.Is(err, ErrNotText) {
		return mark(store.PageFailed, fault.NotText, "not a text file")
	}
	if err != nil {
		return mark(store.PageFailed, extractCode(err), err.Error())
	}
	p := store.PageInput{SourceID: src.ID, URL: it.URL, ContentHash: hash, FetchedAt: s.now()}
	if !modified.IsZero() {
		p.LastModified = modified.UTC().Format(time.RFC3339)
	}
	_, err = s.index(ctx, r, p, doc, existed && old.ContentHash != "")
	return err
}
