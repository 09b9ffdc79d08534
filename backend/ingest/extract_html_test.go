package ingest

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

const genkaiURL = "https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/howto/job.html"

// genkaiScript is the job script of testdata/genkai.html, entities decoded.
const genkaiScript = "#!/bin/bash\n#PJM -L rscgrp=a-batch\n#PJM -L node=1\n#PJM -L elapse=1:00:00\n#PJM -j\n\nmodule load intel\nmpiexec -n 120 ./a.out < input.txt > output.txt\n"

func TestExtractGolden(t *testing.T) {
	tests := []struct {
		file, url, golden string
		extract           func([]byte, string) (*Document, error)
	}{
		{"genkai.html", genkaiURL + "#top", "genkai.golden.json", htmlExtractor("text/html")},
		{"malformed.html", "https://example.jp/broken.html", "malformed.golden.json", htmlExtractor("")},
		{"guide.md", "file:///docs/guide.md", "guide.golden.json", ExtractMarkdown},
		{"notice.txt", "file:///docs/notice.txt", "notice.golden.json", ExtractText},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			doc, err := tt.extract(readFixture(t, tt.file), tt.url)
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, tt.golden, doc)
			chunks := ChunkDocument(doc, ChunkOptions{MaxTokens: 60, Overlap: 20})
			checkGolden(t, strings.TrimSuffix(tt.golden, ".golden.json")+".chunks.golden.json", chunks)
		})
	}
}

func htmlExtractor(contentType string) func([]byte, string) (*Document, error) {
	return func(b []byte, u string) (*Document, error) { return ExtractHTML(b, contentType, u) }
}

func TestExtractHTMLMainContent(t *testing.T) {
	doc, err := ExtractHTML(readFixture(t, "genkai.html"), "text/html; charset=utf-8", genkaiURL)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doc.Title, "ジョブの実行"; got != want {
		t.Errorf("Title = %q, want %q", got, want)
	}
	if got, want := doc.Breadcrumb, []string{"ホーム", "玄界", "利用方法", "ジョブの実行"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Breadcrumb = %q, want %q", got, want)
	}
	if got, want := doc.LastModified, time.Date(2025, 4, 1, 9, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("LastModified = %v, want %v", got, want)
	}
	all := allText(doc)
	for _, noise := range []string{"メニュー", "ログイン方法", "お問い合わせ", "本文へスキップ", "ページの先頭へ",
		"前へ", "Copyright", "広告", "検索", "font-family", "スーパーコンピュータ"} {
		if strings.Contains(all, noise) {
			t.Errorf("content contains site chrome %q", noise)
		}
	}
	var code []string
	for _, s := range doc.Sections {
		for _, b := range s.Blocks {
			if b.Kind == Code {
				code = append(code, b.Text)
			}
		}
	}
	if len(code) != 1 || code[0] != genkaiScript {
		t.Errorf("code blocks = %q, want the job script verbatim", code)
	}
	anchors := map[string]string{}
	for _, s := range doc.Sections {
		anchors[s.Heading] = s.Anchor
	}
	for heading, want := range map[string]string{
		"リソースグループ":  "resource-groups", // own id
		"ジョブの投入と確認": "submit",          // <a name> just before
		"GPUジョブ":    "gpuジョブ",          // generated slug
	} {
		if got := anchors[heading]; got != want {
			t.Errorf("anchor of %q = %q, want %q", heading, got, want)
		}
	}
}

func allText(doc *Document) string {
	var b strings.Builder
	for _, s := range doc.Sections {
		b.WriteString(s.Heading + "\n")
		for _, bl := range s.Blocks {
			b.WriteString(bl.Text + "\n")
		}
	}
	return b.String()
}

