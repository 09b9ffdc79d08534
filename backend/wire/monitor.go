package wire

import "time"

// CheckResult is one health check's outcome.
type CheckResult struct {
	Status string `json:"status"` // "ok", "warning" or "fail"
	Detail string `json:"detail"`
}

// Health statuses.
const (
	StatusHealthy   = "healthy"
	StatusDegraded  = "degraded"
	StatusUnhealthy = "unhealthy"
)

// HealthReport is the answer of GET /api/health: healthy only if every
// check is ok.
type HealthReport struct {
	Status  string                 `json:"status"` // "healthy" or "unhealthy"
	Version string                 `json:"version"`
	Time    time.Time              `json:"time"`
	Checks  map[string]CheckResult `json:"checks"`
}

// Healthy reports whether no check failed.
func (h HealthReport) Healthy() bool { return h.Status != StatusUnhealthy }

// DetailedHealth is the answer of GET /api/health/detailed.
type DetailedHealth struct {
	Status  string                 `json:"status"` // healthy, degraded or unhealthy
	Version string                 `json:"version"`
	Time    time.Time              `json:"time"`
	Checks  map[string]CheckResult `json:"checks"`
}

// Overview is what the status bar shows (GET /api/app/info, App.Info).
type Overview struct {
	Version    string       `json:"version"`
	DataHome   string       `json:"data_home"`
	ConfigFile string       `json:"config_file"`
	Ollama     OllamaStatus `json:"ollama"`
}

// QueueStats are the question limiter's figures.
type QueueStats struct {
	Running       int   `json:"running"`
	QueueDepth    int   `json:"queue_depth"`
	MaxConcurrent int   `json:"max_concurrent_requests"`
	MaxQueue      int   `json:"max_queue_size"`
	Refused       int64 `json:"refused"`
	TimedOut      int64 `json:"timed_out"`
}

// CacheStats are the answer cache's figures.
type CacheStats struct {
	Enabled bool    `json:"enabled"`
	Entries int     `json:"entries"`
	Hits    int64   `json:"hits"`
	Misses  int64   `json:"misses"`
	HitRate float64 `json:"hit_rate"`
}

// IndexState is the search index as the sampler last saw it.
type IndexState struct {
	Sources    int    `json:"sources"`
	Pages      int    `json:"pages"`
	Chunks     int    `json:"chunks"`
	LastSynced string `json:"last_synced"`
	Syncing    bool   `json:"syncing"`
	Error      string `json:"error,omitempty"`
}

// OllamaProcess sums the processes named "ollama" (the server and the
// runners that hold loaded models).
type OllamaProcess struct {
	Running    bool    `json:"running"`
	PIDs       []int32 `json:"pids"`
	RSSMB      float64 `json:"rss_mb"`
	CPUPercent float64 `json:"cpu_percent"`
}

// SystemStatus is the answer of GET /api/system/status and `genkai-rag
// status`. Resource figures come from the last sample (SampledAt); sizes
// in MB are whole numbers so shell scripts can compare them with -gt.
type SystemStatus struct {
	Status        string                 `json:"status"`
	Version       string                 `json:"version"`
	Time          time.Time              `json:"time"`
	UptimeSeconds float64                `json:"uptime_seconds"`
	DataHome      string                 `json:"data_home"`
	ConfigFile    string                 `json:"config_file"`
	Checks        map[string]CheckResult `json:"checks"`
	Ollama        OllamaStatus           `json:"ollama"`

	SampledAt          time.Time     `json:"sampled_at"`
	CPUPercent         float64       `json:"cpu_percent"`
	ProcessCPUPercent  float64       `json:"process_cpu_percent"`
	MemoryUsageMB      int64         `json:"memory_usage_mb"`
	MemoryTotalMB      int64         `json:"memory_total_mb"`
	MemoryUsagePercent float64       `json:"memory_usage_percent"`
	ProcessMemoryMB    int64         `json:"process_memory_mb"`
	DiskUsageMB        int64         `json:"disk_usage_mb"`
	DiskTotalMB        int64         `json:"disk_total_mb"`
	DiskFreeMB         int64         `json:"disk_free_mb"`
	DiskUsagePercent   float64       `json:"disk_usage_percent"`
	OllamaProcess      OllamaProcess `json:"ollama_process"`
	ActiveSessions     int           `json:"active_sessions"`
	ActiveRequests     int           `json:"active_requests"`
	QueueDepth         int           `json:"queue_depth"`
	Queue              QueueStats    `json:"queue"`
	Cache              CacheStats    `json:"cache"`
	CacheHitRate       float64       `json:"cache_hit_rate"`
	Index              IndexState    `json:"index"`
	AlertLevel         string        `json:"alert_level"` // ok, warning or alert
	ActiveAlerts       int           `json:"active_alerts"`
}

// OpStats are one operation's figures over a period. Times are in
// milliseconds; ErrorRate is a fraction (0–1).
type OpStats struct {
	AverageResponseTime float64 `json:"average_response_time"`
	TotalRequests       int     `json:"total_requests"`
	Errors              int     `json:"errors"`
	P50                 float64 `json:"p50"`
	P95                 float64 `json:"p95"`
	P99                 float64 `json:"p99"`
	MaxResponseTime     float64 `json:"max_response_time"`
	ErrorRate           float64 `json:"error_rate"`
	ErrorRatePercent    float64 `json:"error_rate_percent"`
	RequestsPerMinute   float64 `json:"requests_per_minute"`
}

// Performance is the answer of GET /api/system/performance.
type Performance struct {
	PerformanceStats map[string]OpStats `json:"performance_stats"`
	Hours            float64            `json:"hours"`
	Since            time.Time          `json:"since"`
	TimeUnit         string             `json:"time_unit"`
}

