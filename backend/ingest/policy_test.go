package ingest

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// fakeDNS answers lookups from a table; unknown names are not found.
func fakeDNS(table map[string]string) func(context.Context, string) ([]netip.Addr, error) {
	return func(_ context.Context, host string) ([]netip.Addr, error) {
		if a, ok := table[host]; ok {
			return []netip.Addr{netip.MustParseAddr(a)}, nil
		}
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
}

func TestPolicyFolders(t *testing.T) {
	root := t.TempDir()
	outside := t.TempDir()
	for _, d := range []string{"docs", "docs/sub", "docsplus"} {
		os.MkdirAll(filepath.Join(root, d), 0o700)
	}
	os.Symlink(outside, filepath.Join(root, "docs", "escape"))            // under the root, points outside
	os.Symlink(filepath.Join(root, "docs"), filepath.Join(outside, "in")) // outside, points under the root
	rootDocs := filepath.Join(root, "docs")
	pol := Policy{Restricted: true, Roots: []string{rootDocs}}

	tests := []struct {
		name, dir string
		pol       Policy
		ok        bool
		want      string
	}{
		{"the root itself", rootDocs, pol, true, ""},
		{"under the root", filepath.Join(rootDocs, "sub"), pol, true, ""},
		{"trailing slash", rootDocs + "/sub/", pol, true, ""},
		{"link from outside into the root", filepath.Join(outside, "in"), pol, true, ""},
		{"outside", outside, pol, false, "ask the administrator to add " + outside},
		{"filesystem root", "/", pol, false, "folders must be under server.source_roots (" + rootDocs + ")"},
		{"sibling with the root as prefix", filepath.Join(root, "docsplus"), pol, false, "server.source_roots"},
		{"parent", root, pol, false, "server.source_roots"},
		{"dot-dot out of the root", rootDocs + "/../docsplus", pol, false, "server.source_roots"},
		{"dot-dot through the root", rootDocs + "/sub/../../../" + filepath.Base(outside), pol, false, "server.source_roots"},
		{"symlink escape", filepath.Join(rootDocs, "escape"), pol, false, "(which is " + outside},
		{"missing folder", filepath.Join(rootDocs, "nope"), pol, false, "no such file"},
		{"relative", "docs", pol, false, "absolute path"},
		{"no roots", rootDocs, Policy{Restricted: true}, false, "set server.source_roots"},
		{"open policy takes anything", "/", Policy{}, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.pol.Check(t.Context(), "folder", tt.dir)
			if tt.ok {
				if err != nil {
					t.Fatalf("Check(%s) = %v, want allowed", tt.dir, err)
				}
				return
			}
			if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Check(%s) = %v, want a refusal containing %q", tt.dir, err, tt.want)
			}
			if tt.pol.Restricted && len(tt.pol.Roots) > 0 && !strings.HasPrefix(err.Error(), "sources are restricted on this server (server.source_policy)") {
				t.Errorf("message does not name the policy: %v", err)
			}
		})
	}
}

