package store

import (
	"context"
	"fmt"
	"time"
)

// Metric is one recorded operation: what ran, when it ended, how long it
// took and whether it succeeded.
type Metric struct {
	At       time.Time
	Op       string
	Duration time.Duration
	OK       bool
}

// AddMetrics stores a batch of operation records in one transaction.
func (s *Store) AddMetrics(ctx context.Context, ms []Metric) error {
	if len(ms) == 0 {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return s.classify("write metrics", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO metrics(at_ms, op, duration_ms, ok) VALUES(?, ?, ?, ?)`)
	if err != nil {
		return s.classify("write metrics", err)
	}
	defer st.Close()
	for _, m := range ms {
		if _, err := st.ExecContext(ctx, m.At.UnixMilli(), m.Op, float64(m.Duration.Microseconds())/1000, m.OK); err != nil {
			return s.classify("write metrics", err)
		}
	}
	return s.classify("write metrics", tx.Commit())
}

// Metrics returns the records since the given time, oldest first; op ""
// means every operation.
func (s *Store) Metrics(ctx context.Context, since time.Time, op string) ([]Metric, error) {
	q := `SELECT at_ms, op, duration_ms, ok FROM metrics WHERE at_ms >= ?`
	args := []any{since.UnixMilli()}
	if op != "" {
		q += ` AND op = ?`
		args = append(args, op)
	}
	rows, err := s.r.QueryContext(ctx, q+` ORDER BY at_ms, id`, args...)
	if err != nil {
		return nil, s.classify("read metrics", err)
	}
	defer rows.Close()
	var out []Metric
	for rows.Next() {
		var at int64
		var ms float64
		var m Metric
		if err := rows.Scan(&at, &m.Op, &ms, &m.OK); err != nil {
			return nil, s.classify("read metrics", err)
		}
		m.At, m.Duration = time.UnixMilli(at).UTC(), time.Duration(ms*float64(time.Millisecond))
		out = append(out, m)
	}
	return out, s.classify("read metrics", rows.Err())
}

// DeleteMetrics removes operation records older than before (all of them
// for the zero time) and returns how many went.
func (s *Store) DeleteMetrics(ctx context.Context, before time.Time) (int64, error) {
	q, args := `DELETE FROM metrics`, []any{}
	if !before.IsZero() {
		q, args = q+` WHERE at_ms < ?`, append(args, before.UnixMilli())
	}
	res, err := s.w.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, s.classify("delete metrics", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// ResourceSample is one reading of the machine's resources, as kept for
// the history charts.
type ResourceSample struct {
	At            time.Time
	CPUPercent    float64
	MemoryPercent float64
	MemoryUsedMB  float64
	ProcessRSSMB  float64
	DiskPercent   float64
	DiskUsedMB    float64
	OllamaRSSMB   float64
}

// AddResourceSample stores one sample; a second sample with the same
// millisecond replaces the first.
func (s *Store) AddResourceSample(ctx context.Context, r ResourceSample) error {
	_, err := s.w.ExecContext(ctx, `INSERT OR REPLACE INTO resource_samples(at_ms, cpu_percent, memory_percent,
		memory_used_mb, process_rss_mb, disk_percent, disk_used_mb, ollama_rss_mb) VALUES(?, ?, ?, ?, ?, ?, ?, ?)`,
		r.At.UnixMilli(), r.CPUPercent, r.MemoryPercent, r.MemoryUsedMB, r.ProcessRSSMB, r.DiskPercent, r.DiskUsedMB, r.OllamaRSSMB)
	return s.classify("write resource sample", err)
}

// ResourceSamples returns the samples since the given time, oldest first.
func (s *Store) ResourceSamples(ctx context.Context, since time.Time) ([]ResourceSample, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT at_ms, cpu_percent, memory_percent, memory_used_mb, process_rss_mb,
		disk_percent, disk_used_mb, ollama_rss_mb FROM resource_samples WHERE at_ms >= ? ORDER BY at_ms`, since.UnixMilli())
	if err != nil {
		return nil, s.classify("read resource samples", err)
	}
	defer rows.Close()
	var out []ResourceSample
	for rows.Next() {
		var at int64
		var r ResourceSample
		if err := rows.Scan(&at, &r.CPUPercent, &r.MemoryPercent, &r.MemoryUsedMB, &r.ProcessRSSMB, &r.DiskPercent, &r.DiskUsedMB, &r.OllamaRSSMB); err != nil {
			return nil, s.classify("read resource samples", err)
		}
		r.At = time.UnixMilli(at).UTC()
		out = append(out, r)
	}
	return out, s.classify("read resource samples", rows.Err())
}

// AlertEvent is an alert being raised or cleared.
type AlertEvent struct {
	ID        int64
	At        time.Time
	Metric    string
	State     string // "raised" or "cleared"
	Value     float64
	Threshold float64
	Message   string
}

// AddAlertEvent stores e and returns its ID.
func (s *Store) AddAlertEvent(ctx context.Context, e AlertEvent) (int64, error) {
	res, err := s.w.ExecContext(ctx, `INSERT INTO alert_events(at_ms, metric, state, value, threshold, message) VALUES(?, ?, ?, ?, ?, ?)`,
		e.At.UnixMilli(), e.Metric, e.State, e.Value, e.Threshold, e.Message)
	if err != nil {
		return 0, s.classify("write alert", err)
	}
	return res.LastInsertId()
}

// AlertEvents returns up to limit events, newest first.
func (s *Store) AlertEvents(ctx context.Context, limit int) ([]AlertEvent, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, at_ms, metric, state, value, threshold, message
		FROM alert_events ORDER BY at_ms DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, s.classify("read alerts", err)
	}
	defer rows.Close()
	var out []AlertEvent
	for rows.Next() {
		var at int64
		var e AlertEvent
		if err := rows.Scan(&e.ID, &at, &e.Metric, &e.State, &e.Value, &e.Threshold, &e.Message); err != nil {
			return nil, s.classify("read alerts", err)
		}
		e.At = time.UnixMilli(at).UTC()
		out = append(out, e)
	}
	return out, s.classify("read alerts", rows.Err())
}

// PruneMonitoring deletes metrics, samples and alert events older than
// before, returning how many rows went in all.
func (s *Store) PruneMonitoring(ctx context.Context, before time.Time) (int64, error) {
	var total int64
	for _, table := range []string{"metrics", "resource_samples", "alert_events"} {
		res, err := s.w.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE at_ms < ?`, table), before.UnixMilli())
		if err != nil {
			return total, s.classify("prune "+table, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// ActiveSessions counts chat sessions with a message since the given time.
func (s *Store) ActiveSessions(ctx context.Context, since time.Time) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM sessions WHERE updated_at >= ?`, since.UTC().Format("2006-01-02T15:04:05.000Z07:00")).Scan(&n)
	if err != nil {
		return 0, s.classify("count active sessions", err)
	}
	return n, nil
}
