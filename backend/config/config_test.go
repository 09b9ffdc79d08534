package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, body string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultIsValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("Default().Validate() = %v, want nil", err)
	}
}

func TestLoadMissingFile(t *testing.T) {
	dir := t.TempDir()
	cfg, src, err := Load(filepath.Join(dir, "config.yaml"), false, nil)
	if err != nil {
		t.Fatalf("Load(missing, optional) error = %v", err)
	}
	if src.File != "" || cfg.Server.Port != 8000 {
		t.Errorf("got file %q port %d, want defaults", src.File, cfg.Server.Port)
	}
	if _, _, err := Load(filepath.Join(dir, "nope.yaml"), true, nil); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Load(missing, required) error = %v, want 'does not exist'", err)
	}
}

func TestLoadGuideFile(t *testing.T) {
	// The operations guide's production.yaml fragments, together.
	body := `
monitoring:
  log_level: "DEBUG"
  structured_logging: false
  log_file: "./logs/genkai_rag.log"
  max_log_size_mb: 100
  backup_count: 10
  alert_thresholds:
    memory_usage_percent: 80
    disk_usage_percent: 90
    cpu_usage_percent: 85
    response_time_ms: 5000
    error_rate_percent: 5
concurrency:
  max_concurrent_requests: 20
  max_queue_size: 200
  request_timeout: 60.0
performance:
  cache_enabled: true
  cache_size: 2000
  cache_ttl: 3600
llm:
  default_model: "llama3.2:1b"
  ollama_host: "localhost:11434"
  models:
    "llama3.2:1b":
      temperature: 0.7
      max_tokens: 2048
      context_length: 4096
`
	p := writeFile(t, t.TempDir(), "production.yaml", body)
	cfg, src, err := Load(p, true, nil)
	if err != nil {
		t.Fatalf("Load() error = %v", err)
	}
	if len(src.Warnings) != 0 {
		t.Errorf("warnings = %v, want none", src.Warnings)
	}
	if got, want := cfg.Concurrency.MaxConcurrentRequests, 20; got != want {
		t.Errorf("max_concurrent_requests = %d, want %d", got, want)
	}
	if got, want := cfg.LLM.OllamaHost, "http://localhost:11434"; got != want {
		t.Errorf("ollama_host = %q, want %q", got, want)
	}
	m := cfg.LLM.Models["llama3.2:1b"]
	if m.Temperature == nil || *m.Temperature != 0.7 || m.MaxTokens != 2048 || m.ContextLength != 4096 {
		t.Errorf("model options = %+v, want 0.7/2048/4096", m)
	}
	if cfg.Monitoring.StructuredLogging || cfg.Monitoring.LogLevel != "DEBUG" {
		t.Errorf("monitoring = %+v", cfg.Monitoring)
	}
	if cfg.Server.Port != 8000 {
		t.Errorf("unset server.port = %d, want default 8000", cfg.Server.Port)
	}
}

func TestLoadProblems(t *testing.T) {
	tests := []struct {
		name string
		body string
		env  []string
		want []string // substrings, each must appear in some problem
	}{
		{"bad yaml", "server:\n  port: 80\n   host: x\n", nil, []string{"config.yaml: not valid YAML"}},
		{"wrong type", "server:\n  port: eighty\n", nil, []string{"server.port: line 2: expected a whole number"}},
		{"section not a map", "server: 8000\n", nil, []string{"server: line 1: expected a mapping"}},
		{"out of range", "server:\n  port: 70000\nconcurrency:\n  max_concurrent_requests: 0\n", nil,
			[]string{"server.port: must be between 1 and 65535, got 70000", "concurrency.max_concurrent_requests: must be between 1 and 1000"}},
		{"every problem listed", "monitoring:\n  log_level: LOUD\n  alert_thresholds:\n    cpu_usage_percent: 150\n    disk_usage_percent: 0\n", nil,
			[]string{"monitoring.log_level: must be one of DEBUG", "cpu_usage_percent: must be greater than 0 and at most 100, got 150", "disk_usage_percent"}},
		{"model options", "llm:\n  models:\n    m1:\n      temperature: 3\n      top_p: -1\n", nil,
			[]string{"llm.models.m1.temperature: must be between 0 and 2", "llm.models.m1.top_p"}},
		{"open bind needs token", "server:\n  host: 0.0.0.0\n", nil, []string{"server.api_token: required when server.host (0.0.0.0)"}},
		{"bad ollama host", "llm:\n  ollama_host: 'ftp://x'\n", nil, []string{"llm.ollama_host: must be an http(s) URL"}},
		{"bad env", "", []string{"GENKAI_SERVER_PORT=abc"}, []string{"server.port: GENKAI_SERVER_PORT=\"abc\": expected a whole number"}},
		{"env out of range", "", []string{"GENKAI_PERFORMANCE_CACHE_TTL=-5"}, []string{"performance.cache_ttl: must be between"}},
		{"sampling and retention", "monitoring:\n  sample_interval_seconds: 0\n  metrics_retention_days: 9999\n", nil,
			[]string{"monitoring.sample_interval_seconds: must be between 1 and 3600, got 0", "monitoring.metrics_retention_days: must be between 1 and 3650, got 9999"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "config.yaml", tt.body)
			cfg, _, err := Load(p, true, tt.env)
			var cerr *Error
			if !errors.As(err, &cerr) {
				t.Fatalf("Load() = %v, %v; want *Error", cfg, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(cerr.Error(), w) {
					t.Errorf("problems:\n%s\nwant one containing %q", cerr.Error(), w)
				}
			}
		})
	}
}

