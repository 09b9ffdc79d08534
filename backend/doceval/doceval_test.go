package doceval

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

var tinyDocs = filepath.Join("testdata", "docs")

// TestRunTinyDocs runs the whole eval over four hand-written pages (one
// with broken Markdown) and checks every figure against ranks worked out
// by hand from the pages (testdata/questions.tsv):
//
//	q1 qsub…投入  jobs#ジョブの投入  page 1, section 1 (only that section has qsub)
//	q2 qdel       jobs#ジョブの削除  page 1, section 1
//	q3 brew       install#mac        page 1, section 1 (explicit {#mac} anchor)
//	q4 passwd     broken.md (any)    page 1, section 1 (text inside an unclosed fence)
//	q5 容量       install (any)      page none: 容量 is only in faq.md
//	q6 ！？       jobs               no searchable term: a miss with a note
//	q7 qsub       jobs#ジョブの削除  page 1, section none (qsub is only in ジョブの投入)
//	q8 zeta       install (any)      page 2, section 2: faq.md says zeta six times
//
// page hit@1 = 5/8 (q1–q4, q7), page hit@5 = 6/8 (+q8), section hit@5 =
// 5/8 (q1–q4, q8), page MRR@5 = (5 + 1/2)/8.
func TestRunTinyDocs(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	qs, err := ReadQuestions(filepath.Join("testdata", "questions.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	rep, out, err := Run(t.Context(), Options{Dir: tinyDocs, Questions: qs})
	if err != nil {
		t.Fatal(err)
	}
	want := Report{Questions: 8, PageHit1: 5.0 / 8, PageHit5: 6.0 / 8, SectionHit5: 5.0 / 8, PageMRR5: 5.5 / 8}
	got := rep
	got.P50ms, got.P95ms = 0, 0
	if !sameReport(got, want) {
		t.Errorf("report = %+v\nwant     %+v", got, want)
	}
	if rep.P50ms <= 0 || rep.P95ms < rep.P50ms {
		t.Errorf("latency p50 %v p95 %v", rep.P50ms, rep.P95ms)
	}
	ranks := map[string][2]int{"q1": {1, 1}, "q2": {1, 1}, "q3": {1, 1}, "q4": {1, 1}, "q5": {0, 0}, "q6": {0, 0}, "q7": {1, 0}, "q8": {2, 2}}
	for _, o := range out {
		if r := ranks[o.Question.ID]; r != [2]int{o.PageRank, o.SectionRank} {
			t.Errorf("%s: page rank %d section rank %d, want %v (top %v)", o.Question.ID, o.PageRank, o.SectionRank, r, o.Top)
		}
		if (o.Note != "") != (o.Question.ID == "q6") {
			t.Errorf("%s: note %q", o.Question.ID, o.Note)
		}
	}
	if top := out[6].Top; len(top) == 0 || top[0] != "guide/jobs.md#ジョブの投入" {
		t.Errorf("q7 top = %v, want guide/jobs.md#ジョブの投入 first", top)
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("the temporary store was left behind: %v", ents)
	}
	b, _ := json.Marshal(rep)
	var keys map[string]any
	json.Unmarshal(b, &keys)
	var names []string
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	if w := []string{"p50_ms", "p95_ms", "page_hit@1", "page_hit@5", "page_mrr@5", "questions", "section_hit@5"}; !reflect.DeepEqual(names, w) {
		t.Errorf("JSON keys %v, want %v", names, w)
	}
}

func sameReport(a, b Report) bool {
	f := func(x, y float64) bool { return math.Abs(x-y) < 1e-9 }
	return a.Questions == b.Questions && f(a.PageHit1, b.PageHit1) && f(a.PageHit5, b.PageHit5) &&
		f(a.SectionHit5, b.SectionHit5) && f(a.PageMRR5, b.PageMRR5) && f(a.P50ms, b.P50ms) && f(a.P95ms, b.P95ms)
}

func TestIndexFolderAnchors(t *testing.T) {
	st := openStore(t)
	ix, err := IndexFolder(t.Context(), st, tinyDocs)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"guide/install.md": {"linux-でのインストール", "mac", "インストール"},
		"guide/jobs.md":    {"ジョブの削除", "ジョブの投入"},
		"faq.md":           {"ミラー", "容量"},
	}
	for page, anchors := range want {
		var got []string
		for a := range ix.Anchors[page] {
			got = append(got, a)
		}
		sort.Strings(got)
		if !reflect.DeepEqual(got, anchors) {
			t.Errorf("%s anchors %q, want %q", page, got, anchors)
		}
	}
	if len(ix.Anchors["broken.md"]) == 0 {
		t.Errorf("broken Markdown was not indexed: %v failed %v", ix.Anchors, ix.Sync.Failed)
	}
	abs, _ := filepath.Abs(tinyDocs)
	for _, tt := range []struct{ url, page, anchor string }{
		{"file://" + filepath.ToSlash(abs) + "/guide/jobs.md#ジョブの投入", "guide/jobs.md", "ジョブの投入"},
		{"file://" + filepath.ToSlash(abs) + "/faq.md", "faq.md", ""},
		{"https://example.com/a#b", "https://example.com/a", "b"},
		{"file:///elsewhere/x.md#y", "file:///elsewhere/x.md", "y"},
	} {
		if p, a := ix.Locate(tt.url); p != tt.page || a != tt.anchor {
			t.Errorf("Locate(%s) = %q %q, want %q %q", tt.url, p, a, tt.page, tt.anchor)
		}
	}
}

func TestCheckAnchors(t *testing.T) {
	ix, err := IndexFolder(t.Context(), openStore(t), tinyDocs)
	if err != nil {
		t.Fatal(err)
	}
	qs := []Question{
		{Line: 1, ID: "ok", Page: "guide/jobs.md", Anchors: []string{"ジョブの削除"}},
		{Line: 2, ID: "any", Page: "faq.md"},
		{Line: 3, ID: "typo", Page: "guide/jobs.md", Anchors: []string{"ジョブの投入", "job-delete"}},
		{Line: 4, ID: "github-slug", Page: "guide/install.md", Anchors: []string{"macos-でのインストール"}}, // {#mac} wins
	}
	err = ix.CheckAnchors(qs)
	var qe *QuestionsError
	if !errors.As(err, &qe) || len(qe.Problems) != 2 {
		t.Fatalf("err = %v", err)
	}
	if p := qe.Problems[0]; p.Line != 3 || !strings.Contains(p.Msg, `anchor "job-delete" is not a section the index made for guide/jobs.md; its anchors are: ジョブの削除 ジョブの投入`) {
		t.Errorf("problem 0 = %+v", p)
	}
	if p := qe.Problems[1]; p.Line != 4 || !strings.Contains(p.Msg, "mac") {
		t.Errorf("problem 1 = %+v", p)
	}
	if err := ix.CheckAnchors(qs[:2]); err != nil {
		t.Errorf("good anchors: %v", err)
	}
}

// TestRunBadInput: a page missing from the folder or an anchor the index
// never makes stops the run with ErrQuestions and the line number.
func TestRunBadInput(t *testing.T) {
	tests := []struct {
		name string
		q    Question
		want string
	}{
		{"missing page", Question{Line: 4, ID: "x", Text: "qsub", Page: "guide/gone.md"}, "line 4: page guide/gone.md does not exist"},
		{"unknown anchor", Question{Line: 9, ID: "x", Text: "qsub", Page: "guide/jobs.md", Anchors: []string{"nope"}}, `line 9: anchor "nope"`},
		{"file the sync skips", Question{Line: 2, ID: "x", Text: "qsub", Page: "notes.bin"}, "line 2: page notes.bin: nothing was indexed from it"},
	}
	dir := t.TempDir()
	copyDir(t, tinyDocs, dir)
	os.WriteFile(filepath.Join(dir, "notes.bin"), []byte("qsub"), 0o600)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := Run(t.Context(), Options{Dir: dir, Questions: []Question{tt.q}})
			if !errors.Is(err, ErrQuestions) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrQuestions with %q", err, tt.want)
			}
		})
	}
	if _, _, err := Run(t.Context(), Options{Dir: filepath.Join(dir, "nodir"), Questions: []Question{tests[0].q}}); !errors.Is(err, ErrQuestions) {
		t.Errorf("missing folder: %v", err)
	}
	if _, _, err := Run(t.Context(), Options{Dir: dir, Mode: search.ModeHybrid, Questions: []Question{tests[0].q}}); err == nil || errors.Is(err, ErrQuestions) {
		t.Errorf("hybrid without an embedder: %v", err)
	}
}

