package ingest

import (
	"reflect"
	"testing"
)

func TestExtractMarkdownCases(t *testing.T) {
	tests := []struct {
		name, md string
		want     *Document
	}{
		{
			name: "setext h1 is the title; setext h2; nested list",
			md:   "前文\n\n概要\n===\n\n本文\n\n詳細\n---\n\n- a\n  - b\n- c\n",
			want: &Document{Title: "概要", Sections: []Section{
				{Blocks: []Block{{Paragraph, "前文"}}},
				{Heading: "概要", Level: 1, Anchor: "概要", Path: []string{"概要"}, Blocks: []Block{{Paragraph, "本文"}}},
				{Heading: "詳細", Level: 2, Anchor: "詳細", Path: []string{"概要", "詳細"}, Blocks: []Block{{List, "- a\n  - b\n- c"}}},
			}},
		},
		{
			name: "title falls back to file name",
			md:   "## Only h2\n\ntext",
			want: &Document{Title: "doc.md", Sections: []Section{
				{Heading: "Only h2", Level: 2, Anchor: "only-h2", Path: []string{"Only h2"}, Blocks: []Block{{Paragraph, "text"}}},
			}},
		},
		{
			name: "unclosed fence runs to the end, verbatim",
			md:   "# T\n\n```sh\n  a  b\n\n# not a heading\n",
			want: &Document{Title: "T", Sections: []Section{
				{Heading: "T", Level: 1, Anchor: "t", Path: []string{"T"}, Blocks: []Block{{Code, "  a  b\n\n# not a heading\n"}}},
			}},
		},
		{
			name: "longer fence and tilde fence inside",
			md:   "````\n~~~\n```\n````\n",
			want: &Document{Title: "doc.md", Sections: []Section{{Blocks: []Block{{Code, "~~~\n```\n"}}}}},
		},
		{
			name: "github slugs: punctuation removed, Japanese kept, duplicates numbered",
			md:   "## GPU ジョブ（概要）\n## GPU ジョブ（概要）\n## C++ & MPI!\n## <a id=\"x1\"></a>HTML anchor\n",
			want: &Document{Title: "doc.md", Sections: []Section{
				{Heading: "GPU ジョブ（概要）", Level: 2, Anchor: "gpu-ジョブ概要", Path: []string{"GPU ジョブ（概要）"}},
				{Heading: "GPU ジョブ（概要）", Level: 2, Anchor: "gpu-ジョブ概要-1", Path: []string{"GPU ジョブ（概要）"}},
				{Heading: "C++ & MPI!", Level: 2, Anchor: "c--mpi", Path: []string{"C++ & MPI!"}},
				{Heading: "HTML anchor", Level: 2, Anchor: "x1", Path: []string{"HTML anchor"}},
			}},
		},
		{
			name: "inline markup reduced to text, hard break kept",
			md:   "**太字**と*斜体*と[リンク](http://x/y_(z))と![画像](i.png)と`a*b*c`。\\\n次の行 &amp; <span>tag</span> \\*lit\\*",
			want: &Document{Title: "doc.md", Sections: []Section{{Blocks: []Block{
				{Paragraph, "太字と斜体とリンクと画像とa*b*c。\n次の行 & tag *lit*"},
			}}}},
		},
		{
			name: "CRLF and a table without outer pipes",
			md:   "a | b\r\n--- | ---\r\n1 | 2\r\n\r\nafter\r\n",
			want: &Document{Title: "doc.md", Sections: []Section{{Blocks: []Block{{Table, "a | b\n1 | 2"}, {Paragraph, "after"}}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExtractMarkdown([]byte(tt.md), "file:///docs/doc.md")
			if err != nil {
				t.Fatal(err)
			}
			tt.want.URL = "file:///docs/doc.md"
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestExtractText(t *testing.T) {
	tests := []struct {
		name, text string
		want       *Document
	}{
		{"empty: title from file name", "\n\n  \n", &Document{Title: "memo.txt"}},
		{"paragraphs on blank lines", "  題名  \n\n一  行目\n二行目\n\n\n三", &Document{Title: "題名", Sections: []Section{{Blocks: []Block{
			{Paragraph, "題名"}, {Paragraph, "一 行目\n二行目"}, {Paragraph, "三"},
		}}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExtractText([]byte(tt.text), "file:///tmp/memo.txt")
			if err != nil {
				t.Fatal(err)
			}
			tt.want.URL = "file:///tmp/memo.txt"
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}
