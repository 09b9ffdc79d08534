package store_test

import (
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	s, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "genkai.db"), store.Options{})
	if err != nil {
		t.Fatalf("Open() = %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func chunkInputs(url string, texts ...string) []store.ChunkInput {
	var out []store.ChunkInput
	for _, tx := range texts {
		c := store.ChunkInput{Title: "玄界", URL: url, Text: tx, Tokens: len(tx)}
		search.AnalyzeChunk(&c)
		out = append(out, c)
	}
	return out
}

func hitURLs(t *testing.T, s *store.Store, q string) []string {
	t.Helper()
	hits, err := search.NewLexical(s, search.DefaultParams()).Search(t.Context(), search.Query{Text: q})
	if err != nil && !errors.Is(err, store.ErrEmptyIndex) {
		t.Fatalf("Search(%q) = %v", q, err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, h.URL)
	}
	return out
}

func TestPagesLifecycle(t *testing.T) {
	ctx := t.Context()
	s := openStore(t)
	src, err := s.EnsureSource(ctx, "site", "https://example.jp/", "example", "")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC)
	idA, err := s.ReplacePage(ctx, store.PageInput{SourceID: src.ID, URL: "https://example.jp/a", ETag: `"a1"`, LastModified: "Tue, 01 Apr 2025 00:00:00 GMT", ContentHash: "h1", FetchedAt: at},
		chunkInputs("https://example.jp/a", "GPUノードでジョブを投入する方法"))
	if err != nil {
		t.Fatal(err)
	}
	idB, err := s.ReplacePage(ctx, store.PageInput{SourceID: src.ID, URL: "https://example.jp/b", ContentHash: "h2", FetchedAt: at},
		chunkInputs("https://example.jp/b", "ファイルシステムのクォータ確認"))
	if err != nil {
		t.Fatal(err)
	}

	// A failure keeps the chunks; a new page is created as failed.
	if err := s.MarkPage(ctx, src.ID, "https://example.jp/a", store.PageFailed, "fetch_timeout", "timeout"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkPage(ctx, src.ID, "https://example.jp/c.pdf", store.PageSkipped, "unsupported_type", "PDF"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkPage(ctx, src.ID, "https://example.jp/x", "weird", "", ""); err == nil {
		t.Error("MarkPage accepted an unknown status")
	}
	if got := hitURLs(t, s, "GPUノード"); !reflect.DeepEqual(got, []string{"https://example.jp/a"}) {
		t.Errorf("after MarkPage(failed), search = %v; want page a still found", got)
	}

	later := at.Add(time.Hour)
	if err := s.TouchPage(ctx, idA, later, "", ""); err != nil { // keeps the validators
		t.Fatal(err)
	}
	if err := s.TouchPage(ctx, idB, at, `"b2"`, ""); err != nil { // a new ETag for the same bytes
		t.Fatal(err)
	}
	if err := s.TouchPage(ctx, 9999, later, "", ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("TouchPage(missing) = %v; want ErrNotFound", err)
	}

	pages, err := s.Pages(ctx, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.PageState{
		{ID: idA, URL: "https://example.jp/a", ETag: `"a1"`, LastModified: "Tue, 01 Apr 2025 00:00:00 GMT", ContentHash: "h1", FetchedAt: later, Status: store.PageOK},
		{ID: idB, URL: "https://example.jp/b", ETag: `"b2"`, ContentHash: "h2", FetchedAt: at, Status: store.PageOK},
		{ID: pages[2].ID, URL: "https://example.jp/c.pdf", Status: store.PageSkipped, Error: "PDF", ReasonCode: "unsupported_type"},
	}
	if !reflect.DeepEqual(pages, want) {
		t.Errorf("Pages() =\n%+v\nwant\n%+v", pages, want)
	}

	if err := s.SetPageLinks(ctx, idA, []string{"https://example.jp/b"}); err != nil {
		t.Fatal(err)
	}
	if links, ok, err := s.PageLinks(ctx, idA); err != nil || !ok || !reflect.DeepEqual(links, []string{"https://example.jp/b"}) {
		t.Errorf("PageLinks(a) = %v, %v, %v", links, ok, err)
	}
	if _, ok, err := s.PageLinks(ctx, idB); ok || err != nil {
		t.Errorf("PageLinks(b) ok = %v, err = %v; want none", ok, err)
	}

	// Deleting a page removes its chunks from the index.
	if err := s.DeletePage(ctx, idA); err != nil {
		t.Fatal(err)
	}
	if got := hitURLs(t, s, "GPUノード"); len(got) != 0 {
		t.Errorf("after DeletePage, search GPUノード = %v; want nothing", got)
	}
	if got := hitURLs(t, s, "クォータ"); !reflect.DeepEqual(got, []string{"https://example.jp/b"}) {
		t.Errorf("after DeletePage, search クォータ = %v; want page b", got)
	}
	// The index rows themselves are gone, not just hidden by the join.
	terms := search.Terms("GPUノード")
	st, err := s.LexicalStats(ctx, terms)
	if err != nil || st.Chunks != 1 {
		t.Errorf("LexicalStats() = %+v, %v; want 1 chunk", st, err)
	}
	for _, term := range terms {
		if st.DocFreq[term] != 0 {
			t.Errorf("index still holds %q in %d chunks after DeletePage", term, st.DocFreq[term])
		}
	}
	if _, ok, _ := s.PageLinks(ctx, idA); ok {
		t.Error("links of a deleted page remain")
	}
}

func TestQueue(t *testing.T) {
	ctx := t.Context()
	s := openStore(t)
	src, _ := s.EnsureSource(ctx, "site", "https://example.jp/", "", "")
	other, _ := s.EnsureSource(ctx, "site", "https://other.jp/", "", "")
	n, err := s.Enqueue(ctx, src.ID, []store.QueueItem{{URL: "u0"}, {URL: "u1", Depth: 1}, {URL: "u0", Depth: 5}})
	if err != nil || n != 2 {
		t.Fatalf("Enqueue() = %d, %v; want 2", n, err)
	}
	s.Enqueue(ctx, other.ID, []store.QueueItem{{URL: "o0"}})

	steps := []struct {
		wantNext string
		links    []store.QueueItem
	}{
		{"u0", []store.QueueItem{{URL: "u2", Depth: 1}, {URL: "u1", Depth: 1}}},
		{"u1", []store.QueueItem{{URL: "u0", Depth: 2}}},
		{"u2", nil},
		{"", nil},
	}
	for _, step := range steps {
		it, ok, err := s.NextQueued(ctx, src.ID)
		if err != nil || ok != (step.wantNext != "") || it.URL != step.wantNext {
			t.Fatalf("NextQueued() = %+v, %v, %v; want %q", it, ok, err, step.wantNext)
		}
		if ok {
			if err := s.FinishQueued(ctx, src.ID, it.URL, it.Depth, step.links); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := s.FinishQueued(ctx, src.ID, "redirected", 1, nil); err != nil {
		t.Fatal(err)
	}
	done, pending, err := s.QueueCounts(ctx, src.ID)
	if err != nil || done != 4 || pending != 0 {
		t.Errorf("QueueCounts() = %d, %d, %v; want 4, 0", done, pending, err)
	}
	urls, _ := s.QueuedURLs(ctx, src.ID)
	if want := map[string]bool{"u0": true, "u1": true, "u2": true, "redirected": true}; !reflect.DeepEqual(urls, want) {
		t.Errorf("QueuedURLs() = %v; want %v", urls, want)
	}
	if err := s.ClearQueue(ctx, src.ID); err != nil {
		t.Fatal(err)
	}
	if done, pending, _ := s.QueueCounts(ctx, src.ID); done+pending != 0 {
		t.Errorf("after ClearQueue, %d items remain", done+pending)
	}
	if _, pending, _ := s.QueueCounts(ctx, other.ID); pending != 1 {
		t.Errorf("ClearQueue touched another source: pending = %d", pending)
	}
}

// A server's store must see pages another process (`genkai-rag index`)
// added after it cached the figures of a term.
func TestSearchSeesOtherProcessWrites(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "genkai.db")
	server, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	indexer, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer indexer.Close()
	src, err := indexer.EnsureSource(ctx, "folder", "/docs", "docs", "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := indexer.ReplacePage(ctx, store.PageInput{SourceID: src.ID, URL: "file:///docs/a.md", ContentHash: "a"},
		chunkInputs("file:///docs/a.md", "ログインノードの使い方")); err != nil {
		t.Fatal(err)
	}
	if got := hitURLs(t, server, "pjsub"); len(got) != 0 { // caches pjsub's document frequency (0)
		t.Fatalf("search pjsub before indexing = %v; want nothing", got)
	}
	if _, err := indexer.ReplacePage(ctx, store.PageInput{SourceID: src.ID, URL: "file:///docs/b.md", ContentHash: "b"},
		chunkInputs("file:///docs/b.md", "pjsub でジョブを投入します")); err != nil {
		t.Fatal(err)
	}
	if got := hitURLs(t, server, "pjsub"); !reflect.DeepEqual(got, []string{"file:///docs/b.md"}) {
		t.Errorf("search pjsub after another process indexed it = %v; want b.md", got)
	}
}
