package cli

import (
	"fmt"
	"io"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
)

// hostFromServer is ollamaHostInfo.Source when a running server uses an
// Ollama address other than the one this command resolves: the server's
// own environment chose it.
const hostFromServer = "server"

// ollamaHostInfo is the Ollama address `status` reports and which setting
// gave it (config.HostFromGenkaiEnv, HostFromConfig, HostFromOllamaEnv,
// HostFromDefault, or hostFromServer), with the file that held it.
type ollamaHostInfo struct {
	OllamaHost       string `json:"ollama_host,omitempty"`
	OllamaHostSource string `json:"ollama_host_source,omitempty"`
	OllamaHostFile   string `json:"ollama_host_file,omitempty"`
}

// ollamaHostOf says where cfg's Ollama address came from; src nil (an
// invalid configuration, replaced by the defaults) means the default.
// When a running server answered with another address, that is the
// server's own.
func ollamaHostOf(cfg *config.Config, src *config.Source, server *monitor.SystemStatus) ollamaHostInfo {
	i := ollamaHostInfo{OllamaHost: cfg.LLM.OllamaHost, OllamaHostSource: config.HostFromDefault}
	if src != nil && src.OllamaHostSource != "" {
		i.OllamaHostSource, i.OllamaHostFile = src.OllamaHostSource, src.OllamaHostFile
	}
	if server != nil && server.Ollama.Host != "" && server.Ollama.Host != i.OllamaHost {
		i = ollamaHostInfo{OllamaHost: server.Ollama.Host, OllamaHostSource: hostFromServer}
	}
	return i
}

// from describes the source in the user's language, e.g. "from OLLAMA_HOST".
func (i ollamaHostInfo) from(ja bool) string {
	what := map[string]string{
		config.HostFromGenkaiEnv: config.EnvName("llm.ollama_host"),
		config.HostFromConfig:    "llm.ollama_host",
		config.HostFromOllamaEnv: config.OllamaHostEnv,
	}[i.OllamaHostSource]
	if what != "" && i.OllamaHostFile != "" {
		what += " (" + i.OllamaHostFile + ")"
	}
	switch {
	case i.OllamaHostSource == hostFromServer && ja:
		return "稼働中のサーバーの設定"
	case i.OllamaHostSource == hostFromServer:
		return "the running server's own setting"
	case what == "" && ja:
		return "既定値"
	case what == "":
		return "the default"
	case ja:
		return what + " から"
	}
	return "from " + what
}

// printOllamaHost prints the Ollama address line of `status`.
func printOllamaHost(w io.Writer, env Env, i ollamaHostInfo) {
	if i.OllamaHost == "" {
		return
	}
	if isJapanese(env) {
		fmt.Fprintf(w, "Ollama のアドレス: %s（%s）\n", i.OllamaHost, i.from(true))
		return
	}
	fmt.Fprintf(w, "Ollama address: %s (%s)\n", i.OllamaHost, i.from(false))
}

// isJapanese reports whether the CLI speaks Japanese (see messages).
func isJapanese(env Env) bool { return messages(env) == catalogues["ja"] }
