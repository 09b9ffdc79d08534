package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/backup"
)

// Backups makes, checks and restores archives. *backup.Service satisfies it.
//
// Create and restore answer synchronously with JSON (a restore of a few
// GB takes a minute or two; the server has no write timeout, and the
// browser shows a spinner). A second create or restore while one runs
// answers 409.
type Backups interface {
	Dir() string
	List() ([]backup.Info, error)
	Path(name string) (string, error)
	Create(ctx context.Context, opt backup.CreateOptions) (backup.Info, error)
	Verify(path string) (backup.Manifest, error)
	Restore(ctx context.Context, path string) (backup.RestoreResult, error)
	Delete(name string) error
}

// uploadPath is exempt from the body limit; it has its own.
const uploadPath = "/api/backups/upload"

// DefaultMaxUploadBytes bounds an uploaded archive when
// Options.MaxUploadBytes is 0.
const DefaultMaxUploadBytes = 8 << 30

func (s *Server) backupRoutes() {
	s.route("GET /api/backups", s.handle(s.listBackups))
	s.route("POST /api/backups", s.handle(s.createBackup))
	s.route("POST "+uploadPath, s.handle(s.uploadBackup))
	s.route("POST /api/backups/{name}/verify", s.handle(s.verifyBackup))
	s.route("POST /api/backups/{name}/restore", s.handle(s.restoreBackup))
	s.route("DELETE /api/backups/{name}", s.handle(s.deleteBackup))
}

// backupError maps the backup package's errors to statuses.
func backupError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, backup.ErrBusy):
		return &Error{Status: http.StatusConflict, Code: "busy", Message: err.Error()}
	case errors.Is(err, backup.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: err.Error()}
	case errors.Is(err, syscall.ENOSPC):
		return &Error{Status: http.StatusInsufficientStorage, Code: "no_space", Message: err.Error()}
	case errors.Is(err, backup.ErrNotArchive), errors.Is(err, backup.ErrCorrupt), errors.Is(err, backup.ErrUnsafe), errors.Is(err, backup.ErrNewerSchema):
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_backup", Message: err.Error()}
	}
	return &Error{Status: http.StatusInternalServerError, Code: "backup_failed", Message: err.Error()}
}

func (s *Server) backups() (Backups, error) {
	if s.opt.Backups == nil {
		return nil, &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "backups are not available in this server"}
	}
	return s.opt.Backups, nil
}

// backupPath checks the {name} path value: only archive names, no folders.
func (s *Server) backupPath(r *http.Request) (Backups, string, error) {
	b, err := s.backups()
	if err != nil {
		return nil, "", err
	}
	name := r.PathValue("name")
	if !backup.ValidName(name) {
		return nil, "", &Error{Status: http.StatusBadRequest, Code: "invalid_name", Message: fmt.Sprintf("%q is not a backup name such as genkai_rag_backup_20261124_093000.tar.gz", name)}
	}
	p, err := b.Path(name)
	return b, p, backupError(err)
}

func (s *Server) listBackups(w http.ResponseWriter, r *http.Request) error {
	b, err := s.backups()
	if err != nil {
		return err
	}
	list, err := b.List()
	if err != nil {
		return backupError(err)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"folder": b.Dir(), "backups": list})
}

func (s *Server) createBackup(w http.ResponseWriter, r *http.Request) error {
	b, err := s.backups()
	if err != nil {
		return err
	}
	var req struct {
		IncludeLogs bool `json:"include_logs"`
	}
	if r.ContentLength != 0 {
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil && !errors.Is(err, io.EOF) {
			return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: "body must be JSON such as {\"include_logs\": false}: " + err.Error()}
		}
	}
	// Finish even if the browser goes away: a half-made archive is
	// removed anyway, but there is no reason to waste the work.
	info, err := b.Create(context.WithoutCancel(r.Context()), backup.CreateOptions{Reason: "manual", IncludeLogs: req.IncludeLogs})
	if err != nil {
		return backupError(err)
	}
	return writeJSON(w, http.StatusCreated, info)
}

func (s *Server) verifyBackup(w http.ResponseWriter, r *http.Request) error {
	b, p, err := s.backupPath(r)
	if err != nil {
		return err
	}
	m, err := b.Verify(p)
	if err != nil {
		// A damaged archive is an answer, not a failure of the request.
		return writeJSON(w, http.StatusOK, map[string]any{"name": filepath.Base(p), "valid": false, "error": err.Error()})
	}
	return writeJSON(w, http.StatusOK, map[string]any{"name": filepath.Base(p), "valid": true, "manifest": m})
}

