package llm

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/ollama/ollama/api"
)

// BenchmarkChatStream measures the client's cost per streamed chunk (JSON
// decoding, the idle timer, the callback) against a server that sends 1,000
// chunks at once.
func BenchmarkChatStream(b *testing.B) {
	const chunks = 1000
	line, _ := json.Marshal(map[string]any{"message": map[string]string{"role": "assistant", "content": "玄界"}})
	end, _ := json.Marshal(map[string]any{"done": true})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for range chunks {
			w.Write(append(line, '\n'))
		}
		w.Write(append(end, '\n'))
	}))
	defer srv.Close()
	c, _ := New(srv.URL, nil)
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := c.Chat(b.Context(), ChatRequest{Model: "m"}, func(string) error { n++; return nil }); err != nil || n != chunks {
			b.Fatal(err, n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*chunks), "ns/chunk")
}

// BenchmarkPullTracker measures folding in one progress line.
func BenchmarkPullTracker(b *testing.B) {
	now := time.Unix(0, 0)
	tr := newPullTracker(func() time.Time { return now })
	var i int64
	for b.Loop() {
		i++
		now = now.Add(time.Millisecond)
		tr.update(api.ProgressResponse{Status: "pulling aa", Digest: "aa", Total: 1 << 40, Completed: i})
	}
}

// BenchmarkOpenAIChatStream is BenchmarkChatStream for the OpenAI-compatible
// client: 1,000 SSE chunks, then [DONE].
func BenchmarkOpenAIChatStream(b *testing.B) {
	const chunks = 1000
	line := []byte(chunk("玄界") + "\n\n")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		for range chunks {
			w.Write(line)
		}
		w.Write([]byte("data: [DONE]\n\n"))
	}))
	defer srv.Close()
	c, _ := NewOpenAI(srv.URL+"/v1", "", Options{})
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		if err := c.Chat(b.Context(), ChatRequest{Model: "m"}, func(string) error { n++; return nil }); err != nil || n != chunks {
			b.Fatal(err, n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*chunks), "ns/chunk")
}
