package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/fault"
)

// ModelInfo is an installed model as the API lists it.
type ModelInfo struct {
	Name          string `json:"name"`
	SizeBytes     int64  `json:"size_bytes"`
	Family        string `json:"family,omitempty"`
	ParameterSize string `json:"parameter_size,omitempty"`
	Quantization  string `json:"quantization,omitempty"`
	ModifiedAt    string `json:"modified_at,omitempty"`
	Loaded        bool   `json:"loaded"`
	Embedding     bool   `json:"embedding"`
}

// RecommendedModel is a model suggested for Japanese documents.
type RecommendedModel struct {
	Name      string `json:"name"`
	Kind      string `json:"kind"` // chat or embedding
	SizeBytes int64  `json:"size_bytes"`
	Note      string `json:"note"`
	Installed bool   `json:"installed"`
}

// CurrentModels are the models in use.
type CurrentModels struct {
	ModelName      string `json:"model_name"`
	EmbeddingModel string `json:"embedding_model"`
}

// ModelConfig are a model's generation options (nil: Ollama's default).
type ModelConfig struct {
	ModelName     string   `json:"model_name"`
	Temperature   *float64 `json:"temperature"`
	MaxTokens     *int     `json:"max_tokens"`
	ContextLength *int     `json:"context_length"`
	TopP          *float64 `json:"top_p"`
}

// PullProgress is one step of a model download.
type PullProgress struct {
	Status    string  `json:"status"`
	Completed int64   `json:"completed"`
	Total     int64   `json:"total"`
	Percent   float64 `json:"percent"`
	RateBPS   float64 `json:"rate_bytes_per_second"`
	ETASecs   float64 `json:"eta_seconds"`
	Done      bool    `json:"done"`
	Error     string  `json:"error,omitempty"`
}

// Errors a Models implementation wraps so the API picks the status.
var (
	// ErrModelNotFound: the model is not installed (or, for a pull, does
	// not exist in the registry). 404.
	ErrModelNotFound = fault.Sentinel(fault.UnknownModel, "model not found")
	// ErrInvalid: the request's values are out of range. 400.
	ErrInvalid = fault.Sentinel(fault.BadRequest, "invalid request")
	// ErrOllamaDown: Ollama does not answer. 503.
	ErrOllamaDown = fault.Sentinel(fault.ModelUnavailable, "Ollama is not reachable")
)

// Models manages the Ollama models and the app's choice of them.
type Models interface {
	Installed(ctx context.Context) ([]ModelInfo, error)
	Recommended(ctx context.Context) []RecommendedModel
	Current() CurrentModels
	// Switch sets the chat model (kind "chat" or "") or the embedding
	// model (kind "embedding"), which must be installed.
	Switch(ctx context.Context, kind, name string) (CurrentModels, error)
	Config(name string) ModelConfig
	SetConfig(ctx context.Context, c ModelConfig) (ModelConfig, error)
	Pull(ctx context.Context, name string, fn func(PullProgress) error) error
	Delete(ctx context.Context, name string) error
	// Ollama describes the Ollama server or process (any JSON value).
	Ollama(ctx context.Context) any
}

func (s *Server) modelRoutes() {
	s.route("GET /api/models", s.handle(s.listModels))
	s.route("GET /api/models/current", s.handle(s.currentModel))
	s.route("POST /api/models/switch", s.handle(s.switchModel))
	s.route("GET /api/models/{name}/config", s.handle(s.modelConfig))
	s.route("PUT /api/models/{name}/config", s.handle(s.setModelConfig))
	s.route("POST /api/models/pull", s.handle(s.pullModel))
	s.route("DELETE /api/models/{name}", s.handle(s.deleteModel))
	s.route("GET /api/ollama", s.handle(s.ollamaState))
}

func (s *Server) models() (Models, error) {
	if s.opt.Models == nil {
		return nil, &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "model management is not available in this server"}
	}
	return s.opt.Models, nil
}

func modelError(err error) error {
	var ce *config.Error
	switch {
	case errors.Is(err, ErrModelNotFound):
		return &Error{Status: http.StatusNotFound, Code: "unknown_model", Message: err.Error(), Err: err}
	case errors.Is(err, ErrInvalid):
		return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: err.Error(), Err: err}
	case errors.Is(err, ErrOllamaDown):
		return &Error{Status: http.StatusServiceUnavailable, Code: "ollama_unavailable", Message: err.Error(), Err: err}
	case errors.As(err, &ce):
		// The configuration refused the change; nothing was written.
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_config", Message: err.Error() + " (nothing was saved)"}
	}
	return err
}

