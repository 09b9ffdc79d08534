package wiring

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/logging"
	"github.com/genkai-rag/genkai-rag/backend/maintenance"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// Names of the monitoring files in the log directory (the operations
// guide's logs/system_status.json and logs/system_alerts.json), JSON lines.
const (
	StatusFileName = "system_status.json"
	AlertFileName  = "system_alerts.json"
)

// JobPruneMetrics deletes monitoring data past monitoring.metrics_retention_days.
const JobPruneMetrics = "prune_metrics"

func thresholds(cfg *config.Config) monitor.Thresholds {
	t := cfg.Monitoring.AlertThresholds
	return monitor.Thresholds{MemoryUsagePercent: t.MemoryUsagePercent, DiskUsagePercent: t.DiskUsagePercent,
		CPUUsagePercent: t.CPUUsagePercent, ResponseTimeMS: t.ResponseTimeMS, ErrorRatePercent: t.ErrorRatePercent}
}

func sampleInterval(cfg *config.Config) time.Duration {
	return time.Duration(cfg.Monitoring.SampleIntervalSeconds) * time.Second
}

// startMonitor wires the monitor over the store, Ollama, the limiter, the
// answer cache and the sync jobs, with its files beside the log file.
// Sampling starts with StartMonitoring.
func (s *Services) startMonitor(version, root, cfgPath string) error {
	dir := filepath.Dir(s.LogFile)
	statusFile, err := logging.OpenRotator(filepath.Join(dir, StatusFileName), 10<<20, 3)
	if err != nil {
		return err
	}
	s.closers = append(s.closers, statusFile.Close)
	alertFile, err := logging.OpenRotator(filepath.Join(dir, AlertFileName), 10<<20, 3)
	if err != nil {
		return err
	}
	s.closers = append(s.closers, alertFile.Close)
	s.Monitor = monitor.New(monitor.Options{
		Version: version, DataHome: root, ConfigFile: cfgPath, Store: s.Store, Ollama: s.prober(),
		Logger: s.Log, DB: s.Store, Interval: sampleInterval(s.Config), Thresholds: thresholds(s.Config),
		StatusFile: statusFile, AlertFile: alertFile,
		Queue: func() monitor.QueueStats {
			st := s.Limiter.Stats()
			return monitor.QueueStats{Running: st.Running, QueueDepth: st.Waiting, MaxConcurrent: st.MaxConcurrent, MaxQueue: st.MaxQueue, Refused: st.Refused, TimedOut: st.TimedOut}
		},
		Cache: func() monitor.CacheStats {
			st := s.AnswerCache.Stats()
			return monitor.CacheStats{Enabled: st.Enabled, Entries: st.Entries, Hits: st.Hits, Misses: st.Misses, HitRate: st.HitRate}
		},
		Index:          s.indexState,
		ActiveSessions: s.Store.ActiveSessions,
	})
	s.OnReload(func(cfg *config.Config) {
		s.Monitor.SetThresholds(thresholds(cfg))
		s.Monitor.SetInterval(sampleInterval(cfg))
	})
	return nil
}

// indexState sums the sources for the monitor.
func (s *Services) indexState(ctx context.Context) monitor.IndexState {
	st := monitor.IndexState{Syncing: s.Jobs.Status().Running}
	srcs, err := s.Store.Sources(ctx)
	if err != nil {
		st.Error = err.Error()
		return st
	}
	st.Sources = len(srcs)
	for _, src := range srcs {
		st.Pages += src.Pages
		st.Chunks += src.Chunks
		st.LastSynced = max(st.LastSynced, src.LastSynced)
	}
	return st
}

// pruneMetricsJob is the daily retention of monitoring data.
func (s *Services) pruneMetricsJob() maintenance.Job {
	return maintenance.Job{Name: JobPruneMetrics, Interval: 24 * time.Hour, Run: func(ctx context.Context) (string, error) {
		days := s.CurrentConfig().Monitoring.MetricsRetentionDays
		n, err := s.Monitor.Prune(ctx, days)
		return fmt.Sprintf("removed %d monitoring rows older than %d days", n, days), err
	}}
}

// StartMonitoring samples resources in the background and records each
// finished sync, until ctx ends or the Services close (the last metrics
// are written before the store closes).
func (s *Services) StartMonitoring(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	wait := s.Monitor.Start(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.watchSyncs(ctx, 2*time.Second)
	}()
	s.closers = append(s.closers, func() error { cancel(); wait(); <-done; return nil })
}

// watchSyncs records the duration of every sync run that finishes.
func (s *Services) watchSyncs(ctx context.Context, every time.Duration) {
	last := s.Jobs.Status().FinishedAt
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		st := s.Jobs.Status()
		if st.Running || st.FinishedAt == "" || st.FinishedAt == last {
			continue
		}
		last = st.FinishedAt
		start, err1 := time.Parse(time.RFC3339, st.StartedAt)
		end, err2 := time.Parse(time.RFC3339, st.FinishedAt)
		if err1 != nil || err2 != nil {
			continue
		}
		var err error
		if st.Error != "" {
			err = errors.New(st.Error)
		}
		s.Monitor.Record(monitor.OpSync, end.Sub(start), err)
	}
}

// ReadLogs reads the application log for the log viewer.
func (s *Services) ReadLogs(q logging.Query) ([]logging.Entry, error) {
	return logging.Read(s.LogFile, q)
}

// MeteredSearch is the search engine recording each search as the
// "search" operation.
type MeteredSearch struct {
	svc *Services
}

// MeteredSearch returns the searcher with latency recording.
func (s *Services) MeteredSearch() MeteredSearch { return MeteredSearch{s} }

// SearchResult searches (hybrid, or lexical and why) and records the
// latency as the "search" operation; bad queries are not counted.
func (m MeteredSearch) SearchResult(ctx context.Context, q search.Query) (search.Result, error) {
	start := time.Now()
	res, err := m.svc.Search.SearchResult(ctx, q)
	if !errors.Is(err, search.ErrEmptyQuery) && !errors.Is(err, search.ErrBadQuery) {
		m.svc.Monitor.Record(monitor.OpSearch, time.Since(start), err)
	}
	return res, err
}
