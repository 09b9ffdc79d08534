package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMaintenanceCommands(t *testing.T) {
	ctx := context.Background()
	_, environ := testEnv(t)
	tests := []struct {
		args     []string
		code     int
		contains string
	}{
		{[]string{"maintenance", "cleanup-sessions", "--days", "7"}, 0, "Cleaned 0 old sessions (older than 7 days)"},
		{[]string{"maintenance", "cleanup-sessions", "--days", "0"}, 2, "--days must be at least 1"},
		{[]string{"maintenance", "cleanup-sessions", "--json"}, 0, `"days": 30`},
		{[]string{"maintenance", "optimize-index"}, 0, "Index optimised"},
		{[]string{"maintenance"}, 2, "needs a subcommand"},
		{[]string{"maintenance", "defrag"}, 2, `unknown command "maintenance defrag"`},
		{[]string{"maintenance", "optimize-index", "--days", "3"}, 2, "--days not valid"},
	}
	for _, tt := range tests {
		r := run(t, ctx, environ, tt.args...)
		if r.code != tt.code || !strings.Contains(r.stdout+r.stderr, tt.contains) {
			t.Errorf("%v = %d %q %q; want %d containing %q", tt.args, r.code, r.stdout, r.stderr, tt.code, tt.contains)
		}
	}
}

func TestDoctor(t *testing.T) {
	ctx := context.Background()
	dir, environ := testEnv(t)
	if r := run(t, ctx, environ, "maintenance", "optimize-index"); r.code != 0 { // create the home
		t.Fatal(r.stderr)
	}
	r := run(t, ctx, environ, "doctor", "--json")
	var rep struct {
		OK     bool
		Checks []Check
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("doctor --json: %v %q", err, r.stdout)
	}
	status := map[string]string{}
	for _, c := range rep.Checks {
		status[c.Name] = c.Status
	}
	if r.code != 0 || !rep.OK || status["database"] != "ok" || status["permissions"] != "ok" || status["ollama"] != "warning" || status["config"] != "ok" {
		t.Fatalf("healthy home: code %d %+v", r.code, rep)
	}

	// A world-writable file, an exposed token and a damaged database fail.
	cfg := filepath.Join(dir, "config", "config.yaml")
	if err := os.WriteFile(cfg, []byte("server:\n  api_token: 0123456789abcdef0123\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(cfg, 0o644)
	loose := filepath.Join(dir, "logs", "loose.txt")
	os.WriteFile(loose, nil, 0o600)
	os.Chmod(loose, 0o666)
	os.Chmod(filepath.Join(dir, "data"), 0o755) // an older version's folder: others may list it
	db := filepath.Join(dir, "data", "genkai_rag.db")
	if b, err := os.ReadFile(db); err == nil && len(b) > 8192 {
		for i := 4096; i < 8192; i++ {
			b[i] ^= 0x5a
		}
		os.WriteFile(db, b, 0o600)
	}
	r = run(t, ctx, environ, "doctor")
	if r.code != 1 {
		t.Fatalf("doctor on a broken home exited %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	for _, want := range []string{"loose.txt is world-writable", "readable by others", "data is open to other users (mode 0755)", "api_token", "✘ database"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("doctor output lacks %q:\n%s", want, r.stdout)
		}
	}
}
