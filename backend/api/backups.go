package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"syscall"

	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// uploadPath is exempt from the body limit; it has its own.
const uploadPath = "/api/backups/upload"

// DefaultMaxUploadBytes bounds an uploaded archive when
// Options.MaxUploadBytes is 0.
const DefaultMaxUploadBytes = 8 << 30

func (s *Server) backupRoutes() {
	s.route("GET /api/backups", s.handle(s.listBackups))
	s.route("POST /api/backups", s.handle(s.createBackup))
	s.route("POST "+uploadPath, s.handle(s.uploadBackup))
	s.route("GET /api/backups/{name}", s.handle(s.inspectBackup))
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
		return &Error{Status: http.StatusConflict, Code: "busy", Message: err.Error(), Err: err}
	case errors.Is(err, backup.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: err.Error(), Err: err}
	case errors.Is(err, syscall.ENOSPC):
		return &Error{Status: http.StatusInsufficientStorage, Code: "no_space", Message: err.Error(), Err: err}
	case errors.Is(err, backup.ErrEmpty):
		return &Error{Status: http.StatusBadRequest, Code: "empty", Message: "the upload is empty: send the .tar.gz archive as the request body", Err: err}
	case errors.Is(err, backup.ErrNotArchive), errors.Is(err, backup.ErrCorrupt), errors.Is(err, backup.ErrUnsafe), errors.Is(err, backup.ErrNewerSchema), errors.Is(err, backup.ErrInvalidConfig):
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_backup", Message: err.Error(), Err: err}
	}
	return &Error{Status: http.StatusInternalServerError, Code: "backup_failed", Message: err.Error(), Err: err}
}

func (s *Server) backups() (backup.Archives, error) {
	if s.opt.Backups == nil {
		return nil, &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "backups are not available in this server"}
	}
	return s.opt.Backups, nil
}

// backupPath checks the {name} path value: only archive names, no folders.
func (s *Server) backupPath(r *http.Request) (backup.Archives, string, error) {
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
	return writeJSON(w, http.StatusOK, wire.BackupList{Folder: b.Dir(), Backups: list})
}

func (s *Server) createBackup(w http.ResponseWriter, r *http.Request) error {
	b, err := s.backups()
	if err != nil {
		return err
	}
	var req wire.CreateBackupRequest
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
	m, err := b.Verify(r.Context(), p)
	if err != nil {
		// A damaged archive is an answer, not a failure of the request.
		return writeJSON(w, http.StatusOK, wire.BackupVerifyResult{Name: filepath.Base(p), Valid: false, Error: err.Error()})
	}
	return writeJSON(w, http.StatusOK, wire.BackupVerifyResult{Name: filepath.Base(p), Valid: true, Manifest: &m})
}

// inspectBackup answers GET /api/backups/{name}: what the archive holds
// and what restoring it would do (backup.Inspection), for the
// confirmation before a restore. A bad archive is an answer (valid
// false, error), not a failed request.
func (s *Server) inspectBackup(w http.ResponseWriter, r *http.Request) error {
	b, p, err := s.backupPath(r)
	if err != nil {
		return err
	}
	in, err := b.Inspect(r.Context(), p)
	if err != nil {
		return backupError(err)
	}
	return writeJSON(w, http.StatusOK, in)
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
	return writeJSON(w, http.StatusOK, wire.Deleted{Deleted: filepath.Base(p)})
}

// uploadBackup takes an archive as the raw request body (the browser
// sends application/gzip or application/octet-stream), has the service
// store it under a hidden partial name, check it exactly as a restore
// would and only then give it an archive name. A bad or oversized file
// is removed and answered with 422 or 413.
func (s *Server) uploadBackup(w http.ResponseWriter, r *http.Request) error {
	b, err := s.backups()
	if err != nil {
		return err
	}
	limit := s.opt.MaxUploadBytes
	if limit <= 0 {
		limit = DefaultMaxUploadBytes
	}
	tooLarge := &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Message: fmt.Sprintf("the file is larger than the upload limit of %d MB; copy it into %s and restore it from the list instead", limit>>20, b.Dir())}
	if r.ContentLength > limit {
		return tooLarge
	}
	info, err := b.Import(r.Context(), http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
	case errors.As(err, &mbe):
		return tooLarge
	case errors.Is(err, syscall.ENOSPC):
		return backupError(fmt.Errorf("upload backup: no space left on the disk holding %s: free some space or delete old backups; nothing was kept: %w", b.Dir(), err))
	case errors.Is(err, backup.ErrNotArchive), errors.Is(err, backup.ErrCorrupt), errors.Is(err, backup.ErrUnsafe), errors.Is(err, backup.ErrNewerSchema), errors.Is(err, backup.ErrInvalidConfig):
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_backup", Message: "this file cannot be restored and was not kept: " + err.Error()}
	default:
		return backupError(err)
	}
	s.log.InfoContext(r.Context(), "backup uploaded", "file", info.Path, "bytes", info.SizeBytes)
	return writeJSON(w, http.StatusCreated, info)
}
