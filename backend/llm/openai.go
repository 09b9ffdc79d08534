package llm

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// OpenAIKeyEnv is the variable an endpoint's API key is read from (see
// config.OpenAIKey); error hints name it.
const OpenAIKeyEnv = "GENKAI_LLM_OPENAI_API_KEY"

// PhaseEndpoint is Status.Phase (and the Models page's State.Phase) of an
// OpenAI-compatible endpoint: generation runs there, not on Ollama.
const PhaseEndpoint = "endpoint"

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 64 << 10

// OpenAI is a client for an OpenAI-compatible endpoint (vLLM, a llama.cpp
// server, Ollama's own /v1, a pool behind one URL): streamed chat
// (/chat/completions), embeddings (/embeddings) and the model list
// (/models). Like Client it never sets http.Client.Timeout; calls take a
// context and streams are bounded by Options' timeouts. Model management
// (pull, delete) is not part of the OpenAI API and is not offered.
type OpenAI struct {
	base string // ends in /v1, no trailing slash
	key  string
	opt  Options
}

// NewOpenAI returns a client for base, an http(s) URL ending in /v1 such as
// http://gpu-cluster:8000/v1. apiKey, when not empty, is sent as
// `Authorization: Bearer KEY`. opt's zero fields take the defaults of
// Options. Errors: base is not such a URL.
func NewOpenAI(base, apiKey string, opt Options) (*OpenAI, error) {
	base = strings.TrimRight(strings.TrimSpace(base), "/")
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.HasSuffix(u.Path, "/v1") {
		return nil, fmt.Errorf("openai endpoint %q: not an http(s) URL ending in /v1 such as http://gpu-cluster:8000/v1 (llm.openai_base_url)", base)
	}
	if opt.HTTPClient == nil {
		opt.HTTPClient = http.DefaultClient
	}
	if opt.IdleTimeout <= 0 {
		opt.IdleTimeout = DefaultIdleTimeout
	}
	if opt.FirstChunkTimeout <= 0 {
		opt.FirstChunkTimeout = DefaultFirstChunkTimeout
	}
	return &OpenAI{base: base, key: apiKey, opt: opt}, nil
}

// Host is the endpoint's base URL (ending in /v1).
func (c *OpenAI) Host() string { return c.base }

// httpError is a non-2xx answer from the endpoint.
type httpError struct {
	Code    int
	Status  string // "401 Unauthorized"
	Message string // the server's message, or the start of its body
}

func (e *httpError) Error() string {
	if e.Message == "" {
		return e.Status
	}
	return e.Status + ": " + e.Message
}

// do sends a request with a JSON body (nil: none) and returns the response
// when it is 2xx; otherwise an *httpError with the server's message.
func (c *OpenAI) do(ctx context.Context, method, path string, body any) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json, text/event-stream")
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	resp, err := c.opt.HTTPClient.Do(req)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	he := &httpError{Code: resp.StatusCode, Status: resp.Status, Message: errorMessage(b)}
	if he.Status == "" {
		he.Status = fmt.Sprintf("%d %s", resp.StatusCode, http.StatusText(resp.StatusCode))
	}
	if he.Message == "" {
		he.Message = strings.TrimSpace(clip(b))
	}
	return nil, he
}

// explain turns a failure of op into an error naming the endpoint and what
// to do; missing models wrap ErrModelNotFound (listing the endpoint's),
// an endpoint that does not answer ErrUnavailable, a stall ErrStalled.
func (c *OpenAI) explain(ctx context.Context, op, model string, err error) error {
	where := "openai endpoint " + c.base
	var he *httpError
	switch {
	case errors.Is(err, ErrStalled) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%s: %s: %w", op, where, err)
	case unreachable(err):
		return alsoIs{fmt.Errorf("%s: %s is not reachable (%w): check llm.openai_base_url and that the server runs", op, where, err), ErrUnavailable}
	case !errors.As(err, &he):
		return fmt.Errorf("%s: %s: %w", op, where, err)
	}
	var hint string
	switch {
	case he.Code == http.StatusUnauthorized || he.Code == http.StatusForbidden:
		hint = "set " + OpenAIKeyEnv + " (or OPENAI_API_KEY) in the environment of genkai-rag to the endpoint's API key"
		if c.key != "" {
			hint = "the endpoint refused the API key: check " + OpenAIKeyEnv + " (or OPENAI_API_KEY)"
		}
	case he.Code == http.StatusNotFound && model != "" && strings.Contains(strings.ToLower(he.Message), "model"):
		return fmt.Errorf("%s: %s: %s: %w", op, where, he, c.notServed(ctx, model))
	case he.Code == http.StatusNotFound:
		hint = "the endpoint has no such path: check llm.openai_base_url (the URL that ends in /v1)"
	case he.Code == http.StatusTooManyRequests:
		hint = "the endpoint is overloaded; try again shortly"
	case he.Code >= 500:
		hint = "the endpoint failed; see its logs, or try again"
	}
	if hint == "" {
		return fmt.Errorf("%s: %s: %w", op, where, he)
	}
	return fmt.Errorf("%s: %s: %w: %s", op, where, he, hint)
}

