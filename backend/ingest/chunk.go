package ingest

import (
	"strings"
	"unicode/utf8"
)

// Chunk is a passage ready to index.
type Chunk struct {
	Ord     int    // position within the document, from 0
	Title   string // document title
	Section string // section path joined with " > "; "" for the lead
	Anchor  string // section anchor ("" for the lead)
	URL     string // document URL + "#" + Anchor when Anchor != ""
	Text    string // the passage; nothing is prepended (the section path is in Section)
	Tokens  int    // EstimateTokens(Text)
}

// ChunkOptions sets the chunk budget.
type ChunkOptions struct {
	// MaxTokens is the largest chunk, in EstimateTokens units. Default
	// (when <= 0) 400.
	MaxTokens int
	// Overlap is how many tokens of whole sentences each chunk repeats from
	// the end of the previous chunk of the same section. 0 means the default,
	// 40; a negative value turns overlap off. It is capped at MaxTokens/2.
	Overlap int
}

// Defaults of ChunkOptions.
const (
	DefaultMaxTokens = 400
	DefaultOverlap   = 40
)

func (o ChunkOptions) resolve() (maxTokens, overlap int) {
	maxTokens, overlap = o.MaxTokens, o.Overlap
	if maxTokens <= 0 {
		maxTokens = DefaultMaxTokens
	}
	switch {
	case overlap == 0:
		overlap = DefaultOverlap
	case overlap < 0:
		overlap = 0
	}
	return maxTokens, min(overlap, maxTokens/2)
}

// ChunkDocument cuts doc into Chunks of at most opt.MaxTokens tokens.
//
// Each Section gives its own chunks (a chunk never mixes two sections);
// sections without text give none. Within a section, blocks are packed in
// order, joined by a blank line, and split where needed:
//
//   - Paragraphs and lists at sentence ends (。！？!?． and ". ") and line
//     breaks; a sentence still over budget is cut after a space or 、, or as
//     a last resort between characters.
//   - A code block is never cut when it fits the budget; a larger one gets
//     chunks of its own, cut only between lines. A single line over budget
//     is a chunk on its own, the one case a chunk exceeds MaxTokens.
//   - A table that does not fit gets chunks of its own, cut between rows,
//     each part starting with the header row when header and row fit. A
//     single row over budget is a chunk on its own.
//
// When a section continues in a new chunk, that chunk starts with the last
// whole sentences of the previous one, up to opt.Overlap tokens (or the last
// sentence alone if it is under twice that); code and tables are never
// repeated. ChunkDocument is deterministic and returns nil for a nil or
// empty document. Invalid UTF-8 in doc is replaced by U+FFFD.
func ChunkDocument(doc *Document, opt ChunkOptions) []Chunk {
	if doc == nil {
		return nil
	}
	maxTokens, overlap := opt.resolve()
	var out []Chunk
	for _, sec := range doc.Sections {
		url := doc.URL
		if sec.Anchor != "" {
			url += "#" + sec.Anchor
		}
		for _, text := range chunkSection(sec.Blocks, maxTokens, overlap) {
			out = append(out, Chunk{
				Ord:     len(out),
				Title:   validUTF8(doc.Title),
				Section: validUTF8(strings.Join(sec.Path, " > ")),
				Anchor:  validUTF8(sec.Anchor),
				URL:     validUTF8(url),
				Text:    text,
				Tokens:  EstimateTokens(text),
			})
		}
	}
	return out
}

func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// piece is a unit the packer never cuts: a sentence (or part of one), a line
// of a list, or a whole code block or table that fits the budget.
type piece struct {
	text   string
	tokens int // EstimateTokens(text), an upper bound for its share of a chunk
	block  int // index of the block it came from
	prose  bool
}

// packer accumulates pieces into chunk texts.
type packer struct {
	max, overlap int
	out          []string
	cur          []piece
	curTokens    int
	carried      int // leading pieces of cur repeated from the previous chunk
}

func chunkSection(blocks []Block, maxTokens, overlap int) []string {
	p := &packer{max: maxTokens, overlap: overlap}
	for bi, b := range blocks {
		text := validUTF8(b.Text)
		if strings.TrimSpace(text) == "" {
			continue
		}
		switch b.Kind {
		case Code, Table:
			t := EstimateTokens(text)
			if t <= maxTokens {
				p.add(piece{text: text, tokens: t, block: bi})
				continue
			}
			p.flush(false)
			if b.Kind == Code {
				p.out = append(p.out, splitCode(text, maxTokens)...)
			} else {
				p.out = append(p.out, splitTable(text, maxTokens)...)
			}
		default:
			for _, s := range splitSentences(strings.TrimSpace(text)) {
				for _, part := range splitToBudget(s, maxTokens) {
					p.add(piece{text: part, tokens: EstimateTokens(part), block: bi, prose: true})
				}
			}
		}
	}
	p.flush(false)
	return p.out
}

