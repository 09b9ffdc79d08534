package help_test

import (
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/help"
	"github.com/genkai-rag/genkai-rag/backend/ingest"
)

// TestAnchorsMatchIngest reads every page with the app's own Markdown
// extractor and checks that its sections carry exactly the anchors the
// other tests (links, help-questions.tsv) compute, and that every anchor of
// testdata/help-questions.tsv is a section the app will cite.
func TestAnchorsMatchIngest(t *testing.T) {
	sections := map[string][]string{}
	err := fs.WalkDir(help.All(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(help.All(), p)
		if err != nil {
			return err
		}
		doc, err := ingest.ExtractMarkdown(b, "file:///help/"+p)
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		var got []string
		for _, s := range doc.Sections {
			got = append(got, s.Anchor)
		}
		if want := help.Anchors(string(b)); !slices.Equal(got, want) {
			t.Errorf("%s: ingest anchors %v\nthe tests compute %v", p, got, want)
		}
		if first, _, _ := strings.Cut(string(b), "\n"); "# "+doc.Title != first {
			t.Errorf("%s: ingest title %q, page starts with %q", p, doc.Title, first)
		}
		sections[p] = got
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tsv, err := os.ReadFile("testdata/help-questions.tsv")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimSpace(string(tsv)), "\n") {
		f := strings.Split(line, "\t")
		if len(f) != 4 {
			t.Fatalf("bad line %q", line)
		}
		if !slices.Contains(sections[f[2]], f[3]) {
			t.Errorf("%s: ingest finds no section %q in %s", f[0], f[3], f[2])
		}
	}
}
