package search

import (
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

const synSample = `000217,1,0,1,0,0,0,(),キャンセル,,
000217,1,0,1,0,0,1,(),cancel,,
000217,1,0,2,0,0,0,(),取り消し,,
000217,1,0,2,0,0,2,(),取消,,
000217,1,1,4,0,0,0,(),破棄,,

000508,1,0,1,0,0,0,(),デフォルト,,
000508,1,0,1,0,0,1,(),default,,
000508,1,2,1,0,0,3,(),デフォルド,,
`

func TestLoadSynonyms(t *testing.T) {
	s, err := LoadSynonyms(strings.NewReader(synSample))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       []string // word→synonym (same lexeme marked =)
	}{
		{"katakana to its translation and another word", "キャンセルしたい", []string{"キャンセル=cancel", "キャンセル~取り消し", "キャンセル~取消", "キャンセル~破棄"}},
		{"english whole word only", "cancel job", []string{"cancel=キャンセル", "cancel~取り消し", "cancel~取消", "cancel~破棄"}},
		{"english inside a word does not match", "cancelled", nil},
		{"flag 1 word does not trigger", "破棄する", nil},
		{"flag 2 line ignored", "デフォルド", nil},
		{"normalised: full width and case", "ＤＥＦＡＵＬＴ", []string{"default=デフォルト"}},
		{"long vowel folded", "デフォルトー", []string{"デフォルト=default"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, e := range s.Expand(Normalize(tt.text), nil) {
				sep := "~"
				if e.SameLexeme {
					sep = "="
				}
				got = append(got, Normalize(e.Word)+sep+e.Synonym)
			}
			want := append([]string(nil), tt.want...)
			for i := range want {
				w, syn, _ := strings.Cut(strings.NewReplacer("=", "\x00=", "~", "\x00~").Replace(want[i]), "\x00")
				want[i] = Normalize(w) + syn[:1] + Normalize(syn[1:])
			}
			sort.Strings(got)
			sort.Strings(want)
			if !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
				t.Errorf("Expand(%q) = %v, want %v", tt.text, got, want)
			}
		})
	}
	if got := s.Expand("キャンセル", []bool{true, true, true, true}); got != nil {
		t.Errorf("a scaffolding span expanded: %v", got)
	}
}

func TestLoadSynonymsErrors(t *testing.T) {
	for _, in := range []string{"000001,1,0\n", "000001,1,0,1,0,0,0,(),\"unterminated\n"} {
		if _, err := LoadSynonyms(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "load synonyms") {
			t.Errorf("LoadSynonyms(%q) error = %v, want a load synonyms error", in, err)
		}
	}
}

// TestSudachiEmbedded checks the shipped dictionary loads and holds the
// variants the ranking relies on.
func TestSudachiEmbedded(t *testing.T) {
	s, err := SudachiSynonyms()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.groups) < 20000 {
		t.Fatalf("%d groups, want the whole dictionary (about 25,000)", len(s.groups))
	}
	has := func(text, syn string) bool {
		for _, e := range s.Expand(Normalize(text), nil) {
			if e.Synonym == Normalize(syn) {
				return true
			}
		}
		return false
	}
	for _, p := range [][2]string{{"cancel", "キャンセル"}, {"キャンセル", "取り消し"}, {"default", "デフォルト"}, {"取り消し", "取消"}} {
		if !has(p[0], p[1]) {
			t.Errorf("%s does not expand to %s", p[0], p[1])
		}
	}
}

// TestExpansionsCrossScript checks that only translations between Latin
// script and Japanese are added, each as a whole phrase, and never a
// spelling already in the query.
func TestExpansionsCrossScript(t *testing.T) {
	l := NewLexical(nil, DefaultParams())
	got := map[string]float64{}
	for _, p := range l.expansions(Normalize("cancel キャンセル default"), nil) {
		got[p.text] = p.weight
	}
	if got[Normalize("デフォルト")] != DefaultParams().VariantWeight {
		t.Errorf("default→デフォルト missing: %v", got)
	}
	if _, ok := got[Normalize("キャンセル")]; ok {
		t.Errorf("キャンセル is in the query already: %v", got)
	}
	if _, ok := got["取り消し"]; ok {
		t.Errorf("same-script synonym added: %v", got)
	}
}

func TestCountWhole(t *testing.T) {
	tests := []struct {
		s, w string
		want int
	}{
		{"rebuild the build", "build", 1},
		{"build,build", "build", 2},
		{"キャンセルとキャンセル", "キャンセル", 2},
		{"cancelled", "cancel", 0},
		{"", "x", 0},
	}
	for _, tt := range tests {
		if got := countWhole(tt.s, tt.w); got != tt.want {
			t.Errorf("countWhole(%q, %q) = %d, want %d", tt.s, tt.w, got, tt.want)
		}
	}
}

// TestVariantFindsTranslation checks an English question finds a Japanese
// passage through the translation of its word (cancel → キャンセル), the
// translation weighing less than the word itself would.
func TestVariantFindsTranslation(t *testing.T) {
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "v.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	src, _ := st.EnsureSource(t.Context(), "folder", "/docs", "docs", "")
	for _, d := range []struct{ url, text string }{
		{"file:///submit.md", "ジョブの投入は pjsub で行います。ジョブの状態は pjstat で見ます。"},
		{"file:///cancel.md", "ジョブのキャンセルは pjdel で行います。"},
	} {
		c := store.ChunkInput{Title: "ジョブ", URL: d.url, Text: d.text}
		AnalyzeChunk(&c)
		if _, err := st.ReplacePage(t.Context(), store.PageInput{SourceID: src.ID, URL: d.url, FetchedAt: time.Now()}, []store.ChunkInput{c}); err != nil {
			t.Fatal(err)
		}
	}
	for _, q := range []string{"cancel", "how do I cancel a job"} {
		hits, err := NewLexical(st, DefaultParams()).Search(t.Context(), Query{Text: q, K: 2})
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) == 0 || hits[0].URL != "file:///cancel.md" {
			t.Errorf("%q: hits %v, want file:///cancel.md first", q, hits)
		}
	}
	p := DefaultParams()
	p.VariantWeight = 0
	if hits, _ := NewLexical(st, p).Search(t.Context(), Query{Text: "cancel", K: 2}); len(hits) != 0 {
		t.Errorf("without variants %q should find nothing, got %v", "cancel", hits)
	}
}
