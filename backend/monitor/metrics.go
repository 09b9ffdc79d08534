package monitor

import (
	"context"
	"errors"
	"math"
	"sort"
	"sync"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Operation names recorded by the app. Performance always reports these,
// with zero counts when nothing ran.
const (
	OpQuery       = "query"
	OpEmbed       = "embed"
	OpSync        = "sync"
	OpModelSwitch = "model_switch"
	OpSearch      = "search"
)

// KnownOps lists the operations Performance always reports.
var KnownOps = []string{OpQuery, OpEmbed, OpSync, OpModelSwitch, OpSearch}

// MetricsStore persists operation records, resource samples and alert
// events. *store.Store satisfies it.
type MetricsStore interface {
	AddMetrics(ctx context.Context, ms []store.Metric) error
	Metrics(ctx context.Context, since time.Time, op string) ([]store.Metric, error)
	DeleteMetrics(ctx context.Context, before time.Time) (int64, error)
	AddResourceSample(ctx context.Context, r store.ResourceSample) error
	ResourceSamples(ctx context.Context, since time.Time) ([]store.ResourceSample, error)
	AddAlertEvent(ctx context.Context, e store.AlertEvent) (int64, error)
	AlertEvents(ctx context.Context, limit int) ([]store.AlertEvent, error)
	PruneMonitoring(ctx context.Context, before time.Time) (int64, error)
}

// recentWindow is how far back the alert rules look at operations.
const recentWindow = 5 * time.Minute

// maxPending bounds the records waiting to be written (a store outage
// must not grow memory without end); older ones are dropped.
const maxPending = 50000

// maxRecent bounds the in-memory window the alert rules read (it may
// hold up to twice as many between trims).
const maxRecent = 20000

// metrics buffers records between flushes and keeps the last few minutes
// in memory for the alert rules.
type metrics struct {
	mu      sync.Mutex
	pending []store.Metric
	recent  []store.Metric // ascending time, within recentWindow
	dropped int64
}

func (m *metrics) add(rec store.Metric) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.pending) >= maxPending {
		m.pending = m.pending[1:]
		m.dropped++
	}
	m.pending = append(m.pending, rec)
	m.recent = append(m.recent, rec)
	m.trim(rec.At)
	if len(m.recent) >= 2*maxRecent { // halve in one go: amortised O(1)
		m.recent = append(m.recent[:0], m.recent[len(m.recent)-maxRecent:]...)
	}
}

// trim drops recent records older than the window; callers hold m.mu.
func (m *metrics) trim(now time.Time) {
	cut := sort.Search(len(m.recent), func(i int) bool { return !m.recent[i].At.Before(now.Add(-recentWindow)) })
	if cut > 0 {
		m.recent = append(m.recent[:0], m.recent[cut:]...)
	}
}

func (m *metrics) take() []store.Metric {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := m.pending
	m.pending = nil
	return p
}

// putBack returns records whose write failed, ahead of newer ones.
func (m *metrics) putBack(ms []store.Metric) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pending = append(ms, m.pending...)
	if over := len(m.pending) - maxPending; over > 0 {
		m.pending = m.pending[over:]
		m.dropped += int64(over)
	}
}

func (m *metrics) window(now time.Time) []store.Metric {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.trim(now)
	return append([]store.Metric(nil), m.recent...)
}

func (m *metrics) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pending, m.recent = nil, nil
}

// Record notes that operation op took d and failed when err is not nil.
// A cancelled context (the user stopped it) is not counted as an error.
// It never blocks on I/O: records are written in batches by Run.
func (s *Service) Record(op string, d time.Duration, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	s.metrics.add(store.Metric{At: s.opt.Now().UTC(), Op: op, Duration: d, OK: err == nil})
}

// Flush writes the buffered records to the store now.
func (s *Service) Flush(ctx context.Context) error {
	if s.opt.DB == nil {
		return nil
	}
	batch := s.metrics.take()
	if err := s.opt.DB.AddMetrics(ctx, batch); err != nil {
		s.metrics.putBack(batch)
		return err
	}
	return nil
}

// OpStats is wire.OpStats, the shape clients see; see there.
type OpStats = wire.OpStats

// Performance is wire.Performance, the shape clients see; see there.
type Performance = wire.Performance

// ErrNoMetricsStore is returned by operations that need the store when
// the Service has none.
var ErrNoMetricsStore = errors.New("no metrics store")

// Performance computes per-operation statistics over the last hours; op
// "" reports every operation (the known ones always), else only op.
func (s *Service) Performance(ctx context.Context, op string, hours float64) (Performance, error) {
	now := s.opt.Now().UTC()
	since := now.Add(-time.Duration(hours * float64(time.Hour)))
	var recs []store.Metric
	if s.opt.DB != nil {
		if err := s.Flush(ctx); err != nil {
			return Performance{}, err
		}
		var err error
		if recs, err = s.opt.DB.Metrics(ctx, since, op); err != nil {
			return Performance{}, err
		}
	} else {
		for _, m := range s.metrics.window(now) {
			if !m.At.Before(since) && (op == "" || m.Op == op) {
				recs = append(recs, m)
			}
		}
	}
	out := Performance{PerformanceStats: map[string]OpStats{}, Hours: hours, Since: since, TimeUnit: "ms"}
	byOp := map[string][]store.Metric{}
	if op == "" {
		for _, k := range KnownOps {
			byOp[k] = nil
		}
	} else {
		byOp[op] = nil
	}
	for _, m := range recs {
		byOp[m.Op] = append(byOp[m.Op], m)
	}
	for name, ms := range byOp {
		out.PerformanceStats[name] = opStats(ms, now)
	}
	return out, nil
}

// opStats summarises records (ascending time) as of now.
func opStats(ms []store.Metric, now time.Time) OpStats {
	var st OpStats
	if len(ms) == 0 {
		return st
	}
	d := make([]float64, len(ms))
	var sum float64
	for i, m := range ms {
		d[i] = float64(m.Duration.Microseconds()) / 1000
		sum += d[i]
		if !m.OK {
			st.Errors++
		}
	}
	sort.Float64s(d)
	st.TotalRequests = len(ms)
	st.AverageResponseTime = round3(sum / float64(len(d)))
	st.P50, st.P95, st.P99 = percentile(d, 50), percentile(d, 95), percentile(d, 99)
	st.MaxResponseTime = d[len(d)-1]
	st.ErrorRate = round3(float64(st.Errors) / float64(len(ms)))
	st.ErrorRatePercent = round3(100 * float64(st.Errors) / float64(len(ms)))
	minutes := max(now.Sub(ms[0].At).Minutes(), 1)
	st.RequestsPerMinute = round3(float64(len(ms)) / minutes)
	return st
}

// percentile is the nearest-rank percentile of sorted values.
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// ResetPerformance deletes every recorded operation (DELETE
// /api/system/performance) and returns how many went.
func (s *Service) ResetPerformance(ctx context.Context) (int64, error) {
	n := int64(len(s.metrics.take()))
	s.metrics.reset()
	if s.opt.DB == nil {
		return n, nil
	}
	d, err := s.opt.DB.DeleteMetrics(ctx, time.Time{})
	return n + d, err
}

// Prune deletes metrics, samples and alert events older than days; the
// maintenance job calls it daily.
func (s *Service) Prune(ctx context.Context, days int) (int64, error) {
	if s.opt.DB == nil {
		return 0, ErrNoMetricsStore
	}
	if err := s.Flush(ctx); err != nil {
		return 0, err
	}
	return s.opt.DB.PruneMonitoring(ctx, s.opt.Now().Add(-time.Duration(days)*24*time.Hour))
}
