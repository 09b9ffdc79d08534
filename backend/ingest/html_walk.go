package ingest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlWalker turns the content subtree of a page into Sections and Blocks.
type htmlWalker struct {
	docBuilder
	text  inlineText // pending paragraph or list-item text
	list  []string   // pending lines of the current List block
	depth int        // list nesting depth
}

// blockTags end the running paragraph when they open and when they close.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Blockquote: true, atom.Body: true,
	atom.Caption: true, atom.Center: true, atom.Dd: true, atom.Details: true,
	atom.Dialog: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.Header: true, atom.Hgroup: true, atom.Hr: true, atom.Html: true,
	atom.Legend: true, atom.Main: true, atom.P: true, atom.Section: true,
	atom.Summary: true, atom.Tbody: true, atom.Td: true, atom.Tfoot: true,
	atom.Th: true, atom.Thead: true, atom.Tr: true, atom.Table: true,
	atom.Frameset: true, atom.Noframes: true, atom.Listing: true, atom.Xmp: true,
	atom.Plaintext: true,
}

var headingLevels = map[atom.Atom]int{
	atom.H1: 1, atom.H2: 2, atom.H3: 3, atom.H4: 4, atom.H5: 5, atom.H6: 6,
}

// newHTMLWalker prepares a walker whose generated anchors avoid every id
// and <a name> of the page.
func newHTMLWalker(doc *Document, root *html.Node) *htmlWalker {
	w := &htmlWalker{docBuilder: newDocBuilder(doc)}
	var reserve func(*html.Node)
	reserve = func(n *html.Node) {
		if n.Type == html.ElementNode {
			w.slugs.reserve(attr(n, "id"))
			if n.DataAtom == atom.A {
				w.slugs.reserve(attr(n, "name"))
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			reserve(c)
		}
	}
	reserve(root)
	return w
}

// walk reads the subtree at root; root itself is never dropped.
func (w *htmlWalker) walk(root *html.Node) {
	w.element(root)
}

func (w *htmlWalker) node(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text.write(n.Data)
	case html.ElementNode:
		if !dropped(n) {
			w.element(n)
		}
	case html.DocumentNode:
		w.children(n)
	}
}

func (w *htmlWalker) children(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.node(c)
	}
}

func (w *htmlWalker) element(n *html.Node) {
	if lvl, ok := headingLevels[n.DataAtom]; ok {
		w.heading(n, lvl)
		return
	}
	switch n.DataAtom {
	case atom.Pre, atom.Listing, atom.Xmp, atom.Plaintext:
		if code := nodeText(n); strings.TrimSpace(code) != "" {
			w.addBlock(Block{Kind: Code, Text: code})
		}
	case atom.Table:
		if isLayoutTable(n) {
			w.flushText()
			w.children(n)
			w.flushText()
		} else {
			w.table(n)
		}
	case atom.Ul, atom.Ol, atom.Menu, atom.Dir:
		w.flushText()
		w.depth++
		w.children(n)
		w.flushText()
		w.depth--
		if w.depth == 0 {
			w.flushList()
		}
	case atom.Li:
		w.flushText()
		w.children(n)
		w.flushText()
	case atom.Br:
		w.text.lineBreak()
	case atom.Img:
		// Images carry no text worth indexing; alt texts are mostly "icon".
	default:
		if blockTags[n.DataAtom] {
			w.flushText()
			w.children(n)
			w.flushText()
			return
		}
		w.children(n)
	}
}

// flushText ends the running paragraph or list item.
func (w *htmlWalker) flushText() {
	s := w.text.take()
	if s == "" {
		return
	}
	if w.depth > 0 {
		w.list = append(w.list, strings.Repeat("  ", w.depth-1)+"- "+oneLine(s))
		return
	}
	w.flushList()
	w.add(Block{Kind: Paragraph, Text: s})
}

// flushList ends the running List block.
func (w *htmlWalker) flushList() {
	if len(w.list) == 0 {
		return
	}
	w.add(Block{Kind: List, Text: strings.Join(w.list, "\n")})
	w.list = nil
}

// addBlock ends running text and lists, then appends b.
func (w *htmlWalker) addBlock(b Block) {
	w.flushText()
	w.flushList()
	w.add(b)
}

// finish flushes pending text and drops an empty lead section.
func (w *htmlWalker) finish() {
	w.flushText()
	w.flushList()
	w.docBuilder.finish()
}

func (w *htmlWalker) heading(n *html.Node, level int) {
	// Unclosed headings in broken markup swallow what follows
	// ("<h2>概要<p>本文…"): only the inline text before the first block
	// element is the heading; the rest is content.
	var rest *html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && (blockTags[c.DataAtom] || isListOrPre(c.DataAtom)) {
			rest = c
			break
		}
	}
	text := oneLine(w.inlineUntil(n, rest))
	if text == "" {
		w.flushText()
		w.children(n)
		w.flushText()
		return
	}
	w.flushText()
	w.flushList()
	w.docBuilder.heading(text, level, headingAnchor(n))
	for c := rest; c != nil; c = c.NextSibling {
		w.node(c)
	}
	w.flushText()
}

