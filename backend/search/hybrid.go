package search

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// Embedder turns texts into vectors with an embedding model, one vector
// per text in order. *llm.Client satisfies it.
type Embedder interface {
	Embed(ctx context.Context, model string, texts []string) ([][]float32, error)
}

// Reranker reorders fused hits for a query (best first). It may change
// scores but must keep every hit.
type Reranker interface {
	Rerank(query string, hits []Hit) []Hit
}

// NoRerank keeps the fused order: the default.
type NoRerank struct{}

// Rerank returns hits unchanged.
func (NoRerank) Rerank(_ string, hits []Hit) []Hit { return hits }

// HeadBoost is a cheap reranker: it adds Weight times the share of the
// query's terms found in a hit's title and section path to the fused
// score. Measured on JSQuAD with the hashed-bigram test embedder it did
// not help (R@5 0.941 without, 0.941 at weight 0.005, 0.939 at 0.02; see
// TestJSQuADHybrid), so NoRerank stays the default.
type HeadBoost struct{ Weight float64 }

// Rerank boosts and re-sorts hits.
func (b HeadBoost) Rerank(query string, hits []Hit) []Hit {
	terms := unique(Terms(query))
	if len(terms) == 0 {
		return hits
	}
	for i := range hits {
		head := Normalize(hits[i].Title + " " + hits[i].Section)
		n := 0
		for _, t := range terms {
			if strings.Contains(head, t) {
				n++
			}
		}
		hits[i].Score += b.Weight * float64(n) / float64(len(terms))
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].Score > hits[j].Score })
	return hits
}

// RRFK is the rank constant of reciprocal rank fusion (Cormack et al.):
// a hit at rank r (1-based) in a list scores 1/(RRFK+r).
const RRFK = 60

// FuseRRF merges ranked lists of chunk IDs by reciprocal rank fusion and
// returns the IDs best first with their fused scores. Ties keep the order
// in which IDs were first seen.
func FuseRRF(lists ...[]int64) (ids []int64, scores map[int64]float64) {
	scores = map[int64]float64{}
	for _, l := range lists {
		for r, id := range l {
			if _, ok := scores[id]; !ok {
				ids = append(ids, id)
			}
			scores[id] += 1 / float64(RRFK+r+1)
		}
	}
	sort.SliceStable(ids, func(i, j int) bool { return scores[ids[i]] > scores[ids[j]] })
	return ids, scores
}

// Modes of a Result.
const (
	ModeLexical = "lexical"
	ModeVector  = "vector"
	ModeHybrid  = "hybrid"
)

// ChunkReader loads chunks by ID. *store.Store satisfies it.
type ChunkReader interface {
	ChunksByID(ctx context.Context, ids []int64) ([]store.Candidate, error)
}

// Hybrid fuses lexical and vector results with RRF, then reranks. Without
// usable vectors it answers with the lexical results alone and says why in
// Result.Note. It satisfies Searcher (hits only) and Engine.
//
// Whole-query cost (go test -run '^$' -bench HybridScale -benchtime 200x
// ./backend/search/, 1,024-dim vectors, query embedding not counted, 2
// shared cores): p95 2.4 / 5.0 / 13.6 ms at 1k / 10k / 100k chunks, against
// 2.1 / 4.8 / 13.1 ms for the lexical search alone in the same run (with
// orphan unigrams; before them 2.2 / 4.7 / 12.6 ms, 100k the median of
// three runs of 12.3–20.3); the vector side runs concurrently. Before
// Params.MatchBudget the 100k figures were 32.1 and 30.7 ms. The vector
// index takes 4.2 / 42 / 423 MB.
type Hybrid struct {
	lex    *Lexical
	vec    *Vectors
	chunks ChunkReader
	rerank Reranker
	// Depth is how many hits each list contributes to the fusion; default 50.
	Depth int
	// Mode is ModeHybrid (default) or ModeVector (vector results only, for
	// evaluation).
	Mode string
}

// NewHybrid returns a hybrid searcher. vec may be nil (lexical only);
// rerank nil means NoRerank.
func NewHybrid(lex *Lexical, vec *Vectors, chunks ChunkReader, rerank Reranker) *Hybrid {
	if rerank == nil {
		rerank = NoRerank{}
	}
	return &Hybrid{lex: lex, vec: vec, chunks: chunks, rerank: rerank, Depth: 50, Mode: ModeHybrid}
}

// Search returns the best hits (see SearchResult).
func (h *Hybrid) Search(ctx context.Context, q Query) ([]Hit, error) {
	r, err := h.SearchResult(ctx, q)
	return r.Hits, err
}

