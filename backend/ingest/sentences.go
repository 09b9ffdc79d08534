package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// isSentenceEnd reports whether r ends a sentence: 。！？!? and the
// full-width period "．" used in academic Japanese.
func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '？', '!', '?', '．':
		return true
	}
	return false
}

// isCloser reports whether r closes a quotation or bracket, which stays with
// the sentence it ends: "「完了。」" is one sentence.
func isCloser(r rune) bool {
	switch r {
	case '」', '』', '）', ')', '】', '〕', '〉', '》', '"', '\'', '”', '’', ']', '］':
		return true
	}
	return false
}

// splitSentences cuts s after each sentence end (see isSentenceEnd, plus an
// ASCII '.' followed by whitespace), together with the closing brackets and
// the whitespace that follow it, and after each newline. The pieces
// concatenate back to s exactly; none is empty.
func splitSentences(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		end := -1
		switch {
		case r == '\n':
			end = i + size
		case isSentenceEnd(r) || (r == '.' && i+1 < len(s) && (s[i+1] == ' ' || s[i+1] == '\n' || s[i+1] == '\t')):
			j := i + size
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !isSentenceEnd(r2) && !isCloser(r2) && r2 != '.' {
					break
				}
				j += n
			}
			// Trailing blanks, up to and including one newline.
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if r2 == '\n' {
					j += n
					break
				}
				if !unicode.IsSpace(r2) {
					break
				}
				j += n
			}
			end = j
		}
		if end < 0 {
			i += size
			continue
		}
		out = append(out, s[start:end])
		start, i = end, end
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// isSoftBreak reports whether a piece too long for the budget may be cut
// after r: a space or a clause-level punctuation mark.
func isSoftBreak(r rune) bool {
	switch r {
	case '、', '，', ',', ';', '；', ':', '：', '・', ')', '）', '」', '』':
		return true
	}
	return unicode.IsSpace(r)
}

// splitToBudget cuts s into pieces of at most budget tokens each
// (budget >= 1), after the last soft break that keeps at least half the
// piece, else mid-text at a character boundary. The pieces concatenate
// back to s.
func splitToBudget(s string, budget int) []string {
	var out []string
	for s != "" {
		var c tokenCounter
		cut, soft, over := 0, 0, false
		for i := 0; i < len(s); {
			r, size := utf8.DecodeRuneInString(s[i:])
			if c.total+c.cost(r) > budget {
				over = true
				break
			}
			c.add(r)
			i += size
			cut = i
			if isSoftBreak(r) {
				soft = cut
			}
		}
		if !over {
			out = append(out, s)
			break
		}
		if soft*2 >= cut && soft > 0 {
			cut = soft
		}
		if cut == 0 { // budget < 1: one character per piece
			_, cut = utf8.DecodeRuneInString(s)
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	return out
}

// splitLinesKeep cuts s after each "\n"; the pieces concatenate back to s.
func splitLinesKeep(s string) []string {
	var out []string
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}
