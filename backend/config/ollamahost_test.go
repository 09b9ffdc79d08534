package config

import (
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ollama/ollama/envconfig"
)

// TestParseOllamaHostMatchesOllama reads every form Ollama's own tests
// accept exactly as envconfig.Host does (an empty host: 127.0.0.1, which
// is what Ollama's empty host dials).
func TestParseOllamaHostMatchesOllama(t *testing.T) {
	for _, v := range []string{
		"", "1.2.3.4", ":1234", "1.2.3.4:1234", "example.com", "example.com:1234",
		"[::1]", "[::]", "::1", "[::1]:1337", " 1.2.3.4 ", "\"1.2.3.4\"", " \" 1.2.3.4 \" ", "'1.2.3.4'",
		"http://1.2.3.4", "http://1.2.3.4:4321", "https://1.2.3.4", "https://1.2.3.4:4321",
		"https://example.com/ollama", "ollama.com", "0.0.0.0", "gpu-box:11434", "http://gpu-box:11434/",
	} {
		t.Run(v, func(t *testing.T) {
			t.Setenv("OLLAMA_HOST", v)
			want := strings.Replace(strings.TrimRight(envconfig.Host().String(), "/"), "://:", "://127.0.0.1:", 1)
			got, err := ParseOllamaHost(v)
			if err != nil || got != want {
				t.Errorf("ParseOllamaHost(%q) = %q, %v; Ollama reads %q", v, got, err, want)
			}
		})
	}
}

// TestParseOllamaHostRejects: values Ollama would silently replace by a
// default, or that make an address nobody can reach, name the variable.
func TestParseOllamaHostRejects(t *testing.T) {
	for _, v := range []string{":66000", ":-1", ":0", "host:abc", "ftp://x", "a b", "a:b:c", "[x]", "http://h:99999", "http://user@h:1"} {
		_, err := ParseOllamaHost(v)
		if err == nil || !strings.HasPrefix(err.Error(), "OLLAMA_HOST=") || !strings.Contains(err.Error(), "e.g.") {
			t.Errorf("ParseOllamaHost(%q) = %v, want an error naming OLLAMA_HOST with an example", v, err)
		}
	}
}

