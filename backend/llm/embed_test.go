package llm

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
)

// fakeEmbed is an Ollama /api/embed that checks each request and answers a
// vector [len(text), index, 1] per input; model "missing" is a 404 as
// Ollama sends it.
func fakeEmbed(t *testing.T, calls *[]int) *httptest.Server {
	var mu sync.Mutex
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.URL.Path != "/api/embed" {
			t.Errorf("request %s %s, want POST /api/embed", r.Method, r.URL.Path)
			http.NotFound(w, r)
			return
		}
		var req struct {
			Model    string   `json:"model"`
			Input    []string `json:"input"`
			Truncate *bool    `json:"truncate"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Errorf("body is not an embed request: %v", err)
		}
		if req.Truncate == nil || !*req.Truncate {
			t.Errorf("truncate = %v, want true", req.Truncate)
		}
		switch req.Model {
		case "missing":
			w.WriteHeader(http.StatusNotFound)
			fmt.Fprintf(w, `{"error":"model \"missing\" not found, try pulling it first"}`)
			return
		case "chatonly":
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":"this model does not support embeddings"}`)
			return
		case "short":
			fmt.Fprintf(w, `{"model":"short","embeddings":[[1,2]]}`)
			return
		}
		mu.Lock()
		*calls = append(*calls, len(req.Input))
		mu.Unlock()
		vecs := make([][]float32, len(req.Input))
		for i, s := range req.Input {
			vecs[i] = []float32{float32(len([]rune(s))), float32(i), 1}
		}
		json.NewEncoder(w).Encode(map[string]any{"model": req.Model, "embeddings": vecs})
	}))
}

func TestEmbedBatches(t *testing.T) {
	var calls []int
	srv := fakeEmbed(t, &calls)
	defer srv.Close()
	c, err := New(srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}
	texts := make([]string, 70)
	for i := range texts {
		texts[i] = strings.Repeat("あ", i+1)
	}
	vecs, err := c.Embed(t.Context(), "bge-m3", texts)
	if err != nil {
		t.Fatal(err)
	}
	if len(vecs) != 70 {
		t.Fatalf("got %d vectors, want 70", len(vecs))
	}
	for i, v := range vecs {
		if v[0] != float32(i+1) || v[1] != float32(i%EmbedBatch) {
			t.Fatalf("vector %d = %v: order lost across batches", i, v)
		}
	}
	if fmt.Sprint(calls) != "[32 32 6]" {
		t.Errorf("batch sizes %v, want [32 32 6]", calls)
	}
	if v, err := c.Embed(t.Context(), "bge-m3", nil); err != nil || len(v) != 0 {
		t.Errorf("Embed(no texts) = %v, %v", v, err)
	}
}

func TestEmbedErrors(t *testing.T) {
	var calls []int
	srv := fakeEmbed(t, &calls)
	defer srv.Close()
	c, _ := New(srv.URL, nil)
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed, _ := New("http://"+ln.Addr().String(), nil)
	ln.Close()
	tests := []struct {
		name  string
		c     *Client
		model string
		want  string
		is    error
	}{
		{"missing model", c, "missing", "ollama pull missing", ErrEmbedModelNotFound},
		{"not an embedder", c, "chatonly", "cannot make embeddings", nil},
		{"count mismatch", c, "short", "sent 2 texts, got 1 vectors", nil},
		{"no model", c, "", "llm.embedding_model", nil},
		{"refused", closed, "bge-m3", "Ollama is not running", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.c.Embed(t.Context(), tt.model, []string{"a", "b"})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Embed() err = %v, want %q", err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("Embed() err = %v, want it to wrap %v", err, tt.is)
			}
		})
	}
}
