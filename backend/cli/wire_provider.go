package cli

import (
	"context"
	"fmt"
	"strings"

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

// embedder is where embeddings are made (llm.embedding_provider, else
// llm.provider).
func (s *Services) embedder() search.Embedder {
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

// endpointCheck is doctor's check of the OpenAI-compatible endpoint: it
// lists the endpoint's models and says whether the configured ones are
// among them.
func endpointCheck(ctx context.Context, env Env, cfg *config.Config) Check {
	key, from := config.OpenAIKey(env.Environ)
	c, err := llm.NewOpenAI(cfg.LLM.OpenAIBaseURL, key, llm.Options{})
	if err != nil {
		return Check{Name: "llm_endpoint", Status: "error", Detail: err.Error(), Fix: "set llm.openai_base_url to a URL such as http://gpu-cluster:8000/v1"}
	}
	pctx, cancel := context.WithTimeout(ctx, llm.ProbeTimeout)
	defer cancel()
	ids, err := c.ModelIDs(pctx)
	if err != nil {
		return Check{Name: "llm_endpoint", Status: "warning", Detail: strings.TrimPrefix(err.Error(), "list models: "),
			Fix: "start the endpoint or fix llm.openai_base_url / " + config.OpenAIKeyEnv + "; search works without it"}
	}
	if from == "" {
		from = "no API key"
	} else {
		from = "API key from " + from
	}
	var missing []string
	for _, want := range []struct {
		model string
		use   bool
	}{{cfg.LLM.DefaultModel, cfg.LLM.Provider == config.ProviderOpenAI}, {cfg.LLM.EmbeddingModel, cfg.LLM.EmbeddingProviderOf() == config.ProviderOpenAI}} {
		found := false
		for _, id := range ids {
			found = found || llm.SameModel(id, want.model)
		}
		if want.use && !found {
			missing = append(missing, want.model)
		}
	}
	detail := fmt.Sprintf("OpenAI-compatible endpoint %s (%s) serves %d models", c.Host(), from, len(ids))
	if len(missing) > 0 {
		return Check{Name: "llm_endpoint", Status: "warning", Detail: detail + "; not " + strings.Join(missing, ", "),
			Fix: "set llm.default_model / llm.embedding_model to models the endpoint serves: " + strings.Join(ids, ", ")}
	}
	return Check{Name: "llm_endpoint", Status: "ok", Detail: detail}
}

// ModelsAPI returns the model service (backend/models) over this
// program's Ollama client, endpoint, supervisor and configuration file,
// recording model switches in the monitor.
func (s *Services) ModelsAPI() *models.Manager {
	return models.New(models.Options{
		Config: s.CurrentConfig, Ollama: s.Ollama, OpenAI: s.OpenAI, Supervisor: s.Supervisor,
		ConfigFile: s.reload.file,
		Reload: func(ctx context.Context) error {
			_, err := s.ReloadConfig(ctx)
			return err
		},
		Recorder: s.Monitor,
	})
}