func TestExtractHTMLCases(t *testing.T) {
	tests := []struct {
		name, html string
		want       *Document
	}{
		{
			name: "main element wins over body chrome",
			html: `<body><div class="sidebar">横</div><main><p>本文です。</p></main><p>外</p></body>`,
			want: &Document{Title: "p.html", Sections: []Section{{Blocks: []Block{{Paragraph, "本文です。"}}}}},
		},
		{
			name: "role main and article header kept",
			html: `<div role="main"><article><header><h1>題</h1></header><p>a</p><footer>更新</footer></article></div><footer>site</footer>`,
			want: &Document{Title: "題", Sections: []Section{{Heading: "題", Level: 1, Anchor: "題", Path: []string{"題"},
				Blocks: []Block{{Paragraph, "a"}, {Paragraph, "更新"}}}}},
		},
		{
			name: "body without landmarks, noise by class and role",
			html: `<body><div class="global-nav">N</div><div role="banner">B</div><p class="sr-only">SR</p>
				<p>本文<br>二行目<br><br>三行目</p><div id="footer">F</div><div class="c-pagination">1 2</div></body>`,
			want: &Document{Title: "p.html", Sections: []Section{{Blocks: []Block{{Paragraph, "本文\n二行目\n三行目"}}}}},
		},
		{
			name: "CJK line breaks join, Latin ones become spaces",
			html: "<p>計算\nノード と\nlogin\nnode の\n説明</p>",
			want: &Document{Title: "p.html", Sections: []Section{{Blocks: []Block{{Paragraph, "計算ノード と login node の説明"}}}}},
		},
		{
			name: "anchors: inner a, section id, duplicate slugs avoid page ids",
			html: `<h2><a name="n1"></a>一</h2><section id="s2"><h2>二</h2></section><h2>Same Name</h2><h2>Same Name</h2>
				<p id="same-name-1">x</p><h2><span id="inner">三</span></h2>`,
			want: &Document{Title: "p.html", Sections: []Section{
				{Heading: "一", Level: 2, Anchor: "n1", Path: []string{"一"}},
				{Heading: "二", Level: 2, Anchor: "s2", Path: []string{"二"}},
				{Heading: "Same Name", Level: 2, Anchor: "same-name", Path: []string{"Same Name"}},
				{Heading: "Same Name", Level: 2, Anchor: "same-name-2", Path: []string{"Same Name"}, Blocks: []Block{{Paragraph, "x"}}},
				{Heading: "三", Level: 2, Anchor: "inner", Path: []string{"三"}},
			}},
		},
		{
			name: "list with code inside an item, and a layout table",
			html: `<ul><li>手順1<pre>  echo  a
</pre></li><li>手順2</li></ul><table><tr><td><h3>見出し</h3><p>中身</p></td></tr></table>`,
			want: &Document{Title: "p.html", Sections: []Section{
				{Blocks: []Block{{List, "- 手順1"}, {Code, "  echo  a\n"}, {List, "- 手順2"}}},
				{Heading: "見出し", Level: 3, Anchor: "見出し", Path: []string{"見出し"}, Blocks: []Block{{Paragraph, "中身"}}},
			}},
		},
		{
			name: "table without thead, caption, empty rows dropped",
			html: `<table><caption>表1</caption><tr><th>a</th><th>b</th></tr><tr><td></td><td></td></tr><tr><td>1</td><td>x<br>y</td></tr></table>`,
			want: &Document{Title: "p.html", Sections: []Section{{Blocks: []Block{{Paragraph, "表1"}, {Table, "a | b\n1 | x y"}}}}},
		},
		{
			name: "breadcrumb from list items",
			html: `<nav aria-label="パンくずリスト"><ol><li><a href="/">玄界</a> &gt;</li><li>利用方法</li></ol></nav><p>x</p>`,
			want: &Document{Title: "p.html", Breadcrumb: []string{"玄界", "利用方法"}, Sections: []Section{{Blocks: []Block{{Paragraph, "x"}}}}},
		},
		{
			name: "breadcrumb from text with a label",
			html: `<div class="breadcrumbs">現在位置：<a href="/">ホーム</a> ＞ <a href="/g/">玄界</a> ＞ FAQ</div><p>x</p>`,
			want: &Document{Title: "p.html", Breadcrumb: []string{"ホーム", "玄界", "FAQ"}, Sections: []Section{{Blocks: []Block{{Paragraph, "x"}}}}},
		},
		{
			name: "meta date and site name suffix",
			html: `<head><title>利用申請 - 玄界ポータル</title><meta property="og:site_name" content="玄界ポータル">
				<meta name="date" content="2024-01-02"></head><p>a</p>`,
			want: &Document{Title: "利用申請", LastModified: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC),
				Sections: []Section{{Blocks: []Block{{Paragraph, "a"}}}}},
		},
		{
			name: "title kept when the suffix is not known to be the site",
			html: `<title>MPI - OpenMP 併用</title><h1>別の見出し</h1>`,
			want: &Document{Title: "MPI - OpenMP 併用", Sections: []Section{{Heading: "別の見出し", Level: 1, Anchor: "別の見出し", Path: []string{"別の見出し"}}}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ExtractHTML([]byte(tt.html), "text/html", "https://example.jp/p.html")
			if err != nil {
				t.Fatal(err)
			}
			tt.want.URL = "https://example.jp/p.html"
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestExtractNotText(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	tests := []struct {
		name        string
		body        []byte
		contentType string
		wantErr     bool
	}{
		{"png bytes", png, "", true},
		{"image content type", []byte("<p>x</p>"), "image/png", true},
		{"pdf content type", []byte("%PDF-1.7"), "application/pdf", true},
		{"octet stream", []byte("<p>x</p>"), "application/octet-stream", true},
		{"xhtml", []byte("<p>x</p>"), "application/xhtml+xml; charset=utf-8", false},
		{"utf-16 with BOM has NULs but is text", utf16LE("<p>玄界</p>"), "", false},
		{"garbage content type is ignored", []byte("<p>x</p>"), "???", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := ExtractHTML(tt.body, tt.contentType, "https://example.jp/")
			if got := errors.Is(err, ErrNotText); got != tt.wantErr {
				t.Fatalf("errors.Is(err, ErrNotText) = %v, want %v (err %v)", got, tt.wantErr, err)
			}
			if err == nil && len(doc.Sections) == 0 {
				t.Errorf("no content extracted")
			}
		})
	}
	for name, f := range map[string]func([]byte, string) (*Document, error){"markdown": ExtractMarkdown, "text": ExtractText} {
		if _, err := f(png, "file:///x.png"); !errors.Is(err, ErrNotText) {
			t.Errorf("%s: err = %v, want ErrNotText", name, err)
		}
	}
}

func TestExtractHTMLTooDeep(t *testing.T) {
	body := strings.Repeat("<div>", 600) + "x"
	_, err := ExtractHTML([]byte(body), "", "https://example.jp/")
	if err == nil || errors.Is(err, ErrNotText) || !strings.HasPrefix(err.Error(), "parse html: ") {
		t.Errorf("err = %v, want a parse html error", err)
	}
}

func utf16LE(s string) []byte {
	b := []byte{0xFF, 0xFE}
	for _, r := range s {
		if r > 0xFFFF {
			panic("BMP only")
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

func TestExtractHTMLInvalidBytes(t *testing.T) {
	bodies := [][]byte{
		[]byte("<p>\xff\xfe\xfd 壊れ\x80た</p>"),
		[]byte("<meta charset=shift_jis><p>\x82\xa0\x82\xff\x81</p>"),
		[]byte("<meta charset=euc-jp><p>\xa4\xa2\xa4</p>"),
		[]byte("<p>\xe3\x81</p>"),
	}
	for _, body := range bodies {
		doc, err := ExtractHTML(body, "", "https://example.jp/")
		if err != nil {
			t.Fatalf("%q: %v", body, err)
		}
		if s := allText(doc); !utf8.ValidString(s) {
			t.Errorf("%q: invalid UTF-8 out: %q", body, s)
		}
	}
}
