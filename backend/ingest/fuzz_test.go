package ingest

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/japanese"
)

// checkDocument asserts that every string of doc is valid UTF-8 and that
// chunking it at a small budget keeps the chunk invariants.
func checkDocument(t *testing.T, doc *Document) {
	t.Helper()
	strs := append([]string{doc.URL, doc.Title}, doc.Breadcrumb...)
	for _, s := range doc.Sections {
		strs = append(strs, s.Heading, s.Anchor)
		strs = append(strs, s.Path...)
		if s.Level < 0 || s.Level > 6 {
			t.Errorf("section level %d", s.Level)
		}
		for _, b := range s.Blocks {
			strs = append(strs, b.Text)
		}
	}
	for _, s := range strs {
		if !utf8.ValidString(s) {
			t.Fatalf("invalid UTF-8 in document: %q", s)
		}
	}
	checkChunks(t, ChunkDocument(doc, ChunkOptions{MaxTokens: 16, Overlap: 4}), 16)
}

func FuzzExtractHTML(f *testing.F) {
	for _, name := range []string{"genkai.html", "malformed.html"} {
		b := readFixture(f, name)
		f.Add(b, "text/html")
		if sj, err := japanese.ShiftJIS.NewEncoder().Bytes(b); err == nil {
			f.Add(sj, "")
		}
	}
	f.Add([]byte("<h1>a<h2>b<pre>c</h1><table><tr><td><ul><li>x"), "")
	f.Add([]byte("<meta charset=euc-jp><p>\xa4\xa2\xff</p>"), "text/html; charset=utf-8")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		doc, err := ExtractHTML(body, contentType, "https://example.jp/a/b.html")
		if err != nil {
			if !errors.Is(err, ErrNotText) && !strings.HasPrefix(err.Error(), "parse html: ") {
				t.Fatalf("unexpected error: %v", err)
			}
			return
		}
		checkDocument(t, doc)
	})
}

func FuzzExtractMarkdown(f *testing.F) {
	f.Add(readFixture(f, "guide.md"))
	f.Add(readFixture(f, "notice.txt"))
	f.Add([]byte("# a\n```\n~~~\n- b\n  ```\n  c\n| x | y |\n|---|---|\n| 1 |\n> # q\n<!-- x"))
	f.Add([]byte("---\ntitle: t\ndate: 2024-01-02\n---\n\\*a\\* `b` [c](d)\n1. x\n   - y\n\n      z\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		for _, extract := range []func([]byte, string) (*Document, error){ExtractMarkdown, ExtractText} {
			doc, err := extract(body, "file:///docs/x.md")
			if err != nil {
				if !errors.Is(err, ErrNotText) {
					t.Fatalf("unexpected error: %v", err)
				}
				return
			}
			checkDocument(t, doc)
		}
	})
}

func FuzzChunk(f *testing.F) {
	f.Add("玄界は九州大学のスーパーコンピュータです。ジョブはpjsubで投入します！", genkaiScript, "a | b\n1 | 2", 20, 5)
	f.Add(strings.Repeat("長い文、", 100), "x\n", "h\n"+strings.Repeat("row | 1\n", 50), 7, 0)
	f.Add("A. B? C! D.\nE", "", "", 1, -1)
	f.Fuzz(func(t *testing.T, prose, code, table string, maxTokens, overlap int) {
		maxTokens = 1 + (maxTokens%512+512)%512
		doc := &Document{URL: "u", Title: "t", Sections: []Section{
			{Blocks: []Block{{Paragraph, prose}, {Code, code}, {Table, table}, {List, prose}}},
			{Heading: "h", Level: 2, Anchor: "h", Path: []string{"h"}, Blocks: []Block{{Code, code}, {Paragraph, prose}}},
		}}
		chunks := ChunkDocument(doc, ChunkOptions{MaxTokens: maxTokens, Overlap: overlap})
		checkChunks(t, chunks, maxTokens)
		if utf8.ValidString(code) && strings.TrimSpace(code) != "" && EstimateTokens(code) <= maxTokens {
			found := false
			for _, c := range chunks {
				found = found || strings.Contains(c.Text, code)
			}
			if !found {
				t.Errorf("code block %q that fits the budget is not intact in any chunk", code)
			}
		}
	})
}