func isListOrPre(a atom.Atom) bool {
	switch a {
	case atom.Ul, atom.Ol, atom.Li, atom.Pre, atom.Dl, atom.Menu:
		return true
	}
	_, h := headingLevels[a]
	return h
}

// inlineUntil is the collapsed text of n's children before stop.
func (w *htmlWalker) inlineUntil(n, stop *html.Node) string {
	var t inlineText
	for c := n.FirstChild; c != nil && c != stop; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			t.write(c.Data)
		case c.Type == html.ElementNode && !dropped(c):
			t.write(" ")
			t.write(w.cellText(c))
			t.write(" ")
		}
	}
	return t.take()
}

// headingAnchor returns the id a link to heading h can use: its own id, the
// id of an element inside it or the id/name of an <a> inside it, the id/name
// of an <a> just before it or around it, or the id of a section it opens.
func headingAnchor(h *html.Node) string {
	if id := strings.TrimSpace(attr(h, "id")); id != "" {
		return id
	}
	if in := findElement(h, func(n *html.Node) bool { return anchorOf(n) != "" }); in != nil {
		return anchorOf(in)
	}
	prev := h.PrevSibling
	for prev != nil && (prev.Type == html.CommentNode || (prev.Type == html.TextNode && strings.TrimSpace(prev.Data) == "")) {
		prev = prev.PrevSibling
	}
	if prev != nil && prev.DataAtom == atom.A && attr(prev, "href") == "" {
		if a := anchorOf(prev); a != "" {
			return a
		}
	}
	if p := h.Parent; p != nil {
		if p.DataAtom == atom.A {
			if a := anchorOf(p); a != "" {
				return a
			}
		}
		if p.DataAtom == atom.Section || p.DataAtom == atom.Div || p.DataAtom == atom.Article {
			first := p.FirstChild
			for first != nil && first.Type != html.ElementNode {
				first = first.NextSibling
			}
			if first == h {
				return strings.TrimSpace(attr(p, "id"))
			}
		}
	}
	return ""
}

// anchorOf is n's id, or for <a> its id or name.
func anchorOf(n *html.Node) string {
	if n.Type != html.ElementNode {
		return ""
	}
	if id := strings.TrimSpace(attr(n, "id")); id != "" {
		return id
	}
	if n.DataAtom == atom.A {
		return strings.TrimSpace(attr(n, "name"))
	}
	return ""
}

// isLayoutTable reports whether a table lays out the page rather than
// holding data: it has role="presentation" or holds headings, <pre> or tables.
func isLayoutTable(t *html.Node) bool {
	r := strings.ToLower(attr(t, "role"))
	if r == "presentation" || r == "none" {
		return true
	}
	return findElement(t, func(n *html.Node) bool {
		_, h := headingLevels[n.DataAtom]
		return h || n.DataAtom == atom.Pre || n.DataAtom == atom.Table
	}) != nil
}

// table appends a Table block: header rows (<thead>) first, then body rows,
// then <tfoot>, one line per row with cells joined by " | ". A <caption>
// becomes a Paragraph before it.
func (w *htmlWalker) table(t *html.Node) {
	var head, body, foot []string
	var caption string
	for c := t.FirstChild; c != nil; c = c.NextSibling {
		switch c.DataAtom {
		case atom.Caption:
			caption = oneLine(w.cellText(c))
		case atom.Thead:
			head = append(head, w.rows(c)...)
		case atom.Tfoot:
			foot = append(foot, w.rows(c)...)
		case atom.Tbody:
			body = append(body, w.rows(c)...)
		case atom.Tr:
			if r := w.row(c); r != "" {
				body = append(body, r)
			}
		}
	}
	rows := append(append(head, body...), foot...)
	if caption != "" {
		w.addBlock(Block{Kind: Paragraph, Text: caption})
	}
	if len(rows) > 0 {
		w.addBlock(Block{Kind: Table, Text: strings.Join(rows, "\n")})
	}
}

// rows returns the non-empty <tr> children of a table section as lines.
func (w *htmlWalker) rows(sec *html.Node) []string {
	var out []string
	for tr := sec.FirstChild; tr != nil; tr = tr.NextSibling {
		if tr.DataAtom != atom.Tr {
			continue
		}
		if r := w.row(tr); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// row returns the cells of tr joined by " | ", or "" for an empty or dropped row.
func (w *htmlWalker) row(tr *html.Node) string {
	if dropped(tr) {
		return ""
	}
	var cells []string
	nonEmpty := false
	for td := tr.FirstChild; td != nil; td = td.NextSibling {
		if td.DataAtom != atom.Td && td.DataAtom != atom.Th {
			continue
		}
		s := oneLine(w.cellText(td))
		nonEmpty = nonEmpty || s != ""
		cells = append(cells, s)
	}
	if !nonEmpty {
		return ""
	}
	return strings.Join(cells, " | ")
}

// cellText is the collapsed text of n without dropped elements.
func (w *htmlWalker) cellText(n *html.Node) string {
	var t inlineText
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.TextNode:
				t.write(c.Data)
			case c.Type != html.ElementNode || dropped(c):
			case c.DataAtom == atom.Br || blockTags[c.DataAtom] || c.DataAtom == atom.Li:
				t.write(" ")
				walk(c)
				t.write(" ")
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return t.take()
}
