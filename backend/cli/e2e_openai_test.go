package cli

import (
	"encoding/json"
	"net"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/llm/ollamatest"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// deadURL is an http URL where nothing listens.
func deadURL(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return "http://" + l.Addr().String()
}

// TestOpenAIProviderEndToEnd: with llm.provider: openai pointing at a real
// Ollama's own OpenAI-compatible /v1, the app embeds the indexed chunks and
// the question there and streams the answer from there, while the
// configured Ollama host is dead and never started; the Models API lists
// the endpoint's models and refuses pulls and deletes with 409.
func TestOpenAIProviderEndToEnd(t *testing.T) {
	srv := ollamatest.Start(t)
	ollamatest.CreateModel(t, srv, "genkai-canned", ollamatest.CannedLlama, cannedAnswer)
	ollamatest.CreateModel(t, srv, "embed", ollamatest.BertEmbedder, "")
	endpoint := srv.URL + "/v1"
	env := e2eEnv(t,
		config.Set{Path: []string{"llm", "ollama_host"}, Value: deadURL(t)}, // nothing may use Ollama
		config.Set{Path: []string{"llm", "manage_ollama"}, Value: true},
		config.Set{Path: []string{"llm", "provider"}, Value: "openai"},
		config.Set{Path: []string{"llm", "openai_base_url"}, Value: endpoint},
		config.Set{Path: []string{"llm", "default_model"}, Value: "genkai-canned"},
		config.Set{Path: []string{"llm", "embedding_model"}, Value: "embed"},
	)
	env.Environ = append(env.Environ, "GENKAI_LLM_OPENAI_API_KEY=sk-local-test", "PATH=/nonexistent")
	indexDir(t, env, writeDocs(t, genkaiDocs))
	app := bootApp(t, env)
	ctx := t.Context()
	app.svc.StartOllama(ctx)
	if app.svc.OpenAI == nil || app.svc.OpenAI.Host() != endpoint {
		t.Fatalf("OpenAI client = %v", app.svc.OpenAI)
	}

	// The chunks are embedded through the endpoint.
	var st search.VectorStatus
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		st = app.svc.Vectors.Status()
		if st.State == "ready" && st.Chunks > 0 && st.Loaded == st.Chunks {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("vectors not ready within 30 s: %+v", st)
		}
	}
	if st.Model != "embed" || st.Dim != 64 {
		t.Errorf("vector status = %+v", st)
	}
	vecs, err := app.svc.Embedder().Embed(ctx, "embed", []string{"玄界では pjsub でジョブを投入します。"})
	if err != nil || len(vecs) != 1 || len(vecs[0]) != 64 {
		t.Fatalf("embed a passage = %d vectors, %v", len(vecs), err)
	}
	if cli := cliSearchJSON(t, env, "pjsub でジョブを投入"); cli.Mode != search.ModeHybrid || len(cli.Hits) == 0 {
		t.Errorf("genkai-rag search --json = %+v, want hybrid (query embedded by the endpoint)", cli)
	}

	// A question, end to end through the chat service, streamed.
	got, code, _ := askHTTP(t, app, map[string]any{"question": "pjsub でバッチジョブを投入する方法を教えてください"})
	if code != 200 || got.answer == nil || got.text() != cannedAnswer || len(got.tokens) < 4 || len(got.errs) > 0 {
		t.Fatalf("ask = %d, tokens %q, errors %v, answer %+v", code, got.tokens, got.errs, got.answer)
	}
	if a := got.answer; a.Status != "complete" || a.Model != "genkai-canned" || a.Mode != search.ModeHybrid {
		t.Errorf("answer = %+v", a)
	}
	checkCitations(t, got.answer.Citations)

	// The Models API: the endpoint's models; no model management.
	var list struct {
		Models []struct {
			Name      string `json:"name"`
			Embedding bool   `json:"embedding"`
		} `json:"models"`
	}
	if code := app.do(t, "GET", "/api/models", nil, &list); code != 200 || len(list.Models) != 2 || list.Models[0].Name != "embed:latest" || !list.Models[0].Embedding || list.Models[1].Name != "genkai-canned:latest" {
		t.Errorf("GET /api/models = %d %+v", code, list)
	}
	var apiErr struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	if code := app.do(t, "POST", "/api/models/pull", map[string]string{"model_name": "qwen3:4b"}, &apiErr); code != 409 ||
		apiErr.Error.Code != "managed_by_endpoint" || !strings.Contains(apiErr.Error.Message, "model management is done on the endpoint when llm.provider is openai") {
		t.Errorf("pull = %d %+v", code, apiErr)
	}
	if code := app.do(t, "DELETE", "/api/models/"+url.PathEscape("genkai-canned"), nil, &apiErr); code != 409 || apiErr.Error.Code != "managed_by_endpoint" {
		t.Errorf("delete = %d %+v", code, apiErr)
	}
	var cur struct {
		ModelName string `json:"model_name"`
	}
	if code := app.do(t, "POST", "/api/models/switch", map[string]string{"model_name": "nope"}, &apiErr); code != 404 || !strings.Contains(apiErr.Error.Message, "does not serve nope") {
		t.Errorf("switch to an unserved model = %d %+v", code, apiErr)
	}
	if code := app.do(t, "POST", "/api/models/switch", map[string]string{"model_name": "genkai-canned:latest"}, &cur); code != 200 || cur.ModelName != "genkai-canned:latest" {
		t.Errorf("switch = %d %+v", code, cur)
	}
	var state llm.State
	if code := app.do(t, "GET", "/api/ollama", nil, &state); code != 200 || state.Phase != llm.PhaseEndpoint || !state.Running || state.Host != endpoint {
		t.Errorf("GET /api/ollama = %d %+v", code, state)
	}
	// Health probes the endpoint, not the dead Ollama host.
	var health map[string]json.RawMessage
	app.do(t, "GET", "/api/health/detailed", nil, &health)
	if b, _ := json.Marshal(health); !strings.Contains(string(b), endpoint) {
		t.Errorf("detailed health does not mention the endpoint: %s", b)
	}
	// doctor checks the endpoint and skips the unused Ollama.
	var names []string
	for _, c := range doctor(ctx, env, options{set: map[string]bool{}}) {
		names = append(names, c.Name)
		if c.Name == "llm_endpoint" && (c.Status != "ok" || !strings.Contains(c.Detail, endpoint+" (API key from GENKAI_LLM_OPENAI_API_KEY) serves 2 models")) {
			t.Errorf("doctor endpoint check = %+v", c)
		}
	}
	if n := strings.Join(names, ","); !strings.Contains(n, "llm_endpoint") || strings.Contains(n, "ollama") {
		t.Errorf("doctor checks = %s", n)
	}
	// The supervisor was never started: no ollama serve, no phase change.
	time.Sleep(200 * time.Millisecond)
	if s := app.svc.Supervisor.State(); s.StartedByUs || s.PID != 0 || s.Phase != llm.PhaseChecking {
		t.Errorf("supervisor state = %+v: it must not run when llm.provider is openai", s)
	}
}
