package search

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// run embeds pending chunks batch by batch until none is left.
func (v *Vectors) run(ctx context.Context, gen int, model string, done chan struct{}) {
	defer v.wg.Done()
	defer close(done)
	err := v.embedPending(ctx, gen, model)
	v.mu.Lock()
	defer v.mu.Unlock()
	v.jobCancel()
	v.job.Running = false
	v.job.FinishedAt = time.Now().UTC().Format(time.RFC3339)
	if gen != v.gen { // the model changed under this run: start the new model's
		v.startLocked()
		return
	}
	switch {
	case errors.Is(err, context.Canceled):
		v.job.Error = "cancelled; embedding resumes with the chunks still missing a vector"
	case err != nil:
		if err.Error() != v.job.Error { // a retry failing the same way stays quiet
			v.log.Warn("embedding stopped; retrying later", "model", model, "error", err, "retry", v.opt.Retry)
		}
		v.job.Error = err.Error()
		v.jobFailed, v.jobErr = time.Now(), err
	default:
		v.jobFailed, v.jobErr, v.job.Error = time.Time{}, nil, ""
	}
}

func (v *Vectors) embedPending(ctx context.Context, gen int, model string) error {
	var after int64
	for {
		batch, err := v.st.PendingChunks(ctx, model, after, v.opt.Batch)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			break
		}
		after = batch[len(batch)-1].ID
		texts := make([]string, len(batch))
		for i, c := range batch {
			texts[i] = passageText(c)
		}
		vecs, err := v.emb.Embed(ctx, model, texts)
		if err != nil {
			return err
		}
		if len(vecs) != len(batch) {
			return fmt.Errorf("embed with %s: %d texts gave %d vectors", model, len(batch), len(vecs))
		}
		if err := v.save(ctx, gen, model, batch, vecs); err != nil {
			return err
		}
	}
	// Everything has a vector of model: older models' vectors can go.
	if n, err := v.st.DeleteVectorsExcept(ctx, model); err != nil {
		return err
	} else if n > 0 {
		v.log.Info("deleted vectors of earlier embedding models", "vectors", n, "model", model)
	}
	return v.refreshCounts(ctx, gen, model)
}

// save checks, stores and indexes one batch. Vectors that are bad or of
// another dimension than the index are skipped (and counted).
func (v *Vectors) save(ctx context.Context, gen int, model string, batch []store.ChunkText, vecs [][]float32) error {
	v.swap.RLock()
	defer v.swap.RUnlock()
	v.mu.Lock()
	stale := gen != v.gen
	dim := 0
	if v.idx != nil {
		dim = v.idx.Dim()
	}
	v.mu.Unlock()
	if stale {
		return context.Canceled
	}
	good := make([]store.ChunkVector, 0, len(vecs))
	skipped := 0
	for i, vec := range vecs {
		if dim == 0 {
			dim = len(vec)
		}
		if err := store.CheckVector(vec); err != nil || len(vec) != dim {
			v.log.Warn("embedding rejected", "chunk", batch[i].ID, "model", model, "dimensions", len(vec), "want", dim, "error", err)
			skipped++
			continue
		}
		good = append(good, store.ChunkVector{ChunkID: batch[i].ID, Vec: vec})
	}
	if _, err := v.st.SaveVectors(ctx, model, good); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.job.Skipped += skipped
	if gen != v.gen {
		return context.Canceled
	}
	if v.idx == nil && len(good) > 0 {
		v.idx = NewVectorIndex(dim)
	}
	for _, g := range good {
		if err := v.idx.Add(g.ChunkID, g.Vec); err != nil {
			return err
		}
	}
	v.job.Done += len(good)
	v.embedded += len(good)
	return nil
}

func (v *Vectors) refreshCounts(ctx context.Context, gen int, model string) error {
	chunks, embedded, err := v.st.VectorCounts(ctx, model)
	if err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	if gen == v.gen {
		v.chunks, v.embedded = chunks, embedded
	}
	return nil
}

// passageText is what is embedded for a chunk: its title and section path
// give the passage its context.
func passageText(c store.ChunkText) string {
	var b strings.Builder
	for _, s := range []string{c.Title, c.Section, c.Text} {
		if s = strings.TrimSpace(s); s != "" {
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			b.WriteString(s)
		}
	}
	return b.String()
}
