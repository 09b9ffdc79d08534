package models

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
)

// Ranges of the per-model options a user may set (Manager.SetConfig).
const (
	maxTemperature   = 2.0
	maxTopP          = 1.0
	maxMaxTokens     = 32768
	minContextLength = 256
	maxContextLength = 262144
)

// Recorder records an operation's latency (monitor.Service satisfies it).
type Recorder interface {
	Record(op string, d time.Duration, err error)
}

// Options are what a Manager works on. Config, Ollama, Supervisor,
// ConfigFile and Reload are required.
type Options struct {
	// Config returns the configuration in force (it changes on reload).
	Config func() *config.Config
	// Ollama is the Ollama client.
	Ollama *llm.Client
	// OpenAI is the OpenAI-compatible endpoint; nil unless llm.provider or
	// llm.embedding_provider is openai.
	OpenAI *llm.OpenAI
	// Supervisor reports the Ollama process's state.
	Supervisor *llm.Supervisor
	// ConfigFile is the configuration file that switches and options are
	// written to (config.Update, comments kept).
	ConfigFile string
	// Reload re-reads ConfigFile and applies it live; an error means it
	// was refused.
	Reload func(ctx context.Context) error
	// Recorder receives each switch's latency as monitor.OpModelSwitch
	// (not the request's faults); nil records nothing.
	Recorder Recorder
}

// Manager implements Service. Create it with New.
type Manager struct {
	opt Options
	mu  sync.Mutex // serialises writes to the configuration file
}

var _ Service = (*Manager)(nil)

// New returns a Manager over opt.
func New(opt Options) *Manager { return &Manager{opt: opt} }

// modelErr maps the llm errors to this package's, keeping the message.
func modelErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, llm.ErrModelNotFound):
		return fault.Tag(ErrModelNotFound, err)
	case errors.Is(err, llm.ErrUnavailable):
		return fault.Tag(ErrOllamaDown, err)
	}
	return err
}

func (m *Manager) cfg() *config.Config { return m.opt.Config() }

// Installed lists the installed models; see Service.
func (m *Manager) Installed(ctx context.Context) ([]ModelInfo, error) {
	list, err := m.models(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ModelInfo, len(list))
	for i, x := range list {
		out[i] = ModelInfo{
			Name: x.Name, SizeBytes: x.SizeBytes, Family: x.Family, ParameterSize: x.ParameterSize,
			Quantization: x.Quantization, Loaded: x.Loaded, Embedding: x.Embedding,
		}
		if !x.ModifiedAt.IsZero() {
			out[i].ModifiedAt = x.ModifiedAt.UTC().Format(time.RFC3339)
		}
	}
	return out, nil
}

// Recommended lists the suggested models; see Service.
func (m *Manager) Recommended(ctx context.Context) []RecommendedModel {
	if !m.cfg().LLM.UsesOllama() {
		return []RecommendedModel{} // downloads are Ollama's
	}
	_, names, _ := m.opt.Ollama.Has(ctx, "")
	rec := llm.Recommend(names)
	out := make([]RecommendedModel, len(rec))
	for i, r := range rec {
		out[i] = RecommendedModel{Name: r.Name, Kind: r.Kind, SizeBytes: r.SizeBytes, Note: r.Note, Installed: r.Installed}
	}
	return out
}

// Current returns the models in force.
func (m *Manager) Current() CurrentModels {
	cfg := m.cfg()
	return CurrentModels{ModelName: cfg.LLM.DefaultModel, EmbeddingModel: cfg.LLM.EmbeddingModel}
}

// Switch sets the chat or embedding model and records the latency; see
// Service.
func (m *Manager) Switch(ctx context.Context, kind, name string) (CurrentModels, error) {
	name, err := CheckName(name)
	if err == nil {
		err = CheckKind(kind)
	}
	if err != nil {
		return m.Current(), err
	}
	start := time.Now()
	cur, err := m.doSwitch(ctx, kind, name)
	if m.opt.Recorder != nil && !errors.Is(err, ErrModelNotFound) && !errors.Is(err, ErrInvalid) {
		m.opt.Recorder.Record(monitor.OpModelSwitch, time.Since(start), err)
	}
	return cur, err
}

