package ingest

import (
	"fmt"
	"time"
)

// Document is one extracted page or file.
type Document struct {
	URL          string    // absolute URL or file:// URL, without a #fragment
	Title        string    // page or file title, never empty when the URL has a file name
	Breadcrumb   []string  // site breadcrumb trail if the page has one (e.g. ["玄界", "利用方法"]), else nil
	LastModified time.Time // from <meta>, front matter or the caller; zero if unknown
	Sections     []Section // in document order; text before the first heading is a Section with Heading ""
}

// Section is the content under one heading, up to the next heading of any level.
type Section struct {
	Heading string // heading text ("" for the lead)
	Level   int    // 1–6, 0 for the lead
	// Anchor is an id usable as URL#Anchor: the heading's own id, else the
	// id/name of an <a> inside or just before it, else the id of the
	// <section>, <article> or <div> the heading opens, else a GitHub-style slug of the heading text
	// (see slugger), made unique within the document with -1, -2, … . Empty
	// for the lead.
	Anchor string
	Path   []string // headings from the top down to this one, e.g. ["ジョブの実行", "GPUジョブ"]; nil for the lead
	Blocks []Block
}

// BlockKind says what a Block holds.
type BlockKind int

// The kinds of Block.
const (
	Paragraph BlockKind = iota // prose; whitespace collapsed, line breaks (<br>) kept as "\n"
	Code                       // verbatim preformatted text
	Table                      // one line per row, cells joined with " | ", header row first
	List                       // one line per item, "- item", nested items indented two spaces per level
)

var blockKindNames = [...]string{"paragraph", "code", "table", "list"}

// String returns "paragraph", "code", "table" or "list".
func (k BlockKind) String() string {
	if k >= 0 && int(k) < len(blockKindNames) {
		return blockKindNames[k]
	}
	return fmt.Sprintf("BlockKind(%d)", int(k))
}

// MarshalText encodes the kind as its String name, so JSON reads "code", not 1.
func (k BlockKind) MarshalText() ([]byte, error) {
	if k < 0 || int(k) >= len(blockKindNames) {
		return nil, fmt.Errorf("marshal block kind: unknown kind %d", int(k))
	}
	return []byte(blockKindNames[k]), nil
}

// UnmarshalText decodes a name written by MarshalText.
func (k *BlockKind) UnmarshalText(b []byte) error {
	for i, n := range blockKindNames {
		if n == string(b) {
			*k = BlockKind(i)
			return nil
		}
	}
	return fmt.Errorf("unmarshal block kind: unknown kind %q", b)
}

// Block is one paragraph, code block, table or list of a Section.
type Block struct {
	Kind BlockKind
	// Text is the content. Code: verbatim (whitespace and newlines kept
	// exactly). Table: one line per row, cells joined with " | ", header row
	// first. List: one line per item prefixed "- " (nested items indented by
	// two spaces per level). Paragraph: whitespace collapsed to single spaces,
	// explicit line breaks kept as "\n".
	Text string
}
