package wiring

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// ReopenLog closes the log file and opens its path again: after logrotate
// renamed it, records go to a new file at the configured path. On failure
// the old file stays in use and the error says why.
func (s *Services) ReopenLog() error {
	if s.logOut == nil {
		return nil
	}
	return s.logOut.Reopen()
}

// Hangup does what SIGHUP (`systemctl reload`, `kill -HUP`) asks of a
// daemon: it reopens the log file and reloads the configuration exactly as
// POST /api/system/reload-config does (live keys applied, keys needing a
// restart listed in the log). A configuration with errors is not applied:
// the running one is kept and the problems are logged at ERROR.
func (s *Services) Hangup(ctx context.Context) {
	if err := s.ReopenLog(); err != nil {
		s.Log.Error("SIGHUP: cannot reopen the log file; still writing to the old one", "file", s.LogFile, "err", err)
	} else {
		s.Log.Info("SIGHUP: log file reopened; reloading the configuration", "file", s.LogFile)
	}
	s.ReloadConfig(ctx) // logs what it applied, or at ERROR why it kept the old one
}

// HandleHangup calls Hangup on every SIGHUP until ctx ends. Without it Go's
// default for SIGHUP ends the process without a clean shutdown.
func (s *Services) HandleHangup(ctx context.Context) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		defer signal.Stop(hup)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				s.Hangup(ctx)
			}
		}
	}()
}
