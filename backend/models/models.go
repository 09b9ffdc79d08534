// Package models is the model use case both transports call: list the
// installed and recommended models, switch the chat or embedding model,
// read and save a model's generation options, pull and delete models, and
// describe the Ollama server. Service is the interface; Manager implements
// it over the Ollama client (or an OpenAI-compatible endpoint), the Ollama
// supervisor and the configuration file.
//
// Model names are checked here, once, with the configuration's rule
// (config.ValidModelName), so every name accepted can also be saved.
package models

import (
	"context"
	"fmt"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// ModelInfo is wire.ModelInfo: an installed model as the API lists it.
type ModelInfo = wire.ModelInfo

// RecommendedModel is wire.RecommendedModel: a model suggested for Japanese documents.
type RecommendedModel = wire.RecommendedModel

// CurrentModels is wire.CurrentModels: the models in use.
type CurrentModels = wire.CurrentModels

// ModelConfig is wire.ModelConfig: a model's generation options (nil: Ollama's default).
type ModelConfig = wire.ModelConfig

// OllamaState is wire.OllamaState: what the supervisor knows about Ollama.
type OllamaState = wire.OllamaState

// PullProgress is wire.PullProgress: one step of a model download.
type PullProgress = wire.PullProgress

// Errors a Service wraps (with the details) so that callers pick the
// status or message.
var (
	// ErrModelNotFound: the model is not installed (or, for a pull, does
	// not exist in the registry). HTTP 404.
	ErrModelNotFound = fault.Sentinel(fault.UnknownModel, "model not found")
	// ErrInvalid: the request's values (a model name, a kind, an option)
	// are out of range. HTTP 400.
	ErrInvalid = fault.Sentinel(fault.BadRequest, "invalid request")
	// ErrOllamaDown: Ollama does not answer. HTTP 503.
	ErrOllamaDown = fault.Sentinel(fault.ModelUnavailable, "Ollama is not reachable")
	// ErrManagedByEndpoint: a pull or delete while nothing uses Ollama
	// (llm.provider openai); models are managed on the endpoint. HTTP 409.
	ErrManagedByEndpoint = fault.Sentinel(fault.ManagedByEndpoint, "model management is done on the endpoint when llm.provider is openai: "+
		"load models where the endpoint is served (e.g. vLLM --model), then choose one with `genkai-rag models use NAME`")
)

// Service manages the models and the app's choice of them; the HTTP API,
// the desktop Models page and `genkai-rag models` call it. Names are
// checked with CheckName (ErrInvalid); Ollama not answering is
// ErrOllamaDown.
type Service interface {
	// Installed lists the installed models (Ollama's, and the endpoint's
	// when llm.provider is openai).
	Installed(ctx context.Context) ([]ModelInfo, error)
	// Recommended lists the suggested models, marking the installed ones;
	// empty when nothing uses Ollama.
	Recommended(ctx context.Context) []RecommendedModel
	// Current returns the chat and embedding models in force.
	Current() CurrentModels
	// Switch sets the chat model (kind "chat" or "") or the embedding
	// model (kind "embedding"), which must be installed
	// (ErrModelNotFound) and of that kind (ErrInvalid).
	Switch(ctx context.Context, kind, name string) (CurrentModels, error)
	// Config returns name's saved generation options.
	Config(name string) (ModelConfig, error)
	// SetConfig replaces c.ModelName's options (nil fields: the model's
	// default) and saves them; out-of-range values are ErrInvalid and a
	// value the configuration refuses a *config.Error.
	SetConfig(ctx context.Context, c ModelConfig) (ModelConfig, error)
	// Pull downloads name, calling fn for each step but the final success.
	Pull(ctx context.Context, name string, fn func(PullProgress) error) error
	// Delete removes an installed model.
	Delete(ctx context.Context, name string) error
	// Ollama describes the Ollama server or process (or the OpenAI-compatible endpoint).
	Ollama(ctx context.Context) OllamaState
}

// CheckName trims name and refuses, as ErrInvalid, any name the
// configuration would refuse (config.ValidModelName), saying what a model
// name looks like.
func CheckName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if !config.ValidModelName(name) {
		return "", fmt.Errorf("%w: %w: invalid model name %q: use %s; list the installed ones with `genkai-rag models list` or GET /api/models", ErrInvalid, fault.New(fault.InvalidModelName, "", nil), name, config.ModelNameRule)
	}
	return name, nil
}

// CheckKind refuses, as ErrInvalid, a model kind other than "" (chat),
// "chat" and "embedding".
func CheckKind(kind string) error {
	if kind != "" && kind != "chat" && kind != "embedding" {
		return fmt.Errorf("%w: kind must be chat or embedding, got %q", ErrInvalid, kind)
	}
	return nil
}
