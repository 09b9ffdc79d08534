// Package api is the headless HTTP server (`genkai-rag server`): the
// operations guide's JSON API over the same services the desktop app binds,
// plus the frontend for a browser.
//
// Every request gets a request ID (X-Request-ID, accepted from the client if
// well-formed), an access-log line, panic recovery, the browser boundary,
// a body size limit and, when a token is configured, Bearer authentication
// (except /api/health). Errors are JSON: {"error": {"code", "message"},
// "request_id"}.
//
// The browser boundary (boundary.go) stops web pages from using the
// server: a Host header that is not the bound address, localhost, a
// loopback IP or one of Options.AllowedHosts gets 421 (DNS rebinding; on a
// wildcard bind any IP literal is fine too); a POST, PUT, PATCH or DELETE
// whose Origin is another site, or whose Sec-Fetch-Site is not
// same-origin or none, gets 403 (clients that send neither, such as curl
// and the CLI, pass); and a body must be application/json (the archive
// upload: application/gzip or application/octet-stream), else 415, so
// that no HTML form or preflight-free fetch can reach a handler. No CORS
// headers are ever sent, so other origins cannot read any answer either.
package api

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/maintenance"
	"github.com/genkai-rag/genkai-rag/backend/models"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// Options configure New.
type Options struct {
	// Logger receives the access log and errors; nil discards.
	Logger *slog.Logger
	// Monitor answers the health and status endpoints. Required.
	Monitor monitor.Reporter
	// Search answers /api/search; nil answers 503.
	Search search.Engine
	// Library answers /api/sources and /api/sync; nil answers 503.
	Library ingest.Library
	// Chat answers /api/query and /api/sessions; nil answers 503.
	Chat chat.Conversations
	// ReloadConfig re-reads the configuration (POST
	// /api/system/reload-config) and returns what changed; an error means
	// the file was rejected and the running configuration kept. nil
	// answers 503.
	ReloadConfig func(ctx context.Context) (any, error)
	// Models answers /api/models and /api/ollama; nil answers 503.
	Models models.Service
	// Maintenance answers /api/maintenance; nil answers 503.
	Maintenance maintenance.Runner
	// Observer answers detailed health, performance, alerts and history;
	// nil answers 503.
	Observer monitor.Observer
	// Logs answers GET /api/logs; nil answers 503.
	Logs LogReader
	// Backups answers /api/backups; nil answers 503.
	Backups backup.Archives
	// MaxUploadBytes limits POST /api/backups/upload (exempt from
	// MaxBodyBytes); default DefaultMaxUploadBytes.
	MaxUploadBytes int64
	// Limiter bounds concurrent questions (/api/query, regenerate); nil
	// means no limit.
	Limiter *Limiter
	// Frontend is the built web app (index.html at its root); nil serves
	// no UI, only the API.
	Frontend fs.FS
	// MaxBodyBytes limits request bodies; default 1 MiB.
	MaxBodyBytes int64
	// APIToken, if set, must be sent as "Authorization: Bearer TOKEN".
	APIToken string
	// BindHost is the host part of the listening address (server.host):
	// a Host header naming it is accepted. "", 0.0.0.0 and :: mean all
	// interfaces, where any IP-literal Host is accepted. localhost and
	// loopback IPs are always accepted.
	BindHost string
	// AllowedHosts are further host names (no port) accepted in the Host
	// header (server.allowed_hosts); any other is answered 421.
	AllowedHosts []string
}

// Server routes the API. Create it with New.
type Server struct {
	opt    Options
	log    *slog.Logger
	mux    *http.ServeMux
	routes []string // "METHOD /path" patterns, for the OpenAPI document
}

// route registers h under pattern ("METHOD /api/…") and records it.
func (s *Server) route(pattern string, h http.Handler) {
	s.mux.Handle(pattern, h)
	s.routes = append(s.routes, pattern)
}

// New returns a Server with every route registered.
func New(opt Options) *Server {
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	if opt.MaxBodyBytes <= 0 {
		opt.MaxBodyBytes = 1 << 20
	}
	s := &Server{opt: opt, log: opt.Logger, mux: http.NewServeMux()}
	s.register()
	return s
}

func (s *Server) register() {
	s.route("GET /api/health", s.handle(s.health))
	s.route("GET /api/app/info", s.handle(s.info))
	s.route("GET /api/system/status", s.handle(s.status))
	s.route("GET /api/search", s.handle(s.search))
	s.route("POST /api/system/reload-config", s.handle(s.reloadConfig))
	s.libraryRoutes()
	s.chatRoutes()
	s.maintenanceRoutes()
	s.modelRoutes()
	s.monitoringRoutes()
	s.backupRoutes()
	s.route("GET /api/openapi.json", s.handle(s.openAPI))
	s.mux.Handle("/api/", s.handle(func(w http.ResponseWriter, r *http.Request) error {
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: fmt.Sprintf("no such endpoint: %s %s", r.Method, r.URL.Path)}
	}))
	if s.opt.Frontend != nil {
		s.mux.Handle("/", s.frontend())
	}
}

// Handler returns the root handler with all middleware applied.
func (s *Server) Handler() http.Handler {
	return s.withRequestID(s.withAccessLog(s.withRecovery(s.withBoundary(s.withAuth(s.withBodyLimit(s.mux))))))
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) error {
	h := s.opt.Monitor.Health(r.Context())
	code := http.StatusOK
	if !h.Healthy() {
		code = http.StatusServiceUnavailable
		noteFailure(r, "unhealthy", failedChecks(h.Checks))
	}
	return writeJSON(w, code, h)
}

func (s *Server) info(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, s.opt.Monitor.Overview(r.Context()))
}

func (s *Server) reloadConfig(w http.ResponseWriter, r *http.Request) error {
	if s.opt.ReloadConfig == nil {
		return &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "configuration reload is not available in this server"}
	}
	res, err := s.opt.ReloadConfig(r.Context())
	if err != nil {
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_config", Message: err.Error()}
	}
	return writeJSON(w, http.StatusOK, map[string]any{"status": "reloaded", "result": res})
}

func (s *Server) status(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, s.opt.Monitor.Status(r.Context()))
}

// Listen binds host:port, with errors that say how to fix a taken or
// privileged port.
func Listen(host string, port int) (net.Listener, error) {
	addr := net.JoinHostPort(host, strconv.Itoa(port))
	ln, err := net.Listen("tcp", addr)
	switch {
	case err == nil:
		return ln, nil
	case errors.Is(err, syscall.EADDRINUSE):
		return nil, fmt.Errorf("port %d on %s is already in use: stop the program using it (is genkai-rag server already running? try `genkai-rag status`) or choose another port with --port", port, host)
	case errors.Is(err, syscall.EACCES):
		return nil, fmt.Errorf("no permission to listen on %s (ports below 1024 need privileges): choose another port with --port", addr)
	case errors.Is(err, syscall.EADDRNOTAVAIL):
		return nil, fmt.Errorf("cannot listen on %s: this machine has no such address; use --host 127.0.0.1", addr)
	}
	return nil, fmt.Errorf("listen on %s: %w", addr, err)
}

// Serve answers requests on ln until ctx is cancelled, then shuts down,
// giving in-flight requests up to 10 s. It returns nil after a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down server: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
