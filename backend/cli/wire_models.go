package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/api"
	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Ranges of the per-model options a user may set (ModelsAPI.SetConfig).
const (
	maxTemperature   = 2.0
	maxTopP          = 1.0
	maxMaxTokens     = 32768
	minContextLength = 256
	maxContextLength = 262144
)

// modelsAPI implements api.Models over the Ollama client, the supervisor
// and the configuration file: switches and options are written with
// config.Update (comments kept) and applied live through ReloadConfig.
type modelsAPI struct {
	s  *Services
	mu sync.Mutex // serialises writes to the configuration file
}

// ModelsAPI returns the model management used by the HTTP API and the
// desktop Models page.
func (s *Services) ModelsAPI() api.Models { return &modelsAPI{s: s} }

// modelErr maps the llm errors to the api sentinels, keeping the message.
func modelErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, llm.ErrModelNotFound):
		return tagged{api.ErrModelNotFound, err}
	case errors.Is(err, llm.ErrUnavailable):
		return tagged{api.ErrOllamaDown, err}
	}
	return err
}

func (m *modelsAPI) Installed(ctx context.Context) ([]api.ModelInfo, error) {
	list, err := m.models(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]api.ModelInfo, len(list))
	for i, x := range list {
		out[i] = api.ModelInfo{
			Name: x.Name, SizeBytes: x.SizeBytes, Family: x.Family, ParameterSize: x.ParameterSize,
			Quantization: x.Quantization, Loaded: x.Loaded, Embedding: x.Embedding,
		}
		if !x.ModifiedAt.IsZero() {
			out[i].ModifiedAt = x.ModifiedAt.UTC().Format(time.RFC3339)
		}
	}
	return out, nil
}

func (m *modelsAPI) Recommended(ctx context.Context) []api.RecommendedModel {
	if !m.s.CurrentConfig().LLM.UsesOllama() {
		return []api.RecommendedModel{} // downloads are Ollama's
	}
	_, names, _ := m.s.Ollama.Has(ctx, "")
	rec := llm.Recommend(names)
	out := make([]api.RecommendedModel, len(rec))
	for i, r := range rec {
		out[i] = api.RecommendedModel{Name: r.Name, Kind: r.Kind, SizeBytes: r.SizeBytes, Note: r.Note, Installed: r.Installed}
	}
	return out
}

func (m *modelsAPI) Current() api.CurrentModels {
	cfg := m.s.CurrentConfig()
	return api.CurrentModels{ModelName: cfg.LLM.DefaultModel, EmbeddingModel: cfg.LLM.EmbeddingModel}
}

func (m *modelsAPI) Switch(ctx context.Context, kind, name string) (api.CurrentModels, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var list []llm.Model
	var err error
	if m.onEndpoint(kind) {
		list, err = m.endpointModels(ctx)
	} else {
		list, err = m.s.Ollama.Installed(ctx)
	}
	if err != nil {
		return m.Current(), modelErr(err)
	}
	var found *llm.Model
	names := make([]string, 0, len(list))
	for i := range list {
		names = append(names, list[i].Name)
		if llm.SameModel(list[i].Name, name) {
			found = &list[i]
		}
	}
	if found == nil {
		have := "none installed"
		if len(names) > 0 {
			have = "installed: " + strings.Join(names, ", ")
		}
		if m.onEndpoint(kind) {
			return m.Current(), fmt.Errorf("%w: the endpoint %s does not serve %s (%s)", api.ErrModelNotFound, m.s.OpenAI.Host(), name, strings.Replace(have, "installed", "served", 1))
		}
		return m.Current(), fmt.Errorf("%w: %s is not installed (%s); download it first", api.ErrModelNotFound, name, have)
	}
	key := "default_model"
	switch {
	case m.onEndpoint(kind) && kind == "embedding":
		key = "embedding_model" // the OpenAI API does not say what a model can do
	case m.onEndpoint(kind):
	case kind == "embedding" && !found.Embedding:
		return m.Current(), fmt.Errorf("%w: %s does not make embeddings; choose an embedding model such as bge-m3", api.ErrInvalid, name)
	case kind == "embedding":
		key = "embedding_model"
	case found.Embedding:
		return m.Current(), fmt.Errorf("%w: %s only makes embeddings and cannot answer; choose a chat model such as qwen3:4b", api.ErrInvalid, name)
	}
	if err := m.persist(ctx, config.Set{Path: []string{"llm", key}, Value: name}); err != nil {
		return m.Current(), err
	}
	cur := m.Current()
	if got := map[string]string{"default_model": cur.ModelName, "embedding_model": cur.EmbeddingModel}[key]; got != name {
		return cur, fmt.Errorf("saved llm.%s: %s, but %s is in force: the environment variable %s overrides the file; unset it", key, name, got, config.EnvName("llm."+key))
	}
	return cur, nil
}