func TestPolicySites(t *testing.T) {
	dns := fakeDNS(map[string]string{
		"docs.example.org":  "93.184.216.34",
		"rebind.example":    "127.0.0.1",
		"intranet.example":  "10.1.2.3",
		"v6public.example":  "2606:4700::1111",
		"v6private.example": "fd12::1",
	})
	pol := Policy{Restricted: true, lookup: dns}
	tests := []struct {
		url  string
		want string // "" allowed, else part of the refusal
	}{
		{"https://docs.example.org/guide/", ""},
		{"http://v6public.example/", ""},
		{"http://93.184.216.34/", ""},
		{"http://127.0.0.1:8000/", "site 127.0.0.1 is a loopback address; this server does not index private addresses (server.allow_private_sites)"},
		{"http://localhost/", "loopback"}, // resolved by the fake: not found, so looked up below
		{"http://10.0.0.5/", "private"},
		{"http://192.168.1.1/", "private"},
		{"http://172.16.0.1/", "private"},
		{"http://172.31.255.255/", "private"},
		{"http://169.254.169.254/latest/meta-data/", "metadata"},
		{"http://169.254.1.1/", "link-local"},
		{"http://[::1]/", "loopback"},
		{"http://[fc00::1]/", "private"},
		{"http://[fe80::1%25eth0]/", "link-local"},
		{"http://[::ffff:127.0.0.1]/", "loopback"},
		{"http://[::ffff:7f00:1]/", "loopback"},
		{"http://[64:ff9b::a00:1]/", "private"},
		{"http://[2002:7f00:1::]/", "loopback"},
		{"http://0.0.0.0/", "unspecified"},
		{"http://[::]/", "unspecified"},
		{"http://224.0.0.1/", "multicast"},
		{"http://100.64.0.1/", "private"},
		{"http://2130706433/", "site 2130706433 (127.0.0.1) is a loopback"},
		{"http://0x7f.1/", "(127.0.0.1) is a loopback"},
		{"http://0x7f000001/", "loopback"},
		{"http://0177.0.0.1/", "loopback"},
		{"http://127.1/", "loopback"},
		{"http://017700000001/", "loopback"},
		{"http://167772161/", "(10.0.0.1) is a private"},
		{"http://127.0.0.1./", "loopback"},
		{"http://rebind.example/", "site rebind.example (127.0.0.1) is a loopback"},
		{"http://intranet.example/", "private"},
		{"http://v6private.example/", "private"},
		{"ftp://docs.example.org/", "http(s) URL"},
		{"file:///etc/passwd", "http(s) URL"},
	}
	for _, tt := range tests {
		p := pol
		if strings.Contains(tt.url, "localhost") {
			p.lookup = fakeDNS(map[string]string{"localhost": "127.0.0.1"})
		}
		err := p.Check(t.Context(), "site", tt.url)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("Check(%s) = %v, want allowed", tt.url, err)
		case tt.want != "" && (!errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("Check(%s) = %v, want a refusal containing %q", tt.url, err, tt.want)
		}
		// Allowed when private sites are, and always when open.
		for _, open := range []Policy{{}, {Restricted: true, AllowPrivate: true, lookup: p.lookup}} {
			if err := open.Check(t.Context(), "site", tt.url); err != nil && !strings.Contains(tt.url, "://docs.example.org") && !strings.HasPrefix(tt.url, "ftp") && !strings.HasPrefix(tt.url, "file") {
				t.Errorf("%+v Check(%s) = %v, want allowed", open.Info(), tt.url, err)
			}
		}
	}
	if err := pol.Check(t.Context(), "site", "http://unknown.example/"); !errors.Is(err, ErrBadSource) || errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "cannot resolve unknown.example") {
		t.Errorf("unknown host: %v, want a bad source (not a refusal)", err)
	}
}

func TestParseIPLiteral(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1": "127.0.0.1", "2130706433": "127.0.0.1", "0x7f.1": "127.0.0.1", "0177.0.0.1": "127.0.0.1",
		"127.1": "127.0.0.1", "10.1": "10.0.0.1", "192.168.257": "192.168.1.1", "0": "0.0.0.0", "::1": "::1",
		"example.org": "", "256.0.0.1": "", "1.2.3.4.5": "", "0x": "", "08": "", "4294967296": "", "1..2": "", "": "",
	} {
		a, ok := parseIPLiteral(in)
		if got := map[bool]string{true: a.String(), false: ""}[ok]; got != want {
			t.Errorf("parseIPLiteral(%q) = %q, want %q", in, got, want)
		}
	}
}

// restrictedToFake returns a restricted policy under which the fake public
// name docs.example.org (93.184.216.34) leads to srv; it fails the test if
// anything else is dialled.
func restrictedToFake(t *testing.T, srv *httptest.Server) (Policy, *atomic.Int32) {
	t.Helper()
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	var dials atomic.Int32
	pol := Policy{Restricted: true, lookup: fakeDNS(map[string]string{"docs.example.org": "93.184.216.34"})}
	pol.dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		if addr != "93.184.216.34:80" {
			t.Errorf("dialled %s: the policy let a private address through", addr)
			return nil, errors.New("unexpected dial")
		}
		var d net.Dialer
		return d.DialContext(ctx, network, "127.0.0.1:"+strconv.Itoa(port))
	}
	return pol, &dials
}