// Vectors is the vector side (nil when there is none).
func (h *Hybrid) Vectors() *Vectors { return h.vec }

// SearchResult searches both ways and fuses. Errors are Check's for a bad
// query and store errors; a vector side that cannot answer is not an
// error but a lexical Result with Reason and Note set.
func (h *Hybrid) SearchResult(ctx context.Context, q Query) (Result, error) {
	if err := q.Check(); err != nil {
		return Result{}, err
	}
	if q.K == 0 {
		q.K = 10
	}
	depth := max(h.Depth, q.K)
	// The query embedding (an Ollama round trip) and the vector scan run
	// while the lexical search does.
	type vecResult struct {
		hits []VectorHit
		err  error
	}
	vc := make(chan vecResult, 1)
	if h.vec == nil {
		vc <- vecResult{err: &Unavailable{Reason: ReasonNoModel, Note: noteFor(ReasonNoModel, "")}}
	} else {
		go func() {
			hits, err := h.vec.Search(ctx, q.Text, depth)
			vc <- vecResult{hits, err}
		}()
	}
	var lhits []Hit
	var lerr error
	if h.Mode != ModeVector {
		lhits, lerr = h.rank(ctx, Query{Text: q.Text, K: depth})
	}
	vr := <-vc
	vhits := vr.hits
	var why *Unavailable
	if !errors.As(vr.err, &why) && vr.err != nil {
		return Result{}, vr.err
	}
	if why != nil && h.Mode == ModeVector { // vector mode falls back to lexical too
		lhits, lerr = h.rank(ctx, Query{Text: q.Text, K: depth})
	}
	if lerr != nil {
		return Result{}, lerr // ErrEmptyQuery too: the API answers 400 either way
	}
	res := Result{Query: q.Text, Mode: ModeLexical}
	if why != nil {
		res.Reason, res.Note = why.Reason, why.Note
		res.Hits = h.rerank.Rerank(q.Text, lhits)
		res.Hits = res.Hits[:min(len(res.Hits), q.K)]
		snippets(res.Hits, q.Text)
		if res.Hits == nil {
			res.Hits = []Hit{}
		}
		return res, nil
	}
	if st := h.vec.Status(); st.Pending > 0 {
		res.Reason, res.Note = ReasonPartial, noteFor(ReasonPartial, fmt.Sprintf("%d/%d", st.Loaded, st.Loaded+st.Pending))
	}
	byID := make(map[int64]Hit, len(lhits)+len(vhits))
	lexIDs := make([]int64, len(lhits))
	for i, hit := range lhits {
		lexIDs[i] = hit.ChunkID
		byID[hit.ChunkID] = hit
	}
	vecIDs := make([]int64, 0, len(vhits))
	var missing []int64
	for _, vh := range vhits {
		vecIDs = append(vecIDs, vh.ID)
		if _, ok := byID[vh.ID]; !ok {
			missing = append(missing, vh.ID)
		}
	}
	cands, err := h.chunks.ChunksByID(ctx, missing)
	if err != nil {
		return Result{}, fmt.Errorf("hybrid search: %w", err)
	}
	for _, c := range cands {
		byID[c.ID] = Hit{ChunkID: c.ID, Title: c.Title, Section: Breadcrumb(c.Title, c.Section), URL: c.URL, Text: c.Text, FetchedAt: c.Fetched}
	}
	res.Mode = h.Mode
	lists := [][]int64{lexIDs, vecIDs}
	if h.Mode == ModeVector {
		lists = [][]int64{vecIDs}
	}
	ids, scores := FuseRRF(lists...)
	hits := make([]Hit, 0, len(ids))
	for _, id := range ids {
		hit, ok := byID[id]
		if !ok {
			continue // deleted since it was embedded
		}
		hit.Score = scores[id]
		hits = append(hits, hit)
	}
	hits = CollapseSections(hits) // two chunks of one section fused apart
	hits = h.rerank.Rerank(q.Text, hits)
	hits = hits[:min(len(hits), q.K)]
	snippets(hits, q.Text)
	res.Hits = hits
	if res.Hits == nil {
		res.Hits = []Hit{}
	}
	return res, nil
}

// rank runs the lexical search without snippets (they are made for the
// hits returned only).
func (h *Hybrid) rank(ctx context.Context, q Query) ([]Hit, error) {
	return h.lex.rank(ctx, q)
}

// snippets fills the missing snippets of hits.
func snippets(hits []Hit, query string) {
	for i := range hits {
		if hits[i].Snippet == "" {
			hits[i].Snippet = Snippet(hits[i].Text, query, 160)
		}
	}
}
