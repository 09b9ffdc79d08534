// Package monitor answers "is everything all right?": the health checks
// behind /api/health, the overview the status bar and `genkai-rag status`
// show, and the operations guide's monitoring — a resource sampler
// (gopsutil: CPU, memory, the data home's disk, the Ollama processes),
// per-operation latency statistics kept in the store, alert rules with
// hysteresis over monitoring.alert_thresholds, and the status and alert
// files logs/system_status.json and logs/system_alerts.json.
//
// Health checks only what it claims and never calls a model: the store must
// be readable and the data home's disk must not be full. Ollama being down
// does not make the app unhealthy — search and history keep working — so it
// is reported beside the checks.
//
// Sampling runs in the background (Start); status calls read the last
// sample and never wait for one.
package monitor

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Pinger proves the database is readable. *store.Store satisfies it.
type Pinger interface {
	Ping(ctx context.Context) (schema int, err error)
}

// OllamaProber reports whether Ollama answers. *llm.Client satisfies it.
type OllamaProber interface {
	Probe(ctx context.Context) llm.Status
}

// Reader takes one reading of the machine. *HostReader satisfies it.
type Reader interface {
	Read(ctx context.Context) (Reading, error)
}

// QueueStats is wire.QueueStats, the shape clients see; see there.
type QueueStats = wire.QueueStats

// CacheStats is wire.CacheStats, the shape clients see; see there.
type CacheStats = wire.CacheStats

// IndexState is wire.IndexState, the shape clients see; see there.
type IndexState = wire.IndexState

// Options are the facts and dependencies a Service reports on.
type Options struct {
	Version    string
	DataHome   string
	ConfigFile string
	Store      Pinger
	Ollama     OllamaProber
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Logger receives sampler problems and alerts; nil discards.
	Logger *slog.Logger

	// DB keeps metrics, samples and alerts across restarts; nil keeps the
	// last minutes in memory only.
	DB MetricsStore
	// Reader reads the machine; nil uses a HostReader on DataHome.
	Reader Reader
	// Interval between samples; default 10 s (monitoring.sample_interval_seconds).
	Interval time.Duration
	// Thresholds raise alerts; zero means DefaultThresholds.
	Thresholds Thresholds
	Hysteresis Hysteresis
	// StatusFile and AlertFile receive JSON lines: a status snapshot every
	// SnapshotEvery (default 5 min) and every alert raised or cleared.
	// Nil writes none. The Service does not close them.
	StatusFile, AlertFile io.Writer
	SnapshotEvery         time.Duration
	// MinFreeDiskMB fails the disk health check below it; default 100.
	MinFreeDiskMB float64
	// Queue, Cache, Index and ActiveSessions report on other services;
	// nil ones report zeros.
	Queue          func() QueueStats
	Cache          func() CacheStats
	Index          func(ctx context.Context) IndexState
	ActiveSessions func(ctx context.Context, since time.Time) (int, error)
}

// Service computes health and status, samples resources, records
// operations and raises alerts. It is safe for concurrent use.
type Service struct {
	opt     Options
	log     *slog.Logger
	started time.Time
	metrics metrics

	sampling sync.Mutex // one SampleNow at a time (the Reader is not concurrent)

	mu         sync.RWMutex
	reader     Reader
	last       Reading
	sampled    bool
	ollama     llm.Status
	index      IndexState
	thresholds Thresholds
	interval   time.Duration
	rules      *rules
	events     []Alert // newest last, at most maxEvents
	hooks      []func(Alert)
	history    []Reading // when there is no DB: the last maxHistory readings
	ticks      int
	lastSnap   time.Time
	wake       chan struct{}
}

const (
	maxEvents  = 200
	maxHistory = 360
)

// New returns a Service; the uptime counts from now.
func New(opt Options) *Service {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.Interval <= 0 {
		opt.Interval = 10 * time.Second
	}
	if opt.Thresholds == (Thresholds{}) {
		opt.Thresholds = DefaultThresholds()
	}
	if opt.SnapshotEvery <= 0 {
		opt.SnapshotEvery = 5 * time.Minute
	}
	if opt.MinFreeDiskMB <= 0 {
		opt.MinFreeDiskMB = 100
	}
	return &Service{
		opt: opt, log: opt.Logger, started: opt.Now(), reader: opt.Reader,
		thresholds: opt.Thresholds, interval: opt.Interval, rules: newRules(opt.Hysteresis),
		wake: make(chan struct{}, 1),
	}
}

// Health states.
const (
	StatusHealthy   = wire.StatusHealthy
	StatusDegraded  = wire.StatusDegraded
	StatusUnhealthy = wire.StatusUnhealthy
	CheckOK         = "ok"
	CheckWarning    = "warning"
	CheckFail       = "fail"
)

// CheckResult is wire.CheckResult, the shape clients see; see there.
type CheckResult = wire.CheckResult

// HealthReport is wire.HealthReport, the shape clients see; see there.
type HealthReport = wire.HealthReport

