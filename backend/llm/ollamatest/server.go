package ollamatest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/ollama/ollama/api"
)

// Environment variables read by this package.
const (
	EnvOllamaBin     = "GENKAI_OLLAMA_BIN"
	EnvRegistryBin   = "GENKAI_REGISTRY_BIN"
	EnvRequireOllama = "GENKAI_REQUIRE_OLLAMA"
)

// Timeouts of the server's life cycle.
const (
	// StartTimeout bounds the wait for /api/version after `ollama serve`.
	StartTimeout = 30 * time.Second
	// StopGrace is how long cleanup waits after SIGTERM before SIGKILL.
	StopGrace = 10 * time.Second
)

// RegistryVersion is the distribution registry version build/scripts/ollama.sh builds.
const RegistryVersion = "v3.0.0"

const ollamaModule = "github.com/ollama/ollama"

// Server is a running `ollama serve` on a loopback port, with its own HOME
// and model store in a temp dir. It stops when the test ends.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234.
	URL string
	// Host is host:port, the value of OLLAMA_HOST.
	Host string
	// Dir holds HOME (.ollama/id_ed25519) and models/ (OLLAMA_MODELS).
	Dir string

	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	log  *syncBuffer
	stop sync.Once
}

// Stop stops the server now, as the test's cleanup would: SIGTERM to its
// process group (runners included), SIGKILL after StopGrace. Later calls do
// nothing. Use it to test how code copes with Ollama going away.
func (s *Server) Stop() { s.stop.Do(func() { stopGroup(s.cmd.Process.Pid, s.done) }) }

// Client returns an Ollama API client for the server (no timeout: pass a
// context to every call).
func (s *Server) Client() *api.Client {
	u, _ := url.Parse(s.URL)
	return api.NewClient(u, &http.Client{})
}

// Log returns what the server printed so far (stdout and stderr).
func (s *Server) Log() string { return s.log.String() }

// OllamaBin returns the ollama binary to test against: $GENKAI_OLLAMA_BIN,
// else .cache/ollama/<version>/bin/ollama under the module root. It skips
// the test if the binary is missing, or fails it when GENKAI_REQUIRE_OLLAMA=1.
func OllamaBin(t testing.TB) string {
	t.Helper()
	version := ollamaVersion()
	return findBinary(t, EnvOllamaBin, filepath.Join(".cache", "ollama", version, "bin", "ollama"), "Ollama "+version)
}

// RegistryBin is OllamaBin for the registry binary ($GENKAI_REGISTRY_BIN,
// else .cache/registry/v3.0.0/bin/registry).
func RegistryBin(t testing.TB) string {
	t.Helper()
	return findBinary(t, EnvRegistryBin, filepath.Join(".cache", "registry", RegistryVersion, "bin", "registry"), "the registry")
}

func findBinary(t testing.TB, env, rel, what string) string {
	t.Helper()
	path := os.Getenv(env)
	where := "$" + env
	if path == "" {
		root, err := moduleRoot()
		if err != nil {
			missing(t, fmt.Sprintf("%s: %v", what, err))
			return ""
		}
		path = filepath.Join(root, rel)
		where = path
	}
	if fi, err := os.Stat(path); err != nil || fi.IsDir() || fi.Mode()&0o111 == 0 {
		missing(t, fmt.Sprintf("%s is not built (%s = %s)", what, where, path))
		return ""
	}
	return path
}

func missing(t testing.TB, why string) {
	t.Helper()
	msg := why + ": run `make ollama` to build it into .cache/, or set " + EnvOllamaBin + " and " + EnvRegistryBin
	if os.Getenv(EnvRequireOllama) == "1" {
		t.Fatalf("%s (%s=1, so this fails instead of skipping)", msg, EnvRequireOllama)
	}
	t.Skip(msg)
}

