package config

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// logLevels are the accepted monitoring.log_level values (case-insensitive);
// WARN is accepted as a synonym of WARNING.
var logLevels = []string{"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}

var modelName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,199}$`)

// ModelNameRule says what ValidModelName accepts, for error messages.
const ModelNameRule = `an Ollama model name: up to 200 letters, digits and . _ : / - starting with a letter or digit, without ".." (such as llama3.2:3b, qwen2.5:7b-instruct-q4_K_M or hf.co/user/model:Q4_K_M)`

// ValidModelName reports whether name can be an Ollama model name: the one
// rule shared by the configuration (llm.default_model, llm.embedding_model,
// the keys of llm.models), the HTTP API and the desktop app. It follows
// Ollama's own character set ([host/][namespace/]model[:tag]) and refuses
// ".." so that no name reads as a path.
func ValidModelName(name string) bool {
	return modelName.MatchString(name) && !strings.Contains(name, "..")
}

// Validate checks every key and returns an *Error listing all problems, or nil.
func (c *Config) Validate() error {
	if p := c.problems(); len(p) > 0 {
		return &Error{Problems: p}
	}
	return nil
}

func (c *Config) problems() []Problem {
	var ps []Problem
	add := func(path, format string, args ...any) {
		ps = append(ps, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
	}
	intIn := func(path string, v, lo, hi int) {
		if v < lo || v > hi {
			add(path, "must be between %d and %d, got %d", lo, hi, v)
		}
	}
	floatIn := func(path string, v, lo, hi float64, loOpen bool) {
		switch {
		case loOpen && (v <= lo || v > hi):
			add(path, "must be greater than %g and at most %g, got %g", lo, hi, v)
		case !loOpen && (v < lo || v > hi):
			add(path, "must be between %g and %g, got %g", lo, hi, v)
		}
	}

	s := c.Server
	if strings.TrimSpace(s.Host) == "" {
		add("server.host", "must not be empty; use 127.0.0.1 to serve this machine only")
	}
	intIn("server.port", s.Port, 1, 65535)
	intIn("server.max_body_kb", s.MaxBodyKB, 1, 1<<20)
	if s.Host != "" && !IsLoopback(s.Host) && s.APIToken == "" {
		add("server.api_token", "required when server.host (%s) is not a loopback address; set a long random token, or bind 127.0.0.1", s.Host)
	}
	if s.APIToken != "" && len(s.APIToken) < 16 {
		add("server.api_token", "too short (%d characters); use at least 16 random characters", len(s.APIToken))
	}
	if h := strings.TrimSpace(s.Host); h != "" && !ValidHost(h) {
		add("server.host", "must be an IP address or a host name without port or brackets (127.0.0.1, ::1, 0.0.0.0, myserver.local), got %q", s.Host)
	}
	for i, h := range s.AllowedHosts {
		if !ValidHost(h) {
			add(fmt.Sprintf("server.allowed_hosts[%d]", i), "must be a host name or IP address without scheme, port or path (genkai.example.ac.jp), got %q", h)
		}
	}
	switch s.SourcePolicy {
	case SourcePolicyAuto, SourcePolicyOpen, SourcePolicyRestricted:
	default:
		add("server.source_policy", "must be auto, open or restricted, got %q", s.SourcePolicy)
	}
	for i, r := range s.SourceRoots {
		if !filepath.IsAbs(r) {
			add(fmt.Sprintf("server.source_roots[%d]", i), "must be an absolute folder path such as /srv/docs, got %q", r)
		}
	}

	l := c.LLM
	if u, err := url.Parse(l.OllamaHost); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		add("llm.ollama_host", "must be an http(s) URL such as http://127.0.0.1:11434, got %q", l.OllamaHost)
	}
	ps = append(ps, l.providerProblems()...)
	if !ValidModelName(l.DefaultModel) {
		add("llm.default_model", "must be %s, got %q", ModelNameRule, l.DefaultModel)
	}
	if !ValidModelName(l.EmbeddingModel) {
		add("llm.embedding_model", "must be %s, got %q", ModelNameRule, l.EmbeddingModel)
	}
	names := make([]string, 0, len(l.Models))
	for name := range l.Models {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		m, p := l.Models[name], "llm.models."+name
		if !ValidModelName(name) {
			add(p, "must be %s", ModelNameRule)
		}
		if m.Temperature != nil {
			floatIn(p+".temperature", *m.Temperature, 0, 2, false)
		}
		if m.TopP != nil {
			floatIn(p+".top_p", *m.TopP, 0, 1, false)
		}
		intIn(p+".max_tokens", m.MaxTokens, 0, 1<<20)
		if m.ContextLength != 0 {
			intIn(p+".context_length", m.ContextLength, 256, 1<<21)
		}
	}

	k := c.Concurrency
	intIn("concurrency.max_concurrent_requests", k.MaxConcurrentRequests, 1, 1000)
	intIn("concurrency.max_queue_size", k.MaxQueueSize, 0, 100000)
	floatIn("concurrency.request_timeout", k.RequestTimeout, 0, 86400, true)

	pf := c.Performance
	if pf.CacheEnabled {
		intIn("performance.cache_size", pf.CacheSize, 1, 1000000)
	} else {
		intIn("performance.cache_size", pf.CacheSize, 0, 1000000)
	}
	intIn("performance.cache_ttl", pf.CacheTTL, 0, 365*24*3600)

	m := c.Monitoring
	if _, ok := ParseLevel(m.LogLevel); !ok {
		add("monitoring.log_level", "must be one of %s, got %q", strings.Join(logLevels, ", "), m.LogLevel)
	}
	if strings.TrimSpace(m.LogFile) == "" {
		add("monitoring.log_file", "must not be empty; the default is ./logs/genkai_rag.log")
	}
	intIn("monitoring.max_log_size_mb", m.MaxLogSizeMB, 1, 10240)
	intIn("monitoring.backup_count", m.BackupCount, 0, 1000)
	t, tp := m.AlertThresholds, "monitoring.alert_thresholds."
	floatIn(tp+"memory_usage_percent", t.MemoryUsagePercent, 0, 100, true)
	floatIn(tp+"disk_usage_percent", t.DiskUsagePercent, 0, 100, true)
	floatIn(tp+"cpu_usage_percent", t.CPUUsagePercent, 0, 100, true)
	floatIn(tp+"response_time_ms", t.ResponseTimeMS, 0, 3600000, true)
	floatIn(tp+"error_rate_percent", t.ErrorRatePercent, 0, 100, true)
	intIn("monitoring.sample_interval_seconds", m.SampleIntervalSeconds, 1, 3600)
	intIn("monitoring.metrics_retention_days", m.MetricsRetentionDays, 1, 3650)

	intIn("backup.retention_days", c.Backup.RetentionDays, 0, 36500)
	intIn("backup.max_count", c.Backup.MaxCount, 0, 100000)
	intIn("chat.retention_days", c.Chat.RetentionDays, 0, 36500)

	mt := c.Maintenance
	for _, k := range []struct{ path, v string }{
		{"maintenance.backup_time", mt.BackupTime},
		{"maintenance.daily_time", mt.DailyTime},
		{"maintenance.optimize_time", mt.OptimizeTime},
	} {
		if _, _, err := ParseClock(k.v); err != nil {
			add(k.path, "%v", err)
		}
	}
	if _, err := ParseWeekday(mt.OptimizeWeekday); err != nil {
		add("maintenance.optimize_weekday", "%v", err)
	}
	intIn("maintenance.start_delay_seconds", mt.StartDelaySeconds, 1, 3600)
	return ps
}

// ParseLevel maps a monitoring.log_level value to a slog level number
// (DEBUG -4, INFO 0, WARNING 4, ERROR 8, CRITICAL 12).
func ParseLevel(s string) (int, bool) {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "DEBUG":
		return -4, true
	case "INFO":
		return 0, true
	case "WARNING", "WARN":
		return 4, true
	case "ERROR":
		return 8, true
	case "CRITICAL":
		return 12, true
	}
	return 0, false
}

var hostLabel = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?$`)

// ValidHost reports whether h is an IP address (IPv6 without brackets) or a
// DNS host name, with no scheme, port or path.
func ValidHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if len(h) == 0 || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(strings.TrimSuffix(h, "."), ".") {
		if !hostLabel.MatchString(label) {
			return false
		}
	}
	return true
}

// IsLoopback reports whether host (a name or IP, no port) only reaches this
// machine: localhost or a loopback address.
func IsLoopback(host string) bool {
	host = strings.Trim(host, "[]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
