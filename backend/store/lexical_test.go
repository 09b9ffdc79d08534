package store_test

import (
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// TestLexicalCandidatesRanked checks that rank-only terms order the matches
// without widening them.
func TestLexicalCandidatesRanked(t *testing.T) {
	s := openStore(t)
	src, err := s.EnsureSource(t.Context(), "folder", "/docs", "docs", "")
	if err != nil {
		t.Fatal(err)
	}
	pages := []struct{ url, text string }{
		{"file:///rare.md", "申請の手続き"},
		{"file:///both.md", "申請の手続きとジョブの投入"},
		{"file:///common.md", "ジョブの投入とジョブの確認"},
	}
	for _, p := range pages {
		if _, err := s.ReplacePage(t.Context(), store.PageInput{SourceID: src.ID, URL: p.url, FetchedAt: time.Now()}, chunkInputs(p.url, p.text)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name           string
		terms, rankOny []string
		want           []string
	}{
		{"rank-only term orders", []string{"申請"}, []string{"ジョ"}, []string{"file:///both.md", "file:///rare.md"}},
		{"no rank-only terms", []string{"申請"}, nil, []string{"file:///rare.md", "file:///both.md"}},
		{"rank-only alone matches nothing new", []string{"申請"}, []string{"確認"}, []string{"file:///rare.md", "file:///both.md"}},
		{"no terms", nil, []string{"ジョ"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.LexicalCandidatesRanked(t.Context(), tt.terms, tt.rankOny, 3, 10)
			if err != nil {
				t.Fatal(err)
			}
			var urls []string
			for _, c := range got {
				urls = append(urls, c.PageURL)
			}
			if len(urls) != len(tt.want) {
				t.Fatalf("got %v, want %v", urls, tt.want)
			}
			for i := range urls {
				if urls[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", urls, tt.want)
				}
			}
		})
	}
}
