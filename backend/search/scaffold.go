package search

import (
	"sort"
	"strings"
)

// Question scaffolding: the words a question is framed in (〜したい, 〜には,
// どうすれば, 教えて, how do I, can I …) say what kind of answer is wanted,
// not what it is about. Query terms that fall inside scaffolding keep a
// small weight (Params.ScaffoldWeight) rather than none, so a query made of
// nothing else still finds something.

// scaffoldJa lists Japanese scaffolding, normalised (see Normalize). A query
// term overlapping one of these spans is scaffolding.
var scaffoldJa = []string{
	"したい", "したく", "させたい", "たい", "には", "について",
	"どうすれば", "どうやって", "どうしたら", "どうやったら", "どうする", "どうやる", "どのように", "どうやれば",
	"教えて", "知りたい", "方法", "やり方", "仕方", "手順は",
	"ですか", "ますか", "でしょうか", "のですか", "んですか", "ください", "てほしい", "ほしい", "ればいい", "たらいい",
	"できる", "できない", "できます", "できません", "?", "？",
}

// scaffoldEn lists English words that frame a question.
var scaffoldEn = map[string]bool{
	"how": true, "do": true, "does": true, "did": true, "i": true, "can": true, "could": true, "what": true,
	"which": true, "where": true, "who": true, "why": true, "when": true, "is": true, "are": true, "was": true,
	"the": true, "a": true, "an": true, "of": true, "to": true, "in": true, "on": true, "for": true, "my": true,
	"me": true, "it": true, "its": true, "and": true, "or": true, "with": true, "from": true, "by": true,
	"be": true, "should": true, "want": true, "way": true, "there": true, "this": true, "that": true, "any": true,
	"you": true, "your": true, "we": true, "our": true, "at": true, "as": true, "into": true, "them": true,
	"they": true, "would": true, "need": true, "get": true, "find": true, "please": true, "tell": true,
}

// span is a query term and the runes of the normalised query it covers.
type span struct {
	term     string
	from, to int // [from, to) in runes
}

// termSpans cuts normalised text exactly as appendTerms does and says where
// each term comes from.
func termSpans(s string) []span {
	runes := []rune(s)
	var out []span
	for i := 0; i < len(runes); {
		c := classOf(runes[i])
		j := i + 1
		for j < len(runes) && classOf(runes[j]) == c {
			j++
		}
		switch c {
		case cjk:
			if j-i == 1 {
				out = append(out, span{string(runes[i]), i, j})
			}
			for k := i; k+1 < j; k++ {
				out = append(out, span{string(runes[k : k+2]), k, k + 2})
			}
		case word:
			out = append(out, span{string(runes[i:j]), i, j})
		}
		if j < len(runes) && c != sep && classOf(runes[j]) != sep {
			out = append(out, span{string(runes[j-1 : j+1]), j - 1, j + 1})
		}
		i = j
	}
	return out
}

// scaffoldMask marks the runes of normalised query text that belong to
// scaffolding: Japanese phrases of scaffoldJa and English words of
// scaffoldEn.
func scaffoldMask(s string) []bool {
	runes := []rune(s)
	mask := make([]bool, len(runes))
	for _, p := range scaffoldJa {
		pr := []rune(p)
		for i := 0; i+len(pr) <= len(runes); i++ {
			if string(runes[i:i+len(pr)]) == p {
				for k := i; k < i+len(pr); k++ {
					mask[k] = true
				}
			}
		}
	}
	for i := 0; i < len(runes); {
		if classOf(runes[i]) != word {
			i++
			continue
		}
		j := i + 1
		for j < len(runes) && classOf(runes[j]) == word {
			j++
		}
		if scaffoldEn[string(runes[i:j])] {
			for k := i; k < j; k++ {
				mask[k] = true
			}
		}
		i = j
	}
	return mask
}

// QueryTerm is an analysed query term and its weight (1 for a content word
// of the query, less for scaffolding and for variants).
type QueryTerm struct {
	Term   string
	Weight float64
}

// queryTerms analyses a query: its distinct terms in order, each weighted
// scaffold when it overlaps question scaffolding and 1 otherwise (a term
// repeated keeps its highest weight).
func queryTerms(text string, scaffold float64) []QueryTerm {
	s := Normalize(text)
	return weighSpans(termSpans(s), scaffoldMask(s), scaffold)
}

// weighSpans weighs the distinct terms of spans: scaffold when a term
// overlaps a rune marked in mask, 1 otherwise.
func weighSpans(spans []span, mask []bool, scaffold float64) []QueryTerm {
	at := map[string]int{}
	var out []QueryTerm
	for _, sp := range spans {
		w := scaffold
		for k := sp.from; k < sp.to; k++ {
			if !mask[k] {
				w = 1
				break
			}
		}
		if i, ok := at[sp.term]; ok {
			out[i].Weight = max(out[i].Weight, w)
			continue
		}
		at[sp.term] = len(out)
		out = append(out, QueryTerm{sp.term, w})
	}
	return out
}

// StripScaffold returns the content words of a question: its text with
// the scaffolding replaced by spaces (for display and tests).
func StripScaffold(text string) string {
	s := Normalize(text)
	mask := scaffoldMask(s)
	runes := []rune(s)
	for i := range runes {
		if mask[i] {
			runes[i] = ' '
		}
	}
	return strings.Join(strings.Fields(string(runes)), " ")
}

func init() {
	// Longer phrases first does not matter for a mask, but keep the list
	// normalised so matching on normalised text is exact.
	for i, p := range scaffoldJa {
		scaffoldJa[i] = Normalize(p)
	}
	sort.Strings(scaffoldJa)
}

// queryTerms analyses q with l's weights (see queryTerms) and finds the
// synonyms of its words as phrases (see expansions); mask is the query's
// scaffolding.
func (l *Lexical) queryTerms(q string) ([]QueryTerm, []phrase) {
	w := l.p.ScaffoldWeight
	if w <= 0 {
		w = 1
	}
	s := Normalize(q)
	mask := scaffoldMask(s)
	return weighSpans(termSpans(s), mask, w), l.expansions(s, mask)
}

// matchTerms are the terms that find candidates: those weighing at least
// 0.3 (not scaffolding) and the synonym phrases weighing as much, or all
// the terms when there are none.
func matchTerms(qt []QueryTerm, ps []phrase) []string {
	var full, all []string
	for _, p := range ps {
		if p.weight >= 0.3 {
			full = append(full, p.key)
		}
	}
	for _, t := range qt {
		all = append(all, t.Term)
		if t.Weight >= 0.3 {
			full = append(full, t.Term)
		}
	}
	if len(full) == 0 {
		return all
	}
	return full
}
