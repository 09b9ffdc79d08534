package models

import (
	"context"
	"fmt"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/llm"
)

// endpointModels lists the endpoint's models as installed models. The
// OpenAI API does not say which make embeddings: names containing
// "embed" and the configured embedding model are marked.
func (m *Manager) endpointModels(ctx context.Context) ([]llm.Model, error) {
	ids, err := m.opt.OpenAI.ModelIDs(ctx)
	if err != nil {
		return nil, modelErr(err)
	}
	emb := m.cfg().LLM.EmbeddingModel
	out := make([]llm.Model, len(ids))
	for i, id := range ids {
		out[i] = llm.Model{Name: id, Embedding: strings.Contains(strings.ToLower(id), "embed") || llm.SameModel(id, emb)}
	}
	return out, nil
}

// models lists the models: the endpoint's (llm.provider openai) and
// Ollama's (when chat or embeddings use it).
func (m *Manager) models(ctx context.Context) ([]llm.Model, error) {
	l := m.cfg().LLM
	var out []llm.Model
	if l.UsesOpenAI() {
		list, err := m.endpointModels(ctx)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	if l.UsesOllama() {
		list, err := m.opt.Ollama.Installed(ctx)
		if err != nil {
			return nil, modelErr(err)
		}
		out = append(out, list...)
	}
	return out, nil
}

// onEndpoint reports whether models of kind ("embedding", else chat) come
// from the OpenAI-compatible endpoint.
func (m *Manager) onEndpoint(kind string) bool {
	l := m.cfg().LLM
	if kind == "embedding" {
		return l.EmbeddingProviderOf() == config.ProviderOpenAI
	}
	return l.Provider == config.ProviderOpenAI
}

// refuseManagement is ErrManagedByEndpoint when nothing uses Ollama, so
// pulls and deletes say why instead of failing against an Ollama that is
// not there.
func (m *Manager) refuseManagement() error {
	if m.cfg().LLM.UsesOllama() {
		return nil
	}
	return ErrManagedByEndpoint
}

// endpointState is the Models page's Ollama state when nothing uses
// Ollama: the endpoint, probed now.
func (m *Manager) endpointState(ctx context.Context) llm.State {
	p := m.opt.OpenAI.Probe(ctx)
	return llm.State{Phase: llm.PhaseEndpoint, Running: p.Reachable, Version: p.Version, Host: p.Host, LastError: p.Error,
		InstallHint: fmt.Sprintf("generation and embeddings run on the OpenAI-compatible endpoint %s (llm.provider: openai); Ollama is not used", p.Host)}
}
