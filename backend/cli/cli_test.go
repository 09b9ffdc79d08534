package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

type result struct {
	code           int
	stdout, stderr string
}

func run(t *testing.T, ctx context.Context, environ []string, args ...string) result {
	t.Helper()
	var out, errb bytes.Buffer
	code := Run(ctx, Env{Args: args, Stdout: &out, Stderr: &errb, Environ: environ, Version: "9.9.9"})
	return result{code, out.String(), errb.String()}
}

// testEnv isolates a run: its own data home, no real Ollama.
func testEnv(t *testing.T, extra ...string) (string, []string) {
	t.Helper()
	dir := t.TempDir()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	return dir, append([]string{"GENKAI_HOME=" + dir, "HOME=" + dir, "LANG=C", "GENKAI_LLM_OLLAMA_HOST=http://" + closed}, extra...)
}

func TestParse(t *testing.T) {
	tests := []struct {
		args    []string
		cmd     string
		wantErr string
		check   func(options) bool
	}{
		{[]string{"server", "--log-level", "DEBUG", "--port", "8001"}, "server", "", func(o options) bool { return o.port == 8001 && o.logLevel == "DEBUG" }},
		{[]string{"--port=8002", "server"}, "server", "", func(o options) bool { return o.port == 8002 }},
		{[]string{"--data-dir", "/x", "config", "validate", "--config", "c.yaml"}, "config validate", "", func(o options) bool { return o.dataDir == "/x" && o.config == "c.yaml" }},
		{[]string{}, "", "", nil},
		{[]string{"status", "-json"}, "status", "", func(o options) bool { return o.json }},
		{[]string{"serve"}, "", `unknown command "serve"`, nil},
		{[]string{"server", "--bogus"}, "", "unknown flag -bogus", nil},
		{[]string{"version", "--port", "1"}, "", "--port not valid for `genkai-rag version`", nil},
		{[]string{"--host", "x"}, "", "--host not valid for the desktop app", nil},
		{[]string{"server", "--port", "abc"}, "", "--port must be a number", nil},
		{[]string{"config"}, "", "needs a subcommand", nil},
		{[]string{"--", "server"}, "server", "", nil},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			cmd, o, err := parse(tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("parse() err = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || cmd != tt.cmd || tt.check != nil && !tt.check(o) {
				t.Errorf("parse() = %q, %+v, %v; want %q", cmd, o, err, tt.cmd)
			}
		})
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	_, env := testEnv(t)
	for _, args := range [][]string{{"frobnicate"}, {"server", "--nope"}, {"version", "--config", "x"}} {
		r := run(t, t.Context(), env, args...)
		if r.code != ExitUsage || !strings.HasPrefix(r.stderr, "genkai-rag: ") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: code %d stderr %q; want exit 2 and one line", args, r.code, r.stderr)
		}
	}
	if r := run(t, t.Context(), env); r.code != ExitFailure || !strings.Contains(r.stderr, "no desktop window") {
		t.Errorf("bare command without a desktop: %+v", r)
	}
}

func TestVersionAndHelp(t *testing.T) {
	_, env := testEnv(t)
	if r := run(t, t.Context(), env, "version"); r.code != 0 || !strings.HasPrefix(r.stdout, "genkai-rag 9.9.9 (schema ") {
		t.Errorf("version: %+v", r)
	}
	r := run(t, t.Context(), env, "version", "--json")
	var v map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || v["version"] != "9.9.9" {
		t.Errorf("version --json: %+v %v", r, err)
	}
	if r := run(t, t.Context(), env, "help"); r.code != 0 || !strings.Contains(r.stdout, "genkai-rag server [--host 127.0.0.1]") {
		t.Errorf("help: %+v", r)
	}
	if r := run(t, t.Context(), env, "server", "--help"); r.code != 0 || !strings.Contains(r.stdout, "Usage:") {
		t.Errorf("server --help: %+v", r)
	}
}

