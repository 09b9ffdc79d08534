package search

import (
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Snippet returns about width runes of text around the densest match of
// query terms, with each matched term wrapped in «». The text is first made
// readable (see Readable): admonition markers become labels such as
// 「注意:」, line breaks become spaces and table cells keep their " | ".
// Cuts fall on a sentence end when one is near, else between words (never
// inside a Latin word, a number or a highlighted term), and are marked "…".
// Matching uses the same normalisation as search, mapped back to the
// original characters: a katakana long-vowel mark (ー) inside or right
// after a matched word is highlighted with it, and spellings and
// translations of the query's words (SudachiDict) are highlighted too.
func Snippet(text, query string, width int) string {
	runes := []rune(Readable(text))
	if len(runes) == 0 {
		return ""
	}
	width = max(width, 1)
	mark := matches(runes, highlightTerms(query))
	best, bestN := 0, -1
	for start := 0; start < len(runes); start += max(1, width/8) {
		n := 0
		for i := start; i < min(len(runes), start+width); i++ {
			if mark[i] {
				n++
			}
		}
		if n > bestN {
			best, bestN = start, n
		}
		if start+width >= len(runes) {
			break
		}
	}
	start, end := best, min(len(runes), best+width)
	if start > 0 || end < len(runes) {
		// Centre the window on its matches, then move both cuts to
		// boundaries, never losing the last match.
		first, last := -1, -1
		for i := start; i < end; i++ {
			if mark[i] {
				if first < 0 {
					first = i
				}
				last = i
			}
		}
		if first >= 0 {
			start = max(0, min((first+last)/2-width/2, len(runes)-width))
		}
		slack := max(width/5, 1)
		start = cutStart(runes, mark, start, slack)
		end = cutEnd(runes, mark, start, min(len(runes), start+width), last+1, slack)
	}
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	in := false
	for i := start; i < end; i++ {
		if mark[i] != in {
			if mark[i] {
				b.WriteString("«")
			} else {
				b.WriteString("»")
			}
			in = mark[i]
		}
		b.WriteRune(runes[i])
	}
	if in {
		b.WriteString("»")
	}
	if end < len(runes) {
		b.WriteString("…")
	}
	return b.String()
}

// sentenceEnd reports whether a sentence ends with r.
func sentenceEnd(r rune) bool { return strings.ContainsRune("。．！？!?", r) }

// breakable reports whether text may be cut between runes[i-1] and runes[i]
// without splitting a Latin word or number or a highlighted term.
func breakable(runes []rune, mark []bool, i int) bool {
	if i <= 0 || i >= len(runes) {
		return true
	}
	if mark[i-1] && mark[i] {
		return false
	}
	a, b := classOf(runes[i-1]), classOf(runes[i])
	return !(a == word && b == word) && runes[i] != prolonged
}

// cutStart moves a snippet start back by at most slack runes to just after
// a sentence end ("。", or ". " in Latin text), else to a space or a
// 、, else to the nearest breakable point before it; leading spaces are
// skipped.
func cutStart(runes []rune, mark []bool, at, slack int) int {
	lo := max(0, at-slack)
	pick := -1
	for i := at; i >= lo && pick < 0; i-- {
		if i == 0 || sentenceEnd(runes[i-1]) || runes[i-1] == '.' && i < len(runes) && runes[i] == ' ' {
			pick = i
		}
	}
	for i := at; i >= lo && pick < 0; i-- {
		if i == 0 || runes[i-1] == ' ' || runes[i-1] == '、' || runes[i-1] == '，' {
			pick = i
		}
	}
	for i := at; i >= lo && pick < 0; i-- {
		if breakable(runes, mark, i) {
			pick = i
		}
	}
	if pick < 0 {
		pick = at
	}
	for pick < len(runes) && unicode.IsSpace(runes[pick]) {
		pick++
	}
	return pick
}

// cutEnd picks a snippet end near at (start < at ≤ len), at or after keep:
// the last sentence
// end within slack before it or, failing that, within slack/2 after; else
// a space or 、 before it; else a breakable point. Trailing spaces are
// dropped.
func cutEnd(runes []rune, mark []bool, start, at, keep, slack int) int {
	if at >= len(runes) {
		return len(runes)
	}
	start = max(start, keep-1) // never cut before keep
	pick := -1
	for i := at; i > max(start, at-slack) && pick < 0; i-- {
		if sentenceEnd(runes[i-1]) || runes[i-1] == '.' && runes[i] == ' ' {
			pick = i
		}
	}
	for i := at + 1; i <= min(len(runes), at+slack/2) && pick < 0; i++ {
		if sentenceEnd(runes[i-1]) {
			pick = i
		}
	}
	for i := at; i > max(start, at-slack) && pick < 0; i-- {
		if runes[i] == ' ' || runes[i-1] == '、' || runes[i-1] == '，' {
			pick = i
		}
	}
	for i := at; i > start && pick < 0; i-- {
		if breakable(runes, mark, i) {
			pick = i
		}
	}
	if pick < 0 {
		pick = at
	}
	for pick > start && unicode.IsSpace(runes[pick-1]) {
		pick--
	}
	return pick
}

// admonitionLabels names admonition kinds (MkDocs !!! and ???, VitePress
// and markdown-it :::, GitHub > [!NOTE]) in Japanese.
var admonitionLabels = map[string]string{
	"note": "注記", "info": "情報", "tip": "ヒント", "hint": "ヒント", "important": "重要",
	"warning": "警告", "caution": "注意", "attention": "注意", "danger": "危険", "error": "エラー",
	"details": "詳細", "example": "例", "abstract": "概要", "summary": "概要", "tldr": "概要",
	"question": "質問", "faq": "質問", "help": "ヘルプ", "success": "成功", "check": "確認", "done": "完了",
	"failure": "失敗", "fail": "失敗", "missing": "不足", "bug": "バグ", "quote": "引用", "cite": "引用",
	"todo": "TODO", "seealso": "関連項目", "see": "関連項目",
}

var (
	// "!!! note "Title"", "??? tip", "???+ warning Title", "::: tip Title"
	admonitionOpen = regexp.MustCompile(`(?m)^[ \t]*(?:!!!|\?\?\?\+?|:::+)[ \t]*([A-Za-z][\w-]*)(?:[ \t]+("[^"\n]*"|[^\n]*))?[ \t]*$`)
	// "> [!NOTE]" or "[!NOTE]" once the quote marker is gone
	admonitionGitHub = regexp.MustCompile(`(?m)^[ \t]*(?:>[ \t]*)?\[!([A-Za-z]+)\][ \t]*`)
	// a closing ":::" alone on its line
	admonitionClose = regexp.MustCompile(`(?m)^[ \t]*:::+[ \t]*$`)
	spaces          = regexp.MustCompile(`[ \t]*\n[ \t\n]*|[ \t]{2,}`)
)

// label returns the Japanese label of an admonition kind and title: the
// title alone when it is itself a label (::: tip 注意 → 「注意:」),
// "label: title" otherwise, the kind as written when it is unknown.
func label(kind, title string) string {
	title = strings.TrimSpace(strings.Trim(strings.TrimSpace(title), `"`))
	l, ok := admonitionLabels[strings.ToLower(kind)]
	if !ok {
		l = kind
	}
	switch {
	case title == "":
		return l + ":"
	case isLabel(title):
		return strings.TrimSuffix(strings.TrimSuffix(title, ":"), "：") + ":"
	}
	return l + ": " + title + " —"
}

// isLabel reports whether s is one of the Japanese admonition labels.
func isLabel(s string) bool {
	s = strings.TrimSuffix(strings.TrimSuffix(s, ":"), "：")
	for _, l := range admonitionLabels {
		if s == l {
			return true
		}
	}
	return false
}

// Readable turns a chunk's text into one line for a snippet: admonition
// openers become a Japanese label (「注意:」「ヒント:」, with their title),
// closers disappear, and line breaks and runs of spaces become one space;
// table rows keep their " | " cell boundaries.
func Readable(text string) string {
	if strings.Contains(text, "!!!") || strings.Contains(text, "???") || strings.Contains(text, ":::") {
		text = admonitionClose.ReplaceAllString(text, "")
		text = admonitionOpen.ReplaceAllStringFunc(text, func(m string) string {
			sub := admonitionOpen.FindStringSubmatch(m)
			return label(sub[1], sub[2])
		})
	}
	if strings.Contains(text, "[!") {
		text = admonitionGitHub.ReplaceAllStringFunc(text, func(m string) string {
			return label(admonitionGitHub.FindStringSubmatch(m)[1], "") + " "
		})
	}
	return strings.TrimSpace(spaces.ReplaceAllString(text, " "))
}

// highlightTerms are the terms to mark for query: its content terms (none
// touching scaffolding, unless the query has nothing else) and the terms of its
// words' spellings and translations.
func highlightTerms(query string) map[string]bool {
	s := Normalize(query)
	mask := scaffoldMask(s)
	set := map[string]bool{}
	for _, sp := range termSpans(s) {
		if !masked(mask, sp.from, sp.to) {
			set[sp.term] = true
		}
	}
	if len(set) == 0 {
		for _, t := range appendTerms(nil, s) {
			set[t] = true
		}
	}
	if syn, err := SudachiSynonyms(); err == nil {
		for _, e := range syn.Expand(s, mask) {
			if e.SameLexeme {
				for _, t := range appendTerms(nil, e.Synonym) {
					set[t] = true
				}
			}
		}
	}
	return set
}

// matches marks the runes of text that belong to a term in qset. Each rune
// is normalised on its own (close to, but not exactly, whole-string NFKC)
// and remembers which original rune it came from. A long-vowel mark folded
// away by normalisation is marked when the rune before it is.
func matches(runes []rune, qset map[string]bool) []bool {
	type normRune struct {
		r   rune
		src int
	}
	var ns []normRune
	prevKatakana := false
	for i, r := range runes {
		for _, x := range strings.ToLower(norm.NFKC.String(string(r))) {
			if x == prolonged && prevKatakana {
				continue
			}
			prevKatakana = unicode.Is(unicode.Katakana, x)
			ns = append(ns, normRune{x, i})
		}
	}
	mark := make([]bool, len(runes))
	markSpan := func(from, to int) {
		for k := from; k < to; k++ {
			mark[ns[k].src] = true
		}
	}
	str := func(from, to int) string {
		rs := make([]rune, to-from)
		for k := range rs {
			rs[k] = ns[from+k].r
		}
		return string(rs)
	}
	for i := 0; i < len(ns); {
		c := classOf(ns[i].r)
		j := i + 1
		for j < len(ns) && classOf(ns[j].r) == c {
			j++
		}
		switch {
		case c == word && qset[str(i, j)]:
			markSpan(i, j)
		case c == cjk && j-i == 1 && qset[str(i, j)]:
			markSpan(i, j)
		case c == cjk:
			for k := i; k+1 < j; k++ {
				if qset[str(k, k+2)] {
					markSpan(k, k+2)
				}
			}
		}
		i = j
	}
	for i := 1; i < len(runes); i++ {
		if !mark[i] && mark[i-1] && isLongVowel(runes[i]) && unicode.Is(unicode.Katakana, lastKana(runes, i)) {
			mark[i] = true
		}
	}
	return mark
}

// isLongVowel reports whether r is the long-vowel mark, full or half width.
func isLongVowel(r rune) bool { return r == prolonged || r == 'ｰ' }

// lastKana returns the rune before runes[i] that is not a long-vowel mark.
func lastKana(runes []rune, i int) rune {
	for k := i - 1; k >= 0; k-- {
		if !isLongVowel(runes[k]) {
			return []rune(norm.NFKC.String(string(runes[k])))[0]
		}
	}
	return 0
}

// Breadcrumb returns a hit's section path without its first step when that
// is the page title (Markdown's H1 usually is), so title › path never reads
// 「ジョブ実行 › ジョブ実行 › …」. The lead of a page gives "".
func Breadcrumb(title, section string) string {
	t := strings.TrimSpace(title)
	if t == "" || section == "" {
		return section
	}
	first, rest, ok := strings.Cut(section, " > ")
	if strings.TrimSpace(first) != t {
		return section
	}
	if !ok {
		return ""
	}
	return rest
}
