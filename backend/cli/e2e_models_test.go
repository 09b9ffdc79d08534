package cli

import (
	"encoding/json"
	"encoding/pem"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/llm/ollamatest"
	"github.com/genkai-rag/genkai-rag/backend/models"
)

// tlsRegistry puts an HTTPS proxy in front of the test registry and makes
// the Ollama servers started after this call trust its certificate
// (SSL_CERT_FILE), because the app pulls as `ollama pull` does without
// --insecure: over HTTPS. It returns the host:port to pull from.
func tlsRegistry(t testing.TB, reg *ollamatest.Registry) string {
	t.Helper()
	proxy := httputil.NewSingleHostReverseProxy(&url.URL{Scheme: "http", Host: reg.Host})
	proxy.FlushInterval = -1
	ts := httptest.NewUnstartedServer(proxy)
	ts.Config.ErrorLog = nil
	ts.StartTLS()
	t.Cleanup(ts.Close)
	file := filepath.Join(t.TempDir(), "registry-ca.pem")
	if err := os.WriteFile(file, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ts.Certificate().Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("SSL_CERT_FILE", file)
	return strings.TrimPrefix(ts.URL, "https://")
}

// pullStream is what POST /api/models/pull streamed.
type pullStream struct {
	lines []models.PullProgress
}

func pullHTTP(t testing.TB, app *realApp, name string) (pullStream, int) {
	t.Helper()
	var s pullStream
	code, _ := app.ndjson(t, "/api/models/pull", map[string]any{"model_name": name}, func(line []byte) {
		var p models.PullProgress
		if err := json.Unmarshal(line, &p); err != nil {
			t.Fatalf("pull line %q: %v", line, err)
		}
		s.lines = append(s.lines, p)
	})
	return s, code
}

type modelList struct {
	Models         []models.ModelInfo `json:"models"`
	CurrentModel   string             `json:"current_model"`
	EmbeddingModel string             `json:"embedding_model"`
}

func (l modelList) find(name string) *models.ModelInfo {
	for i := range l.Models {
		if l.Models[i].Name == name {
			return &l.Models[i]
		}
	}
	return nil
}

// TestModelsEndToEnd manages real models through the app's HTTP API:
// listing, switching (saved to config.yaml), per-model options that reach
// Ollama, and a pull from a registry with its progress.
func TestModelsEndToEnd(t *testing.T) {
	reg := ollamatest.StartRegistry(t)
	published := reg.Publish(t, "genkai-embed", ollamatest.BertEmbedder, "")
	pullHost := tlsRegistry(t, reg)
	pullName := strings.Replace(published, reg.Host, pullHost, 1)

	srv := ollamatest.Start(t)
	ollamatest.CreateModel(t, srv, "canned", ollamatest.CannedLlama, cannedAnswer)
	ollamatest.CreateModel(t, srv, "random", ollamatest.RandomLlama, "")
	app := bootApp(t, e2eEnv(t, llmSets(srv.URL, "canned")...))
	app.index(t, writeDocs(t, genkaiDocs))
	cfgFile := app.svc.ConfigFile()

	// A pull (of an embedder no local model shares blobs with) streams
	// its progress and ends with success; the model is then installed.
	reg.SetBlobRate(256 << 10)
	got, code := pullHTTP(t, app, pullName)
	if code != 200 || len(got.lines) == 0 {
		t.Fatalf("pull = %d, %d lines", code, len(got.lines))
	}
	last := got.lines[len(got.lines)-1]
	if last.Status != "success" || !last.Done || last.Percent != 100 || last.Error != "" {
		t.Fatalf("pull ended with %+v; lines %+v", last, got.lines)
	}
	var prev int64
	moving, rated := 0, false
	for _, p := range got.lines[:len(got.lines)-1] {
		if p.Completed < prev || p.Total > 0 && p.Completed > p.Total || p.Done {
			t.Errorf("progress went backwards or ended early: %+v after %d", p, prev)
		}
		prev = p.Completed
		if p.Total > 0 && p.Completed > 0 && p.Percent > 0 && p.Percent < 100 {
			moving++
		}
		rated = rated || p.RateBPS > 0 && p.ETASecs > 0
	}
	t.Logf("pull of %s: %d progress lines, %d of them while bytes moved", pullName, len(got.lines), moving)
	if moving < 3 || !rated || prev == 0 {
		t.Errorf("progress: %d lines with completed growing, rate and eta seen %v; lines %+v", moving, rated, got.lines)
	}

	// The installed models, the embedder marked as such.
	var list modelList
	if code := app.do(t, "GET", "/api/models", nil, &list); code != 200 || len(list.Models) != 3 || list.CurrentModel != "canned" {
		t.Fatalf("GET /api/models = %d %+v", code, list)
	}
	for _, want := range []struct {
		name  string
		embed bool
	}{{"canned:latest", false}, {"random:latest", false}, {pullName, true}} {
		if m := list.find(want.name); m == nil || m.Embedding != want.embed || m.SizeBytes <= 0 || m.Family == "" {
			t.Errorf("model %s = %+v, want embedding %v", want.name, m, want.embed)
		}
	}

	// Switching: saved in config.yaml and used by the next answer.
	var sw struct {
		Current models.CurrentModels `json:"current"`
	}
	if code := app.do(t, "POST", "/api/models/switch", map[string]any{"model_name": "random"}, &sw); code != 200 || sw.Current.ModelName != "random" || app.svc.Chat.Model() != "random" {
		t.Fatalf("switch to random = %d %+v (chat uses %q)", code, sw, app.svc.Chat.Model())
	}
	if code := app.do(t, "POST", "/api/models/switch", map[string]any{"model_name": pullName, "kind": "embedding"}, &sw); code != 200 || sw.Current.EmbeddingModel != pullName {
		t.Fatalf("switch embedding = %d %+v", code, sw)
	}
	if code := app.do(t, "POST", "/api/models/switch", map[string]any{"model_name": pullName}, nil); code != 400 {
		t.Errorf("switching the chat model to an embedder = %d, want 400", code)
	}
	if file, _ := os.ReadFile(cfgFile); !strings.Contains(string(file), "default_model: random") || !strings.Contains(string(file), "embedding_model: "+pullName) {
		t.Errorf("config.yaml after the switches:\n%s", file)
	}

	// The next answer comes from the random model.
	const question = "pjsub でバッチジョブを投入する方法を教えてください"
	rnd, code, _ := askHTTP(t, app, map[string]any{"question": question})
	if code != 200 || rnd.answer == nil || rnd.answer.Model != "random" || rnd.answer.Status != "complete" || len(rnd.tokens) < 3 || rnd.text() == cannedAnswer {
		t.Fatalf("answer after the switch: %d, %d tokens, %+v", code, len(rnd.tokens), rnd.answer)
	}

	// Options reach Ollama: max_tokens 2 cuts the canned answer to its
	// first two pieces (one token each).
	var mc models.ModelConfig
	if code := app.do(t, "PUT", "/api/models/canned/config", map[string]any{"max_tokens": 2, "temperature": 0.5}, &mc); code != 200 || mc.MaxTokens == nil || *mc.MaxTokens != 2 {
		t.Fatalf("PUT config = %d %+v", code, mc)
	}
	mc = models.ModelConfig{}
	if code := app.do(t, "GET", "/api/models/canned/config", nil, &mc); code != 200 || mc.ModelName != "canned" || mc.MaxTokens == nil || *mc.MaxTokens != 2 ||
		mc.Temperature == nil || *mc.Temperature != 0.5 || mc.TopP != nil || mc.ContextLength != nil {
		t.Errorf("GET config = %d %+v", code, mc)
	}
	if file, _ := os.ReadFile(cfgFile); !strings.Contains(string(file), "max_tokens: 2") {
		t.Errorf("config.yaml lacks the option:\n%s", file)
	}
	cut, code, _ := askHTTP(t, app, map[string]any{"question": question, "model": "canned"})
	if want := []string{"玄界では", " pjsub"}; code != 200 || cut.answer == nil || cut.answer.Status != "complete" || strings.Join(cut.tokens, "|") != strings.Join(want, "|") {
		t.Errorf("canned answer with max_tokens 2: %d, tokens %q (want %q), %+v", code, cut.tokens, want, cut.answer)
	}
	full, _, _ := askHTTP(t, app, map[string]any{"question": question, "model": "canned", "options": map[string]any{"max_tokens": 100}})
	if full.text() != cannedAnswer {
		t.Errorf("canned answer with max_tokens 100 per request = %q", full.text())
	}

	// A name the registry does not have: a clear error in the stream.
	got, code = pullHTTP(t, app, pullHost+"/library/missing:latest")
	last = got.lines[len(got.lines)-1]
	if code != 200 || last.Status != "error" || !last.Done || !strings.Contains(last.Error, "the registry has no model of that name") {
		t.Errorf("pull of a missing model = %d, last line %+v", code, last)
	}
}
