package desktop

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Files is the desktop's file chooser and file manager; app.go implements
// it with the Wails runtime, tests with a fake.
type Files interface {
	// PickArchive asks the user for a backup file; "" means cancelled.
	PickArchive(ctx context.Context) (string, error)
	// OpenFolder shows dir in the file manager.
	OpenFolder(ctx context.Context, dir string) error
}

// BackupProgressEvent is the window event a create or restore reports its
// progress under, with a BackupProgress.
const BackupProgressEvent = "backup:progress"

// BackupProgress is wire.BackupProgress, the shape clients see; see there.
type BackupProgress = wire.BackupProgress

// BackupList is wire.BackupList, the shape clients see; see there.
type BackupList = wire.BackupList

// VerifyResult is wire.BackupVerifyResult, the shape clients see; see there.
type VerifyResult = wire.BackupVerifyResult

// ErrNoBackups is returned when backups are not available.
var ErrNoBackups = errors.New("backups are not available")

// Backups is bound as window.go.desktop.Backups: the Backup page. Create
// and Restore block until done (the UI shows a spinner) and send
// "backup:progress" events meanwhile; a second one while one runs fails
// with backup.ErrBusy's message.
type Backups struct {
	app   *App
	files Files
}

// NewBackups returns the facade; it answers once app has started. files
// may be nil (then PickFile and OpenFolder say they are unavailable).
func NewBackups(app *App, files Files) *Backups { return &Backups{app: app, files: files} }

func (b *Backups) services() (running, error) {
	r, err := b.app.wait()
	if err == nil && r.backups == nil {
		err = ErrNoBackups
	}
	return r, err
}

// List returns the backups folder and its archives, newest first; an
// unreadable archive is listed with Valid false and the reason.
func (b *Backups) List() (BackupList, error) {
	r, err := b.services()
	if err != nil {
		return BackupList{}, err
	}
	list, err := r.backups.List()
	if err != nil {
		return BackupList{}, err
	}
	return BackupList{Folder: r.backups.Dir(), Backups: list}, nil
}

// Create backs up now (the logs too if includeLogs) and returns the new
// archive.
func (b *Backups) Create(includeLogs bool) (backup.Info, error) {
	r, err := b.services()
	if err != nil {
		return backup.Info{}, err
	}
	info, err := r.backups.Create(r.ctx, backup.CreateOptions{Reason: "manual", IncludeLogs: includeLogs,
		Progress: func(done, total int64) {
			phase := "backup"
			if done > total/2 {
				phase = "verify"
			}
			r.emit(BackupProgressEvent, BackupProgress{Op: "create", Phase: phase, Done: done, Total: total})
		}})
	if err == nil {
		r.emit(BackupProgressEvent, BackupProgress{Op: "create", Phase: "done", Done: info.SizeBytes, Total: info.SizeBytes})
	}
	return info, err
}

// Verify checks every checksum of the archive name. A damaged archive is
// a result (Valid false), not an error; an unknown name is an error.
func (b *Backups) Verify(name string) (VerifyResult, error) {
	r, err := b.services()
	if err != nil {
		return VerifyResult{}, err
	}
	p, err := r.backups.Path(name)
	if err != nil {
		return VerifyResult{}, err
	}
	m, err := r.backups.Verify(r.ctx, p)
	if err != nil {
		return VerifyResult{Name: name, Error: err.Error()}, nil
	}
	return VerifyResult{Name: name, Valid: true, Manifest: &m}, nil
}

// Inspect says what the archive name from the list holds and what
// restoring it would do (which protected settings it would keep), for
// the confirmation before Restore. A bad archive is a result (Valid
// false, Error), not an error; an unknown name is an error.
func (b *Backups) Inspect(name string) (backup.Inspection, error) {
	r, err := b.services()
	if err != nil {
		return backup.Inspection{}, err
	}
	p, err := r.backups.Path(name)
	if err != nil {
		return backup.Inspection{}, err
	}
	return r.backups.Inspect(r.ctx, p)
}

// InspectFile is Inspect for a file chosen with PickFile.
func (b *Backups) InspectFile(path string) (backup.Inspection, error) {
	r, err := b.services()
	if err != nil {
		return backup.Inspection{}, err
	}
	if err := pickedFile(path); err != nil {
		return backup.Inspection{}, fmt.Errorf("inspect backup: %w", err)
	}
	return r.backups.Inspect(r.ctx, path)
}

// Restore replaces the current data with the archive name from the list;
// the current data is backed up first (RestoreResult.PreRestoreBackup),
// and RestoreResult.Resets lists the protected settings from the archive
// that were not applied.
func (b *Backups) Restore(name string) (backup.RestoreResult, error) {
	r, err := b.services()
	if err != nil {
		return backup.RestoreResult{}, err
	}
	p, err := r.backups.Path(name)
	if err != nil {
		return backup.RestoreResult{}, err
	}
	return b.restore(r, p)
}

// RestoreFile restores from any archive file, for example one copied from
// another machine and chosen with PickFile.
func (b *Backups) RestoreFile(path string) (backup.RestoreResult, error) {
	r, err := b.services()
	if err != nil {
		return backup.RestoreResult{}, err
	}
	if err := pickedFile(path); err != nil {
		return backup.RestoreResult{}, fmt.Errorf("restore: %w", err)
	}
	return b.restore(r, path)
}

// pickedFile checks a path from the file picker: absolute, a file.
func pickedFile(path string) error {
	if !filepath.IsAbs(path) {
		return fmt.Errorf("%q is not a full path; choose the file with the file picker", path)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("%s is not a file: choose a .tar.gz backup", path)
	}
	return nil
}

func (b *Backups) restore(r running, path string) (backup.RestoreResult, error) {
	r.emit(BackupProgressEvent, BackupProgress{Op: "restore", Phase: "restore"})
	// A restore runs to its end or rolls back: not tied to the window.
	res, err := r.backups.Restore(context.WithoutCancel(r.ctx), path)
	r.emit(BackupProgressEvent, BackupProgress{Op: "restore", Phase: "done"})
	return res, err
}

// Delete removes the archive name.
func (b *Backups) Delete(name string) error {
	r, err := b.services()
	if err != nil {
		return err
	}
	return r.backups.Delete(name)
}

// OpenFolder shows the backups folder in the file manager (making it if
// needed).
func (b *Backups) OpenFolder() error {
	r, err := b.services()
	if err != nil {
		return err
	}
	if b.files == nil {
		return errors.New("open folder: not available here; the folder is " + r.backups.Dir())
	}
	if err := os.MkdirAll(r.backups.Dir(), 0o700); err != nil {
		return fmt.Errorf("open folder: %w", err)
	}
	return b.files.OpenFolder(r.ctx, r.backups.Dir())
}

// PickFile asks the user for a backup file and returns its path ("" if
// cancelled); restore it with RestoreFile.
func (b *Backups) PickFile() (string, error) {
	r, err := b.services()
	if err != nil {
		return "", err
	}
	if b.files == nil {
		return "", errors.New("pick file: no file chooser here")
	}
	return b.files.PickArchive(r.ctx)
}
