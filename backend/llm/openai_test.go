package llm

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// fakeOpenAI speaks the OpenAI API: /v1/models, /v1/chat/completions
// (streaming the configured lines) and /v1/embeddings. It records the
// last chat request and Authorization header.
type fakeOpenAI struct {
	key    string   // when set, requests need Bearer key
	models []string // served models
	lines  []string // SSE lines for a chat; "" sends a blank line
	pause  time.Duration
	status int    // when set, every call answers this status …
	body   string // … with this body

	mu       sync.Mutex
	lastChat map[string]any
	auth     string
}

func (f *fakeOpenAI) start(t *testing.T) (*httptest.Server, *OpenAI) {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	c, err := NewOpenAI(srv.URL+"/v1/", f.key, Options{IdleTimeout: 2 * time.Second, FirstChunkTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return srv, c
}

func (f *fakeOpenAI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.auth = r.Header.Get("Authorization")
	f.mu.Unlock()
	if f.key != "" && r.Header.Get("Authorization") != "Bearer "+f.key {
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}`)
		return
	}
	if f.status != 0 {
		w.WriteHeader(f.status)
		io.WriteString(w, f.body)
		return
	}
	var req map[string]any
	json.NewDecoder(r.Body).Decode(&req)
	model, _ := req["model"].(string)
	served := false
	for _, m := range f.models {
		served = served || m == model
	}
	switch r.URL.Path {
	case "/v1/models":
		var data []map[string]string
		for _, m := range f.models {
			data = append(data, map[string]string{"id": m, "object": "model"})
		}
		json.NewEncoder(w).Encode(map[string]any{"object": "list", "data": data})
	case "/v1/chat/completions":
		f.mu.Lock()
		f.lastChat = req
		f.mu.Unlock()
		if !served {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"object":"error","message":"The model %s does not exist.","type":"NotFoundError","code":404}`, model)
			return
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for _, l := range f.lines {
			io.WriteString(w, l+"\n")
			w.(http.Flusher).Flush()
			time.Sleep(f.pause)
		}
	case "/v1/embeddings":
		if !served {
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"error":{"message":"model \"%s\" not found, try pulling it first"}}`, model)
			return
		}
		in, _ := req["input"].([]any)
		var data []map[string]any
		for i := len(in) - 1; i >= 0; i-- { // out of order on purpose
			s, _ := in[i].(string)
			data = append(data, map[string]any{"index": i, "embedding": []float32{float32(len(s)), 1}})
		}
		json.NewEncoder(w).Encode(map[string]any{"data": data})
	default:
		http.NotFound(w, r)
	}
}

func chunk(text string) string {
	b, _ := json.Marshal(map[string]any{"choices": []any{map[string]any{"index": 0, "delta": map[string]string{"content": text}}}})
	return "data: " + string(b)
}

const finish = `data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`

func TestOpenAIChatStreams(t *testing.T) {
	temp, topP := 0.2, 0.9
	tests := []struct {
		name    string
		lines   []string
		want    string
		wantErr string
	}{
		{"done", []string{": keep-alive", chunk("玄界は"), "", chunk(""), "event: message", chunk("スパコンです。"), finish, "", "data: [DONE]"}, "玄界はスパコンです。", ""},
		{"crlf and no space", []string{"data:" + strings.TrimPrefix(chunk("a"), "data: ") + "\r", "data: [DONE]\r"}, "a", ""},
		{"finish without DONE", []string{chunk("a"), finish}, "a", ""},
		{"cut stream", []string{chunk("a"), chunk("b")}, "ab", "the stream ended before the reply was complete"},
		{"malformed line", []string{chunk("a"), "garbage here"}, "a", `malformed line from the endpoint: "garbage here"`},
		{"malformed data", []string{chunk("a"), "data: {not json"}, "a", "malformed data line from the endpoint"},
		{"error in stream", []string{chunk("a"), `data: {"error":{"message":"CUDA out of memory","code":500}}`}, "a", "the endpoint sent an error in the stream: CUDA out of memory"},
		{"raw error object", []string{`{"error":"model is loading"}`}, "", "the endpoint sent an error: model is loading"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeOpenAI{key: "sk-test", models: []string{"qwen"}, lines: tt.lines}
			_, c := f.start(t)
			var got strings.Builder
			err := c.Chat(t.Context(), ChatRequest{Model: "qwen", Messages: []Message{{Role: "user", Content: "玄界とは"}},
				Options: GenOptions{Temperature: &temp, TopP: &topP, MaxTokens: 64, ContextLength: 8192}}, func(s string) error {
				got.WriteString(s)
				return nil
			})
			if got.String() != tt.want {
				t.Errorf("streamed %q, want %q", got.String(), tt.want)
			}
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("Chat() = %v, want error %q", err, tt.wantErr)
			}
			if err != nil && !strings.Contains(err.Error(), "chat with qwen: openai endpoint "+c.Host()) {
				t.Errorf("error does not name the operation and endpoint: %v", err)
			}
			f.mu.Lock()
			defer f.mu.Unlock()
			if f.auth != "Bearer sk-test" {
				t.Errorf("Authorization = %q", f.auth)
			}
			r := f.lastChat
			if r["stream"] != true || r["temperature"] != 0.2 || r["top_p"] != 0.9 || r["max_tokens"] != 64.0 || r["num_ctx"] != nil || r["context_length"] != nil {
				t.Errorf("request = %v", r)
			}
		})
	}
}

func TestOpenAIChatJSONAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"choices":[{"index":0,"message":{"role":"assistant","content":"whole"},"finish_reason":"stop"}]}`)
	}))
	defer srv.Close()
	c, _ := NewOpenAI(srv.URL+"/v1", "", Options{})
	var got string
	if err := c.Chat(t.Context(), ChatRequest{Model: "m"}, func(s string) error { got += s; return nil }); err != nil || got != "whole" {
		t.Errorf("Chat() = %v, %q", err, got)
	}
}