func TestUnknownKeysWarn(t *testing.T) {
	p := writeFile(t, t.TempDir(), "config.yaml", "monitoring:\n  log_levl: DEBUG\nextra: 1\n")
	_, src, err := Load(p, true, []string{"GENKAI_MONITORING_LOG_LEVL=x", "GENKAI_HOME=/tmp"})
	if err != nil {
		t.Fatalf("Load() error = %v; unknown keys must only warn", err)
	}
	var got []string
	for _, w := range src.Warnings {
		got = append(got, w.String())
	}
	joined := strings.Join(got, "\n")
	for _, want := range []string{`monitoring.log_levl: line 2: unknown key, ignored; did you mean "log_level"?`, "extra: line 3: unknown key", "GENKAI_MONITORING_LOG_LEVL: environment variable"} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings:\n%s\nwant %q", joined, want)
		}
	}
	if strings.Contains(joined, "GENKAI_HOME") {
		t.Errorf("GENKAI_HOME must not warn: %s", joined)
	}
}

func TestEnvOverrides(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "config.yaml", "server:\n  port: 9000\nllm:\n  default_model: a\n")
	writeFile(t, dir, ".env", "# comment\nexport GENKAI_SERVER_PORT=9100\nGENKAI_LLM_DEFAULT_MODEL=\"from-dotenv\"\nGENKAI_PERFORMANCE_CACHE_ENABLED=false # off\n")
	cfg, src, err := Load(p, true, []string{"GENKAI_LLM_DEFAULT_MODEL=from-env", "OTHER=1"})
	if err != nil {
		t.Fatal(err)
	}
	if src.EnvFile == "" {
		t.Error("EnvFile not recorded")
	}
	if cfg.Server.Port != 9100 {
		t.Errorf("port = %d, want 9100 from .env", cfg.Server.Port)
	}
	if cfg.LLM.DefaultModel != "from-env" {
		t.Errorf("default_model = %q, want the real environment to win over .env", cfg.LLM.DefaultModel)
	}
	if cfg.Performance.CacheEnabled {
		t.Error("cache_enabled = true, want false from .env")
	}
}

func TestBadDotEnvLine(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "config.yaml", "")
	writeFile(t, dir, ".env", "JUSTAWORD\n")
	_, _, err := Load(p, true, nil)
	if err == nil || !strings.Contains(err.Error(), ".env: line 1: expected KEY=VALUE") {
		t.Errorf("err = %v", err)
	}
}

func TestWriteDefaultNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	wrote, err := WriteDefault(p)
	if err != nil || !wrote {
		t.Fatalf("WriteDefault() = %v, %v", wrote, err)
	}
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", fi.Mode().Perm())
	}
	cfg, src, err := Load(p, true, nil)
	if err != nil || len(src.Warnings) > 0 {
		t.Fatalf("default file does not load cleanly: %v %v", err, src.Warnings)
	}
	if cfg.Monitoring.AlertThresholds.CPUUsagePercent != 85 {
		t.Errorf("round trip lost values: %+v", cfg.Monitoring)
	}
	os.WriteFile(p, []byte("server:\n  port: 1234\n"), 0o600)
	if wrote, err := WriteDefault(p); err != nil || wrote {
		t.Errorf("second WriteDefault() = %v, %v; want false, nil", wrote, err)
	}
	b, _ := os.ReadFile(p)
	if !strings.Contains(string(b), "1234") {
		t.Error("existing config was overwritten")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left temporary files: %v", entries)
	}
}

