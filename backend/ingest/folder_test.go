package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

func folderProblems(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, filepath.Base(p.URL)+": "+p.Reason)
	}
	sort.Strings(out)
	return out
}

func TestSyncFolder(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("job.md", "# ジョブ投入\n\npjsubでバッチジョブを投入します。\n")
	write("sub/login.html", htmlPage("ログイン", "<p>SSH公開鍵でログインノードへ接続します。</p>"))
	write("notice.txt", "定期保守のお知らせ。第一報。")
	write("manual.pdf", string(makePDF("scan", nil)))
	write("guide.pdf", string(makePDF("Guide", []string{"GPU jobs use the b-batch resource group."})))
	write("blob.txt", "\x00\x01\x02binary")
	write("image.png", "\x89PNG")
	write(".hidden/secret.md", "# 隠し\n秘密の文書")
	write(".draft.md", "# 下書き")
	os.WriteFile(filepath.Join(outside, "out.md"), []byte("# 外部\n外側のファイル"), 0o644)
	os.Symlink(filepath.Join(outside, "out.md"), filepath.Join(dir, "link-out.md"))

	st := testStore(t)
	src, err := st.EnsureSource(t.Context(), "folder", dir, "docs", "")
	if err != nil {
		t.Fatal(err)
	}
	sy := NewSyncer(st, nil, nil, testClock)
	type want struct {
		added, updated, unchanged, removed int
		failed, skipped                    []string
	}
	steps := []struct {
		name   string
		change func()
		want   want
		found  []string
		gone   []string
	}{
		{"first", func() {}, want{added: 4, failed: []string{"blob.txt: not a text file", "manual.pdf: " + ErrNoTextLayer.Error()}},
			[]string{"pjsub", "公開鍵", "第一報", "b-batch"}, []string{"秘密", "外側"}},
		{"edit and delete", func() {
			write("notice.txt", "定期保守のお知らせ。第二報。")
			os.Remove(filepath.Join(dir, "job.md"))
			write("new.markdown", "# 新規\n\nストレージ容量の確認方法。\n")
		}, want{added: 1, updated: 1, unchanged: 2, removed: 1, failed: []string{"blob.txt: not a text file", "manual.pdf: " + ErrNoTextLayer.Error()}},
			[]string{"第二報", "ストレージ容量", "公開鍵"}, []string{"第一報", "pjsub"}},
		{"binary removed", func() { os.Remove(filepath.Join(dir, "blob.txt")) },
			want{unchanged: 4, removed: 1, failed: []string{"manual.pdf: " + ErrNoTextLayer.Error()}}, nil, nil},
	}
	for _, step := range steps {
		step.change()
		var last Progress
		rep, err := sy.SyncFolder(t.Context(), src, func(p Progress) { last = p })
		if err != nil {
			t.Fatalf("%s: SyncFolder() = %v", step.name, err)
		}
		got := want{rep.Added, rep.Updated, rep.Unchanged, rep.Removed, folderProblems(rep.Failed), folderProblems(rep.Skipped)}
		if !reflect.DeepEqual(got, step.want) {
			t.Errorf("%s: report %+v\nwant %+v", step.name, got, step.want)
		}
		if last.Done != last.Total || last.Errors != len(rep.Failed) {
			t.Errorf("%s: last progress %+v", step.name, last)
		}
		for _, q := range step.found {
			if urls := searchURLs(t, st, q); len(urls) == 0 {
				t.Errorf("%s: search %q found nothing", step.name, q)
			}
		}
		for _, q := range step.gone {
			if urls := searchURLs(t, st, q); len(urls) != 0 {
				t.Errorf("%s: search %q = %v; want nothing", step.name, q, urls)
			}
		}
	}
	if _, err := sy.SyncFolder(t.Context(), store.Source{ID: src.ID, Kind: "folder", Location: filepath.Join(dir, "missing")}, nil); err == nil {
		t.Error("SyncFolder(missing folder) succeeded")
	}
}

func TestRobots(t *testing.T) {
	body := "User-agent: *\nDisallow: /private/\nAllow: /private/open$\nDisallow: /*.pdf$\n\nUser-agent: GenkaiRAG\nUser-agent: other\nDisallow: /genkai-only/\nAllow: /genkai-only/ok\n\nSitemap: http://h/s.xml\n"
	tests := []struct {
		agent, path string
		want        bool
	}{
		{"GenkaiRAG", "/genkai-only/x", false},
		{"GenkaiRAG", "/genkai-only/ok.html", true},
		{"GenkaiRAG", "/private/x", true}, // our group replaces *
		{"SomeBot", "/private/x", false},
		{"SomeBot", "/private/open", true},
		{"SomeBot", "/private/open2", false},
		{"SomeBot", "/docs/a.pdf", false},
		{"SomeBot", "/docs/a.pdf?x", true},
		{"SomeBot", "/docs/", true},
	}
	for _, tt := range tests {
		r := parseRobots([]byte(body), tt.agent)
		if got := r.allowed(tt.path); got != tt.want {
			t.Errorf("%s allowed(%s) = %v; want %v", tt.agent, tt.path, got, tt.want)
		}
		if !reflect.DeepEqual(r.sitemaps, []string{"http://h/s.xml"}) {
			t.Errorf("sitemaps = %v", r.sitemaps)
		}
	}
}