// add appends pc, first closing the chunk if pc does not fit.
func (p *packer) add(pc piece) {
	if p.curTokens+pc.tokens > p.max {
		if len(p.cur) > p.carried {
			p.flush(true)
		}
		for len(p.cur) > 0 && p.curTokens+pc.tokens > p.max {
			p.curTokens -= p.cur[0].tokens
			p.cur = p.cur[1:]
			p.carried = max(p.carried-1, 0)
		}
	}
	p.cur = append(p.cur, pc)
	p.curTokens += pc.tokens
}

// flush closes the current chunk, if it holds anything new, and starts the
// next one with the overlap when carry is set.
func (p *packer) flush(carry bool) {
	if len(p.cur) > p.carried {
		p.out = append(p.out, render(p.cur))
	}
	var next []piece
	if carry && p.overlap > 0 {
		next = p.tail()
	}
	p.cur = next
	p.carried = len(next)
	p.curTokens = 0
	for _, pc := range next {
		p.curTokens += pc.tokens
	}
}

// tail returns the last whole sentences of cur worth at most overlap tokens,
// or the last sentence alone when it is under twice the overlap.
func (p *packer) tail() []piece {
	n, sum := 0, 0
	for i := len(p.cur) - 1; i >= 0; i-- {
		pc := p.cur[i]
		if !pc.prose || sum+pc.tokens > p.overlap {
			break
		}
		sum += pc.tokens
		n++
	}
	if n == 0 && len(p.cur) > 0 {
		if last := p.cur[len(p.cur)-1]; last.prose && last.tokens < 2*p.overlap {
			n = 1
		}
	}
	return append([]piece(nil), p.cur[len(p.cur)-n:]...)
}

// render joins pieces: directly within a block, with a blank line between
// blocks. Trailing blanks of prose are trimmed; code stays verbatim.
func render(pieces []piece) string {
	var b strings.Builder
	for i, pc := range pieces {
		if i > 0 && pc.block != pieces[i-1].block {
			s := b.String()
			if pieces[i-1].prose {
				s = strings.TrimRight(s, " \t\n")
				b.Reset()
				b.WriteString(s)
			}
			if strings.HasSuffix(s, "\n") {
				b.WriteString("\n")
			} else {
				b.WriteString("\n\n")
			}
		}
		b.WriteString(pc.text)
	}
	s := b.String()
	if pieces[len(pieces)-1].prose {
		s = strings.TrimRight(s, " \t\n")
	}
	return s
}

// splitCode cuts a code block between lines into parts of at most
// maxTokens; a longer line is a part on its own.
func splitCode(code string, maxTokens int) []string {
	var out []string
	var b strings.Builder
	sum := 0
	for _, line := range splitLinesKeep(code) {
		t := EstimateTokens(line)
		if sum > 0 && sum+t > maxTokens {
			out = append(out, b.String())
			b.Reset()
			sum = 0
		}
		b.WriteString(line)
		sum += t
	}
	if strings.TrimSpace(b.String()) != "" {
		out = append(out, b.String())
	}
	return out
}

// splitTable cuts a table between rows into parts of at most maxTokens,
// repeating the header row (the first) at the top of each part when header
// and the part's first row fit together.
func splitTable(table string, maxTokens int) []string {
	var rows []string
	for _, r := range strings.Split(table, "\n") {
		if strings.TrimSpace(r) != "" {
			rows = append(rows, r)
		}
	}
	if len(rows) == 0 {
		return nil
	}
	header, headerTokens := rows[0], EstimateTokens(rows[0])
	var out []string
	var part []string
	sum := 0
	for i, row := range rows {
		t := EstimateTokens(row)
		if len(part) > 0 && sum+t > maxTokens {
			out = append(out, strings.Join(part, "\n"))
			part, sum = nil, 0
		}
		if len(part) == 0 && i > 0 && headerTokens+t <= maxTokens {
			part, sum = []string{header}, headerTokens
		}
		part = append(part, row)
		sum += t
	}
	if len(part) > 0 {
		out = append(out, strings.Join(part, "\n"))
	}
	return out
}