// bigram is a deterministic test embedder: hashed character bigrams.
type bigram struct{ calls int }

func (b *bigram) Embed(_ context.Context, _ string, texts []string) ([][]float32, error) {
	b.calls++
	out := make([][]float32, len(texts))
	for i, text := range texts {
		v := make([]float32, 64)
		rs := []rune(search.Normalize(text))
		for j := 0; j+1 < len(rs); j++ {
			v[(int(rs[j])*31+int(rs[j+1]))%64]++
		}
		v[0] += 0.01
		out[i] = v
	}
	return out, nil
}

func TestRunVectorModes(t *testing.T) {
	qs, err := ReadQuestions(filepath.Join("testdata", "questions.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{search.ModeHybrid, search.ModeVector} {
		emb := &bigram{}
		rep, out, err := Run(t.Context(), Options{Dir: tinyDocs, Questions: qs, Mode: mode, Embedder: emb, Model: "bigram"})
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		if rep.Questions != 8 || emb.calls < 2 || len(out) != 8 {
			t.Errorf("%s: %+v, %d embed calls", mode, rep, emb.calls)
		}
		if rep.PageHit5 < 0.5 {
			t.Errorf("%s: page hit@5 %v: the vectors found nothing", mode, rep.PageHit5)
		}
	}
}

// TestViteQuestionFiles checks the committed development set: every line
// parses, every gold page exists and every gold anchor is one folder sync
// makes, and the two halves share no id or question.
func TestViteQuestionFiles(t *testing.T) {
	root := filepath.Join("..", "..", "testdata")
	docs := filepath.Join(root, "vite-docs-ja")
	ix, err := IndexFolder(t.Context(), openStore(t), docs)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ix.Anchors); n < 58 {
		t.Errorf("%d pages indexed, want the 58 of the set", n)
	}
	seen := map[string]string{}
	total, pages := 0, map[string]bool{}
	for _, half := range []string{"dev", "test"} {
		qs, err := ReadQuestions(filepath.Join(root, "vite-docs-ja-questions."+half+".tsv"))
		if err != nil {
			t.Fatal(err)
		}
		if err := CheckPages(docs, qs); err != nil {
			t.Errorf("%s: %v", half, err)
		}
		if err := ix.CheckAnchors(qs); err != nil {
			t.Errorf("%s: %v", half, err)
		}
		for _, q := range qs {
			for _, k := range []string{q.ID, q.Text} {
				if other, dup := seen[k]; dup {
					t.Errorf("%s: %q already in %s", half, k, other)
				}
				seen[k] = half
			}
			pages[q.Page] = true
		}
		total += len(qs)
		if len(qs) < 45 {
			t.Errorf("%s has %d questions", half, len(qs))
		}
	}
	if total < 90 || len(pages) < 30 {
		t.Errorf("%d questions over %d pages, want at least 90 over 30", total, len(pages))
	}
}

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "eval.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// fixed answers every query with the same hits, in order.
type fixed []string

