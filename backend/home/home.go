// Package home finds and prepares the data home: the one directory that holds
// everything Genkai RAG keeps for a user, laid out as the operations guide's
// installation is:
//
//	data/     the SQLite database (documents, index, chats, metrics)
//	config/   config.yaml and its .env
//	logs/     genkai_rag.log and its rotations, status and alert files
//	backups/  genkai_rag_backup_YYYYMMDD_HHMMSS.tar.gz archives
//
// The default location is $XDG_DATA_HOME/genkai-rag (~/.local/share/genkai-rag)
// on Linux and ~/Library/Application Support/Genkai RAG on macOS. --data-dir
// or GENKAI_HOME override it. Directories are created with mode 0700, and
// existing ones that others can read are tightened to 0700 by Prepare.
package home

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// EnvVar names the environment variable that overrides the data home.
const EnvVar = "GENKAI_HOME"

// Home is a prepared data home and the paths inside it.
type Home struct {
	Root string
}

// Data is the directory holding the database.
func (h Home) Data() string { return filepath.Join(h.Root, "data") }

// Config is the directory holding the configuration.
func (h Home) Config() string { return filepath.Join(h.Root, "config") }

// Logs is the directory holding the logs.
func (h Home) Logs() string { return filepath.Join(h.Root, "logs") }

// Backups is the directory holding backup archives.
func (h Home) Backups() string { return filepath.Join(h.Root, "backups") }

// ConfigFile is the default configuration file.
func (h Home) ConfigFile() string { return filepath.Join(h.Config(), "config.yaml") }

// Database is the SQLite database file.
func (h Home) Database() string { return filepath.Join(h.Data(), "genkai_rag.db") }

// ServerFile records the address of the `genkai-rag server` running on this
// data home (its URL, pid, start time and version), so that `status`,
// `doctor` and other commands find it whatever port it listens on.
func (h Home) ServerFile() string { return filepath.Join(h.Data(), "server.json") }

// Resolve picks the data home: flag if set, else the GENKAI_HOME value in
// getenv, else the platform default. The result is absolute.
func Resolve(flag string, getenv func(string) string) (string, error) {
	dir := flag
	if dir == "" {
		dir = getenv(EnvVar)
	}
	if dir == "" {
		d, err := platformDefault(runtime.GOOS, getenv)
		if err != nil {
			return "", err
		}
		dir = d
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("resolve data home %q: %w", dir, err)
	}
	return abs, nil
}

func platformDefault(goos string, getenv func(string) string) (string, error) {
	userHome := getenv("HOME")
	if goos == "darwin" {
		if userHome == "" {
			return "", errors.New("cannot find the data home: HOME is not set; set GENKAI_HOME or pass --data-dir")
		}
		return filepath.Join(userHome, "Library", "Application Support", "Genkai RAG"), nil
	}
	if x := getenv("XDG_DATA_HOME"); filepath.IsAbs(x) {
		return filepath.Join(x, "genkai-rag"), nil
	}
	if userHome == "" {
		return "", errors.New("cannot find the data home: neither XDG_DATA_HOME nor HOME is set; set GENKAI_HOME or pass --data-dir")
	}
	return filepath.Join(userHome, ".local", "share", "genkai-rag"), nil
}

// Prepare creates root and its four directories (mode 0700) where missing,
// tightens existing ones that group or others may read, write or enter to
// 0700 (the data home holds chats, documents and the API token), and checks
// that each is a writable directory. It never removes anything, and changes
// nothing but those modes. Its errors say what is wrong and how to fix it.
func Prepare(root string) (Home, error) {
	h := Home{Root: root}
	for _, dir := range []string{root, h.Data(), h.Config(), h.Logs(), h.Backups()} {
		if err := ensureDir(dir); err != nil {
			return Home{}, err
		}
	}
	return h, nil
}

// Open checks that root looks like a data home without creating anything,
// for read-only commands such as `status`.
func Open(root string) (Home, bool) {
	fi, err := os.Stat(filepath.Join(root, "data"))
	return Home{Root: root}, err == nil && fi.IsDir()
}

func ensureDir(dir string) error {
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("cannot create data home directory %s: %w; choose another location with --data-dir or GENKAI_HOME, or fix the parent's permissions", dir, unwrapPath(err))
		}
	case err != nil:
		return fmt.Errorf("cannot use data home directory %s: %w; choose another location with --data-dir or GENKAI_HOME", dir, unwrapPath(err))
	case !fi.IsDir():
		return fmt.Errorf("data home path %s is a file, not a directory; move it away or choose another location with --data-dir or GENKAI_HOME", dir)
	case fi.Mode().Perm()&0o077 != 0:
		if err := os.Chmod(dir, fi.Mode().Perm()&0o700|0o700); err != nil {
			return fmt.Errorf("data home directory %s is open to other users (mode %04o) and cannot be made private: %w; run chmod 700 %s", dir, fi.Mode().Perm(), unwrapPath(err), dir)
		}
	}
	probe, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return fmt.Errorf("data home directory %s is not writable: %w; fix its permissions (chmod u+rwx) or choose another location with --data-dir or GENKAI_HOME", dir, unwrapPath(err))
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// unwrapPath drops the *PathError's repeated path, keeping the reason.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
