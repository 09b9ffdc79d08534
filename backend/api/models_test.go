package api

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/models"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

type fakeModels struct {
	cur  models.CurrentModels
	conf map[string]models.ModelConfig
}

func (f *fakeModels) Installed(context.Context) ([]models.ModelInfo, error) {
	return []models.ModelInfo{{Name: "llama3.2:1b", SizeBytes: 1 << 30}, {Name: "bge-m3", Embedding: true}}, nil
}
func (f *fakeModels) Recommended(context.Context) []models.RecommendedModel {
	return []models.RecommendedModel{{Name: "bge-m3", Kind: "embedding", Installed: true}}
}
func (f *fakeModels) Current() models.CurrentModels { return f.cur }

// fakeModels keeps the service's contract: names are checked with
// models.CheckName, kinds are chat or embedding.
var _ models.Service = (*fakeModels)(nil)

func (f *fakeModels) Switch(_ context.Context, kind, name string) (models.CurrentModels, error) {
	name, err := models.CheckName(name)
	if err != nil {
		return f.cur, err
	}
	if err := models.CheckKind(kind); err != nil {
		return f.cur, err
	}
	if name != "llama3.2:1b" && name != "bge-m3" {
		return f.cur, fmt.Errorf("%w: %s is not installed; installed: llama3.2:1b, bge-m3", models.ErrModelNotFound, name)
	}
	if kind == "embedding" {
		f.cur.EmbeddingModel = name
	} else {
		f.cur.ModelName = name
	}
	return f.cur, nil
}
func (f *fakeModels) Config(name string) (models.ModelConfig, error) {
	name, err := models.CheckName(name)
	if err != nil {
		return models.ModelConfig{}, err
	}
	c := f.conf[name]
	c.ModelName = name
	return c, nil
}
func (f *fakeModels) SetConfig(_ context.Context, c models.ModelConfig) (models.ModelConfig, error) {
	if _, err := models.CheckName(c.ModelName); err != nil {
		return c, err
	}
	if c.Temperature != nil && (*c.Temperature < 0 || *c.Temperature > 2) {
		return c, fmt.Errorf("%w: temperature must be from 0 to 2", models.ErrInvalid)
	}
	f.conf[c.ModelName] = c
	return c, nil
}
func (f *fakeModels) Pull(_ context.Context, name string, fn func(models.PullProgress) error) error {
	if _, err := models.CheckName(name); err != nil {
		return err
	}
	if name == "nope:latest" {
		return fmt.Errorf("%w: pull nope:latest: file does not exist", models.ErrModelNotFound)
	}
	for _, c := range []int64{10, 100} {
		if err := fn(models.PullProgress{Status: "pulling", Completed: c, Total: 100, Percent: float64(c)}); err != nil {
			return err
		}
	}
	if name == "broken" {
		return fmt.Errorf("no space left on device")
	}
	return nil
}
func (f *fakeModels) Delete(_ context.Context, name string) error {
	if _, err := models.CheckName(name); err != nil {
		return err
	}
	if name != "llama3.2:1b" {
		return fmt.Errorf("%w: %s", models.ErrModelNotFound, name)
	}
	return nil
}
func (f *fakeModels) Ollama(context.Context) wire.OllamaState {
	return wire.OllamaState{Phase: "running", Running: true, Host: "http://127.0.0.1:11434"}
}

func TestModelEndpoints(t *testing.T) {
	h := newTest(Options{Models: &fakeModels{cur: models.CurrentModels{ModelName: "llama3.2:1b"}, conf: map[string]models.ModelConfig{}}}).Handler()
	for _, tc := range []struct {
		method, path, body string
		code               int
		want               string
	}{
		{"GET", "/api/models", "", 200, `"current_model":"llama3.2:1b"`},
		{"GET", "/api/models/current", "", 200, `"model_name":"llama3.2:1b"`},
		{"POST", "/api/models/switch", `{"model_name": "bge-m3", "kind": "embedding"}`, 200, `"embedding_model":"bge-m3"`},
		{"POST", "/api/models/switch", `{"model_name": "llama3.2:7b"}`, 404, "installed: llama3.2:1b"},
		{"POST", "/api/models/switch", `{"model_name": ""}`, 400, "invalid model name"},
		{"POST", "/api/models/switch", `{"model_name": "x", "kind": "vision"}`, 400, "kind must be"},
		{"POST", "/api/models/switch", `{"model_name": 5}`, 400, "invalid JSON"},
		{"PUT", "/api/models/llama3.2:1b/config", `{"temperature": 0.7, "max_tokens": 2048, "context_length": 4096}`, 200, `"max_tokens":2048`},
		{"GET", "/api/models/llama3.2:1b/config", "", 200, `"temperature":0.7`},
		{"PUT", "/api/models/llama3.2:1b/config", `{"temperature": 7}`, 400, "from 0 to 2"},
		{"PUT", "/api/models/llama3.2:1b/config", `{"temp": 1}`, 400, "unknown field"},
		{"GET", "/api/models/..%2f..%2fetc/config", "", 400, "invalid model name"},
		{"POST", "/api/models/pull", `{"model_name": "tiny"}`, 200, `"status":"success"`},
		{"POST", "/api/models/pull", `{"model_name": "nope:latest"}`, 404, "file does not exist"},
		{"POST", "/api/models/pull", `{"model_name": "broken"}`, 200, `"error":"no space left on device"`},
		{"DELETE", "/api/models/llama3.2:1b", "", 204, ""},
		{"DELETE", "/api/models/other", "", 404, "model not found"},
		{"GET", "/api/ollama", "", 200, `"running":true`},
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, withType(httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body)), tc.body))
		if rec.Code != tc.code || !strings.Contains(rec.Body.String(), tc.want) {
			t.Errorf("%s %s = %d %s; want %d with %q", tc.method, tc.path, rec.Code, rec.Body, tc.code, tc.want)
		}
	}
}
