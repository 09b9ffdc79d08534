package ingest

import (
	"fmt"
	"regexp"
	"strings"
)

// ExtractMarkdown extracts a Markdown document (CommonMark/GFM subset).
//
// Recognised: ATX (# …) and setext (=== / ---) headings, fenced code blocks
// (``` and ~~~, kept verbatim with the fence's indentation removed; an
// unclosed fence runs to the end), indented code blocks, GFM tables
// ("| a | b |" rows become "a | b"; the delimiter row is dropped), bullet and
// ordered lists (nested by indentation), block quotes (read as their
// content), paragraphs, YAML front matter (title, date, lastmod, updated) and
// HTML comments (dropped). Inline markup is reduced to its text: links and
// images to their text and alt text, emphasis markers and HTML tags removed,
// code spans kept, backslash escapes and entities decoded.
//
// The title is the front matter title, else the first level-1 heading, else
// the file name of docURL. Anchors are an explicit {#id} or <a id>/<a name>
// on or just above the heading, else GitHub-style slugs (see slugger):
// lower-case, spaces to "-", punctuation removed, Japanese kept, duplicates
// suffixed -1, -2, ….
//
// The body is decoded like ExtractText's. ExtractMarkdown returns ErrNotText
// (wrapped) for a body with NUL bytes in its first 8 KB.
func ExtractMarkdown(body []byte, docURL string) (*Document, error) {
	if err := checkText(body); err != nil {
		return nil, fmt.Errorf("extract markdown: %w", err)
	}
	doc := &Document{URL: stripFragment(docURL)}
	p := mdParser{docBuilder: newDocBuilder(doc)}
	lines := splitLines(decodeText(body))
	lines = p.frontMatter(lines)
	p.parse(lines)
	p.finish()
	if doc.Title == "" {
		for _, s := range doc.Sections {
			if s.Level == 1 {
				doc.Title = s.Heading
				break
			}
		}
	}
	if doc.Title == "" {
		doc.Title = fileName(doc.URL)
	}
	return doc, nil
}

// splitLines normalises line endings and splits s into lines.
func splitLines(s string) []string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.Split(s, "\n")
}

var (
	mdATX        = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	mdSetext1    = regexp.MustCompile(`^ {0,3}=+[ \t]*$`)
	mdSetext2    = regexp.MustCompile(`^ {0,3}-+[ \t]*$`)
	mdBreak      = regexp.MustCompile(`^ {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	mdFence      = regexp.MustCompile("^( *)(`{3,}|~{3,})(.*)$")
	mdListItem   = regexp.MustCompile(`^( *)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*)|[ \t]*$)`)
	mdTableDelim = regexp.MustCompile(`^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$`)
	mdRefDef     = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*\S+`)
	mdQuote      = regexp.MustCompile(`^ {0,3}>[ ]?`)
	mdHeadingID  = regexp.MustCompile(`[ \t]*\{#([^}\s]+)\}[ \t]*$`)
	mdAnchorTag  = regexp.MustCompile(`<a\s+(?:[^>]*?\s)?(?:id|name)\s*=\s*["']([^"']+)["'][^>]*>`)
	mdAnchorLine = regexp.MustCompile(`^\s*<a\s+(?:[^>]*?\s)?(?:id|name)\s*=\s*["']([^"']+)["'][^>]*>\s*(?:</a>)?\s*$`)
	mdFrontKV    = regexp.MustCompile(`^([A-Za-z_]+)\s*:\s*(.*?)\s*$`)
)

// mdParser is a line-based Markdown reader.
type mdParser struct {
	docBuilder
	para       []string   // pending paragraph lines
	list       []string   // pending List block lines
	item       inlineText // text of the open list item
	itemDepth  int
	listStack  []int // content column of each open list level
	listBlank  bool  // a blank line followed the last list line
	anchor     string
	frontTitle string
}

// frontMatter reads and removes YAML front matter.
func (p *mdParser) frontMatter(lines []string) []string {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		return lines
	}
	for i := 1; i < len(lines) && i < 200; i++ {
		if t := strings.TrimSpace(lines[i]); t == "---" || t == "..." {
			for _, l := range lines[1:i] {
				m := mdFrontKV.FindStringSubmatch(l)
				if m == nil {
					continue
				}
				v := strings.Trim(m[2], `"'`)
				switch strings.ToLower(m[1]) {
				case "title":
					p.doc.Title = collapse(v)
				case "date", "lastmod", "updated", "last_modified", "modified":
					if t, ok := parseDate(v); ok && (p.doc.LastModified.IsZero() || t.After(p.doc.LastModified)) {
						p.doc.LastModified = t
					}
				}
			}
			return lines[i+1:]
		}
	}
	return lines
}