func TestChangedAndLive(t *testing.T) {
	a, b := Default(), Default()
	b.Monitoring.LogLevel = "DEBUG"
	b.Server.Port = 9000
	b.LLM.Models["x"] = ModelOptions{MaxTokens: 5}
	live, restart := Changed(a, b)
	if strings.Join(live, ",") != "monitoring.log_level,llm.models" || strings.Join(restart, ",") != "server.port" {
		t.Errorf("Changed() = %v, %v", live, restart)
	}
}

// TestKeysDocumented keeps docs/configuration.md in step with the code.
func TestKeysDocumented(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "configuration.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range Keys() {
		live := "no (restart)"
		if k.Live {
			live = "yes"
		}
		row := "| `" + k.Path + "` |"
		i := strings.Index(string(doc), row)
		if i < 0 {
			t.Errorf("docs/configuration.md lacks a row for %s", k.Path)
			continue
		}
		line := string(doc[i:])
		line = line[:strings.IndexByte(line, '\n')]
		if !strings.Contains(line, "`"+k.Default+"`") || !strings.Contains(line, "| "+live+" |") {
			t.Errorf("row for %s should say default `%s` and live %q:\n%s", k.Path, k.Default, live, line)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add([]byte("server:\n  port: 8000\n"))
	f.Add([]byte("llm:\n  models:\n    a:\n      temperature: 1\n"))
	f.Add([]byte("- 1\n- 2\n"))
	f.Add([]byte("monitoring: {alert_thresholds: [1,2]}"))
	f.Fuzz(func(t *testing.T, body []byte) {
		dir := t.TempDir()
		p := filepath.Join(dir, "config.yaml")
		if err := os.WriteFile(p, body, 0o600); err != nil {
			t.Fatal(err)
		}
		cfg, _, err := Load(p, true, nil)
		if err == nil {
			if verr := cfg.Validate(); verr != nil {
				t.Fatalf("Load accepted a config Validate rejects: %v", verr)
			}
			return
		}
		var cerr *Error
		if errors.As(err, &cerr) && len(cerr.Problems) == 0 {
			t.Fatal("*Error with no problems")
		}
	})
}

func TestServerBoundaryKeys(t *testing.T) {
	tests := []struct {
		name    string
		yaml    string
		env     []string
		wantErr string
		check   func(t *testing.T, c *Config)
	}{
		{name: "defaults", check: func(t *testing.T, c *Config) {
			if c.Server.SourcePolicy != "auto" || len(c.Server.AllowedHosts) != 0 || c.Server.RestrictSources() {
				t.Errorf("server = %+v", c.Server)
			}
		}},
		{name: "yaml list", yaml: "server:\n  allowed_hosts: [genkai.example.ac.jp, 10.0.0.5]\n", check: func(t *testing.T, c *Config) {
			if len(c.Server.AllowedHosts) != 2 || c.Server.AllowedHosts[1] != "10.0.0.5" {
				t.Errorf("allowed_hosts = %v", c.Server.AllowedHosts)
			}
		}},
		{name: "env list", env: []string{"GENKAI_SERVER_ALLOWED_HOSTS=a.example, b.example ,"}, check: func(t *testing.T, c *Config) {
			if len(c.Server.AllowedHosts) != 2 || c.Server.AllowedHosts[1] != "b.example" {
				t.Errorf("allowed_hosts = %q", c.Server.AllowedHosts)
			}
		}},
		{name: "bracketed ipv6 host", env: []string{"GENKAI_SERVER_HOST=[::1]"}, check: func(t *testing.T, c *Config) {
			if c.Server.Host != "::1" {
				t.Errorf("host = %q, want ::1", c.Server.Host)
			}
		}},
		{name: "auto restricts beyond loopback", yaml: "server:\n  host: 0.0.0.0\n  api_token: 0123456789abcdef0123\n", check: func(t *testing.T, c *Config) {
			if !c.Server.RestrictSources() {
				t.Error("auto on 0.0.0.0 should restrict sources")
			}
		}},
		{name: "host with port", yaml: "server:\n  host: 127.0.0.1:80\n", wantErr: "server.host"},
		{name: "allowed host with scheme", yaml: "server:\n  allowed_hosts: [\"http://evil.example\"]\n", wantErr: "server.allowed_hosts[0]"},
		{name: "bad policy", yaml: "server:\n  source_policy: anything\n", wantErr: "server.source_policy"},
		{name: "relative root", yaml: "server:\n  source_roots: [docs]\n", wantErr: "server.source_roots[0]"},
		{name: "list given a scalar", yaml: "server:\n  allowed_hosts: {a: b}\n", wantErr: "server.allowed_hosts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "config.yaml")
			if err := os.WriteFile(path, []byte(tt.yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			c, _, err := Load(path, true, tt.env)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one naming %s", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}
