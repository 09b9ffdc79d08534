package api

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/models"
)

// configModels saves model options the way the server does
// (cli.modelsAPI.SetConfig): config.Update on the real file, whose
// validation refuses what it cannot write.
type configModels struct {
	fakeModels
	file  string
	calls atomic.Int32
}

func (m *configModels) SetConfig(_ context.Context, c models.ModelConfig) (models.ModelConfig, error) {
	m.calls.Add(1)
	p := func(k string) []string { return []string{"llm", "models", c.ModelName, k} }
	var sets []config.Set
	if c.Temperature != nil {
		sets = append(sets, config.Set{Path: p("temperature"), Value: *c.Temperature})
	}
	if c.MaxTokens != nil {
		sets = append(sets, config.Set{Path: p("max_tokens"), Value: *c.MaxTokens})
	}
	if err := config.Update(m.file, sets...); err != nil {
		return c, fmt.Errorf("save %s: %w", filepath.Base(m.file), err)
	}
	return c, nil
}

// fileModels is the real model service (models.Manager) over file, with
// a reload that reads it again; reloads counts the saves applied.
func fileModels(t *testing.T, file string) (*models.Manager, *atomic.Int32) {
	var cur atomic.Pointer[config.Config]
	cfg, _, err := config.Load(file, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	cur.Store(cfg)
	reloads := new(atomic.Int32)
	return models.New(models.Options{
		Config: cur.Load, ConfigFile: file,
		Reload: func(context.Context) error {
			reloads.Add(1)
			cfg, _, err := config.Load(file, true, nil)
			if err == nil {
				cur.Store(cfg)
			}
			return err
		},
	}), reloads
}

// TestModelNamesOneRule: the API (through the model service) refuses
// with 400 every name the configuration would refuse (issue 11 item 5),
// says what a valid name looks like and writes nothing; names the
// configuration accepts are saved; any other validation failure of the
// save is 422, not 500.
func TestModelNamesOneRule(t *testing.T) {
	file := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(file, []byte("llm:\n  default_model: qwen2.5:7b\n"), 0o600)
	svc, reloads := fileModels(t, file)
	h := newTest(Options{Models: svc}).Handler()
	put := func(name, body string) (int, string) {
		req := httptest.NewRequest("PUT", "/api/models/"+url.PathEscape(name)+"/config", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var b errorBody
		json.Unmarshal(rec.Body.Bytes(), &b)
		return rec.Code, b.Error.Message
	}
	before, _ := os.ReadFile(file)
	for _, name := range []string{"<script>", "a#b", "*bc", `q"uote`, "{x}", "a..b", "-x", ".hidden", "a b", "ä", "x\\y", strings.Repeat("a", 201)} {
		code, msg := put(name, `{"temperature":0.5}`)
		if code != 400 || !strings.Contains(msg, "invalid model name") || !strings.Contains(msg, "llama3.2:3b") {
			t.Errorf("PUT config of %q = %d %q; want 400 saying what a model name looks like", name, code, msg)
		}
		// The switch and delete routes use the same rule.
		rec := httptest.NewRecorder()
		body, _ := json.Marshal(map[string]string{"model_name": name})
		req := httptest.NewRequest("POST", "/api/models/switch", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		h.ServeHTTP(rec, req)
		if rec.Code != 400 {
			t.Errorf("switch to %q = %d %s; want 400", name, rec.Code, rec.Body)
		}
		if config.ValidModelName(name) {
			t.Errorf("config.ValidModelName(%q) = true; the API refuses it", name)
		}
	}
	if n := reloads.Load(); n != 0 {
		t.Errorf("configuration saved %d times for refused names", n)
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Errorf("the configuration changed: %s", after)
	}
	for _, name := range []string{"llama3.2:1b", "qwen2.5:7b-instruct-q4_K_M", "hf.co/elyza/Llama-3-ELYZA-JP-8B-GGUF:Q4_K_M", "my_model", "bge-m3"} {
		if code, msg := put(name, `{"temperature":0.5}`); code != 200 {
			t.Errorf("PUT config of valid %q = %d %q; want 200", name, code, msg)
		}
	}
	if cfg, _, err := config.Load(file, true, nil); err != nil || cfg.LLM.Models["qwen2.5:7b-instruct-q4_K_M"].Temperature == nil {
		t.Errorf("saved configuration does not load with the new model: %v", err)
	}
	// A value the configuration refuses (the fake has no range check of
	// its own): 422 with the configuration's words, file unchanged.
	m := &configModels{fakeModels: fakeModels{conf: map[string]models.ModelConfig{}}, file: file}
	h = newTest(Options{Models: m}).Handler()
	before, _ = os.ReadFile(file)
	if code, msg := put("llama3.2:1b", `{"temperature":9}`); code != 422 || !strings.Contains(msg, "llm.models.llama3.2:1b.temperature") {
		t.Errorf("config-invalid value = %d %q; want 422 naming the key", code, msg)
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Error("the configuration changed after a refused save")
	}
}