// notServed is ErrModelNotFound with the endpoint's models listed.
func (c *OpenAI) notServed(ctx context.Context, model string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ProbeTimeout)
	defer cancel()
	have := "it lists none"
	if ids, err := c.ModelIDs(ctx); err == nil && len(ids) > 0 {
		have = "it serves: " + strings.Join(ids, ", ")
	}
	return fmt.Errorf("%w: the endpoint does not serve %s (%s); set llm.default_model or llm.embedding_model to one of its models", ErrModelNotFound, model, have)
}

// chatBody is the /chat/completions request. ContextLength has no OpenAI
// equivalent (the context is fixed where the model is served) and Think
// is not sent.
type chatBody struct {
	Model       string    `json:"model"`
	Messages    []Message `json:"messages"`
	Stream      bool      `json:"stream"`
	Temperature *float64  `json:"temperature,omitempty"`
	TopP        *float64  `json:"top_p,omitempty"`
	MaxTokens   int       `json:"max_tokens,omitempty"`
}

// Chat streams the model's reply from POST {base}/chat/completions
// (stream: true), calling fn with every piece of text as it arrives; an
// error from fn ends the stream and is returned as is. Temperature, TopP
// and MaxTokens are sent; ContextLength and Think are ignored. A server
// that answers with one JSON completion instead of a stream is accepted.
//
// Errors, like Client.Chat's: ErrModelNotFound (listing the endpoint's
// models), ErrUnavailable, ErrStalled (first-chunk and idle timeouts),
// HTTP errors with a hint (401: set GENKAI_LLM_OPENAI_API_KEY), malformed
// stream lines, a stream cut before [DONE] or a finish_reason.
func (c *OpenAI) Chat(ctx context.Context, req ChatRequest, fn func(text string) error) error {
	if strings.TrimSpace(req.Model) == "" {
		return fmt.Errorf("chat: no model given: %w (set llm.default_model)", ErrModelNotFound)
	}
	msgs := req.Messages
	if msgs == nil {
		msgs = []Message{}
	}
	body := chatBody{Model: req.Model, Messages: msgs, Stream: true,
		Temperature: req.Options.Temperature, TopP: req.Options.TopP, MaxTokens: max(req.Options.MaxTokens, 0)}
	var fnErr error
	complete := false
	err := watched(ctx, c.opt.FirstChunkTimeout, c.opt.IdleTimeout, func(ctx context.Context, kick func(bool)) error {
		resp, err := c.do(ctx, http.MethodPost, "/chat/completions", body)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		emit := func(text string) error {
			if text == "" {
				kick(true)
				return nil
			}
			kick(false)
			defer kick(true)
			if err := fn(text); err != nil {
				fnErr = err
				return err
			}
			return nil
		}
		if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt == "application/json" {
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				return err
			}
			chunk, err := decodeChunk(b)
			if err != nil {
				return err
			}
			text, _ := chunk.text()
			complete = true
			return emit(text)
		}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 0, 64<<10), 8<<20)
		for sc.Scan() {
			line, err := parseSSELine(sc.Bytes())
			if err != nil {
				return err
			}
			if line.Done {
				complete = true
				return nil
			}
			if line.Data == nil {
				kick(true)
				continue
			}
			chunk, err := decodeChunk(line.Data)
			if err != nil {
				return err
			}
			text, finished := chunk.text()
			complete = complete || finished
			if err := emit(text); err != nil {
				return err
			}
		}
		return sc.Err()
	})
	switch {
	case fnErr != nil && errors.Is(err, fnErr):
		return fnErr
	case err == nil && complete:
		return nil
	case err == nil && ctx.Err() != nil:
		err = ctx.Err()
	case err == nil:
		err = errors.New("the stream ended before the reply was complete (no [DONE]); try again")
	}
	return c.explain(ctx, "chat with "+req.Model, req.Model, err)
}

