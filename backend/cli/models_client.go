package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/models"
)

// modelManager is what `genkai-rag models` needs: the running server's
// HTTP API (serverModels) or, when none answers, the model service the
// server itself uses (localModels over Services.ModelsAPI). Errors wrap
// models.ErrModelNotFound, models.ErrInvalid or models.ErrOllamaDown when they are
// those.
type modelManager interface {
	List(ctx context.Context) (modelListing, error)
	// Pull downloads name, calling fn with its progress (never the final
	// success step).
	Pull(ctx context.Context, name string, fn func(models.PullProgress) error) error
	Remove(ctx context.Context, name string) error
	// Use sets the chat model (kind "chat") or the embedding model and
	// returns the models before and after.
	Use(ctx context.Context, kind, name string) (prev, cur models.CurrentModels, err error)
	Options(ctx context.Context, name string) (models.ModelConfig, error)
}

// modelListing is GET /api/models.
type modelListing struct {
	Models         []models.ModelInfo        `json:"models"`
	CurrentModel   string                    `json:"current_model"`
	EmbeddingModel string                    `json:"embedding_model"`
	Recommended    []models.RecommendedModel `json:"recommended"`
}

// localModels drives Ollama directly through the app's model service.
type localModels struct{ m models.Service }

func (l localModels) List(ctx context.Context) (modelListing, error) {
	list, err := l.m.Installed(ctx)
	if err != nil {
		return modelListing{}, err
	}
	cur := l.m.Current()
	return modelListing{Models: list, CurrentModel: cur.ModelName, EmbeddingModel: cur.EmbeddingModel, Recommended: l.m.Recommended(ctx)}, nil
}

func (l localModels) Pull(ctx context.Context, name string, fn func(models.PullProgress) error) error {
	return l.m.Pull(ctx, name, fn)
}

func (l localModels) Remove(ctx context.Context, name string) error { return l.m.Delete(ctx, name) }

func (l localModels) Use(ctx context.Context, kind, name string) (models.CurrentModels, models.CurrentModels, error) {
	prev := l.m.Current()
	cur, err := l.m.Switch(ctx, kind, name)
	return prev, cur, err
}

func (l localModels) Options(_ context.Context, name string) (models.ModelConfig, error) {
	return l.m.Config(name)
}

// serverModels drives a running genkai-rag server's /api/models.
type serverModels struct {
	base, token string
	client      *http.Client
}

// remoteError is an API error answer, mapped to the api sentinels.
type remoteError struct {
	sentinel error
	msg      string
}

func (e remoteError) Error() string { return e.msg }
func (e remoteError) Unwrap() error { return e.sentinel }

func (s serverModels) call(ctx context.Context, method, path string, body, out any) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if s.token != "" {
		req.Header.Set("Authorization", "Bearer "+s.token)
	}
	res, err := s.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("the server at %s did not answer: %w", s.base, err)
	}
	if res.StatusCode >= 300 {
		defer res.Body.Close()
		return nil, apiError(res)
	}
	if out != nil {
		defer res.Body.Close()
		if err := json.NewDecoder(io.LimitReader(res.Body, 8<<20)).Decode(out); err != nil {
			return nil, fmt.Errorf("read the server's answer to %s %s: %w", method, path, err)
		}
	}
	return res, nil
}

// apiError reads {"error":{"code","message"}} and maps the status.
func apiError(res *http.Response) error {
	var body struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&body)
	msg := body.Error.Message
	if msg == "" {
		msg = "the server answered " + res.Status
	}
	var sentinel error
	switch {
	case res.StatusCode == http.StatusNotFound && body.Error.Code != "not_found":
		sentinel = models.ErrModelNotFound
	case res.StatusCode == http.StatusBadRequest:
		sentinel = models.ErrInvalid
	case body.Error.Code == "ollama_unavailable":
		sentinel = models.ErrOllamaDown
	}
	return remoteError{sentinel, msg}
}

func (s serverModels) List(ctx context.Context) (modelListing, error) {
	var l modelListing
	_, err := s.call(ctx, http.MethodGet, "/api/models", nil, &l)
	return l, err
}

func (s serverModels) Pull(ctx context.Context, name string, fn func(models.PullProgress) error) error {
	res, err := s.call(ctx, http.MethodPost, "/api/models/pull", map[string]string{"model_name": name}, nil)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var p models.PullProgress
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			return fmt.Errorf("pull %s: the server sent %q: %w", name, sc.Text(), err)
		}
		switch {
		case p.Done && p.Error != "":
			var sentinel error
			if strings.Contains(p.Error, "registry has no model") {
				sentinel = models.ErrModelNotFound
			} else if strings.Contains(p.Error, "not reachable") {
				sentinel = models.ErrOllamaDown
			}
			return remoteError{sentinel, p.Error}
		case p.Done:
			return nil
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	if ctx.Err() != nil {
		return fmt.Errorf("pull %s: cancelled (%w); pull it again to resume where it stopped", name, ctx.Err())
	}
	return fmt.Errorf("pull %s: the server at %s ended the download early (%v); pull it again to resume", name, s.base, sc.Err())
}

func (s serverModels) Remove(ctx context.Context, name string) error {
	res, err := s.call(ctx, http.MethodDelete, "/api/models/"+url.PathEscape(name), nil, nil)
	if err == nil {
		res.Body.Close()
	}
	return err
}

func (s serverModels) Use(ctx context.Context, kind, name string) (models.CurrentModels, models.CurrentModels, error) {
	var out struct {
		Previous models.CurrentModels `json:"previous"`
		Current  models.CurrentModels `json:"current"`
	}
	_, err := s.call(ctx, http.MethodPost, "/api/models/switch", map[string]string{"model_name": name, "kind": kind}, &out)
	return out.Previous, out.Current, err
}

func (s serverModels) Options(ctx context.Context, name string) (models.ModelConfig, error) {
	var c models.ModelConfig
	_, err := s.call(ctx, http.MethodGet, "/api/models/"+url.PathEscape(name)+"/config", nil, &c)
	return c, err
}

// errNotInstalled says name is not installed, listing those that are.
func errNotInstalled(name string, l modelListing) error {
	names := make([]string, len(l.Models))
	for i, m := range l.Models {
		names[i] = m.Name
	}
	have := "none installed"
	if len(names) > 0 {
		have = "installed: " + strings.Join(names, ", ")
	}
	return fmt.Errorf("%w: %s is not installed (%s); download it with `genkai-rag models pull %s`", models.ErrModelNotFound, name, have, name)
}
