package cli

import (
	"errors"
	"io"
	"log/slog"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

func TestReloadConfig(t *testing.T) {
	dir, environ := testEnv(t)
	svc, err := boot(t.Context(), Env{Environ: environ, Version: "t", Stderr: io.Discard}, options{set: map[string]bool{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	file := svc.ConfigFile()
	if !strings.HasPrefix(file, dir) {
		t.Fatalf("config file %s outside the test home", file)
	}
	write := func(body string) {
		t.Helper()
		if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(`
monitoring:
  log_level: DEBUG
  sample_interval_seconds: 3
  alert_thresholds:
    memory_usage_percent: 42
concurrency:
  max_concurrent_requests: 7
performance:
  cache_size: 5
llm:
  default_model: qwen2.5:7b
server:
  port: 9123
`)
	res, err := svc.ReloadConfig(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"monitoring.log_level", "concurrency.max_concurrent_requests", "performance.cache_size", "llm.default_model"} {
		if !slices.Contains(res.Applied, k) {
			t.Errorf("applied %v lacks %s", res.Applied, k)
		}
	}
	if !slices.Equal(res.RestartRequired, []string{"server.port"}) {
		t.Errorf("restart_required = %v, want [server.port]", res.RestartRequired)
	}
	if svc.Level.Level() != slog.LevelDebug || svc.Limiter.Stats().MaxConcurrent != 7 || svc.AnswerCache.Stats().Size != 5 || svc.Chat.Model() != "qwen2.5:7b" {
		t.Errorf("not applied: level %v limiter %+v cache %+v model %q", svc.Level.Level(), svc.Limiter.Stats(), svc.AnswerCache.Stats(), svc.Chat.Model())
	}
	if rep, err := svc.Monitor.Alerts(t.Context(), 1); err != nil || rep.Thresholds.MemoryUsagePercent != 42 {
		t.Errorf("alert thresholds not reloaded: %+v, %v", rep.Thresholds, err)
	}
	for _, k := range []string{"monitoring.sample_interval_seconds", "monitoring.alert_thresholds.memory_usage_percent"} {
		if !slices.Contains(res.Applied, k) {
			t.Errorf("applied %v lacks %s", res.Applied, k)
		}
	}
	if got := svc.CurrentConfig().Server.Port; got == 9123 {
		t.Error("server.port changed without a restart")
	}

	// A broken file is rejected and the running configuration kept.
	write("concurrency:\n  max_concurrent_requests: -3\n")
	if _, err := svc.ReloadConfig(t.Context()); !errors.Is(err, wiring.ErrInvalidConfig) || !strings.Contains(err.Error(), "concurrency.max_concurrent_requests") {
		t.Fatalf("invalid reload: %v", err)
	}
	if svc.Limiter.Stats().MaxConcurrent != 7 || svc.CurrentConfig().Concurrency.MaxConcurrentRequests != 7 {
		t.Error("running configuration changed by a rejected file")
	}
}

func TestWatchConfigReloads(t *testing.T) {
	_, environ := testEnv(t)
	svc, err := boot(t.Context(), Env{Environ: environ, Version: "t", Stderr: io.Discard}, options{set: map[string]bool{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	go svc.WatchConfig(t.Context(), 10*time.Millisecond)
	time.Sleep(30 * time.Millisecond)
	if err := os.WriteFile(svc.ConfigFile(), []byte("monitoring:\n  log_level: ERROR\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for svc.Level.Level() != slog.LevelError {
		if time.Now().After(deadline) {
			t.Fatal("a changed config file was not reloaded")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
