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
	"unicode/utf8"

	"github.com/genkai-rag/genkai-rag/backend/api"
	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/models"
)

// withHost replaces GENKAI_LLM_OLLAMA_HOST in environ by extra (or drops it).
func withHost(environ []string, extra ...string) []string {
	var out []string
	for _, e := range environ {
		if !strings.HasPrefix(e, "GENKAI_LLM_OLLAMA_HOST=") {
			out = append(out, e)
		}
	}
	return append(out, extra...)
}

// ndjsonLines decodes every line of s as a pull progress step.
func ndjsonLines(t *testing.T, s string) []models.PullProgress {
	t.Helper()
	var out []models.PullProgress
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		var p models.PullProgress
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatalf("not NDJSON: %q: %v", line, err)
		}
		out = append(out, p)
	}
	return out
}

// TestModelsCommands runs every `models` subcommand against a fake Ollama
// (no server running), with good and bad input, and checks the exit codes.
func TestModelsCommands(t *testing.T) {
	srv := fakeOllama(t)
	dir, env := testEnv(t)
	env = withHost(env, "GENKAI_LLM_OLLAMA_HOST="+srv.URL)
	ctx := t.Context()
	cfgFile := home.Home{Root: dir}.ConfigFile()

	tests := []struct {
		args       []string
		code       int
		out, err   string // substrings of stdout and stderr
		notOut     string
		configHas  string
		configLack string
	}{
		{args: []string{"models", "list"}, out: "2 models, Ollama at " + srv.URL + " (from GENKAI_LLM_OLLAMA_HOST)"},
		{args: []string{"models", "list"}, out: "bge-m3:latest", notOut: "bge-m3 is not installed"},
		{args: []string{"models", "list"}, out: "chat model llama3.2:3b is not installed: download it with `genkai-rag models pull llama3.2:3b`"},
		{args: []string{"models", "pull", "qwen3:4b"}, out: "pulling manifest\ndownloading 100.0%  10 B / 10 B\nPulled qwen3:4b (10 B in "},
		{args: []string{"models", "pull", "nope"}, code: 1, err: "the registry has no model of that name"},
		{args: []string{"models", "rm", "tiny"}, out: "Removed tiny"},
		{args: []string{"models", "rm", "qwen3:4b"}, code: 1, err: "qwen3:4b is not installed (installed: tiny:latest, bge-m3:latest)"},
		{args: []string{"models", "use", "tiny"}, out: "Chat model: llama3.2:3b → tiny (saved", configHas: "default_model: tiny"},
		{args: []string{"models", "use", "tiny"}, out: "tiny was already the chat model"},
		{args: []string{"models", "use", "bge-m3"}, code: 2, err: "only makes embeddings and cannot answer", configLack: "default_model: bge-m3"},
		{args: []string{"models", "use", "tiny", "--embedding"}, code: 2, err: "does not make embeddings", configLack: "embedding_model: tiny"},
		{args: []string{"models", "use", "--embedding", "bge-m3:latest"}, out: "Embedding model: bge-m3 → bge-m3:latest", configHas: "embedding_model: bge-m3:latest"},
		{args: []string{"models", "use", "qwen3:4b"}, code: 1, err: "qwen3:4b is not installed", configLack: "qwen3"},
		{args: []string{"models", "show", "tiny"}, out: "tiny:latest\n  chat, 10 B, llama\n  ✔ chat model\n  options: temperature Ollama's default"},
		{args: []string{"models", "show", "bge-m3"}, out: "embedding, 20 B, bert"},
		{args: []string{"models", "show", "qwen3:4b"}, code: 1, err: "download it with `genkai-rag models pull qwen3:4b`"},
		// Bad usage: exit 2, nothing contacted.
		{args: []string{"models"}, code: 2, err: "`models` needs a subcommand: genkai-rag models list | pull NAME"},
		{args: []string{"models", "frob"}, code: 2, err: `unknown command "models frob"`},
		{args: []string{"models", "pull"}, code: 2, err: "takes one model NAME"},
		{args: []string{"models", "pull", "a", "b"}, code: 2, err: "takes one model NAME"},
		{args: []string{"models", "pull", "bad name!"}, code: 2, err: `invalid model name "bad name!"`},
		{args: []string{"models", "rm", "../x"}, code: 2, err: "invalid model name"},
		{args: []string{"models", "list", "--embedding"}, code: 2, err: "--embedding not valid for `genkai-rag models list`"},
		{args: []string{"models", "list", "extra"}, code: 2, err: `unexpected argument "extra"`},
	}
	for _, tt := range tests {
		r := run(t, ctx, env, tt.args...)
		name := strings.Join(tt.args, " ")
		if r.code != tt.code || !strings.Contains(r.stdout, tt.out) || !strings.Contains(r.stderr, tt.err) || tt.notOut != "" && strings.Contains(r.stdout, tt.notOut) {
			t.Errorf("%s: exit %d (want %d)\nstdout: %s\nstderr: %s\nwant stdout %q, stderr %q", name, r.code, tt.code, r.stdout, r.stderr, tt.out, tt.err)
		}
		file, _ := os.ReadFile(cfgFile)
		if tt.configHas != "" && !strings.Contains(string(file), tt.configHas) || tt.configLack != "" && strings.Contains(string(file), tt.configLack) {
			t.Errorf("%s: config.yaml after it:\n%s", name, file)
		}
	}

	// --json on each subcommand.
	var list struct {
		Models []models.ModelInfo `json:"models"`
		Via    string             `json:"via"`
		Host   string             `json:"ollama_host"`
		Chat   string             `json:"current_model"`
		Source string             `json:"ollama_host_source"`
	}
	r := run(t, ctx, env, "models", "list", "--json")
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || r.code != 0 || len(list.Models) != 2 || list.Via != "ollama" || list.Host != srv.URL || list.Chat != "tiny" || list.Source != "GENKAI_LLM_OLLAMA_HOST" {
		t.Errorf("models list --json: %d %+v %v\n%s", r.code, list, err, r.stdout)
	}
	r = run(t, ctx, env, "models", "pull", "qwen3:4b", "--json")
	lines := ndjsonLines(t, r.stdout)
	if last := lines[len(lines)-1]; r.code != 0 || len(lines) < 3 || lines[0].Status != "pulling manifest" || last.Status != "success" || !last.Done || last.Percent != 100 {
		t.Errorf("models pull --json: %d %+v", r.code, lines)
	}
	r = run(t, ctx, env, "models", "pull", "nope", "--json")
	lines = ndjsonLines(t, r.stdout)
	if last := lines[len(lines)-1]; r.code != 1 || last.Status != "error" || !last.Done || !strings.Contains(last.Error, "registry has no model") {
		t.Errorf("models pull nope --json: %d %+v", r.code, lines)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"models", "rm", "bge-m3", "--json"}, `"was_in_use_as": [`},
		{[]string{"models", "use", "tiny:latest", "--json"}, `"model_name": "tiny:latest"`},
		{[]string{"models", "show", "tiny", "--json"}, `"in_use_as": [`},
	} {
		r := run(t, ctx, env, c.args...)
		var v map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &v); err != nil || r.code != 0 || !strings.Contains(r.stdout, c.want) {
			t.Errorf("%v: %d %v\n%s%s", c.args, r.code, err, r.stdout, r.stderr)
		}
	}

	// Ollama down: exit 1 and how to start it, naming the address's source.
	_, down := testEnv(t)
	r = run(t, ctx, down, "models", "list")
	if r.code != 1 || !strings.Contains(r.stderr, "Ollama is not reachable at http://127.0.0.1:") || !strings.Contains(r.stderr, "`ollama serve`") || !strings.Contains(r.stderr, "from GENKAI_LLM_OLLAMA_HOST") {
		t.Errorf("models list with Ollama down: %d\n%s", r.code, r.stderr)
	}
	r = run(t, ctx, append(down, "LANG=ja_JP.UTF-8"), "models", "pull", "qwen3:4b")
	if r.code != 1 || !strings.Contains(r.stderr, "に接続できません") {
		t.Errorf("models pull with Ollama down, LANG=ja: %d\n%s", r.code, r.stderr)
	}
}

