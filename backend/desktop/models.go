package desktop

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/genkai-rag/genkai-rag/backend/models"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// PullEvent is the name of the window event a download's progress is sent
// under (one event name for every pull; PullStep.ID tells them apart).
const PullEvent = "models:pull"

// ErrNoModels is returned when model management is not available.
var ErrNoModels = errors.New("model management is not available")

// ModelList is wire.ModelList, the shape clients see; see there.
type ModelList = wire.ModelList

// SwitchResult is wire.SwitchResult, the shape clients see; see there.
type SwitchResult = wire.SwitchResult

// PullStep is wire.PullStep, the shape clients see; see there.
type PullStep = wire.PullStep

// Models is bound as window.go.desktop.Models: the installed and
// recommended models, switching, per-model options, downloads with
// progress events and the Ollama state. It answers with the same JSON
// shapes as the HTTP API, so the page works over either transport.
type Models struct {
	app *App

	mu    sync.Mutex
	next  int
	pulls map[string]pullRun // by ID
}

type pullRun struct {
	name   string
	cancel context.CancelFunc
}

// NewModels returns the facade; it answers once app has started.
func NewModels(app *App) *Models { return &Models{app: app, pulls: map[string]pullRun{}} }

func (m *Models) services() (running, error) {
	r, err := m.app.wait()
	if err == nil && r.models == nil {
		err = ErrNoModels
	}
	return r, err
}

// List returns the installed models, the ones in use and the recommended
// ones. Errors: Ollama not reachable (models.ErrOllamaDown).
func (m *Models) List() (ModelList, error) {
	r, err := m.services()
	if err != nil {
		return ModelList{}, err
	}
	list, err := r.models.Installed(r.ctx)
	if err != nil {
		return ModelList{}, err
	}
	cur := r.models.Current()
	return ModelList{Models: list, CurrentModel: cur.ModelName, EmbeddingModel: cur.EmbeddingModel, Recommended: r.models.Recommended(r.ctx)}, nil
}

// Current returns the chat and embedding models in use.
func (m *Models) Current() (models.CurrentModels, error) {
	r, err := m.services()
	if err != nil {
		return models.CurrentModels{}, err
	}
	return r.models.Current(), nil
}

// Switch sets the chat model (kind "chat" or "") or the embedding model
// (kind "embedding"); it must be installed. The choice is saved in the
// configuration file and used at once.
func (m *Models) Switch(kind, name string) (SwitchResult, error) {
	r, err := m.services()
	if err != nil {
		return SwitchResult{}, err
	}
	prev := r.models.Current()
	cur, err := r.models.Switch(r.ctx, kind, name)
	if err != nil {
		return SwitchResult{}, err
	}
	return SwitchResult{Status: "switched", Previous: prev, Current: cur, ModelName: cur.ModelName}, nil
}

// Config returns a model's generation options (null fields: the model's
// default).
func (m *Models) Config(name string) (models.ModelConfig, error) {
	r, err := m.services()
	if err != nil {
		return models.ModelConfig{}, err
	}
	return r.models.Config(name)
}

// SetConfig saves a model's options (cfg.model_name names it); out-of-range
// values are refused with every problem listed.
func (m *Models) SetConfig(cfg models.ModelConfig) (models.ModelConfig, error) {
	r, err := m.services()
	if err != nil {
		return models.ModelConfig{}, err
	}
	return r.models.SetConfig(r.ctx, cfg)
}

// Pull starts downloading a model in the background and returns its ID;
// progress comes as "models:pull" events (at most ~4 a second), the last
// with done true. Pulling a name already downloading returns that
// download's ID. A cancelled or failed download resumes when pulled again.
func (m *Models) Pull(name string) (string, error) {
	r, err := m.services()
	if err != nil {
		return "", err
	}
	// Checked now, so that a bad name is an error, not a failed
	// download event, and the same model is not pulled twice.
	if name, err = models.CheckName(name); err != nil {
		return "", err
	}
	m.mu.Lock()
	for id, p := range m.pulls {
		if p.name == name {
			m.mu.Unlock()
			return id, nil
		}
	}
	m.next++
	id := "pull-" + strconv.Itoa(m.next)
	ctx, cancel := context.WithCancel(r.ctx)
	m.pulls[id] = pullRun{name: name, cancel: cancel}
	m.mu.Unlock()

	go func() {
		defer func() {
			m.mu.Lock()
			delete(m.pulls, id)
			m.mu.Unlock()
			cancel()
		}()
		err := r.models.Pull(ctx, name, func(p models.PullProgress) error {
			r.emit(PullEvent, PullStep{ID: id, Name: name, PullProgress: p})
			return nil
		})
		end := models.PullProgress{Status: "success", Done: true, Percent: 100}
		switch {
		case err != nil && ctx.Err() != nil:
			end = models.PullProgress{Status: "cancelled", Done: true, Error: err.Error()}
		case err != nil:
			end = models.PullProgress{Status: "error", Done: true, Error: err.Error()}
		}
		r.emit(PullEvent, PullStep{ID: id, Name: name, PullProgress: end})
	}()
	return id, nil
}

// CancelPull stops a running download; pulling the model again resumes it.
// Errors: no download with that ID is running.
func (m *Models) CancelPull(id string) error {
	m.mu.Lock()
	p, ok := m.pulls[id]
	m.mu.Unlock()
	if !ok {
		return fmt.Errorf("no download %q is running (it may have finished)", id)
	}
	p.cancel()
	return nil
}

// Delete removes an installed model from Ollama.
func (m *Models) Delete(name string) error {
	r, err := m.services()
	if err != nil {
		return err
	}
	return r.models.Delete(r.ctx, name)
}

// Ollama describes the Ollama server and the app's supervision of it (the
// same JSON as GET /api/ollama).
func (m *Models) Ollama() (models.OllamaState, error) {
	r, err := m.services()
	if err != nil {
		return models.OllamaState{}, err
	}
	return r.models.Ollama(r.ctx), nil
}
