package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"strconv"
	"sync/atomic"

	"github.com/genkai-rag/genkai-rag/backend/api"
	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/logging"
	"github.com/genkai-rag/genkai-rag/backend/maintenance"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// BootFunc starts the services; the desktop app calls it from OnStartup.
type BootFunc func(ctx context.Context) (*Services, error)

// Services are the running parts shared by the desktop app and the server,
// wired once here. Close releases them.
type Services struct {
	Config *config.Config
	Home   home.Home
	Log    *slog.Logger
	Level  *slog.LevelVar
	// LogFile is the application log's path (the log viewer reads it).
	LogFile string
	// logOut is LogFile opened; ReopenLog reopens it.
	logOut logging.File
	Store  *store.Store
	Ollama *llm.Client
	// OpenAI is the OpenAI-compatible endpoint (llm.openai_base_url) when
	// llm.provider or llm.embedding_provider is openai; nil otherwise.
	OpenAI  *llm.OpenAI
	Monitor *monitor.Service
	Search  *search.Hybrid
	// Vectors is the vector index and embedding job behind Search; its
	// Status() reports vectors loaded, model and pending chunks.
	Vectors *search.Vectors
	Jobs    *ingest.Jobs
	// Chat answers questions; AnswerCache is its cache (see wire_chat.go).
	Chat        *chat.Service
	AnswerCache *chat.Cache
	// Limiter bounds concurrent questions over HTTP.
	Limiter *api.Limiter
	// Backups makes and restores archives (see wire_backup.go).
	Backups *backup.Service
	// Maintenance runs the scheduled jobs (see maintenance.go).
	Maintenance *maintenance.Scheduler

	// Supervisor finds and (llm.manage_ollama) runs `ollama serve`; it runs
	// only after StartOllama (server and desktop, not one-shot commands).
	Supervisor *llm.Supervisor

	// openSources is set by OpenSources (the desktop app): Library then
	// accepts any source whatever server.source_policy says.
	openSources atomic.Bool

	reload  reloader
	closers []func() error
}

// Close closes the store and the log file.
func (s *Services) Close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	return errors.Join(errs...)
}

// paths resolves the data home and the configuration file. explicit is true
// when --config named the file (then it must exist).
func paths(env Env, o options) (root, cfgPath string, explicit bool, err error) {
	root, err = home.Resolve(o.dataDir, env.getenv)
	if err != nil {
		return "", "", false, err
	}
	if o.config != "" {
		abs, err := filepath.Abs(o.config)
		return root, abs, true, err
	}
	return root, home.Home{Root: root}.ConfigFile(), false, nil
}

// loadConfig reads the configuration with the command-line flags on top:
// they become GENKAI_* variables, so they are validated like everything else;
// --port 0 (any free port) is set after validation.
func loadConfig(env Env, o options, cfgPath string, explicit bool) (*config.Config, *config.Source, error) {
	environ := append([]string(nil), env.Environ...)
	if o.set["log-level"] {
		environ = append(environ, config.EnvName("monitoring.log_level")+"="+o.logLevel)
	}
	if o.set["host"] {
		environ = append(environ, config.EnvName("server.host")+"="+o.host)
	}
	anyPort := o.set["port"] && o.port == 0
	if o.set["port"] && !anyPort {
		environ = append(environ, config.EnvName("server.port")+"="+strconv.Itoa(o.port))
	}
	cfg, src, err := config.Load(cfgPath, explicit, environ)
	if anyPort && cfg != nil {
		// --port 0: a free port chosen when listening, recorded in the
		// data home's server file (data/server.json) for other commands.
		cfg.Server.Port = 0
	}
	return cfg, src, err
}

func isConfigError(err error) bool {
	var ce *config.Error
	return errors.As(err, &ce)
}

