package models

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/llm"
)

// TestCheckNameIsTheConfigRule: the model service refuses exactly the
// model names the configuration refuses, as ErrInvalid, in every method
// that takes a name (formerly desktop.checkName and api.modelName).
func TestCheckNameIsTheConfigRule(t *testing.T) {
	ollama, err := llm.New("http://127.0.0.1:1", nil) // nothing answers
	if err != nil {
		t.Fatal(err)
	}
	cfg := config.Default()
	m := New(Options{
		Config: func() *config.Config { return cfg }, Ollama: ollama,
		ConfigFile: filepath.Join(t.TempDir(), "config.yaml"),
		Reload:     func(context.Context) error { return nil },
	})
	ctx := t.Context()
	for _, name := range []string{"<script>", "a#b", "*bc", `q"uote`, "{x}", "a..b", "", "qwen3:4b", "qwen2.5:7b-instruct-q4_K_M", "hf.co/u/m:Q4_K_M"} {
		valid := config.ValidModelName(name)
		_, err := CheckName(name)
		_, errSwitch := m.Switch(ctx, "chat", name)
		_, errConfig := m.Config(name)
		errPull := m.Pull(ctx, name, func(PullProgress) error { return nil })
		errDelete := m.Delete(ctx, name)
		_, errSet := m.SetConfig(ctx, ModelConfig{ModelName: name})
		for op, err := range map[string]error{"CheckName": err, "Switch": errSwitch, "Config": errConfig, "Pull": errPull, "Delete": errDelete, "SetConfig": errSet} {
			if invalid := errors.Is(err, ErrInvalid); invalid == valid {
				t.Errorf("%s(%q) = %v; config.ValidModelName = %v", op, name, err, valid)
			}
		}
	}
	if _, err := m.Switch(ctx, "vision", "qwen3:4b"); !errors.Is(err, ErrInvalid) {
		t.Errorf("Switch(kind vision) = %v, want ErrInvalid", err)
	}
}
