package llm

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/ollama/ollama/api"

	"github.com/genkai-rag/genkai-rag/backend/fault"
)

// EmbedBatch is how many texts Embed sends in one /api/embed request: large
// enough to amortise the round trip, small enough that one request returns
// within seconds on a CPU.
const EmbedBatch = 32

// ErrEmbedModelNotFound is wrapped by Embed when Ollama does not have the
// embedding model installed.
var ErrEmbedModelNotFound = fault.Sentinel(fault.EmbedModelNotFound, "embedding model not installed")

// Embed returns one vector per text, in order, from Ollama's /api/embed
// using model, sending at most EmbedBatch texts per request. Texts longer
// than the model's context are truncated by Ollama. Errors wrap
// ErrEmbedModelNotFound for a model that is not installed (with the
// `ollama pull` command to fix it); transport errors say what to check.
func (c *Client) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	if model == "" {
		return nil, errors.New("embed: no embedding model set: choose one (such as bge-m3) in llm.embedding_model")
	}
	out := make([][]float32, 0, len(texts))
	truncate := true
	for start := 0; start < len(texts); start += EmbedBatch {
		batch := texts[start:min(start+EmbedBatch, len(texts))]
		resp, err := c.api.Embed(ctx, &api.EmbedRequest{Model: model, Input: batch, Truncate: &truncate})
		if err != nil {
			return nil, c.embedError(model, err)
		}
		if len(resp.Embeddings) != len(batch) {
			return nil, fmt.Errorf("embed with %s at %s: sent %d texts, got %d vectors back", model, c.host, len(batch), len(resp.Embeddings))
		}
		out = append(out, resp.Embeddings...)
	}
	return out, nil
}

// embedError explains an /api/embed failure.
func (c *Client) embedError(model string, err error) error {
	var se api.StatusError
	if errors.As(err, &se) {
		msg := strings.ToLower(se.ErrorMessage)
		switch {
		case se.StatusCode == http.StatusNotFound && strings.Contains(msg, "not found"):
			return fmt.Errorf("embed with %s at %s: %w: run `ollama pull %s` or choose another llm.embedding_model", model, c.host, ErrEmbedModelNotFound, model)
		case se.StatusCode == http.StatusBadRequest && strings.Contains(msg, "does not support"):
			return fmt.Errorf("embed with %s at %s: the model cannot make embeddings (%s): choose an embedding model such as bge-m3", model, c.host, se.ErrorMessage)
		}
		return fmt.Errorf("embed with %s at %s: Ollama answered HTTP %d: %s", model, c.host, se.StatusCode, se.ErrorMessage)
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("embed with %s at %s: %w", model, c.host, err)
	}
	return fmt.Errorf("embed with %s at %s: %s: %w", model, c.host, describe(err), err)
}
