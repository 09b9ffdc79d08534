package ollamatest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/ollama/ollama/api"
)

// ChatTemplate is the prompt template the llama kinds are created with:
// every message as <|role|>content, then <|assistant|>.
const ChatTemplate = `{{- range .Messages }}<|{{ .Role }}|>{{ .Content }}
{{- end }}<|assistant|>`

// CreateTimeout bounds CreateModel (uploading ~0.5 MB and writing the manifest).
const CreateTimeout = 60 * time.Second

// CreateModel creates model name (e.g. "tiny" or "tiny:latest") of the given
// kind on srv and fails the test on error. canned is the CannedLlama answer
// ("" for the other kinds). The model is usable at once: the first request
// takes ≈0.3 s (runner start and load), later ones a few ms.
func CreateModel(t testing.TB, srv *Server, name string, kind Kind, canned string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), CreateTimeout)
	defer cancel()
	if err := Install(ctx, srv.Client(), name, kind, canned); err != nil {
		t.Fatalf("create model %s: %v", name, err)
	}
}

// Install creates model name of the given kind through any Ollama API
// client: it uploads the GGUF blob (CreateBlob) and creates the model from
// it (Create with files {"model.gguf": digest}) with num_thread 1, the llama
// kinds with ChatTemplate and num_ctx 2048 (RandomLlama also num_predict
// 32, seed 42; CannedLlama temperature 0). Errors name the step that failed.
func Install(ctx context.Context, c *api.Client, name string, kind Kind, canned string) error {
	data, err := GGUF(kind, canned)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(data)
	digest := "sha256:" + hex.EncodeToString(sum[:])
	if err := c.CreateBlob(ctx, digest, bytes.NewReader(data)); err != nil {
		return fmt.Errorf("upload blob %s: %w", digest, err)
	}
	// One thread: tiny models gain nothing from more, and ggml's thread
	// barriers make replies 10-50x slower on a busy machine.
	req := &api.CreateRequest{Model: name, Files: map[string]string{"model.gguf": digest},
		Parameters: map[string]any{"num_thread": 1}}
	switch kind {
	case RandomLlama:
		req.Template = ChatTemplate
		req.Parameters = map[string]any{"num_thread": 1, "num_ctx": 2048, "num_predict": 32, "seed": 42, "temperature": 0.8}
	case CannedLlama:
		req.Template = ChatTemplate
		req.Parameters = map[string]any{"num_thread": 1, "num_ctx": 2048, "temperature": 0}
	}
	var last string
	err = c.Create(ctx, req, func(p api.ProgressResponse) error {
		last = p.Status
		return nil
	})
	if err != nil {
		return fmt.Errorf("create %s from %s: %w", name, digest, err)
	}
	if last != "success" {
		return fmt.Errorf("create %s: stream ended with %q, not success", name, last)
	}
	return nil
}
