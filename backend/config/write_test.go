package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestUpdateKeepsCommentsAndValidates(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	orig := `# my settings
llm:
  # the model I like
  default_model: llama3.2:3b # small
monitoring:
  log_level: INFO
`
	if err := os.WriteFile(path, []byte(orig), 0o600); err != nil {
		t.Fatal(err)
	}
	temp := 0.2
	err := Update(path,
		Set{Path: []string{"llm", "default_model"}, Value: "qwen2.5:7b"},
		Set{Path: []string{"llm", "models", "qwen2.5:7b", "temperature"}, Value: temp},
		Set{Path: []string{"llm", "models", "qwen2.5:7b", "max_tokens"}, Value: 512},
	)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	got := string(b)
	for _, want := range []string{"# my settings", "# the model I like", "default_model: qwen2.5:7b # small", "qwen2.5:7b:", "temperature: 0.2", "log_level: INFO"} {
		if !strings.Contains(got, want) {
			t.Errorf("updated file lacks %q:\n%s", want, got)
		}
	}
	cfg, _, err := Load(path, true, nil)
	if err != nil || cfg.LLM.DefaultModel != "qwen2.5:7b" || *cfg.LLM.Models["qwen2.5:7b"].Temperature != 0.2 || cfg.LLM.Models["qwen2.5:7b"].MaxTokens != 512 {
		t.Fatalf("reloaded: %+v %v", cfg, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}

	// An invalid value is refused and the file left as it was.
	before, _ := os.ReadFile(path)
	err = Update(path, Set{Path: []string{"llm", "models", "qwen2.5:7b", "temperature"}, Value: 9.0})
	var ce *Error
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "temperature") {
		t.Fatalf("invalid update: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("file changed by a refused update")
	}
	// Removing a key.
	if err := Update(path, Set{Path: []string{"llm", "models", "qwen2.5:7b", "max_tokens"}}); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); strings.Contains(string(b), "max_tokens") {
		t.Error("removed key still there")
	}
}

func TestUpdateCreatesMissingFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := Update(path, Set{Path: []string{"llm", "embedding_model"}, Value: "bge-m3"}); err != nil {
		t.Fatal(err)
	}
	cfg, _, err := Load(path, true, nil)
	if err != nil || cfg.LLM.EmbeddingModel != "bge-m3" {
		t.Fatalf("%+v %v", cfg, err)
	}
	if err := os.WriteFile(path, []byte("llm: [1, 2"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Update(path, Set{Path: []string{"llm", "default_model"}, Value: "x"}); err == nil || !strings.Contains(err.Error(), "not valid YAML") {
		t.Errorf("broken file: %v", err)
	}
}
