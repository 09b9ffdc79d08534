package doceval

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// Report holds the figures of one run; its JSON has exactly these keys.
type Report struct {
	Questions   int     `json:"questions"`
	PageHit1    float64 `json:"page_hit@1"`    // share with the gold page first
	PageHit5    float64 `json:"page_hit@5"`    // share with the gold page in the top 5
	SectionHit5 float64 `json:"section_hit@5"` // share with a gold section (or, without anchors, the page) in the top 5
	PageMRR5    float64 `json:"page_mrr@5"`    // mean 1/rank of the gold page within the top 5 (0 beyond)
	P50ms       float64 `json:"p50_ms"`
	P95ms       float64 `json:"p95_ms"`
}

// Outcome is how one question fared.
type Outcome struct {
	Question    Question
	PageRank    int      // 1-based rank of the first hit on the gold page; 0: not in the hits
	SectionRank int      // 1-based rank of the first hit on a gold section; 0: not in the hits
	Top         []string // the top 5 hits as page#anchor
	Note        string   // why the question could not be asked (no searchable term)
}

// SectionHit reports whether a gold section was in the top 5.
func (o Outcome) SectionHit() bool { return o.SectionRank >= 1 && o.SectionRank <= 5 }

// Index is a folder indexed for evaluation.
type Index struct {
	// Root is the folder as the sync resolved it (absolute, symbolic links
	// followed): hit URLs are file:// URLs under it.
	Root string
	// Anchors maps each indexed page (slash path relative to Root) to the
	// anchors of its chunks ("" for text before the first heading).
	Anchors map[string]map[string]bool
	// Sync is the folder sync's report (failed and skipped files).
	Sync ingest.Report
}

// recorder passes writes to the store and remembers each chunk's URL.
type recorder struct {
	*store.Store
	urls []string
}

func (r *recorder) ReplacePage(ctx context.Context, p store.PageInput, chunks []store.ChunkInput) (int64, error) {
	id, err := r.Store.ReplacePage(ctx, p, chunks)
	if err == nil {
		for _, c := range chunks {
			r.urls = append(r.urls, c.URL)
		}
	}
	return id, err
}

// IndexFolder syncs dir into st with the app's folder sync (as a folder
// source, exactly as the Library and `genkai-rag index --dir` do) and
// returns which page and anchors each chunk got. Errors: a missing folder
// and store errors.
func IndexFolder(ctx context.Context, st *store.Store, dir string) (*Index, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", dir, err)
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", dir, err)
	}
	src, err := st.EnsureSource(ctx, "folder", abs, filepath.Base(abs), "")
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", dir, err)
	}
	rec := &recorder{Store: st}
	rep, err := ingest.NewSyncer(rec, nil, nil, nil).SyncFolder(ctx, src, nil)
	if err != nil {
		return nil, fmt.Errorf("index %s: %w", dir, err)
	}
	ix := &Index{Root: root, Anchors: map[string]map[string]bool{}, Sync: rep}
	for _, u := range rec.urls {
		page, anchor := ix.Locate(u)
		if ix.Anchors[page] == nil {
			ix.Anchors[page] = map[string]bool{}
		}
		ix.Anchors[page][anchor] = true
	}
	return ix, nil
}

// Locate splits a hit URL into its page (slash path relative to Root, or
// the URL without fragment when it is not a file under Root) and its
// section anchor (the fragment, "" for none).
func (ix *Index) Locate(u string) (page, anchor string) {
	base, anchor, _ := strings.Cut(u, "#")
	pu, err := url.Parse(base)
	if err != nil || pu.Scheme != "file" {
		return base, anchor
	}
	rel, err := filepath.Rel(ix.Root, filepath.FromSlash(pu.Path))
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return base, anchor
	}
	return filepath.ToSlash(rel), anchor
}

// CheckAnchors reports, by line number, every question whose page has no
// indexed text or whose gold anchor is not one the index produced for that
// page (listing the page's anchors), so a gold label can never be
// unreachable. nil when all are found.
func (ix *Index) CheckAnchors(qs []Question) error {
	var bad []LineError
	for _, q := range qs {
		have := ix.Anchors[q.Page]
		if len(have) == 0 {
			why := "nothing was indexed from it (folder sync reads .md, .markdown, .html, .htm, .txt and .pdf files)"
			for _, p := range append(ix.Sync.Failed, ix.Sync.Skipped...) {
				if pg, _ := ix.Locate(p.URL); pg == q.Page {
					why += ": " + p.Reason
				}
			}
			bad = append(bad, LineError{Line: q.Line, Msg: fmt.Sprintf("page %s: %s", q.Page, why)})
			continue
		}
		for _, a := range q.Anchors {
			if !have[a] {
				bad = append(bad, LineError{Line: q.Line, Msg: fmt.Sprintf("anchor %q is not a section the index made for %s; its anchors are: %s", a, q.Page, list(have))})
			}
		}
	}
	if len(bad) > 0 {
		return &QuestionsError{Problems: bad}
	}
	return nil
}

func list(set map[string]bool) string {
	var xs []string
	for a := range set {
		if a != "" {
			xs = append(xs, a)
		}
	}
	sort.Strings(xs)
	if len(xs) > 40 {
		xs = append(xs[:40], "…")
	}
	return strings.Join(xs, " ")
}

// Searcher answers like the app's search (*search.Hybrid).
type Searcher interface {
	SearchResult(ctx context.Context, q search.Query) (search.Result, error)
}

