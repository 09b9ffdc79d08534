package ingest

import (
	"strconv"
	"strings"
	"unicode"
)

// slugger makes GitHub-style heading anchors, unique within one document.
//
// A slug is the heading text lower-cased, with every character that is not a
// letter, digit, mark, '_' or '-' removed, and each whitespace character
// replaced by '-'. Japanese is kept as is: "GPU ジョブ（概要）" → "gpu-ジョブ概要".
// A slug already taken gets -1, -2, … appended; an empty slug becomes
// "section". Ids that occur in the document are reserved up front, so a
// generated slug never points at some other element.
type slugger struct {
	used map[string]bool
	next map[string]int // next suffix to try per base slug
}

func newSlugger() *slugger { return &slugger{used: map[string]bool{}, next: map[string]int{}} }

// reserve marks an existing id as taken.
func (s *slugger) reserve(id string) {
	if id != "" {
		s.used[id] = true
	}
}

// slug returns a fresh unique anchor for heading text.
func (s *slugger) slug(text string) string {
	base := slugify(text)
	if base == "" {
		base = "section"
	}
	cand := base
	for s.used[cand] {
		s.next[base]++
		cand = base + "-" + strconv.Itoa(s.next[base])
	}
	s.used[cand] = true
	return cand
}

// slugify is the GitHub slug of text, without de-duplication.
func slugify(text string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(text)) {
		switch {
		case unicode.IsSpace(r):
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}