func (p *mdParser) parse(lines []string) {
	for i := 0; i < len(lines); i++ {
		line := strings.TrimRight(lines[i], " \t\v\f")
		hard := strings.HasSuffix(lines[i], "  ") || strings.HasSuffix(line, "\\")

		// HTML comments, possibly over several lines.
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "<!--") {
			for !strings.Contains(lines[i], "-->") && i+1 < len(lines) {
				i++
			}
			continue
		}
		if m := mdFence.FindStringSubmatch(line); m != nil && (len(m[1]) <= 3 || len(p.listStack) > 0) &&
			!(m[2][0] == '`' && strings.Contains(m[3], "`")) {
			i = p.fence(lines, i, len(m[1]), m[2])
			continue
		}
		for mdQuote.MatchString(line) {
			line = mdQuote.ReplaceAllString(line, "")
		}
		if strings.TrimSpace(line) == "" {
			p.flushPara()
			if len(p.list) > 0 || !p.item.empty() {
				p.listBlank = true
			}
			continue
		}
		if m := mdATX.FindStringSubmatch(line); m != nil {
			p.heading(m[2], len(m[1]))
			continue
		}
		if len(p.para) > 0 && len(p.listStack) == 0 {
			if mdSetext1.MatchString(line) || mdSetext2.MatchString(line) {
				level := 1
				if strings.Contains(line, "-") {
					level = 2
				}
				text := strings.Join(p.para, " ")
				p.para = nil
				p.heading(text, level)
				continue
			}
		}
		if mdBreak.MatchString(line) {
			p.flushAll()
			continue
		}
		if strings.Contains(line, "|") && i+1 < len(lines) && mdTableDelim.MatchString(lines[i+1]) &&
			strings.Contains(lines[i+1], "|") {
			i = p.table(lines, i)
			continue
		}
		if m := mdListItem.FindStringSubmatch(line); m != nil {
			p.listItem(len(m[1]), len(m[0])-len(m[3]), m[3])
			continue
		}
		if mdRefDef.MatchString(line) {
			continue
		}
		if m := mdAnchorLine.FindStringSubmatch(line); m != nil {
			p.flushPara()
			p.anchor = m[1]
			continue
		}
		indent := len(line) - len(strings.TrimLeft(line, " \t"))
		if len(p.listStack) > 0 {
			if !p.listBlank || indent >= 2 {
				p.item.write("\n")
				p.inline(&p.item, strings.TrimSpace(line), hard)
				continue
			}
			p.flushList()
		}
		if len(p.para) == 0 && (strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t")) {
			i = p.indentedCode(lines, i)
			continue
		}
		if hard {
			line = strings.TrimSuffix(strings.TrimRight(line, " "), "\\") + "\x00"
		}
		p.para = append(p.para, line)
	}
	p.flushAll()
}

// fence reads a fenced code block opened at lines[i] and returns the index
// of its last line.
func (p *mdParser) fence(lines []string, i, indent int, marker string) int {
	p.flushAll()
	var code strings.Builder
	j := i + 1
	last := len(lines)
	if last > j && lines[last-1] == "" {
		last-- // the empty string after a final newline is not a line
	}
	for ; j < last; j++ {
		l := strings.TrimSuffix(lines[j], "\r")
		t := strings.TrimLeft(l, " ")
		if strings.HasPrefix(t, marker[:1]) && len(l)-len(t) <= 3+indent {
			run := len(t) - len(strings.TrimLeft(t, marker[:1]))
			if run >= len(marker) && strings.TrimSpace(t[run:]) == "" {
				break
			}
		}
		// Remove up to indent spaces: the fence's own indentation.
		k := 0
		for k < indent && k < len(l) && l[k] == ' ' {
			k++
		}
		code.WriteString(l[k:])
		code.WriteByte('\n')
	}
	if strings.TrimSpace(code.String()) != "" {
		p.add(Block{Kind: Code, Text: code.String()})
	}
	return min(j, len(lines)-1)
}

