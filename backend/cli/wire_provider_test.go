package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/config"
)

// TestProviderWiring boots the app with llm.provider: openai against a
// minimal fake endpoint that requires an API key: the key comes from the
// environment, answers stream from the endpoint, a missing key is a 401
// with the variable to set, and Ollama is not supervised.
func TestProviderWiring(t *testing.T) {
	var mu sync.Mutex
	var paths []string
	fake := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.URL.Path)
		mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer sk-team" {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":{"message":"invalid api key"}}`)
			return
		}
		switch r.URL.Path {
		case "/v1/models":
			io.WriteString(w, `{"data":[{"id":"team-llm"}]}`)
		case "/v1/embeddings":
			var req struct{ Input []string }
			json.NewDecoder(r.Body).Decode(&req)
			var data []map[string]any
			for i, s := range req.Input {
				data = append(data, map[string]any{"index": i, "embedding": []float32{float32(len(s)), 1}})
			}
			json.NewEncoder(w).Encode(map[string]any{"data": data})
		case "/v1/chat/completions":
			w.Header().Set("Content-Type", "text/event-stream")
			for _, p := range []string{"玄界は", "スパコン", "です。"} {
				b, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{"delta": map[string]string{"content": p}}}})
				io.WriteString(w, "data: "+string(b)+"\n\n")
			}
			io.WriteString(w, "data: [DONE]\n\n")
		default:
			http.NotFound(w, r)
		}
	}))
	defer fake.Close()
	sets := []config.Set{
		{Path: []string{"llm", "ollama_host"}, Value: deadURL(t)},
		{Path: []string{"llm", "provider"}, Value: "openai"},
		{Path: []string{"llm", "openai_base_url"}, Value: fake.URL + "/v1"},
		{Path: []string{"llm", "embedding_provider"}, Value: "openai"},
		{Path: []string{"llm", "default_model"}, Value: "team-llm"},
	}
	for _, tt := range []struct {
		name, key, want string
	}{
		{"key from the environment", "OPENAI_API_KEY=sk-team", "玄界はスパコンです。"},
		{"no key", "", "401 Unauthorized: invalid api key: set GENKAI_LLM_OPENAI_API_KEY (or OPENAI_API_KEY) in the environment"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			env := e2eEnv(t, sets...)
			env.Environ = append(env.Environ, tt.key, "PATH=/nonexistent")
			indexDir(t, env, writeDocs(t, genkaiDocs))
			app := bootApp(t, env)
			app.svc.StartOllama(t.Context())
			got, code, _ := askHTTP(t, app, map[string]any{"question": "pjsub でバッチジョブを投入する方法"})
			all := got.text() + strings.Join(got.errs, "\n")
			if code != 200 || !strings.Contains(all, tt.want) {
				t.Errorf("ask = %d, text %q, errors %q; want %q", code, got.text(), got.errs, tt.want)
			}
			if s := app.svc.Supervisor.State(); s.Phase != "checking" || s.StartedByUs {
				t.Errorf("supervisor ran: %+v", s)
			}
			// `status` (no server running) probes the endpoint, not Ollama.
			var out bytes.Buffer
			senv := env
			senv.Args, senv.Stdout, senv.Stderr = []string{"status"}, &out, &out
			Run(t.Context(), senv)
			want := "LLM endpoint: reachable " + fake.URL + "/v1"
			if tt.key == "" {
				want = "LLM endpoint: not reachable: " + fake.URL + "/v1 (openai endpoint " + fake.URL + "/v1: 401 Unauthorized"
			}
			if !strings.Contains(out.String(), want) || strings.Contains(out.String(), "Ollama: ") {
				t.Errorf("status:\n%s\nwant a line %q", out.String(), want)
			}
			if tt.key == "" {
				return
			}
			// `models list` shows the endpoint's models; `models pull` says
			// where models are managed.
			out.Reset()
			senv.Args = []string{"models", "list"}
			if code := Run(t.Context(), senv); code != 0 || !strings.Contains(out.String(), "team-llm") || !strings.Contains(out.String(), "OpenAI-compatible endpoint "+fake.URL+"/v1") {
				t.Errorf("models list: exit %d\n%s", code, out.String())
			}
			out.Reset()
			senv.Args = []string{"models", "pull", "qwen3:4b"}
			if code := Run(t.Context(), senv); code != 1 || !strings.Contains(out.String(), "model management is done on the endpoint when llm.provider is openai") {
				t.Errorf("models pull: exit %d\n%s", code, out.String())
			}
		})
	}
	mu.Lock()
	defer mu.Unlock()
	if !strings.Contains(strings.Join(paths, ","), "/v1/chat/completions") {
		t.Errorf("the endpoint saw %v", paths)
	}
}

// TestReloadKeepsProvider: llm.provider and the endpoint need a restart
// (the clients are built at start): a reload reports them as
// restart_required and keeps the running values, so the Models API and
// the supervisor do not disagree with the clients in use.
func TestReloadKeepsProvider(t *testing.T) {
	_, environ := testEnv(t)
	svc, err := boot(t.Context(), Env{Environ: environ, Version: "t", Stderr: io.Discard}, options{set: map[string]bool{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := os.WriteFile(svc.ConfigFile(), []byte("llm:\n  provider: openai\n  openai_base_url: http://gpu:8000/v1\n  embedding_provider: openai\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := svc.ReloadConfig(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"llm.provider", "llm.openai_base_url", "llm.embedding_provider"}; !slices.Equal(res.RestartRequired, want) {
		t.Errorf("restart_required = %v, want %v", res.RestartRequired, want)
	}
	if l := svc.CurrentConfig().LLM; l.Provider != "ollama" || l.OpenAIBaseURL != "" || l.EmbeddingProvider != "" || !l.UsesOllama() {
		t.Errorf("running llm config changed by a reload: %+v", l)
	}
}
