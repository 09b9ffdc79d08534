package llm

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Model is an installed model.
type Model struct {
	Name          string    `json:"name"`
	SizeBytes     int64     `json:"size_bytes"`
	Family        string    `json:"family,omitempty"`
	ParameterSize string    `json:"parameter_size,omitempty"`
	Quantization  string    `json:"quantization,omitempty"`
	ModifiedAt    time.Time `json:"modified_at"`
	// Loaded: the model is in memory now (/api/ps).
	Loaded bool `json:"loaded"`
	// Embedding: the model makes embeddings (its capabilities say so, or
	// its family is an embedding family such as bert).
	Embedding bool `json:"embedding"`
}

// embedFamilies are model families that only make embeddings.
var embedFamilies = []string{"bert", "nomic-bert", "xlm-roberta", "roberta", "jina-bert-v2", "new"}

// capsCache remembers /api/show answers by digest: a model's capabilities
// never change while its digest stays.
type capsCache struct {
	mu    sync.Mutex
	embed map[string]bool
}

// Installed lists the installed models, newest first, marking those loaded
// in memory and those that make embeddings. Errors: ErrUnavailable when
// Ollama does not answer.
func (c *Client) Installed(ctx context.Context) ([]Model, error) {
	list, err := c.api.List(ctx)
	if err != nil {
		return nil, c.wrap(ctx, "list models", "", err)
	}
	loaded := map[string]bool{}
	if ps, err := c.api.ListRunning(ctx); err == nil {
		for _, m := range ps.Models {
			loaded[m.Name] = true
		}
	}
	out := make([]Model, 0, len(list.Models))
	for _, m := range list.Models {
		out = append(out, Model{
			Name: m.Name, SizeBytes: m.Size, Family: m.Details.Family,
			ParameterSize: m.Details.ParameterSize, Quantization: m.Details.QuantizationLevel,
			ModifiedAt: m.ModifiedAt, Loaded: loaded[m.Name],
			Embedding: c.isEmbedding(ctx, m),
		})
	}
	slices.SortStableFunc(out, func(a, b Model) int { return b.ModifiedAt.Compare(a.ModifiedAt) })
	return out, nil
}

// isEmbedding asks /api/show for the model's capabilities (cached by
// digest), falling back to the family when show fails.
func (c *Client) isEmbedding(ctx context.Context, m api.ListModelResponse) bool {
	c.caps.mu.Lock()
	v, ok := c.caps.embed[m.Digest]
	c.caps.mu.Unlock()
	if ok && m.Digest != "" {
		return v
	}
	fams := append([]string{m.Details.Family}, m.Details.Families...)
	v = strings.Contains(strings.ToLower(m.Name), "embed")
	for _, f := range fams {
		v = v || slices.Contains(embedFamilies, strings.ToLower(f))
	}
	sctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	show, err := c.api.Show(sctx, &api.ShowRequest{Model: m.Name})
	if err != nil {
		return v
	}
	if len(show.Capabilities) > 0 {
		v = false
		for _, cp := range show.Capabilities {
			v = v || string(cp) == "embedding"
		}
	}
	c.caps.mu.Lock()
	if c.caps.embed == nil {
		c.caps.embed = map[string]bool{}
	}
	c.caps.embed[m.Digest] = v
	c.caps.mu.Unlock()
	return v
}

// Has reports whether name is installed (name without a tag means
// name:latest) and returns the installed names. Errors: ErrUnavailable.
func (c *Client) Has(ctx context.Context, name string) (bool, []string, error) {
	list, err := c.api.List(ctx)
	if err != nil {
		return false, nil, c.wrap(ctx, "list models", "", err)
	}
	var names []string
	found := false
	for _, m := range list.Models {
		names = append(names, m.Name)
		found = found || SameModel(m.Name, name)
	}
	slices.Sort(names)
	return found, names, nil
}

// SameModel reports whether two model names are the same model: a name
// without a tag means its :latest.
func SameModel(a, b string) bool {
	norm := func(s string) string {
		s = strings.TrimSpace(s)
		if i := strings.LastIndex(s, "/"); !strings.Contains(s[i+1:], ":") {
			s += ":latest"
		}
		return s
	}
	return norm(a) == norm(b)
}