// indentedCode reads an indented code block starting at lines[i].
func (p *mdParser) indentedCode(lines []string, i int) int {
	p.flushAll()
	var kept []string
	j := i
	for ; j < len(lines); j++ {
		l := lines[j]
		switch {
		case strings.HasPrefix(l, "    "):
			kept = append(kept, l[4:])
		case strings.HasPrefix(l, "\t"):
			kept = append(kept, l[1:])
		case strings.TrimSpace(l) == "":
			kept = append(kept, "")
		default:
			goto done
		}
	}
done:
	for len(kept) > 0 && strings.TrimSpace(kept[len(kept)-1]) == "" {
		kept = kept[:len(kept)-1]
		j--
	}
	if len(kept) > 0 {
		p.add(Block{Kind: Code, Text: strings.Join(kept, "\n") + "\n"})
	}
	return j - 1
}

// table reads a GFM table whose header is lines[i] and returns the index of
// its last line.
func (p *mdParser) table(lines []string, i int) int {
	p.flushAll()
	rows := []string{tableRow(lines[i])}
	j := i + 2
	for ; j < len(lines); j++ {
		l := lines[j]
		if strings.TrimSpace(l) == "" || !strings.Contains(l, "|") {
			break
		}
		rows = append(rows, tableRow(l))
	}
	var kept []string
	for _, r := range rows {
		if strings.Trim(r, " |") != "" {
			kept = append(kept, r)
		}
	}
	if len(kept) > 0 {
		p.add(Block{Kind: Table, Text: strings.Join(kept, "\n")})
	}
	return j - 1
}

// tableRow turns "| a | b |" into "a | b", cleaning inline markup.
func tableRow(line string) string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	if strings.HasSuffix(line, "|") && !strings.HasSuffix(line, `\|`) {
		line = line[:len(line)-1]
	}
	var cells []string
	var cell strings.Builder
	for k := 0; k < len(line); k++ {
		switch {
		case line[k] == '\\' && k+1 < len(line) && line[k+1] == '|':
			cell.WriteByte('|')
			k++
		case line[k] == '|':
			cells = append(cells, oneLine(collapse(cleanInline(cell.String()))))
			cell.Reset()
		default:
			cell.WriteByte(line[k])
		}
	}
	cells = append(cells, oneLine(collapse(cleanInline(cell.String()))))
	return strings.Join(cells, " | ")
}

// listItem opens a list item whose marker starts at column indent and whose
// text starts at column content.
func (p *mdParser) listItem(indent, content int, text string) {
	p.flushPara()
	p.flushItem()
	if len(p.listStack) == 0 {
		p.flushList()
	}
	for len(p.listStack) > 0 && indent < p.listStack[len(p.listStack)-1] {
		p.listStack = p.listStack[:len(p.listStack)-1]
	}
	p.listStack = append(p.listStack, content)
	p.itemDepth = len(p.listStack)
	p.listBlank = false
	p.inline(&p.item, text, false)
}

func (p *mdParser) heading(raw string, level int) {
	p.flushAll()
	anchor := p.anchor
	p.anchor = ""
	if m := mdHeadingID.FindStringSubmatch(raw); m != nil {
		anchor = m[1]
		raw = raw[:len(raw)-len(m[0])]
	}
	if m := mdAnchorTag.FindStringSubmatch(raw); m != nil && anchor == "" {
		anchor = m[1]
	}
	text := oneLine(cleanInline(raw))
	if text == "" {
		return
	}
	if anchor != "" {
		p.slugs.reserve(anchor)
	}
	p.docBuilder.heading(text, level, anchor)
}

// inline writes one source line of inline Markdown to t.
func (p *mdParser) inline(t *inlineText, line string, hard bool) {
	t.write(cleanInline(line))
	if hard {
		t.lineBreak()
	}
}

func (p *mdParser) flushPara() {
	if len(p.para) == 0 {
		return
	}
	var t inlineText
	for _, l := range p.para {
		hard := strings.HasSuffix(l, "\x00")
		p.inline(&t, strings.TrimSuffix(l, "\x00"), hard)
		t.write("\n")
	}
	p.para = nil
	if s := t.take(); s != "" {
		p.flushList()
		p.add(Block{Kind: Paragraph, Text: s})
	}
}

func (p *mdParser) flushItem() {
	if s := p.item.take(); s != "" {
		p.list = append(p.list, strings.Repeat("  ", max(p.itemDepth-1, 0))+"- "+oneLine(s))
	}
}

func (p *mdParser) flushList() {
	p.flushItem()
	p.listStack = nil
	p.listBlank = false
	if len(p.list) > 0 {
		p.add(Block{Kind: List, Text: strings.Join(p.list, "\n")})
		p.list = nil
	}
}

func (p *mdParser) flushAll() {
	p.flushPara()
	p.flushList()
}
