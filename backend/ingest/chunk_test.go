package ingest

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEstimateTokens(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 0},
		{"   \n\t", 0},
		{"玄界", 2},
		{"ジョブ。", 4},
		{"ＧＰＵ", 3},     // full-width: one per character
		{"a", 1},       // at least one per word
		{"node", 1},    // 4 characters
		{"nodes", 2},   // 5 characters
		{"a-batch", 4}, // a, -, batch(2)
		{"GPUを4枚", 4},  // GPU, を, 4, 枚: the kana splits the words
		{"#PJM -L rscgrp=a-batch", 1 + 1 + 1 + 1 + 2 + 1 + 1 + 1 + 2},
	}
	for _, tt := range tests {
		if got := EstimateTokens(tt.in); got != tt.want {
			t.Errorf("EstimateTokens(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestEstimateTokensSubadditive(t *testing.T) {
	parts := []string{"abc", "defgh", "玄界", " ", "x", "=", "ジョブ", "12345678", "\n", "ab"}
	for _, a := range parts {
		for _, b := range parts {
			if ab, sum := EstimateTokens(a+b), EstimateTokens(a)+EstimateTokens(b); ab > sum {
				t.Errorf("EstimateTokens(%q+%q) = %d > %d", a, b, ab, sum)
			}
		}
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"一文目。二文目！三文目？", []string{"一文目。", "二文目！", "三文目？"}},
		{"「完了。」と表示される。次", []string{"「完了。」", "と表示される。", "次"}},
		{"Run it. Then stop!! OK?", []string{"Run it. ", "Then stop!! ", "OK?"}},
		{"行1\n行2\n", []string{"行1\n", "行2\n"}},
		{"v1.2 のノード", []string{"v1.2 のノード"}},
		{"終わり。 \n次", []string{"終わり。 \n", "次"}},
	}
	for _, tt := range tests {
		got := splitSentences(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("splitSentences(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if strings.Join(got, "") != tt.in {
			t.Errorf("splitSentences(%q) lost text", tt.in)
		}
	}
}

// checkChunks asserts the invariants every chunking must hold.
func checkChunks(t testing.TB, chunks []Chunk, maxTokens int) {
	t.Helper()
	for i, c := range chunks {
		if c.Ord != i {
			t.Errorf("chunk %d has Ord %d", i, c.Ord)
		}
		if c.Tokens != EstimateTokens(c.Text) {
			t.Errorf("chunk %d: Tokens %d, want EstimateTokens %d", i, c.Tokens, EstimateTokens(c.Text))
		}
		if c.Tokens > maxTokens && nonEmptyLines(c.Text) > 1 {
			t.Errorf("chunk %d: %d tokens > %d and not a single line: %q", i, c.Tokens, maxTokens, c.Text)
		}
		if strings.TrimSpace(c.Text) == "" {
			t.Errorf("chunk %d is empty", i)
		}
		for _, s := range []string{c.Title, c.Section, c.Anchor, c.URL, c.Text} {
			if !utf8.ValidString(s) {
				t.Errorf("chunk %d: invalid UTF-8 %q", i, s)
			}
		}
		if (c.Anchor == "") != !strings.Contains(c.URL, "#") {
			t.Errorf("chunk %d: anchor %q but URL %q", i, c.Anchor, c.URL)
		}
	}
}

func nonEmptyLines(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		if strings.TrimSpace(l) != "" {
			n++
		}
	}
	return n
}

func genkaiDoc(t testing.TB) *Document {
	t.Helper()
	doc, err := ExtractHTML(readFixture(t, "genkai.html"), "text/html", genkaiURL)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestChunkGenkai(t *testing.T) {
	doc := genkaiDoc(t)
	for _, maxTokens := range []int{1, 5, 20, 40, 60, 120, 400, 10000} {
		opt := ChunkOptions{MaxTokens: maxTokens}
		chunks := ChunkDocument(doc, opt)
		checkChunks(t, chunks, maxTokens)

		// The job script (52 tokens) is verbatim in exactly one chunk when it fits.
		if EstimateTokens(genkaiScript) <= maxTokens {
			n := 0
			for _, c := range chunks {
				if strings.Contains(c.Text, genkaiScript) {
					n++
				}
			}
			if n != 1 {
				t.Errorf("max %d: job script verbatim in %d chunks, want 1", maxTokens, n)
			}
		}
		// Code is cut only at line ends: every script line is whole in some chunk.
		for _, line := range strings.Split(strings.TrimSpace(genkaiScript), "\n") {
			found := false
			for _, c := range chunks {
				for _, l := range strings.Split(c.Text, "\n") {
					found = found || l == line
				}
			}
			if !found {
				t.Errorf("max %d: script line %q cut", maxTokens, line)
			}
		}
		// Deterministic.
		if again := ChunkDocument(doc, opt); !reflect.DeepEqual(chunks, again) {
			t.Errorf("max %d: second run differs", maxTokens)
		}
	}
}

func TestChunkSectionsAndFields(t *testing.T) {
	doc := genkaiDoc(t)
	chunks := ChunkDocument(doc, ChunkOptions{})
	var sections []string
	for _, c := range chunks {
		sections = append(sections, c.Section)
		if c.Title != "ジョブの実行" {
			t.Errorf("Title = %q", c.Title)
		}
	}
	want := []string{ // バッチジョブ has no text of its own and gives no chunk
		"ジョブの実行",
		"ジョブの実行 > リソースグループ",
		"ジョブの実行 > バッチジョブ > ジョブスクリプトの作成",
		"ジョブの実行 > バッチジョブ > ジョブの投入と確認",
		"ジョブの実行 > バッチジョブ > GPUジョブ",
		"ジョブの実行 > 注意事項",
	}
	if !reflect.DeepEqual(sections, want) {
		t.Errorf("sections = %q, want %q", sections, want)
	}
	if got, want := chunks[1].URL, genkaiURL+"#resource-groups"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	if !strings.HasPrefix(chunks[1].Text, "ジョブは、") {
		t.Errorf("chunk text should start with the content, got %q", chunks[1].Text)
	}
}

func TestChunkSentencesAndOverlap(t *testing.T) {
	sentences := []string{
		"玄界は九州大学のスーパーコンピュータです。",
		"ノードグループAは汎用のCPUノードです。",
		"ノードグループBはGPUを搭載しています。",
		"ノードグループCは大容量メモリを持ちます。",
		"ジョブはpjsubで投入します！",
		"状態はpjstatで確認できますか？",
		"はい、確認できます。",
	}
	doc := &Document{URL: "u", Title: "t", Sections: []Section{{Heading: "h", Level: 2, Anchor: "h", Path: []string{"h"},
		Blocks: []Block{{Paragraph, strings.Join(sentences, "")}}}}}
	isWhole := func(text string) bool {
		for text != "" {
			ok := false
			for _, s := range sentences {
				if strings.HasPrefix(text, s) {
					text, ok = text[len(s):], true
					break
				}
			}
			if !ok {
				return false
			}
		}
		return true
	}

	chunks := ChunkDocument(doc, ChunkOptions{MaxTokens: 50, Overlap: 25})
	checkChunks(t, chunks, 50)
	if len(chunks) < 3 {
		t.Fatalf("got %d chunks, want several", len(chunks))
	}
	for i, c := range chunks {
		if !isWhole(c.Text) {
			t.Errorf("chunk %d is not made of whole sentences: %q", i, c.Text)
		}
		if i > 0 {
			prev := chunks[i-1].Text
			last := ""
			for _, s := range sentences {
				if strings.HasSuffix(prev, s) {
					last = s
				}
			}
			if !strings.HasPrefix(c.Text, last) {
				t.Errorf("chunk %d does not start with the last sentence of chunk %d (%q): %q", i, i-1, last, c.Text)
			}
		}
	}

	noOverlap := ChunkDocument(doc, ChunkOptions{MaxTokens: 50, Overlap: -1})
	var joined string
	for _, c := range noOverlap {
		joined += c.Text
	}
	if joined != strings.Join(sentences, "") {
		t.Errorf("without overlap the chunks should partition the text; got %q", joined)
	}
}

func TestChunkLongSentenceAndTable(t *testing.T) {
	long := strings.Repeat("とても長い文が句点なしで続き、", 30)
	rows := []string{"グループ | ノード数 | 時間"}
	for i := range 40 {
		rows = append(rows, "group-"+strings.Repeat("x", i%7)+" | 128 | 24時間")
	}
	code := strings.Repeat("echo 玄界のジョブ $PJM_JOBID\n", 30)
	doc := &Document{URL: "u", Sections: []Section{
		{Blocks: []Block{{Paragraph, long}}},
		{Heading: "表", Level: 2, Anchor: "t", Path: []string{"表"}, Blocks: []Block{{Table, strings.Join(rows, "\n")}}},
		{Heading: "コード", Level: 2, Anchor: "c", Path: []string{"コード"}, Blocks: []Block{{Paragraph, "前文。"}, {Code, code}, {Paragraph, "後文。"}}},
		{Heading: "空", Level: 2, Anchor: "e", Path: []string{"空"}, Blocks: []Block{{Paragraph, "  "}}},
	}}
	const maxTokens = 60
	chunks := ChunkDocument(doc, ChunkOptions{MaxTokens: maxTokens})
	checkChunks(t, chunks, maxTokens)
	var codeParts strings.Builder
	for _, c := range chunks {
		switch c.Section {
		case "表":
			if !strings.HasPrefix(c.Text, rows[0]+"\n") {
				t.Errorf("table part does not repeat the header: %q", c.Text)
			}
			for _, l := range strings.Split(c.Text, "\n") {
				if !containsString(rows, l) {
					t.Errorf("table row cut: %q", l)
				}
			}
		case "コード":
			if strings.Contains(c.Text, "echo") {
				if strings.Contains(c.Text, "前文") || strings.Contains(c.Text, "後文") {
					t.Errorf("an oversized code block shares a chunk: %q", c.Text)
				}
				codeParts.WriteString(c.Text)
			}
		case "空":
			t.Errorf("a section without text gave a chunk")
		}
	}
	if codeParts.String() != code {
		t.Errorf("code parts do not reassemble the code block")
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestChunkOptionsResolve(t *testing.T) {
	tests := []struct {
		in             ChunkOptions
		wantMax, wantO int
	}{
		{ChunkOptions{}, 400, 40},
		{ChunkOptions{MaxTokens: 100, Overlap: -5}, 100, 0},
		{ChunkOptions{MaxTokens: 10, Overlap: 40}, 10, 5},
		{ChunkOptions{MaxTokens: -1, Overlap: 7}, 400, 7},
	}
	for _, tt := range tests {
		if m, o := tt.in.resolve(); m != tt.wantMax || o != tt.wantO {
			t.Errorf("%+v.resolve() = %d, %d; want %d, %d", tt.in, m, o, tt.wantMax, tt.wantO)
		}
	}
	if ChunkDocument(nil, ChunkOptions{}) != nil {
		t.Error("ChunkDocument(nil) should be nil")
	}
}
