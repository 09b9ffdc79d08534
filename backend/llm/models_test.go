package llm

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/ollama/ollama/api"
)

func TestInstalled(t *testing.T) {
	_, srv := newFake(t)
	c, _ := New(srv.URL, nil)
	got, err := c.Installed(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("Installed() = %+v", got)
	}
	// Newest first: bge-m3 was modified a day after tiny.
	bge, tiny := got[0], got[1]
	if bge.Name != "bge-m3:latest" || !bge.Embedding || bge.Loaded || bge.Family != "bert" || bge.SizeBytes != 2000 {
		t.Errorf("bge-m3 = %+v", bge)
	}
	if tiny.Name != "tiny:latest" || tiny.Embedding || !tiny.Loaded || tiny.ParameterSize != "1M" || tiny.Quantization != "F16" {
		t.Errorf("tiny = %+v", tiny)
	}
	ok, names, err := c.Has(t.Context(), "tiny")
	if !ok || err != nil || strings.Join(names, ",") != "bge-m3:latest,tiny:latest" {
		t.Errorf("Has(tiny) = %v %v %v", ok, names, err)
	}
	rec := Recommend(names)
	for _, r := range rec {
		if r.Installed != (r.Name == "bge-m3") || r.SizeBytes <= 0 || r.Kind == "" {
			t.Errorf("recommended %+v", r)
		}
	}

	down, _ := New(closedURL(t), nil)
	if _, err := down.Installed(t.Context()); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Installed() with Ollama down = %v", err)
	}
}

func TestSameModel(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{"bge-m3", "bge-m3:latest", true},
		{"qwen3:4b", "qwen3:4b", true},
		{"qwen3:4b", "qwen3:8b", false},
		{"127.0.0.1:5056/library/tiny", "127.0.0.1:5056/library/tiny:latest", true},
		{"qwen3", "qwen3:4b", false},
	} {
		if got := SameModel(tc.a, tc.b); got != tc.same {
			t.Errorf("SameModel(%q, %q) = %v", tc.a, tc.b, got)
		}
	}
}

func TestDelete(t *testing.T) {
	f, srv := newFake(t)
	c, _ := New(srv.URL, nil)
	if err := c.Delete(t.Context(), "tiny"); err != nil {
		t.Fatal(err)
	}
	if f.has("tiny") {
		t.Error("tiny still installed")
	}
	err := c.Delete(t.Context(), "tiny")
	if !errors.Is(err, ErrModelNotFound) || !strings.Contains(err.Error(), "installed: bge-m3:latest") {
		t.Errorf("second Delete = %v", err)
	}
}

