package cli

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

func TestIndexUsageErrors(t *testing.T) {
	dir, env := testEnv(t)
	file := filepath.Join(t.TempDir(), "a.md")
	os.WriteFile(file, []byte("# a\n"), 0o600)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"index"}, "exactly one of --url URL or --dir PATH"},
		{[]string{"index", "--url", "http://127.0.0.1:1/", "--dir", dir}, "exactly one of"},
		{[]string{"index", "--dir", dir, "--depth", "2"}, "apply to --url only"},
		{[]string{"index", "--url", "http://127.0.0.1:1/", "--max-pages", "0"}, "at least 1"},
		{[]string{"index", "--dir", filepath.Join(dir, "missing")}, "missing does not exist: check the path (it is read on this machine"},
		{[]string{"index", "--dir", file}, "a.md is not a folder"},
		{[]string{"index", "--url", "ftp://example.jp/"}, "bad start URL"},
		{[]string{"index", "--k", "3", "--dir", dir}, "--k not valid"},
		{[]string{"index", "extra", "--dir", dir}, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			r := run(t, t.Context(), env, tt.args...)
			if r.code != ExitUsage || !strings.Contains(r.stderr, tt.want) {
				t.Errorf("code %d stderr %q; want exit 2 and %q", r.code, r.stderr, tt.want)
			}
		})
	}
}

func TestIndexDir(t *testing.T) {
	_, env := testEnv(t)
	docs := t.TempDir()
	os.WriteFile(filepath.Join(docs, "job.md"), []byte("# ジョブ\n\npjsubでバッチジョブを投入します。\n"), 0o644)
	os.WriteFile(filepath.Join(docs, "manual.pdf"), []byte("%PDF-1.4"), 0o644)

	r := run(t, t.Context(), env, "index", "--dir", docs)
	if r.code != 0 || !strings.Contains(r.stdout, "added 1, updated 0, unchanged 0, removed 0, failed 1, skipped 0") ||
		!strings.Contains(r.stdout, "manual.pdf: extract pdf:") {
		t.Fatalf("first index: %+v", r)
	}
	r = run(t, t.Context(), env, "search", "pjsub")
	if r.code != 0 || !strings.Contains(r.stdout, "job.md") {
		t.Errorf("search after index: %+v", r)
	}
	os.Remove(filepath.Join(docs, "job.md"))
	r = run(t, t.Context(), env, "index", "--dir", docs)
	if r.code != 0 || !strings.Contains(r.stdout, "removed 1") {
		t.Errorf("second index: %+v", r)
	}
}

// TestIndexUnreachableSite: a site that does not answer is refused before
// it is stored, with the reason; nothing is saved.
func TestIndexUnreachableSite(t *testing.T) {
	dir, env := testEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	down := "http://" + ln.Addr().String() + "/docs/"
	ln.Close()
	r := run(t, t.Context(), env, "index", "--url", down)
	if r.code == 0 || !strings.Contains(r.stderr, "site does not answer") || !strings.Contains(r.stderr, "connection refused") {
		t.Fatalf("index --url %s: %+v; want a failure naming the refused connection", down, r)
	}
	st, err := store.Open(t.Context(), filepath.Join(dir, "data", "genkai_rag.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if srcs, _ := st.Sources(t.Context()); len(srcs) != 0 {
		t.Errorf("stored %+v; want nothing", srcs)
	}
}
