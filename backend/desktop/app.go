// Package desktop is the Wails transport: the Go objects bound to the
// window's JavaScript (window.go.desktop.*), thin facades over the same
// services the HTTP API uses. Nothing here imports Wails: the
// runtime stays in app.go, so these facades are tested without GTK.
package desktop

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/maintenance"
	"github.com/genkai-rag/genkai-rag/backend/models"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// ErrNotReady is returned when the app has not finished starting in time.
var ErrNotReady = fault.Sentinel(fault.Starting, "the app is still starting; try again in a moment")

// ReadyTimeout bounds how long a binding waits for start-up to finish.
const ReadyTimeout = 30 * time.Second

// App is bound as window.go.desktop.App. Its methods wait until its
// StartFunc has been called, then answer from the services, or with the start-up error if
// the app could not start (the window shows it instead of the pages).
type App struct {
	readyOnce sync.Once
	ready     chan struct{}
	retry     func() error

	mu  sync.RWMutex
	run running
	err error
}

// running is what the facades answer from once the app has started.
type running struct {
	ctx     context.Context
	mon     monitor.Reporter
	search  search.Engine
	sources ingest.Library
	chat    chat.Conversations
	obs     monitor.Observer
	logs    LogReader
	models  models.Service
	backups backup.Archives
	maint   maintenance.Runner
	emit    func(event string, data any)
}

// StartFunc hands an App its services, or the error that stopped start-up.
// ctx is the context Wails gave OnStartup; it ends when the app quits.
// A later call (after Retry) replaces the state.
type StartFunc func(ctx context.Context, svc Services, err error)

// Services are what the bound facades answer from.
type Services struct {
	Monitor monitor.Reporter
	Search  search.Engine
	Sources ingest.Library
	Chat    chat.Conversations
	// Observer and Logs answer the Monitor page (see Monitoring); nil
	// ones answer ErrNoMonitoring.
	Observer monitor.Observer
	Logs     LogReader
	// Models manages the Ollama models (nil: the Models page says it is
	// not available).
	Models models.Service
	// Backups answers the Backups facade; nil makes it say unavailable.
	Backups backup.Archives
	// Maintenance answers Monitoring.Maintenance (the scheduled jobs);
	// nil answers ErrNoMonitoring.
	Maintenance maintenance.Runner
	// Emit sends an event to the window (Wails runtime.EventsEmit); nil
	// drops events.
	Emit func(event string, data any)
}

// NewApp returns an App that is not started yet and the function that
// starts it (separate, so that it is not bound to JavaScript). retry, if
// not nil, runs start-up again for Retry; it must call the StartFunc.
func NewApp(retry func() error) (*App, StartFunc) {
	a := &App{ready: make(chan struct{}), retry: retry}
	return a, func(ctx context.Context, svc Services, err error) {
		a.mu.Lock()
		emit := svc.Emit
		if emit == nil {
			emit = func(string, any) {}
		}
		a.run = running{ctx: ctx, mon: svc.Monitor, search: svc.Search, sources: svc.Sources, chat: svc.Chat, models: svc.Models, backups: svc.Backups, maint: svc.Maintenance, obs: svc.Observer, logs: svc.Logs, emit: emit}
		a.err = err
		a.mu.Unlock()
		a.readyOnce.Do(func() { close(a.ready) })
	}
}

// wait blocks until start-up has finished (or ReadyTimeout) and returns the
// services, or the start-up error.
func (a *App) wait() (running, error) {
	select {
	case <-a.ready:
	case <-time.After(ReadyTimeout):
		return running{}, ErrNotReady
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.run, a.err
}

// Retry starts the app again after a failed start-up, once the user has
// fixed the cause (for example moved a damaged database away). It returns
// nil when the app is running, else the start-up error.
func (a *App) Retry() error {
	if _, err := a.wait(); err == nil || errors.Is(err, ErrNotReady) || a.retry == nil {
		return err
	}
	if err := a.retry(); err != nil {
		return err
	}
	_, err := a.wait()
	return err
}

// Info returns what the status bar shows: version, data home, config file
// and whether Ollama answers.
func (a *App) Info() (monitor.Overview, error) {
	r, err := a.wait()
	if err != nil {
		return monitor.Overview{}, err
	}
	return r.mon.Overview(r.ctx), nil
}

// Health runs the health checks, as GET /api/health does.
func (a *App) Health() (monitor.HealthReport, error) {
	r, err := a.wait()
	if err != nil {
		return monitor.HealthReport{}, err
	}
	return r.mon.Health(r.ctx), nil
}