// TestModelsJapanese: under LANG=ja the lines are Japanese.
func TestModelsJapanese(t *testing.T) {
	srv := fakeOllama(t)
	_, env := testEnv(t)
	env = withHost(env, "GENKAI_LLM_OLLAMA_HOST="+srv.URL, "LANG=ja_JP.UTF-8")
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"models", "list"}, 0, "モデル 2 個（Ollama " + srv.URL + "（GENKAI_LLM_OLLAMA_HOST から））"},
		{[]string{"models", "pull", "qwen3:4b"}, 0, "マニフェストを取得中\nダウンロード中 100.0%"},
		{[]string{"models", "use", "tiny"}, 0, "チャットモデル: llama3.2:3b → tiny"},
		{[]string{"models", "rm", "tiny"}, 0, "tiny を削除しました"},
		{[]string{"models", "pull"}, 2, "モデル名を1つ指定してください"},
	} {
		r := run(t, t.Context(), env, c.args...)
		if r.code != c.code || !strings.Contains(r.stdout+r.stderr, c.want) {
			t.Errorf("%v: %d\n%s%s\nwant %q", c.args, r.code, r.stdout, r.stderr, c.want)
		}
	}
}

// fakeTTY is a terminal for the pull view.
type fakeTTY struct{ bytes.Buffer }

