package logging

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func TestRotation(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "logs", "genkai_rag.log")
	r, err := OpenRotator(path, 100, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	line := strings.Repeat("x", 39) + "\n" // 40 bytes: two fit in 100
	for i := 0; i < 9; i++ {
		if _, err := fmt.Fprint(r, line); err != nil {
			t.Fatal(err)
		}
	}
	// 9 lines, 2 per file: current has 1, .1 and .2 have 2 each, older dropped.
	for name, want := range map[string]int{"genkai_rag.log": 40, "genkai_rag.log.1": 80, "genkai_rag.log.2": 80} {
		fi, err := os.Stat(filepath.Join(dir, "logs", name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if fi.Size() != int64(want) {
			t.Errorf("%s size = %d, want %d", name, fi.Size(), want)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode = %v, want 0600", name, fi.Mode().Perm())
		}
	}
	if _, err := os.Stat(path + ".3"); !os.IsNotExist(err) {
		t.Errorf("%s.3 exists; backup_count 2 must keep two", path)
	}
}

func TestRotationNoBackups(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.log")
	r, _ := OpenRotator(path, 10, 0)
	defer r.Close()
	r.Write([]byte("123456789\n"))
	r.Write([]byte("abc\n"))
	b, _ := os.ReadFile(path)
	if string(b) != "abc\n" {
		t.Errorf("file = %q, want only the newest record", b)
	}
	if m, _ := filepath.Glob(path + ".*"); len(m) != 0 {
		t.Errorf("backups kept: %v", m)
	}
}

func TestRotatorConcurrent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.log")
	r, _ := OpenRotator(path, 1000, 3)
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				r.Write([]byte("0123456789012345678\n"))
			}
		}()
	}
	wg.Wait()
	r.Close()
	files, _ := filepath.Glob(path + "*")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		for _, l := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
			if l != "0123456789012345678" {
				t.Fatalf("%s holds a torn record %q", f, l)
			}
		}
	}
	if _, err := r.Write([]byte("x")); err == nil {
		t.Error("Write after Close succeeded")
	}
}

func TestLevelsAndFormats(t *testing.T) {
	dir := t.TempDir()
	level := new(slog.LevelVar)
	level.Set(slog.LevelWarn)
	path := filepath.Join(dir, "j.log")
	l, c, err := New(Options{File: path, JSON: true, Level: level, Backups: 1})
	if err != nil {
		t.Fatal(err)
	}
	l.Info("hidden")
	l.Warn("shown", "k", 1)
	Critical(t.Context(), l, "boom")
	level.Set(slog.LevelDebug) // live change
	l.Debug("now shown")
	c.Close()
	b, _ := os.ReadFile(path)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	var levels []string
	for _, line := range lines {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("not JSON: %q", line)
		}
		levels = append(levels, rec["level"].(string))
	}
	if got := strings.Join(levels, ","); got != "WARNING,CRITICAL,DEBUG" {
		t.Errorf("levels = %s, want WARNING,CRITICAL,DEBUG", got)
	}

	var sb strings.Builder
	tl, _, _ := New(Options{Also: &sb})
	tl.Error("text record", "op", "x")
	if !strings.Contains(sb.String(), "level=ERROR msg=\"text record\" op=x") {
		t.Errorf("text output = %q", sb.String())
	}
}

func TestOpenRotatorError(t *testing.T) {
	file := filepath.Join(t.TempDir(), "f")
	os.WriteFile(file, nil, 0o600)
	if _, err := OpenRotator(filepath.Join(file, "x.log"), 10, 1); err == nil || !strings.Contains(err.Error(), "monitoring.log_file") {
		t.Errorf("err = %v, want advice naming monitoring.log_file", err)
	}
}

func BenchmarkLogJSON(b *testing.B) {
	l, c, _ := New(Options{File: filepath.Join(b.TempDir(), "b.log"), JSON: true, MaxSizeMB: 1, Backups: 2})
	defer c.Close()
	b.ReportAllocs()
	for b.Loop() {
		l.Info("request", "method", "GET", "path", "/api/health", "status", 200, "ms", 0.42)
	}
}