// TestPolicyCrawlRedirectToPrivate: an allowed public site redirects to a
// loopback address during the crawl; the crawl must not fetch it.
func TestPolicyCrawlRedirectToPrivate(t *testing.T) {
	var secretHits atomic.Int32
	secret := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secretHits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(htmlPage("secret", "<p>内部の秘密の文書です。</p>")))
	}))
	defer secret.Close()
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/docs/":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte(htmlPage("index", `<p>公開の文書です。</p><a href="/docs/go">go</a>`)))
		case "/docs/go":
			// Same-prefix redirect that the scope check alone would follow.
			http.Redirect(w, r, "http://docs.example.org/docs/hop", http.StatusFound)
		case "/docs/hop":
			http.Redirect(w, r, secret.URL+"/docs/secret", http.StatusFound)
		default:
			http.NotFound(w, r)
		}
	}))
	defer public.Close()
	pol, dials := restrictedToFake(t, public)

	st := testStore(t)
	j := NewJobs(t.Context(), NewSyncer(st, nil, nil, time.Now), st, -1)
	defer j.Close()
	if _, err := j.AddSourceUnder(t.Context(), SourceRequest{Kind: "site", Location: "http://docs.example.org/docs/"}, pol); err != nil {
		t.Fatalf("AddSourceUnder(public) = %v", err)
	}
	done := waitIdle(t, j)
	if done.Error != "" || done.Report == nil || done.Report.Added != 1 {
		t.Fatalf("sync = %+v (report %+v)", done, done.Report)
	}
	if dials.Load() == 0 {
		t.Fatal("the fake public site was never dialled")
	}
	if n := secretHits.Load(); n != 0 {
		t.Fatalf("the private server was fetched %d times", n)
	}
	// The crawl's scope check (same host) stops this redirect as well; the
	// dial-time check is what stops rebinding (below) and is tested on the
	// client directly in TestPolicyDialRefusesRedirectToLiteral.
}

// TestPolicyCrawlRebinding: a name that resolved to a public address when
// the source was added resolves to loopback when the crawl connects.
func TestPolicyCrawlRebinding(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(htmlPage("secret", "<p>内部の文書です。</p>")))
	}))
	defer srv.Close()
	var lookups atomic.Int32
	pol := Policy{Restricted: true, lookup: func(_ context.Context, host string) ([]netip.Addr, error) {
		if lookups.Add(1) == 1 {
			return []netip.Addr{netip.MustParseAddr("93.184.216.34")}, nil
		}
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}}
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	pol.dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, "127.0.0.1:"+strconv.Itoa(port))
	}
	st := testStore(t)
	j := NewJobs(t.Context(), NewSyncer(st, nil, nil, time.Now), st, -1)
	defer j.Close()
	// SaveAnyway skips AddSource's probe of the site, so that the rebound
	// lookup meets the crawl's own connections (the probe is checked the
	// same way: TestAddSourceProbeRefusesRebinding).
	if _, err := j.AddSourceUnder(t.Context(), SourceRequest{Kind: "site", Location: "http://rebind.example:" + strconv.Itoa(port) + "/docs/", SaveAnyway: true}, pol); err != nil {
		t.Fatalf("AddSourceUnder = %v", err)
	}
	done := waitIdle(t, j)
	if hits.Load() != 0 {
		t.Fatalf("the rebound address was fetched %d times", hits.Load())
	}
	if !strings.Contains(done.Error, "is a loopback address") {
		t.Errorf("sync error = %q, want the refusal", done.Error)
	}
}

// TestPolicyDialRefusesRedirectToLiteral drives the restricted client
// directly: a redirect to a loopback literal is refused at dial time.
func TestPolicyDialRefusesRedirectToLiteral(t *testing.T) {
	var secretHits atomic.Int32
	secret := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { secretHits.Add(1) }))
	defer secret.Close()
	public := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, secret.URL+"/x", http.StatusFound)
	}))
	defer public.Close()
	pol, _ := restrictedToFake(t, public)
	_, err := pol.Client(nil).Get("http://docs.example.org/start")
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "site 127.0.0.1 is a loopback address") {
		t.Fatalf("Get = %v, want the redirect refused", err)
	}
	if secretHits.Load() != 0 {
		t.Fatal("the private server was reached")
	}
	// The socket-level check refuses private addresses too.
	if err := pol.control("tcp4", "127.0.0.1:80", nil); !errors.Is(err, ErrRefused) {
		t.Errorf("control(127.0.0.1) = %v", err)
	}
	if err := pol.control("tcp4", "93.184.216.34:80", nil); err != nil {
		t.Errorf("control(public) = %v", err)
	}
}