func TestOpenAIErrors(t *testing.T) {
	refused := func() string { // a port nothing listens on
		l, _ := net.Listen("tcp", "127.0.0.1:0")
		addr := l.Addr().String()
		l.Close()
		return "http://" + addr + "/v1"
	}()
	tests := []struct {
		name     string
		f        *fakeOpenAI
		key      string // the client's key
		base     string // overrides the fake's URL
		model    string
		want     []string
		sentinel error
	}{
		{name: "401 without key", f: &fakeOpenAI{key: "sk-right", models: []string{"m"}}, model: "m",
			want: []string{"openai endpoint http://", "/v1: 401 Unauthorized: Incorrect API key provided: set GENKAI_LLM_OPENAI_API_KEY"}},
		{name: "401 with a wrong key", f: &fakeOpenAI{key: "sk-right", models: []string{"m"}}, key: "sk-wrong", model: "m",
			want: []string{"401 Unauthorized", "the endpoint refused the API key: check GENKAI_LLM_OPENAI_API_KEY"}},
		{name: "404 model", f: &fakeOpenAI{models: []string{"a", "b"}}, model: "nope",
			want: []string{"404 Not Found: The model nope does not exist.", "the endpoint does not serve nope (it serves: a, b)"}, sentinel: ErrModelNotFound},
		{name: "404 path", f: &fakeOpenAI{status: 404, body: "404 page not found"}, model: "m",
			want: []string{"404 Not Found: 404 page not found: the endpoint has no such path: check llm.openai_base_url"}},
		{name: "500", f: &fakeOpenAI{status: 500, body: `{"detail":"engine dead"}`}, model: "m",
			want: []string{"500 Internal Server Error: engine dead: the endpoint failed"}},
		{name: "429", f: &fakeOpenAI{status: 429, body: `{"error":{"message":"busy"}}`}, model: "m",
			want: []string{"429 Too Many Requests: busy: the endpoint is overloaded"}},
		{name: "refused", base: refused, model: "m", want: []string{"chat with m: openai endpoint " + refused + " is not reachable (", "connection refused", "check llm.openai_base_url"}, sentinel: ErrUnavailable},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base := tt.base
			if tt.f != nil {
				srv := httptest.NewServer(tt.f)
				defer srv.Close()
				base = srv.URL + "/v1"
			}
			c, err := NewOpenAI(base, tt.key, Options{})
			if err != nil {
				t.Fatal(err)
			}
			err = c.Chat(t.Context(), ChatRequest{Model: tt.model}, func(string) error { return nil })
			for _, w := range tt.want {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("Chat() = %v\nwant it to contain %q", err, w)
				}
			}
			if tt.sentinel != nil && !errors.Is(err, tt.sentinel) {
				t.Errorf("Chat() = %v, not %v", err, tt.sentinel)
			}
			st := c.Probe(t.Context())
			if st.Reachable != (tt.f != nil && tt.f.status == 0 && tt.f.key == "") || !st.Reachable && st.Error == "" {
				t.Errorf("Probe() = %+v", st)
			}
		})
	}
}

