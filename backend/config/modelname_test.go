package config

import (
	"strings"
	"testing"
)

func TestValidModelName(t *testing.T) {
	for name, want := range map[string]bool{
		"llama3.2:3b": true, "bge-m3": true, "qwen2.5:7b-instruct-q4_K_M": true, "my_model": true,
		"hf.co/elyza/Llama-3-ELYZA-JP-8B-GGUF:Q4_K_M": true, "registry.local:5000/team/m:v1": true,
		"": false, "<script>": false, "a#b": false, "*bc": false, `q"uote`: false, "{x}": false,
		"a..b": false, "../etc": false, "-x": false, "_x": false, "a b": false, "ä": false, "x\\y": false,
		strings.Repeat("a", 200): true, strings.Repeat("a", 201): false,
	} {
		if got := ValidModelName(name); got != want {
			t.Errorf("ValidModelName(%q) = %v, want %v", name, got, want)
		}
	}
	c := Default()
	c.LLM.DefaultModel = "qwen2.5:7b-instruct-q4_K_M"
	if err := c.Validate(); err != nil {
		t.Errorf("a tag with underscores is refused: %v", err)
	}
	c.LLM.DefaultModel = "a..b"
	if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "llm.default_model: must be an Ollama model name") {
		t.Errorf("a..b: %v", err)
	}
}