func TestPull(t *testing.T) {
	f, srv := newFake(t)
	c, _ := New(srv.URL, nil)
	var steps []PullProgress
	if err := c.Pull(t.Context(), "qwen3:4b", func(p PullProgress) error { steps = append(steps, p); return nil }); err != nil {
		t.Fatal(err)
	}
	if !f.has("qwen3:4b") {
		t.Error("not installed after the pull")
	}
	last := steps[len(steps)-1]
	if last.Status != "success" || last.Percent != 100 || last.Total != 400 || last.Completed != 400 {
		t.Errorf("last step = %+v", last)
	}
	if steps[0].Status != "pulling manifest" {
		t.Errorf("first step = %+v", steps[0])
	}

	err := c.Pull(t.Context(), "nope", func(PullProgress) error { return nil })
	if !errors.Is(err, ErrModelNotFound) || !strings.Contains(err.Error(), "ollama.com/library") {
		t.Errorf("Pull(nope) = %v", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	n := 0
	err = c.Pull(ctx, "slow", func(p PullProgress) error {
		if n++; n == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "resume") {
		t.Errorf("cancelled Pull = %v", err)
	}
	if f.has("slow") {
		t.Error("a cancelled pull was installed")
	}
}

// TestPullTracker feeds progress at a steady 1 MB per 50 ms (20 MB/s) over
// two layers on a fake clock.
func TestPullTracker(t *testing.T) {
	now := time.Unix(0, 0)
	tr := newPullTracker(func() time.Time { return now })
	const mb = 1 << 20
	var emitted []PullProgress
	feed := func(r api.ProgressResponse) {
		if p, ok := tr.update(r); ok {
			emitted = append(emitted, p)
		}
	}
	feed(api.ProgressResponse{Status: "pulling manifest"})
	feed(api.ProgressResponse{Status: "pulling bb", Digest: "bb", Total: 20 * mb, Completed: 20 * mb}) // already there (resumed)
	feed(api.ProgressResponse{Status: "pulling aa", Digest: "aa", Total: 80 * mb})
	// 2 s of downloading.
	for i := int64(1); i <= 40; i++ {
		now = now.Add(50 * time.Millisecond)
		feed(api.ProgressResponse{Status: "pulling aa", Digest: "aa", Total: 80 * mb, Completed: i * mb})
	}
	last := emitted[len(emitted)-1]
	// 2 steps + 2 s at most every 250 ms.
	if n := len(emitted); n < 2+2*2 || n > 2+2*4 {
		t.Errorf("%d callbacks for 2 s of progress, want 2–4 a second", n)
	}
	if last.Total != 100*mb || last.Completed != 60*mb || math.Abs(last.Percent-60) > 1e-9 {
		t.Errorf("sum over layers = %+v, want 60 of 100 MB (60%%)", last)
	}
	if math.Abs(last.RateBPS-20*mb) > 0.01*20*mb {
		t.Errorf("rate = %.0f B/s, want about %d", last.RateBPS, 20*mb)
	}
	if math.Abs(last.ETASecs-2) > 0.05 {
		t.Errorf("ETA = %.2f s, want about 2 (40 MB left at 20 MB/s)", last.ETASecs)
	}
	for i := 1; i < len(emitted); i++ {
		if emitted[i].Completed < emitted[i-1].Completed {
			t.Errorf("progress went back: %+v then %+v", emitted[i-1], emitted[i])
		}
	}
	// No bytes moving: no callbacks; a new step: one at once.
	before := len(emitted)
	now = now.Add(time.Second)
	feed(api.ProgressResponse{Status: "pulling aa", Digest: "aa", Total: 80 * mb, Completed: 40 * mb})
	if len(emitted) != before {
		t.Error("a callback although no bytes moved")
	}
	feed(api.ProgressResponse{Status: "verifying sha256 digest"})
	if len(emitted) != before+1 || emitted[before].Status != "verifying sha256 digest" {
		t.Errorf("step change not reported at once: %+v", emitted[before:])
	}
}

// FuzzPullTracker feeds arbitrary progress lines (as a hostile or buggy
// server might send): the sums stay consistent and nothing is NaN.
func FuzzPullTracker(f *testing.F) {
	f.Add([]byte{1, 10, 5, 2, 20, 20, 1, 10, 10})
	f.Add([]byte{0, 0, 0, 3, 255, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		now := time.Unix(0, 0)
		tr := newPullTracker(func() time.Time { return now })
		for i := 0; i+2 < len(data); i += 3 {
			now = now.Add(time.Duration(data[i]) * 10 * time.Millisecond)
			digest := ""
			if data[i]%4 != 0 {
				digest = string(rune('a' + data[i]%4))
			}
			p, _ := tr.update(api.ProgressResponse{Status: "pulling", Digest: digest, Total: int64(data[i+1]) << 20, Completed: int64(int8(data[i+2])) << 20})
			if math.IsNaN(p.Percent) || math.IsNaN(p.RateBPS) || math.IsNaN(p.ETASecs) || math.IsInf(p.ETASecs, 0) {
				t.Fatalf("NaN/Inf in %+v", p)
			}
			if p.Total < 0 || p.Completed < 0 || p.Completed > p.Total || p.Percent < 0 || p.Percent > 100 || p.RateBPS < 0 || p.ETASecs < 0 {
				t.Fatalf("inconsistent %+v", p)
			}
		}
	})
}