// boot prepares the data home, loads the configuration, opens the log, the
// store and the Ollama client. Log records also go to also when it is not nil.
func boot(ctx context.Context, env Env, o options, also io.Writer) (*Services, error) {
	root, cfgPath, explicit, err := paths(env, o)
	if err != nil {
		return nil, err
	}
	h, err := home.Prepare(root)
	if err != nil {
		return nil, err
	}
	wrote := false
	if !explicit {
		if wrote, err = config.WriteDefault(cfgPath); err != nil {
			return nil, err
		}
	}
	cfg, src, err := loadConfig(env, o, cfgPath, explicit)
	if err != nil {
		return nil, fmt.Errorf("invalid configuration in %s:\n%w\nfix these keys, then check with `genkai-rag config validate`", cfgPath, err)
	}
	s := &Services{Config: cfg, Home: h, Level: new(slog.LevelVar)}
	s.reload.file = cfgPath
	s.reload.load = func() (*config.Config, *config.Source, error) { return loadConfig(env, o, cfgPath, explicit) }
	lvl, _ := config.ParseLevel(cfg.Monitoring.LogLevel)
	s.Level.Set(slog.Level(lvl))
	logFile := cfg.Monitoring.LogFile
	if !filepath.IsAbs(logFile) {
		logFile = filepath.Join(root, logFile)
	}
	log, logCloser, err := logging.New(logging.Options{
		File: logFile, MaxSizeMB: cfg.Monitoring.MaxLogSizeMB, Backups: cfg.Monitoring.BackupCount,
		JSON: cfg.Monitoring.StructuredLogging, Level: s.Level, Also: also,
	})
	if err != nil {
		return nil, err
	}
	s.Log, s.LogFile, s.logOut = log, logFile, logCloser
	s.closers = append(s.closers, logCloser.Close)
	if wrote {
		log.Info("wrote default configuration", "file", cfgPath)
	}
	for _, w := range src.Warnings {
		log.Warn("configuration warning", "key", w.Path, "problem", w.Message, "file", cfgPath)
	}

	s.Store, err = store.Open(ctx, h.Database(), store.Options{Logger: log, BeforeMigrate: backup.PreMigrate(h, env.Version, log)})
	if err != nil {
		s.Close()
		return nil, storeAdvice(h.Database(), err)
	}
	s.closers = append(s.closers, s.Store.Close)
	s.Ollama, err = llm.New(cfg.LLM.OllamaHost, nil)
	if err != nil {
		s.Close()
		return nil, err
	}
	if err := s.startProvider(env.Environ); err != nil {
		s.Close()
		return nil, err
	}
	s.startSearch(ctx)
	s.Jobs = ingest.NewJobs(ctx, ingest.NewSyncer(s.Store, nil, log, nil), s.Store, 0)
	s.closers = append(s.closers, func() error { s.Jobs.Close(); return nil })
	s.Supervisor, err = llm.NewSupervisor(llm.SupervisorOptions{
		Host: cfg.LLM.OllamaHost, Manage: cfg.LLM.ManageOllama, Log: log,
		LogFile: filepath.Join(h.Logs(), "ollama.log"),
	})
	if err != nil {
		s.Close()
		return nil, err
	}
	if err := s.startMonitor(env.Version, root, cfgPath); err != nil {
		s.Close()
		return nil, err
	}
	s.startChat(s.generatorClient())
	s.OnReload(s.applyLive)
	s.startBackups(env.Version)
	s.startMaintenance(s.backupJob(), s.pruneMetricsJob())
	log.Info("started", "version", env.Version, "data_home", root, "config", cfgPath, "schema", store.SchemaVersion())
	return s, nil
}

// StartOllama runs the Ollama supervisor until ctx ends or Close, which
// stops `ollama serve` if the supervisor started it. Call it once. It does
// nothing when neither chat nor embeddings use Ollama (llm.provider openai).
func (s *Services) StartOllama(ctx context.Context) {
	if !s.Config.LLM.UsesOllama() {
		s.Log.Info("not supervising Ollama: chat and embeddings use the OpenAI-compatible endpoint", "endpoint", s.Config.LLM.OpenAIBaseURL)
		return
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Supervisor.Run(ctx)
	}()
	s.closers = append(s.closers, func() error { cancel(); <-done; return nil })
}

// storeAdvice adds what to do to a store error.
func storeAdvice(path string, err error) error {
	switch {
	case errors.Is(err, store.ErrCorrupt):
		return fmt.Errorf("%w\nthe database was not changed. Move %s (and any -wal/-shm files beside it) to another folder to start with an empty database, or restore a backup", err, path)
	case errors.Is(err, store.ErrNewerSchema):
		return fmt.Errorf("%w\nthe database was not changed", err)
	}
	return fmt.Errorf("%w\ncheck that %s is readable and writable and the disk is not full", err, path)
}
