package cli

// Helpers for the end-to-end tests against a real Ollama server
// (backend/llm/ollamatest): the app's services booted by boot() on a temp
// data home, configured through its config file, with the HTTP API of
// `genkai-rag server` served by httptest. Without the ollama binary these
// tests skip (or fail with GENKAI_REQUIRE_OLLAMA=1).

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/api"
	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

// realApp is the app booted against a real Ollama server.
type realApp struct {
	svc  *wiring.Services
	env  Env
	root string // the data home
	url  string // base URL of the HTTP API
}

// e2eEnv returns the environment of a run on a fresh data home whose config
// file holds sets (the default file, then these keys written into it).
func e2eEnv(t testing.TB, sets ...config.Set) Env {
	t.Helper()
	root := t.TempDir()
	cfg := home.Home{Root: root}.ConfigFile()
	if err := os.MkdirAll(filepath.Dir(cfg), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := config.WriteDefault(cfg); err != nil {
		t.Fatal(err)
	}
	if len(sets) > 0 {
		if err := config.Update(cfg, sets...); err != nil {
			t.Fatal(err)
		}
	}
	return Env{Environ: []string{"GENKAI_HOME=" + root, "HOME=" + root, "LANG=C"}, Version: "e2e", Stdout: io.Discard, Stderr: io.Discard}
}

// llmSets configures the Ollama host (not managed by the app) and the
// default chat model.
func llmSets(host, model string) []config.Set {
	return []config.Set{
		{Path: []string{"llm", "ollama_host"}, Value: host},
		{Path: []string{"llm", "manage_ollama"}, Value: false},
		{Path: []string{"llm", "default_model"}, Value: model},
	}
}

// bootApp boots the services for env and serves the HTTP API with the
// same options as `genkai-rag server` (runServer). prep, if given, changes
// the services before the API is built.
func bootApp(t testing.TB, env Env, prep ...func(*wiring.Services)) *realApp {
	t.Helper()
	svc, err := boot(context.Background(), env, options{set: map[string]bool{}}, nil)
	if err != nil {
		t.Fatalf("boot: %v", err)
	}
	t.Cleanup(func() { svc.Close() })
	for _, p := range prep {
		p(svc)
	}
	cfg := svc.Config
	h := api.New(api.Options{
		Logger: svc.Log, Monitor: svc.Monitor, Search: svc.MeteredSearch(), Library: svc.Library(), Chat: svc.Chat,
		Observer: svc.Monitor, Logs: svc.ReadLogs,
		MaxBodyBytes: int64(cfg.Server.MaxBodyKB) << 10, Limiter: svc.Limiter,
		ReloadConfig: func(ctx context.Context) (any, error) { return svc.ReloadConfig(ctx) },
		Maintenance:  svc.Maintenance, Models: svc.MeteredModels(), Backups: svc.Backups,
	}).Handler()
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	root, _, _, _ := paths(env, options{})
	return &realApp{svc: svc, env: env, root: root, url: hs.URL}
}

// index runs `genkai-rag index --dir dir` on the app's data home.
func (a *realApp) index(t testing.TB, dir string) string {
	t.Helper()
	return indexDir(t, a.env, dir)
}

// indexDir runs `genkai-rag index --dir dir` with env.
func indexDir(t testing.TB, env Env, dir string) string {
	t.Helper()
	var out, errb bytes.Buffer
	env.Args, env.Stdout, env.Stderr = []string{"index", "--dir", dir}, &out, &errb
	if code := Run(context.Background(), env); code != 0 {
		t.Fatalf("index --dir %s: exit %d: %s%s", dir, code, out.String(), errb.String())
	}
	return out.String()
}

// do sends a JSON request and decodes a JSON reply into v (if not nil),
// returning the status code.
func (a *realApp) do(t testing.TB, method, path string, body any, v any) int {
	t.Helper()
	res := a.send(t, method, path, body)
	defer res.Body.Close()
	if v != nil {
		b, _ := io.ReadAll(res.Body)
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s %s: %d, not JSON: %v: %s", method, path, res.StatusCode, err, b)
		}
	}
	return res.StatusCode
}

func (a *realApp) send(t testing.TB, method, path string, body any) *http.Response {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, a.url+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return res
}

// ndjson posts body and calls fn with every line of the NDJSON reply,
// returning the status code and content type.
func (a *realApp) ndjson(t testing.TB, path string, body any, fn func(line []byte)) (int, string) {
	t.Helper()
	res := a.send(t, "POST", path, body)
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		if len(bytes.TrimSpace(sc.Bytes())) > 0 {
			fn(sc.Bytes())
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return res.StatusCode, res.Header.Get("Content-Type")
}

// writeDocs writes the fixture documents (name → content) into a new
// folder and returns it.
func writeDocs(t testing.TB, docs map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range docs {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(strings.TrimLeft(text, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// genkaiDocs are a few pages in the style of the Genkai user guide.
var genkaiDocs = map[string]string{
	"job.md": `
# ジョブの実行

## バッチジョブの投入

玄界ではバッチジョブを pjsub コマンドで投入します。ジョブスクリプトにリソースグループと経過時間を指定してください。

    pjsub -L rscgrp=a-batch,elapse=1:00:00 job.sh

投入したジョブの状態は pjstat で確認し、pjdel で取り消します。
`,
	"login.html": `<!DOCTYPE html><html lang="ja"><head><title>ログイン</title></head><body>
<h1 id="login">ログイン方法</h1>
<p>玄界のログインノードには公開鍵認証で SSH 接続します。公開鍵は利用者ポータルで登録してください。</p>
<h2 id="password">パスワード</h2>
<p>パスワードによるログインはできません。</p>
</body></html>`,
	"storage.md": `
# ストレージ

## ホーム領域

ホーム領域の容量は利用者あたり 512GiB です。大容量のデータはグループ領域に置いてください。
`,
}
