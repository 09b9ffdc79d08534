package cli

// End-to-end tests on real processes: this test binary re-runs itself as
// `genkai-rag` (TestMain below) with HOME, XDG_* and GENKAI_HOME in a temp
// dir, and the tests send it real signals.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/home"
)

// childVar makes the test binary run the CLI instead of the tests. Not a
// GENKAI_ name: the configuration would warn about an unknown key.
const childVar = "CLI_TEST_RUN_GENKAI_RAG"

func TestMain(m *testing.M) {
	if os.Getenv(childVar) == "1" {
		os.Exit(Run(context.Background(), Env{Args: os.Args[1:], Stdout: os.Stdout, Stderr: os.Stderr,
			Environ: os.Environ(), Stdin: os.Stdin, Version: "proc-test"}))
	}
	os.Exit(m.Run())
}

// procEnv is the environment of a child on the data home root: nothing of
// the real home, and an Ollama address where nothing listens.
func procEnv(t *testing.T, root string) []string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	return []string{
		"PATH=" + os.Getenv("PATH"), "HOME=" + root, "LANG=C", "GENKAI_HOME=" + root,
		"XDG_DATA_HOME=" + filepath.Join(root, "xdg-data"), "XDG_CONFIG_HOME=" + filepath.Join(root, "xdg-config"),
		"XDG_CACHE_HOME=" + filepath.Join(root, "xdg-cache"), "XDG_STATE_HOME=" + filepath.Join(root, "xdg-state"),
		"XDG_RUNTIME_DIR=" + filepath.Join(root, "xdg-runtime"),
		"GENKAI_LLM_OLLAMA_HOST=http://" + closed, "GENKAI_LLM_MANAGE_OLLAMA=false",
	}
}

// proc is a running `genkai-rag server`.
type proc struct {
	cmd  *exec.Cmd
	root string
	url  string // from its "listening on" line
	done chan struct{}
	err  error // of Wait, after done

	mu     sync.Mutex
	output strings.Builder
}

func (p *proc) out() string { p.mu.Lock(); defer p.mu.Unlock(); return p.output.String() }

// startServer runs `genkai-rag server --port 0 args…` on root and waits
// until it listens.
func startServer(t *testing.T, root string, args ...string) *proc {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"server", "--port", "0"}, args...)...)
	cmd.Env = append(procEnv(t, root), childVar+"=1")
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = pw, pw
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	pw.Close()
	p := &proc{cmd: cmd, root: root, done: make(chan struct{})}
	listening := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.output.WriteString(line + "\n")
			p.mu.Unlock()
			if i := strings.Index(line, "listening on http://"); i >= 0 {
				select {
				case listening <- strings.TrimSpace(line[i+len("listening on "):]):
				default:
				}
			}
		}
	}()
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			cmd.Process.Kill()
			<-p.done
		}
	})
	select {
	case p.url = <-listening:
	case <-p.done:
		t.Fatalf("server exited before listening: %v\n%s", p.err, p.out())
	case <-time.After(60 * time.Second):
		t.Fatalf("server did not listen within 60 s:\n%s", p.out())
	}
	return p
}

func (p *proc) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("kill -%v: %v", sig, err)
	}
}

// exited waits for the process to end and returns its exit code.
func (p *proc) exited(t *testing.T) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("server still running 30 s after the signal:\n%s", p.out())
	}
	var ee *exec.ExitError
	if errors.As(p.err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return -int(ws.Signal())
		}
		return ee.ExitCode()
	}
	return 0
}

// get sends GET path with a request ID and returns the status code (0 when
// nothing answered).
func (p *proc) get(t *testing.T, path, requestID string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, p.url+path, nil)
	req.Header.Set("X-Request-ID", requestID)
	c := http.Client{Timeout: 5 * time.Second}
	res, err := c.Do(req)
	if err != nil {
		return 0
	}
	res.Body.Close()
	return res.StatusCode
}

// eventually retries cond for up to limit.
func eventually(t *testing.T, limit time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, limit)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func fileHas(path, s string) bool {
	b, err := os.ReadFile(path)
	return err == nil && strings.Contains(string(b), s)
}