// Delete removes an installed model. Errors: ErrModelNotFound (listing the
// installed ones) when it is not installed, ErrUnavailable.
func (c *Client) Delete(ctx context.Context, name string) error {
	if err := c.api.Delete(ctx, &api.DeleteRequest{Model: name}); err != nil {
		return c.wrap(ctx, "delete "+name, name, err)
	}
	return nil
}

// Recommended is wire.RecommendedModel, the shape clients see; see there.
type Recommended = wire.RecommendedModel

// recommended are good choices for Japanese, small first. Sizes are the
// download sizes of the Ollama library's default quantisation.
var recommended = []Recommended{
	{Name: "qwen3:1.7b", Kind: "chat", SizeBytes: 1_400_000_000, Note: "最小・高速。メモリ 4GB でも動く / smallest, fast; runs in 4 GB RAM"},
	{Name: "qwen3:4b", Kind: "chat", SizeBytes: 2_500_000_000, Note: "日本語に強い標準的な選択 / good Japanese, the usual choice (8 GB RAM)"},
	{Name: "gemma3:4b", Kind: "chat", SizeBytes: 3_300_000_000, Note: "自然な日本語 / natural Japanese (8 GB RAM)"},
	{Name: "qwen3:8b", Kind: "chat", SizeBytes: 5_200_000_000, Note: "より正確、GPU か 16GB RAM 推奨 / more accurate; GPU or 16 GB RAM"},
	{Name: "gemma3:12b", Kind: "chat", SizeBytes: 8_100_000_000, Note: "高品質、GPU 推奨 / best quality here; GPU recommended"},
	{Name: "bge-m3", Kind: "embedding", SizeBytes: 1_200_000_000, Note: "多言語の検索用埋め込み（既定）/ multilingual embeddings (default)"},
	{Name: "qwen3-embedding:0.6b", Kind: "embedding", SizeBytes: 639_000_000, Note: "小型で日本語に強い埋め込み / small embedder, good Japanese"},
}

// Recommend returns the recommended models, marking those in installed.
func Recommend(installed []string) []Recommended {
	out := slices.Clone(recommended)
	for i := range out {
		for _, n := range installed {
			out[i].Installed = out[i].Installed || SameModel(n, out[i].Name)
		}
	}
	return out
}

// PullProgress is one step of a download, summed over the model's layers.
type PullProgress struct {
	// Status is Ollama's step: "pulling manifest", "pulling <digest>",
	// "verifying sha256 digest", "writing manifest", "success".
	Status    string  `json:"status"`
	Completed int64   `json:"completed"`
	Total     int64   `json:"total"`
	Percent   float64 `json:"percent"`
	// RateBPS is the smoothed download rate in bytes per second.
	RateBPS float64 `json:"rate_bytes_per_second"`
	// ETASecs is the estimated time left (0 when unknown).
	ETASecs float64 `json:"eta_seconds"`
}

// Pull limits.
const (
	// PullMinInterval is the least time between two progress callbacks
	// while bytes move (at most ~4 per second); a change of step is
	// always reported at once.
	PullMinInterval = 250 * time.Millisecond
	// pullRateWindow is the least time a rate sample spans.
	pullRateWindow = 250 * time.Millisecond
)

// Pull downloads a model, calling fn with its progress: on every change of
// step, and while bytes move every PullMinInterval at most (Ollama reports
// several times a second, so fn sees 2–4 updates a second). An error from
// fn stops the pull. Cancelling ctx stops it too; pulling the same name
// again resumes, because Ollama keeps the partial blobs and continues them.
//
// Errors: ErrModelNotFound when the registry has no such model;
// ErrUnavailable when Ollama does not answer; ErrStalled when Ollama sends
// nothing for FirstChunkTimeout; ctx's error, wrapped, when cancelled.
func (c *Client) Pull(ctx context.Context, name string, fn func(PullProgress) error) error {
	t := newPullTracker(time.Now)
	var fnErr error
	success := false
	err := watched(ctx, c.opt.FirstChunkTimeout, c.opt.FirstChunkTimeout, func(ctx context.Context, kick func(bool)) error {
		return c.api.Pull(ctx, &api.PullRequest{Model: name}, func(r api.ProgressResponse) error {
			kick(false)
			defer kick(true)
			success = success || r.Status == "success"
			p, emit := t.update(r)
			if !emit {
				return nil
			}
			if err := fn(p); err != nil {
				fnErr = err
				return err
			}
			return nil
		})
	})
	switch {
	case err == nil && success:
		return nil
	case fnErr != nil && errors.Is(err, fnErr):
		return fnErr
	case ctx.Err() != nil:
		return fmt.Errorf("pull %s: cancelled (%w); pull it again to resume where it stopped", name, ctx.Err())
	}
	if err == nil { // the client library ends a cut stream without an error
		err = errors.New("the connection to Ollama ended before the download finished")
	}
	return c.pullError(ctx, name, err)
}

