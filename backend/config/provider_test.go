package config

import (
	"errors"
	"strings"
	"testing"
)

func TestProviderKeys(t *testing.T) {
	tests := []struct {
		name, yaml string
		env        []string
		wantErr    string // substring of the problems; "" means valid
		check      func(t *testing.T, c *Config, src *Source)
	}{
		{name: "default is ollama", check: func(t *testing.T, c *Config, _ *Source) {
			if c.LLM.Provider != "ollama" || c.LLM.EmbeddingProviderOf() != "ollama" || !c.LLM.UsesOllama() || c.LLM.UsesOpenAI() {
				t.Errorf("llm = %+v", c.LLM)
			}
		}},
		{name: "openai for both", yaml: "llm:\n  provider: openai\n  openai_base_url: http://gpu-cluster:8000/v1\n", check: func(t *testing.T, c *Config, _ *Source) {
			if c.LLM.UsesOllama() || !c.LLM.UsesOpenAI() || c.LLM.EmbeddingProviderOf() != "openai" {
				t.Errorf("llm = %+v", c.LLM)
			}
		}},
		{name: "openai chat, ollama embeddings", env: []string{"GENKAI_LLM_PROVIDER=openai", "GENKAI_LLM_OPENAI_BASE_URL=https://pool.example.ac.jp/v1/", "GENKAI_LLM_EMBEDDING_PROVIDER=ollama"},
			check: func(t *testing.T, c *Config, _ *Source) {
				if !c.LLM.UsesOllama() || !c.LLM.UsesOpenAI() {
					t.Errorf("llm = %+v", c.LLM)
				}
			}},
		{name: "unknown provider", yaml: "llm:\n  provider: vllm\n", wantErr: `llm.provider: must be ollama or openai, got "vllm"`},
		{name: "unknown embedding provider", yaml: "llm:\n  embedding_provider: tei\n", wantErr: `llm.embedding_provider: must be ollama, openai or empty`},
		{name: "openai without url", yaml: "llm:\n  provider: openai\n", wantErr: `llm.openai_base_url: must be an http(s) URL ending in /v1 such as http://gpu-cluster:8000/v1, got "": it is empty (llm.provider or llm.embedding_provider is openai)`},
		{name: "url without v1", env: []string{"GENKAI_LLM_PROVIDER=openai", "GENKAI_LLM_OPENAI_BASE_URL=http://gpu:8000"}, wantErr: `llm.openai_base_url: must be an http(s) URL ending in /v1 such as http://gpu-cluster:8000/v1, got "http://gpu:8000": it does not end in /v1`},
		{name: "url not http", yaml: "llm:\n  embedding_provider: openai\n  openai_base_url: gpu:8000/v1\n", wantErr: "it is not an http(s) URL"},
		{name: "url with credentials", yaml: "llm:\n  provider: openai\n  openai_base_url: http://u:secret@gpu:8000/v1\n", wantErr: "holds credentials; put the API key in GENKAI_LLM_OPENAI_API_KEY"},
		{name: "bad url checked even when unused", yaml: "llm:\n  openai_base_url: http://gpu:8000/v2\n", wantErr: "does not end in /v1"},
		{name: "key in config.yaml refused", yaml: "llm:\n  openai_api_key: sk-123\n", wantErr: "llm.openai_api_key: line 2: the API key is never read from the configuration file"},
		{name: "key variable is not an unknown key", env: []string{"GENKAI_LLM_OPENAI_API_KEY=sk-1"}, check: func(t *testing.T, _ *Config, src *Source) {
			if len(src.Warnings) != 0 {
				t.Errorf("warnings = %v", src.Warnings)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, t.TempDir(), "config.yaml", tt.yaml)
			cfg, src, err := Load(p, true, tt.env)
			if tt.wantErr != "" {
				var cerr *Error
				if !errors.As(err, &cerr) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("Load() error = %v, want one containing %q", err, tt.wantErr)
				}
				if strings.Contains(err.Error(), "sk-123") || strings.Contains(err.Error(), "secret") {
					t.Errorf("the error shows the secret: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load() = %v", err)
			}
			tt.check(t, cfg, src)
		})
	}
}

func TestOpenAIKeyFromEnvironmentOnly(t *testing.T) {
	tests := []struct {
		environ        []string
		wantKey, wantV string
	}{
		{nil, "", ""},
		{[]string{"OPENAI_API_KEY=sk-b"}, "sk-b", "OPENAI_API_KEY"},
		{[]string{"OPENAI_API_KEY=sk-b", "GENKAI_LLM_OPENAI_API_KEY=sk-a"}, "sk-a", "GENKAI_LLM_OPENAI_API_KEY"},
		{[]string{"GENKAI_LLM_OPENAI_API_KEY=  ", "OPENAI_API_KEY=sk-b"}, "sk-b", "OPENAI_API_KEY"},
	}
	for _, tt := range tests {
		k, v := OpenAIKey(tt.environ)
		if k != tt.wantKey || v != tt.wantV {
			t.Errorf("OpenAIKey(%q) = %q, %q; want %q, %q", tt.environ, k, v, tt.wantKey, tt.wantV)
		}
	}
	// A key in the .env beside config.yaml is ignored with a warning.
	dir := t.TempDir()
	p := writeFile(t, dir, "config.yaml", "")
	writeFile(t, dir, ".env", "GENKAI_LLM_OPENAI_API_KEY=sk-env\n")
	_, src, err := Load(p, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(src.Warnings) != 1 || !strings.Contains(src.Warnings[0].Message, "read only from the process environment") {
		t.Errorf("warnings = %v", src.Warnings)
	}
}

func TestProviderKeysNeedRestart(t *testing.T) {
	for _, k := range []string{"llm.provider", "llm.openai_base_url", "llm.embedding_provider"} {
		if Live(k) {
			t.Errorf("Live(%s) = true; the clients are built at start", k)
		}
	}
}
