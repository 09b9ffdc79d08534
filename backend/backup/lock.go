package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// lockName is the file in the backups folder that create, prune,
// restore and delete hold an exclusive flock on, so that two processes
// (the server and a `genkai-rag backup prune`, say) never work on the
// folder at the same time.
const lockName = ".lock"

// defaultLockWait is how long an operation waits for another process's.
const defaultLockWait = 10 * time.Second

// BusyError says that another process holds the backups lock. It
// matches ErrBusy with errors.Is.
type BusyError struct {
	// PID is the holder's process id, 0 when unknown.
	PID int
}

// Error names the holder.
func (e *BusyError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("another backup, restore or prune is running (pid %d); try again when it finishes", e.PID)
	}
	return "another backup, restore or prune is running; try again when it finishes"
}

// Is makes errors.Is(err, ErrBusy) true.
func (e *BusyError) Is(target error) bool { return target == ErrBusy }

// lock takes the in-process lock and then the folder's file lock,
// waiting at most opt.LockWait for another process (polling; ctx ends
// the wait). The returned func releases both.
func (s *Service) lock(ctx context.Context) (func(), error) {
	if !s.busy.TryLock() {
		return nil, ErrBusy
	}
	unlock, err := s.fileLock(ctx, s.opt.LockWait)
	if err != nil {
		s.busy.Unlock()
		return nil, err
	}
	return func() { unlock(); s.busy.Unlock() }, nil
}

// fileLock takes the exclusive lock on backups/.lock, waiting up to
// wait; 0 means try once.
func (s *Service) fileLock(ctx context.Context, wait time.Duration) (func(), error) {
	if err := os.MkdirAll(s.Dir(), 0o700); err != nil {
		return nil, fmt.Errorf("the backups folder %s cannot be made: %w", s.Dir(), err)
	}
	p := filepath.Join(s.Dir(), lockName)
	f, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock backups: %w", diskAdvice(err, s.Dir()))
	}
	deadline := time.Now().Add(wait)
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock backups: %w", err)
		}
		if ok {
			break
		}
		if time.Now().After(deadline) {
			pid := readPID(f)
			f.Close()
			return nil, &BusyError{PID: pid}
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("lock backups: %w", ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
	// Say who holds it, for the message another process shows.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return func() {
		f.Truncate(0)
		unlockFile(f)
		f.Close()
	}, nil
}

func readPID(f *os.File) int {
	b := make([]byte, 32)
	n, _ := f.ReadAt(b, 0)
	pid, _ := strconv.Atoi(strings.TrimSpace(string(b[:n])))
	return pid
}

// holdTemp flocks the temporary file or folder at p for as long as its
// maker works on it, so that a clean-up in another process (or another
// Service) knows it is alive. The returned func releases it.
func holdTemp(p string) func() {
	f, err := os.Open(p)
	if err != nil {
		return func() {}
	}
	if ok, err := tryLock(f); err != nil || !ok {
		f.Close()
		return func() {}
	}
	return func() { unlockFile(f); f.Close() }
}

// leftover reports whether a name in the backups folder is a temporary
// made by create, restore, verify or upload.
func leftover(name string) bool {
	return strings.HasPrefix(name, ".") && strings.HasSuffix(name, ".partial") ||
		strings.HasPrefix(name, ".staging-") || strings.HasPrefix(name, ".restore-") || strings.HasPrefix(name, ".verify-")
}

// removeLeftovers deletes what killed backups, restores, verifications
// and uploads left in the backups folder: temporaries nobody holds. The
// caller holds the folder lock, so no create or restore is running; a
// live verification or upload holds its own temporary (holdTemp) and is
// skipped. It returns the names removed.
func (s *Service) removeLeftovers() []string {
	ents, err := os.ReadDir(s.Dir())
	if err != nil {
		return nil
	}
	var removed []string
	for _, e := range ents {
		n := e.Name()
		if !leftover(n) {
			continue
		}
		p := filepath.Join(s.Dir(), n)
		if alive(p) {
			continue
		}
		if err := os.RemoveAll(p); err == nil {
			removed = append(removed, n)
		} else {
			s.log.Warn("could not remove a leftover of an interrupted backup", "path", p, "err", err)
		}
	}
	if len(removed) > 0 {
		s.log.Info("removed leftovers of interrupted backups", "removed", removed)
	}
	return removed
}

// alive reports whether another open file description holds a lock on p.
func alive(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return errors.Is(err, os.ErrPermission)
	}
	defer f.Close()
	if !flockWorks {
		return !stale(p)
	}
	ok, err := tryLock(f)
	if err != nil {
		return false
	}
	if ok {
		unlockFile(f)
		return false
	}
	return true
}

// cleanAtStart removes leftovers when no live process holds the folder
// lock (a process that is working is left alone).
func (s *Service) cleanAtStart() {
	if _, err := os.Stat(s.Dir()); err != nil {
		return
	}
	unlock, err := s.fileLock(context.Background(), 0)
	if err != nil {
		return
	}
	defer unlock()
	s.removeLeftovers()
}
