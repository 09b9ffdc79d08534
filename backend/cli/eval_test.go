package cli

import (
	"encoding/json"
	"hash/fnv"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/search"
)

// fakeOllamaEmbed speaks Ollama's /api/embed with a deterministic embedder
// (hashed character bigrams of the normalised text, 256 dimensions) for
// model "bigram"; other models get Ollama's 404.
func fakeOllamaEmbed(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/api/embed" {
			http.NotFound(w, r)
			return
		}
		var req struct {
			Model string   `json:"model"`
			Input []string `json:"input"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil || len(req.Input) == 0 {
			t.Errorf("bad embed request: %v", err)
			http.Error(w, `{"error":"bad request"}`, http.StatusBadRequest)
			return
		}
		if req.Model != "bigram" {
			w.WriteHeader(http.StatusNotFound)
			w.Write([]byte(`{"error":"model \"` + req.Model + `\" not found, try pulling it first"}`))
			return
		}
		out := make([][]float32, len(req.Input))
		for i, text := range req.Input {
			v := make([]float32, 256)
			rs := []rune(search.Normalize(text))
			for j := 0; j+1 < len(rs); j++ {
				h := fnv.New32a()
				h.Write([]byte(string(rs[j : j+2])))
				v[h.Sum32()%256]++
			}
			v[0] += 0.01
			out[i] = v
		}
		json.NewEncoder(w).Encode(map[string]any{"model": req.Model, "embeddings": out})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestEvalHybridWithFakeOllama(t *testing.T) {
	srv := fakeOllamaEmbed(t)
	_, env := testEnv(t, "GENKAI_LLM_OLLAMA_HOST="+srv.URL)
	mini := filepath.Join("..", "search", "testdata", "genkai-mini")
	for _, mode := range []string{"hybrid", "vector"} {
		r := run(t, t.Context(), env, "eval", "--beir", mini, "--mode", mode, "--embed-model", "bigram", "--json")
		var rep map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != 0 {
			t.Fatalf("eval --mode %s: %+v %v", mode, r, err)
		}
		if rep["mode"] != mode || rep["embed_model"] != "bigram" || rep["queries"] != 8.0 {
			t.Errorf("eval --mode %s = %v", mode, rep)
		}
		if mode == "hybrid" && rep["recall@5"] != 1.0 {
			t.Errorf("hybrid recall@5 = %v, want 1 (lexical alone has 1)", rep["recall@5"])
		}
		if rep["recall@10"].(float64) < 0.5 {
			t.Errorf("%s recall@10 = %v: the vectors found nothing", mode, rep["recall@10"])
		}
	}
	r := run(t, t.Context(), env, "eval", "--beir", mini, "--mode", "hybrid", "--embed-model", "nomodel")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "embedding model nomodel through Ollama at "+srv.URL) || !strings.Contains(r.stderr, "ollama pull nomodel") {
		t.Errorf("eval with a missing model: %+v", r)
	}
	if r := run(t, t.Context(), env, "eval", "--beir", mini, "--mode", "hybrid", "--embed-model", "bigram"); r.code != 0 || !strings.Contains(r.stdout, "mode hybrid, embedding model bigram") {
		t.Errorf("eval text: %+v", r)
	}
}
