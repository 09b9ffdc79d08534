package config

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// restartKeys need a restart to take effect; every other key applies live on
// reload. A trailing ".*" covers a whole section.
var restartKeys = []string{
	"server.*",
	"llm.ollama_host",
	"llm.manage_ollama",
	"llm.provider",
	"llm.openai_base_url",
	"llm.embedding_provider",
	"monitoring.structured_logging",
	"monitoring.log_file",
	"monitoring.max_log_size_mb",
	"monitoring.backup_count",
	"maintenance.start_delay_seconds",
}

// Live reports whether the dotted key path applies without a restart.
func Live(path string) bool {
	for _, k := range restartKeys {
		if k == path || strings.HasSuffix(k, ".*") && strings.HasPrefix(path, strings.TrimSuffix(k, "*")) {
			return false
		}
	}
	return true
}

// Key describes one configuration key for documentation and the UI.
type Key struct {
	Path    string `json:"path"`
	Env     string `json:"env"`
	Default string `json:"default"`
	Live    bool   `json:"live"`
}

// Keys lists every scalar key with its default, its environment variable
// and whether it reloads live, in declaration order. The per-model options
// under llm.models.NAME are listed with NAME as the path element.
func Keys() []Key {
	var keys []Key
	walkLeaves(reflect.ValueOf(Default()).Elem(), "", func(path string, f reflect.Value) {
		def := fmt.Sprint(f.Interface())
		if def == "" {
			def = `""`
		}
		keys = append(keys, Key{Path: path, Env: EnvName(path), Default: def, Live: Live(path)})
	})
	for _, k := range []string{"temperature", "max_tokens", "context_length", "top_p"} {
		p := "llm.models.NAME." + k
		keys = append(keys, Key{Path: p, Default: "(Ollama's)", Live: Live(p)})
	}
	return keys
}

// Changed returns the dotted paths whose values differ between a and b,
// split into those that apply live and those that need a restart.
func Changed(a, b *Config) (live, restart []string) {
	av, bv := map[string]string{}, map[string]string{}
	walkLeaves(reflect.ValueOf(a).Elem(), "", func(p string, f reflect.Value) { av[p] = fmt.Sprint(f.Interface()) })
	walkLeaves(reflect.ValueOf(b).Elem(), "", func(p string, f reflect.Value) { bv[p] = fmt.Sprint(f.Interface()) })
	for _, k := range Keys() {
		if av[k.Path] == bv[k.Path] {
			continue
		}
		if k.Live {
			live = append(live, k.Path)
		} else {
			restart = append(restart, k.Path)
		}
	}
	if !reflect.DeepEqual(a.LLM.Models, b.LLM.Models) {
		live = append(live, "llm.models")
	}
	return live, restart
}

const defaultHeader = `# Genkai RAG configuration. Every key is optional: a missing key keeps its default.
# Environment variables override keys: GENKAI_<SECTION>_<KEY>, e.g. GENKAI_MONITORING_LOG_LEVEL=DEBUG,
# also read from a .env file beside this one. Check with: genkai-rag config validate
# Keys marked live apply on POST /api/system/reload-config; the rest need a restart.
`

// WriteDefault writes a commented default configuration to path with mode
// 0600, unless a file is already there (it is never overwritten). It writes
// to a temporary file first, so a crash leaves either nothing or a whole file.
// It reports whether it wrote the file.
func WriteDefault(path string) (bool, error) {
	if _, err := os.Lstat(path); err == nil {
		return false, nil
	}
	body, err := yaml.Marshal(Default())
	if err != nil {
		return false, fmt.Errorf("encode default config: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".config-*.yaml")
	if err != nil {
		return false, fmt.Errorf("write default config: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err == nil {
		_, err = tmp.WriteString(defaultHeader + string(body))
		if err == nil {
			err = tmp.Sync()
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			// Link fails if path appeared meanwhile: never overwrite.
			err = os.Link(tmp.Name(), path)
		}
	}
	if err != nil {
		tmp.Close()
		if os.IsExist(err) {
			return false, nil
		}
		return false, fmt.Errorf("write default config: %w", err)
	}
	return true, nil
}