func TestOpenAIStalls(t *testing.T) {
	block := make(chan struct{})
	defer close(block)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, chunk("a")+"\n")
		w.(http.Flusher).Flush()
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	c, _ := NewOpenAI(srv.URL+"/v1", "", Options{IdleTimeout: 100 * time.Millisecond, FirstChunkTimeout: time.Second})
	err := c.Chat(t.Context(), ChatRequest{Model: "m"}, func(string) error { return nil })
	if !errors.Is(err, ErrStalled) {
		t.Errorf("Chat() = %v, want ErrStalled", err)
	}
	// An error from the callback ends the stream and is returned as is.
	stop := errors.New("client went away")
	if err := c.Chat(t.Context(), ChatRequest{Model: "m"}, func(string) error { return stop }); err != stop {
		t.Errorf("Chat() = %v, want the callback's error", err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Millisecond)
	defer cancel()
	if err := c.Chat(ctx, ChatRequest{Model: "m"}, func(string) error { return nil }); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Chat() = %v, want the context's error", err)
	}
}

func TestOpenAIEmbedAndModels(t *testing.T) {
	f := &fakeOpenAI{models: []string{"emb", "chat", "emb"}}
	_, c := f.start(t)
	texts := make([]string, EmbedBatch+3)
	for i := range texts {
		texts[i] = strings.Repeat("x", i+1)
	}
	vecs, err := c.Embed(t.Context(), "emb", texts)
	if err != nil || len(vecs) != len(texts) {
		t.Fatalf("Embed() = %d vectors, %v", len(vecs), err)
	}
	for i, v := range vecs {
		if v[0] != float32(i+1) {
			t.Fatalf("vector %d = %v: out of order", i, v)
		}
	}
	_, err = c.Embed(t.Context(), "missing", []string{"a"})
	if !errors.Is(err, ErrEmbedModelNotFound) || !errors.Is(err, ErrModelNotFound) || !strings.Contains(err.Error(), "embed with missing: openai endpoint") {
		t.Errorf("Embed(missing) = %v", err)
	}
	ids, err := c.ModelIDs(t.Context())
	if err != nil || strings.Join(ids, ",") != "chat,emb" {
		t.Errorf("ModelIDs() = %v, %v", ids, err)
	}
	if st := c.Probe(t.Context()); !st.Reachable || st.Phase != PhaseEndpoint || st.Host != c.Host() || !strings.HasSuffix(st.Host, "/v1") {
		t.Errorf("Probe() = %+v", st)
	}
}

func TestNewOpenAIRejects(t *testing.T) {
	for _, base := range []string{"", "gpu:8000/v1", "http://gpu:8000", "ftp://gpu/v1", "http:///v1"} {
		if _, err := NewOpenAI(base, "", Options{}); err == nil || !strings.Contains(err.Error(), "llm.openai_base_url") {
			t.Errorf("NewOpenAI(%q) = %v", base, err)
		}
	}
}

func FuzzParseSSELine(f *testing.F) {
	for _, s := range []string{"", ":", ": ping", "data: [DONE]", chunk("玄界"), "data:{}", "event: x", "retry: 10", "{\"error\":\"x\"}", "data: {", "garbage", "data: \"str\"", "\r"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		l, err := parseSSELine(line)
		if err != nil {
			if l.Data != nil || l.Done {
				t.Fatalf("error %v with a result %+v", err, l)
			}
			return
		}
		if l.Done && l.Data != nil {
			t.Fatalf("both done and data: %+v", l)
		}
		if l.Data != nil {
			if !json.Valid(l.Data) || l.Data[0] != '{' {
				t.Fatalf("data %q is not a JSON object", l.Data)
			}
			c, err := decodeChunk(l.Data)
			if err == nil {
				c.text()
			}
		}
		// Any text sent in a chunk comes back whole.
		text := string(line)
		got, err := parseSSELine([]byte(chunk(text)))
		if err != nil {
			t.Fatalf("chunk(%q): %v", text, err)
		}
		c, err := decodeChunk(got.Data)
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := c.text(); utf8.ValidString(text) && s != text {
			t.Fatalf("round trip: %q → %q", text, s)
		}
	})
}
