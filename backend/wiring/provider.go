package wiring

import (
	"context"

	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/models"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// PhaseEndpoint is the Models page's Ollama phase when llm.provider is
// openai and nothing uses Ollama: generation runs on the endpoint.
const PhaseEndpoint = llm.PhaseEndpoint

// startProvider builds the OpenAI-compatible client when llm.provider or
// llm.embedding_provider is openai, with the API key from the process
// environment (config.OpenAIKey), and logs where generation and
// embeddings go.
func (s *Services) startProvider(environ []string) error {
	l := s.Config.LLM
	if !l.UsesOpenAI() {
		return nil
	}
	key, from := config.OpenAIKey(environ)
	c, err := llm.NewOpenAI(l.OpenAIBaseURL, key, llm.Options{})
	if err != nil {
		return err
	}
	s.OpenAI = c
	if from == "" {
		from = "none: set " + config.OpenAIKeyEnv + " if the endpoint needs one"
	}
	s.Log.Info("using an OpenAI-compatible endpoint", "endpoint", c.Host(), "chat", l.Provider, "embeddings", l.EmbeddingProviderOf(), "api_key_from", from)
	return nil
}

// generatorClient is where answers are generated (llm.provider): the
// chat service's Generator.
func (s *Services) generatorClient() chat.Generator {
	if s.Config.LLM.Provider == config.ProviderOpenAI {
		return s.OpenAI
	}
	return s.Ollama
}

// Embedder is where embeddings are made (llm.embedding_provider, else
// llm.provider): the OpenAI-compatible endpoint or Ollama.
func (s *Services) Embedder() search.Embedder {
	if s.Config.LLM.EmbeddingProviderOf() == config.ProviderOpenAI {
		return s.OpenAI
	}
	return s.Ollama
}

// prober is what health checks and the status bar probe: the endpoint
// when generation runs there, else the Ollama supervisor.
func (s *Services) prober() monitor.OllamaProber {
	if s.Config.LLM.Provider == config.ProviderOpenAI {
		return s.OpenAI
	}
	return s.Supervisor
}

// ModelsAPI returns the model service (backend/models) over this
// program's Ollama client, endpoint, supervisor and configuration file;
// `genkai-rag models` uses it without a server.
func (s *Services) ModelsAPI() *models.Manager { return s.models(nil) }

// MeteredModels is ModelsAPI recording each model switch in the monitor
// (the transports use it).
func (s *Services) MeteredModels() *models.Manager { return s.models(s.Monitor) }

func (s *Services) models(rec models.Recorder) *models.Manager {
	return models.New(models.Options{
		Config: s.CurrentConfig, Ollama: s.Ollama, OpenAI: s.OpenAI, Supervisor: s.Supervisor,
		ConfigFile: s.reload.file,
		Reload: func(ctx context.Context) error {
			_, err := s.ReloadConfig(ctx)
			return err
		},
		Recorder: rec,
	})
}
