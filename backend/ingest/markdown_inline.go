package ingest

import (
	"html"
	"regexp"
	"strings"
)

var (
	mdImage     = regexp.MustCompile(`!\[([^\]]*)\]\([^)]*\)`)
	mdLink      = regexp.MustCompile(`\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)`)
	mdRefLink   = regexp.MustCompile(`\[([^\]]+)\]\[[^\]]*\]`)
	mdAutolink  = regexp.MustCompile(`<((?:https?|ftp|mailto):[^<>\s]+)>`)
	mdTag       = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)
	mdStrong    = regexp.MustCompile(`\*\*|__|~~`)
	mdEmphasis  = regexp.MustCompile(`\*([^*\s](?:[^*]*[^*\s])?)\*`)
	mdEscape    = regexp.MustCompile("\\\\([!-/:-@\\[-`{-~])")
	mdEscapeOut = regexp.MustCompile("[\uE021-\uE07E]")
)

// cleanInline reduces one line of inline Markdown to its text: code spans
// are kept as they are (without the backticks); elsewhere links and images
// become their text, emphasis markers and HTML tags are removed, and
// backslash escapes and entities are decoded. Whitespace is not collapsed.
func cleanInline(s string) string {
	if !strings.ContainsAny(s, "`*_~[]<>&\\!") {
		return s
	}
	var b strings.Builder
	for s != "" {
		i := strings.IndexByte(s, '`')
		if i < 0 {
			b.WriteString(cleanMarkup(s))
			break
		}
		b.WriteString(cleanMarkup(s[:i]))
		run := len(s[i:]) - len(strings.TrimLeft(s[i:], "`"))
		rest := s[i+run:]
		end := closingRun(rest, run)
		if end < 0 {
			b.WriteString(s[i : i+run])
			s = rest
			continue
		}
		code := rest[:end]
		if len(code) > 1 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.TrimSpace(code) != "" {
			code = code[1 : len(code)-1]
		}
		b.WriteString(code)
		s = rest[end+run:]
	}
	return b.String()
}

// closingRun finds a run of exactly n backticks in s.
func closingRun(s string, n int) int {
	for i := 0; i < len(s); {
		if s[i] != '`' {
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == '`' {
			j++
		}
		if j-i == n {
			return i
		}
		i = j
	}
	return -1
}

// cleanMarkup cleans inline Markdown outside code spans.
func cleanMarkup(s string) string {
	if s == "" {
		return s
	}
	// Hide escaped punctuation in the private-use area while the markup
	// rules run, then put it back.
	escaped := strings.Contains(s, `\`)
	if escaped {
		s = mdEscape.ReplaceAllStringFunc(s, func(m string) string { return string(rune(0xE000 + rune(m[1]))) })
	}
	s = mdImage.ReplaceAllString(s, "$1")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdRefLink.ReplaceAllString(s, "$1")
	s = mdAutolink.ReplaceAllString(s, "$1")
	s = mdTag.ReplaceAllString(s, "")
	s = mdStrong.ReplaceAllString(s, "")
	s = mdEmphasis.ReplaceAllString(s, "$1")
	if escaped {
		s = mdEscapeOut.ReplaceAllStringFunc(s, func(m string) string { return string([]rune(m)[0] - 0xE000) })
	}
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return s
}
