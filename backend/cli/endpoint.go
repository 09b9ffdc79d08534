package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/llm"
)

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