func (m *Manager) doSwitch(ctx context.Context, kind, name string) (CurrentModels, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var list []llm.Model
	var err error
	if m.onEndpoint(kind) {
		list, err = m.endpointModels(ctx)
	} else {
		list, err = m.opt.Ollama.Installed(ctx)
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
			return m.Current(), fmt.Errorf("%w: the endpoint %s does not serve %s (%s)", ErrModelNotFound, m.opt.OpenAI.Host(), name, strings.Replace(have, "installed", "served", 1))
		}
		return m.Current(), fmt.Errorf("%w: %s is not installed (%s); download it first", ErrModelNotFound, name, have)
	}
	key := "default_model"
	switch {
	case m.onEndpoint(kind) && kind == "embedding":
		key = "embedding_model" // the OpenAI API does not say what a model can do
	case m.onEndpoint(kind):
	case kind == "embedding" && !found.Embedding:
		return m.Current(), fmt.Errorf("%w: %s does not make embeddings; choose an embedding model such as bge-m3", ErrInvalid, name)
	case kind == "embedding":
		key = "embedding_model"
	case found.Embedding:
		return m.Current(), fmt.Errorf("%w: %s only makes embeddings and cannot answer; choose a chat model such as qwen3:4b", ErrInvalid, name)
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
func (m *Manager) persist(ctx context.Context, sets ...config.Set) error {
	file := m.opt.ConfigFile
	if err := config.Update(file, sets...); err != nil {
		return fmt.Errorf("save %s: %w", filepath.Base(file), err)
	}
	if err := m.opt.Reload(ctx); err != nil {
		return fmt.Errorf("apply %s: %w", filepath.Base(file), err)
	}
	return nil
}

// Config returns name's saved options; an invalid name is ErrInvalid.
func (m *Manager) Config(name string) (ModelConfig, error) {
	name, err := CheckName(name)
	if err != nil {
		return ModelConfig{}, err
	}
	return m.config(name), nil
}

func (m *Manager) config(name string) ModelConfig {
	o := m.cfg().LLM.Models[name]
	c := ModelConfig{ModelName: name, Temperature: o.Temperature, TopP: o.TopP}
	if o.MaxTokens > 0 {
		c.MaxTokens = &o.MaxTokens
	}
	if o.ContextLength > 0 {
		c.ContextLength = &o.ContextLength
	}
	return c
}

// checkModelConfig returns every out-of-range option, saying the range.
func checkModelConfig(c ModelConfig) error {
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
		return fmt.Errorf("%w: %s (leave a field empty for the model's default)", ErrInvalid, strings.Join(bad, "; "))
	}
	return nil
}

// SetConfig replaces a model's options and saves them; the next answer
// uses them. See Service.
func (m *Manager) SetConfig(ctx context.Context, c ModelConfig) (ModelConfig, error) {
	if strings.TrimSpace(c.ModelName) == "" {
		return c, fmt.Errorf("%w: model_name is empty", ErrInvalid)
	}
	name, err := CheckName(c.ModelName)
	if err != nil {
		return c, err
	}
	if err := checkModelConfig(c); err != nil {
		return m.config(name), err
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
		return m.config(name), err
	}
	return m.config(name), nil
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
func (m *Manager) Pull(ctx context.Context, name string, fn func(PullProgress) error) error {
	name, err := CheckName(name)
	if err != nil {
		return err
	}
	if err := m.refuseManagement(); err != nil {
		return err
	}
	return modelErr(m.opt.Ollama.Pull(ctx, name, func(p llm.PullProgress) error {
		if p.Status == "success" {
			return nil
		}
		return fn(PullProgress{Status: p.Status, Completed: p.Completed, Total: p.Total, Percent: p.Percent, RateBPS: p.RateBPS, ETASecs: p.ETASecs})
	}))
}

// Delete removes an installed model.
func (m *Manager) Delete(ctx context.Context, name string) error {
	name, err := CheckName(name)
	if err != nil {
		return err
	}
	if err := m.refuseManagement(); err != nil {
		return err
	}
	return modelErr(m.opt.Ollama.Delete(ctx, name))
}

// Ollama reports the supervisor's state with a fresh check of the server
// (or the endpoint's, when nothing uses Ollama).
func (m *Manager) Ollama(ctx context.Context) llm.State {
	if !m.cfg().LLM.UsesOllama() {
		return m.endpointState(ctx)
	}
	st := m.opt.Supervisor.State()
	p := m.opt.Supervisor.Probe(ctx)
	st.Running, st.Version = p.Reachable, p.Version
	if !p.Reachable && st.LastError == "" {
		st.LastError = p.Error
	}
	return st
}
