package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/models"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

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

func (s *Server) models() (models.Service, error) {
	if s.opt.Models == nil {
		return nil, &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "model management is not available in this server"}
	}
	return s.opt.Models, nil
}

func modelError(err error) error {
	var ce *config.Error
	switch {
	case errors.Is(err, models.ErrModelNotFound):
		return &Error{Status: http.StatusNotFound, Code: "unknown_model", Message: err.Error(), Err: err}
	case errors.Is(err, models.ErrInvalid):
		return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: err.Error(), Err: err}
	case errors.Is(err, models.ErrOllamaDown):
		return &Error{Status: http.StatusServiceUnavailable, Code: "ollama_unavailable", Message: err.Error(), Err: err}
	case errors.Is(err, models.ErrManagedByEndpoint):
		return &Error{Status: http.StatusConflict, Code: "managed_by_endpoint", Message: err.Error(), Err: err}
	case errors.As(err, &ce):
		// The configuration refused the change; nothing was written.
		return &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_config", Message: err.Error() + " (nothing was saved)"}
	}
	return err
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
	return writeJSON(w, http.StatusOK, wire.ModelList{
		Models: list, CurrentModel: cur.ModelName, EmbeddingModel: cur.EmbeddingModel,
		Recommended: m.Recommended(r.Context()),
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
	var body wire.SwitchRequest
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	prev := m.Current()
	cur, err := m.Switch(r.Context(), body.Kind, body.ModelName)
	if err != nil {
		return modelError(err)
	}
	return writeJSON(w, http.StatusOK, wire.SwitchResult{Status: "switched", Previous: prev, Current: cur, ModelName: cur.ModelName})
}

func (s *Server) modelConfig(w http.ResponseWriter, r *http.Request) error {
	m, err := s.models()
	if err != nil {
		return err
	}
	c, err := m.Config(r.PathValue("name"))
	if err != nil {
		return modelError(err)
	}
	return writeJSON(w, http.StatusOK, c)
}

func (s *Server) setModelConfig(w http.ResponseWriter, r *http.Request) error {
	m, err := s.models()
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.PathValue("name"))
	var c models.ModelConfig
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
	var body wire.PullRequest
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	flusher, _ := w.(http.Flusher)
	started := false
	enc := json.NewEncoder(w)
	emit := func(p models.PullProgress) error {
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
	err = m.Pull(r.Context(), body.ModelName, emit)
	switch {
	case err == nil:
		return emit(models.PullProgress{Status: "success", Done: true, Percent: 100})
	case !started:
		return modelError(err)
	case r.Context().Err() != nil:
		return nil
	}
	return emit(models.PullProgress{Status: "error", Done: true, Error: err.Error()})
}

func (s *Server) deleteModel(w http.ResponseWriter, r *http.Request) error {
	m, err := s.models()
	if err != nil {
		return err
	}
	if err := m.Delete(r.Context(), r.PathValue("name")); err != nil {
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
