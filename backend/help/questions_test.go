package help

import (
	"os"
	"path"
	"strings"
	"testing"
	"unicode/utf8"
)

// question is one line of testdata/help-questions.tsv:
// id, question, page path relative to docs/, section anchor.
type question struct {
	ID, Text, Page, Anchor string
	Line                   int
}

func readQuestions(t *testing.T) []question {
	t.Helper()
	b, err := os.ReadFile("testdata/help-questions.tsv")
	if err != nil {
		t.Fatal(err)
	}
	var qs []question
	for i, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("help-questions.tsv:%d: %d fields, want id, question, page, anchor separated by tabs", i+1, len(f))
		}
		qs = append(qs, question{ID: f[0], Text: f[1], Page: f[2], Anchor: f[3], Line: i + 1})
	}
	return qs
}

// leadTerms are the words a user would type for each question; every term
// (or one of its "|" alternatives) must appear in the expected section's
// heading, its parent headings or the first leadRunes of its text, where
// both the lexical ranking (headings weigh 3×) and a reader look first.
// Japanese synonyms are listed separately so that every phrasing is
// there: 取り方/作成/取る, 戻す/復元/リストア.
var leadTerms = map[string][]string{
	"q01": {"バックアップ", "取り方", "作成", "取る"},
	"q02": {"バックアップ", "戻す", "復元", "リストア"},
	"q03": {"Ollama", "起動"},
	"q04": {"モデル", "追加", "取得", "ダウンロード"},
	"q05": {"サイト", "登録", "追加", "URL"},
	"q06": {"フォルダ", "取り込", "追加|登録"},
	"q07": {"回答に使うモデル", "切り替え", "変える"},
	"q08": {"資料に記載がありません"},
	"q09": {"restore", "backup"},
	"q10": {"install", "ollama"},
	"q11": {"port", "in use"},
	"q12": {"data", "settings", "where"},
}

const leadRunes = 400

// lead returns the headings above and of the section, and the start of
// its text, lower-cased.
func lead(p page, anchor string) (string, bool) {
	h, body, ok := p.section(anchor)
	if !ok {
		return "", false
	}
	parts := []string{h.Text}
	level := h.Level
	for i := len(p.Headings) - 1; i >= 0; i-- {
		if g := p.Headings[i]; g.Line < h.Line && g.Level < level {
			parts = append(parts, g.Text)
			level = g.Level
		}
	}
	body = strings.TrimSpace(body)
	if utf8.RuneCountInString(body) > leadRunes {
		body = string([]rune(body)[:leadRunes])
	}
	return strings.ToLower(strings.Join(parts, "\n") + "\n" + body), true
}

func TestHelpQuestions(t *testing.T) {
	qs := readQuestions(t)
	if len(qs) != 12 {
		t.Errorf("%d questions, want 12", len(qs))
	}
	pages := readPages(t, All())
	seen := map[string]bool{}
	for _, q := range qs {
		if seen[q.ID] {
			t.Errorf("line %d: id %s repeats", q.Line, q.ID)
		}
		seen[q.ID] = true
		if strings.TrimSpace(q.Text) == "" {
			t.Errorf("%s: empty question", q.ID)
		}
		p, ok := pages[q.Page]
		if !ok {
			t.Errorf("%s: no page %s under docs/", q.ID, q.Page)
			continue
		}
		japanese := strings.ContainsFunc(q.Text, func(r rune) bool { return r >= 0x3040 && r <= 0x9fff })
		if lang := path.Dir(q.Page); japanese != (lang == "ja") {
			t.Errorf("%s: question %q is answered by a page in %s; ask Japanese questions of ja/ pages and English of en/", q.ID, q.Text, lang)
		}
		text, ok := lead(p, q.Anchor)
		if !ok {
			t.Errorf("%s: %s has no section with anchor %q", q.ID, q.Page, q.Anchor)
			continue
		}
		terms, ok := leadTerms[q.ID]
		if !ok {
			t.Errorf("%s: no lead terms listed in leadTerms", q.ID)
		}
		for _, term := range terms {
			found := false
			for _, alt := range strings.Split(term, "|") {
				found = found || strings.Contains(text, strings.ToLower(alt))
			}
			if !found {
				t.Errorf("%s %q: the heading and first %d characters of %s#%s do not contain %q", q.ID, q.Text, leadRunes, q.Page, q.Anchor, term)
			}
		}
	}
	for id := range leadTerms {
		if !seen[id] {
			t.Errorf("leadTerms has %s, which is not in help-questions.tsv", id)
		}
	}
}
