package ollamatest

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ollama/ollama/api"
)

// PushTimeout bounds Push and Publish.
const PushTimeout = 2 * time.Minute

// Registry is a local OCI distribution registry that `ollama pull` accepts,
// stopped when the test ends. Pull from Host (the shim); Addr is the plain
// registry, where pushes go.
//
// Ollama's blob downloader insists on a redirect to a different hostname
// for blob GETs (a plain registry answers 200 and the pull fails with "no
// Location header"). The in-process shim at Host proxies everything to the
// registry but answers blob GETs with 307 to http://localhost:<shim
// port>/_direct/…, which it then serves from the registry, throttled to
// SetBlobRate if set.
type Registry struct {
	// Addr is the registry's host:port (127.0.0.1:…).
	Addr string
	// Host is the shim's host:port (127.0.0.1:…): the host of pull names.
	Host string

	rate atomic.Int64 // blob bytes per second, 0 = unlimited
}

// directPrefix marks blob downloads redirected to the shim itself.
const directPrefix = "/_direct"

var blobPath = regexp.MustCompile(`^/v2/.+/blobs/sha256:[0-9a-f]{64}$`)

// StartRegistry runs the registry binary (see RegistryBin) on a free
// loopback port with storage in a temp dir, plus the redirecting shim, and
// waits until /v2/ answers. Both stop when the test ends.
func StartRegistry(t testing.TB) *Registry {
	t.Helper()
	bin := RegistryBin(t)
	var addr string
	var last error
	for range 3 { // a port picked free can be taken before the registry binds it
		addr, last = startRegistry(t, bin)
		if last == nil {
			break
		}
	}
	if last != nil {
		t.Fatalf("start registry: %v", last)
	}
	r := &Registry{Addr: addr}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("start registry shim: %v", err)
	}
	r.Host = l.Addr().String()
	shim := &http.Server{Handler: r.shim(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = shim.Serve(l) }()
	t.Cleanup(func() { _ = shim.Close() })
	return r
}

func startRegistry(t testing.TB, bin string) (string, error) {
	dir := t.TempDir()
	port, err := FreePort()
	if err != nil {
		return "", err
	}
	addr := net.JoinHostPort("127.0.0.1", port)
	config := fmt.Sprintf(`version: 0.1
log:
  level: warn
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: %s
  delete:
    enabled: true
http:
  addr: %s
`, filepath.Join(dir, "storage"), addr)
	cfg := filepath.Join(dir, "config.yml")
	if err := os.WriteFile(cfg, []byte(config), 0o644); err != nil {
		return "", fmt.Errorf("write registry config: %w", err)
	}
	log := &syncBuffer{}
	cmd := exec.Command(bin, "serve", cfg)
	cmd.Env = append(os.Environ(), "OTEL_TRACES_EXPORTER=none")
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = log, log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return "", fmt.Errorf("run %s serve: %w", bin, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	t.Cleanup(func() {
		stopGroup(cmd.Process.Pid, done)
		if t.Failed() {
			t.Logf("registry log (%s):\n%s", addr, tail(log.String(), 40))
		}
	})
	deadline := time.Now().Add(StartTimeout)
	for {
		resp, err := http.Get("http://" + addr + "/v2/")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return addr, nil
			}
		}
		select {
		case <-done:
			return "", fmt.Errorf("registry exited before it answered: %s", tail(log.String(), 20))
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return "", fmt.Errorf("registry did not answer /v2/ within %s: %s", StartTimeout, tail(log.String(), 20))
		}
	}
}

// SetBlobRate limits blob downloads through the shim to bytesPerSecond
// (0, the default, means unlimited), so a pull of a tiny model streams
// several progress updates with completed growing.
func (r *Registry) SetBlobRate(bytesPerSecond int64) { r.rate.Store(bytesPerSecond) }

// PullName is the name to pull model (e.g. "tiny", "tiny:v2", "team/tiny")
// by: Host/library/tiny:latest. Pull it with Insecure: true (plain HTTP).
func (r *Registry) PullName(model string) string { return r.Host + "/" + repoTag(model) }

