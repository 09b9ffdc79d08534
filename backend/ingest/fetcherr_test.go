package ingest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestFetchReason(t *testing.T) {
	dial := func(err error) error {
		return &url.Error{Op: "Get", URL: "http://example.jp/", Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", err)}}
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"dns", &url.Error{Op: "Get", URL: "http://nohost.invalid/", Err: &net.DNSError{Err: "no such host", Name: "nohost.invalid", IsNotFound: true}}, "host not found"},
		{"refused", dial(syscall.ECONNREFUSED), "connection refused: the server is down"},
		{"unknown CA", &url.Error{Op: "Get", URL: "https://example.jp/", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}, "TLS certificate not trusted"},
		{"wrong host", &url.Error{Op: "Get", URL: "https://example.jp/", Err: x509.HostnameError{Certificate: &x509.Certificate{}, Host: "example.jp"}}, "TLS certificate not trusted"},
		{"plain http on https", &url.Error{Op: "Get", URL: "https://example.jp/", Err: tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}}, "TLS handshake failed"},
		{"timeout", &url.Error{Op: "Get", URL: "http://example.jp/", Err: context.DeadlineExceeded}, "timed out after 30s"},
		{"reset", dial(syscall.ECONNRESET), "connection reset"},
		{"unreachable", dial(syscall.ENETUNREACH), "network unreachable"},
		{"other", errors.New("something odd"), "something odd"},
	}
	for _, tt := range tests {
		got := fetchReason(tt.err, 30*time.Second)
		if !strings.HasPrefix(got, tt.want) || !strings.Contains(got, tt.err.Error()) {
			t.Errorf("%s: fetchReason = %q; want it to start with %q and hold the error", tt.name, got, tt.want)
		}
	}
}

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{10 << 20: "10 MB", 3 << 19: "1.5 MB", 2048: "2 KB", 900: "900 bytes"} {
		if got := sizeText(n); got != want {
			t.Errorf("sizeText(%d) = %q, want %q", n, got, want)
		}
	}
}

// A slow page and an oversized page are recorded with their reasons; the
// rest of the site is indexed.
func TestSyncSiteSlowAndLargePages(t *testing.T) {
	mux := http.NewServeMux()
	page := func(body string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte(body))
		}
	}
	mux.HandleFunc("/docs/", page(`<html><head><title>目次</title></head><body><main><h1>目次</h1><p>玄界の利用案内です。</p>
<a href="ok.html">ok</a> <a href="slow.html">slow</a> <a href="big.html">big</a></main></body></html>`))
	mux.HandleFunc("/docs/ok.html", page(`<html><head><title>ジョブ</title></head><body><main><h1>ジョブ</h1><p>pjsub でジョブを投入します。</p></main></body></html>`))
	mux.HandleFunc("/docs/big.html", page("<html><body><p>"+strings.Repeat("大", 1000)+"</p></body></html>"))
	mux.HandleFunc("/docs/slow.html", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	st := testStore(t)
	sy := NewSyncer(st, srv.Client(), nil, testClock)
	rep, err := sy.SyncSite(t.Context(), siteSource(t, st, srv.URL+"/docs/"), SiteOptions{Delay: -1, Timeout: 300 * time.Millisecond, MaxBytes: 2048}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 2 {
		t.Errorf("added %d pages, want 2 (the index and ok.html): %+v", rep.Added, rep)
	}
	if len(rep.Failed) != 1 || !strings.HasSuffix(rep.Failed[0].URL, "/slow.html") || !strings.HasPrefix(rep.Failed[0].Reason, "timed out after 300ms") {
		t.Errorf("failed = %+v; want slow.html timed out after 300ms", rep.Failed)
	}
	if len(rep.Skipped) != 1 || !strings.HasSuffix(rep.Skipped[0].URL, "/big.html") || rep.Skipped[0].Reason != "larger than the 2 KB page limit" {
		t.Errorf("skipped = %+v; want big.html larger than the 2 KB page limit", rep.Skipped)
	}
}

// A site that cannot be reached at all fails the sync with a reason that
// says what to do, and nothing is stored.
func TestSyncSiteUnreachable(t *testing.T) {
	tlsSrv := httptest.NewTLSServer(http.NotFoundHandler())
	defer tlsSrv.Close()
	plain := httptest.NewServer(http.NotFoundHandler())
	defer plain.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	tests := []struct {
		name, start, want string
	}{
		{"untrusted certificate", tlsSrv.URL + "/docs/", "TLS certificate not trusted"},
		{"connection refused", closedURL + "/docs/", "connection refused"},
		{"https to a plain HTTP server", strings.Replace(plain.URL, "http://", "https://", 1) + "/docs/", "use http:// in the URL"},
	}
	for _, tt := range tests {
		st := testStore(t)
		sy := NewSyncer(st, nil, nil, testClock)
		src := siteSource(t, st, tt.start)
		rep, err := sy.SyncSite(t.Context(), src, SiteOptions{Delay: -1, Timeout: 2 * time.Second}, nil)
		if err == nil {
			t.Errorf("%s: sync succeeded: %+v", tt.name, rep)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %q; want it to say %q", tt.name, err, tt.want)
		}
		if pages, err := st.Pages(t.Context(), src.ID); err != nil || len(pages) != 0 {
			t.Errorf("%s: pages after a failed sync = %v, %v; want none", tt.name, pages, err)
		}
	}
}
