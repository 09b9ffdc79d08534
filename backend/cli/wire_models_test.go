package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/models"
	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

// fakeOllama answers the Ollama API with two installed models, tiny
// (chat) and bge-m3 (embedding); a chat with "broken" fails mid-stream.
func fakeOllama(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Model string `json:"model"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		installed := body.Model == "tiny:latest" || body.Model == "tiny" || body.Model == "bge-m3" || body.Model == "bge-m3:latest"
		switch r.URL.Path {
		case "/api/version":
			fmt.Fprint(w, `{"version":"0.17.4"}`)
		case "/api/tags":
			fmt.Fprint(w, `{"models":[{"name":"tiny:latest","size":10,"digest":"a","details":{"family":"llama"}},{"name":"bge-m3:latest","size":20,"digest":"b","details":{"family":"bert"}}]}`)
		case "/api/ps":
			fmt.Fprint(w, `{"models":[]}`)
		case "/api/show":
			caps := `["completion"]`
			if strings.HasPrefix(body.Model, "bge") {
				caps = `["embedding"]`
			}
			fmt.Fprintf(w, `{"capabilities":%s}`, caps)
		case "/api/chat":
			switch {
			case body.Model == "broken":
				fmt.Fprint(w, `{"message":{"role":"assistant","content":"部分"}}`+"\n"+`{"error":"runner died"}`+"\n")
			case installed:
				fmt.Fprint(w, `{"message":{"role":"assistant","content":"答え"}}`+"\n"+`{"done":true}`+"\n")
			default:
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprintf(w, `{"error":"model '%s' not found"}`, body.Model)
			}
		case "/api/pull":
			if body.Model == "nope" {
				fmt.Fprint(w, `{"error":"pull model manifest: file does not exist"}`+"\n")
				return
			}
			fmt.Fprint(w, `{"status":"pulling manifest"}`+"\n"+`{"status":"pulling x","digest":"x","total":10,"completed":10}`+"\n"+`{"status":"success"}`+"\n")
		case "/api/delete":
			if !installed {
				w.WriteHeader(http.StatusNotFound)
				fmt.Fprintf(w, `{"error":"model '%s' not found"}`, body.Model)
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// bootWithOllama boots the services against host.
func bootWithOllama(t *testing.T, host string, extra ...string) *wiring.Services {
	_, environ := testEnv(t, extra...)
	for i, e := range environ {
		if strings.HasPrefix(e, "GENKAI_LLM_OLLAMA_HOST=") {
			environ[i] = "GENKAI_LLM_OLLAMA_HOST=" + host
		}
	}
	svc, err := boot(t.Context(), Env{Environ: environ, Version: "t", Stderr: io.Discard}, options{set: map[string]bool{}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

func closedAddr(t *testing.T) string {
	_, environ := testEnv(t)
	for _, e := range environ {
		if v, ok := strings.CutPrefix(e, "GENKAI_LLM_OLLAMA_HOST="); ok {
			return v
		}
	}
	t.Fatal("no host")
	return ""
}

func TestModelsAPI(t *testing.T) {
	srv := fakeOllama(t)
	svc := bootWithOllama(t, srv.URL)
	m := svc.ModelsAPI()
	ctx := t.Context()

	list, err := m.Installed(ctx)
	if err != nil || len(list) != 2 || !list[1].Embedding || list[0].Embedding {
		t.Fatalf("Installed() = %+v, %v", list, err)
	}
	for _, r := range m.Recommended(ctx) {
		if r.Installed != (r.Name == "bge-m3") {
			t.Errorf("recommended %+v", r)
		}
	}

	// Switching: must be installed and of the right kind; saved and live.
	if _, err := m.Switch(ctx, "chat", "qwen3:4b"); !errors.Is(err, models.ErrModelNotFound) || !strings.Contains(err.Error(), "installed: tiny:latest, bge-m3:latest") {
		t.Errorf("Switch(not installed) = %v", err)
	}
	if _, err := m.Switch(ctx, "chat", "bge-m3"); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("Switch(chat, embedder) = %v", err)
	}
	if _, err := m.Switch(ctx, "embedding", "tiny"); !errors.Is(err, models.ErrInvalid) {
		t.Errorf("Switch(embedding, chat model) = %v", err)
	}
	cur, err := m.Switch(ctx, "", "tiny:latest")
	if err != nil || cur.ModelName != "tiny:latest" || svc.Chat.Model() != "tiny:latest" {
		t.Fatalf("Switch(tiny) = %+v, %v; chat uses %q", cur, err, svc.Chat.Model())
	}
	if cur, err = m.Switch(ctx, "embedding", "bge-m3:latest"); err != nil || cur.EmbeddingModel != "bge-m3:latest" {
		t.Fatalf("Switch(embedding) = %+v, %v", cur, err)
	}
	file, _ := os.ReadFile(svc.ConfigFile())
	if !strings.Contains(string(file), "default_model: tiny:latest") || !strings.Contains(string(file), "embedding_model: bge-m3:latest") {
		t.Errorf("config file after switch:\n%s", file)
	}
	if !strings.Contains(string(file), "#") {
		t.Error("the config file lost its comments")
	}

	// Options: validated, saved, used by the next answer.
	f := func(v float64) *float64 { return &v }
	n := func(v int) *int { return &v }
	if _, err := m.SetConfig(ctx, models.ModelConfig{ModelName: "tiny:latest", Temperature: f(3), TopP: f(1.5), MaxTokens: n(0), ContextLength: n(100)}); !errors.Is(err, models.ErrInvalid) ||
		!strings.Contains(err.Error(), "temperature must be from 0 to 2") || !strings.Contains(err.Error(), "top_p") || !strings.Contains(err.Error(), "max_tokens") || !strings.Contains(err.Error(), "context_length") {
		t.Errorf("SetConfig(out of range) = %v", err)
	}
	got, err := m.SetConfig(ctx, models.ModelConfig{ModelName: "tiny:latest", Temperature: f(0.3), MaxTokens: n(512)})
	if err != nil || *got.Temperature != 0.3 || *got.MaxTokens != 512 || got.TopP != nil || got.ContextLength != nil {
		t.Fatalf("SetConfig = %+v, %v", got, err)
	}
	if c, _ := m.Config("tiny:latest"); c.Temperature == nil || *c.Temperature != 0.3 {
		t.Errorf("Config after set = %+v", c)
	}
	if o := svc.CurrentConfig().LLM.Models["tiny:latest"]; o.MaxTokens != 512 {
		t.Errorf("live options = %+v", o)
	}
	if got, err = m.SetConfig(ctx, models.ModelConfig{ModelName: "tiny:latest"}); err != nil || got.Temperature != nil {
		t.Errorf("SetConfig(all defaults) = %+v, %v", got, err)
	}

	// Pull and delete.
	var steps []models.PullProgress
	if err := m.Pull(ctx, "qwen3:4b", func(p models.PullProgress) error { steps = append(steps, p); return nil }); err != nil || steps[len(steps)-1].Percent != 100 || steps[len(steps)-1].Status == "success" {
		t.Errorf("Pull = %v, %+v", err, steps)
	}
	if err := m.Pull(ctx, "nope", func(models.PullProgress) error { return nil }); !errors.Is(err, models.ErrModelNotFound) {
		t.Errorf("Pull(nope) = %v", err)
	}
	if err := m.Delete(ctx, "nope"); !errors.Is(err, models.ErrModelNotFound) {
		t.Errorf("Delete(nope) = %v", err)
	}
	b, _ := json.Marshal(m.Ollama(ctx))
	if !strings.Contains(string(b), `"running":true`) || !strings.Contains(string(b), `"version":"0.17.4"`) {
		t.Errorf("Ollama() = %s", b)
	}

	pinned := bootWithOllama(t, srv.URL, "GENKAI_LLM_DEFAULT_MODEL=bge-m3")
	if _, err := pinned.ModelsAPI().Switch(ctx, "chat", "tiny"); err == nil || !strings.Contains(err.Error(), "GENKAI_LLM_DEFAULT_MODEL overrides") {
		t.Errorf("Switch under an environment override = %v", err)
	}

	down := bootWithOllama(t, "http://"+strings.TrimPrefix(closedAddr(t), "http://"))
	if _, err := down.ModelsAPI().Installed(ctx); !errors.Is(err, models.ErrOllamaDown) {
		t.Errorf("Installed with Ollama down = %v", err)
	}
}
