package ingest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/japanese"

	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// fixtureSite is a mini documentation site under /docs/. Version 2 changes
// changing.html, drops vanishing.html (404) and orphan.html from the sitemap.
type fixtureSite struct {
	mu       sync.Mutex
	version  int
	requests map[string]int // path → requests
	status   map[string]int // path → 304s
	badUA    []string
	srv      *httptest.Server
}

func newFixtureSite(t *testing.T) *fixtureSite {
	f := &fixtureSite{version: 1, requests: map[string]int{}, status: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fixtureSite) setVersion(v int) { f.mu.Lock(); f.version = v; f.mu.Unlock() }

func htmlPage(title, body string) string {
	return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>` + title + `</title></head><body><main><h1>` + title + `</h1>` + body + `</main></body></html>`
}

func (f *fixtureSite) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	v := f.version
	f.requests[r.URL.Path]++
	if r.UserAgent() != UserAgent {
		f.badUA = append(f.badUA, r.UserAgent())
	}
	f.mu.Unlock()
	host := "http://" + r.Host
	var ct, body string
	switch r.URL.Path {
	case "/robots.txt":
		ct, body = "text/plain", "User-agent: *\nDisallow: /docs/private/\n\nUser-agent: BadBot\nDisallow: /\n\nSitemap: "+host+"/sitemap.xml\n"
	case "/sitemap.xml":
		ct = "application/xml"
		body = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>` + host + `/other/outside.html</loc></url>`
		if v == 1 {
			body += `<url><loc>` + host + `/docs/orphan.html</loc></url>`
		}
		body += `</urlset>`
	case "/docs/index.html":
		ct, body = "text/html; charset=utf-8", htmlPage("玄界 利用の手引き", `<p>スーパーコンピュータ玄界の利用方法を説明します。</p>
<ul><li><a href="guide.html">ガイド</a></li><li><a href="sjis.html">SJIS</a></li><li><a href="old.html">旧ページ</a></li>
<li><a href="missing.html">欠落</a></li><li><a href="private/secret.html">非公開</a></li><li><a href="image.png">画像</a></li>
<li><a href="changing.html#top">更新</a></li><li><a href="vanishing.html">消える</a></li><li><a href="http://other.example/docs/x.html">外部</a></li>
<li><a href="/other/outside.html">範囲外</a></li></ul>`)
	case "/docs/guide.html":
		ct, body = "text/html", htmlPage("ガイド", `<p>ログインノードへの接続にはSSH公開鍵認証を使います。</p><a href="index.html">戻る</a><a href="guide.html">自分</a>`)
	case "/docs/sjis.html":
		enc, _ := japanese.ShiftJIS.NewEncoder().String(htmlPage("シフトJIS", `<p>バッチジョブはpjsubコマンドで投入します。</p><a href="./index.html">トップ</a>`))
		ct, body = "text/html; charset=Shift_JIS", enc
	case "/docs/old.html":
		http.Redirect(w, r, "/docs/new.html", http.StatusMovedPermanently)
		return
	case "/docs/new.html":
		ct, body = "text/html", htmlPage("新ページ", `<p>移転先のページです。ストレージの容量制限について。</p>`)
	case "/docs/image.png":
		ct, body = "image/png", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
	case "/docs/changing.html":
		ct, body = "text/html", htmlPage("お知らせ", fmt.Sprintf(`<p>メンテナンス予定表の第%s版です。</p>`, map[int]string{1: "一", 2: "二"}[v]))
	case "/docs/vanishing.html":
		if v == 1 {
			ct, body = "text/html", htmlPage("旧サービス", `<p>廃止予定のアーカイブサーバの案内。</p>`)
		}
	case "/docs/orphan.html":
		ct, body = "text/plain; charset=utf-8", "サイトマップだけから辿れる文書です。課金の仕組み。"
	case "/docs/private/secret.html":
		ct, body = "text/html", htmlPage("秘密", "<p>robots.txt で禁止</p>")
	}
	if body == "" {
		http.NotFound(w, r)
		return
	}
	etag := fmt.Sprintf(`"%x"`, sha256.Sum256([]byte(body)))
	if r.Header.Get("If-None-Match") == etag {
		f.mu.Lock()
		f.status[r.URL.Path]++
		f.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", ct)
	fmt.Fprint(w, body)
}

func testStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "genkai.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

var testClock = func() time.Time { return time.Date(2025, 4, 1, 12, 0, 0, 0, time.UTC) }

func siteSource(t *testing.T, st *store.Store, start string) store.Source {
	t.Helper()
	src, err := st.EnsureSource(t.Context(), "site", start, "test", "")
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// indexState is every page (url, hash, status) and chunk text of a store.
func indexState(t *testing.T, st *store.Store) []string {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+st.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT p.url || ' ' || p.content_hash || ' ' || p.status || ' ' || coalesce(c.ord, '') || ' ' || coalesce(c.text, '')
		FROM pages p LEFT JOIN chunks c ON c.page_id = p.id ORDER BY p.url, c.ord`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		rows.Scan(&s)
		out = append(out, s)
	}
	return out
}

func searchURLs(t *testing.T, st *store.Store, q string) []string {
	t.Helper()
	hits, err := search.NewLexical(st, search.DefaultParams()).Search(t.Context(), search.Query{Text: q})
	if err != nil {
		t.Fatalf("Search(%q) = %v", q, err)
	}
	var out []string
	for _, h := range hits {
		out = append(out, h.URL)
	}
	return out
}

func problemURLs(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.URL[strings.Index(p.URL, "/docs/"):])
	}
	sort.Strings(out)
	return out
}

var fastSite = SiteOptions{Delay: -1}

func TestSyncSiteTwoRuns(t *testing.T) {
	site := newFixtureSite(t)
	st := testStore(t)
	src := siteSource(t, st, site.srv.URL+"/docs/index.html")
	sy := NewSyncer(st, site.srv.Client(), nil, testClock)

	type want struct {
		added, updated, unchanged, removed int
		failed, skipped                    []string
	}
	runs := []struct {
		version int
		want    want
		found   map[string]string // query → URL suffix expected among the hits
		gone    []string          // queries that must find nothing
	}{
		{1, want{added: 7, failed: []string{"/docs/missing.html"}, skipped: []string{"/docs/image.png"}},
			map[string]string{"pjsub": "/docs/sjis.html", "第一版": "/docs/changing.html", "アーカイブサーバ": "/docs/vanishing.html", "課金": "/docs/orphan.html", "容量制限": "/docs/new.html"},
			nil},
		{2, want{updated: 1, unchanged: 4, removed: 2, failed: []string{"/docs/missing.html", "/docs/vanishing.html"}, skipped: []string{"/docs/image.png"}},
			map[string]string{"第二版": "/docs/changing.html", "pjsub": "/docs/sjis.html"},
			[]string{"第一版", "アーカイブサーバ", "課金"}},
	}
	for _, run := range runs {
		site.setVersion(run.version)
		var last Progress
		rep, err := sy.SyncSite(t.Context(), src, fastSite, func(p Progress) { last = p })
		if err != nil {
			t.Fatalf("run %d: SyncSite() = %v", run.version, err)
		}
		got := want{rep.Added, rep.Updated, rep.Unchanged, rep.Removed, problemURLs(rep.Failed), problemURLs(rep.Skipped)}
		if !reflect.DeepEqual(got, run.want) {
			t.Errorf("run %d: report %+v\nwant %+v", run.version, got, run.want)
		}
		if rep.Truncated || last.Done != last.Total || last.Chunks != rep.Chunks {
			t.Errorf("run %d: last progress %+v, report %+v", run.version, last, rep)
		}
		for q, suffix := range run.found {
			urls := searchURLs(t, st, q)
			if len(urls) == 0 || !strings.HasSuffix(strings.Split(urls[0], "#")[0], suffix) {
				t.Errorf("run %d: search %q = %v; want %s first", run.version, q, urls, suffix)
			}
		}
		for _, q := range run.gone {
			if urls := searchURLs(t, st, q); len(urls) != 0 {
				t.Errorf("run %d: search %q = %v; want nothing", run.version, q, urls)
			}
		}
	}
	site.mu.Lock()
	defer site.mu.Unlock()
	if site.requests["/docs/private/secret.html"] != 0 || site.requests["/other/outside.html"] != 0 {
		t.Errorf("fetched pages robots.txt or the prefix exclude: %v", site.requests)
	}
	if site.requests["/docs/guide.html"] != 2 {
		t.Errorf("guide.html fetched %d times in two runs; the link loop should not refetch it", site.requests["/docs/guide.html"])
	}
	if site.status["/docs/index.html"] != 1 || site.status["/docs/sjis.html"] != 1 {
		t.Errorf("304s in the second run: %v; want index and sjis revalidated", site.status)
	}
	if len(site.badUA) > 0 {
		t.Errorf("requests with User-Agent %q", site.badUA)
	}
}

func TestSyncSiteResume(t *testing.T) {
	site := newFixtureSite(t)
	ref := testStore(t)
	start := site.srv.URL + "/docs/index.html"
	if _, err := NewSyncer(ref, site.srv.Client(), nil, testClock).SyncSite(t.Context(), siteSource(t, ref, start), fastSite, nil); err != nil {
		t.Fatal(err)
	}
	want := indexState(t, ref)
	for _, killAfter := range []int{1, 2, 4, 7} {
		t.Run(fmt.Sprint(killAfter), func(t *testing.T) {
			st := testStore(t)
			src := siteSource(t, st, start)
			sy := NewSyncer(st, site.srv.Client(), nil, testClock)
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			_, err := sy.SyncSite(ctx, src, fastSite, func(p Progress) {
				if p.Done == killAfter {
					cancel()
				}
			})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled SyncSite() = %v; want context.Canceled", err)
			}
			if done, pending, _ := st.QueueCounts(t.Context(), src.ID); done < killAfter || pending == 0 {
				t.Errorf("after cancel, frontier done %d pending %d; want at least %d done (a redirect adds its target) and some pending", done, pending, killAfter)
			}
			if _, err := sy.SyncSite(t.Context(), src, fastSite, nil); err != nil {
				t.Fatalf("resumed SyncSite() = %v", err)
			}
			if got := indexState(t, st); !reflect.DeepEqual(got, want) {
				t.Errorf("resumed index differs:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if done, pending, _ := st.QueueCounts(t.Context(), src.ID); done+pending != 0 {
				t.Errorf("completed run left %d frontier items", done+pending)
			}
		})
	}
}

func TestSyncSiteMaxPages(t *testing.T) {
	site := newFixtureSite(t)
	st := testStore(t)
	src := siteSource(t, st, site.srv.URL+"/docs/index.html")
	sy := NewSyncer(st, site.srv.Client(), nil, testClock)
	if _, err := sy.SyncSite(t.Context(), src, fastSite, nil); err != nil {
		t.Fatal(err)
	}
	site.setVersion(2)
	rep, err := sy.SyncSite(t.Context(), src, SiteOptions{Delay: -1, MaxPages: 2}, nil)
	if err != nil || !rep.Truncated || rep.Removed != 0 {
		t.Errorf("truncated run: %+v, %v; want Truncated and nothing removed", rep, err)
	}
	if got := searchURLs(t, st, "課金"); len(got) == 0 {
		t.Error("a truncated run removed a page it did not reach")
	}
}

func TestSyncSiteBadStart(t *testing.T) {
	st := testStore(t)
	sy := NewSyncer(st, nil, nil, testClock)
	for _, tc := range []struct{ start, prefix string }{{"ftp://example.jp/", ""}, {"http://example.jp/docs/", "http://other.jp/"}, {"http://example.jp/a/", "/b/"}} {
		_, err := sy.SyncSite(t.Context(), siteSource(t, st, tc.start), SiteOptions{Prefix: tc.prefix}, nil)
		if !errors.Is(err, ErrBadStartURL) {
			t.Errorf("SyncSite(%s, prefix %q) = %v; want ErrBadStartURL", tc.start, tc.prefix, err)
		}
	}
}
