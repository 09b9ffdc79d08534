package desktop

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/desktop/autostart"
)

func TestLoginItem(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the XDG autostart entry is checked on Linux; autostart's own tests cover macOS")
	}
	home := t.TempDir()
	t.Setenv("HOME", home)
	cfg := filepath.Join(t.TempDir(), "xdg")
	t.Setenv("XDG_CONFIG_HOME", cfg)
	entry := filepath.Join(cfg, "autostart", "genkai-rag.desktop")
	l := NewLoginItem(autostart.New(autostart.Entry{Name: "genkai-rag", Label: "io.github.genkai-rag.desktop.login", Title: "玄界RAG", Exec: "/usr/bin/genkai-rag"}))

	if on, err := l.Enabled(); err != nil || on {
		t.Fatalf("Enabled() = %v, %v; want false", on, err)
	}
	for _, want := range []bool{true, true, false, false, true} {
		on, err := l.SetEnabled(want)
		if err != nil || on != want {
			t.Fatalf("SetEnabled(%v) = %v, %v", want, on, err)
		}
		_, statErr := os.Stat(entry)
		if exists := statErr == nil; exists != want {
			t.Fatalf("after SetEnabled(%v) %s exists = %v", want, entry, exists)
		}
		if got, err := l.Enabled(); err != nil || got != want {
			t.Fatalf("Enabled() after SetEnabled(%v) = %v, %v", want, got, err)
		}
	}
	if b, err := os.ReadFile(entry); err != nil || !strings.Contains(string(b), "Exec=/usr/bin/genkai-rag\n") {
		t.Errorf("entry: %q, %v", b, err)
	}
	if entries, _ := os.ReadDir(home); len(entries) != 0 {
		t.Errorf("wrote into HOME although XDG_CONFIG_HOME is set: %v", entries)
	}

	// A failure says what to do and changes nothing.
	t.Setenv("HOME", "")
	t.Setenv("XDG_CONFIG_HOME", "")
	if on, err := l.SetEnabled(false); err == nil || on || !strings.Contains(err.Error(), "HOME") {
		t.Errorf("SetEnabled without a home: %v, %v; want an error naming HOME", on, err)
	}
	if _, err := os.Stat(entry); err != nil {
		t.Errorf("the failed switch removed the entry: %v", err)
	}
}