// ollamaVersion is the github.com/ollama/ollama module version this test
// binary was built with; the server must be the same version.
func ollamaVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == ollamaModule {
				if d.Replace != nil && d.Replace.Version != "" {
					return d.Replace.Version
				}
				return d.Version
			}
		}
	}
	return "v0.17.4"
}

// moduleRoot walks up from the working directory (a package dir under go
// test) to the directory holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find module root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find module root: no go.mod above the working directory")
		}
		dir = parent
	}
}

// Start runs `ollama serve` on a free loopback port with a temp HOME and
// OLLAMA_MODELS, GIN_MODE=release and no inherited OLLAMA_* settings, in its
// own process group, and waits until /api/version answers. When the test
// ends it sends SIGTERM to the group (stopping model runners too), SIGKILL
// after StopGrace; if the test failed, the server log is attached.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := OllamaBin(t)
	var last error
	for range 3 { // a port picked free can be taken before ollama binds it
		s, err := start(t, bin)
		if err == nil {
			return s
		}
		last = err
		if !strings.Contains(err.Error(), "address already in use") {
			break
		}
	}
	t.Fatalf("start ollama: %v", last)
	return nil
}

func start(t testing.TB, bin string) (*Server, error) {
	dir := t.TempDir()
	models := filepath.Join(dir, "models")
	if err := os.MkdirAll(models, 0o755); err != nil {
		return nil, err
	}
	port, err := FreePort()
	if err != nil {
		return nil, err
	}
	host := net.JoinHostPort("127.0.0.1", port)
	s := &Server{URL: "http://" + host, Host: host, Dir: dir, done: make(chan struct{}), log: &syncBuffer{}}

	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OLLAMA_") && !strings.HasPrefix(kv, "HOME=") && !strings.HasPrefix(kv, "GIN_MODE=") {
			env = append(env, kv)
		}
	}
	env = append(env, "HOME="+dir, "OLLAMA_HOST="+host, "OLLAMA_MODELS="+models, "GIN_MODE=release")
	s.cmd = exec.Command(bin, "serve")
	s.cmd.Env = env
	s.cmd.Dir = dir
	s.cmd.Stdout = s.log
	s.cmd.Stderr = s.log
	s.cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s serve: %w", bin, err)
	}
	go func() {
		_ = s.cmd.Wait()
		close(s.done)
	}()
	t.Cleanup(func() {
		s.Stop()
		if t.Failed() {
			t.Logf("ollama serve log (%s):\n%s", host, tail(s.Log(), 60))
		}
	})
	if err := waitReady(s); err != nil {
		return nil, err
	}
	return s, nil
}

func waitReady(s *Server) error {
	ctx, cancel := context.WithTimeout(context.Background(), StartTimeout)
	defer cancel()
	c := s.Client()
	for {
		v, err := c.Version(ctx)
		if err == nil && v != "" {
			return nil
		}
		select {
		case <-s.done:
			return fmt.Errorf("ollama serve exited before it answered: %s", tail(s.Log(), 20))
		case <-ctx.Done():
			return fmt.Errorf("ollama serve did not answer /api/version within %s (last error %v): %s", StartTimeout, err, tail(s.Log(), 20))
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// stopGroup sends SIGTERM to the process group, SIGKILL after StopGrace,
// and then SIGKILL to whatever of the group is left (orphaned runners).
func stopGroup(pgid int, done <-chan struct{}) {
	_ = syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-done:
	case <-time.After(StopGrace):
		_ = syscall.Kill(-pgid, syscall.SIGKILL)
		<-done
	}
	_ = syscall.Kill(-pgid, syscall.SIGKILL)
}

// FreePort returns a TCP port that was free on 127.0.0.1 a moment ago.
func FreePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	_, port, err := net.SplitHostPort(l.Addr().String())
	return port, err
}

func tail(s string, lines int) string {
	ls := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(ls) > lines {
		ls = ls[len(ls)-lines:]
	}
	return strings.Join(ls, "\n")
}

// syncBuffer is a bytes.Buffer safe for the process's writers and readers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
