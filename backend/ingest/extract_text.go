package ingest

import (
	"fmt"
	"strings"
)

// ExtractText extracts a plain-text document.
//
// The body's encoding is sniffed: a byte-order mark, then ISO-2022-JP escape
// sequences, then UTF-8 if valid, then Shift_JIS or EUC-JP when the bytes read
// as Japanese, else windows-1252; invalid bytes become U+FFFD. The document has
// one lead Section whose Paragraphs are split on blank lines; within a
// paragraph each line is trimmed with inner runs of whitespace collapsed, and
// the line breaks are kept ("\n"), since plain-text line structure often
// carries meaning (commands, lists). The title is the first non-empty line,
// else the file name of docURL.
//
// ExtractText returns ErrNotText (wrapped) for a body with NUL bytes in its
// first 8 KB.
func ExtractText(body []byte, docURL string) (*Document, error) {
	if err := checkText(body); err != nil {
		return nil, fmt.Errorf("extract text: %w", err)
	}
	doc := &Document{URL: stripFragment(docURL)}
	b := newDocBuilder(doc)
	var para []string
	flush := func() {
		if len(para) > 0 {
			b.add(Block{Kind: Paragraph, Text: strings.Join(para, "\n")})
			para = nil
		}
	}
	for _, line := range splitLines(decodeText(body)) {
		l := collapse(line)
		if l == "" {
			flush()
			continue
		}
		if doc.Title == "" {
			doc.Title = truncateRunes(l, maxTitleRunes)
		}
		para = append(para, l)
	}
	flush()
	b.finish()
	if doc.Title == "" {
		doc.Title = fileName(doc.URL)
	}
	return doc, nil
}

// maxTitleRunes bounds a title taken from running text.
const maxTitleRunes = 200

// truncateRunes returns s cut to at most n runes.
func truncateRunes(s string, n int) string {
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
