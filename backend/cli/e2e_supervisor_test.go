package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/llm/ollamatest"
)

// waitState polls the supervisor until ok holds, failing after limit.
func waitState(t *testing.T, s *llm.Supervisor, limit time.Duration, what string, ok func(llm.State) bool) llm.State {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		st := s.State()
		if ok(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("supervisor: %s not reached within %s; state %+v", what, limit, st)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// answers reports whether an Ollama server answers /api/version at host.
func answers(t *testing.T, host string) bool {
	c, err := llm.New(host, nil)
	if err != nil {
		t.Fatal(err)
	}
	return c.Probe(t.Context()).Reachable
}

func gone(pid int) bool { return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) }

// TestSupervisorRealOllama lets the app (llm.manage_ollama: true) start the
// real `ollama serve` found on $PATH, restart it after a SIGKILL and stop
// it when the app stops.
func TestSupervisorRealOllama(t *testing.T) {
	built, err := filepath.Abs(ollamatest.OllamaBin(t))
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	// The child inherits the environment: a temp HOME and model store, and
	// the built binary first on $PATH, named ollama.
	binDir := filepath.Join(tmp, "bin")
	bin := filepath.Join(binDir, "ollama")
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(built, bin); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", binDir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("HOME", tmp)
	t.Setenv("OLLAMA_MODELS", filepath.Join(tmp, "models"))
	port, err := ollamatest.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	host := "http://127.0.0.1:" + port
	app := bootApp(t, e2eEnv(t, config.Set{Path: []string{"llm", "ollama_host"}, Value: host},
		config.Set{Path: []string{"llm", "manage_ollama"}, Value: true}))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sup := app.svc.Supervisor
	app.svc.StartOllama(ctx)

	st := waitState(t, sup, 30*time.Second, "started", func(st llm.State) bool {
		return st.Phase == llm.PhaseRunning && st.Running && st.StartedByUs && st.PID > 0
	})
	if st.Binary != bin || st.Version == "" || !answers(t, host) {
		t.Fatalf("state after start = %+v", st)
	}
	var state llm.State
	if code := app.do(t, "GET", "/api/ollama", nil, &state); code != 200 || !state.Running || !state.StartedByUs || state.PID != st.PID || !state.Managed {
		t.Errorf("GET /api/ollama = %d %+v", code, state)
	}
	if log, _ := os.ReadFile(filepath.Join(app.root, "logs", "ollama.log")); !strings.Contains(string(log), "Listening on 127.0.0.1:"+port) {
		t.Errorf("logs/ollama.log lacks the server's output: %q", log)
	}

	// Killed: restarted after the backoff, answering again.
	first := st.PID
	if err := syscall.Kill(first, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	st = waitState(t, sup, 30*time.Second, "restarted", func(st llm.State) bool {
		return st.Restarts >= 1 && st.Phase == llm.PhaseRunning && st.Running && st.PID > 0 && st.PID != first
	})
	if !st.StartedByUs || !strings.Contains(st.LastError, "signal: killed") || !answers(t, host) {
		t.Errorf("state after restart = %+v", st)
	}

	// The app stops: so does its Ollama.
	second := st.PID
	cancel()
	for deadline := time.Now().Add(15 * time.Second); !gone(second); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("ollama serve (pid %d) still runs after the app stopped", second)
		}
	}
	if answers(t, host) {
		t.Error("something still answers at the host after the app stopped")
	}
}

// TestSupervisorLeavesOthersOllama: a server already running at the host
// is used, not started again, and not stopped when the app stops.
func TestSupervisorLeavesOthersOllama(t *testing.T) {
	srv := ollamatest.Start(t)
	app := bootApp(t, e2eEnv(t, config.Set{Path: []string{"llm", "ollama_host"}, Value: srv.URL},
		config.Set{Path: []string{"llm", "manage_ollama"}, Value: true}))
	app.svc.StartOllama(context.Background())
	st := waitState(t, app.svc.Supervisor, 10*time.Second, "running", func(st llm.State) bool { return st.Phase == llm.PhaseRunning })
	if !st.Running || st.StartedByUs || st.PID != 0 || st.Version == "" {
		t.Errorf("state with a server already running = %+v", st)
	}
	if err := app.svc.Close(); err != nil {
		t.Logf("close: %v", err)
	}
	// closed here; the cleanup's Close does nothing more
	if !answers(t, srv.URL) {
		t.Error("the app stopped an Ollama server it did not start")
	}
}
