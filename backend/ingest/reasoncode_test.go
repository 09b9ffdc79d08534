package ingest

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// TestFetchCode classifies request errors by type into the codes stored
// with failed pages.
func TestFetchCode(t *testing.T) {
	dial := func(err error) error {
		return &url.Error{Op: "Get", URL: "http://example.jp/", Err: &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", err)}}
	}
	tests := []struct {
		name string
		err  error
		want fault.Code
	}{
		{"dns", &url.Error{Op: "Get", URL: "http://nohost.invalid/", Err: &net.DNSError{Err: "no such host", Name: "nohost.invalid", IsNotFound: true}}, fault.FetchDNS},
		{"refused", dial(syscall.ECONNREFUSED), fault.FetchRefused},
		{"unknown CA", &url.Error{Op: "Get", URL: "https://example.jp/", Err: &tls.CertificateVerificationError{Err: x509.UnknownAuthorityError{}}}, fault.FetchTLSTrust},
		{"handshake", &url.Error{Op: "Get", URL: "https://example.jp/", Err: tls.RecordHeaderError{Msg: "x"}}, fault.FetchTLSHandshake},
		{"plain http", errors.New("http: server gave HTTP response to HTTPS client"), fault.FetchPlainHTTP},
		{"timeout", &url.Error{Op: "Get", URL: "http://example.jp/", Err: context.DeadlineExceeded}, fault.FetchTimeout},
		{"reset", dial(syscall.ECONNRESET), fault.FetchReset},
		{"unreachable", dial(syscall.EHOSTUNREACH), fault.FetchUnreachable},
		{"policy: private", &url.Error{Op: "Get", URL: "http://10.0.0.1/", Err: refuseCode(fault.PrivateSite, "site 10.0.0.1 is a private address")}, fault.PrivateSite},
		{"policy: other", &url.Error{Op: "Get", URL: "http://x/", Err: &RefusedError{Reason: "no"}}, fault.SourceRefused},
		{"other", errors.New("something odd"), fault.FetchFailed},
	}
	for _, tt := range tests {
		if got := fetchCode(tt.err); got != tt.want {
			t.Errorf("%s: fetchCode = %q, want %q", tt.name, got, tt.want)
		}
		if !fault.Known(tt.want) {
			t.Errorf("%s: %q is not in the fault table", tt.name, tt.want)
		}
	}
	if got := extractCode(fmt.Errorf("extract: %w", ErrNoTextLayer)); got != fault.PDFNoText {
		t.Errorf("extractCode(no text layer) = %q", got)
	}
	if got := extractCode(errors.New("bad xref")); got != fault.ExtractFailed {
		t.Errorf("extractCode(other) = %q", got)
	}
	if got := syncCode(fmt.Errorf("sync: %w", ErrBadStartURL)); got != fault.SyncFailed {
		t.Errorf("syncCode(plain) = %q", got)
	}
}

// TestSyncStoresReasonCodes syncs a site whose pages fail in different
// ways and checks each failure's code reaches the report and the store.
func TestSyncStoresReasonCodes(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/docs/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, `<html><body><main><h1>Top</h1><p>本文です。</p><a href="/docs/missing">m</a> <a href="/docs/img.png">i</a> <a href="/docs/bin">b</a></main></body></html>`)
	})
	mux.HandleFunc("/docs/missing", http.NotFound)
	mux.HandleFunc("/docs/broken", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "oops", 500) })
	mux.HandleFunc("/docs/img.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG"))
	})
	mux.HandleFunc("/docs/bin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Write([]byte("a\x00b"))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	src, err := st.EnsureSource(t.Context(), "site", srv.URL+"/docs/", "docs", "{}")
	if err != nil {
		t.Fatal(err)
	}
	s := NewSyncer(st, srv.Client(), nil, nil)
	rep, err := s.SyncSite(t.Context(), src, SiteOptions{MaxDepth: 2, MaxPages: 50}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]fault.Code{
		srv.URL + "/docs/missing": fault.HTTPStatus,
		srv.URL + "/docs/img.png": fault.UnsupportedType,
		srv.URL + "/docs/bin":     fault.NotText,
	}
	seen := map[string]fault.Code{}
	for _, p := range append(append([]Problem{}, rep.Failed...), rep.Skipped...) {
		seen[p.URL] = fault.Code(p.Code)
		if p.Reason == "" {
			t.Errorf("%s: English reason lost", p.URL)
		}
	}
	for u, code := range want {
		if seen[u] != code {
			t.Errorf("report: %s has code %q, want %q (report %+v)", u, seen[u], code, rep)
		}
	}
	pages, err := st.PageList(t.Context(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pages {
		if code, ok := want[p.URL]; ok && p.Code != string(code) {
			t.Errorf("store: %s has reason_code %q, want %q", p.URL, p.Code, code)
		}
	}
}

// TestCheckFolderCodes: a folder that cannot be a source says why by code
// (with its path), not by the raw lstat text.
func TestCheckFolderCodes(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f.txt")
	os.WriteFile(file, []byte("x"), 0o600)
	for _, tt := range []struct {
		path string
		want fault.Code
	}{{filepath.Join(dir, "nope"), fault.FolderMissing}, {file, fault.NotFolder}} {
		err := CheckFolder(tt.path)
		d := fault.Describe(err)
		if d.Code != fault.BadSource || d.Reason != tt.want || d.Params["path"] != tt.path || !errors.Is(err, ErrBadSource) {
			t.Errorf("CheckFolder(%s): %+v, want code bad_source reason %s", tt.path, d, tt.want)
		}
	}
}
