package search

import (
	"context"
	"errors"
	"hash/fnv"
	"strings"
	"sync"
)

// fakeEmbedder is a deterministic embedder for tests: text is normalised,
// each synonym is replaced by its concept word, and character bigrams are
// hashed (with the model name, so models disagree) into dim buckets. It
// records the texts it embedded, can fail, and can block.
type fakeEmbedder struct {
	dim      int
	synonyms map[string]string

	mu    sync.Mutex
	texts []string
	calls int
	fail  error
	// block, when set, makes call number blockAt (1-based) wait until the
	// context ends.
	blockAt int
	blocked chan struct{}
}

func (f *fakeEmbedder) Embed(ctx context.Context, model string, texts []string) ([][]float32, error) {
	f.mu.Lock()
	f.calls++
	call, fail := f.calls, f.fail
	if fail == nil && (f.blockAt == 0 || call < f.blockAt) {
		f.texts = append(f.texts, texts...)
	}
	f.mu.Unlock()
	if fail != nil {
		return nil, fail
	}
	if f.blockAt > 0 && call >= f.blockAt {
		if f.blocked != nil {
			close(f.blocked)
			f.blocked = nil
		}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	out := make([][]float32, len(texts))
	for i, t := range texts {
		out[i] = f.vector(model, t)
	}
	return out, nil
}

func (f *fakeEmbedder) vector(model, text string) []float32 {
	s := Normalize(text)
	for from, to := range f.synonyms {
		s = strings.ReplaceAll(s, Normalize(from), Normalize(to))
	}
	v := make([]float32, f.dim)
	rs := []rune(s)
	for i := 0; i+1 < len(rs); i++ {
		if classOf(rs[i]) == sep || classOf(rs[i+1]) == sep {
			continue
		}
		h := fnv.New32a()
		h.Write([]byte(model + "\x00" + string(rs[i:i+2])))
		v[h.Sum32()%uint32(f.dim)]++
	}
	v[0] += 0.01 // never all zero
	return v
}

func (f *fakeEmbedder) embedded() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.texts...)
}

var errFakeDown = errors.New("connection refused: Ollama is not running (start it with `ollama serve`)")
