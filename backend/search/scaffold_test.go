package search

import (
	"reflect"
	"strings"
	"testing"
)

func TestStripScaffold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ジョブを取り消したい", "ジョブを取り消"},
		{"インタラクティブジョブの実行方法は？", "インタラクティブジョブの実行 は"},
		{"どうすればログを減らせますか", "ログを減らせ"},
		{"ホーム領域の容量を教えて", "ホム領域の容量を"},
		{"How do I cancel a job?", "cancel job"},
		{"Can I prerender my pages?", "prerender pages"},
		{"メモリの上限", "メモリの上限"},
	}
	for _, tt := range tests {
		if got := StripScaffold(tt.in); got != tt.want {
			t.Errorf("StripScaffold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestQueryTermsWeights checks which terms are scaffolding: those wholly
// inside a scaffold phrase or word.
func TestQueryTermsWeights(t *testing.T) {
	tests := []struct {
		q    string
		low  []string // weight = scaffold
		full []string // weight 1
	}{
		{"ジョブを削除したい", []string{"した", "たい"}, []string{"ジョ", "削除", "除し"}},
		{"how do I cancel a job", []string{"how", "do", "i", "a"}, []string{"cancel", "job"}},
		{"実行方法を教えて", []string{"方法", "教え", "えて"}, []string{"実行", "行方", "法を"}},
	}
	for _, tt := range tests {
		got := map[string]float64{}
		for _, qt := range queryTerms(tt.q, 0.1) {
			got[qt.Term] = qt.Weight
		}
		for _, term := range tt.low {
			if w, ok := got[term]; !ok || w != 0.1 {
				t.Errorf("%q: term %q weight %v (present %v), want 0.1", tt.q, term, w, ok)
			}
		}
		for _, term := range tt.full {
			if w, ok := got[term]; !ok || w != 1 {
				t.Errorf("%q: term %q weight %v (present %v), want 1", tt.q, term, w, ok)
			}
		}
	}
}

// TestTermSpansMatchTerms checks that termSpans cuts exactly as Terms does
// and that each span points at its term.
func TestTermSpansMatchTerms(t *testing.T) {
	for _, s := range []string{"", "GPUジョブを5月に投入", "コンピューターのメモリ 32GiB", "a", "雨", "how do I build?", "ｶﾀｶﾅとＡＢＣ"} {
		n := Normalize(s)
		var terms []string
		runes := []rune(n)
		for _, sp := range termSpans(n) {
			terms = append(terms, sp.term)
			if string(runes[sp.from:sp.to]) != sp.term {
				t.Errorf("%q: span %d:%d is %q, term %q", s, sp.from, sp.to, string(runes[sp.from:sp.to]), sp.term)
			}
		}
		if want := Terms(s); !reflect.DeepEqual(terms, want) && !(len(terms) == 0 && len(want) == 0) {
			t.Errorf("%q: spans %v, Terms %v", s, terms, want)
		}
	}
}

func TestScaffoldListNormalised(t *testing.T) {
	for _, p := range scaffoldJa {
		if Normalize(p) != p || strings.TrimSpace(p) == "" {
			t.Errorf("scaffold phrase %q is not normalised", p)
		}
	}
}