func (*fakeTTY) IsTerminal() bool { return true }

// TestPullView: a bar redrawn in place on a terminal with bytes, rate and
// ETA; a line per step and per 10 % otherwise.
func TestPullView(t *testing.T) {
	steps := []models.PullProgress{
		{Status: "pulling manifest"},
		{Status: "pulling abc", Completed: 0, Total: 200 << 20},
		{Status: "pulling abc", Completed: 50 << 20, Total: 200 << 20, Percent: 25, RateBPS: 10 << 20, ETASecs: 15},
		{Status: "pulling abc", Completed: 52 << 20, Total: 200 << 20, Percent: 26, RateBPS: 10 << 20, ETASecs: 14.8},
		{Status: "pulling abc", Completed: 200 << 20, Total: 200 << 20, Percent: 100, RateBPS: 12 << 20},
		{Status: "verifying sha256 digest", Completed: 200 << 20, Total: 200 << 20, Percent: 100},
		{Status: "writing manifest", Completed: 200 << 20, Total: 200 << 20, Percent: 100},
	}
	render := func(tty bool) string {
		var w bytes.Buffer
		var out *modelsOut
		if tty {
			ft := &fakeTTY{}
			out = newModelsOut(Env{Stdout: ft, Stderr: &w}, options{}, modelsCatalogues[false])
			defer func() { w = ft.Buffer }()
		} else {
			out = newModelsOut(Env{Stdout: &w, Stderr: &w}, options{}, modelsCatalogues[false])
		}
		v := &pullView{out: out, lastDecile: -1}
		for _, p := range steps {
			v.show(p)
		}
		v.finish()
		if tty {
			return out.w.(*fakeTTY).String()
		}
		return w.String()
	}
	tty := render(true)
	for _, want := range []string{
		"pulling manifest\ndownloading\n\r\x1b[K[░░░░░░░░░░░░░░░░░░░░]   0.0%  0 B / 200.0 MB",
		"\r\x1b[K[█████░░░░░░░░░░░░░░░]  25.0%  50.0 MB / 200.0 MB  10.0 MB/s  ETA 15s\r",
		"\r\x1b[K[████████████████████] 100.0%  200.0 MB / 200.0 MB  12.0 MB/s\nverifying sha256 digest\nwriting manifest\n",
	} {
		if !strings.Contains(tty, want) {
			t.Errorf("terminal output lacks %q:\n%q", want, tty)
		}
	}
	for _, frame := range strings.Split(tty, "\r\x1b[K") {
		if n := utf8.RuneCountInString(strings.SplitN(frame, "\n", 2)[0]); n >= 80 {
			t.Errorf("a %d-column line would wrap on an 80-column terminal: %q", n, frame)
		}
	}
	plain := render(false)
	if want := "pulling manifest\ndownloading   0.0%  0 B / 200.0 MB\ndownloading  25.0%  50.0 MB / 200.0 MB  10.0 MB/s  ETA 15s\ndownloading 100.0%  200.0 MB / 200.0 MB  12.0 MB/s\nverifying sha256 digest\nwriting manifest\n"; plain != want {
		t.Errorf("plain output:\n%q\nwant\n%q", plain, want)
	}
}

