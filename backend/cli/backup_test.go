package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/backup"
)

// tty is a stdin that says it is a terminal.
type tty struct{ io.Reader }

func (tty) IsTerminal() bool { return true }

func runIn(t *testing.T, ctx context.Context, environ []string, stdin io.Reader, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(ctx, Env{Args: args, Stdout: &out, Stderr: &errb, Environ: environ, Version: "9.9.9", Stdin: stdin})
	return result{code, out.String(), errb.String()}
}

func TestBackupCommands(t *testing.T) {
	ctx := context.Background()
	dir, environ := testEnv(t)
	r := run(t, ctx, environ, "--json", "backup", "create", "--include-logs")
	var info backup.Info
	if err := json.Unmarshal([]byte(r.stdout), &info); r.code != 0 || err != nil {
		t.Fatalf("create: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if !backup.ValidName(info.Name) || !info.Valid || info.Manifest == nil {
		t.Fatalf("created %+v", info)
	}
	// A copy from "another machine", outside backups/.
	foreign := filepath.Join(t.TempDir(), "from-laptop.tar.gz")
	b, _ := os.ReadFile(info.Path)
	os.WriteFile(foreign, b, 0o600)
	junk := filepath.Join(t.TempDir(), "notes.tar.gz")
	os.WriteFile(junk, []byte("not an archive at all"), 0o600)
	cfg := filepath.Join(dir, "config", "config.yaml")
	cfgBefore, _ := os.ReadFile(cfg)

	tests := []struct {
		name     string
		stdin    io.Reader
		args     []string
		code     int
		contains string
	}{
		{"list", nil, []string{"backup", "list"}, 0, info.Name},
		{"list json", nil, []string{"backup", "list", "--json"}, 0, `"valid": true`},
		{"verify name", nil, []string{"backup", "verify", info.Name}, 0, "is intact"},
		{"verify path", nil, []string{"backup", "verify", foreign}, 0, "from-laptop.tar.gz is intact"},
		{"verify junk", nil, []string{"backup", "verify", junk}, 1, "not a Genkai RAG backup"},
		{"verify missing", nil, []string{"backup", "verify", "genkai_rag_backup_19990101_000000.tar.gz"}, 1, "no such backup"},
		{"verify no file", nil, []string{"backup", "verify"}, 2, "takes one FILE"},
		{"verify two", nil, []string{"backup", "verify", "a", "b"}, 2, "takes one FILE"},
		{"restore no tty", nil, []string{"backup", "restore", info.Name}, 2, "add --yes"},
		{"restore answered no", tty{strings.NewReader("n\n")}, []string{"backup", "restore", info.Name}, 1, "restore cancelled"},
		{"restore junk", nil, []string{"backup", "restore", junk, "--yes"}, 1, "not a Genkai RAG backup"},
		{"restore answered yes", tty{strings.NewReader("y\n")}, []string{"backup", "restore", foreign}, 0, "Restored from-laptop.tar.gz"},
		{"restore --yes", nil, []string{"--yes", "backup", "restore", info.Name}, 0, "the previous data is in genkai_rag_backup_"},
		{"prune bad", nil, []string{"backup", "prune", "--keep", "-1"}, 2, "--days and --keep"},
		{"prune flag", nil, []string{"backup", "list", "--keep", "3"}, 2, "--keep not valid"},
		{"group", nil, []string{"backup"}, 2, "needs a subcommand"},
		{"unknown", nil, []string{"backup", "make"}, 2, `unknown command "backup make"`},
	}
	for _, tt := range tests {
		r := runIn(t, ctx, environ, tt.stdin, tt.args...)
		if r.code != tt.code || !strings.Contains(r.stdout+r.stderr, tt.contains) {
			t.Errorf("%s: %v = %d %q %q; want %d containing %q", tt.name, tt.args, r.code, r.stdout, r.stderr, tt.code, tt.contains)
		}
		if tt.code != 0 {
			if now, _ := os.ReadFile(cfg); !bytes.Equal(now, cfgBefore) {
				t.Fatalf("%s: a failed command changed the configuration", tt.name)
			}
		}
	}

	// Two restores made two pre-restore backups: 1 + 2 = 3; keep 1.
	r = run(t, ctx, environ, "backup", "prune", "--keep", "1", "--json")
	var pr struct {
		Removed []string
		Kept    int
	}
	if err := json.Unmarshal([]byte(r.stdout), &pr); r.code != 0 || err != nil || pr.Kept != 1 || len(pr.Removed) != 2 {
		t.Fatalf("prune: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := run(t, ctx, environ, "backup", "list"); !strings.Contains(r.stdout, "1 backups") || !strings.Contains(r.stdout, "pre-restore") {
		t.Errorf("list after prune: %q", r.stdout)
	}
}

func TestBackupRestoreRefusedWhileAServerUsesTheHome(t *testing.T) {
	ctx := context.Background()
	dir, environ := testEnv(t)
	var serving atomic.Value
	serving.Store(dir)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		json.NewEncoder(w).Encode(map[string]string{"version": "9.9.9", "data_home": serving.Load().(string)})
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	environ = append(environ, "GENKAI_SERVER_HOST=127.0.0.1", "GENKAI_SERVER_PORT="+u.Port())
	r := run(t, ctx, environ, "backup", "create", "--json")
	var info backup.Info
	if err := json.Unmarshal([]byte(r.stdout), &info); r.code != 0 || err != nil {
		t.Fatalf("create: %+v", r)
	}
	r = run(t, ctx, environ, "backup", "restore", info.Name, "--yes")
	if r.code != 1 || !strings.Contains(r.stderr, "is using this data home") {
		t.Fatalf("restore with a server on the home = %+v", r)
	}
	serving.Store(t.TempDir()) // a server for another home does not matter
	if r := run(t, ctx, environ, "backup", "restore", info.Name, "--yes"); r.code != 0 {
		t.Fatalf("restore with a server on another home = %+v", r)
	}
}

// TestBackupRestoreShowsWhatItKeeps: a restore shows what the archive
// holds before asking, and says which protected settings from it were
// not applied.
func TestBackupRestoreShowsWhatItKeeps(t *testing.T) {
	ctx := context.Background()
	dir, environ := testEnv(t)
	cfg := filepath.Join(dir, "config", "config.yaml")
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(cfg, []byte("server:\n  host: 0.0.0.0\n  api_token: evil-token-0123456789\n  port: 1\n"), 0o600)
	r := run(t, ctx, environ, "backup", "create", "--json")
	var info backup.Info
	if err := json.Unmarshal([]byte(r.stdout), &info); r.code != 0 || err != nil {
		t.Fatalf("create: %+v", r)
	}
	os.WriteFile(cfg, []byte("llm:\n  default_model: mine\n"), 0o600)
	const kept = "server.host from the archive (0.0.0.0) was not applied; kept 127.0.0.1"

	r = runIn(t, ctx, environ, tty{strings.NewReader("n\n")}, "backup", "restore", info.Name)
	if r.code != 1 || !strings.Contains(r.stdout, kept) || !strings.Contains(r.stdout, "database schema") || strings.Contains(r.stdout, "evil-token") {
		t.Fatalf("restore answered no = %+v", r)
	}
	r = run(t, ctx, environ, "--yes", "backup", "restore", info.Name)
	if r.code != 0 || !strings.Contains(r.stdout, kept) || !strings.Contains(r.stdout, "server.api_token from the archive (a token) was not applied; kept no token") {
		t.Fatalf("restore = %+v", r)
	}
	b, _ := os.ReadFile(cfg)
	if strings.Contains(string(b), "0.0.0.0") || strings.Contains(string(b), "evil-token") || !strings.Contains(string(b), "port: 1") {
		t.Errorf("restored config:\n%s", b)
	}
}
