package store

import (
	"context"
	"database/sql"
	"errors"
)

// SourceSummary is a source with counts for the Library page.
type SourceSummary struct {
	Source
	Pages      int
	Chunks     int
	Failed     int
	Skipped    int
	LastSynced string // newest fetched_at, RFC 3339, or ""
}

// Sources lists the document sources (evaluation sets, kind beir,
// excluded), oldest first. Any non-empty kind is stored (migration 0008):
// the kinds are ingest's registry, not a list in the schema.
func (s *Store) Sources(ctx context.Context) ([]SourceSummary, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT s.id, s.kind, s.location, s.name, s.settings,
			(SELECT count(*) FROM pages p WHERE p.source_id = s.id AND p.status = 'ok'),
			(SELECT count(*) FROM chunks c JOIN pages p ON p.id = c.page_id WHERE p.source_id = s.id),
			(SELECT count(*) FROM pages p WHERE p.source_id = s.id AND p.status = 'failed'),
			(SELECT count(*) FROM pages p WHERE p.source_id = s.id AND p.status = 'skipped'),
			(SELECT coalesce(max(fetched_at), '') FROM pages p WHERE p.source_id = s.id)
		FROM sources s WHERE s.kind != 'beir' ORDER BY s.id`)
	if err != nil {
		return nil, s.classify("list sources", err)
	}
	defer rows.Close()
	out := []SourceSummary{}
	for rows.Next() {
		var x SourceSummary
		if err := rows.Scan(&x.ID, &x.Kind, &x.Location, &x.Name, &x.Settings, &x.Pages, &x.Chunks, &x.Failed, &x.Skipped, &x.LastSynced); err != nil {
			return nil, s.classify("list sources", err)
		}
		out = append(out, x)
	}
	return out, s.classify("list sources", rows.Err())
}

// SourceByID returns one source, or ErrNotFound.
func (s *Store) SourceByID(ctx context.Context, id int64) (Source, error) {
	var src Source
	err := s.r.QueryRowContext(ctx, `SELECT id, kind, location, name, settings FROM sources WHERE id = ?`, id).
		Scan(&src.ID, &src.Kind, &src.Location, &src.Name, &src.Settings)
	if errors.Is(err, sql.ErrNoRows) {
		return Source{}, ErrNotFound
	}
	return src, s.classify("read source", err)
}

// DeleteSource removes a source with its pages, chunks, index entries and
// sync queue. Deleting a missing source returns ErrNotFound.
func (s *Store) DeleteSource(ctx context.Context, id int64) error {
	res, err := s.w.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
	if err != nil {
		return s.classify("delete source", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	s.lex.invalidate()
	return nil
}

// PageInfo is a page as the Library page lists it.
type PageInfo struct {
	URL       string
	Title     string
	Status    string
	Error     string // why it was not indexed, in English
	Code      string // Error's code (backend/fault); "" for an old row with an unknown reason
	FetchedAt string
}

// PageList returns the pages of a source for display, ordered by URL.
func (s *Store) PageList(ctx context.Context, sourceID int64) ([]PageInfo, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT url, title, status, error, reason_code, fetched_at FROM pages WHERE source_id = ? ORDER BY url`, sourceID)
	if err != nil {
		return nil, s.classify("list pages", err)
	}
	defer rows.Close()
	out := []PageInfo{}
	for rows.Next() {
		var p PageInfo
		if err := rows.Scan(&p.URL, &p.Title, &p.Status, &p.Error, &p.Code, &p.FetchedAt); err != nil {
			return nil, s.classify("list pages", err)
		}
		out = append(out, p)
	}
	return out, s.classify("list pages", rows.Err())
}
