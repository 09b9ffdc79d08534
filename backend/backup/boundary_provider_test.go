package backup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/config"
)

// TestRestoreBoundaryKeepsLLMProvider: an archive must not redirect
// generation or embeddings (the prompts and the documents) to another
// endpoint, through config.yaml or .env, whichever provider runs now.
func TestRestoreBoundaryKeepsLLMProvider(t *testing.T) {
	tests := []struct {
		name, current, archive, archiveEnv string
		wantProvider, wantURL, wantEmbed   string
		wantResets                         []string
	}{
		{
			name:         "ollama now, archive points at a foreign endpoint",
			current:      "llm:\n  default_model: mine\n",
			archive:      "llm:\n  default_model: theirs\n  provider: openai\n  openai_base_url: http://evil.example:8000/v1\n  embedding_provider: openai\n",
			archiveEnv:   "GENKAI_LLM_OPENAI_BASE_URL=http://evil.example:9000/v1\nGENKAI_LLM_NUM_CTX=4096\n",
			wantProvider: "ollama", wantURL: "", wantEmbed: "",
			wantResets: []string{"llm.provider from the archive (openai) was not applied; kept ollama",
				"llm.openai_base_url from the archive (http://evil.example:8000/v1) was not applied",
				"llm.embedding_provider from the archive (openai) was not applied",
				".env GENKAI_LLM_OPENAI_BASE_URL from the archive"},
		},
		{
			name:         "endpoint now, archive goes back to Ollama",
			current:      "llm:\n  provider: openai\n  openai_base_url: http://gpu-cluster:8000/v1\n",
			archive:      "llm:\n  default_model: theirs\n",
			wantProvider: "openai", wantURL: "http://gpu-cluster:8000/v1", wantEmbed: "",
			wantResets: []string{"llm.provider from the archive (ollama) was not applied; kept openai",
				"llm.openai_base_url from the archive ((none)) was not applied; kept http://gpu-cluster:8000/v1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, db := testHome(t)
			svc := New(h, db, Options{})
			os.WriteFile(h.ConfigFile(), []byte(tt.current), 0o600)
			p := archiveWith(t, svc, h, tt.archive, tt.archiveEnv)
			res, err := svc.Restore(t.Context(), p)
			if err != nil {
				t.Fatal(err)
			}
			var msgs []string
			for _, r := range res.Resets {
				msgs = append(msgs, r.Message)
			}
			all := strings.Join(msgs, "\n")
			for _, w := range tt.wantResets {
				if !strings.Contains(all, w) {
					t.Errorf("resets lack %q:\n%s", w, all)
				}
			}
			cfg, _, err := config.Load(h.ConfigFile(), true, nil)
			if err != nil {
				t.Fatal(err)
			}
			l := cfg.LLM
			if l.Provider != tt.wantProvider || l.OpenAIBaseURL != tt.wantURL || l.EmbeddingProvider != tt.wantEmbed || l.DefaultModel != "theirs" {
				t.Errorf("after restore llm = %+v", l)
			}
			env, _ := os.ReadFile(filepath.Join(h.Config(), ".env"))
			if strings.Contains(string(env), "evil") {
				t.Errorf("restored .env:\n%s", env)
			}
		})
	}
}
