package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Page statuses as stored in pages.status.
const (
	PageOK      = "ok"      // indexed; its chunks are current
	PageFailed  = "failed"  // the last attempt failed; older chunks, if any, are kept
	PageSkipped = "skipped" // not indexable (type, size); older chunks, if any, are kept
)

// PageState is what a sync needs to know about a stored page.
type PageState struct {
	ID           int64
	URL          string
	ETag         string
	LastModified string
	ContentHash  string
	FetchedAt    time.Time // zero if never fetched successfully
	Status       string    // PageOK, PageFailed or PageSkipped
	Error        string    // the reason for PageFailed or PageSkipped, in English
	ReasonCode   string    // Error's code (backend/fault), "" for rows older than schema 8 that match no known reason
}

// Pages returns the pages of a source, ordered by URL.
func (s *Store) Pages(ctx context.Context, sourceID int64) ([]PageState, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, url, etag, last_modified, content_hash, fetched_at, status, error, reason_code
		FROM pages WHERE source_id = ? ORDER BY url`, sourceID)
	if err != nil {
		return nil, s.classify("read pages", err)
	}
	defer rows.Close()
	var out []PageState
	for rows.Next() {
		var p PageState
		var fetched string
		if err := rows.Scan(&p.ID, &p.URL, &p.ETag, &p.LastModified, &p.ContentHash, &fetched, &p.Status, &p.Error, &p.ReasonCode); err != nil {
			return nil, s.classify("read page", err)
		}
		if fetched != "" {
			p.FetchedAt, _ = time.Parse(time.RFC3339, fetched)
		}
		out = append(out, p)
	}
	return out, s.classify("read pages", rows.Err())
}

// DeletePage removes a page with its chunks, their index entries and its
// links. Deleting a missing page is not an error.
func (s *Store) DeletePage(ctx context.Context, pageID int64) error {
	if _, err := s.w.ExecContext(ctx, `DELETE FROM pages WHERE id = ?`, pageID); err != nil {
		return s.classify("delete page", err)
	}
	s.lex.invalidate()
	return nil
}

// MarkPage records that the page at url could not be indexed (status
// PageFailed or PageSkipped, code the reason's fault code, errMsg the
// reason in English). The page row is created if missing; an existing page
// keeps its chunks, validators and hash, so a passing failure does not
// empty the index.
func (s *Store) MarkPage(ctx context.Context, sourceID int64, url, status, code, errMsg string) error {
	if status != PageFailed && status != PageSkipped {
		return fmt.Errorf("mark page %s: status %q is not %q or %q", url, status, PageFailed, PageSkipped)
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO pages(source_id, url, status, error, reason_code) VALUES(?, ?, ?, ?, ?)
		ON CONFLICT(source_id, url) DO UPDATE SET status = excluded.status, error = excluded.error, reason_code = excluded.reason_code`,
		sourceID, url, status, errMsg, code)
	return s.classify("mark page", err)
}

// TouchPage records that the page was found unchanged at fetchedAt: its
// status becomes PageOK and its chunks stay. Non-empty etag and
// lastModified replace the stored validators (a server may send a new ETag
// for the same bytes). A missing page is ErrNotFound.
func (s *Store) TouchPage(ctx context.Context, pageID int64, fetchedAt time.Time, etag, lastModified string) error {
	res, err := s.w.ExecContext(ctx, `UPDATE pages SET fetched_at = ?, status = 'ok', error = '', reason_code = '',
			etag = CASE WHEN ?2 != '' THEN ?2 ELSE etag END,
			last_modified = CASE WHEN ?3 != '' THEN ?3 ELSE last_modified END
		WHERE id = ?4`,
		fetchedAt.UTC().Format(time.RFC3339), etag, lastModified, pageID)
	if err != nil {
		return s.classify("touch page", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("touch page %d: %w", pageID, ErrNotFound)
	}
	return nil
}

// SetPageLinks stores the links found on a page, replacing earlier ones.
func (s *Store) SetPageLinks(ctx context.Context, pageID int64, links []string) error {
	if links == nil {
		links = []string{}
	}
	b, err := json.Marshal(links)
	if err != nil {
		return fmt.Errorf("encode page links: %w", err)
	}
	_, err = s.w.ExecContext(ctx, `INSERT INTO page_links(page_id, links) VALUES(?, ?)
		ON CONFLICT(page_id) DO UPDATE SET links = excluded.links`, pageID, string(b))
	return s.classify("write page links", err)
}

// PageLinks returns the links stored by SetPageLinks; ok is false when none
// were stored for the page.
func (s *Store) PageLinks(ctx context.Context, pageID int64) (links []string, ok bool, err error) {
	var raw string
	err = s.r.QueryRowContext(ctx, `SELECT links FROM page_links WHERE page_id = ?`, pageID).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, s.classify("read page links", err)
	}
	if err := json.Unmarshal([]byte(raw), &links); err != nil {
		return nil, false, fmt.Errorf("decode page links of page %d: %w", pageID, err)
	}
	return links, true, nil
}
