package search

import (
	"context"
	"fmt"
	"math"
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// LexicalStore is the index the lexical search reads. *store.Store
// satisfies it.
type LexicalStore interface {
	LexicalCandidates(ctx context.Context, terms []string, all bool, headWeight float64, limit int) ([]store.Candidate, error)
	LexicalCandidatesRanked(ctx context.Context, terms, rankOnly []string, headWeight float64, limit int) ([]store.Candidate, error)
	LexicalStats(ctx context.Context, terms []string) (store.IndexStats, error)
}

// Params tune the lexical ranking. DefaultParams holds the values measured
// best on the JSQuAD evaluation set.
type Params struct {
	// K1 is BM25's term-frequency saturation.
	K1 float64
	// B is BM25's length normalisation (0 none, 1 full).
	B float64
	// HeadWeight multiplies term counts in the title and section path.
	HeadWeight float64
	// Candidates is how many FTS5 matches are re-ranked.
	Candidates int
	// KanaWeight scales query terms written only in hiragana (particles and
	// endings such as のは, ます): grammar more than content.
	KanaWeight float64
	// MixedKanaWeight scales query bigrams with one hiragana character
	// (雨が, ない): half content, half grammar.
	MixedKanaWeight float64
	// UniWeight mixes in a BM25 score over the query's kanji taken one by
	// one, counting only the occurrences no query bigram covers (see
	// orphans): it rewards passages sharing rare characters where the
	// bigrams differ (海洋 for a question about 海) without crediting an
	// exact match twice (0 turns it off).
	UniWeight float64
	// SelectiveDF is the largest share of chunks (0–1] a term may appear in
	// and still be used to find candidates; more common terms only count in
	// the re-ranking. 1 matches on every term.
	SelectiveDF float64
	// MatchBudget bounds the work of finding candidates: the selective
	// terms are matched rarest first while their document frequencies add
	// up to at most this many chunks (the rarest is always matched). FTS5
	// scores every chunk it matches, so this caps a query's cost on a large
	// index; the terms left out still order the matches (in FTS5) and count
	// in the re-ranking, and twice Candidates are re-ranked. 0 means no
	// bound. Default 5,000: on 100k synthetic chunks it cuts the lexical p95
	// from about 30 to 12 ms, and the top hit stays the same for 89% of
	// queries, the others scoring on average as high (BM25F) as without the
	// bound; JSQuAD's 1,145 chunks never reach it.
	MatchBudget int
	// ScaffoldWeight scales query terms inside question scaffolding
	// (〜したい, どうすれば, how do I; see scaffold.go). 0 turns the
	// scaffolding rule off (such terms weigh as any other).
	ScaffoldWeight float64
	// HeadingWeight multiplies term counts in a chunk's own heading (the
	// last step of its section path, the page title for the lead), on top
	// of HeadWeight: a section about the topic outranks a page that lists
	// the topic's name. 0 turns it off.
	HeadingWeight float64
	// VariantWeight and SynonymWeight scale the terms of the query words'
	// synonyms (SudachiDict, see synonyms.go): another spelling or a
	// translation of the same word (キャンセル/cancel), and another word
	// of the same meaning (キャンセル/取り消し). 0 turns each off.
	// MaxExpansions caps the terms added to one query.
	VariantWeight, SynonymWeight float64
	MaxExpansions                int
}

// DefaultParams returns the tuned parameters. On JSQuAD v1.3 valid the
// BM25F part gave recall@1 0.9257 and recall@5 0.9755 (docs/search.md);
// every mix of k1 0.6–0.8, b 0.6–0.75 and UniWeight 0.45–0.65 gives
// recall@5 0.9746–0.9759, so the choice is not a lucky point. Scaffolding,
// the heading field and cross-script variants were chosen on the
// vite-docs-ja development questions; with them JSQuAD gives 0.9253/0.9757.
func DefaultParams() Params {
	return Params{K1: 0.6, B: 0.75, HeadWeight: 3, Candidates: 50, KanaWeight: 0.25, MixedKanaWeight: 0.5, UniWeight: 0.55, SelectiveDF: 0.1, MatchBudget: 5000, ScaffoldWeight: 0.3, HeadingWeight: 1, VariantWeight: 0.5, SynonymWeight: 0, MaxExpansions: 40}
}

// Lexical ranks chunks by BM25F over analysed terms.
type Lexical struct {
	db LexicalStore
	p  Params
}

// NewLexical returns a lexical searcher over db with parameters p.
func NewLexical(db LexicalStore, p Params) *Lexical { return &Lexical{db: db, p: p} }

// AnalyzeChunk fills the lexical fields of c from its title, section and
// text: the normalised head (title and section path, the title once even
// when the path starts with it) and body, and their terms. Pages indexed
// before this rule keep the title twice until their next sync.
func AnalyzeChunk(c *store.ChunkInput) {
	c.NormHead = Normalize(c.Title + " " + Breadcrumb(c.Title, c.Section))
	c.NormBody = Normalize(c.Text)
	c.HeadTerms = appendTerms(nil, c.NormHead)
	c.BodyTerms = appendTerms(nil, c.NormBody)
	c.UniTerms = kanji(c.NormHead + c.NormBody)
}

// kanji returns the distinct kanji of s in order of appearance.
func kanji(s string) []string {
	seen := map[rune]bool{}
	var out []string
	for _, r := range s {
		if unicode.Is(unicode.Han, r) && !seen[r] {
			seen[r] = true
			out = append(out, string(r))
		}
	}
	return out
}

// SearchResult is Search as a lexical Result (Hits never nil).
func (l *Lexical) SearchResult(ctx context.Context, q Query) (Result, error) {
	hits, err := l.Search(ctx, q)
	if err != nil {
		return Result{}, err
	}
	if hits == nil {
		hits = []Hit{}
	}
	return Result{Query: q.Text, Mode: ModeLexical, Hits: hits}, nil
}

// Search returns the best K chunks for q, best first.
// Errors: Check's for a bad query, ErrEmptyQuery when nothing searchable
// remains, and store errors.
func (l *Lexical) Search(ctx context.Context, q Query) ([]Hit, error) {
	hits, err := l.Rank(ctx, q)
	for i := range hits {
		hits[i].Snippet = Snippet(hits[i].Text, q.Text, 160)
	}
	return hits, err
}

// Rank is Search without the snippets (the costly part of a deep search);
// the hybrid search makes snippets only for the hits it returns.
func (l *Lexical) Rank(ctx context.Context, q Query) ([]Hit, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	return l.rank(ctx, q)
}

// rank is Rank for a query already checked (the hybrid search checks it
// once for both sides).
func (l *Lexical) rank(ctx context.Context, q Query) ([]Hit, error) {
	if q.K == 0 {
		q.K = 10
	}
	qt, phrases := l.queryTerms(q.Text)
	qterms := make([]string, len(qt))
	for i, t := range qt {
		qterms[i] = t.Term
	}
	if len(qterms) == 0 {
		return nil, ErrEmptyQuery
	}
	quni := kanji(Normalize(q.Text))
	st, err := l.db.LexicalStats(ctx, append(append(append([]string(nil), qterms...), quni...), phraseTerms(phrases)...))
	if err != nil {
		return nil, fmt.Errorf("lexical search: %w", err)
	}
	idx := make(map[string]int, len(qterms))
	idf := make([]float64, len(qterms))
	n := float64(st.Chunks)
	for i, t := range qterms {
		idx[t] = i
		df := float64(st.DocFreq[t])
		idf[i] = math.Log(1+(n-df+0.5)/(df+0.5)) * qt[i].Weight
		switch h := hiragana(t); {
		case h == len([]rune(t)):
			idf[i] *= l.p.KanaWeight
		case h > 0:
			idf[i] *= l.p.MixedKanaWeight
		}
	}
	pidf := phraseIDF(phrases, st)
	cands, err := l.candidates(ctx, matchTerms(qt, phrases), st, max(l.p.Candidates, q.K))
	if err != nil {
		return nil, fmt.Errorf("lexical search: %w", err)
	}
	if len(cands) == 0 {
		return nil, nil
	}
	uidx := make(map[rune]int, len(quni))
	uidf := make([]float64, len(quni))
	for i, u := range quni {
		uidx[[]rune(u)[0]] = i
		df := float64(st.DocFreq[u])
		uidf[i] = math.Log(1 + (n-df+0.5)/(df+0.5))
	}
	uniTF := make([]float64, len(quni))
	avgLen := l.p.HeadWeight*st.AvgHeadLen + st.AvgBodyLen
	hits := make([]Hit, len(cands))
	headTF := make([]float64, len(qterms))
	bodyTF := make([]float64, len(qterms))
	leafTF := make([]float64, len(qterms))
	for ci, c := range cands {
		clear(headTF)
		clear(bodyTF)
		count(c.NormHead, idx, headTF)
		count(c.NormBody, idx, bodyTF)
		clear(leafTF)
		leaf := ""
		if l.p.HeadingWeight > 0 && c.Section != "" {
			leaf = Normalize(leafHeading(c.Section))
			count(leaf, idx, leafTF)
		}
		docLen := l.p.HeadWeight*float64(c.HeadLen) + float64(c.BodyLen)
		norm := l.p.K1 * (1 - l.p.B + l.p.B*docLen/avgLen)
		var score float64
		for i := range qterms {
			tf := l.p.HeadWeight*headTF[i] + l.p.HeadingWeight*leafTF[i] + bodyTF[i]
			if tf > 0 {
				score += idf[i] * tf * (l.p.K1 + 1) / (tf + norm)
			}
		}
		if len(phrases) > 0 {
			score += phraseScore(phrases, pidf, c.NormHead, leaf, c.NormBody, l.p.HeadWeight, l.p.HeadingWeight, l.p.K1, norm)
		}
		if l.p.UniWeight > 0 && len(quni) > 0 {
			clear(uniTF)
			orphans(c.NormHead, idx, uidx, l.p.HeadWeight, uniTF)
			orphans(c.NormBody, idx, uidx, 1, uniTF)
			for i, tf := range uniTF {
				if tf > 0 {
					score += l.p.UniWeight * uidf[i] * tf * (l.p.K1 + 1) / (tf + norm)
				}
			}
		}
		hits[ci] = Hit{ChunkID: c.ID, Score: score, Title: c.Title, Section: Breadcrumb(c.Title, c.Section), URL: c.URL, Text: c.Text, FetchedAt: c.Fetched}
	}
	hits = CollapseSections(hits)
	if len(hits) > q.K {
		hits = hits[:q.K]
	}
	return hits, nil
}

// count adds the occurrences in normalised text s of the terms in idx to tf,
// cutting terms exactly as appendTerms does but without allocating.
func count(s string, idx map[string]int, tf []float64) {
	add := func(term string) {
		if i, ok := idx[term]; ok {
			tf[i]++
		}
	}
	runStart, runLen, runClass, prevOff := 0, 0, sep, -1
	closeRun := func(end int) {
		switch {
		case runClass == word:
			add(s[runStart:end])
		case runClass == cjk && runLen == 1:
			add(s[runStart:end])
		}
	}
	for off, r := range s {
		c := classOf(r)
		if c != runClass {
			closeRun(off)
			if c != sep && runClass != sep && prevOff >= 0 { // word–CJK boundary bigram
				_, size := utf8.DecodeRuneInString(s[off:])
				add(s[prevOff : off+size])
			}
			runStart, runLen, runClass = off, 0, c
		}
		runLen++
		if c == cjk && runLen >= 2 {
			_, size := utf8.DecodeRuneInString(s[off:])
			add(s[prevOff : off+size])
		}
		prevOff = off
	}
	closeRun(len(s))
}

// orphans adds w to tf[i] for each occurrence in normalised text s of the
// kanji that uidx maps to i, unless a query bigram (a term of idx) covers
// it: a bigram with the rune before or after. Those occurrences already
// score through their bigram; the rest are the partial matches (海 in 海洋
// for a query about 海の) that the unigram score is for.
func orphans(s string, idx map[string]int, uidx map[rune]int, w float64, tf []float64) {
	prevOff, pending := -1, -1 // pending: tf index of the previous rune, waiting on the next pair
	for off, r := range s {
		_, size := utf8.DecodeRuneInString(s[off:])
		covered := false
		if prevOff >= 0 {
			_, covered = idx[s[prevOff:off+size]]
		}
		if pending >= 0 && !covered {
			tf[pending] += w
		}
		pending = -1
		if i, ok := uidx[r]; ok && !covered {
			pending = i
		}
		prevOff = off
	}
	if pending >= 0 {
		tf[pending] += w
	}
}

// candidates finds the chunks to re-rank. It matches on the selective
// terms, those in at most SelectiveDF of the chunks: frequent terms barely
// move BM25 but make FTS5 score most of the index. Of those, only the
// rarest within MatchBudget widen the match; the others only order it.
// When every term is frequent, it asks for chunks holding all of the three
// rarest terms, and only if that finds too few, for any of them. Every query term still counts
// in the final scoring.
func (l *Lexical) candidates(ctx context.Context, terms []string, st store.IndexStats, limit int) ([]store.Candidate, error) {
	maxDF := max(int(float64(st.Chunks)*l.p.SelectiveDF), 1)
	var sel []string
	for _, t := range terms {
		if df := st.DocFreq[t]; df > 0 && df <= maxDF {
			sel = append(sel, t)
		}
	}
	if len(sel) > 0 {
		match, rest := l.budget(sel, st.DocFreq)
		if len(rest) > 0 {
			// Chunks holding only the terms left out are not matched; take
			// more of the others so the re-ranking can make up for it.
			limit *= 2
		}
		return l.db.LexicalCandidatesRanked(ctx, match, rest, l.p.HeadWeight, limit)
	}
	rare := make([]string, 0, len(terms))
	for _, t := range terms {
		if st.DocFreq[t] > 0 {
			rare = append(rare, t)
		}
	}
	if len(rare) == 0 {
		return nil, nil
	}
	sort.Slice(rare, func(i, j int) bool { return st.DocFreq[rare[i]] < st.DocFreq[rare[j]] })
	rare = rare[:min(3, len(rare))]
	cands, err := l.db.LexicalCandidates(ctx, rare, true, l.p.HeadWeight, limit)
	if err != nil || len(cands) >= limit || len(rare) == 1 {
		return cands, err
	}
	return l.db.LexicalCandidates(ctx, rare, false, l.p.HeadWeight, limit)
}

// budget splits terms into the rarest, whose document frequencies add up to
// at most MatchBudget (at least one term), and the rest, each in query order.
func (l *Lexical) budget(terms []string, df map[string]int) (match, rest []string) {
	total := 0
	for _, t := range terms {
		total += df[t]
	}
	if l.p.MatchBudget <= 0 || total <= l.p.MatchBudget {
		return terms, nil
	}
	byDF := append([]string(nil), terms...)
	sort.SliceStable(byDF, func(i, j int) bool { return df[byDF[i]] < df[byDF[j]] })
	keep := map[string]bool{}
	sum := 0
	for i, t := range byDF {
		if i > 0 && sum+df[t] > l.p.MatchBudget {
			break
		}
		sum += df[t]
		keep[t] = true
	}
	for _, t := range terms {
		if keep[t] {
			match = append(match, t)
		} else {
			rest = append(rest, t)
		}
	}
	return match, rest
}

// hiragana counts the hiragana characters of t.
func hiragana(t string) int {
	n := 0
	for _, r := range t {
		if unicode.Is(unicode.Hiragana, r) {
			n++
		}
	}
	return n
}

func unique(terms []string) []string {
	seen := make(map[string]bool, len(terms))
	out := terms[:0:0]
	for _, t := range terms {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}
