package ingest

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// This file decides which parts of a page are content: the noise filter,
// the choice of the content root, and the breadcrumb.

// droppedTags never hold content.
var droppedTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Nav: true, atom.Aside: true, atom.Form: true, atom.Iframe: true,
	atom.Object: true, atom.Embed: true, atom.Svg: true, atom.Math: true,
	atom.Canvas: true, atom.Button: true, atom.Select: true, atom.Textarea: true,
	atom.Input: true, atom.Audio: true, atom.Video: true, atom.Map: true,
	atom.Head: true, atom.Title: true, atom.Link: true, atom.Meta: true,
}

// droppedRoles are ARIA landmarks that are not content.
var droppedRoles = map[string]bool{
	"navigation": true, "banner": true, "contentinfo": true,
	"complementary": true, "search": true, "menu": true, "menubar": true,
}

// noiseTokens are id or class names (whole, lower-cased) that mark site
// chrome: navigation, side menus, breadcrumbs, headers, footers, pagers,
// "back to top" links and tables of contents.
var noiseTokens = map[string]bool{
	"nav": true, "navi": true, "navigation": true, "menu": true, "mainmenu": true,
	"main-menu": true, "submenu": true, "sub-menu": true, "localnav": true,
	"local-nav": true, "lnav": true, "snav": true, "side": true, "header": true,
	"site-header": true, "global-header": true, "l-header": true, "footer": true,
	"site-footer": true, "global-footer": true, "l-footer": true, "skip": true,
	"toc": true, "table-of-contents": true, "pagetop": true, "page-top": true,
	"to-top": true, "totop": true, "backtotop": true, "back-to-top": true,
	"share": true, "sns": true, "social": true,
}

// noiseParts are substrings of an id or class name that mark site chrome
// wherever they appear ("l-sidebar", "breadcrumb-list", "c-pagination").
var noiseParts = []string{
	"breadcrumb", "topicpath", "topic-path", "pankuzu", "sidebar", "side-bar",
	"sidemenu", "side-menu", "side_menu", "sidenav", "side-nav", "globalnav",
	"global-nav", "global_nav", "gnav", "navbar", "skip-link", "skiplink",
	"skip-to", "skipnav", "skip-nav", "pagination", "pager", "screen-reader",
	"sr-only", "visually-hidden", "visuallyhidden", "headerlink", "header-anchor",
	"heading-anchor", "anchorjs", "anchor-link",
}

// skipLinkTexts are texts of in-page links that only move the reader around.
var skipLinkTexts = map[string]bool{
	"本文へ": true, "本文へスキップ": true, "本文へ移動": true, "本文へジャンプ": true,
	"メインコンテンツへ": true, "メインコンテンツへスキップ": true, "コンテンツへスキップ": true,
	"ページの先頭へ": true, "ページの先頭へ戻る": true, "このページの先頭へ": true,
	"ページトップへ": true, "ページトップへ戻る": true, "先頭へ戻る": true, "トップへ戻る": true,
	"back to top": true, "to top": true, "page top": true,
}

// contentTokens are id or class names of the element holding the main content.
var contentTokens = map[string]bool{
	"content": true, "contents": true, "main": true, "main-content": true,
	"maincontent": true, "main_content": true, "main-contents": true,
	"page-content": true, "post-content": true, "entry-content": true,
	"article-body": true, "markdown-body": true, "rst-content": true,
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}

// nameTokens returns the lower-cased id and class names of n.
func nameTokens(n *html.Node) []string {
	toks := strings.Fields(strings.ToLower(attr(n, "class")))
	if id := strings.TrimSpace(strings.ToLower(attr(n, "id"))); id != "" {
		toks = append(toks, id)
	}
	return toks
}

func isNoiseToken(tok string) bool {
	if noiseTokens[tok] {
		return true
	}
	for _, p := range noiseParts {
		if strings.Contains(tok, p) {
			return true
		}
	}
	return false
}

// dropped reports whether element n is site chrome or otherwise not content.
// <header> and <footer> inside <article>, <main>, <section> or <aside> belong
// to that section (as in HTML's own landmark rules) and are kept.
func dropped(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return n.Type == html.CommentNode
	}
	if n.Namespace != "" || droppedTags[n.DataAtom] {
		return true
	}
	if (n.DataAtom == atom.Header || n.DataAtom == atom.Footer) && !inSection(n) {
		return true
	}
	if hasAttr(n, "hidden") || strings.EqualFold(attr(n, "aria-hidden"), "true") {
		return true
	}
	if st := strings.ToLower(strings.ReplaceAll(attr(n, "style"), " ", "")); strings.Contains(st, "display:none") {
		return true
	}
	if droppedRoles[strings.ToLower(strings.TrimSpace(attr(n, "role")))] {
		return true
	}
	for _, t := range nameTokens(n) {
		if isNoiseToken(t) {
			return true
		}
	}
	if n.DataAtom == atom.A && strings.HasPrefix(attr(n, "href"), "#") {
		t := strings.ToLower(oneLine(collapse(nodeText(n))))
		if skipLinkTexts[t] || strings.HasPrefix(t, "skip to") || strings.HasPrefix(t, "skip navigation") {
			return true
		}
	}
	return false
}

