package store

import (
	"context"
	"database/sql"
	"errors"
)

// QueueItem is one URL of a sync frontier.
type QueueItem struct {
	URL   string
	Depth int  // link distance from the start URL
	Done  bool // fetched (or given up on) in the current run
}

// Enqueue adds items to the source's frontier in one transaction, in order.
// URLs already queued keep their depth and state. It returns how many were
// new.
func (s *Store) Enqueue(ctx context.Context, sourceID int64, items []QueueItem) (int, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, s.classify("begin enqueue", err)
	}
	defer tx.Rollback()
	n, err := enqueue(ctx, tx, sourceID, items)
	if err != nil {
		return 0, s.classify("enqueue", err)
	}
	return n, s.classify("commit enqueue", tx.Commit())
}

func enqueue(ctx context.Context, tx *sql.Tx, sourceID int64, items []QueueItem) (int, error) {
	if len(items) == 0 {
		return 0, nil
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO sync_queue(source_id, url, depth, state) VALUES(?, ?, ?, ?)
		ON CONFLICT(source_id, url) DO NOTHING`)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	added := 0
	for _, it := range items {
		state := "pending"
		if it.Done {
			state = "done"
		}
		res, err := st.ExecContext(ctx, sourceID, it.URL, it.Depth, state)
		if err != nil {
			return 0, err
		}
		n, _ := res.RowsAffected()
		added += int(n)
	}
	return added, nil
}

// FinishQueued marks url done (adding it if it was not queued, as for the
// target of a redirect) and queues links, all in one transaction, so a run
// stopped at any moment resumes with a consistent frontier.
func (s *Store) FinishQueued(ctx context.Context, sourceID int64, url string, depth int, links []QueueItem) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.classify("begin finish queued", err)
	}
	defer tx.Rollback()
	if _, err := enqueue(ctx, tx, sourceID, links); err != nil {
		return s.classify("enqueue links", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO sync_queue(source_id, url, depth, state) VALUES(?, ?, ?, 'done')
		ON CONFLICT(source_id, url) DO UPDATE SET state = 'done'`, sourceID, url, depth); err != nil {
		return s.classify("finish queued", err)
	}
	return s.classify("commit finish queued", tx.Commit())
}

// NextQueued returns the oldest pending item of the source's frontier; ok
// is false when none is pending.
func (s *Store) NextQueued(ctx context.Context, sourceID int64) (it QueueItem, ok bool, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT url, depth FROM sync_queue WHERE source_id = ? AND state = 'pending' ORDER BY seq LIMIT 1`, sourceID).
		Scan(&it.URL, &it.Depth)
	if errors.Is(err, sql.ErrNoRows) {
		return it, false, nil
	}
	if err != nil {
		return it, false, s.classify("read frontier", err)
	}
	return it, true, nil
}

// QueueCounts returns how many frontier items are done and pending.
func (s *Store) QueueCounts(ctx context.Context, sourceID int64) (done, pending int, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT count(*) FILTER (WHERE state = 'done'), count(*) FILTER (WHERE state = 'pending')
		FROM sync_queue WHERE source_id = ?`, sourceID).Scan(&done, &pending)
	return done, pending, s.classify("count frontier", err)
}

// QueuedURLs returns every URL of the source's frontier, done or pending.
func (s *Store) QueuedURLs(ctx context.Context, sourceID int64) (map[string]bool, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT url FROM sync_queue WHERE source_id = ?`, sourceID)
	if err != nil {
		return nil, s.classify("read frontier", err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return nil, s.classify("read frontier", err)
		}
		out[u] = true
	}
	return out, s.classify("read frontier", rows.Err())
}

// ClearQueue forgets the source's frontier: the next sync starts afresh.
func (s *Store) ClearQueue(ctx context.Context, sourceID int64) error {
	_, err := s.w.ExecContext(ctx, `DELETE FROM sync_queue WHERE source_id = ?`, sourceID)
	return s.classify("clear frontier", err)
}
