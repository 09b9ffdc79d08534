package logging

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time { return c.t }

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("read %s: %v", p, err)
	}
	return string(b)
}

// TestRotatorNoticesExternalRotation plays logrotate without copytruncate:
// the log is renamed (or removed, or replaced) under the open Rotator. Writes
// within CheckEvery still go to the old file (the path is looked at once a
// second at most); the first write after it goes to a new file at the path.
func TestRotatorNoticesExternalRotation(t *testing.T) {
	for _, tc := range []struct {
		name  string
		away  func(path string) error
		older string // where the first line ends up ("" = nowhere to check)
	}{
		{"renamed", func(p string) error { return os.Rename(p, p+".1") }, ".1"},
		{"removed", os.Remove, ""},
		{"replaced", func(p string) error {
			if err := os.Rename(p, p+".old"); err != nil {
				return err
			}
			return os.WriteFile(p, []byte("other\n"), 0o600)
		}, ".old"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "genkai_rag.log")
			clock := &fakeClock{t: time.Unix(1000, 0)}
			r, err := OpenRotator(path, 1<<20, 2)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			r.now, r.checked = clock.now, clock.t
			r.Write([]byte("one\n"))
			if err := tc.away(path); err != nil {
				t.Fatal(err)
			}
			clock.t = clock.t.Add(CheckEvery / 2)
			r.Write([]byte("two\n")) // too soon to look: still the old file
			clock.t = clock.t.Add(CheckEvery)
			r.Write([]byte("three\n"))
			want := "three\n"
			if tc.name == "replaced" {
				want = "other\nthree\n"
			}
			if got := readFile(t, path); got != want {
				t.Errorf("new %s = %q, want %q", path, got, want)
			}
			if tc.older != "" {
				if got := readFile(t, path+tc.older); got != "one\ntwo\n" {
					t.Errorf("rotated file = %q, want one and two", got)
				}
			}
			fi, err := os.Stat(path)
			if err != nil || fi.Mode().Perm() != 0o600 && tc.name != "replaced" {
				t.Errorf("new log: %v, mode %v; want 0600", err, fi.Mode())
			}
		})
	}
}

// TestRotatorReopen is SIGHUP's path: Reopen at once, without waiting for
// the periodic check; the size-based rotation keeps working afterwards.
func TestRotatorReopen(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "genkai_rag.log")
	r, err := OpenRotator(path, 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.every = time.Hour // only Reopen may notice
	r.Write([]byte("aaaa\n"))
	if err := os.Rename(path, path+".rotated"); err != nil {
		t.Fatal(err)
	}
	if err := r.Reopen(); err != nil {
		t.Fatal(err)
	}
	r.Write([]byte("bbbb\n"))
	r.Write([]byte("cccc\n")) // 5+5 fits in 10
	r.Write([]byte("dddd\n")) // rotates by size: path → path.1
	if got := readFile(t, path+".rotated"); got != "aaaa\n" {
		t.Errorf("renamed file = %q", got)
	}
	if got := readFile(t, path+".1"); got != "bbbb\ncccc\n" {
		t.Errorf(".1 = %q", got)
	}
	if got := readFile(t, path); got != "dddd\n" {
		t.Errorf("current = %q", got)
	}
	r.Close()
	if err := r.Reopen(); err != os.ErrClosed {
		t.Errorf("Reopen after Close = %v, want os.ErrClosed", err)
	}
}

// TestRotatorReopenFailureKeepsOldFile: when the path cannot be opened again
// (its folder is gone), records still go to the open file.
func TestRotatorReopenFailureKeepsOldFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	path := filepath.Join(dir, "genkai_rag.log")
	r, err := OpenRotator(path, 1<<20, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	f := r.f
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := r.Reopen(); err == nil {
		t.Fatal("Reopen with the folder gone succeeded")
	}
	r.every = 0
	if _, err := r.Write([]byte("still\n")); err != nil {
		t.Errorf("write after a failed reopen: %v", err)
	}
	if r.f != f {
		t.Error("the open file was replaced")
	}
}

// TestRotatorCopytruncate: logrotate's copytruncate empties the file in
// place; the Rotator notices the smaller size and does not rotate early.
func TestRotatorCopytruncate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "genkai_rag.log")
	r, err := OpenRotator(path, 20, 1)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	r.every = 0
	r.Write([]byte("0123456789abcde\n")) // 16 of 20 bytes
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	r.Write([]byte("after\n")) // 6 bytes: fits once the truncation is seen
	if _, err := os.Stat(path + ".1"); err == nil {
		t.Error("rotated by size after the file was truncated to 0")
	}
	if got := readFile(t, path); got != "after\n" {
		t.Errorf("log = %q, want the new line only", got)
	}
}