// rewriteKeepingStamp replaces the config file's content by one of the same
// size and gives it back its modification time, so that the file watcher
// (WatchConfig compares size and mtime) does not notice: only SIGHUP can
// have applied it.
func rewriteKeepingStamp(t *testing.T, path, old, new string) {
	t.Helper()
	if len(old) != len(new) {
		t.Fatalf("%q and %q differ in size", old, new)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s lacks %q", path, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(b), old, new, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(path, fi.ModTime(), fi.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// TestServerProcessSignals runs `genkai-rag server --port 0` as a process:
// its address is recorded for `status`; kill -HUP keeps it running, applies
// a config change and reopens the log; a log renamed away (logrotate without
// copytruncate) is reopened without a signal; SIGTERM exits 0 with the WAL
// checkpointed and the server file removed.
func TestServerProcessSignals(t *testing.T) {
	root := t.TempDir()
	h := home.Home{Root: root}
	if err := os.MkdirAll(h.Config(), 0o700); err != nil {
		t.Fatal(err)
	}
	if _, err := config.WriteDefault(h.ConfigFile()); err != nil {
		t.Fatal(err)
	}
	if err := config.Update(h.ConfigFile(),
		config.Set{Path: []string{"monitoring", "log_level"}, Value: "WARN"},
		config.Set{Path: []string{"monitoring", "structured_logging"}, Value: true}); err != nil {
		t.Fatal(err)
	}
	p := startServer(t, root)
	logFile := filepath.Join(h.Logs(), "genkai_rag.log")

	// The address, on the port the kernel chose, is in data/server.json.
	fi, err := os.Stat(h.ServerFile())
	if err != nil {
		t.Fatalf("no server file: %v", err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("server file mode %04o, want 0600", fi.Mode().Perm())
	}
	rec, err := readServerRecord(h)
	if err != nil || rec.URL != p.url || rec.PID != p.cmd.Process.Pid || strings.HasSuffix(rec.URL, ":0") || rec.Version != "proc-test" || rec.StartedAt.IsZero() {
		t.Fatalf("server file %+v (%v); want url %s pid %d", rec, err, p.url, p.cmd.Process.Pid)
	}
	t.Logf("server on %s (pid %d) recorded in %s", rec.URL, rec.PID, h.ServerFile())

	// `status` without --port finds it, though the config says port 8000.
	r := run(t, t.Context(), procEnv(t, root), "status", "--json")
	var st statusReport
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("status --json: %v: %s %s", err, r.stdout, r.stderr)
	}
	if st.Source != "server" || st.ServerURL != p.url || st.AddressFrom != "server_file" {
		t.Fatalf("status found source %q at %q (from %q); want the server at %s", st.Source, st.ServerURL, st.AddressFrom, p.url)
	}

	// doctor and backup restore (which must not race the server) find it too.
	if r := run(t, t.Context(), procEnv(t, root), "doctor", "--json"); !strings.Contains(r.stdout, `"detail": "running at `+p.url+`"`) {
		t.Errorf("doctor does not find the server at %s:\n%s", p.url, r.stdout)
	}
	if r := run(t, t.Context(), procEnv(t, root), "backup", "create"); r.code != 0 {
		t.Fatalf("backup create: %d %s%s", r.code, r.stdout, r.stderr)
	}
	archives, _ := filepath.Glob(filepath.Join(h.Backups(), "genkai_rag_backup_*.tar.gz"))
	if len(archives) != 1 {
		t.Fatalf("archives %v", archives)
	}
	if r := run(t, t.Context(), procEnv(t, root), "backup", "restore", archives[0], "--yes"); r.code == 0 || !strings.Contains(r.stderr, "a genkai-rag server at "+p.url+" is using this data home") {
		t.Errorf("restore under a running server: %d %s%s", r.code, r.stdout, r.stderr)
	}

	// At WARN, a successful request is not logged.
	if code := p.get(t, "/api/app/info", "before-hup"); code != 200 {
		t.Fatalf("GET /api/app/info = %d", code)
	}
	time.Sleep(100 * time.Millisecond)
	if fileHas(logFile, "before-hup") {
		t.Fatal("INFO access log written at level WARN")
	}

	// kill -HUP: still running, and the new level (INFO) is in force
	// although the file watcher cannot have seen the change.
	rewriteKeepingStamp(t, h.ConfigFile(), "log_level: WARN", "log_level: INFO")
	start := time.Now()
	p.signal(t, syscall.SIGHUP)
	eventually(t, 10*time.Second, "after SIGHUP the request is logged at INFO", func() bool {
		select {
		case <-p.done:
			t.Fatalf("SIGHUP ended the server: %v\n%s", p.err, p.out())
		default:
		}
		return p.get(t, "/api/app/info", "after-hup") == 200 && fileHas(logFile, `"request_id":"after-hup"`)
	})
	t.Logf("SIGHUP → new log level applied in %v", time.Since(start).Round(time.Millisecond))

	// logrotate then kill -HUP (its postrotate): new lines in a new file.
	if err := os.Rename(logFile, logFile+".hup-rotated"); err != nil {
		t.Fatal(err)
	}
	p.signal(t, syscall.SIGHUP)
	eventually(t, 5*time.Second, "after rename and SIGHUP a new genkai_rag.log is written", func() bool {
		return fileHas(logFile, "SIGHUP: log file reopened")
	})
	if code := p.get(t, "/api/app/info", "after-rename-hup"); code != 200 || !waitFor(func() bool { return fileHas(logFile, `"request_id":"after-rename-hup"`) }) {
		t.Fatalf("a request after SIGHUP (%d) is not in the new genkai_rag.log", code)
	}
	if fileHas(logFile+".hup-rotated", "after-rename-hup") {
		t.Error("lines after SIGHUP went to the renamed file")
	}

	// logrotate without any signal: noticed within a second or so.
	if err := os.Rename(logFile, logFile+".rotated"); err != nil {
		t.Fatal(err)
	}
	start = time.Now()
	eventually(t, 5*time.Second, "a log renamed away is reopened without a signal", func() bool {
		return p.get(t, "/api/app/info", "after-rename") == 200 && fileHas(logFile, `"request_id":"after-rename"`)
	})
	t.Logf("renamed log reopened without a signal after %v", time.Since(start).Round(time.Millisecond))

	// A broken config on SIGHUP: kept running with the old one, ERROR logged.
	good, _ := os.ReadFile(h.ConfigFile())
	if err := os.WriteFile(h.ConfigFile(), append(append([]byte{}, good...), "\nmonitoring:\n  log_level: LOUD\n"...), 0o600); err != nil {
		t.Fatal(err)
	}
	p.signal(t, syscall.SIGHUP)
	eventually(t, 5*time.Second, "a broken config on SIGHUP is logged at ERROR", func() bool {
		b, _ := os.ReadFile(logFile)
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, `"level":"ERROR"`) && strings.Contains(l, "configuration reload rejected") {
				return true
			}
		}
		return false
	})
	if code := p.get(t, "/api/health", "after-broken"); code != 200 {
		t.Fatalf("after a broken config's SIGHUP /api/health = %d", code)
	}
	if code := p.get(t, "/api/app/info", "still-info"); code != 200 || !waitFor(func() bool { return fileHas(logFile, `"request_id":"still-info"`) }) {
		t.Error("the running configuration (INFO) was not kept after a broken config")
	}

	// SIGTERM: exit 0, no WAL, no server file.
	if _, err := os.Stat(h.Database() + "-wal"); err != nil {
		t.Logf("no -wal file while running (%v): the check after SIGTERM proves less", err)
	}
	start = time.Now()
	p.signal(t, syscall.SIGTERM)
	if code := p.exited(t); code != 0 {
		t.Fatalf("SIGTERM: exit %d\n%s", code, p.out())
	}
	t.Logf("SIGTERM → exit 0 in %v", time.Since(start).Round(time.Millisecond))
	for _, f := range []string{h.Database() + "-wal", h.ServerFile()} {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left after SIGTERM (%v)", f, err)
		}
	}
}

