// Package monitor answers "is everything all right?": the health checks
// behind /api/health, and the overview the status bar and `genkai-rag status`
// show (version, data home, Ollama, uptime).
//
// Health checks only what it claims and never calls a model: the store must
// be readable. Ollama being down does not make the app unhealthy — search
// and history keep working — so it is reported beside the checks.
package monitor

import (
	"context"
	"strconv"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/llm"
)

// Pinger proves the database is readable. *store.Store satisfies it.
type Pinger interface {
	Ping(ctx context.Context) (schema int, err error)
}

// OllamaProber reports whether Ollama answers. *llm.Client satisfies it.
type OllamaProber interface {
	Probe(ctx context.Context) llm.Status
}

// Options are the facts and dependencies a Service reports on.
type Options struct {
	Version    string
	DataHome   string
	ConfigFile string
	Store      Pinger
	Ollama     OllamaProber
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Service computes health and status. It is safe for concurrent use.
type Service struct {
	opt     Options
	started time.Time
}

// New returns a Service; the uptime counts from now.
func New(opt Options) *Service {
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Service{opt: opt, started: opt.Now()}
}

// Health states.
const (
	StatusHealthy   = "healthy"
	StatusUnhealthy = "unhealthy"
	CheckOK         = "ok"
	CheckFail       = "fail"
)

// CheckResult is one health check's outcome.
type CheckResult struct {
	Status string `json:"status"`
	Detail string `json:"detail"`
}

// HealthReport is the answer of /api/health: healthy only if every check is ok.
type HealthReport struct {
	Status  string                 `json:"status"`
	Version string                 `json:"version"`
	Time    time.Time              `json:"time"`
	Checks  map[string]CheckResult `json:"checks"`
}

// Healthy reports whether every check passed.
func (h HealthReport) Healthy() bool { return h.Status == StatusHealthy }

// Health runs the checks.
func (s *Service) Health(ctx context.Context) HealthReport {
	r := HealthReport{Status: StatusHealthy, Version: s.opt.Version, Time: s.opt.Now().UTC(), Checks: map[string]CheckResult{}}
	if schema, err := s.opt.Store.Ping(ctx); err != nil {
		r.Checks["store"] = CheckResult{Status: CheckFail, Detail: err.Error()}
		r.Status = StatusUnhealthy
	} else {
		r.Checks["store"] = CheckResult{Status: CheckOK, Detail: "schema version " + strconv.Itoa(schema)}
	}
	return r
}

// Overview is what the status bar shows.
type Overview struct {
	Version    string     `json:"version"`
	DataHome   string     `json:"data_home"`
	ConfigFile string     `json:"config_file"`
	Ollama     llm.Status `json:"ollama"`
}

// Overview probes Ollama (bounded by llm.ProbeTimeout) and reports.
func (s *Service) Overview(ctx context.Context) Overview {
	return Overview{
		Version:    s.opt.Version,
		DataHome:   s.opt.DataHome,
		ConfigFile: s.opt.ConfigFile,
		Ollama:     s.opt.Ollama.Probe(ctx),
	}
}

// SystemStatus is the answer of /api/system/status and `genkai-rag status`.
type SystemStatus struct {
	Status        string                 `json:"status"`
	Version       string                 `json:"version"`
	Time          time.Time              `json:"time"`
	UptimeSeconds float64                `json:"uptime_seconds"`
	DataHome      string                 `json:"data_home"`
	ConfigFile    string                 `json:"config_file"`
	Checks        map[string]CheckResult `json:"checks"`
	Ollama        llm.Status             `json:"ollama"`
}

// Status combines health, overview and uptime.
func (s *Service) Status(ctx context.Context) SystemStatus {
	h, o := s.Health(ctx), s.Overview(ctx)
	return SystemStatus{
		Status: h.Status, Version: h.Version, Time: h.Time,
		UptimeSeconds: h.Time.Sub(s.started).Seconds(),
		DataHome:      o.DataHome, ConfigFile: o.ConfigFile,
		Checks: h.Checks, Ollama: o.Ollama,
	}
}