// pushName is model's name at the registry itself.
func (r *Registry) pushName(model string) string { return r.Addr + "/" + repoTag(model) }

func repoTag(model string) string {
	if !strings.Contains(model, "/") {
		model = "library/" + model
	}
	if !strings.Contains(model[strings.LastIndex(model, "/")+1:], ":") {
		model += ":latest"
	}
	return model
}

// Push uploads srv's model local to the registry as model (copy, push with
// insecure, delete the copy) and returns its PullName. It fails the test on
// error.
func (r *Registry) Push(t testing.TB, srv *Server, local, model string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), PushTimeout)
	defer cancel()
	c := srv.Client()
	remote := r.pushName(model)
	if err := c.Copy(ctx, &api.CopyRequest{Source: local, Destination: remote}); err != nil {
		t.Fatalf("push %s: copy to %s: %v", local, remote, err)
	}
	var last string
	err := c.Push(ctx, &api.PushRequest{Model: remote, Insecure: true}, func(p api.ProgressResponse) error {
		last = p.Status
		return nil
	})
	if err == nil && last != "success" {
		err = fmt.Errorf("stream ended with %q, not success", last)
	}
	if err != nil {
		t.Fatalf("push %s to %s: %v", local, remote, err)
	}
	if err := c.Delete(ctx, &api.DeleteRequest{Model: remote}); err != nil {
		t.Fatalf("push %s: delete the local copy %s: %v", local, remote, err)
	}
	return r.PullName(model)
}

// Publish puts a tiny model of the given kind into the registry as model
// and returns its PullName. It creates and pushes it from a short-lived
// Ollama server of its own, so no server under test has its blobs yet and
// a pull really downloads.
func (r *Registry) Publish(t testing.TB, model string, kind Kind, canned string) string {
	t.Helper()
	pub := Start(t)
	defer pub.Stop()
	CreateModel(t, pub, "publish", kind, canned)
	return r.Push(t, pub, "publish", model)
}

// shim proxies to the registry, redirects blob GETs to localhost (a
// different hostname than the 127.0.0.1 Ollama was given) and serves those
// redirected downloads itself.
func (r *Registry) shim() http.Handler {
	target := &url.URL{Scheme: "http", Host: r.Addr}
	proxy := httputil.NewSingleHostReverseProxy(target) // keeps r.Host: registry Locations point back here
	direct := httputil.NewSingleHostReverseProxy(target)
	direct.FlushInterval = -1
	direct.ModifyResponse = func(resp *http.Response) error {
		if rate := r.rate.Load(); rate > 0 {
			resp.Body = &throttled{ReadCloser: resp.Body, rate: rate, start: time.Now()}
		}
		return nil
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if p, ok := strings.CutPrefix(req.URL.Path, directPrefix+"/"); ok {
			req.URL.Path = "/" + p
			req.URL.RawPath = ""
			direct.ServeHTTP(w, req)
			return
		}
		if req.Method == http.MethodGet && blobPath.MatchString(req.URL.Path) {
			_, port, _ := net.SplitHostPort(r.Host)
			loc := "http://" + net.JoinHostPort("localhost", port) + directPrefix + req.URL.RequestURI()
			http.Redirect(w, req, loc, http.StatusTemporaryRedirect)
			return
		}
		proxy.ServeHTTP(w, req)
	})
}

// throttled delivers at most rate bytes per second since start.
type throttled struct {
	io.ReadCloser
	rate  int64
	start time.Time
	n     int64
}

func (t *throttled) Read(p []byte) (int, error) {
	if chunk := max(t.rate/20, 1); int64(len(p)) > chunk {
		p = p[:chunk]
	}
	if due := time.Duration(float64(t.n) / float64(t.rate) * float64(time.Second)); due > time.Since(t.start) {
		time.Sleep(due - time.Since(t.start))
	}
	n, err := t.ReadCloser.Read(p)
	t.n += int64(n)
	return n, err
}
