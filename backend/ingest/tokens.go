package ingest

import (
	"unicode"
	"unicode/utf8"
)

// EstimateTokens estimates how many LLM tokens s takes, without a tokenizer.
//
//   - CJK characters (kanji, hiragana, katakana, Hangul, CJK punctuation and
//     full-width forms) count 1 token each.
//   - A word — a run of other letters, digits, marks and '_' — counts 1 token
//     per 4 characters, rounded up, so at least 1.
//   - Any other symbol or punctuation character counts 1 token.
//   - Whitespace counts nothing.
//
// The estimate is subadditive: EstimateTokens(a+b) <= EstimateTokens(a) +
// EstimateTokens(b), which is what lets the chunker pack pieces by adding
// their estimates.
func EstimateTokens(s string) int {
	var c tokenCounter
	for _, r := range s {
		c.add(r)
	}
	return c.total
}

// tokenCounter computes EstimateTokens one rune at a time.
type tokenCounter struct {
	total   int
	wordLen int // characters in the current word, 0 outside a word
}

// add counts r and returns the running total.
func (c *tokenCounter) add(r rune) int {
	switch {
	case isCJK(r):
		c.wordLen = 0
		c.total++
	case isWordRune(r):
		if c.wordLen%4 == 0 {
			c.total++
		}
		c.wordLen++
	case unicode.IsSpace(r):
		c.wordLen = 0
	default:
		c.wordLen = 0
		c.total++
	}
	return c.total
}

// cost returns how much adding r would raise the total, without adding it.
func (c *tokenCounter) cost(r rune) int {
	switch {
	case isCJK(r):
		return 1
	case isWordRune(r):
		if c.wordLen%4 == 0 {
			return 1
		}
		return 0
	case unicode.IsSpace(r):
		return 0
	default:
		return 1
	}
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// isCJK reports whether r is a wide East Asian character: kanji, kana,
// Hangul, CJK punctuation or a full-width form. Half-width katakana counts too.
func isCJK(r rune) bool {
	if r < 0x1100 {
		return false
	}
	switch {
	case r >= 0x3000 && r <= 0x303F, // CJK symbols and punctuation
		r >= 0x3040 && r <= 0x30FF,   // hiragana, katakana
		r >= 0x31F0 && r <= 0x31FF,   // katakana phonetic extensions
		r >= 0x3200 && r <= 0x33FF,   // enclosed CJK, compatibility
		r >= 0x3400 && r <= 0x4DBF,   // CJK extension A
		r >= 0x4E00 && r <= 0x9FFF,   // CJK unified ideographs
		r >= 0xF900 && r <= 0xFAFF,   // CJK compatibility ideographs
		r >= 0xFF00 && r <= 0xFFEF,   // half-width and full-width forms
		r >= 0x1100 && r <= 0x11FF,   // Hangul Jamo
		r >= 0xAC00 && r <= 0xD7AF,   // Hangul syllables
		r >= 0x20000 && r <= 0x3FFFF: // CJK extensions B and later
		return r != 0x3000 // the ideographic space is whitespace
	}
	return false
}

// lastRune returns the last rune of s, or 0 when s is empty.
func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	if r == utf8.RuneError && len(s) == 0 {
		return 0
	}
	return r
}

// firstRune returns the first rune of s, or 0 when s is empty.
func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && len(s) == 0 {
		return 0
	}
	return r
}
