package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/llm/ollamatest"
)

// TestOllamaHostReachesRealOllama: with only OLLAMA_HOST set (no
// GENKAI_LLM_OLLAMA_HOST, the generated config.yaml), the commands reach
// the real Ollama it names, in each form Ollama's CLI accepts.
func TestOllamaHostReachesRealOllama(t *testing.T) {
	srv := ollamatest.Start(t)
	ollamatest.CreateModel(t, srv, "canned", ollamatest.CannedLlama, cannedAnswer)
	port := srv.Host[strings.LastIndex(srv.Host, ":")+1:]
	for _, value := range []string{srv.Host, ":" + port, "http://127.0.0.1:" + port, " '" + srv.Host + "' "} {
		_, env := testEnv(t)
		env = withHost(env, "OLLAMA_HOST="+value)
		r := run(t, context.Background(), env, "status", "--json")
		var st struct {
			Ollama struct {
				Reachable bool   `json:"reachable"`
				Version   string `json:"version"`
			} `json:"ollama"`
			Host   string `json:"ollama_host"`
			Source string `json:"ollama_host_source"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &st); err != nil || !st.Ollama.Reachable || st.Ollama.Version == "" ||
			st.Host != "http://127.0.0.1:"+port || st.Source != "OLLAMA_HOST" {
			t.Errorf("OLLAMA_HOST=%q: status %+v %v\n%s", value, st, err, r.stdout)
		}
		r = run(t, context.Background(), env, "models", "show", "canned")
		if r.code != 0 || !strings.Contains(r.stdout, "canned:latest\n  chat,") {
			t.Errorf("OLLAMA_HOST=%q: models show canned: %d\n%s%s", value, r.code, r.stdout, r.stderr)
		}
		t.Logf("OLLAMA_HOST=%q → %s, Ollama %s", value, st.Host, st.Ollama.Version)
	}
}

// TestModelsPullRealProgress pulls from a local registry through the real
// Ollama with `genkai-rag models pull`: a progress bar on a terminal and
// NDJSON with --json, then uses and removes the model.
func TestModelsPullRealProgress(t *testing.T) {
	reg := ollamatest.StartRegistry(t)
	embed := reg.Publish(t, "cli-embed", ollamatest.BertEmbedder, "")
	llama := reg.Publish(t, "cli-llama", ollamatest.RandomLlama, "")
	pullHost := tlsRegistry(t, reg)
	embed = strings.Replace(embed, reg.Host, pullHost, 1)
	llama = strings.Replace(llama, reg.Host, pullHost, 1)
	srv := ollamatest.Start(t)
	_, env := testEnv(t)
	env = withHost(env, "OLLAMA_HOST="+srv.Host)
	reg.SetBlobRate(256 << 10)

	// A terminal: the bar is redrawn in place with bytes, rate and ETA.
	tty := &fakeTTY{}
	var errb bytes.Buffer
	code := Run(context.Background(), Env{Args: []string{"models", "pull", embed}, Stdout: tty, Stderr: &errb, Environ: env, Version: "t"})
	out := tty.String()
	redraws, rated := 0, 0
	for _, frame := range strings.Split(out, "\r\x1b[K")[1:] {
		if strings.Contains(frame, "░] ") && !strings.Contains(frame, "100.0%") && !strings.Contains(frame, "  0.0%") {
			redraws++
		}
		if strings.Contains(frame, "B/s") && strings.Contains(frame, "ETA ") {
			rated++
		}
	}
	t.Logf("models pull %s on a terminal: exit %d, %d bar redraws mid-download, %d with rate and ETA; last line %q", embed, code, redraws, rated, out[strings.LastIndex(strings.TrimRight(out, "\n"), "\n")+1:])
	if code != 0 || redraws < 3 || rated < 2 || !strings.Contains(out, "pulling manifest\ndownloading\n\r") || !strings.Contains(out, "Pulled "+embed+" (") {
		t.Errorf("models pull on a terminal: exit %d\n%q\nstderr: %s", code, out, errb.String())
	}

	// --json: NDJSON progress, growing, ending with success.
	r := run(t, context.Background(), env, "models", "pull", llama, "--json")
	lines := ndjsonLines(t, r.stdout)
	last := lines[len(lines)-1]
	var prev int64
	moving := 0
	for _, p := range lines[:len(lines)-1] {
		if p.Completed < prev || p.Done {
			t.Errorf("progress went backwards or ended early: %+v after %d", p, prev)
		}
		prev = p.Completed
		if p.Percent > 0 && p.Percent < 100 && p.RateBPS > 0 {
			moving++
		}
	}
	t.Logf("models pull %s --json: exit %d, %d lines, %d while bytes moved", llama, r.code, len(lines), moving)
	if r.code != 0 || last.Status != "success" || !last.Done || moving < 3 {
		t.Errorf("models pull --json: exit %d, %+v\n%s", r.code, lines, r.stderr)
	}

	// Both installed; switch the embedding model to the pulled one; remove the llama.
	if r = run(t, context.Background(), env, "models", "list"); r.code != 0 || !strings.Contains(r.stdout, embed) || !strings.Contains(r.stdout, llama) {
		t.Errorf("models list: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = run(t, context.Background(), env, "models", "use", embed, "--embedding"); r.code != 0 || !strings.Contains(r.stdout, "Embedding model: bge-m3 → "+embed) {
		t.Errorf("models use --embedding: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = run(t, context.Background(), env, "models", "rm", llama); r.code != 0 {
		t.Errorf("models rm: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r = run(t, context.Background(), env, "models", "show", llama); r.code != 1 || !strings.Contains(r.stderr, "is not installed") {
		t.Errorf("models show after rm: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	// A name the registry does not have.
	if r = run(t, context.Background(), env, "models", "pull", pullHost+"/library/missing:latest"); r.code != 1 || !strings.Contains(r.stderr, "the registry has no model of that name") {
		t.Errorf("models pull missing: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}
