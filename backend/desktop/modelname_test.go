package desktop

import (
	"errors"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/api"
	"github.com/genkai-rag/genkai-rag/backend/config"
)

// TestCheckNameIsTheConfigRule: the desktop app refuses exactly the model
// names the configuration refuses, as api.ErrInvalid.
func TestCheckNameIsTheConfigRule(t *testing.T) {
	for _, name := range []string{"<script>", "a#b", "*bc", `q"uote`, "{x}", "a..b", "", "qwen3:4b", "qwen2.5:7b-instruct-q4_K_M", "hf.co/u/m:Q4_K_M"} {
		_, err := checkName(name)
		if valid := config.ValidModelName(name); valid != (err == nil) || !valid && !errors.Is(err, api.ErrInvalid) {
			t.Errorf("checkName(%q) = %v; config.ValidModelName = %v", name, err, valid)
		}
	}
}
