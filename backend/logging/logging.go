// Package logging builds Genkai RAG's log/slog logger: JSON lines or
// key=value text, a level that can change while the app runs, written to a
// file that rotates by size (genkai_rag.log → genkai_rag.log.1 … .N) and
// optionally to a second writer such as stderr.
//
// The file may also be rotated by someone else (logrotate's rename, without
// copytruncate): at most once a second a write checks that the path still
// names the open file and reopens it when it was moved away or replaced, and
// Reopen (SIGHUP) does so at once.
//
// Level names follow the operations guide: DEBUG, INFO, WARNING, ERROR and
// CRITICAL (slog level 12), so `grep WARNING` and `grep CRITICAL` work.
package logging

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// LevelCritical is the CRITICAL level, above slog.LevelError.
const LevelCritical = slog.Level(12)

// Options configure New.
type Options struct {
	// File is the log file; empty means no file.
	File string
	// MaxSizeMB rotates the file when a write would take it past this size;
	// 0 means 100.
	MaxSizeMB int
	// Backups is how many rotated files to keep; 0 keeps none.
	Backups int
	// JSON selects JSON lines; otherwise text.
	JSON bool
	// Level is the minimum level; nil means INFO. Keep the LevelVar to change
	// it live.
	Level *slog.LevelVar
	// Also, if set, receives every record too (e.g. os.Stderr).
	Also io.Writer
}

// File is the log file behind a logger made by New: Reopen opens its path
// again (after an external rotation), Close closes it.
type File interface {
	io.Closer
	Reopen() error
}

// New returns a logger and its File (a no-op one when Options.File is
// empty). Errors say which log file could not be opened.
func New(opt Options) (*slog.Logger, File, error) {
	var writers []io.Writer
	var closer File = nopCloser{}
	if opt.File != "" {
		max := int64(opt.MaxSizeMB)
		if max <= 0 {
			max = 100
		}
		r, err := OpenRotator(opt.File, max<<20, opt.Backups)
		if err != nil {
			return nil, nil, err
		}
		writers = append(writers, r)
		closer = r
	}
	if opt.Also != nil {
		writers = append(writers, opt.Also)
	}
	level := opt.Level
	if level == nil {
		level = new(slog.LevelVar)
	}
	return slog.New(NewHandler(io.MultiWriter(writers...), opt.JSON, level)), closer, nil
}

// NewHandler returns a JSON or text handler writing to w with the guide's
// level names.
func NewHandler(w io.Writer, json bool, level slog.Leveler) slog.Handler {
	ho := &slog.HandlerOptions{Level: level, ReplaceAttr: levelNames}
	if json {
		return slog.NewJSONHandler(w, ho)
	}
	return slog.NewTextHandler(w, ho)
}

func levelNames(_ []string, a slog.Attr) slog.Attr {
	if a.Key != slog.LevelKey {
		return a
	}
	l, ok := a.Value.Any().(slog.Level)
	if !ok {
		return a
	}
	switch {
	case l >= LevelCritical:
		a.Value = slog.StringValue("CRITICAL")
	case l >= slog.LevelError:
		a.Value = slog.StringValue("ERROR")
	case l >= slog.LevelWarn:
		a.Value = slog.StringValue("WARNING")
	case l >= slog.LevelInfo:
		a.Value = slog.StringValue("INFO")
	default:
		a.Value = slog.StringValue("DEBUG")
	}
	return a
}

// Discard returns a logger that drops everything, for tests and callers that
// pass no logger.
func Discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

type nopCloser struct{}

func (nopCloser) Close() error  { return nil }
func (nopCloser) Reopen() error { return nil }

// CheckEvery is how often (at most) a write checks that the log path still
// names the open file.
const CheckEvery = time.Second

// Rotator is an io.WriteCloser appending to a file that it rotates when a
// write would take it past a size: path → path.1 → path.2 … path.N, dropping
// the oldest. It is safe for concurrent use; one record is never split
// between two files. When the path is renamed or removed by another
// program, the next write after CheckEvery reopens (recreates) it.
type Rotator struct {
	mu      sync.Mutex
	path    string
	max     int64
	backups int
	f       *os.File
	fi      os.FileInfo // of f, to compare with the path's
	size    int64

	every   time.Duration // CheckEvery; tests shorten it
	now     func() time.Time
	checked time.Time
}

// OpenRotator opens (creating with mode 0600) the log file at path, and its
// directory with mode 0700 if missing.
func OpenRotator(path string, maxBytes int64, backups int) (*Rotator, error) {
	r := &Rotator{path: path, max: maxBytes, backups: backups, every: CheckEvery, now: time.Now}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open log file %s: %w; fix the permissions or set monitoring.log_file", path, err)
	}
	if err := r.open(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *Rotator) open() error {
	f, err := os.OpenFile(r.path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("open log file %s: %w; fix the permissions or set monitoring.log_file", r.path, err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return fmt.Errorf("open log file %s: %w", r.path, err)
	}
	r.f, r.fi, r.size = f, fi, fi.Size()
	r.checked = r.now()
	return nil
}

// Reopen closes the file and opens its path again, creating it if it was
// moved away: what SIGHUP asks for after logrotate renamed the log. A
// closed Rotator stays closed.
func (r *Rotator) Reopen() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return os.ErrClosed
	}
	return r.reopen()
}

func (r *Rotator) reopen() error {
	old := r.f
	if err := r.open(); err != nil {
		return err // keep writing to the old file rather than nowhere
	}
	old.Close()
	return nil
}

// moved reports whether the path no longer names the open file (renamed,
// removed or replaced); it looks at most once per r.every.
func (r *Rotator) moved() bool {
	now := r.now()
	if now.Sub(r.checked) < r.every {
		return false
	}
	r.checked = now
	fi, err := os.Stat(r.path)
	if err != nil || !os.SameFile(fi, r.fi) {
		return true
	}
	if fi.Size() < r.size {
		r.size = fi.Size() // truncated in place (logrotate's copytruncate)
	}
	return false
}

// Write appends p, rotating first if p would not fit, and reopening the
// path first if another program moved the file away.
func (r *Rotator) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return 0, os.ErrClosed
	}
	if r.moved() {
		r.reopen() // on failure keep the old file: losing records is worse
	}
	if r.size > 0 && r.size+int64(len(p)) > r.max {
		if err := r.rotate(); err != nil {
			return 0, err
		}
	}
	n, err := r.f.Write(p)
	r.size += int64(n)
	return n, err
}

func (r *Rotator) rotate() error {
	if err := r.f.Close(); err != nil {
		return fmt.Errorf("rotate log: %w", err)
	}
	r.f = nil
	name := func(i int) string { return fmt.Sprintf("%s.%d", r.path, i) }
	if r.backups == 0 {
		os.Remove(r.path)
	} else {
		os.Remove(name(r.backups))
		for i := r.backups - 1; i >= 1; i-- {
			if err := os.Rename(name(i), name(i+1)); err != nil && !os.IsNotExist(err) {
				return fmt.Errorf("rotate log: %w", err)
			}
		}
		if err := os.Rename(r.path, name(1)); err != nil {
			return fmt.Errorf("rotate log: %w", err)
		}
	}
	return r.open()
}

// Close closes the file; later writes fail with os.ErrClosed.
func (r *Rotator) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.f == nil {
		return nil
	}
	err := r.f.Close()
	r.f = nil
	return err
}

// Critical logs at CRITICAL level.
func Critical(ctx context.Context, l *slog.Logger, msg string, args ...any) {
	l.Log(ctx, LevelCritical, msg, args...)
}
