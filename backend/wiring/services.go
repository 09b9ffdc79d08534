package wiring

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
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
	// Chat answers questions; AnswerCache is its cache (see chat.go).
	Chat        *chat.Service
	AnswerCache *chat.Cache
	// Limiter bounds concurrent questions over HTTP.
	Limiter *api.Limiter
	// Backups makes and restores archives (see backup.go).
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

// Close stops what Boot and the Start methods started (maintenance,
// monitoring, Ollama supervision, syncs, the vector index) and closes the
// store and the log file, last first. A second Close does nothing.
func (s *Services) Close() error {
	var errs []error
	for i := len(s.closers) - 1; i >= 0; i-- {
		errs = append(errs, s.closers[i]())
	}
	s.closers = nil // a second Close does nothing
	return errors.Join(errs...)
}

// Options say where Boot finds the data and the configuration.
type Options struct {
	// Root is the data home (home.Resolve); required.
	Root string
	// ConfigFile is the configuration file; required.
	ConfigFile string
	// Explicit is true when the user named ConfigFile (--config): it must
	// exist. Otherwise a default one is written when there is none.
	Explicit bool
	// Load reads ConfigFile with the command-line flags on top; Boot and
	// every reload call it. Required.
	Load func() (*config.Config, *config.Source, error)
	// Environ is the process environment (the OpenAI API key is read
	// from it).
	Environ []string
	// Version is the program's version, recorded in backups and shown.
	Version string
	// Also receives the log records too when not nil (the server's
	// stderr).
	Also io.Writer
}

// Boot prepares the data home, loads the configuration, opens the log,
// the store and the model clients, and wires every service over them
// (search, library, chat, backups, monitor, maintenance). Errors say what
// to fix: an invalid configuration lists its keys, a store that cannot be
// opened says what to do with the file. Close releases what it opened.
func Boot(ctx context.Context, o Options) (*Services, error) {
	root, cfgPath, explicit := o.Root, o.ConfigFile, o.Explicit
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
	cfg, src, err := o.Load()
	if err != nil {
		return nil, fmt.Errorf("invalid configuration in %s:\n%w\nfix these keys, then check with `genkai-rag config validate`", cfgPath, err)
	}
	s := &Services{Config: cfg, Home: h, Level: new(slog.LevelVar)}
	s.reload.file = cfgPath
	s.reload.load = o.Load
	lvl, _ := config.ParseLevel(cfg.Monitoring.LogLevel)
	s.Level.Set(slog.Level(lvl))
	logFile := cfg.Monitoring.LogFile
	if !filepath.IsAbs(logFile) {
		logFile = filepath.Join(root, logFile)
	}
	log, logCloser, err := logging.New(logging.Options{
		File: logFile, MaxSizeMB: cfg.Monitoring.MaxLogSizeMB, Backups: cfg.Monitoring.BackupCount,
		JSON: cfg.Monitoring.StructuredLogging, Level: s.Level, Also: o.Also,
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

	s.Store, err = store.Open(ctx, h.Database(), store.Options{Logger: log, BeforeMigrate: backup.PreMigrate(h, o.Version, log)})
	if err != nil {
		s.Close()
		return nil, StoreAdvice(h.Database(), err)
	}
	s.closers = append(s.closers, s.Store.Close)
	s.Ollama, err = llm.New(cfg.LLM.OllamaHost, nil)
	if err != nil {
		s.Close()
		return nil, err
	}
	if err := s.startProvider(o.Environ); err != nil {
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
	if err := s.startMonitor(o.Version, root, cfgPath); err != nil {
		s.Close()
		return nil, err
	}
	s.StartChat(s.generatorClient())
	s.OnReload(s.applyLive)
	s.startBackups(o.Version)
	s.startMaintenance(s.backupJob(), s.pruneMetricsJob())
	log.Info("started", "version", o.Version, "data_home", root, "config", cfgPath, "schema", store.SchemaVersion())
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

// StoreAdvice adds to err, an error opening the database at path, what
// the user can do about it (move a damaged file, free the disk, …).
func StoreAdvice(path string, err error) error {
	switch {
	case errors.Is(err, store.ErrCorrupt):
		return fmt.Errorf("%w\nthe database was not changed. Move %s (and any -wal/-shm files beside it) to another folder to start with an empty database, or restore a backup", err, path)
	case errors.Is(err, store.ErrNewerSchema):
		return fmt.Errorf("%w\nthe database was not changed", err)
	}
	return fmt.Errorf("%w\ncheck that %s is readable and writable and the disk is not full", err, path)
}