func waitFor(cond func() bool) bool {
	for i := 0; i < 40; i++ {
		if cond() {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}

// TestServerProcessSIGINT: Ctrl-C is as clean as SIGTERM.
func TestServerProcessSIGINT(t *testing.T) {
	root := t.TempDir()
	h := home.Home{Root: root}
	p := startServer(t, root)
	if code := p.get(t, "/api/health", "x"); code != 200 {
		t.Fatalf("health %d", code)
	}
	p.signal(t, syscall.SIGINT)
	if code := p.exited(t); code != 0 {
		t.Fatalf("SIGINT: exit %d\n%s", code, p.out())
	}
	for _, f := range []string{h.Database() + "-wal", h.ServerFile()} {
		if _, err := os.Stat(f); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s left after SIGINT (%v)", f, err)
		}
	}
}

// TestStaleServerFile: a server file whose process is gone, or whose URL
// does not answer for this data home, is ignored: `status` reports the
// local state and says why, `doctor` says not running.
func TestStaleServerFile(t *testing.T) {
	dead := exec.Command(os.Args[0], "-test.run=^$")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := "http://" + ln.Addr().String()
	ln.Close()
	for _, tc := range []struct {
		name string
		pid  int
		want string
	}{
		{"dead pid", dead.Process.Pid, "which is not running"},
		{"alive pid, no answer", os.Getpid(), "does not answer for this data home"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			h, err := home.Prepare(root)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := recordServer(h, serverRecord{URL: closed, PID: tc.pid, StartedAt: time.Now()}); err != nil {
				t.Fatal(err)
			}
			env := procEnv(t, root)
			r := run(t, t.Context(), env, "status", "--json")
			var st statusReport
			if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
				t.Fatalf("status --json: %v: %s %s", err, r.stdout, r.stderr)
			}
			if st.Source != "local" || st.AddressFrom != "config" || !strings.Contains(st.StaleServerFile, tc.want) {
				t.Fatalf("status: source %q from %q, stale %q; want local, config, %q", st.Source, st.AddressFrom, st.StaleServerFile, tc.want)
			}
			if r := run(t, t.Context(), env, "status"); !strings.Contains(r.stdout, "not running") || !strings.Contains(r.stdout, tc.want) {
				t.Errorf("status text:\n%s", r.stdout)
			}
			r = run(t, t.Context(), env, "doctor", "--json")
			if !strings.Contains(r.stdout, fmt.Sprintf("not running (%s", h.ServerFile())) {
				t.Errorf("doctor:\n%s", r.stdout)
			}
			if _, err := os.Stat(h.ServerFile()); err != nil {
				t.Errorf("status or doctor changed the data home: %v", err)
			}
		})
	}
}
