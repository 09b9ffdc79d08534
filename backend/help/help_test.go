package help

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// names lists the page file names of one language.
func names(t *testing.T, lang string) []string {
	t.Helper()
	entries, err := fs.ReadDir(Docs(lang), ".")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestEveryPageInBothLanguages(t *testing.T) {
	ja, en := names(t, "ja"), names(t, "en")
	if len(ja) < 8 {
		t.Errorf("the Japanese manual has %d pages, want at least 8: %v", len(ja), ja)
	}
	for _, n := range ja {
		if !slices.Contains(en, n) {
			t.Errorf("ja/%s has no English counterpart en/%s", n, n)
		}
	}
	for _, n := range en {
		if !slices.Contains(ja, n) {
			t.Errorf("en/%s has no Japanese counterpart ja/%s", n, n)
		}
	}
	for _, n := range append(ja, en...) {
		if path.Ext(n) != ".md" {
			t.Errorf("%s: the manual holds only Markdown pages (.md)", n)
		}
	}
	top, err := fs.ReadDir(All(), ".")
	if err != nil {
		t.Fatal(err)
	}
	var langs []string
	for _, e := range top {
		langs = append(langs, e.Name())
	}
	slices.Sort(langs)
	if want := slices.Sorted(slices.Values(Langs)); !slices.Equal(langs, want) {
		t.Errorf("docs/ holds %v, want one folder per language %v", langs, want)
	}
}

func TestPageStructure(t *testing.T) {
	for p, pg := range readPages(t, All()) {
		var titles, sections int
		for _, h := range pg.Headings {
			switch {
			case h.Level == 1:
				titles++
			case h.Level == 2 || h.Level == 3:
				sections++
			}
			if strings.ContainsAny(h.Text, "`*_~[]<>&\\!") {
				// ingest cleans inline markup before making the slug; keep
				// headings plain so that the anchors here are exact.
				t.Errorf("%s:%d: heading %q has inline markup", p, h.Line, h.Text)
			}
			if strings.HasSuffix(h.Anchor, "-1") || strings.HasSuffix(h.Anchor, "-2") {
				t.Errorf("%s:%d: heading %q repeats an earlier one (anchor %s): make it say what is different", p, h.Line, h.Text, h.Anchor)
			}
		}
		if titles != 1 {
			t.Errorf("%s: %d level-1 titles, want exactly one", p, titles)
		}
		if len(pg.Headings) == 0 || pg.Headings[0].Level != 1 {
			t.Errorf("%s: does not start with its # title", p)
		}
		if sections < 2 {
			t.Errorf("%s: %d ## / ### sections, want at least two", p, sections)
		}
		if n := len(pg.Lines); n < 40 || n > 220 {
			t.Errorf("%s: %d lines; keep a page between 40 and 220 lines (split or merge topics)", p, n)
		}
	}
}

// TestSameOutlineInBothLanguages checks that both languages cover the same
// topics: each page has as many ## and ### sections in Japanese as in
// English, in the same order of levels.
func TestSameOutlineInBothLanguages(t *testing.T) {
	pages := readPages(t, All())
	for _, n := range names(t, "ja") {
		ja, en := pages["ja/"+n], pages["en/"+n]
		outline := func(p page) string {
			var b strings.Builder
			for _, h := range p.Headings {
				b.WriteString(strconv.Itoa(h.Level))
			}
			return b.String()
		}
		if outline(ja) != outline(en) {
			t.Errorf("%s: heading levels differ: ja %s, en %s", n, outline(ja), outline(en))
		}
	}
}

func TestLinksResolve(t *testing.T) {
	pages := readPages(t, All())
	checked := 0
	for p, pg := range pages {
		for _, l := range pg.Links {
			if external.MatchString(l.Target) {
				continue
			}
			file, anchor, _ := strings.Cut(l.Target, "#")
			target := p
			if file != "" {
				target = path.Join(path.Dir(p), file)
			}
			to, ok := pages[target]
			if !ok || path.Dir(target) != path.Dir(p) {
				t.Errorf("%s:%d: link %s: no page %s in the same language", p, l.Line, l.Target, target)
				continue
			}
			if anchor != "" && !to.anchors()[anchor] {
				t.Errorf("%s:%d: link %s: %s has no heading with anchor %q", p, l.Line, l.Target, target, anchor)
			}
			checked++
		}
	}
	if checked < 10 {
		t.Errorf("only %d links between pages were checked; the parser may have missed them", checked)
	}
}

func TestLinkCheckerCatchesBrokenLinks(t *testing.T) {
	fsys := fstest.MapFS{
		"ja/a.md": {Data: []byte("# A\n\n## x\n\n[ok](b.md#y) [bad](b.md#nope) [gone](c.md)\n")},
		"ja/b.md": {Data: []byte("# B\n\n## y\n")},
	}
	pages := readPages(t, fsys)
	a, b := pages["ja/a.md"], pages["ja/b.md"]
	if len(a.Links) != 3 {
		t.Fatalf("links = %+v", a.Links)
	}
	if !b.anchors()["y"] || b.anchors()["nope"] {
		t.Errorf("anchors of b = %v", b.anchors())
	}
	if _, ok := pages["ja/c.md"]; ok {
		t.Error("c.md should not exist")
	}
}

// cliCommands reads the command table of backend/cli (the map whose keys
// are the subcommands, "server", "backup create", …) from its source, so
// that a command added there must be documented here. It finds the table
// by its content, not its name or file, and fails when it cannot.
func cliCommands(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "cli", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("cannot read backend/cli (%v): the CLI page is checked against its command table", err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		var found []string
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok || found != nil {
				return found == nil
			}
			if _, ok := lit.Type.(*ast.MapType); !ok {
				return true
			}
			var keys []string
			for _, e := range lit.Elts {
				kv, ok := e.(*ast.KeyValueExpr)
				if !ok {
					return true
				}
				bl, ok := kv.Key.(*ast.BasicLit)
				if !ok || bl.Kind != token.STRING {
					return true
				}
				k, err := strconv.Unquote(bl.Value)
				if err != nil {
					return true
				}
				keys = append(keys, k)
			}
			if slices.Contains(keys, "server") && slices.Contains(keys, "backup create") && slices.Contains(keys, "models pull") {
				found = keys
			}
			return true
		})
		if found != nil {
			return found
		}
	}
	t.Fatal("backend/cli has no map literal with the keys \"server\", \"backup create\" and \"models pull\": update cliCommands to find the command table")
	return nil
}