// Evaluate asks every question through s (SearchResult with k hits; 0 means
// the app's default of 10) and scores the top 5 hits against ix. A
// question with no searchable term (search.ErrEmptyQuery, or a query the
// search refuses) is a miss with a Note, not an error; other search errors
// stop the run.
func Evaluate(ctx context.Context, s Searcher, ix *Index, qs []Question, k int) (Report, []Outcome, error) {
	if k <= 0 {
		k = 10
	}
	rep := Report{Questions: len(qs)}
	out := make([]Outcome, 0, len(qs))
	lat := make([]float64, 0, len(qs))
	for _, q := range qs {
		o := Outcome{Question: q}
		start := time.Now()
		res, err := s.SearchResult(ctx, search.Query{Text: q.Text, K: k})
		lat = append(lat, float64(time.Since(start).Microseconds())/1000)
		switch {
		case errors.Is(err, search.ErrEmptyQuery), errors.Is(err, search.ErrBadQuery):
			o.Note = "no searchable term: " + err.Error()
		case err != nil:
			return rep, out, fmt.Errorf("question %s (line %d): %w", q.ID, q.Line, err)
		}
		gold := map[string]bool{}
		for _, a := range q.Anchors {
			gold[a] = true
		}
		for i, h := range res.Hits {
			page, anchor := ix.Locate(h.URL)
			if i < 5 {
				o.Top = append(o.Top, page+"#"+anchor)
			}
			if page != q.Page {
				continue
			}
			if o.PageRank == 0 {
				o.PageRank = i + 1
			}
			if o.SectionRank == 0 && (len(gold) == 0 || gold[anchor]) {
				o.SectionRank = i + 1
			}
		}
		if o.PageRank == 1 {
			rep.PageHit1++
		}
		if o.PageRank >= 1 && o.PageRank <= 5 {
			rep.PageHit5++
			rep.PageMRR5 += 1 / float64(o.PageRank)
		}
		if o.SectionHit() {
			rep.SectionHit5++
		}
		out = append(out, o)
	}
	if n := float64(rep.Questions); n > 0 {
		rep.PageHit1, rep.PageHit5, rep.SectionHit5, rep.PageMRR5 = rep.PageHit1/n, rep.PageHit5/n, rep.SectionHit5/n, rep.PageMRR5/n
	}
	sort.Float64s(lat)
	rep.P50ms, rep.P95ms = percentile(lat, 0.50), percentile(lat, 0.95)
	return rep, out, nil
}

// percentile of sorted values (nearest rank).
func percentile(sorted []float64, p float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// Options configure Run.
type Options struct {
	// Dir is the documentation folder.
	Dir string
	// Questions are the parsed questions (see ReadQuestions).
	Questions []Question
	// Mode is search.ModeLexical (default), ModeVector or ModeHybrid.
	Mode string
	// Embedder and Model embed chunks and queries for vector and hybrid
	// modes; both are required there and ignored in lexical mode.
	Embedder search.Embedder
	Model    string
	// K is the number of hits asked per question; 0 means 10 (the app's).
	K int
}

// Run evaluates o.Questions over o.Dir: it checks that every gold page
// exists, indexes the folder into a new store in a temporary directory
// under os.TempDir (removed before returning; the user's data is never
// touched), checks that every gold anchor is one the index produced,
// builds the app's search (search.Hybrid: lexical alone in lexical mode,
// fused with the vectors of o.Model otherwise) and scores it. Errors
// wrapping ErrQuestions mean bad input (by line number); others are run
// time failures.
func Run(ctx context.Context, o Options) (Report, []Outcome, error) {
	switch o.Mode {
	case "":
		o.Mode = search.ModeLexical
	case search.ModeLexical:
	case search.ModeVector, search.ModeHybrid:
		if o.Embedder == nil || o.Model == "" {
			return Report{}, nil, fmt.Errorf("doc eval: --mode %s needs an embedding model", o.Mode)
		}
	default:
		return Report{}, nil, fmt.Errorf("doc eval: unknown mode %q (lexical, vector or hybrid)", o.Mode)
	}
	if fi, err := os.Stat(o.Dir); err != nil || !fi.IsDir() {
		return Report{}, nil, fmt.Errorf("%w: %s is not a folder: give the documentation folder with --dir", ErrQuestions, o.Dir)
	}
	if err := CheckPages(o.Dir, o.Questions); err != nil {
		return Report{}, nil, err
	}
	tmp, err := os.MkdirTemp("", "genkai-doceval-")
	if err != nil {
		return Report{}, nil, fmt.Errorf("doc eval: temporary store: %w", err)
	}
	defer os.RemoveAll(tmp)
	st, err := store.Open(ctx, filepath.Join(tmp, "eval.db"), store.Options{})
	if err != nil {
		return Report{}, nil, fmt.Errorf("doc eval: %w", err)
	}
	defer st.Close()
	ix, err := IndexFolder(ctx, st, o.Dir)
	if err != nil {
		return Report{}, nil, fmt.Errorf("doc eval: %w", err)
	}
	if err := ix.CheckAnchors(o.Questions); err != nil {
		return Report{}, nil, err
	}
	var vec *search.Vectors
	if o.Mode != search.ModeLexical {
		vec = search.NewVectors(st, o.Embedder, nil, search.VectorOptions{})
		if err := vec.Build(ctx, o.Model); err != nil {
			return Report{}, nil, fmt.Errorf("doc eval: embed %s with %s: %w", o.Dir, o.Model, err)
		}
	}
	h := search.NewHybrid(search.NewLexical(st, search.DefaultParams()), vec, st, nil)
	if o.Mode == search.ModeVector {
		h.Mode = search.ModeVector
	}
	return Evaluate(ctx, h, ix, o.Questions, o.K)
}
