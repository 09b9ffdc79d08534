package search

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// phrase is a synonym of a query word. It counts only where it occurs
// whole (its terms in a row), so a synonym never scores through a generic
// bigram it happens to contain (本国 in 日本国).
type phrase struct {
	text   string   // normalised
	terms  []string // its analysed terms
	key    string   // the terms joined by spaces: an FTS5 phrase
	weight float64
}

// expansions returns the synonyms (SudachiDict) of the words of the
// normalised query s that scaffolding (mask) does not cover, as phrases
// weighted VariantWeight for another spelling or translation of the same
// word and SynonymWeight for another word; at most MaxExpansions, none
// already written in the query.
func (l *Lexical) expansions(s string, mask []bool) []phrase {
	if l.p.VariantWeight <= 0 && l.p.SynonymWeight <= 0 || l.p.MaxExpansions <= 0 {
		return nil
	}
	syn, err := SudachiSynonyms()
	if err != nil {
		return nil // the embedded file is checked by tests; a query never fails on it
	}
	var out []phrase
	at := map[string]int{}
	for _, e := range syn.Expand(s, mask) {
		w := l.p.SynonymWeight
		if e.SameLexeme {
			w = l.p.VariantWeight
		}
		if w <= 0 || strings.Contains(s, e.Synonym) || crossScriptOnly && latinOnly(e.Word) == latinOnly(e.Synonym) {
			continue
		}
		if i, ok := at[e.Synonym]; ok {
			out[i].weight = max(out[i].weight, w)
			continue
		}
		terms := appendTerms(nil, e.Synonym)
		if len(terms) == 0 {
			continue
		}
		at[e.Synonym] = len(out)
		out = append(out, phrase{text: e.Synonym, terms: terms, key: strings.Join(terms, " "), weight: w})
		if len(out) == l.p.MaxExpansions {
			break
		}
	}
	return out
}

// phraseTerms lists the terms of ps, for their document frequencies.
func phraseTerms(ps []phrase) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.terms...)
	}
	return out
}

// phraseIDF returns each phrase's weighted IDF, taking as its document
// frequency that of its most common term (a bound: the phrase is in no more
// chunks), and records that figure in st.DocFreq under the phrase's key so
// candidates can match on it.
func phraseIDF(ps []phrase, st store.IndexStats) []float64 {
	idf := make([]float64, len(ps))
	n := float64(st.Chunks)
	for i, p := range ps {
		df := 0
		for _, t := range p.terms {
			df = max(df, st.DocFreq[t])
		}
		if _, ok := st.DocFreq[p.key]; !ok || len(p.terms) > 1 {
			st.DocFreq[p.key] = df
		}
		idf[i] = math.Log(1+(n-float64(df)+0.5)/(float64(df)+0.5)) * p.weight
	}
	return idf
}

// phraseScore is the BM25F score of the phrases in one chunk: whole
// occurrences in head (weight hw), own heading (weight lw) and body.
func phraseScore(ps []phrase, idf []float64, head, leaf, body string, hw, lw, k1, norm float64) float64 {
	var score float64
	for i, p := range ps {
		tf := hw*float64(countWhole(head, p.text)) + lw*float64(countWhole(leaf, p.text)) + float64(countWhole(body, p.text))
		if tf > 0 {
			score += idf[i] * tf * (k1 + 1) / (tf + norm)
		}
	}
	return score
}

// countWhole counts the occurrences of w in s that do not start or end
// inside a Latin word or number (build in rebuild does not count).
func countWhole(s, w string) int {
	if w == "" || s == "" {
		return 0
	}
	first, _ := utf8.DecodeRuneInString(w)
	last, _ := utf8.DecodeLastRuneInString(w)
	n := 0
	for off := 0; ; {
		i := strings.Index(s[off:], w)
		if i < 0 {
			return n
		}
		i += off
		ok := true
		if classOf(first) == word && i > 0 {
			r, _ := utf8.DecodeLastRuneInString(s[:i])
			ok = classOf(r) != word
		}
		if ok && classOf(last) == word && i+len(w) < len(s) {
			r, _ := utf8.DecodeRuneInString(s[i+len(w):])
			ok = classOf(r) != word
		}
		if ok {
			n++
		}
		off = i + len(w)
	}
}

// crossScriptOnly limits expansion to translations between Latin script and
// Japanese (cancel/キャンセル, default/デフォルト).
const crossScriptOnly = true

// latinOnly reports whether s has a Latin letter and no CJK character.
func latinOnly(s string) bool {
	has := false
	for _, r := range s {
		switch classOf(r) {
		case cjk:
			return false
		case word:
			has = true
		}
	}
	return has
}