// Health runs the checks: the store must be readable and, once sampled,
// the data home's disk must have MinFreeDiskMB free.
func (s *Service) Health(ctx context.Context) HealthReport {
	r := HealthReport{Status: StatusHealthy, Version: s.opt.Version, Time: s.opt.Now().UTC(), Checks: map[string]CheckResult{}}
	r.Checks["store"] = s.storeCheck(ctx)
	if last, ok := s.lastReading(); ok && last.DiskTotalMB > 0 {
		if last.DiskFreeMB < s.opt.MinFreeDiskMB {
			r.Checks["disk"] = CheckResult{Status: CheckFail, Detail: fmt.Sprintf("only %.0f MB free on %s; free space or move the data home", last.DiskFreeMB, last.DiskPath)}
		} else {
			r.Checks["disk"] = CheckResult{Status: CheckOK, Detail: fmt.Sprintf("%.0f MB free", last.DiskFreeMB)}
		}
	}
	for _, c := range r.Checks {
		if c.Status == CheckFail {
			r.Status = StatusUnhealthy
		}
	}
	return r
}

func (s *Service) storeCheck(ctx context.Context) CheckResult {
	schema, err := s.opt.Store.Ping(ctx)
	if err != nil {
		return CheckResult{Status: CheckFail, Detail: err.Error()}
	}
	return CheckResult{Status: CheckOK, Detail: "schema version " + strconv.Itoa(schema)}
}

// Overview is wire.Overview, the shape clients see; see there.
type Overview = wire.Overview

// Overview probes Ollama (bounded by llm.ProbeTimeout) and reports.
func (s *Service) Overview(ctx context.Context) Overview {
	return Overview{
		Version:    s.opt.Version,
		DataHome:   s.opt.DataHome,
		ConfigFile: s.opt.ConfigFile,
		Ollama:     s.opt.Ollama.Probe(ctx),
	}
}

// SystemStatus is wire.SystemStatus, the shape clients see; see there.
type SystemStatus = wire.SystemStatus

// ActiveSessionWindow is how recent a chat session's last message must be
// for it to count in active_sessions.
const ActiveSessionWindow = 30 * time.Minute

// Status combines health, the last sample, the queue, the cache and the
// index. It does not wait for sampling or probe Ollama: it reports the
// sampler's last probe (or probes once if nothing was sampled yet).
func (s *Service) Status(ctx context.Context) SystemStatus {
	h := s.Health(ctx)
	st := SystemStatus{
		Status: h.Status, Version: h.Version, Time: h.Time,
		UptimeSeconds: h.Time.Sub(s.started).Seconds(),
		DataHome:      s.opt.DataHome, ConfigFile: s.opt.ConfigFile, Checks: h.Checks,
	}
	s.mu.RLock()
	r, sampled, ollama, index := s.last, s.sampled, s.ollama, s.index
	active := len(s.rules.active())
	s.mu.RUnlock()
	if !sampled {
		ollama = s.opt.Ollama.Probe(ctx)
	}
	st.Ollama, st.Index = ollama, index
	if sampled {
		st.SampledAt = r.Time
		st.CPUPercent, st.ProcessCPUPercent = round3(r.CPUPercent), round3(r.ProcessCPUPercent)
		st.MemoryUsageMB, st.MemoryTotalMB, st.MemoryUsagePercent = int64(r.MemoryUsedMB), int64(r.MemoryTotalMB), round3(r.MemoryPercent)
		st.ProcessMemoryMB = int64(r.ProcessRSSMB + 0.5)
		st.DiskUsageMB, st.DiskTotalMB, st.DiskFreeMB, st.DiskUsagePercent = int64(r.DiskUsedMB), int64(r.DiskTotalMB), int64(r.DiskFreeMB), round3(r.DiskPercent)
		st.OllamaProcess = r.Ollama
	}
	if st.OllamaProcess.PIDs == nil {
		st.OllamaProcess.PIDs = []int32{}
	}
	if s.opt.Queue != nil {
		st.Queue = s.opt.Queue()
		st.QueueDepth, st.ActiveRequests = st.Queue.QueueDepth, st.Queue.Running
	}
	if s.opt.Cache != nil {
		st.Cache = s.opt.Cache()
		st.CacheHitRate = round3(st.Cache.HitRate)
	}
	if s.opt.ActiveSessions != nil {
		if n, err := s.opt.ActiveSessions(ctx, s.opt.Now().Add(-ActiveSessionWindow)); err == nil {
			st.ActiveSessions = n
		}
	}
	st.ActiveAlerts = active
	st.AlertLevel = level(active, ollama)
	return st
}

// Alert levels (the tray icon's colours).
const (
	LevelOK      = "ok"
	LevelWarning = "warning"
	LevelAlert   = "alert"
)

func level(active int, ollama llm.Status) string {
	switch {
	case active > 0:
		return LevelAlert
	case ollama.Host != "" && !ollama.Reachable:
		return LevelWarning
	}
	return LevelOK
}

func (s *Service) lastReading() (Reading, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.last, s.sampled
}
