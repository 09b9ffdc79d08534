package help

import (
	"io/fs"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The few Markdown rules the tests need, as backend/ingest reads them:
// ATX headings outside fenced code, and GitHub-style slugs made unique
// within a page (backend/ingest/slug.go). TestAnchorsMatchIngest checks
// these against the real extractor.

var (
	atx      = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`) // ingest's mdATX
	fence    = regexp.MustCompile("^ *(`{3,}|~{3,})")
	mdLink   = regexp.MustCompile(`\[([^\]]*)\]\(([^)\s]+)\)`)
	external = regexp.MustCompile(`^[a-z][a-z0-9+.-]*:`)
)

// heading is one Markdown heading of a page.
type heading struct {
	Level  int
	Text   string
	Anchor string
	Line   int // 1-based
}

// link is one inline link [text](target) outside code.
type link struct {
	Target string
	Line   int
}

// page is what the tests read from one help file.
type page struct {
	Path     string
	Lines    []string
	Headings []heading
	Links    []link
}

// slugify is backend/ingest's slugify: lower case, whitespace to '-',
// every rune that is not a letter, digit, mark, '_' or '-' dropped.
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

// parsePage reads the headings (with unique anchors, -1, -2 … for repeats,
// "section" for an empty slug) and the links of a Markdown page.
func parsePage(path, src string) page {
	p := page{Path: path, Lines: strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")}
	used, next := map[string]bool{}, map[string]int{}
	inFence := ""
	for i, line := range p.Lines {
		if m := fence.FindStringSubmatch(line); m != nil {
			switch {
			case inFence == "":
				inFence = m[1][:1]
			case strings.HasPrefix(m[1], inFence):
				inFence = ""
			}
			continue
		}
		if inFence != "" {
			continue
		}
		if m := atx.FindStringSubmatch(line); m != nil && strings.TrimSpace(m[2]) != "" {
			text := strings.TrimSpace(m[2])
			base := slugify(text)
			if base == "" {
				base = "section"
			}
			cand := base
			for used[cand] {
				next[base]++
				cand = base + "-" + strconv.Itoa(next[base])
			}
			used[cand] = true
			p.Headings = append(p.Headings, heading{Level: len(m[1]), Text: text, Anchor: cand, Line: i + 1})
			continue
		}
		for _, m := range mdLink.FindAllStringSubmatch(stripCode(line), -1) {
			p.Links = append(p.Links, link{Target: m[2], Line: i + 1})
		}
	}
	return p
}

// stripCode removes `inline code` from a line, so that code is never read
// as a link.
func stripCode(line string) string {
	var b strings.Builder
	in := false
	for _, r := range line {
		if r == '`' {
			in = !in
			continue
		}
		if !in {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// section returns the heading with anchor and the text under it up to the
// next heading of any level.
func (p page) section(anchor string) (heading, string, bool) {
	for i, h := range p.Headings {
		if h.Anchor != anchor {
			continue
		}
		end := len(p.Lines)
		if i+1 < len(p.Headings) {
			end = p.Headings[i+1].Line - 1
		}
		return h, strings.Join(p.Lines[h.Line:end], "\n"), true
	}
	return heading{}, "", false
}

// anchors returns the set of the page's anchors.
func (p page) anchors() map[string]bool {
	out := map[string]bool{}
	for _, h := range p.Headings {
		out[h.Anchor] = true
	}
	return out
}

// readPages parses every .md file of fsys by path.
func readPages(t *testing.T, fsys fs.FS) map[string]page {
	t.Helper()
	pages := map[string]page{}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		pages[path] = parsePage(path, string(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

func TestParsePage(t *testing.T) {
	src := "# Title\n\n## A b\n\n```sh\n# not a heading\n[no](link.md)\n```\n\n### A b\n\nSee [x](02-y.md#z) and `[code](c.md)`.\n\n### バックアップから戻す（復元）\n\n## \n"
	p := parsePage("x.md", src)
	var got []string
	for _, h := range p.Headings {
		got = append(got, strconv.Itoa(h.Level)+":"+h.Anchor)
	}
	want := []string{"1:title", "2:a-b", "3:a-b-1", "3:バックアップから戻す復元"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("headings = %v, want %v", got, want)
	}
	if len(p.Links) != 1 || p.Links[0].Target != "02-y.md#z" {
		t.Errorf("links = %+v, want only 02-y.md#z", p.Links)
	}
	if _, body, ok := p.section("a-b-1"); !ok || !strings.Contains(body, "See [x]") {
		t.Errorf("section a-b-1 = %q, %v", body, ok)
	}
}
