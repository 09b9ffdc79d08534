package ingest

// docBuilder collects Sections and Blocks for the extractors: it keeps the
// heading path and makes anchors unique.
type docBuilder struct {
	doc   *Document
	slugs *slugger
	path  []pathEntry
}

type pathEntry struct {
	level int
	text  string
}

// newDocBuilder starts doc with an empty lead section.
func newDocBuilder(doc *Document) docBuilder {
	doc.Sections = []Section{{}}
	return docBuilder{doc: doc, slugs: newSlugger()}
}

func (b *docBuilder) cur() *Section { return &b.doc.Sections[len(b.doc.Sections)-1] }

// add appends a block to the current section.
func (b *docBuilder) add(bl Block) {
	b.cur().Blocks = append(b.cur().Blocks, bl)
}

// heading starts a section. An empty anchor gets a generated slug.
func (b *docBuilder) heading(text string, level int, anchor string) {
	if anchor == "" {
		anchor = b.slugs.slug(text)
	}
	for len(b.path) > 0 && b.path[len(b.path)-1].level >= level {
		b.path = b.path[:len(b.path)-1]
	}
	b.path = append(b.path, pathEntry{level, text})
	p := make([]string, len(b.path))
	for i, e := range b.path {
		p[i] = e.text
	}
	b.doc.Sections = append(b.doc.Sections, Section{Heading: text, Level: level, Anchor: anchor, Path: p})
}

// finish drops an empty lead section.
func (b *docBuilder) finish() {
	s := b.doc.Sections
	if len(s) > 0 && s[0].Level == 0 && len(s[0].Blocks) == 0 {
		s = s[1:]
	}
	if len(s) == 0 {
		s = nil
	}
	b.doc.Sections = s
}
