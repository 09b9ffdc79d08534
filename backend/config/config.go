// Package config holds Genkai RAG's typed configuration: defaults, loading from a
// YAML file with a .env file beside it and GENKAI_* environment overrides,
// validation, and which keys can change while the app runs.
//
// The key names follow the operations guide (config/production.yaml there), so
// an operator's existing file reads as is. Only main and the CLI read
// configuration; every other package receives plain values.
package config

import "time"
import "github.com/genkai-rag/genkai-rag/backend/wire"

// Config is the whole configuration. The zero value is not useful: start from
// Default and overlay a file and the environment with Load.
type Config struct {
	Server      Server      `yaml:"server"`
	LLM         LLM         `yaml:"llm"`
	Concurrency Concurrency `yaml:"concurrency"`
	Performance Performance `yaml:"performance"`
	Monitoring  Monitoring  `yaml:"monitoring"`
	Backup      Backup      `yaml:"backup"`
	Maintenance Maintenance `yaml:"maintenance"`
	Chat        Chat        `yaml:"chat"`
}

// Server configures the headless HTTP server (`genkai-rag server`).
type Server struct {
	// Host is the address to bind; default 127.0.0.1 (loopback only).
	Host string `yaml:"host"`
	// Port is the TCP port; default 8000.
	Port int `yaml:"port"`
	// APIToken, when set, is required as "Authorization: Bearer TOKEN" on
	// /api requests (except /api/health). Binding a non-loopback host needs it.
	APIToken string `yaml:"api_token"`
	// MaxBodyKB caps request bodies; default 1024 KiB.
	MaxBodyKB int `yaml:"max_body_kb"`
	// AllowedHosts are extra host names (no port) a browser may use to reach
	// the server, besides the bound address, localhost, 127.0.0.1 and [::1].
	// Any other Host header is refused (DNS-rebinding defence); default none.
	// In the environment: a comma-separated list.
	AllowedHosts []string `yaml:"allowed_hosts"`
	// SourcePolicy decides which sources the HTTP API may add: "open"
	// (any folder and any http(s) site), "restricted" (folders only under
	// SourceRoots; sites not on loopback, link-local or private addresses
	// unless AllowPrivateSites) or "auto" (the default: open while the
	// server is bound to loopback, restricted otherwise). The desktop app
	// and the CLI are always open: their user types the source.
	SourcePolicy string `yaml:"source_policy"`
	// SourceRoots are the absolute folders under which a restricted server
	// may index folders; default none (no folders).
	SourceRoots []string `yaml:"source_roots"`
	// AllowPrivateSites lets a restricted server index sites on loopback,
	// link-local or private addresses (an intranet wiki); default false.
	AllowPrivateSites bool `yaml:"allow_private_sites"`
}

// SourcePolicy values for Server.SourcePolicy.
const (
	SourcePolicyAuto       = "auto"
	SourcePolicyOpen       = "open"
	SourcePolicyRestricted = "restricted"
)

// RestrictSources reports whether the HTTP API must apply the restricted
// source policy: "restricted", or "auto" with a non-loopback host.
func (s Server) RestrictSources() bool {
	switch s.SourcePolicy {
	case SourcePolicyRestricted:
		return true
	case SourcePolicyOpen:
		return false
	}
	return !IsLoopback(s.Host)
}

// LLM configures the Ollama connection and the models.
type LLM struct {
	// OllamaHost is the Ollama base URL; default http://127.0.0.1:11434.
	OllamaHost string `yaml:"ollama_host"`
	// ManageOllama lets the app start `ollama serve` when it is installed but
	// not running; default true.
	ManageOllama bool `yaml:"manage_ollama"`
	// Provider is where answers are generated: "ollama" (default, at
	// OllamaHost) or "openai" (an OpenAI-compatible endpoint at
	// OpenAIBaseURL, such as vLLM or a llama.cpp server).
	Provider string `yaml:"provider"`
	// OpenAIBaseURL is the OpenAI-compatible endpoint's base URL ending in
	// /v1, such as http://gpu-cluster:8000/v1; required when Provider or
	// EmbeddingProvider is "openai". Its API key is never read from this
	// file: see OpenAIKey.
	OpenAIBaseURL string `yaml:"openai_base_url"`
	// EmbeddingProvider is where embeddings are made: "" (default: the
	// same as Provider), "ollama" or "openai".
	EmbeddingProvider string `yaml:"embedding_provider"`
	// DefaultModel is the chat model; default "llama3.2:3b".
	DefaultModel string `yaml:"default_model"`
	// EmbeddingModel is the embedding model; default "bge-m3".
	EmbeddingModel string `yaml:"embedding_model"`
	// Models holds per-model options keyed by model name.
	Models map[string]ModelOptions `yaml:"models"`
}

// ModelOptions is wire.GenOptions, the shape clients see; see there.
type ModelOptions = wire.GenOptions

// Concurrency limits how many questions run at once.
type Concurrency struct {
	// MaxConcurrentRequests running at once; default 4 (2–3× the cores).
	MaxConcurrentRequests int `yaml:"max_concurrent_requests"`
	// MaxQueueSize waiting beyond that; default 100. Over it: 429.
	MaxQueueSize int `yaml:"max_queue_size"`
	// RequestTimeout in seconds for one request; default 60.0.
	RequestTimeout float64 `yaml:"request_timeout"`
}

// Timeout returns RequestTimeout as a duration.
func (c Concurrency) Timeout() time.Duration {
	return time.Duration(c.RequestTimeout * float64(time.Second))
}

// Performance configures the answer cache.
type Performance struct {
	// CacheEnabled turns the answer cache on; default true.
	CacheEnabled bool `yaml:"cache_enabled"`
	// CacheSize is the number of cached answers; default 2000.
	CacheSize int `yaml:"cache_size"`
	// CacheTTL is how long an answer stays cached, in seconds; default 3600.
	CacheTTL int `yaml:"cache_ttl"`
}

