package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// progressReader counts bytes read.
type progressReader struct {
	r    io.Reader
	n    int64
	each func(int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if p.each != nil && n > 0 {
		p.each(p.n)
	}
	return n, err
}

// verifyFile checks the structure of the archive at path: every entry,
// checksum and the bounds (not the database: Create calls it on an
// archive of a snapshot it has just counted).
func (s *Service) verifyFile(path string, progress func(int64)) (Manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return Manifest{}, fmt.Errorf("verify backup: %w", err)
	}
	defer f.Close()
	m, err := readArchive(&progressReader{r: f, each: progress}, s.opt.Limits, nil)
	if err != nil {
		return m, fmt.Errorf("verify backup %s: %w", filepath.Base(path), err)
	}
	return m, nil
}

// Path returns the archive name in the backups folder (ErrNotFound if it
// is not there or not an archive name).
func (s *Service) Path(name string) (string, error) {
	if !ValidName(name) {
		return "", fmt.Errorf("%w: %q is not a backup name such as genkai_rag_backup_20261124_093000.tar.gz", ErrNotFound, name)
	}
	p := filepath.Join(s.Dir(), name)
	if fi, err := os.Lstat(p); err != nil || !fi.Mode().IsRegular() {
		return "", fmt.Errorf("%w: %s (list them with `genkai-rag backup list`)", ErrNotFound, name)
	}
	return p, nil
}

// List returns the archives in the backups folder, newest first. Each is
// checked only by its manifest (fast); an unreadable one is listed with
// Valid false and the reason. Partial files of an interrupted backup are
// not listed.
func (s *Service) List() ([]Info, error) {
	ents, err := os.ReadDir(s.Dir())
	if errors.Is(err, fs.ErrNotExist) {
		return []Info{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	out := []Info{}
	for _, e := range ents {
		if !ValidName(e.Name()) || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(s.Dir(), e.Name())
		info := Info{Name: e.Name(), Path: p}
		if fi, err := e.Info(); err == nil {
			info.SizeBytes = fi.Size()
			info.CreatedAt = fi.ModTime().UTC().Format(time.RFC3339)
		}
		m, err := readManifest(p)
		if err != nil {
			info.Error = err.Error()
		} else {
			info.Valid, info.Manifest, info.CreatedAt = true, &m, m.CreatedAt
		}
		out = append(out, info)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name > out[j].Name })
	return out, nil
}

// Delete removes one archive (waiting, like Prune, for another
// process's create, restore or prune).
func (s *Service) Delete(name string) error {
	p, err := s.Path(name)
	if err != nil {
		return err
	}
	unlock, err := s.lock(context.Background())
	if err != nil {
		return fmt.Errorf("delete backup: %w", err)
	}
	defer unlock()
	if err := os.Remove(p); err != nil {
		return fmt.Errorf("delete backup: %w", err)
	}
	return nil
}

// PruneResult is wire.PruneResult, the shape clients see; see there.
type PruneResult = wire.PruneResult

// Prune removes archives older than days (0: no age limit) and beyond the
// newest keep (0: no count limit), and leftovers of interrupted backups.
// The newest valid archive is always kept. It holds the folder lock, so
// it never touches a backup another process is writing (and a .partial
// file of a live upload is skipped too).
func (s *Service) Prune(days, keep int) (PruneResult, error) {
	unlock, err := s.lock(context.Background())
	if err != nil {
		return PruneResult{}, fmt.Errorf("prune backups: %w", err)
	}
	defer unlock()
	res := PruneResult{Removed: []string{}}
	// Leftovers of a killed create: partial archives and staging folders.
	res.Removed = append(res.Removed, s.removeLeftovers()...)
	list, err := s.List()
	if err != nil {
		return res, err
	}
	cutoff := s.opt.Now().Add(-time.Duration(days) * 24 * time.Hour)
	keptValid := false
	for i, b := range list {
		old := false
		if days > 0 {
			if t, err := time.Parse(time.RFC3339, b.CreatedAt); err == nil && t.Before(cutoff) {
				old = true
			}
		}
		over := keep > 0 && i >= keep
		if (old || over) && (keptValid || !b.Valid) {
			if err := os.Remove(b.Path); err != nil {
				return res, fmt.Errorf("prune backups: %w", err)
			}
			res.Removed = append(res.Removed, b.Name)
			continue
		}
		keptValid = keptValid || b.Valid
		res.Kept++
	}
	if len(res.Removed) > 0 {
		s.log.Info("backups pruned", "removed", res.Removed, "kept", res.Kept)
	}
	return res, nil
}