// TestModelsViaServer: with a server serving the data home, `models` goes
// through its API, so a switch applies live in the server.
func TestModelsViaServer(t *testing.T) {
	srv := fakeOllama(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	_, env := testEnv(t)
	env = withHost(env, "GENKAI_LLM_OLLAMA_HOST="+srv.URL, "GENKAI_SERVER_PORT="+strconv.Itoa(port))
	svc, err := boot(t.Context(), Env{Environ: env, Version: "t", Stderr: &bytes.Buffer{}}, options{set: map[string]bool{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	h := api.New(api.Options{Logger: svc.Log, Monitor: svc.Monitor, Search: svc.MeteredSearch(), Library: svc.Library(), Chat: svc.Chat,
		Models: svc.MeteredModels(), Limiter: svc.Limiter, Backups: svc.Backups}).Handler()
	hs := &http.Server{Handler: h}
	go hs.Serve(ln)
	t.Cleanup(func() { hs.Close() })

	base := "http://127.0.0.1:" + strconv.Itoa(port)
	r := run(t, t.Context(), env, "models", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "2 models, via the running server at "+base) {
		t.Fatalf("models list: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = run(t, t.Context(), env, "models", "use", "tiny"); r.code != 0 || svc.Chat.Model() != "tiny" {
		t.Errorf("models use tiny via the server: %d, the server's chat model %q\n%s%s", r.code, svc.Chat.Model(), r.stdout, r.stderr)
	}
	if r = run(t, t.Context(), env, "models", "use", "bge-m3"); r.code != 2 || !strings.Contains(r.stderr, "only makes embeddings") {
		t.Errorf("models use bge-m3 via the server: %d\n%s", r.code, r.stderr)
	}
	r = run(t, t.Context(), env, "models", "pull", "qwen3:4b", "--json")
	if lines := ndjsonLines(t, r.stdout); r.code != 0 || lines[len(lines)-1].Status != "success" || lines[0].Status != "pulling manifest" {
		t.Errorf("models pull via the server: %d %+v", r.code, lines)
	}
	if r = run(t, t.Context(), env, "models", "pull", "nope"); r.code != 1 || !strings.Contains(r.stderr, "registry has no model") {
		t.Errorf("models pull nope via the server: %d\n%s", r.code, r.stderr)
	}
	if r = run(t, t.Context(), env, "models", "rm", "qwen3:4b"); r.code != 1 || !strings.Contains(r.stderr, "is not installed") {
		t.Errorf("models rm (not installed) via the server: %d\n%s", r.code, r.stderr)
	}
	if r = run(t, t.Context(), env, "models", "rm", "tiny", "--json"); r.code != 0 || !strings.Contains(r.stdout, `"removed": "tiny"`) {
		t.Errorf("models rm via the server: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = run(t, t.Context(), env, "models", "show", "bge-m3"); r.code != 0 || !strings.Contains(r.stdout, "embedding model") {
		t.Errorf("models show via the server: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestStatusSaysOllamaHostSource: OLLAMA_HOST alone reaches the Ollama it
// names, and status (text and JSON) and doctor say it won; a bad one is a
// usage error naming the variable; in .env it is no "unknown" variable.
func TestStatusSaysOllamaHostSource(t *testing.T) {
	srv := fakeOllama(t)
	hostport := strings.TrimPrefix(srv.URL, "http://")
	dir, env := testEnv(t)
	env = withHost(env, "OLLAMA_HOST="+hostport)
	ctx := context.Background()

	r := run(t, ctx, env, "status", "--json")
	var st struct {
		Ollama struct {
			Reachable bool   `json:"reachable"`
			Host      string `json:"host"`
		} `json:"ollama"`
		Host   string `json:"ollama_host"`
		Source string `json:"ollama_host_source"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || !st.Ollama.Reachable || st.Host != srv.URL || st.Source != "OLLAMA_HOST" {
		t.Errorf("status --json with OLLAMA_HOST=%s: %+v %v\n%s", hostport, st, err, r.stdout)
	}
	r = run(t, ctx, env, "status")
	if !strings.Contains(r.stdout, "Ollama: reachable") || !strings.Contains(r.stdout, "Ollama address: "+srv.URL+" (from OLLAMA_HOST)") {
		t.Errorf("status:\n%s", r.stdout)
	}
	r = run(t, ctx, append(env, "LANG=ja_JP.UTF-8"), "status")
	if !strings.Contains(r.stdout, "Ollama のアドレス: "+srv.URL+"（OLLAMA_HOST から）") {
		t.Errorf("status, LANG=ja:\n%s", r.stdout)
	}
	r = run(t, ctx, env, "doctor")
	if !strings.Contains(r.stdout, "Ollama 0.17.4 at "+srv.URL+" (from OLLAMA_HOST)") {
		t.Errorf("doctor:\n%s", r.stdout)
	}
	if r = run(t, ctx, env, "models", "list"); r.code != 0 || !strings.Contains(r.stdout, "(from OLLAMA_HOST)") {
		t.Errorf("models list with OLLAMA_HOST: %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	// GENKAI_LLM_OLLAMA_HOST still wins, and says so.
	r = run(t, ctx, append(env, "GENKAI_LLM_OLLAMA_HOST=http://127.0.0.1:9"), "status", "--json")
	if !strings.Contains(r.stdout, `"ollama_host_source": "GENKAI_LLM_OLLAMA_HOST"`) || !strings.Contains(r.stdout, `"ollama_host": "http://127.0.0.1:9"`) {
		t.Errorf("status with both variables:\n%s", r.stdout)
	}

	// A bad OLLAMA_HOST names the variable.
	bad := withHost(env, "OLLAMA_HOST=http://127.0.0.1:99999")
	for _, args := range [][]string{{"config", "validate"}, {"models", "list"}} {
		r := run(t, ctx, bad, args...)
		if r.code != 2 || !strings.Contains(r.stderr, `OLLAMA_HOST: "http://127.0.0.1:99999": the port must be a number from 1 to 65535`) {
			t.Errorf("%v with a bad OLLAMA_HOST: %d\n%s%s", args, r.code, r.stdout, r.stderr)
		}
	}

	// OLLAMA_HOST in .env: honoured, no warning.
	_, env2 := testEnv(t)
	env2 = withHost(env2)
	root := strings.TrimPrefix(env2[0], "GENKAI_HOME=")
	cfg := home.Home{Root: root}.ConfigFile()
	os.MkdirAll(filepath.Dir(cfg), 0o700)
	os.WriteFile(filepath.Join(filepath.Dir(cfg), ".env"), []byte("OLLAMA_HOST="+hostport+"\n"), 0o600)
	r = run(t, ctx, env2, "config", "validate")
	if r.code != 0 || strings.Contains(r.stderr, "OLLAMA_HOST") {
		t.Errorf("config validate with OLLAMA_HOST in .env: %d\n%s", r.code, r.stderr)
	}
	r = run(t, ctx, env2, "status", "--json")
	if !strings.Contains(r.stdout, `"ollama_host_source": "OLLAMA_HOST"`) || !strings.Contains(r.stdout, `"reachable": true`) || !strings.Contains(r.stdout, `"ollama_host_file": "`+filepath.Join(filepath.Dir(cfg), ".env")) {
		t.Errorf("status with OLLAMA_HOST in .env:\n%s", r.stdout)
	}
	_ = dir
}
