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

	"github.com/genkai-rag/genkai-rag/backend/monitor"
)

// Monitor reports health and the status-bar overview. *monitor.Service
// satisfies it.
type Monitor interface {
	Health(ctx context.Context) monitor.HealthReport
	Overview(ctx context.Context) monitor.Overview
}

// ErrNotReady is returned when the app has not finished starting in time.
var ErrNotReady = errors.New("the app is still starting; try again in a moment")

// ReadyTimeout bounds how long a binding waits for start-up to finish.
const ReadyTimeout = 30 * time.Second

// App is bound as window.go.desktop.App. Its methods wait until its
// StartFunc has been called, then answer from the services, or with the start-up error if
// the app could not start (the window shows it instead of the pages).
type App struct {
	once    sync.Once
	ready   chan struct{}
	ctx     context.Context
	mon     Monitor
	search  Searcher
	sources Sources
	err     error
}

// StartFunc hands an App its services, or the error that stopped start-up.
// ctx is the context Wails gave OnStartup; it ends when the app quits.
// Only the first call counts.
type StartFunc func(ctx context.Context, svc Services, err error)

// Services are what the bound facades answer from.
type Services struct {
	Monitor Monitor
	Search  Searcher
	Sources Sources
}

// NewApp returns an App that is not started yet and the function that
// starts it. The function is separate so that it is not bound to JavaScript.
func NewApp() (*App, StartFunc) {
	a := &App{ready: make(chan struct{})}
	return a, func(ctx context.Context, svc Services, err error) {
		a.once.Do(func() {
			a.ctx, a.mon, a.search, a.sources, a.err = ctx, svc.Monitor, svc.Search, svc.Sources, err
			close(a.ready)
		})
	}
}

func (a *App) wait() error {
	select {
	case <-a.ready:
		return a.err
	case <-time.After(ReadyTimeout):
		return ErrNotReady
	}
}

// Info returns what the status bar shows: version, data home, config file
// and whether Ollama answers.
func (a *App) Info() (monitor.Overview, error) {
	if err := a.wait(); err != nil {
		return monitor.Overview{}, err
	}
	return a.mon.Overview(a.ctx), nil
}

// Health runs the health checks, as GET /api/health does.
func (a *App) Health() (monitor.HealthReport, error) {
	if err := a.wait(); err != nil {
		return monitor.HealthReport{}, err
	}
	return a.mon.Health(a.ctx), nil
}
