package ollamatest

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/ollama/ollama/api"
)

// These tests run the real Ollama server (see the package doc for how the
// binaries are found, and GENKAI_REQUIRE_OLLAMA).

func TestServerVersion(t *testing.T) {
	srv := Start(t)
	v, err := srv.Client().Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.TrimPrefix(ollamaVersion(), "v"); v != want {
		t.Errorf("server version %q, want %q (the api module's): rebuild with `make ollama`", v, want)
	}
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") || srv.URL != "http://"+srv.Host {
		t.Errorf("URL %q, Host %q", srv.URL, srv.Host)
	}
	srv.Stop()
	srv.Stop() // idempotent
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := srv.Client().Version(ctx); err == nil {
		t.Error("the server still answers after Stop")
	}
}

func TestCannedChat(t *testing.T) {
	srv := Start(t)
	const canned = "玄界 は 九州大学 の スーパーコンピュータ です。 Hello from tiny llama!"
	CreateModel(t, srv, "canned", CannedLlama, canned)
	for _, prompt := range []string{"Why is the sky blue?", "玄界とは何ですか？"} {
		var sb strings.Builder
		chunks := 0
		done := false
		err := srv.Client().Chat(context.Background(), &api.ChatRequest{
			Model:    "canned",
			Messages: []api.Message{{Role: "user", Content: prompt}},
		}, func(r api.ChatResponse) error {
			sb.WriteString(r.Message.Content)
			if r.Message.Content != "" {
				chunks++
			}
			done = r.Done
			return nil
		})
		if err != nil {
			t.Fatalf("chat %q: %v", prompt, err)
		}
		if sb.String() != canned {
			t.Errorf("chat %q streamed %q, want %q", prompt, sb.String(), canned)
		}
		if !done || chunks < 2 {
			t.Errorf("chat %q: done=%v after %d chunks, want a streamed reply that ends", prompt, done, chunks)
		}
	}
}

func TestRandomLlamaChat(t *testing.T) {
	srv := Start(t)
	CreateModel(t, srv, "tiny:latest", RandomLlama, "")
	var last api.ChatResponse
	err := srv.Client().Chat(context.Background(), &api.ChatRequest{
		Model:    "tiny",
		Messages: []api.Message{{Role: "user", Content: "hello"}},
	}, func(r api.ChatResponse) error {
		last = r
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !last.Done || last.EvalCount == 0 || last.EvalCount > 32 {
		t.Errorf("last chunk done=%v eval_count=%d, want a finished reply of 1..32 tokens (num_predict 32)", last.Done, last.EvalCount)
	}
}

func TestBertEmbed(t *testing.T) {
	srv := Start(t)
	CreateModel(t, srv, "bert", BertEmbedder, "")
	texts := []string{"玄界のログイン方法", "ジョブの投入には pjsub を使います。", "GPU ノードの利用", "hello world"}
	resp, err := srv.Client().Embed(context.Background(), &api.EmbedRequest{Model: "bert", Input: texts})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Embeddings) != len(texts) {
		t.Fatalf("%d embeddings for %d texts", len(resp.Embeddings), len(texts))
	}
	for i, e := range resp.Embeddings {
		if len(e) != EmbeddingDim {
			t.Errorf("text %d: dim %d, want %d", i, len(e), EmbeddingDim)
			continue
		}
		var norm float64
		for _, x := range e {
			norm += float64(x) * float64(x)
		}
		if math.Abs(math.Sqrt(norm)-1) > 1e-3 {
			t.Errorf("text %d: norm %.4f, want 1 (normalized)", i, math.Sqrt(norm))
		}
	}
	if same(resp.Embeddings[0], resp.Embeddings[3]) {
		t.Error("different texts got the same embedding")
	}
	// the bert model does not chat: a clear error, not a hang
	err = srv.Client().Chat(context.Background(), &api.ChatRequest{Model: "bert", Messages: []api.Message{{Role: "user", Content: "hi"}}}, func(api.ChatResponse) error { return nil })
	if err == nil {
		t.Error("chat with the bert embedder succeeded")
	}
}

func same(a, b []float32) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPull(t *testing.T) {
	reg := StartRegistry(t)
	name := reg.Publish(t, "tiny", RandomLlama, "")
	if want := reg.Host + "/library/tiny:latest"; name != want {
		t.Fatalf("PullName %q, want %q", name, want)
	}
	blob, _ := GGUF(RandomLlama, "")
	reg.SetBlobRate(int64(len(blob)) * 2) // ≈0.5 s for the model blob: several progress ticks

	srv := Start(t)
	c := srv.Client()
	var statuses []string
	var blobTotal, lastCompleted int64
	growing := 0
	err := c.Pull(context.Background(), &api.PullRequest{Model: name, Insecure: true}, func(p api.ProgressResponse) error {
		statuses = append(statuses, p.Status)
		if p.Total == int64(len(blob)) {
			blobTotal = p.Total
			if p.Completed < lastCompleted || p.Completed > p.Total {
				t.Errorf("completed went %d → %d of %d", lastCompleted, p.Completed, p.Total)
			}
			if p.Completed > lastCompleted {
				growing++
			}
			lastCompleted = p.Completed
		}
		return nil
	})
	if err != nil {
		t.Fatalf("pull %s: %v (statuses %q)", name, err, statuses)
	}
	if len(statuses) == 0 || statuses[len(statuses)-1] != "success" {
		t.Fatalf("statuses %q, want them to end with success", statuses)
	}
	if blobTotal == 0 || growing < 2 {
		t.Errorf("model blob progress: total %d, completed grew %d times; want the %d-byte blob reported growing", blobTotal, growing, len(blob))
	}
	// the pulled model works
	resp, err := c.Embed(context.Background(), &api.EmbedRequest{Model: name, Input: "hello"})
	if err != nil || len(resp.Embeddings) != 1 || len(resp.Embeddings[0]) != EmbeddingDim {
		t.Errorf("embed with the pulled model: %v, %v", resp, err)
	}

	// a name the registry does not have: the error arrives in the stream
	err = c.Pull(context.Background(), &api.PullRequest{Model: reg.PullName("missing"), Insecure: true}, func(api.ProgressResponse) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "file does not exist") {
		t.Errorf("pull of a missing model: err = %v, want \"pull model manifest: file does not exist\"", err)
	}
}

func TestMissingBinary(t *testing.T) {
	t.Setenv(EnvOllamaBin, t.TempDir()+"/no-ollama")
	t.Setenv(EnvRequireOllama, "")
	var skipped bool
	var msg string
	ft := &fakeTB{TB: t}
	func() {
		defer func() {
			if r := recover(); r == errSkipNow {
				skipped, msg = true, ft.msg
			}
		}()
		OllamaBin(ft)
	}()
	if !skipped || !strings.Contains(msg, "make ollama") {
		t.Errorf("missing binary: skipped=%v msg=%q, want a skip telling to run `make ollama`", skipped, msg)
	}

	t.Setenv(EnvRequireOllama, "1")
	var failed bool
	func() {
		defer func() {
			if r := recover(); r == errFailNow {
				failed, msg = true, ft.msg
			}
		}()
		OllamaBin(ft)
	}()
	if !failed || !strings.Contains(msg, EnvRequireOllama+"=1") {
		t.Errorf("missing binary with %s=1: failed=%v msg=%q, want a failure", EnvRequireOllama, failed, msg)
	}
}

// fakeTB records Skip/Fatal instead of ending the real test.
type fakeTB struct {
	testing.TB
	msg string
}

type stop string

const (
	errSkipNow stop = "skip"
	errFailNow stop = "fail"
)

func (f *fakeTB) Helper() {}
func (f *fakeTB) Skip(args ...any) {
	f.msg = fmt.Sprint(args...)
	panic(errSkipNow)
}

func (f *fakeTB) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	panic(errFailNow)
}