// ResetResult answers DELETE /api/system/performance and
// Monitoring.ResetPerformance.
type ResetResult struct {
	Status  string `json:"status"` // "cleared"
	Deleted int64  `json:"deleted"`
}

// Alert is an alert being raised or cleared.
type Alert struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"time"`
	Metric    string    `json:"metric"`
	State     string    `json:"state"` // "raised" or "cleared"
	Value     float64   `json:"value"`
	Threshold float64   `json:"threshold"`
	Message   string    `json:"message"`
}

// Thresholds are monitoring.alert_thresholds: an alert is raised when a
// value reaches its threshold. Percentages are 0–100.
type Thresholds struct {
	MemoryUsagePercent float64 `json:"memory_usage_percent"`
	DiskUsagePercent   float64 `json:"disk_usage_percent"`
	CPUUsagePercent    float64 `json:"cpu_usage_percent"`
	ResponseTimeMS     float64 `json:"response_time_ms"`
	ErrorRatePercent   float64 `json:"error_rate_percent"`
}

// AlertReport is the answer of GET /api/system/alerts.
type AlertReport struct {
	// Level is ok, warning (Ollama unreachable) or alert (a threshold
	// crossed).
	Level      string       `json:"level"`
	Active     []Alert      `json:"active"`
	Recent     []Alert      `json:"recent"` // raised and cleared, newest first
	Thresholds Thresholds   `json:"thresholds"`
	Ollama     OllamaStatus `json:"ollama"`
}

// ResourceSample is one reading of the machine's resources, as kept for
// the history charts.
type ResourceSample struct {
	At            time.Time `json:"time"`
	CPUPercent    float64   `json:"cpu_percent"`
	MemoryPercent float64   `json:"memory_percent"`
	MemoryUsedMB  float64   `json:"memory_used_mb"`
	ProcessRSSMB  float64   `json:"process_rss_mb"`
	DiskPercent   float64   `json:"disk_percent"`
	DiskUsedMB    float64   `json:"disk_used_mb"`
	OllamaRSSMB   float64   `json:"ollama_rss_mb"`
}

// History is the answer of GET /api/system/history: resource samples for
// charts, averaged into buckets.
type History struct {
	Hours           float64          `json:"hours"`
	IntervalSeconds float64          `json:"interval_seconds"`
	Samples         []ResourceSample `json:"samples"`
}

// LogEntry is one log line as the viewer shows it.
type LogEntry struct {
	Time    string         `json:"time"`
	Level   string         `json:"level"`
	Message string         `json:"message"`
	Attrs   map[string]any `json:"attrs,omitempty"`
	// Raw is the line as written (cut at 8 KiB).
	Raw string `json:"raw"`
}

// LogPage is the answer of GET /api/logs and Monitoring.Logs.
type LogPage struct {
	Records []LogEntry `json:"records"`
	Count   int        `json:"count"`
}

// JobStatus is what the UI shows of a maintenance job. Times are RFC 3339
// in UTC.
type JobStatus struct {
	Name     string `json:"name"`
	Enabled  bool   `json:"enabled"`
	Interval string `json:"interval"`
	// Schedule says when the job runs: "daily at 02:00" (local time),
	// "weekly on Sunday at 04:00", "every 24h0m0s" or "on demand".
	Schedule string `json:"schedule"`
	// LastRun is when the last run (successful or not) started.
	LastRun    string `json:"last_run,omitempty"`
	LastOK     bool   `json:"last_ok"`
	LastResult string `json:"last_result,omitempty"`
	// LastError is the last run's error; empty after a success.
	LastError string `json:"last_error,omitempty"`
	// LastSuccess is when the last successful run started.
	LastSuccess string  `json:"last_success,omitempty"`
	Seconds     float64 `json:"seconds"`
	// Failures counts the failed runs since the last success; the next
	// try waits 1, 2, 4 … minutes (at most an hour).
	Failures int `json:"failures"`
	// NextRun is when the job will run next.
	NextRun string `json:"next_run,omitempty"`
	Running bool   `json:"running"`
}

// MaintenancePage is the answer of GET /api/maintenance and
// Monitoring.Maintenance.
type MaintenancePage struct {
	Jobs []JobStatus `json:"jobs"`
}

// ReloadResult says what a configuration reload changed (POST
// /api/system/reload-config, inside ReloadAnswer).
type ReloadResult struct {
	File string `json:"file"`
	// Applied are the changed keys now in effect.
	Applied []string `json:"applied"`
	// RestartRequired are changed keys that take effect after a restart.
	RestartRequired []string `json:"restart_required"`
	Warnings        []string `json:"warnings"`
}

// ReloadAnswer is the answer of POST /api/system/reload-config.
type ReloadAnswer struct {
	Status string       `json:"status"` // "reloaded"
	Result ReloadResult `json:"result"`
}

// ErrorDetail is the error of an ErrorBody (and, as JSON text, of a
// rejected desktop binding): Code is what clients match on (a fault code);
// Reason a more specific fault code whose text the UI shows; Message the
// English text; Hint what to do; Params the values the code's text names.
type ErrorDetail struct {
	Code    string            `json:"code"`
	Reason  string            `json:"reason,omitempty"`
	Message string            `json:"message"`
	Hint    string            `json:"hint,omitempty"`
	Params  map[string]string `json:"params,omitempty"`
}

// ErrorBody is every HTTP error answer: {"error": {"code", "reason",
// "message", "hint", "params"}, "request_id"}.
type ErrorBody struct {
	Error     ErrorDetail `json:"error"`
	RequestID string      `json:"request_id,omitempty"`
}
