package llm

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/llm/ollamatest"
)

// TestOpenAIAgainstRealOllama drives the OpenAI-compatible client against
// a real Ollama's own /v1 endpoints: the model list, a streamed chat,
// embeddings and a missing model.
func TestOpenAIAgainstRealOllama(t *testing.T) {
	srv := ollamatest.Start(t)
	const canned = "玄界 は 九州大学 の スーパーコンピュータ です。"
	ollamatest.CreateModel(t, srv, "canned", ollamatest.CannedLlama, canned)
	ollamatest.CreateModel(t, srv, "embed", ollamatest.BertEmbedder, "")
	c, err := NewOpenAI(srv.URL+"/v1", "", Options{})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := c.ModelIDs(t.Context())
	if err != nil || strings.Join(ids, ",") != "canned:latest,embed:latest" {
		t.Fatalf("ModelIDs() = %v, %v", ids, err)
	}
	if st := c.Probe(t.Context()); !st.Reachable {
		t.Fatalf("Probe() = %+v", st)
	}

	var sb strings.Builder
	chunks := 0
	err = c.Chat(t.Context(), ChatRequest{Model: "canned", Messages: []Message{{Role: "user", Content: "玄界とは何ですか？"}}}, func(s string) error {
		sb.WriteString(s)
		chunks++
		return nil
	})
	if err != nil || sb.String() != canned || chunks < 2 {
		t.Fatalf("Chat() = %v after %d chunks: %q, want %q streamed", err, chunks, sb.String(), canned)
	}

	vecs, err := c.Embed(t.Context(), "embed", []string{"玄界はスーパーコンピュータです。", "ジョブの投入方法", "玄界はスーパーコンピュータです。"})
	if err != nil || len(vecs) != 3 || len(vecs[0]) != 64 {
		t.Fatalf("Embed() = %d vectors, %v", len(vecs), err)
	}
	var norm float64
	for i, x := range vecs[0] {
		norm += float64(x) * float64(x)
		if x != vecs[2][i] {
			t.Fatalf("the same text embedded twice differs at %d", i)
		}
	}
	if math.Abs(norm-1) > 1e-3 {
		t.Errorf("|v|² = %v, want a normalised vector", norm)
	}

	err = c.Chat(t.Context(), ChatRequest{Model: "missing", Messages: []Message{{Role: "user", Content: "x"}}}, func(string) error { return nil })
	if !errors.Is(err, ErrModelNotFound) || !strings.Contains(err.Error(), "canned:latest") {
		t.Errorf("Chat(missing) = %v", err)
	}
	if _, err := c.Embed(t.Context(), "missing", []string{"x"}); !errors.Is(err, ErrEmbedModelNotFound) {
		t.Errorf("Embed(missing) = %v", err)
	}
}

// BenchmarkOllamaNativeVsV1 compares a whole canned answer (first request
// excluded) through Ollama's native /api/chat and its OpenAI /v1, and a
// batch of 32 embeddings through /api/embed and /v1/embeddings.
func BenchmarkOllamaNativeVsV1(b *testing.B) {
	srv := ollamatest.Start(b)
	ollamatest.CreateModel(b, srv, "canned", ollamatest.CannedLlama, "玄界 は 九州大学 の スーパーコンピュータ です。")
	ollamatest.CreateModel(b, srv, "embed", ollamatest.BertEmbedder, "")
	native, _ := New(srv.URL, nil)
	v1, _ := NewOpenAI(srv.URL+"/v1", "", Options{})
	texts := make([]string, EmbedBatch)
	for i := range texts {
		texts[i] = strings.Repeat("玄界のジョブ投入 ", i%8+1)
	}
	type chatter interface {
		Chat(ctx context.Context, req ChatRequest, fn func(string) error) error
		Embed(ctx context.Context, model string, texts []string) ([][]float32, error)
	}
	for _, c := range []struct {
		name string
		c    chatter
	}{{"native", native}, {"v1", v1}} {
		req := ChatRequest{Model: "canned", Messages: []Message{{Role: "user", Content: "玄界とは"}}}
		c.c.Chat(b.Context(), req, func(string) error { return nil }) // load the runner
		c.c.Embed(b.Context(), "embed", texts[:1])
		b.Run("chat/"+c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.c.Chat(b.Context(), req, func(string) error { return nil }); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("embed32/"+c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := c.c.Embed(b.Context(), "embed", texts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