// modelName checks a model name from the path or a body with the rule the
// configuration uses (config.ValidModelName), so that every name accepted
// here can also be saved.
func modelName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if !config.ValidModelName(name) {
		return "", &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: fmt.Sprintf("invalid model name %q: use %s; list the installed ones with GET /api/models", name, config.ModelNameRule), Err: fault.New(fault.InvalidModelName, "", nil)}
	}
	return name, nil
}

func (s *Server) listModels(w http.ResponseWriter, r *http.Request) error {
	m, err := s.models()
	if err != nil {
		return err
	}
	list, err := m.Installed(r.Context())
	if err != nil {
		return modelError(err)
	}
	cur := m.Current()
	return writeJSON(w, http.StatusOK, map[string]any{
		"models": list, "current_model": cur.ModelName, "embedding_model": cur.EmbeddingModel,
		"recommended": m.Recommended(r.Context()),
	})
}

func (s *Server) currentModel(w http.ResponseWriter, r *http.Request) error {
	m, err := s.models()
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m.Current())
}

func (s *Server) switchModel(w http.ResponseWriter, r *http.Request) error {
	m, err := s.models()
	if err != nil {
		return err
	}
	var body struct {
		ModelName string `json:"model_name"`
		Kind      string `json:"kind"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	name, err := modelName(body.ModelName)
	if err != nil {
		return err
	}
	if body.Kind != "" && body.Kind != "chat" && body.Kind != "embedding" {
		return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: fmt.Sprintf("kind must be chat or embedding, got %q", body.Kind)}
	}
	prev := m.Current()
	cur, err := m.Switch(r.Context(), body.Kind, name)
	if err != nil {
		return modelError(err)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"status": "switched", "previous": prev, "current": cur, "model_name": cur.ModelName})
}

func (s *Server) modelConfig(w http.ResponseWriter, r *http.Request) error {
	m, err := s.models()
	if err != nil {
		return err
	}
	name, err := modelName(r.PathValue("name"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m.Config(name))
}

func (s *Server) setModelConfig(w http.ResponseWriter, r *http.Request) error {
	m, err := s.models()
	if err != nil {
		return err
	}
	name, err := modelName(r.PathValue("name"))
	if err != nil {
		return err
	}
	var c ModelConfig
	if err := decodeJSON(r, &c); err != nil {
		return err
	}
	if c.ModelName != "" && c.ModelName != name {
		return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: fmt.Sprintf("model_name %q differs from the path's %q", c.ModelName, name)}
	}
	c.ModelName = name
	out, err := m.SetConfig(r.Context(), c)
	if err != nil {
		return modelError(err)
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) pullModel(w http.ResponseWriter, r *http.Request) error {
	m, err := s.models()
	if err != nil {
		return err
	}
	var body struct {
		ModelName string `json:"model_name"`
	}
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	name, err := modelName(body.ModelName)
	if err != nil {
		return err
	}
	flusher, _ := w.(http.Flusher)
	started := false
	enc := json.NewEncoder(w)
	emit := func(p PullProgress) error {
		if !started {
			started = true
			w.Header().Set("Content-Type", "application/x-ndjson")
			w.Header().Set("X-Accel-Buffering", "no")
			w.WriteHeader(http.StatusOK)
		}
		if err := enc.Encode(p); err != nil {
			return err
		}
		if flusher != nil {
			flusher.Flush()
		}
		return nil
	}
	err = m.Pull(r.Context(), name, emit)
	switch {
	case err == nil:
		return emit(PullProgress{Status: "success", Done: true, Percent: 100})
	case !started:
		return modelError(err)
	case r.Context().Err() != nil:
		return nil
	}
	return emit(PullProgress{Status: "error", Done: true, Error: err.Error()})
}

func (s *Server) deleteModel(w http.ResponseWriter, r *http.Request) error {
	m, err := s.models()
	if err != nil {
		return err
	}
	name, err := modelName(r.PathValue("name"))
	if err != nil {
		return err
	}
	if err := m.Delete(r.Context(), name); err != nil {
		return modelError(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) ollamaState(w http.ResponseWriter, r *http.Request) error {
	m, err := s.models()
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, m.Ollama(r.Context()))
}