func (f fixed) SearchResult(_ context.Context, q search.Query) (search.Result, error) {
	if err := q.Check(); err != nil {
		return search.Result{}, err
	}
	hits := make([]search.Hit, len(f))
	for i, u := range f {
		hits[i] = search.Hit{ChunkID: int64(i + 1), URL: u}
	}
	return search.Result{Hits: hits}, nil
}

// TestEvaluateCutoffs: only the top 5 count; MRR@5 is 1/rank there, 0 beyond.
func TestEvaluateCutoffs(t *testing.T) {
	ix := &Index{Root: "/docs"}
	var urls fixed
	for i := 1; i <= 8; i++ {
		urls = append(urls, "file:///docs/p"+strconv.Itoa(i)+".md#s"+strconv.Itoa(i))
	}
	urls[3] = "file:///docs/p2.md#other" // p2 again at rank 4, another section
	qs := []Question{
		{ID: "r3", Text: "x", Page: "p3.md"},                               // page 3, section 3
		{ID: "r2s4", Text: "x", Page: "p2.md", Anchors: []string{"other"}}, // page 2, section 4
		{ID: "r7", Text: "x", Page: "p7.md"},                               // beyond the top 5
		{ID: "r1", Text: "x", Page: "p1.md", Anchors: []string{"nope"}},    // page 1, no section
	}
	rep, out, err := Evaluate(t.Context(), urls, ix, qs, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := Report{Questions: 4, PageHit1: 1.0 / 4, PageHit5: 3.0 / 4, SectionHit5: 2.0 / 4, PageMRR5: (1.0/3 + 1.0/2 + 1) / 4}
	rep.P50ms, rep.P95ms = 0, 0
	if !sameReport(rep, want) {
		t.Errorf("report = %+v\nwant     %+v", rep, want)
	}
	if out[2].PageRank != 7 || out[2].SectionRank != 7 || out[2].SectionHit() || len(out[2].Top) != 5 {
		t.Errorf("r7 = %+v", out[2])
	}
}
