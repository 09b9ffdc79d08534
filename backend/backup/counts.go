package backup

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// countFile counts the rows of the database file at path, read-only (a
// table an older schema lacks counts 0). Counting the snapshot itself,
// not the live database, keeps a manifest's counts exact while the app
// keeps writing.
func countFile(ctx context.Context, path string) (store.Counts, error) {
	u := url.URL{Scheme: "file", Path: path}
	db, err := sql.Open("sqlite", u.String()+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return store.Counts{}, fmt.Errorf("count database: %w", err)
	}
	defer db.Close()
	var c store.Counts
	for _, t := range []struct {
		table string
		n     *int64
	}{{"sources", &c.Sources}, {"pages", &c.Pages}, {"chunks", &c.Chunks}, {"sessions", &c.Sessions}, {"messages", &c.Messages}} {
		var exists int
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, t.table).Scan(&exists); err != nil {
			return c, fmt.Errorf("count database: %w", err)
		}
		if exists == 0 {
			continue
		}
		if err := db.QueryRowContext(ctx, `SELECT count(*) FROM "`+t.table+`"`).Scan(t.n); err != nil {
			return c, fmt.Errorf("count database: %w", err)
		}
	}
	return c, nil
}

// checkCounts compares the counts a manifest claims with the extracted
// database's. A manifest with no counts at all (all zero, from an
// archive made before a schema upgrade by an older version) is not
// checked.
func checkCounts(ctx context.Context, m Manifest, dbPath string) error {
	if m.Counts == (Counts{}) {
		return nil
	}
	got, err := countFile(ctx, dbPath)
	if err != nil {
		return fmt.Errorf("%w: the database in the backup cannot be read: %v", ErrCorrupt, err)
	}
	if Counts(got) != m.Counts {
		return fmt.Errorf("%w: the manifest says %d sources, %d pages, %d chunks, %d sessions, %d messages but the database holds %d, %d, %d, %d, %d: the backup does not match its description",
			ErrCorrupt, m.Counts.Sources, m.Counts.Pages, m.Counts.Chunks, m.Counts.Sessions, m.Counts.Messages,
			got.Sources, got.Pages, got.Chunks, got.Sessions, got.Messages)
	}
	return nil
}
