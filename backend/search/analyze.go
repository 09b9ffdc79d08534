// Package search finds the passages that answer a question: Japanese-aware
// lexical search over SQLite FTS5 with a BM25F re-ranking in Go, vector
// search over embeddings kept in SQLite and held in memory (VectorIndex,
// Vectors), their reciprocal rank fusion (Hybrid), and an evaluator that
// measures them on BEIR-layout sets.
//
// Text is normalised (NFKC, lower case, katakana long-vowel folding) and cut
// into terms: CJK runs become character bigrams (a one-character run stays a
// unigram), Latin letters and digits become words, and where a word touches
// a CJK run the two characters across the boundary form one more bigram. Documents and queries go
// through the same analyser.
package search

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// prolonged is the katakana long-vowel mark ー.
const prolonged = 'ー'

// Normalize applies NFKC, lower-casing and long-vowel folding: a ー after a
// katakana letter is dropped, so コンピューター and コンピュータ match.
func Normalize(s string) string {
	s = strings.ToLower(norm.NFKC.String(s))
	if !strings.ContainsRune(s, prolonged) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	prevKatakana := false
	for _, r := range s {
		if r == prolonged && prevKatakana {
			continue
		}
		prevKatakana = unicode.Is(unicode.Katakana, r)
		b.WriteRune(r)
	}
	return b.String()
}

// class of a rune for term cutting.
type class int

const (
	sep class = iota
	cjk
	word
)

func classOf(r rune) class {
	// Fast paths for the common ranges; the tables below are the definition.
	switch {
	case r < 0x80:
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return word
		}
		return sep
	case 0x3041 <= r && r <= 0x3096, 0x30A1 <= r && r <= 0x30FA, r == prolonged, 0x4E00 <= r && r <= 0x9FFF:
		return cjk
	case 0x3000 <= r && r <= 0x3004, 0x3008 <= r && r <= 0x3020:
		return sep // CJK punctuation and brackets: 、。「」【】
	}
	return classByTable(r)
}

// classByTable classifies r by the Unicode tables; classOf's fast paths
// must agree with it.
func classByTable(r rune) class {
	switch {
	case unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r) || r == prolonged || r == '々':
		return cjk
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		return word
	}
	return sep
}

// Terms normalises s and cuts it into index terms, in order, with repeats.
func Terms(s string) []string {
	return appendTerms(nil, Normalize(s))
}

// appendTerms cuts already normalised text.
func appendTerms(out []string, s string) []string {
	runes := []rune(s)
	for i := 0; i < len(runes); {
		c := classOf(runes[i])
		j := i + 1
		for j < len(runes) && classOf(runes[j]) == c {
			j++
		}
		switch c {
		case cjk:
			if j-i == 1 {
				out = append(out, string(runes[i]))
			}
			for k := i; k+1 < j; k++ {
				out = append(out, string(runes[k:k+2]))
			}
		case word:
			out = append(out, string(runes[i:j]))
		}
		// A word touching a CJK run ("5月", "GPUジョブ") also yields the
		// bigram across the boundary: it ties numbers and names to their
		// counters and nouns.
		if j < len(runes) && c != sep && classOf(runes[j]) != sep {
			out = append(out, string(runes[j-1:j+1]))
		}
		i = j
	}
	return out
}
