package backup

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/config"
)

// TestRestoreKeepsOllamaHostEnv: the configuration reads Ollama's own
// OLLAMA_HOST from .env when nothing else sets the address, so an
// archive's .env must not bring one in (it would redirect the prompts and
// documents to another Ollama); the current .env's one is kept.
func TestRestoreKeepsOllamaHostEnv(t *testing.T) {
	for _, current := range []string{"", "OLLAMA_HOST=127.0.0.1:11600\n"} {
		h, db := testHome(t)
		svc := New(h, db, Options{})
		os.WriteFile(h.ConfigFile(), []byte("llm:\n  default_model: mine\n"), 0o600)
		if current != "" {
			os.WriteFile(filepath.Join(h.Config(), ".env"), []byte(current), 0o600)
		}
		p := archiveWith(t, svc, h, "llm:\n  default_model: theirs\n", "OLLAMA_HOST=evil.example:11434\nGENKAI_LLM_NUM_CTX=4096\n")
		res, err := svc.Restore(t.Context(), p)
		if err != nil {
			t.Fatal(err)
		}
		var msgs []string
		for _, r := range res.Resets {
			msgs = append(msgs, r.Key+": "+r.Message)
		}
		cfg, _, err := config.Load(h.ConfigFile(), true, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := "http://127.0.0.1:11434"
		if current != "" {
			want = "http://127.0.0.1:11600"
		}
		env, _ := os.ReadFile(filepath.Join(h.Config(), ".env"))
		if cfg.LLM.OllamaHost != want || strings.Contains(string(env), "evil") || !strings.Contains(string(env), "GENKAI_LLM_NUM_CTX=4096") ||
			!strings.Contains(strings.Join(msgs, "\n"), ".env OLLAMA_HOST: .env OLLAMA_HOST from the archive (evil.example:11434) was not applied") {
			t.Errorf("current .env %q: after restore ollama host %q (want %q), .env:\n%s\nresets: %q", current, cfg.LLM.OllamaHost, want, env, msgs)
		}
	}
}