// pullError explains a failed pull.
func (c *Client) pullError(ctx context.Context, name string, err error) error {
	msg := strings.ToLower(err.Error())
	switch {
	case errors.Is(err, ErrStalled) || unreachable(err):
		return c.wrap(ctx, "pull "+name, "", err)
	case strings.Contains(msg, "file does not exist") || strings.Contains(msg, "manifest unknown") || strings.Contains(msg, "not found"):
		return fmt.Errorf("pull %s: %w: the registry has no model of that name (%v); check the name and tag at https://ollama.com/library, e.g. qwen3:4b", name, ErrModelNotFound, err)
	case strings.Contains(msg, "no such host") || strings.Contains(msg, "dial tcp") || strings.Contains(msg, "i/o timeout"):
		return fmt.Errorf("pull %s: Ollama could not reach the model registry (%v); check the internet connection and try again — the download resumes", name, err)
	case strings.Contains(msg, "no space left"):
		return fmt.Errorf("pull %s: the disk is full (%v); free space (or delete models) and try again — the download resumes", name, err)
	}
	return fmt.Errorf("pull %s: %w; try again — the download resumes", name, err)
}

// pullTracker sums layer progress and throttles and smooths it.
type pullTracker struct {
	now    func() time.Time
	layers map[string][2]int64 // digest → completed, total

	step     string
	lastEmit time.Time
	emitted  int64 // completed bytes at the last emit

	sampleAt    time.Time
	sampleBytes int64
	rate        float64
}

func newPullTracker(now func() time.Time) *pullTracker {
	return &pullTracker{now: now, layers: map[string][2]int64{}}
}

// update folds in one Ollama progress line and says whether to report it.
func (t *pullTracker) update(r api.ProgressResponse) (PullProgress, bool) {
	now := t.now()
	if r.Digest != "" && r.Total > 0 {
		l, seen := t.layers[r.Digest]
		if !seen {
			// Bytes a layer already has when first seen (a resumed or
			// shared blob) were not downloaded now: keep them out of the rate.
			t.sampleBytes += min(max(r.Completed, 0), r.Total)
		}
		l = [2]int64{min(max(r.Completed, 0), r.Total), r.Total}
		t.layers[r.Digest] = l
	}
	var done, total int64
	for _, l := range t.layers {
		done += l[0]
		total += l[1]
	}
	// Rate: an exponential average of samples at least pullRateWindow apart.
	switch {
	case t.sampleAt.IsZero():
		t.sampleAt, t.sampleBytes = now, done
	case now.Sub(t.sampleAt) >= pullRateWindow:
		inst := float64(done-t.sampleBytes) / now.Sub(t.sampleAt).Seconds()
		if inst < 0 {
			inst = 0
		}
		if t.rate == 0 {
			t.rate = inst
		} else {
			t.rate = 0.7*t.rate + 0.3*inst
		}
		t.sampleAt, t.sampleBytes = now, done
	}
	p := PullProgress{Status: r.Status, Completed: done, Total: total, RateBPS: t.rate}
	if total > 0 {
		p.Percent = float64(done) * 100 / float64(total)
	}
	if r.Status == "success" {
		p.Percent = 100
	}
	if t.rate > 0 && total > done {
		p.ETASecs = float64(total-done) / t.rate
	}
	step := r.Status
	if r.Digest != "" {
		step = "downloading"
	}
	emit := step != t.step || now.Sub(t.lastEmit) >= PullMinInterval && done != t.emitted
	if emit {
		t.step, t.lastEmit, t.emitted = step, now, done
	}
	return p, emit
}
