package home

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestResolve(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	tests := []struct {
		name, flag string
		env        map[string]string
		want       string
	}{
		{"flag wins", "/a", map[string]string{EnvVar: "/b"}, "/a"},
		{"env", "", map[string]string{EnvVar: "/b", "HOME": "/h"}, "/b"},
		{"xdg", "", map[string]string{"XDG_DATA_HOME": "/x", "HOME": "/h"}, "/x/genkai-rag"},
		{"relative xdg ignored", "", map[string]string{"XDG_DATA_HOME": "rel", "HOME": "/h"}, "/h/.local/share/genkai-rag"},
		{"home", "", map[string]string{"HOME": "/h"}, "/h/.local/share/genkai-rag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Resolve(tt.flag, env(tt.env))
			if err != nil || got != tt.want {
				t.Errorf("Resolve() = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	got, err := platformDefault("darwin", env(map[string]string{"HOME": "/Users/u"}))
	if want := "/Users/u/Library/Application Support/Genkai RAG"; err != nil || got != want {
		t.Errorf("darwin default = %q, %v; want %q", got, err, want)
	}
	if _, err := platformDefault("linux", env(nil)); err == nil || !strings.Contains(err.Error(), "GENKAI_HOME") {
		t.Errorf("no HOME: err = %v, want advice naming GENKAI_HOME", err)
	}
}

func TestPrepare(t *testing.T) {
	root := filepath.Join(t.TempDir(), "home")
	h, err := Prepare(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{h.Root, h.Data(), h.Config(), h.Logs(), h.Backups()} {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o700 {
			t.Errorf("%s mode = %v, want 0700", d, fi.Mode().Perm())
		}
	}
	if _, ok := Open(root); !ok {
		t.Error("Open() of a prepared home = false")
	}
	if _, err := Prepare(root); err != nil {
		t.Errorf("second Prepare() = %v", err)
	}
}

func TestPrepareBad(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	os.WriteFile(file, []byte("x"), 0o600)
	if _, err := Prepare(file); err == nil || !strings.Contains(err.Error(), "is a file, not a directory") {
		t.Errorf("Prepare(file) = %v", err)
	}
	if _, err := Prepare(filepath.Join(file, "sub")); err == nil || !strings.Contains(err.Error(), "cannot use data home directory") {
		t.Errorf("Prepare(under a file) = %v", err)
	}
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	ro := filepath.Join(dir, "ro")
	os.Mkdir(ro, 0o500)
	if _, err := Prepare(ro); err == nil || !strings.Contains(err.Error(), "not writable") {
		t.Errorf("Prepare(read-only) = %v", err)
	}
}

func TestPrepareTightensOpenFolders(t *testing.T) {
	root := filepath.Join(t.TempDir(), "home")
	for _, d := range []string{root, filepath.Join(root, "data"), filepath.Join(root, "config"), filepath.Join(root, "logs"), filepath.Join(root, "backups")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		os.Chmod(d, 0o755) // whatever the umask
	}
	keep := filepath.Join(root, "data", "notes.txt")
	os.WriteFile(keep, []byte("x"), 0o600)
	h, err := Prepare(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{h.Root, h.Data(), h.Config(), h.Logs(), h.Backups()} {
		fi, err := os.Stat(d)
		if err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("%s: mode %v, %v; want 0700", d, fi.Mode().Perm(), err)
		}
	}
	if b, err := os.ReadFile(keep); err != nil || string(b) != "x" {
		t.Errorf("Prepare touched a file: %q %v", b, err)
	}
}
