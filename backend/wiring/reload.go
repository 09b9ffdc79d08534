package wiring

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// ReloadResult is wire.ReloadResult, the shape clients see; see there.
type ReloadResult = wire.ReloadResult

// ErrInvalidConfig wraps the problems of a configuration that was not
// applied; the running configuration stays in force.
var ErrInvalidConfig = errors.New("the configuration file has errors; the running configuration was kept")

// reloader re-reads the configuration with the flags of the original start.
type reloader struct {
	mu    sync.Mutex
	load  func() (*config.Config, *config.Source, error)
	file  string
	hooks []func(*config.Config)
}

// OnReload registers fn to apply a new configuration's live keys; it runs
// after every successful reload, in registration order.
func (s *Services) OnReload(fn func(*config.Config)) {
	s.reload.mu.Lock()
	defer s.reload.mu.Unlock()
	s.reload.hooks = append(s.reload.hooks, fn)
}

// CurrentConfig returns the configuration in force.
func (s *Services) CurrentConfig() *config.Config {
	s.reload.mu.Lock()
	defer s.reload.mu.Unlock()
	return s.Config
}

// ReloadConfig re-reads and validates the configuration. An invalid file is
// rejected (ErrInvalidConfig, with every problem) and the running one kept;
// a valid one is applied: live keys at once (log level, thresholds, limits,
// cache, model defaults), the others reported as needing a restart.
func (s *Services) ReloadConfig(ctx context.Context) (ReloadResult, error) {
	s.reload.mu.Lock()
	defer s.reload.mu.Unlock()
	res := ReloadResult{File: s.reload.file, Applied: []string{}, RestartRequired: []string{}, Warnings: []string{}}
	next, src, err := s.reload.load()
	if err != nil {
		s.Log.Error("configuration reload rejected; still running with the previous configuration", "file", s.reload.file, "err", err)
		return res, fmt.Errorf("%w:\n%w", ErrInvalidConfig, err)
	}
	for _, w := range src.Warnings {
		res.Warnings = append(res.Warnings, w.Path+": "+w.Message)
	}
	live, restart := config.Changed(s.Config, next)
	res.Applied = append(res.Applied, live...)
	res.RestartRequired = append(res.RestartRequired, restart...)
	// Keys that need a restart keep their running values until then.
	keep := *s.Config
	applied := *next
	applied.Server, applied.LLM.OllamaHost, applied.LLM.ManageOllama = keep.Server, keep.LLM.OllamaHost, keep.LLM.ManageOllama
	applied.LLM.Provider, applied.LLM.OpenAIBaseURL, applied.LLM.EmbeddingProvider = keep.LLM.Provider, keep.LLM.OpenAIBaseURL, keep.LLM.EmbeddingProvider
	applied.Monitoring.StructuredLogging, applied.Monitoring.LogFile = keep.Monitoring.StructuredLogging, keep.Monitoring.LogFile
	applied.Monitoring.MaxLogSizeMB, applied.Monitoring.BackupCount = keep.Monitoring.MaxLogSizeMB, keep.Monitoring.BackupCount
	s.Config = &applied
	for _, fn := range s.reload.hooks {
		fn(s.Config)
	}
	s.Log.Info("configuration reloaded", "file", s.reload.file, "applied", live, "restart_required", restart)
	if len(restart) > 0 {
		s.Log.Warn("changed configuration keys take effect only after a restart", "keys", restart, "file", s.reload.file)
	}
	return res, nil
}

// applyLive is the reload hook for the services wired in boot.
func (s *Services) applyLive(cfg *config.Config) {
	lvl, _ := config.ParseLevel(cfg.Monitoring.LogLevel)
	s.Level.Set(slog.Level(lvl))
	c := cfg.Concurrency
	s.Limiter.SetLimits(c.MaxConcurrentRequests, c.MaxQueueSize, c.Timeout())
	p := cfg.Performance
	s.AnswerCache.SetLimits(p.CacheEnabled, p.CacheSize, time.Duration(p.CacheTTL)*time.Second)
	s.Chat.SetModel(cfg.LLM.DefaultModel, modelOptions(cfg))
}

// WatchConfig reloads the configuration whenever its file (or the .env
// beside it) changes, checking every interval (default 2 s), until ctx
// ends. A change that does not validate is logged and ignored.
func (s *Services) WatchConfig(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = 2 * time.Second
	}
	stamp := func() string {
		var out string
		for _, p := range []string{s.reload.file, EnvFile(s.reload.file)} {
			if fi, err := os.Stat(p); err == nil {
				out += fmt.Sprint(fi.ModTime().UnixNano(), fi.Size(), ";")
			}
		}
		return out
	}
	last := stamp()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if now := stamp(); now != last {
			last = now
			if _, err := s.ReloadConfig(ctx); err != nil {
				s.Log.Error("configuration file changed but has errors; still running with the previous configuration", "err", err)
			}
		}
	}
}

// EnvFile is the .env file config.Load reads beside the configuration
// file cfgPath.
func EnvFile(cfgPath string) string { return filepath.Join(filepath.Dir(cfgPath), ".env") }

// ConfigFile is the configuration file the services were booted with and
// reload from.
func (s *Services) ConfigFile() string { return s.reload.file }

// ConfigSource re-reads where each configuration value comes from (file,
// environment, default); nil when the file cannot be read now.
func (s *Services) ConfigSource() *config.Source {
	if _, src, err := s.reload.load(); err == nil {
		return src
	}
	return nil
}
