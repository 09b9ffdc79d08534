package config

import (
	"fmt"
	"net/url"
	"strings"
)

// The values of llm.provider and llm.embedding_provider.
const (
	// ProviderOllama: Ollama at llm.ollama_host (the default).
	ProviderOllama = "ollama"
	// ProviderOpenAI: an OpenAI-compatible endpoint at llm.openai_base_url
	// (vLLM, a llama.cpp server, Ollama's own /v1, a pool behind one URL).
	ProviderOpenAI = "openai"
)

// The environment variables that hold the OpenAI-compatible endpoint's API
// key, first one set wins. The key is never read from config.yaml or .env,
// so that it is not copied into backups or shown by `config show`.
const (
	OpenAIKeyEnv         = "GENKAI_LLM_OPENAI_API_KEY"
	OpenAIKeyFallbackEnv = "OPENAI_API_KEY"
)

// OpenAIKey returns the API key for the OpenAI-compatible endpoint from
// environ (os.Environ() form) and the variable it came from:
// GENKAI_LLM_OPENAI_API_KEY, else OPENAI_API_KEY, else "", "" (no key: the
// endpoint is called without an Authorization header).
func OpenAIKey(environ []string) (key, from string) {
	vars := map[string]string{}
	for _, kv := range environ {
		if k, v, ok := strings.Cut(kv, "="); ok {
			vars[k] = strings.TrimSpace(v)
		}
	}
	for _, name := range []string{OpenAIKeyEnv, OpenAIKeyFallbackEnv} {
		if v := vars[name]; v != "" {
			return v, name
		}
	}
	return "", ""
}

// EmbeddingProviderOf is the provider that makes embeddings: the
// llm.embedding_provider when set, else llm.provider.
func (l LLM) EmbeddingProviderOf() string {
	if l.EmbeddingProvider != "" {
		return l.EmbeddingProvider
	}
	return l.Provider
}

// UsesOllama reports whether chat or embeddings go to Ollama, so that the
// app supervises (and may start) `ollama serve`.
func (l LLM) UsesOllama() bool {
	return l.Provider != ProviderOpenAI || l.EmbeddingProviderOf() != ProviderOpenAI
}

// UsesOpenAI reports whether chat or embeddings go to the OpenAI-compatible
// endpoint.
func (l LLM) UsesOpenAI() bool {
	return l.Provider == ProviderOpenAI || l.EmbeddingProviderOf() == ProviderOpenAI
}

// ValidOpenAIBaseURL checks an OpenAI-compatible base URL: http(s), a host,
// a path ending in /v1, no query, fragment or credentials. The error says
// what is wrong without naming the key.
func ValidOpenAIBaseURL(s string) error {
	u, err := url.Parse(strings.TrimSpace(s))
	switch {
	case strings.TrimSpace(s) == "":
		return fmt.Errorf("is empty")
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return fmt.Errorf("is not an http(s) URL")
	case u.User != nil:
		return fmt.Errorf("holds credentials; put the API key in %s instead", OpenAIKeyEnv)
	case u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("has a query or fragment")
	case !strings.HasSuffix(strings.TrimRight(u.Path, "/"), "/v1"):
		return fmt.Errorf("does not end in /v1")
	}
	return nil
}

// providerProblems validates llm.provider, llm.embedding_provider and
// llm.openai_base_url.
func (l LLM) providerProblems() []Problem {
	var ps []Problem
	for _, p := range []struct{ path, v string }{{"llm.provider", l.Provider}, {"llm.embedding_provider", l.EmbeddingProvider}} {
		if p.v == ProviderOllama || p.v == ProviderOpenAI || p.v == "" && p.path == "llm.embedding_provider" {
			continue
		}
		msg := fmt.Sprintf("must be ollama or openai, got %q", p.v)
		if p.path == "llm.embedding_provider" {
			msg = fmt.Sprintf("must be ollama, openai or empty (the same as llm.provider), got %q", p.v)
		}
		ps = append(ps, Problem{Path: p.path, Message: msg})
	}
	if l.UsesOpenAI() || l.OpenAIBaseURL != "" {
		if err := ValidOpenAIBaseURL(l.OpenAIBaseURL); err != nil {
			why := ""
			if l.OpenAIBaseURL == "" {
				why = " (llm.provider or llm.embedding_provider is openai)"
			}
			shown := l.OpenAIBaseURL
			if u, perr := url.Parse(shown); perr == nil && u.User != nil {
				u.User = url.User("REDACTED")
				shown = u.String()
			}
			ps = append(ps, Problem{Path: "llm.openai_base_url", Message: fmt.Sprintf(
				"must be an http(s) URL ending in /v1 such as http://gpu-cluster:8000/v1, got %q: it %v%s", shown, err, why)})
		}
	}
	return ps
}