// persist writes sets into the configuration file and applies it live.
func (m *modelsAPI) persist(ctx context.Context, sets ...config.Set) error {
	file := m.s.reload.file
	if err := config.Update(file, sets...); err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(file), err)
	}
	if _, err := m.s.ReloadConfig(ctx); err != nil {
		return fmt.Errorf("apply %s: %w", filepath.Base(file), err)
	}
	return nil
}

func (m *modelsAPI) Config(name string) api.ModelConfig {
	return wire.ModelConfigOf(name, m.s.CurrentConfig().LLM.Models[name])
}

// checkModelConfig returns every out-of-range option, saying the range.
func checkModelConfig(c api.ModelConfig) error {
	var bad []string
	if t := c.Temperature; t != nil && (*t < 0 || *t > maxTemperature) {
		bad = append(bad, fmt.Sprintf("temperature must be from 0 to %g, got %g", maxTemperature, *t))
	}
	if p := c.TopP; p != nil && (*p < 0 || *p > maxTopP) {
		bad = append(bad, fmt.Sprintf("top_p must be from 0 to %g, got %g", maxTopP, *p))
	}
	if n := c.MaxTokens; n != nil && (*n < 1 || *n > maxMaxTokens) {
		bad = append(bad, fmt.Sprintf("max_tokens must be from 1 to %d, got %d", maxMaxTokens, *n))
	}
	if n := c.ContextLength; n != nil && (*n < minContextLength || *n > maxContextLength) {
		bad = append(bad, fmt.Sprintf("context_length must be from %d to %d, got %d", minContextLength, maxContextLength, *n))
	}
	if len(bad) > 0 {
		return fmt.Errorf("%w: %s (leave a field empty for the model's default)", api.ErrInvalid, strings.Join(bad, "; "))
	}
	return nil
}

// SetConfig replaces a model's options (a nil field: the model's default)
// and saves them; the next answer uses them.
func (m *modelsAPI) SetConfig(ctx context.Context, c api.ModelConfig) (api.ModelConfig, error) {
	name := strings.TrimSpace(c.ModelName)
	if name == "" {
		return c, fmt.Errorf("%w: model_name is empty", api.ErrInvalid)
	}
	if err := checkModelConfig(c); err != nil {
		return m.Config(name), err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	path := func(k string) []string { return []string{"llm", "models", name, k} }
	val := func(set bool, v any) any {
		if !set {
			return nil
		}
		return v
	}
	var sets []config.Set
	if c.Temperature == nil && c.MaxTokens == nil && c.ContextLength == nil && c.TopP == nil {
		sets = []config.Set{{Path: []string{"llm", "models", name}, Value: nil}}
	} else {
		sets = []config.Set{
			{Path: path("temperature"), Value: val(c.Temperature != nil, deref(c.Temperature))},
			{Path: path("max_tokens"), Value: val(c.MaxTokens != nil, deref(c.MaxTokens))},
			{Path: path("context_length"), Value: val(c.ContextLength != nil, deref(c.ContextLength))},
			{Path: path("top_p"), Value: val(c.TopP != nil, deref(c.TopP))},
		}
	}
	if err := m.persist(ctx, sets...); err != nil {
		return m.Config(name), err
	}
	return m.Config(name), nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// Pull downloads a model; Ollama's final "success" step is left out, as
// both transports end with their own done step.
func (m *modelsAPI) Pull(ctx context.Context, name string, fn func(api.PullProgress) error) error {
	if err := m.refuseManagement(); err != nil {
		return err
	}
	return modelErr(m.s.Ollama.Pull(ctx, name, func(p llm.PullProgress) error {
		if p.Status == "success" {
			return nil
		}
		return fn(api.PullProgress{Status: p.Status, Completed: p.Completed, Total: p.Total, Percent: p.Percent, RateBPS: p.RateBPS, ETASecs: p.ETASecs})
	}))
}

func (m *modelsAPI) Delete(ctx context.Context, name string) error {
	if err := m.refuseManagement(); err != nil {
		return err
	}
	return modelErr(m.s.Ollama.Delete(ctx, name))
}

// Ollama reports the supervisor's state with a fresh check of the server.
func (m *modelsAPI) Ollama(ctx context.Context) any {
	if !m.s.CurrentConfig().LLM.UsesOllama() {
		return m.endpointState(ctx)
	}
	st := m.s.Supervisor.State()
	p := m.s.Supervisor.Probe(ctx)
	st.Running, st.Version = p.Reachable, p.Version
	if !p.Reachable && st.LastError == "" {
		st.LastError = p.Error
	}
	return st
}