func TestConfigValidate(t *testing.T) {
	dir, env := testEnv(t)
	good := filepath.Join(dir, "good.yaml")
	os.WriteFile(good, []byte("server:\n  port: 8080\nmonitoring:\n  log_levl: DEBUG\n"), 0o600)
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("server:\n  port: 99999\nconcurrency:\n  request_timeout: -1\n"), 0o600)

	r := run(t, t.Context(), env, "config", "validate", "--config", good)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "config OK: "+good) || !strings.Contains(r.stderr, `warning: monitoring.log_levl: line 4: unknown key, ignored; did you mean "log_level"?`) {
		t.Errorf("valid file: %+v", r)
	}
	r = run(t, t.Context(), append(env, "LANG=ja_JP.UTF-8"), "config", "validate", "--config", good)
	if r.code != 0 || !strings.HasPrefix(r.stdout, "設定OK") {
		t.Errorf("Japanese: %+v", r)
	}
	r = run(t, t.Context(), env, "--config", bad, "config", "validate")
	want := []string{"server.port: must be between 1 and 65535, got 99999", "concurrency.request_timeout: must be greater than 0"}
	if r.code != ExitUsage {
		t.Errorf("invalid file exit = %d, want 2", r.code)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr %q lacks %q", r.stderr, w)
		}
	}
	if !strings.Contains(r.stdout, "config invalid (2)") {
		t.Errorf("stdout = %q", r.stdout)
	}
	r = run(t, t.Context(), env, "config", "validate", "--config", filepath.Join(dir, "missing.yaml"))
	if r.code != ExitUsage || !strings.Contains(r.stderr, "does not exist") {
		t.Errorf("missing file: %+v", r)
	}
	r = run(t, t.Context(), env, "config", "validate")
	if r.code != 0 || !strings.Contains(r.stdout, "using defaults") {
		t.Errorf("no file: %+v", r)
	}
	if _, err := os.Stat(filepath.Join(dir, "config")); !os.IsNotExist(err) {
		t.Error("config validate created files in the data home")
	}
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func TestServerStatusLifecycle(t *testing.T) {
	dir, env := testEnv(t)
	port := freePort(t)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan result)
	go func() { done <- run(t, ctx, env, "server", "--port", strconv.Itoa(port), "--log-level", "DEBUG") }()

	base := "http://127.0.0.1:" + strconv.Itoa(port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := http.Get(base + "/api/health")
		if err == nil {
			res.Body.Close()
			if res.StatusCode != 200 {
				t.Fatalf("health = %d", res.StatusCode)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}

	r := run(t, t.Context(), env, "status", "--json", "--port", strconv.Itoa(port))
	var rep statusReport
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 || rep.Source != "server" || rep.Server.Version != "9.9.9" {
		t.Errorf("status against server: %+v %v", r, err)
	}
	if r := run(t, t.Context(), env, "server", "--port", strconv.Itoa(port)); r.code != ExitFailure || !strings.Contains(r.stderr, "already in use") {
		t.Errorf("second server: %+v", r)
	}

	cancel()
	res := <-done
	if res.code != 0 {
		t.Errorf("server exit = %d, stderr %s", res.code, res.stderr)
	}
	for _, p := range []string{"config/config.yaml", "data/genkai_rag.db", "logs/genkai_rag.log"} {
		fi, err := os.Stat(filepath.Join(dir, p))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			continue
		}
		if p == "config/config.yaml" && fi.Mode().Perm() != 0o600 {
			t.Errorf("config mode = %v, want 0600", fi.Mode().Perm())
		}
	}
	logText, _ := os.ReadFile(filepath.Join(dir, "logs", "genkai_rag.log"))
	if !strings.Contains(string(logText), `"msg":"server listening"`) || !strings.Contains(string(logText), `"level":"DEBUG"`) {
		t.Errorf("log lacks JSON records at DEBUG: %s", logText)
	}

	r = run(t, t.Context(), env, "status", "--port", strconv.Itoa(port))
	if r.code != 0 || !strings.Contains(r.stdout, "server: not running") || !strings.Contains(r.stdout, "schema "+strconv.Itoa(store.SchemaVersion())) || !strings.Contains(r.stdout, "Ollama: not reachable") {
		t.Errorf("local status: %+v", r)
	}
}

