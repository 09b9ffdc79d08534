package search

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// Searcher answers queries. *Lexical satisfies it.
type Searcher interface {
	Search(ctx context.Context, q Query) ([]Hit, error)
}

// PageWriter stores pages and their chunks. *store.Store satisfies it.
type PageWriter interface {
	EnsureSource(ctx context.Context, kind, location, name, settings string) (store.Source, error)
	ReplacePage(ctx context.Context, p store.PageInput, chunks []store.ChunkInput) (int64, error)
	Optimize(ctx context.Context) error
}

// beirURL is the URL a BEIR document is stored under, so hits map back to IDs.
func beirURL(id string) string { return "beir:" + id }

// IndexBEIR stores every corpus document of b as one page with one chunk.
func IndexBEIR(ctx context.Context, w PageWriter, location string, b *BEIR) error {
	src, err := w.EnsureSource(ctx, "beir", location, "BEIR evaluation set", "")
	if err != nil {
		return fmt.Errorf("index BEIR set: %w", err)
	}
	now := time.Now()
	for _, d := range b.Corpus {
		c := store.ChunkInput{Title: d.Title, URL: beirURL(d.ID), Text: d.Text, Tokens: len([]rune(d.Text))}
		AnalyzeChunk(&c)
		if _, err := w.ReplacePage(ctx, store.PageInput{SourceID: src.ID, URL: beirURL(d.ID), Title: d.Title, FetchedAt: now}, []store.ChunkInput{c}); err != nil {
			return fmt.Errorf("index BEIR document %s: %w", d.ID, err)
		}
	}
	if err := w.Optimize(ctx); err != nil {
		return fmt.Errorf("index BEIR set: %w", err)
	}
	return nil
}

// Report holds retrieval quality and speed on an evaluation set.
type Report struct {
	Recall1       float64 `json:"recall@1"`
	Recall5       float64 `json:"recall@5"`
	Recall10      float64 `json:"recall@10"`
	MRR10         float64 `json:"mrr@10"`
	AnswerRecall5 float64 `json:"answer_recall@5"`
	P50ms         float64 `json:"p50_ms"`
	P95ms         float64 `json:"p95_ms"`
	BuildS        float64 `json:"build_s"`
	Queries       int     `json:"queries"`
	// AnswerQueries counts the queries that had answers (answer_recall@5's base).
	AnswerQueries int `json:"answer_queries"`
	// Mode is the search mode measured: lexical, vector or hybrid.
	Mode string `json:"mode"`
	// EmbedModel is the embedding model of vector and hybrid runs.
	EmbedModel string `json:"embed_model,omitempty"`
}

// Evaluate asks every judged query of b and scores the ranking: recall@k is
// the share of queries with a relevant document in the top k, MRR@10 the
// mean reciprocal rank of the first relevant one, answer recall@5 the share
// (of queries with answers) where a top-5 passage contains an answer.
func Evaluate(ctx context.Context, s Searcher, b *BEIR, k int) (Report, error) {
	k = max(k, 10)
	var r Report
	var lat []float64
	for _, q := range b.Queries {
		rel := b.Relevant[q.ID]
		if len(rel) == 0 {
			continue
		}
		start := time.Now()
		hits, err := s.Search(ctx, Query{Text: q.Text, K: k})
		lat = append(lat, float64(time.Since(start).Microseconds())/1000)
		if err != nil && err != ErrEmptyQuery {
			return r, fmt.Errorf("query %s: %w", q.ID, err)
		}
		r.Queries++
		first := 0
		for i, h := range hits {
			if rel[strings.TrimPrefix(h.URL, "beir:")] {
				first = i + 1
				break
			}
		}
		if first == 1 {
			r.Recall1++
		}
		if first >= 1 && first <= 5 {
			r.Recall5++
		}
		if first >= 1 && first <= 10 {
			r.Recall10++
			r.MRR10 += 1 / float64(first)
		}
		if len(q.Answers) > 0 {
			r.AnswerQueries++
			if containsAnswer(hits, q.Answers, 5) {
				r.AnswerRecall5++
			}
		}
	}
	if r.Queries == 0 {
		return r, fmt.Errorf("no query of the set has a judgement in qrels")
	}
	n := float64(r.Queries)
	r.Recall1, r.Recall5, r.Recall10, r.MRR10 = r.Recall1/n, r.Recall5/n, r.Recall10/n, r.MRR10/n
	if r.AnswerQueries > 0 {
		r.AnswerRecall5 /= float64(r.AnswerQueries)
	}
	sort.Float64s(lat)
	r.P50ms, r.P95ms = percentile(lat, 0.50), percentile(lat, 0.95)
	return r, nil
}

func containsAnswer(hits []Hit, answers []string, k int) bool {
	for i := 0; i < len(hits) && i < k; i++ {
		text := Normalize(hits[i].Text)
		for _, a := range answers {
			if a != "" && strings.Contains(text, Normalize(a)) {
				return true
			}
		}
	}
	return false
}

// percentile of sorted values (nearest rank).
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}
