package chat

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
)

// fakeOllama answers /api/chat like Ollama with tiny installed: "tiny"
// answers, "broken" fails mid-stream, any other model is not found.
func fakeOllama(t *testing.T) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Model string `json:"model"`
		}
		json.NewDecoder(r.Body).Decode(&body)
		switch {
		case r.URL.Path == "/api/tags":
			fmt.Fprint(w, `{"models":[{"name":"bge-m3:latest"},{"name":"tiny:latest"}]}`)
		case r.URL.Path != "/api/chat":
			http.NotFound(w, r)
		case body.Model == "broken":
			fmt.Fprint(w, `{"message":{"role":"assistant","content":"部分"}}`+"\n"+`{"error":"runner died"}`+"\n")
		case body.Model == "tiny" || body.Model == "tiny:latest":
			fmt.Fprint(w, `{"message":{"role":"assistant","content":"答え"}}`+"\n"+`{"done":true}`+"\n")
		default:
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"error":"model '%s' not found"}`, body.Model)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestGenerateWithTheLLMClient: the llm client is the Generator itself
// (no adapter); chat reads its errors: a missing model is ErrUnknownModel
// naming the installed ones, Ollama down ErrModelUnavailable, a failure
// mid-stream is returned as is after the text so far.
func TestGenerateWithTheLLMClient(t *testing.T) {
	c, err := llm.New(fakeOllama(t).URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := New(nil, nil, c, nil, Config{})
	for _, tc := range []struct {
		model, text string
		want        error
		msg         string
	}{
		{"tiny", "答え", nil, ""},
		{"qwen3:4b", "", ErrUnknownModel, "tiny:latest"},
		{"broken", "部分", nil, "runner died"},
	} {
		var got strings.Builder
		err := s.generate(t.Context(), tc.model, []Turn{{Role: "user", Content: "q"}}, Options{}, func(p string) error { got.WriteString(p); return nil })
		if got.String() != tc.text || tc.want != nil && !errors.Is(err, tc.want) || tc.msg == "" && err != nil || tc.msg != "" && (err == nil || !strings.Contains(err.Error(), tc.msg)) {
			t.Errorf("generate(%s) = %q, %v", tc.model, got.String(), err)
		}
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	down, _ := llm.New("http://"+addr, nil)
	err = New(nil, nil, down, nil, Config{}).generate(t.Context(), "tiny", nil, Options{}, func(string) error { return nil })
	if !errors.Is(err, ErrModelUnavailable) {
		t.Errorf("generate with Ollama down = %v, want ErrModelUnavailable", err)
	}
}

// recorder keeps the operations recorded.
type recorder struct {
	mu  sync.Mutex
	ops []string
}

func (r *recorder) Record(op string, _ time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ops = append(r.ops, fmt.Sprintf("%s ok=%v", op, err == nil))
}

// TestAnswersAreMetered: every Ask and Regenerate is recorded once as
// the monitor's "query" operation (a regenerate is not also counted as
// an ask); the request's own faults are not counted.
func TestAnswersAreMetered(t *testing.T) {
	rec := &recorder{}
	svc, _ := newService(t, &fakeRetriever{hits: gpuHits}, &fakeGenerator{pieces: []string{"答え [1]"}}, Config{Recorder: rec})
	ans, err := svc.Ask(t.Context(), Request{Question: "GPUジョブの投入方法は？"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Regenerate(t.Context(), ans.SessionID, Request{}, nil); err != nil {
		t.Fatal(err)
	}
	svc.Ask(t.Context(), Request{Question: " "}, nil)                    // empty
	svc.Ask(t.Context(), Request{Question: "q", SessionID: "none"}, nil) // no such session
	svc.Regenerate(t.Context(), "none", Request{}, nil)
	want := []string{monitor.OpQuery + " ok=true", monitor.OpQuery + " ok=true"}
	if strings.Join(rec.ops, ",") != strings.Join(want, ",") {
		t.Errorf("recorded %q, want %q", rec.ops, want)
	}
}
