package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// OllamaHostEnv is Ollama's own variable for its address, read by the
// `ollama` command line and honoured here when neither
// GENKAI_LLM_OLLAMA_HOST nor the configuration file sets llm.ollama_host.
const OllamaHostEnv = "OLLAMA_HOST"

// Where llm.ollama_host came from (Source.OllamaHostSource), in precedence
// order: the first that sets it wins.
const (
	// HostFromGenkaiEnv: GENKAI_LLM_OLLAMA_HOST, from the environment or
	// the .env file beside the configuration.
	HostFromGenkaiEnv = "GENKAI_LLM_OLLAMA_HOST"
	// HostFromConfig: llm.ollama_host in the configuration file, with a
	// value other than the default (the generated file writes the default,
	// which therefore does not hide OLLAMA_HOST).
	HostFromConfig = "config"
	// HostFromOllamaEnv: OLLAMA_HOST, from the environment or the .env file.
	HostFromOllamaEnv = "OLLAMA_HOST"
	// HostFromDefault: none of them; http://127.0.0.1:11434.
	HostFromDefault = "default"
)

// ParseOllamaHost reads an OLLAMA_HOST value the way Ollama's own command
// line does (envconfig.Host in github.com/ollama/ollama): surrounding
// spaces and quotes are dropped; the scheme defaults to http; the host to
// 127.0.0.1; the port to 11434 without a scheme, else to 80 (http) or 443
// (https); a path is kept (a proxy in front of Ollama); "ollama.com" means
// https://ollama.com:443. So `host`, `host:port`, `:port`, `[::1]:port` and
// `http(s)://host[:port][/path]` are accepted. It returns the base URL,
// e.g. http://10.0.0.5:11434.
//
// Where Ollama would quietly fall back to a default (a port that is not a
// number from 1 to 65535) or build an address nobody can reach (a scheme
// other than http or https, spaces or a malformed host), it returns an
// error naming OLLAMA_HOST and saying what to write instead.
func ParseOllamaHost(value string) (string, error) {
	s := strings.TrimSpace(strings.Trim(strings.TrimSpace(value), "\"'"))
	bad := func(why string) error {
		return fmt.Errorf("%s=%q: %s; write it as Ollama does, e.g. 127.0.0.1:11434, :11434 or http://gpu-box:11434 (or unset it)", OllamaHostEnv, value, why)
	}
	defaultPort := "11434"
	scheme, hostport, ok := strings.Cut(s, "://")
	switch {
	case !ok:
		scheme, hostport = "http", s
		if s == "ollama.com" {
			scheme, hostport = "https", "ollama.com:443"
		}
	case scheme == "http":
		defaultPort = "80"
	case scheme == "https":
		defaultPort = "443"
	default:
		return "", bad(fmt.Sprintf("the scheme must be http or https, not %q", scheme))
	}
	hostport, path, _ := strings.Cut(hostport, "/")
	if strings.ContainsAny(hostport, " \t\r\n") || strings.ContainsAny(path, " \t\r\n") {
		return "", bad("it contains spaces")
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		host, port = "", defaultPort
		if ip := net.ParseIP(strings.Trim(hostport, "[]")); ip != nil {
			host = ip.String()
		} else if strings.ContainsAny(hostport, "[]") || strings.Count(hostport, ":") > 0 {
			return "", bad("it is not host, host:port or :port")
		} else {
			host = hostport
		}
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "", bad(fmt.Sprintf("the port must be a number from 1 to 65535, got %q", port))
	}
	if host == "" {
		// Ollama leaves it empty, which dials this machine; say so.
		host = "127.0.0.1"
	}
	u := &url.URL{Scheme: scheme, Host: net.JoinHostPort(host, port), Path: path}
	if _, err := url.Parse(u.String()); err != nil || strings.ContainsAny(host, "/?#@%") {
		return "", bad("the host is not a valid name or address")
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// resolveOllamaHost applies OLLAMA_HOST to cfg when neither
// GENKAI_LLM_OLLAMA_HOST nor the configuration file set llm.ollama_host
// (fileHost is the file's value, "" when it has none), and records which
// won in src. genkaiFrom and ollamaFrom are the files the two variables
// came from ("" for the process environment); ollama is OLLAMA_HOST's
// value ("" when unset). A bad OLLAMA_HOST that would apply is a problem;
// one that is shadowed is a warning.
func resolveOllamaHost(cfg *Config, src *Source, env map[string]string, fileHost, genkaiFrom, ollama, ollamaFrom string) []Problem {
	genkaiName := EnvName("llm.ollama_host")
	_, genkaiSet := env[genkaiName]
	def := Default().LLM.OllamaHost
	fileSets := fileHost != "" && normaliseHost(fileHost) != def
	ollamaSet := strings.TrimSpace(ollama) != ""
	switch {
	case genkaiSet:
		src.OllamaHostSource, src.OllamaHostFile = HostFromGenkaiEnv, genkaiFrom
	case fileSets:
		src.OllamaHostSource, src.OllamaHostFile = HostFromConfig, src.File
	case ollamaSet:
		src.OllamaHostSource, src.OllamaHostFile = HostFromOllamaEnv, ollamaFrom
		h, err := ParseOllamaHost(ollama)
		if err != nil {
			return []Problem{{Path: OllamaHostEnv, Message: strings.TrimPrefix(err.Error(), OllamaHostEnv+"=")}}
		}
		cfg.LLM.OllamaHost = h
		return nil
	default:
		src.OllamaHostSource = HostFromDefault
		return nil
	}
	if ollamaSet {
		winner := genkaiName
		if src.OllamaHostSource == HostFromConfig {
			winner = "llm.ollama_host in " + src.File
		}
		msg := fmt.Sprintf("ignored: %s sets the Ollama address (%s); unset it to use %s", winner, cfg.LLM.OllamaHost, OllamaHostEnv)
		if _, err := ParseOllamaHost(ollama); err != nil {
			msg = strings.TrimPrefix(err.Error(), OllamaHostEnv+"=") + " (not used: " + winner + " sets the address)"
		}
		src.Warnings = append(src.Warnings, Problem{Path: OllamaHostEnv, Message: msg})
	}
	return nil
}