// BenchmarkCannedChat: one streamed /api/chat round trip on a loaded canned
// llama (the runner is started before the timer).
func BenchmarkCannedChat(b *testing.B) {
	srv := Start(b)
	CreateModel(b, srv, "canned", CannedLlama, "Hello from tiny llama!")
	c := srv.Client()
	req := &api.ChatRequest{Model: "canned", Messages: []api.Message{{Role: "user", Content: "hi"}}}
	chat := func() {
		if err := c.Chat(context.Background(), req, func(api.ChatResponse) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	chat()
	b.ResetTimer()
	for b.Loop() {
		chat()
	}
}

// BenchmarkBertEmbedBatch: /api/embed of 16 Japanese texts on a loaded bert model.
func BenchmarkBertEmbedBatch(b *testing.B) {
	srv := Start(b)
	CreateModel(b, srv, "bert", BertEmbedder, "")
	c := srv.Client()
	texts := make([]string, 16)
	for i := range texts {
		texts[i] = fmt.Sprintf("玄界の計算ノード %d でジョブを実行する方法", i)
	}
	embed := func() {
		if _, err := c.Embed(context.Background(), &api.EmbedRequest{Model: "bert", Input: texts}); err != nil {
			b.Fatal(err)
		}
	}
	embed()
	b.ResetTimer()
	for b.Loop() {
		embed()
	}
}

// BenchmarkFirstRequest: create a model and wait for its first reply
// (runner start and model load) on a fresh server.
func BenchmarkFirstRequest(b *testing.B) {
	srv := Start(b)
	c := srv.Client()
	for i := 0; b.Loop(); i++ {
		name := fmt.Sprintf("m%d", i)
		CreateModel(b, srv, name, CannedLlama, fmt.Sprintf("answer number %d", i))
		err := c.Chat(context.Background(), &api.ChatRequest{Model: name, Messages: []api.Message{{Role: "user", Content: "hi"}}}, func(api.ChatResponse) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
}
