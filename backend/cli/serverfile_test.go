package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/home"
)

// TestServerFileOwnership: a server removes its server file on exit only
// while it is still its own: a second server that started on the same data
// home since keeps its record.
func TestServerFileOwnership(t *testing.T) {
	h, err := home.Prepare(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	removeA, err := recordServer(h, serverRecord{URL: "http://127.0.0.1:1", PID: 111, StartedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	removeB, err := recordServer(h, serverRecord{URL: "http://127.0.0.1:2", PID: 222, StartedAt: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	removeA()
	if rec, err := readServerRecord(h); err != nil || rec.PID != 222 {
		t.Fatalf("after the first server's exit: %+v %v; want the second's record", rec, err)
	}
	removeB()
	if _, err := os.Stat(h.ServerFile()); !os.IsNotExist(err) {
		t.Errorf("server file after the last exit: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(h.Data(), ".server-*")); len(left) != 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestHangupBrokenConfig: SIGHUP's work with a broken configuration keeps
// the running one and logs why at ERROR; with a good one it applies the
// live keys and lists the restart keys at WARNING.
func TestHangupBrokenConfig(t *testing.T) {
	dir, environ := testEnv(t)
	svc, err := boot(t.Context(), Env{Environ: environ, Version: "t", Stderr: io.Discard}, options{set: map[string]bool{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	logFile := filepath.Join(dir, "logs", "genkai_rag.log")
	write := func(s string) {
		if err := os.WriteFile(svc.ConfigFile(), []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("concurrency:\n  max_concurrent_requests: -3\n")
	svc.Hangup(t.Context())
	b, _ := os.ReadFile(logFile)
	if !strings.Contains(string(b), `"level":"ERROR","msg":"configuration reload rejected; still running with the previous configuration"`) ||
		!strings.Contains(string(b), "concurrency.max_concurrent_requests") {
		t.Errorf("no ERROR with the problem in the log:\n%s", b)
	}
	if svc.CurrentConfig().Concurrency.MaxConcurrentRequests <= 0 {
		t.Error("a broken configuration was applied")
	}

	write("concurrency:\n  max_concurrent_requests: 7\nserver:\n  port: 9123\n")
	svc.Hangup(t.Context())
	b, _ = os.ReadFile(logFile)
	if svc.Limiter.Stats().MaxConcurrent != 7 {
		t.Error("a live key was not applied on SIGHUP")
	}
	if !strings.Contains(string(b), `"level":"WARNING","msg":"changed configuration keys take effect only after a restart","keys":["server.port"]`) {
		t.Errorf("restart keys not listed at WARNING:\n%s", b)
	}
}
