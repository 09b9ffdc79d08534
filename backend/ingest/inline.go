package ingest

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// inlineText accumulates running text the way a browser lays it out: runs of
// whitespace collapse to one space, explicit breaks become "\n", and a source
// line break between two CJK characters disappears (Japanese is written
// without spaces, so "計算\nノード" in the source reads "計算ノード").
type inlineText struct {
	b    strings.Builder
	pend int  // pending whitespace: 0 none, 1 space, 2 segment break (source newline)
	last rune // last rune written, 0 at the start
}

const (
	pendNone = iota
	pendSpace
	pendBreak
)

// write appends s, collapsing whitespace.
func (t *inlineText) write(s string) {
	for _, r := range s {
		if unicode.IsSpace(r) {
			p := pendSpace
			if r == '\n' || r == '\r' {
				p = pendBreak
			}
			t.pend = max(t.pend, p)
			continue
		}
		if unicode.IsControl(r) {
			continue // NUL, escape and friends have no place in prose
		}
		if t.pend != pendNone && t.last != 0 && t.last != '\n' {
			if !(t.pend == pendBreak && isCJK(t.last) && isCJK(r)) {
				t.b.WriteByte(' ')
			}
		}
		t.pend = pendNone
		t.b.WriteRune(r)
		t.last = r
	}
}

// lineBreak appends an explicit line break (<br>, Markdown hard break).
// Consecutive breaks collapse to one; a break at the start is dropped.
func (t *inlineText) lineBreak() {
	t.pend = pendNone
	if t.last == 0 || t.last == '\n' {
		return
	}
	t.b.WriteByte('\n')
	t.last = '\n'
}

// empty reports whether nothing but whitespace was written.
func (t *inlineText) empty() bool { return t.b.Len() == 0 }

// take returns the collected text, NFC-normalised and trimmed, and resets t.
func (t *inlineText) take() string {
	s := strings.TrimRight(t.b.String(), "\n")
	t.b.Reset()
	t.pend = pendNone
	t.last = 0
	return norm.NFC.String(s)
}

// collapse returns s with whitespace collapsed as inlineText does, on one
// line: explicit newlines become spaces too.
func collapse(s string) string {
	var t inlineText
	t.write(s)
	return t.take()
}

// oneLine turns the "\n" breaks of collapsed text into spaces.
func oneLine(s string) string {
	if !strings.Contains(s, "\n") {
		return s
	}
	return strings.ReplaceAll(s, "\n", " ")
}
