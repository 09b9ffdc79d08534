package search

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// TestHeadingOutranksListing checks that the section headed by the
// question's topic outranks a contact page that merely lists the topic's
// name among others in its body, and that its breadcrumb does not repeat
// the page title.
func TestHeadingOutranksListing(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "h.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	src, _ := st.EnsureSource(t.Context(), "folder", "/docs", "docs", "")
	pages := []struct {
		url   string
		title string
		secs  [][3]string // anchor, path, text
	}{
		{"file:///contact.md", "問い合わせ", [][3]string{{"窓口", "問い合わせ > 窓口", "ホーム領域の容量、ジョブ、ログイン、課金について。ホーム領域の容量の相談、ホーム領域の容量の追加申請、ホーム領域の容量の確認方法も受け付けます。"}}},
		{"file:///storage.md", "ストレージ", [][3]string{
			{"", "ストレージ", "ストレージの概要です。"},
			{"ホーム領域の容量", "ストレージ > ホーム領域の容量", "一人あたり 100GB まで使えます。超えると書き込めません。増やすには申請が必要です。"},
		}},
	}
	for _, p := range pages {
		var cs []store.ChunkInput
		for _, s := range p.secs {
			url := p.url
			if s[0] != "" {
				url += "#" + s[0]
			}
			c := store.ChunkInput{Title: p.title, Section: s[1], Anchor: s[0], URL: url, Text: s[2]}
			AnalyzeChunk(&c)
			cs = append(cs, c)
		}
		if _, err := st.ReplacePage(t.Context(), store.PageInput{SourceID: src.ID, URL: p.url, Title: p.title, FetchedAt: time.Now()}, cs); err != nil {
			t.Fatal(err)
		}
	}
	hits, err := NewLexical(st, DefaultParams()).Search(t.Context(), Query{Text: "ホーム領域の容量を教えて", K: 3})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 || hits[0].URL != "file:///storage.md#ホーム領域の容量" {
		t.Fatalf("hits %v, want the ホーム領域の容量 section first", hits)
	}
	if hits[0].Section != "ホーム領域の容量" {
		t.Errorf("breadcrumb %q, want %q (no page title)", hits[0].Section, "ホーム領域の容量")
	}
	p := DefaultParams()
	p.HeadingWeight = 0
	off, _ := NewLexical(st, p).Search(t.Context(), Query{Text: "ホーム領域の容量を教えて", K: 3})
	if len(off) == 0 || off[0].URL != "file:///contact.md#窓口" {
		t.Errorf("without the heading field the listing page should win here (else this test proves nothing); hits %v", off)
	}
}

// TestAnalyzeChunkHeadOnceTitle checks the head field holds the page title
// once even when the section path starts with it (Markdown's H1).
func TestAnalyzeChunkHeadOnceTitle(t *testing.T) {
	tests := []struct {
		title, section string
		want           map[string]int
	}{
		{"ジョブ", "ジョブ > 投入", map[string]int{"ジョ": 1, "投入": 1}},
		{"ジョブ", "ジョブ", map[string]int{"ジョ": 1}},
		{"利用案内", "ジョブ > 投入", map[string]int{"ジョ": 1, "利用": 1}},
	}
	for _, tt := range tests {
		c := store.ChunkInput{Title: tt.title, Section: tt.section, Text: "本文"}
		AnalyzeChunk(&c)
		got := map[string]int{}
		for _, term := range c.HeadTerms {
			got[term]++
		}
		for term, n := range tt.want {
			if got[term] != n {
				t.Errorf("%q/%q: head term %q %d times, want %d (%v)", tt.title, tt.section, term, got[term], n, c.HeadTerms)
			}
		}
	}
}