// TestOllamaHostPrecedence: GENKAI_LLM_OLLAMA_HOST > llm.ollama_host in the
// file (other than the default) > OLLAMA_HOST > default, from the
// environment or the .env file (the environment winning over .env).
func TestOllamaHostPrecedence(t *testing.T) {
	const def = "http://127.0.0.1:11434"
	tests := []struct {
		name              string
		file, dotenv      string
		environ           []string
		want, from        string
		fromEnvFile       bool
		warn, problemPart string
	}{
		{name: "nothing", want: def, from: HostFromDefault},
		{name: "OLLAMA_HOST", environ: []string{"OLLAMA_HOST=10.1.2.3"}, want: "http://10.1.2.3:11434", from: HostFromOllamaEnv},
		{name: "OLLAMA_HOST port only", environ: []string{"OLLAMA_HOST=:11500"}, want: "http://127.0.0.1:11500", from: HostFromOllamaEnv},
		{name: "OLLAMA_HOST url with path", environ: []string{"OLLAMA_HOST=https://gpu.example/ollama"}, want: "https://gpu.example:443/ollama", from: HostFromOllamaEnv},
		{name: "OLLAMA_HOST empty", environ: []string{"OLLAMA_HOST="}, want: def, from: HostFromDefault},
		{name: "generated file keeps the default", file: "llm:\n  ollama_host: http://127.0.0.1:11434\n", environ: []string{"OLLAMA_HOST=gpu:1"}, want: "http://gpu:1", from: HostFromOllamaEnv},
		{name: "file beats OLLAMA_HOST", file: "llm:\n  ollama_host: http://box:9\n", environ: []string{"OLLAMA_HOST=gpu:1"}, want: "http://box:9", from: HostFromConfig, warn: "ignored: llm.ollama_host in"},
		{name: "file alone", file: "llm:\n  ollama_host: box:9\n", want: "http://box:9", from: HostFromConfig},
		{name: "GENKAI beats file and OLLAMA_HOST", file: "llm:\n  ollama_host: http://box:9\n", environ: []string{"OLLAMA_HOST=gpu:1", "GENKAI_LLM_OLLAMA_HOST=http://g:2"}, want: "http://g:2", from: HostFromGenkaiEnv, warn: "ignored: GENKAI_LLM_OLLAMA_HOST sets"},
		{name: "GENKAI set to the default still wins", environ: []string{"OLLAMA_HOST=gpu:1", "GENKAI_LLM_OLLAMA_HOST=" + def}, want: def, from: HostFromGenkaiEnv, warn: "ignored: GENKAI_LLM_OLLAMA_HOST sets"},
		{name: "OLLAMA_HOST in .env", dotenv: "OLLAMA_HOST=envbox:7\n", want: "http://envbox:7", from: HostFromOllamaEnv, fromEnvFile: true},
		{name: "environment beats .env", dotenv: "OLLAMA_HOST=envbox:7\n", environ: []string{"OLLAMA_HOST=procbox:8"}, want: "http://procbox:8", from: HostFromOllamaEnv},
		{name: "GENKAI in .env beats OLLAMA_HOST", dotenv: "GENKAI_LLM_OLLAMA_HOST=http://g:3\n", environ: []string{"OLLAMA_HOST=procbox:8"}, want: "http://g:3", from: HostFromGenkaiEnv, fromEnvFile: true, warn: "ignored"},
		{name: "bad OLLAMA_HOST used", environ: []string{"OLLAMA_HOST=:99999"}, problemPart: "OLLAMA_HOST: \":99999\": the port must be a number from 1 to 65535"},
		{name: "bad OLLAMA_HOST in .env", dotenv: "OLLAMA_HOST=ftp://x\n", problemPart: "OLLAMA_HOST: \"ftp://x\": the scheme must be http or https"},
		{name: "bad OLLAMA_HOST shadowed", environ: []string{"OLLAMA_HOST=:99999", "GENKAI_LLM_OLLAMA_HOST=http://g:2"}, want: "http://g:2", from: HostFromGenkaiEnv, warn: "(not used: GENKAI_LLM_OLLAMA_HOST sets the address)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "config.yaml")
			if tt.file != "" {
				os.WriteFile(path, []byte(tt.file), 0o600)
			}
			if tt.dotenv != "" {
				os.WriteFile(filepath.Join(dir, ".env"), []byte(tt.dotenv), 0o600)
			}
			cfg, src, err := Load(path, false, tt.environ)
			if tt.problemPart != "" {
				if err == nil || !strings.Contains(err.Error(), tt.problemPart) || !strings.Contains(err.Error(), "e.g. 127.0.0.1:11434") {
					t.Fatalf("Load = %v, want a problem containing %q", err, tt.problemPart)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.LLM.OllamaHost != tt.want || src.OllamaHostSource != tt.from {
				t.Errorf("ollama host = %q from %q, want %q from %q", cfg.LLM.OllamaHost, src.OllamaHostSource, tt.want, tt.from)
			}
			wantFile := ""
			switch {
			case tt.fromEnvFile:
				wantFile = filepath.Join(dir, ".env")
			case tt.from == HostFromConfig:
				wantFile = path
			}
			if src.OllamaHostFile != wantFile {
				t.Errorf("OllamaHostFile = %q, want %q", src.OllamaHostFile, wantFile)
			}
			var warned []string
			for _, w := range src.Warnings {
				warned = append(warned, w.String())
				if strings.Contains(w.Message, "matches no config key") {
					t.Errorf("OLLAMA_HOST reported as unknown: %s", w)
				}
			}
			if got := strings.Join(warned, "\n"); tt.warn != "" && !strings.Contains(got, tt.warn) || tt.warn == "" && got != "" {
				t.Errorf("warnings %q, want %q", got, tt.warn)
			}
		})
	}
}

// FuzzParseOllamaHost: never panics; every value it accepts is an
// http(s) URL with a host and a port from 1 to 65535, and is what
// Ollama's own envconfig.Host reads from the same OLLAMA_HOST.
func FuzzParseOllamaHost(f *testing.F) {
	for _, s := range []string{"", ":1", "h", "h:2", "[::1]:3", "http://h", "https://h/p", "ollama.com", "ftp://x", "a b", "'x'", ":0", "http://[::1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got, err := ParseOllamaHost(v)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "OLLAMA_HOST=") {
				t.Fatalf("error does not name the variable: %v", err)
			}
			return
		}
		u, perr := url.Parse(got)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
			t.Fatalf("ParseOllamaHost(%q) = %q: not an http(s) URL with a host (%v)", v, got, perr)
		}
		if p, _ := strconv.Atoi(u.Port()); p < 1 || p > 65535 {
			t.Fatalf("ParseOllamaHost(%q) = %q: port out of range", v, got)
		}
		if strings.ContainsRune(v, 0) {
			return
		}
		t.Setenv("OLLAMA_HOST", v)
		want := strings.Replace(strings.TrimRight(envconfig.Host().String(), "/"), "://:", "://127.0.0.1:", 1)
		if got != want {
			t.Fatalf("ParseOllamaHost(%q) = %q; Ollama reads %q", v, got, want)
		}
	})
}