func TestCLIPageNamesEveryCommand(t *testing.T) {
	cmds := cliCommands(t)
	if len(cmds) < 15 {
		t.Fatalf("found only %d commands in backend/cli: %v", len(cmds), cmds)
	}
	for _, lang := range Langs {
		b, err := fs.ReadFile(Docs(lang), "07-cli.md")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cmds {
			want := strings.TrimSpace("genkai-rag " + c)
			if !strings.Contains(string(b), want) {
				t.Errorf("%s/07-cli.md does not mention %q", lang, want)
			}
		}
	}
}

func TestLang(t *testing.T) {
	for in, want := range map[string]string{
		"": "ja", "ja": "ja", "ja_JP.UTF-8": "ja", "JA-jp": "ja", "C": "ja", "fr": "ja",
		"en": "en", "en-US": "en", "en_GB.UTF-8": "en", "EN": "en", " en ": "en", "english": "ja",
	} {
		if got := Lang(in); got != want {
			t.Errorf("Lang(%q) = %q, want %q", in, got, want)
		}
	}
	if Title("") != "玄界RAG ヘルプ" || Title("en-US") != "Genkai RAG help" {
		t.Errorf("titles: %q, %q", Title(""), Title("en-US"))
	}
	ja, err := fs.ReadFile(Docs("xx"), "01-getting-started.md")
	if err != nil || !strings.HasPrefix(string(ja), "# はじめに") {
		t.Errorf("Docs(unknown) should be Japanese: %q, %v", firstLine(ja), err)
	}
	en, err := fs.ReadFile(Docs("en"), "01-getting-started.md")
	if err != nil || !strings.HasPrefix(string(en), "# Getting started") {
		t.Errorf("Docs(en): %q, %v", firstLine(en), err)
	}
}

func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}

func TestVersion(t *testing.T) {
	v, err := ContentVersion(All())
	if err != nil {
		t.Fatal(err)
	}
	if Version != v || len(Version) != 16 {
		t.Errorf("Version = %q, ContentVersion(All()) = %q; want the same 16 hex digits", Version, v)
	}
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"ja/01-a.md": {Data: []byte("# A\n\n## x\n")},
			"en/01-a.md": {Data: []byte("# A\n\n## x\n")},
		}
	}
	version := func(fsys fs.FS) string {
		v, err := ContentVersion(fsys)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	v0 := version(base())
	if again := version(base()); again != v0 {
		t.Errorf("the same content hashed twice: %s, %s", v0, again)
	}
	changes := map[string]func(fstest.MapFS){
		"edit a byte":   func(m fstest.MapFS) { m["ja/01-a.md"] = &fstest.MapFile{Data: []byte("# A\n\n## y\n")} },
		"add a page":    func(m fstest.MapFS) { m["en/02-b.md"] = &fstest.MapFile{Data: []byte("# B\n")} },
		"remove a page": func(m fstest.MapFS) { delete(m, "en/01-a.md") },
		"rename a page": func(m fstest.MapFS) { m["en/01-b.md"] = m["en/01-a.md"]; delete(m, "en/01-a.md") },
		"move bytes between name and content": func(m fstest.MapFS) {
			m["ja/01-a.md"] = &fstest.MapFile{Data: []byte("# A\n\n## x")}
			m["ja/01-a.md\n"] = &fstest.MapFile{Data: nil}
		},
		"empty a page": func(m fstest.MapFS) { m["ja/01-a.md"] = &fstest.MapFile{Data: nil} },
	}
	for name, change := range changes {
		m := base()
		change(m)
		if got := version(m); got == v0 {
			t.Errorf("%s: version unchanged (%s)", name, got)
		}
	}
	m := base()
	m["ja/01-a.md"].ModTime = m["ja/01-a.md"].ModTime.AddDate(1, 0, 0)
	m["ja/01-a.md"].Mode = 0o600
	if got := version(m); got != v0 {
		t.Errorf("times and modes are not content, but the version changed: %s → %s", v0, got)
	}
	if _, err := ContentVersion(fstest.MapFS{"a": {Mode: fs.ModeDir}, "a/b": {Data: []byte("x")}}); err != nil {
		t.Errorf("nested folders: %v", err)
	}
}