// Monitoring configures logs and alert thresholds.
type Monitoring struct {
	// LogLevel is DEBUG, INFO, WARNING, ERROR or CRITICAL; default INFO.
	LogLevel string `yaml:"log_level"`
	// StructuredLogging writes JSON lines instead of text; default true.
	StructuredLogging bool `yaml:"structured_logging"`
	// LogFile is the application log, relative to the data home unless
	// absolute; default ./logs/genkai_rag.log.
	LogFile string `yaml:"log_file"`
	// MaxLogSizeMB rotates the log when it grows past this; default 100.
	MaxLogSizeMB int `yaml:"max_log_size_mb"`
	// BackupCount is how many rotated logs to keep; default 10.
	BackupCount int `yaml:"backup_count"`
	// AlertThresholds raise alerts when crossed.
	AlertThresholds AlertThresholds `yaml:"alert_thresholds"`
	// SampleIntervalSeconds is how often CPU, memory, disk and Ollama are
	// sampled for status, charts and alerts; default 10 (1–3600).
	SampleIntervalSeconds int `yaml:"sample_interval_seconds"`
	// MetricsRetentionDays is how long latency metrics, resource samples
	// and alert history are kept; default 30 (1–3650).
	MetricsRetentionDays int `yaml:"metrics_retention_days"`
}

// AlertThresholds are the limits that raise alerts; percentages are 0–100.
type AlertThresholds struct {
	MemoryUsagePercent float64 `yaml:"memory_usage_percent"` // default 80
	DiskUsagePercent   float64 `yaml:"disk_usage_percent"`   // default 90
	CPUUsagePercent    float64 `yaml:"cpu_usage_percent"`    // default 85
	ResponseTimeMS     float64 `yaml:"response_time_ms"`     // default 5000
	ErrorRatePercent   float64 `yaml:"error_rate_percent"`   // default 5
}

// Backup configures archive retention and the scheduled backup.
type Backup struct {
	// RetentionDays deletes archives older than this; default 30, 0 keeps all.
	RetentionDays int `yaml:"retention_days"`
	// MaxCount keeps at most this many archives; default 0 (no count limit).
	MaxCount int `yaml:"max_count"`
	// Daily makes a backup every day; default true.
	Daily bool `yaml:"daily"`
	// IncludeLogs adds logs/ to archives; default false.
	IncludeLogs bool `yaml:"include_logs"`
}

// Maintenance says when the scheduled jobs run, in local time, like the
// operations guide's crontab: the daily backup, the daily session cleanup
// and metrics pruning, the weekly index optimisation. A time the app was
// not running for (or the machine slept through) is caught up once soon
// after start or wake-up. Times are "HH:MM" (24-hour, 00:00–23:59); see
// ParseClock and ParseWeekday.
type Maintenance struct {
	// BackupTime is when the daily backup runs (if backup.daily); default "02:00".
	BackupTime string `yaml:"backup_time"`
	// DailyTime is when the session cleanup and the metrics pruning run;
	// default "03:00".
	DailyTime string `yaml:"daily_time"`
	// OptimizeWeekday is the day of the weekly index optimisation:
	// sunday … saturday (or sun … sat, or cron's 0–7); default "sunday".
	OptimizeWeekday string `yaml:"optimize_weekday"`
	// OptimizeTime is when on that day it runs; default "04:00".
	OptimizeTime string `yaml:"optimize_time"`
	// StartDelaySeconds is how long after start the scheduler first
	// checks for due jobs (a fresh data home makes its first backup then);
	// default 60, 1–3600. Later checks are every minute.
	StartDelaySeconds int `yaml:"start_delay_seconds"`
}

// Chat configures chat history retention.
type Chat struct {
	// RetentionDays deletes sessions untouched for this long in the daily
	// cleanup; default 30, 0 keeps all.
	RetentionDays int `yaml:"retention_days"`
}

// Default returns the configuration used when a key is not set anywhere.
func Default() *Config {
	return &Config{
		Server: Server{Host: "127.0.0.1", Port: 8000, MaxBodyKB: 1024, AllowedHosts: []string{}, SourcePolicy: SourcePolicyAuto, SourceRoots: []string{}},
		LLM: LLM{
			OllamaHost:     "http://127.0.0.1:11434",
			ManageOllama:   true,
			Provider:       ProviderOllama,
			DefaultModel:   "llama3.2:3b",
			EmbeddingModel: "bge-m3",
			Models:         map[string]ModelOptions{},
		},
		Concurrency: Concurrency{MaxConcurrentRequests: 4, MaxQueueSize: 100, RequestTimeout: 60},
		Performance: Performance{CacheEnabled: true, CacheSize: 2000, CacheTTL: 3600},
		Monitoring: Monitoring{
			LogLevel:          "INFO",
			StructuredLogging: true,
			LogFile:           "./logs/genkai_rag.log",
			MaxLogSizeMB:      100,
			BackupCount:       10,
			AlertThresholds: AlertThresholds{
				MemoryUsagePercent: 80,
				DiskUsagePercent:   90,
				CPUUsagePercent:    85,
				ResponseTimeMS:     5000,
				ErrorRatePercent:   5,
			},
			SampleIntervalSeconds: 10,
			MetricsRetentionDays:  30,
		},
		Backup: Backup{RetentionDays: 30, Daily: true},
		Chat:   Chat{RetentionDays: 30},
		Maintenance: Maintenance{BackupTime: "02:00", DailyTime: "03:00", OptimizeWeekday: "sunday", OptimizeTime: "04:00",
			StartDelaySeconds: 60},
	}
}