func TestServerRefusesBadSetup(t *testing.T) {
	dir, env := testEnv(t)
	os.MkdirAll(filepath.Join(dir, "data"), 0o700)
	db := filepath.Join(dir, "data", "genkai_rag.db")
	junk := bytes.Repeat([]byte("junk"), 1000)
	os.WriteFile(db, junk, 0o600)

	r := run(t, t.Context(), env, "server", "--port", strconv.Itoa(freePort(t)))
	if r.code != ExitFailure || !strings.Contains(r.stderr, "database is damaged") || !strings.Contains(r.stderr, "restore a backup") {
		t.Errorf("damaged db: %+v", r)
	}
	if b, _ := os.ReadFile(db); !bytes.Equal(b, junk) {
		t.Error("damaged database was modified")
	}
	if r := run(t, t.Context(), env, "status"); r.code != ExitFailure || !strings.Contains(r.stdout, "database is damaged") {
		t.Errorf("status with damaged db: %+v", r)
	}

	_, env2 := testEnv(t)
	r = run(t, t.Context(), env2, "server", "--host", "0.0.0.0", "--port", "8123")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "server.api_token: required when server.host (0.0.0.0)") {
		t.Errorf("open bind without token: %+v", r)
	}
	r = run(t, t.Context(), env2, "server", "--log-level", "LOUD")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "monitoring.log_level: must be one of") {
		t.Errorf("bad log level: %+v", r)
	}

	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o600)
	r = run(t, t.Context(), env2, "server", "--data-dir", file)
	if r.code != ExitFailure || !strings.Contains(r.stderr, "is a file, not a directory") {
		t.Errorf("data home is a file: %+v", r)
	}
}

func TestEvalAndSearch(t *testing.T) {
	_, env := testEnv(t)
	mini := filepath.Join("..", "search", "testdata", "genkai-mini")
	r := run(t, t.Context(), env, "eval", "--beir", mini, "--json")
	var rep map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 {
		t.Fatalf("eval --json: %+v %v", r, err)
	}
	for _, k := range []string{"recall@1", "recall@5", "recall@10", "mrr@10", "answer_recall@5", "p50_ms", "p95_ms", "build_s", "queries", "mode"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("eval --json lacks %q: %s", k, r.stdout)
		}
	}
	if rep["queries"] != 8.0 || rep["recall@5"] != 1.0 || rep["mode"] != "lexical" {
		t.Errorf("eval figures = %v", rep)
	}
	if r := run(t, t.Context(), env, "eval", "--beir", mini); r.code != 0 || !strings.Contains(r.stdout, "recall@1 1.000") {
		t.Errorf("eval text: %+v", r)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"eval"}, "eval needs --beir DIR"},
		{[]string{"eval", "--beir", t.TempDir()}, "corpus.jsonl"},
		{[]string{"eval", "--beir", mini, "--mode", "hybrid"}, "needs the embedding model bge-m3 through Ollama at http://127.0.0.1:"},
		{[]string{"eval", "--beir", mini, "--mode", "fuzzy"}, "--mode must be lexical, vector or hybrid"},
		{[]string{"eval", "--beir", mini, "--embed-model", "x"}, "--embed-model needs --mode vector"},
		{[]string{"eval", "--beir", mini, "--k", "0"}, "--k must be between 1 and 100"},
		{[]string{"search"}, "search needs a query"},
		{[]string{"version", "extra"}, `unexpected argument "extra"`},
	} {
		if r := run(t, t.Context(), env, tc.args...); r.code != ExitUsage || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%v: %+v, want exit 2 and %q", tc.args, r, tc.want)
		}
	}
	if r := run(t, t.Context(), env, "search", "GPU"); r.code != ExitFailure || !strings.Contains(r.stderr, "no data home") {
		t.Errorf("search before any data: %+v", r)
	}
}
