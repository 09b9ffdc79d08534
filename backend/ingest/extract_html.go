package ingest

import (
	"fmt"
	"net/url"
	"path"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// ExtractHTML extracts the main content of an HTML page.
//
// body is decoded to UTF-8 as described for decodeHTML: a byte-order mark,
// then the charset of contentType (e.g. "text/html; charset=Shift_JIS"), then
// a <meta> declaration, then sniffing, which recognises undeclared UTF-8,
// Shift_JIS, EUC-JP and ISO-2022-JP. Invalid bytes become U+FFFD; the
// Document's strings are valid UTF-8.
//
// Site chrome is dropped: <script>, <style>, <nav>, <header>, <footer>,
// <aside>, <form> and the like, ARIA navigation/banner/contentinfo/
// complementary landmarks, and elements whose id or class marks navigation,
// side menus, breadcrumbs, headers, footers, skip links or pagers. The
// breadcrumb's items are kept in Document.Breadcrumb. When the page has a
// <main>, role="main", an element with id content/main/contents, a single
// <article> or an element with such a class, only that element is read.
//
// Headings h1–h6 start Sections. <pre> becomes a Code block, verbatim; a table
// a Table block (a table holding headings, <pre> or other tables is read as
// layout instead); <ul>/<ol> a List block; other text Paragraph blocks, where
// inline elements flow into the text and <br> is kept as "\n". Images are
// skipped.
//
// The title is <title>, minus a " | site name" suffix when the site name is
// known from <meta property="og:site_name"> or the part before the separator
// equals the page's first <h1>; else the first <h1>; else the file name of
// pageURL. LastModified comes from <meta http-equiv="last-modified"> or
// <meta name="date"|"last-modified"|"dcterms.modified">; zone-less values are
// read as UTC. pageURL is stored without its #fragment.
//
// ExtractHTML returns ErrNotText (wrapped) for a binary contentType or a body
// with NUL bytes in its first 8 KB, and a "parse html" error for markup the
// parser refuses (elements nested more than 512 deep).
func ExtractHTML(body []byte, contentType string, pageURL string) (*Document, error) {
	if err := checkContentType(contentType); err != nil {
		return nil, fmt.Errorf("extract html: content type %q: %w", contentType, err)
	}
	if err := checkText(body); err != nil {
		return nil, fmt.Errorf("extract html: %w", err)
	}
	root, err := html.Parse(strings.NewReader(decodeHTML(body, contentType)))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}

	doc := &Document{URL: stripFragment(pageURL)}
	meta := readHead(root)
	doc.LastModified = meta.modified
	doc.Breadcrumb = findBreadcrumb(root)

	w := newHTMLWalker(doc, root)
	w.walk(contentRoot(root))
	w.finish()

	firstH1 := ""
	for _, s := range doc.Sections {
		if s.Level == 1 {
			firstH1 = s.Heading
			break
		}
	}
	if firstH1 == "" {
		if h := findElement(root, func(n *html.Node) bool { return n.DataAtom == atom.H1 }); h != nil {
			firstH1 = oneLine(collapse(nodeText(h)))
		}
	}
	doc.Title = pageTitle(meta.title, meta.siteName, firstH1)
	if doc.Title == "" {
		doc.Title = fileName(doc.URL)
	}
	return doc, nil
}

// headMeta is what ExtractHTML reads outside the content.
type headMeta struct {
	title, siteName string
	modified        time.Time
}

// modifiedMetaNames are <meta name> values holding a modification date, best first.
var modifiedMetaNames = []string{"last-modified", "dcterms.modified", "dc.date.modified", "date", "dc.date", "article:modified_time"}

func readHead(root *html.Node) headMeta {
	var m headMeta
	dates := map[string]string{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Svg, atom.Math:
				return
			case atom.Title:
				if m.title == "" {
					m.title = oneLine(collapse(nodeText(n)))
				}
				return
			case atom.Meta:
				content := attr(n, "content")
				if eq := strings.ToLower(attr(n, "http-equiv")); eq == "last-modified" {
					setOnce(dates, eq, content)
				}
				for _, key := range []string{attr(n, "name"), attr(n, "property")} {
					key = strings.ToLower(strings.TrimSpace(key))
					switch key {
					case "og:site_name", "application-name":
						if m.siteName == "" {
							m.siteName = oneLine(collapse(content))
						}
					case "":
					default:
						setOnce(dates, key, content)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	for _, k := range modifiedMetaNames {
		if t, ok := parseDate(dates[k]); ok {
			m.modified = t
			break
		}
	}
	return m
}

func setOnce(m map[string]string, k, v string) {
	if _, ok := m[k]; !ok {
		m[k] = v
	}
}

// dateLayouts are the formats parseDate accepts.
var dateLayouts = []string{
	time.RFC1123, time.RFC1123Z, time.RFC3339Nano, time.RFC3339, time.RFC850, time.ANSIC,
	"2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02",
	"2006/01/02 15:04:05", "2006/01/02", "2006/1/2", "2006.01.02", "2006年1月2日",
	"Mon, 2 Jan 2006 15:04:05 MST",
}

// parseDate parses the date formats seen in meta tags and front matter.
// Values without a zone are read as UTC.
func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// titleSeparators divide a page name from the site name in <title>.
var titleSeparators = []string{" | ", " ｜ ", "｜", " - ", " – ", " — ", " :: ", " « ", " » ", " : "}

// pageTitle strips a site-name suffix from title only when that is safe: the
// suffix is the known site name, or what precedes the separator is the h1.
func pageTitle(title, siteName, h1 string) string {
	if title == "" {
		return h1
	}
	for _, sep := range titleSeparators {
		i := strings.Index(title, sep)
		if i <= 0 {
			continue
		}
		head := strings.TrimSpace(title[:i])
		if siteName != "" && strings.HasSuffix(title, sep+siteName) && len(title) > len(sep+siteName) {
			return strings.TrimSpace(strings.TrimSuffix(title, sep+siteName))
		}
		if h1 != "" && head == h1 {
			return head
		}
	}
	return title
}

// stripFragment drops a #fragment from u.
func stripFragment(u string) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		return u[:i]
	}
	return u
}

// fileName is the last path element of a URL or path, unescaped; "" for none.
func fileName(u string) string {
	p := u
	if pu, err := url.Parse(u); err == nil && pu.Path != "" {
		p = pu.Path
	} else if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	p = strings.TrimRight(p, "/")
	if p == "" {
		return ""
	}
	return path.Base(p)
}
