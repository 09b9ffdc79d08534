package cli

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/api"
)

// TestQueryPathCoverage answers one POST /api/query through the server's
// own wiring against a fake Ollama chat endpoint. Run with -coverprofile
// once as is and once with GENKAI_QUERYPATH_SKIP=1 (everything but the
// request): the blocks whose counts differ are the request's path.
func TestQueryPathCoverage(t *testing.T) {
	ctx := t.Context()
	ollama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/chat" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/x-ndjson")
		io.WriteString(w, `{"model":"m","message":{"role":"assistant","content":"pjsub で投入します。[1]"},"done":false}`+"\n")
		io.WriteString(w, `{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}`+"\n")
	}))
	defer ollama.Close()
	_, environ := testEnv(t, "GENKAI_LLM_OLLAMA_HOST="+ollama.URL)
	docs := t.TempDir()
	os.WriteFile(filepath.Join(docs, "job.md"), []byte("# バッチジョブ\n\npjsubでバッチジョブを投入します。\n"), 0o644)
	if r := run(t, ctx, environ, "index", "--dir", docs); r.code != 0 {
		t.Fatalf("index: %+v", r)
	}
	svc, err := boot(ctx, Env{Environ: environ, Version: "9.9.9", Stdout: io.Discard, Stderr: io.Discard}, options{set: map[string]bool{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	srv := httptest.NewServer(api.New(serverOptions(svc, Env{})).Handler())
	defer srv.Close()
	if os.Getenv("GENKAI_QUERYPATH_SKIP") != "" {
		return // the baseline: everything but the request
	}
	resp, err := http.Post(srv.URL+"/api/query", "application/json", strings.NewReader(`{"question": "pjsubでバッチジョブを投入するには？"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "pjsub で投入します") {
		t.Fatalf("POST /api/query = %d %s", resp.StatusCode, body)
	}
}