// TestJobsUnderPolicy: refused sources are not stored, and a stored source
// the policy refuses is not synced.
func TestJobsUnderPolicy(t *testing.T) {
	st := testStore(t)
	root, other := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(other, "a.md"), []byte("# 秘密\n\n社外秘の文書です。\n"), 0o600)
	j := NewJobs(t.Context(), NewSyncer(st, nil, nil, time.Now), st, -1)
	defer j.Close()
	pol := Policy{Restricted: true, Roots: []string{root}}
	for _, req := range []SourceRequest{{Kind: "folder", Location: other}, {Kind: "folder", Location: "/"}, {Kind: "site", Location: "http://127.0.0.1:1/"}} {
		if _, err := j.AddSourceUnder(t.Context(), req, pol); !errors.Is(err, ErrRefused) {
			t.Errorf("AddSourceUnder(%+v) = %v, want ErrRefused", req, err)
		}
	}
	if srcs, _ := st.Sources(t.Context()); len(srcs) != 0 {
		t.Fatalf("refused sources were stored: %+v", srcs)
	}
	// Added where anything goes (the desktop app), then synced over a restricted server.
	started, err := j.AddSource(t.Context(), SourceRequest{Kind: "folder", Location: other})
	if err != nil {
		t.Fatal(err)
	}
	waitIdle(t, j)
	if _, err := j.SyncUnder(t.Context(), started.SourceID, pol); !errors.Is(err, ErrRefused) {
		t.Errorf("SyncUnder(outside) = %v, want ErrRefused", err)
	}
	if _, err := j.SyncUnder(t.Context(), started.SourceID, Policy{}); err != nil {
		t.Errorf("SyncUnder(open) = %v", err)
	}
	waitIdle(t, j)
}

// FuzzPolicySite: whatever the host, a restricted policy never lets a site
// through whose host is an IP literal (in any form) of a private address,
// and never panics. Names resolve to loopback, so every name is refused too.
func FuzzPolicySite(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "2130706433", "0x7f.1", "[::ffff:127.0.0.1]", "[fe80::1%25eth0]", "93.184.216.34", "example.org", "0177.0.0.01", "[::]", "1.1.1.1:80"} {
		f.Add(s)
	}
	loopback := func(context.Context, string) ([]netip.Addr, error) {
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}
	pol := Policy{Restricted: true, lookup: loopback}
	f.Fuzz(func(t *testing.T, host string) {
		raw := "http://" + host + "/"
		err := pol.Check(context.Background(), "site", raw)
		if err != nil {
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil {
			t.Fatalf("Check(%q) accepted a URL that does not parse", raw)
		}
		a, ok := parseIPLiteral(strings.TrimSuffix(strings.Trim(u.Hostname(), "[]"), "."))
		if !ok || privateKind(a) != "" {
			t.Fatalf("Check(%q) accepted host %q (literal %v %v)", raw, u.Hostname(), a, ok)
		}
	})
}

// TestAddSourceProbeRefusesRebinding: the probe of a new site goes through
// the policy's client, so a name that rebinds to loopback between the
// check and the probe is refused (ErrRefused) and nothing is stored.
func TestAddSourceProbeRefusesRebinding(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	defer srv.Close()
	var lookups atomic.Int32
	pol := Policy{Restricted: true, lookup: func(_ context.Context, host string) ([]netip.Addr, error) {
		if lookups.Add(1) == 1 {
			return []netip.Addr{netip.MustParseAddr("93.184.216.34")}, nil
		}
		return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
	}}
	port := srv.Listener.Addr().(*net.TCPAddr).Port
	pol.dial = func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		return d.DialContext(ctx, network, "127.0.0.1:"+strconv.Itoa(port))
	}
	st := testStore(t)
	j := NewJobs(t.Context(), NewSyncer(st, nil, nil, time.Now), st, -1)
	defer j.Close()
	_, err := j.AddSourceUnder(t.Context(), SourceRequest{Kind: "site", Location: "http://rebind.example:" + strconv.Itoa(port) + "/docs/"}, pol)
	if !errors.Is(err, ErrRefused) || !strings.Contains(err.Error(), "is a loopback address") {
		t.Fatalf("AddSourceUnder = %v, want refused", err)
	}
	if srcs, _ := st.Sources(t.Context()); len(srcs) != 0 || hits.Load() != 0 {
		t.Errorf("stored %d sources, %d hits; want none", len(srcs), hits.Load())
	}
}