func (s *Server) restoreBackup(w http.ResponseWriter, r *http.Request) error {
	b, p, err := s.backupPath(r)
	if err != nil {
		return err
	}
	// Past the start a restore finishes or rolls back; it must not be
	// cut short by a closed tab.
	res, err := b.Restore(context.WithoutCancel(r.Context()), p)
	if err != nil {
		return backupError(err)
	}
	return writeJSON(w, http.StatusOK, res)
}

func (s *Server) deleteBackup(w http.ResponseWriter, r *http.Request) error {
	b, p, err := s.backupPath(r)
	if err != nil {
		return err
	}
	if err := b.Delete(filepath.Base(p)); err != nil {
		return backupError(err)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"deleted": filepath.Base(p)})
}

// uploadBackup takes an archive as the raw request body (any content
// type), streams it into the backups folder under a hidden partial name,
// verifies it and only then gives it an archive name. A bad or
// oversized file is removed and answered with 422 or 413.
func (s *Server) uploadBackup(w http.ResponseWriter, r *http.Request) error {
	b, err := s.backups()
	if err != nil {
		return err
	}
	limit := s.opt.MaxUploadBytes
	if limit <= 0 {
		limit = DefaultMaxUploadBytes
	}
	if r.ContentLength > limit {
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: fmt.Sprintf("the file is larger than the upload limit of %d MB; copy it into %s and restore it from the list instead", limit>>20, b.Dir())}
	}
	if err := os.MkdirAll(b.Dir(), 0o700); err != nil {
		return backupError(fmt.Errorf("upload backup: the backups folder cannot be made: %w", err))
	}
	f, err := os.CreateTemp(b.Dir(), ".upload-*.partial")
	if err != nil {
		return backupError(fmt.Errorf("upload backup: the backups folder %s is not writable: %w", b.Dir(), err))
	}
	tmp := f.Name()
	keep := false
	defer func() {
		if !keep {
			os.Remove(tmp)
		}
	}()
	n, err := io.Copy(f, http.MaxBytesReader(w, r.Body, limit))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: fmt.Sprintf("the file is larger than the upload limit of %d MB; copy it into %s and restore it from the list instead", limit>>20, b.Dir())}
	case errors.Is(err, syscall.ENOSPC):
		return backupError(fmt.Errorf("upload backup: no space left on the disk holding %s: free some space or delete old backups; nothing was kept: %w", b.Dir(), err))
	case err != nil:
		return backupError(fmt.Errorf("upload backup: %w (nothing was kept)", err))
	case n == 0:
		return &Error{Status: http.StatusBadRequest, Code: "empty", Message: "the upload is empty: send the .tar.gz archive as the request body"}
	}
	m, err := b.Verify(tmp)
	if err != nil {
		msg := strings.ReplaceAll(err.Error(), "verify backup "+filepath.Base(tmp)+": ", "") // the temporary name means nothing to the user
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_backup", Message: "this file cannot be restored and was not kept: " + msg}
	}
	name, err := uploadName(b.Dir(), m)
	if err != nil {
		return backupError(err)
	}
	final := filepath.Join(b.Dir(), name)
	// Link never replaces an existing archive; rename where links fail.
	if err := os.Link(tmp, final); err != nil {
		if errors.Is(err, os.ErrExist) {
			return backupError(fmt.Errorf("upload backup: %s appeared meanwhile; try again: %w", name, err))
		}
		if err := os.Rename(tmp, final); err != nil {
			return backupError(fmt.Errorf("upload backup: %w", err))
		}
	}
	info := backup.Info{Name: name, Path: final, SizeBytes: n, CreatedAt: m.CreatedAt, Valid: true, Manifest: &m}
	s.log.InfoContext(r.Context(), "backup uploaded", "file", final, "bytes", n)
	return writeJSON(w, http.StatusCreated, info)
}

// uploadName names an uploaded archive after the time in its manifest,
// with a _N suffix if that name is taken.
func uploadName(dir string, m backup.Manifest) (string, error) {
	t, err := time.Parse(time.RFC3339, m.CreatedAt)
	if err != nil {
		t = time.Now()
	}
	base := "genkai_rag_backup_" + t.Format("20060102_150405")
	for i := 0; i < 1000; i++ {
		name := base + ".tar.gz"
		if i > 0 {
			name = fmt.Sprintf("%s_%d.tar.gz", base, i)
		}
		if _, err := os.Lstat(filepath.Join(dir, name)); errors.Is(err, os.ErrNotExist) {
			return name, nil
		}
	}
	return "", errors.New("upload backup: too many backups with the same time")
}
