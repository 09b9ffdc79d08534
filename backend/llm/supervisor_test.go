package llm

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestMain lets this test binary act as a fake `ollama serve` when
// GENKAI_FAKE_OLLAMA=serve: it answers /api/version on $OLLAMA_HOST.
// FAKE_OLLAMA_DIE_AFTER makes it exit (status 3) after that long;
// FAKE_OLLAMA_IGNORE_TERM makes it ignore SIGTERM.
func TestMain(m *testing.M) {
	if os.Getenv("GENKAI_FAKE_OLLAMA") == "serve" {
		fakeServe()
		return
	}
	os.Exit(m.Run())
}

func fakeServe() {
	if os.Getenv("FAKE_OLLAMA_IGNORE_TERM") != "" {
		signal.Ignore(syscall.SIGTERM)
	}
	if d, err := time.ParseDuration(os.Getenv("FAKE_OLLAMA_DIE_AFTER")); err == nil {
		go func() { time.Sleep(d); fmt.Println("fake ollama: dying"); os.Exit(3) }()
	}
	ln, err := net.Listen("tcp", os.Getenv("OLLAMA_HOST"))
	if err != nil {
		fmt.Println("fake ollama:", err)
		os.Exit(1)
	}
	fmt.Println("fake ollama: listening on", ln.Addr())
	http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/version" {
			w.Write([]byte(`{"version":"0.17.4-fake"}`))
			return
		}
		http.NotFound(w, r)
	}))
}

// fakeOptions supervise this test binary as "ollama" at a free port.
func fakeOptions(t *testing.T, env ...string) SupervisorOptions {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return SupervisorOptions{
		Host: closedURL(t), Manage: true, LogFile: filepath.Join(t.TempDir(), "logs", "ollama.log"),
		Paths:    []string{exe},
		LookPath: func(string) (string, error) { return "", exec.ErrNotFound },
		Env:      append(append(os.Environ(), "GENKAI_FAKE_OLLAMA=serve"), env...),
		Interval: 20 * time.Millisecond, Grace: 2 * time.Second, StartTimeout: 10 * time.Second,
	}
}

// running starts s.Run and returns a func that stops it and waits.
func running(t *testing.T, s *Supervisor) (stop func()) {
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	return func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run() = %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Fatal("Run did not return after cancel")
		}
	}
}

// waitFor polls the state until ok, or fails after 10 s.
func waitFor(t *testing.T, s *Supervisor, what string, ok func(State) bool) State {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st := s.State()
		if ok(st) {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("state never became %s: %+v", what, st)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func alive(pid int) bool { return syscall.Kill(pid, 0) == nil }

func TestSupervisorStartsAndStopsItsChild(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  []string
	}{
		{"SIGTERM", nil},
		{"SIGKILL after the grace period", []string{"FAKE_OLLAMA_IGNORE_TERM=1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := fakeOptions(t, tc.env...)
			opt.Grace = 300 * time.Millisecond
			s, err := NewSupervisor(opt)
			if err != nil {
				t.Fatal(err)
			}
			stop := running(t, s)
			st := waitFor(t, s, "running", func(st State) bool { return st.Running })
			if !st.StartedByUs || st.PID == 0 || st.Version != "0.17.4-fake" || st.Binary != opt.Paths[0] || st.Phase != PhaseRunning {
				t.Errorf("state = %+v", st)
			}
			if p := s.Probe(t.Context()); !p.Reachable || !p.StartedByUs || p.Phase != PhaseRunning {
				t.Errorf("Probe() = %+v", p)
			}
			stop()
			if alive(st.PID) {
				t.Errorf("child %d still alive after Run returned", st.PID)
			}
			if got := s.State(); got.Running || got.StartedByUs {
				t.Errorf("state after stop = %+v", got)
			}
			log, _ := os.ReadFile(opt.LogFile)
			if !strings.Contains(string(log), "fake ollama: listening") {
				t.Errorf("log file holds %q", log)
			}
		})
	}
}

func TestSupervisorRestartsWithBackoff(t *testing.T) {
	opt := fakeOptions(t, "FAKE_OLLAMA_DIE_AFTER=1ms")
	opt.MinBackoff, opt.MaxBackoff = 10*time.Millisecond, 60*time.Second
	s, err := NewSupervisor(opt)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var backoffs []time.Duration
	s.sleep = func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		backoffs = append(backoffs, d)
		mu.Unlock()
		return ctx.Err()
	}
	stop := running(t, s)
	st := waitFor(t, s, "restarted 4 times", func(st State) bool { return st.Restarts >= 4 })
	stop()
	if !strings.Contains(st.LastError, "exit status 3") {
		t.Errorf("last error = %q", st.LastError)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond, 80 * time.Millisecond}
	if len(backoffs) < 4 || fmt.Sprint(backoffs[:4]) != fmt.Sprint(want) {
		t.Errorf("backoffs = %v, want %v first", backoffs, want)
	}
}

func TestSupervisorLeavesOthersAlone(t *testing.T) {
	external := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/version" {
			w.Write([]byte(`{"version":"0.17.4"}`))
			return
		}
		http.NotFound(w, r)
	}))
	defer external.Close()
	nginx := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "forbidden", http.StatusForbidden)
	}))
	defer nginx.Close()
	raw, err := net.Listen("tcp", "127.0.0.1:0") // answers garbage, not HTTP
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	go func() {
		for {
			c, err := raw.Accept()
			if err != nil {
				return
			}
			c.Write([]byte("SSH-2.0-OpenSSH_9.2\r\n"))
			c.Close()
		}
	}()
	exe, _ := os.Executable()
	for _, tc := range []struct {
		name, host string
		manage     bool
		paths      []string
		phase      string
		hint       string
	}{
		{"external server", external.URL, true, []string{exe}, PhaseRunning, ""},
		{"port held by another program", nginx.URL, true, []string{exe}, PhasePortConflict, "not Ollama"},
		{"port held by something not HTTP", "http://" + raw.Addr().String(), true, []string{exe}, PhasePortConflict, "not Ollama"},
		{"not installed", closedURL(t), true, nil, PhaseNotInstalled, "ollama.com"},
		{"not managed", closedURL(t), false, []string{exe}, PhaseStopped, "ollama serve"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt := fakeOptions(t)
			opt.Host, opt.Manage, opt.Paths = tc.host, tc.manage, tc.paths
			if opt.Paths == nil {
				opt.Paths = []string{}
			}
			opt.Command = func(bin string) *exec.Cmd {
				t.Errorf("started %s although it must not", bin)
				return exec.Command("false")
			}
			s, err := NewSupervisor(opt)
			if err != nil {
				t.Fatal(err)
			}
			stop := running(t, s)
			st := waitFor(t, s, tc.phase, func(st State) bool { return st.Phase == tc.phase })
			stop()
			if st.StartedByUs || !strings.Contains(st.InstallHint, tc.hint) || st.Running != (tc.phase == PhaseRunning) {
				t.Errorf("state = %+v", st)
			}
			if tc.phase == PhaseRunning {
				if _, err := http.Get(external.URL + "/api/version"); err != nil {
					t.Errorf("the external server is gone after stop: %v", err)
				}
			} else if p := s.Probe(t.Context()); p.Reachable || !strings.Contains(p.Error, tc.hint) {
				t.Errorf("Probe() = %+v", p)
			}
		})
	}
}

func TestSupervisorBadHost(t *testing.T) {
	if _, err := NewSupervisor(SupervisorOptions{Host: "::"}); err == nil {
		t.Error("NewSupervisor accepted a bad host")
	}
}
