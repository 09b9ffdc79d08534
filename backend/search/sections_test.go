package search

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

func TestCollapseSections(t *testing.T) {
	h := func(id int64, url string, score float64) Hit { return Hit{ChunkID: id, URL: url, Score: score} }
	tests := []struct {
		name string
		in   []Hit
		want []int64 // chunk IDs, best first
	}{
		{"empty", nil, nil},
		{"distinct sections keep their order", []Hit{h(1, "a#x", 3), h(2, "a#y", 2)}, []int64{1, 2}},
		{"chunks of one section become one hit, best chunk kept",
			[]Hit{h(1, "a#x", 3), h(2, "a#x", 5), h(3, "b#z", 4), h(4, "a#x", 1)}, []int64{2, 3}},
		{"same page, other anchor stays apart", []Hit{h(1, "a#x", 3), h(2, "a#y", 2), h(3, "a#x", 1)}, []int64{1, 2}},
		{"hits without URL are kept", []Hit{h(1, "", 3), h(2, "", 2)}, []int64{1, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CollapseSections(append([]Hit(nil), tt.in...))
			var ids []int64
			for _, g := range got {
				ids = append(ids, g.ChunkID)
			}
			if !reflect.DeepEqual(ids, tt.want) {
				t.Fatalf("got %v, want %v", ids, tt.want)
			}
		})
	}
}

// openSections indexes one page whose section "setup" has three chunks
// about ジョブ and a section "other" with one: the chunks of a section
// must come back as one hit.
func openSections(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	src, _ := st.EnsureSource(t.Context(), "folder", "/docs", "docs", "")
	page := "file:///docs/jobs.md"
	var chunks []store.ChunkInput
	for _, c := range []struct{ anchor, text string }{
		{"setup", "ジョブの投入はpjsubで行います。ジョブの投入前に確認します。"},
		{"setup", "ジョブの投入に失敗したらログを見ます。"},
		{"setup", "ジョブの投入は何度でもできます。"},
		{"other", "ジョブの削除はpjdelで行います。"},
		{"third", "ジョブの一覧はpjstatで見ます。"},
	} {
		in := store.ChunkInput{Title: "ジョブ", Section: "ジョブ > " + c.anchor, Anchor: c.anchor, URL: page + "#" + c.anchor, Text: c.text}
		AnalyzeChunk(&in)
		chunks = append(chunks, in)
	}
	if _, err := st.ReplacePage(t.Context(), store.PageInput{SourceID: src.ID, URL: page, FetchedAt: time.Now()}, chunks); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestLexicalReturnsDistinctSections(t *testing.T) {
	st := openSections(t)
	hits, err := NewLexical(st, DefaultParams()).Search(t.Context(), Query{Text: "ジョブの投入", K: 3})
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, h := range hits {
		urls = append(urls, h.URL)
	}
	want := []string{"file:///docs/jobs.md#setup", "file:///docs/jobs.md#other", "file:///docs/jobs.md#third"}
	if len(urls) != 3 || urls[0] != want[0] || map[string]bool{urls[1]: true, urls[2]: true}[want[1]] == false {
		t.Fatalf("hits %v, want the three sections once each, setup first (%v)", urls, want)
	}
}

// TestHybridReturnsDistinctSections checks the fused list too: the vector
// side returns chunks one by one, so two chunks of one section could fill
// two slots of what the answer prompt gets.
func TestHybridReturnsDistinctSections(t *testing.T) {
	st := openSections(t)
	v := startVectors(t, st, synonymEmbedder(), "fake")
	waitFor(t, "embedding", func() bool { return v.Status().State == "ready" })
	for _, mode := range []string{ModeHybrid, ModeVector} {
		h := NewHybrid(NewLexical(st, DefaultParams()), v, st, nil)
		h.Mode = mode
		res, err := h.SearchResult(t.Context(), Query{Text: "ジョブの投入", K: 5})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, hit := range res.Hits {
			if seen[hit.URL] {
				t.Errorf("%s: section %s twice in %d hits", mode, hit.URL, len(res.Hits))
			}
			seen[hit.URL] = true
		}
		if len(res.Hits) != 3 {
			t.Errorf("%s: %d hits, want the 3 sections", mode, len(res.Hits))
		}
	}
}