func inSection(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Article, atom.Main, atom.Section, atom.Aside:
			return true
		}
	}
	return false
}

// nodeText is all the text under n, unfiltered.
func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style) {
			return
		}
		if n.DataAtom == atom.Br {
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// findElement returns the first element under n, in document order and
// outside dropped parts, for which match is true.
func findElement(n *html.Node, match func(*html.Node) bool) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || dropped(c) {
			continue
		}
		if match(c) {
			return c
		}
		if f := findElement(c, match); f != nil {
			return f
		}
	}
	return nil
}

// contentRoot picks the element holding the main content: <main>, then
// role="main", then an id in contentTokens, then a lone <article>, then a
// class in contentTokens; else <body>. A candidate without text is passed over.
func contentRoot(doc *html.Node) *html.Node {
	body := findElement(doc, func(n *html.Node) bool { return n.DataAtom == atom.Body })
	if body == nil {
		body = doc
	}
	hasText := func(n *html.Node) bool { return strings.TrimSpace(nodeText(n)) != "" }
	lone := loneArticle(body)
	rules := []func(*html.Node) bool{
		func(n *html.Node) bool { return n.DataAtom == atom.Main },
		func(n *html.Node) bool { return strings.EqualFold(strings.TrimSpace(attr(n, "role")), "main") },
		func(n *html.Node) bool { return contentTokens[strings.ToLower(strings.TrimSpace(attr(n, "id")))] },
		func(n *html.Node) bool { return lone && n.DataAtom == atom.Article },
		func(n *html.Node) bool {
			for _, c := range strings.Fields(strings.ToLower(attr(n, "class"))) {
				if contentTokens[c] {
					return true
				}
			}
			return false
		},
	}
	for _, rule := range rules {
		if n := findElement(body, rule); n != nil && hasText(n) {
			return n
		}
	}
	return body
}

func loneArticle(body *html.Node) bool {
	count := 0
	findElement(body, func(n *html.Node) bool {
		if n.DataAtom == atom.Article {
			count++
		}
		return count > 1
	})
	return count == 1
}

// breadcrumbSeparators split a breadcrumb written as plain text.
var breadcrumbSeparators = strings.NewReplacer(
	">", "\x00", "＞", "\x00", "›", "\x00", "»", "\x00", "→", "\x00",
	"|", "\x00", "｜", "\x00", " / ", "\x00", "/ ", "\x00", "＜", "\x00",
)

// findBreadcrumb returns the breadcrumb trail of the page, or nil. The
// breadcrumb is the first element whose id or class names contain
// "breadcrumb", "topicpath", "pankuzu" or "crumb", whose aria-label names a
// breadcrumb, or whose itemtype is a BreadcrumbList. Items are its <li>
// elements when it has them, else its text split at separators such as ">".
// A leading label like "現在位置：" is dropped.
func findBreadcrumb(doc *html.Node) []string {
	var bc *html.Node
	var find func(*html.Node)
	find = func(n *html.Node) {
		for c := n.FirstChild; c != nil && bc == nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			if c.DataAtom == atom.Script || c.DataAtom == atom.Style || c.DataAtom == atom.Head {
				continue
			}
			if isBreadcrumb(c) {
				bc = c
				return
			}
			find(c)
		}
	}
	find(doc)
	if bc == nil {
		return nil
	}
	var raw []string
	var lis func(*html.Node)
	lis = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.DataAtom == atom.Li {
				raw = append(raw, nodeText(c))
				continue
			}
			lis(c)
		}
	}
	lis(bc)
	if len(raw) == 0 {
		raw = strings.Split(breadcrumbSeparators.Replace(nodeText(bc)), "\x00")
	}
	var items []string
	for _, r := range raw {
		s := strings.Trim(oneLine(collapse(r)), " >＞›»→|｜/")
		if s == "" {
			continue
		}
		if len(items) == 0 {
			// A leading label: "現在位置：ホーム", "You are here: Home".
			if i := strings.IndexAny(s, "：:"); i > 0 && utf8.RuneCountInString(s[:i]) <= 16 {
				_, n := utf8.DecodeRuneInString(s[i:])
				if s = strings.TrimSpace(s[i+n:]); s == "" {
					continue
				}
			}
		}
		items = append(items, s)
	}
	if len(items) == 0 {
		return nil
	}
	return items
}

func isBreadcrumb(n *html.Node) bool {
	for _, t := range nameTokens(n) {
		if strings.Contains(t, "breadcrumb") || strings.Contains(t, "topicpath") ||
			strings.Contains(t, "topic-path") || strings.Contains(t, "pankuzu") || strings.Contains(t, "crumb") {
			return true
		}
	}
	label := strings.ToLower(attr(n, "aria-label"))
	if strings.Contains(label, "breadcrumb") || strings.Contains(label, "パンくず") {
		return true
	}
	return strings.Contains(attr(n, "itemtype"), "BreadcrumbList")
}