// Embed returns one vector per text, in order, from POST {base}/embeddings
// using model, at most EmbedBatch texts per request. Errors wrap
// ErrEmbedModelNotFound when the endpoint does not serve model, and say
// what to check otherwise (as Chat's).
func (c *OpenAI) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	if model == "" {
		return nil, errors.New("embed: no embedding model set: choose one the endpoint serves in llm.embedding_model")
	}
	out := make([][]float32, 0, len(texts))
	for start := 0; start < len(texts); start += EmbedBatch {
		batch := texts[start:min(start+EmbedBatch, len(texts))]
		vecs, err := c.embedBatch(ctx, model, batch)
		if err != nil {
			err = c.explain(ctx, "embed with "+model, model, err)
			if errors.Is(err, ErrModelNotFound) {
				err = alsoIs{err, ErrEmbedModelNotFound}
			}
			return nil, err
		}
		out = append(out, vecs...)
	}
	return out, nil
}

func (c *OpenAI) embedBatch(ctx context.Context, model string, batch []string) ([][]float32, error) {
	resp, err := c.do(ctx, http.MethodPost, "/embeddings", map[string]any{"model": model, "input": batch, "encoding_format": "float"})
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var r struct {
		Data []struct {
			Index     int       `json:"index"`
			Embedding []float32 `json:"embedding"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return nil, fmt.Errorf("malformed embeddings answer: %w", err)
	}
	if len(r.Data) != len(batch) {
		return nil, fmt.Errorf("sent %d texts, got %d vectors back", len(batch), len(r.Data))
	}
	sort.SliceStable(r.Data, func(i, j int) bool { return r.Data[i].Index < r.Data[j].Index })
	vecs := make([][]float32, len(batch))
	for i, d := range r.Data {
		if len(d.Embedding) == 0 {
			return nil, fmt.Errorf("vector %d is empty", i)
		}
		vecs[i] = d.Embedding
	}
	return vecs, nil
}

// ModelIDs lists the ids of the endpoint's models (GET {base}/models),
// sorted. Errors as Chat's.
func (c *OpenAI) ModelIDs(ctx context.Context) ([]string, error) {
	resp, err := c.do(ctx, http.MethodGet, "/models", nil)
	if err != nil {
		return nil, c.explain(ctx, "list models", "", err)
	}
	defer resp.Body.Close()
	var r struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 8<<20)).Decode(&r); err != nil {
		return nil, fmt.Errorf("list models: openai endpoint %s: malformed answer (%v): is llm.openai_base_url an OpenAI-compatible endpoint?", c.base, err)
	}
	ids := make([]string, 0, len(r.Data))
	for _, d := range r.Data {
		if d.ID != "" {
			ids = append(ids, d.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids), nil
}

// Probe lists the endpoint's models within ProbeTimeout. It never returns
// an error: an endpoint that does not answer, or refuses, is a Status with
// Reachable false and Error saying why. Version is "openai-compatible".
func (c *OpenAI) Probe(ctx context.Context) Status {
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	st := Status{Host: c.base, Phase: PhaseEndpoint}
	if _, err := c.ModelIDs(ctx); err != nil {
		st.Error = strings.TrimPrefix(err.Error(), "list models: ")
		return st
	}
	st.Reachable, st.Version = true, "openai-compatible"
	return st
}

// alsoIs is err, also matching sentinel for errors.Is, with err's message.
type alsoIs struct{ err, sentinel error }

func (a alsoIs) Error() string   { return a.err.Error() }
func (a alsoIs) Unwrap() []error { return []error{a.err, a.sentinel} }
