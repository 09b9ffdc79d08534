package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Supervisor phases (State.Phase).
const (
	// PhaseChecking: the first check has not finished.
	PhaseChecking = "checking"
	// PhaseRunning: Ollama answers at the host.
	PhaseRunning = "running"
	// PhaseStarting: we started `ollama serve` and wait for it to answer.
	PhaseStarting = "starting"
	// PhaseRestarting: our `ollama serve` died; it restarts after a backoff.
	PhaseRestarting = "restarting"
	// PhaseStopped: Ollama is installed but not running, and
	// llm.manage_ollama is false (or the app is stopping).
	PhaseStopped = "stopped"
	// PhaseNotInstalled: no server answers and no ollama binary was found.
	PhaseNotInstalled = "not_installed"
	// PhasePortConflict: something that is not Ollama holds the port.
	PhasePortConflict = "port_conflict"
)

// State is wire.OllamaState, the shape clients see; see there.
type State = wire.OllamaState

// SupervisorOptions configure a Supervisor. Zero fields take the defaults.
type SupervisorOptions struct {
	// Host is the Ollama base URL (llm.ollama_host).
	Host string
	// Manage lets the supervisor start `ollama serve` (llm.manage_ollama).
	Manage bool
	// LogFile receives the child's output, appended (logs/ollama.log in
	// the data home); "" discards it.
	LogFile string
	// Paths are where to look for the binary after $PATH; default
	// DefaultOllamaPaths().
	Paths []string
	// LookPath finds "ollama" on $PATH; default exec.LookPath. Tests set
	// it to a func that fails, to use Paths only.
	LookPath func(string) (string, error)
	// Command builds the child command; default `BIN serve`. The
	// supervisor sets its environment, output and process group.
	Command func(bin string) *exec.Cmd
	// Env is the child's base environment; default os.Environ().
	// OLLAMA_HOST is always set to Host.
	Env []string
	// MinBackoff and MaxBackoff bound the wait before a restart: 1 s,
	// doubling to 30 s.
	MinBackoff, MaxBackoff time.Duration
	// Grace is how long a stopping child gets after SIGTERM before
	// SIGKILL; default 5 s.
	Grace time.Duration
	// Interval is how often a running or missing server is checked;
	// default 5 s.
	Interval time.Duration
	// StartTimeout bounds the wait for a started child to answer; default 30 s.
	StartTimeout time.Duration
	// Log receives the supervisor's records; nil discards them.
	Log *slog.Logger
}

// DefaultOllamaPaths are the usual install locations on Linux and macOS.
func DefaultOllamaPaths() []string {
	return []string{"/usr/local/bin/ollama", "/usr/bin/ollama", "/opt/homebrew/bin/ollama",
		"/Applications/Ollama.app/Contents/Resources/ollama"}
}

// InstallHint says how to install Ollama on this platform.
func InstallHint() string {
	if runtime.GOOS == "darwin" {
		return "Ollama is not installed: install it with `brew install ollama` or the app from https://ollama.com/download, then reopen Genkai RAG"
	}
	return "Ollama is not installed: install it with `curl -fsSL https://ollama.com/install.sh | sh` (see https://ollama.com/download), then reopen Genkai RAG"
}

// Supervisor finds Ollama and, when allowed, runs `ollama serve` as a
// child: restarted with backoff if it dies, stopped on exit only if we
// started it. Run does the work; State reports.
type Supervisor struct {
	opt    SupervisorOptions
	client *Client
	addr   string // host:port for OLLAMA_HOST
	log    *slog.Logger
	// sleep waits d or until ctx ends (tests record the backoffs).
	sleep func(ctx context.Context, d time.Duration) error

	mu    sync.Mutex
	state State
}

// NewSupervisor returns a supervisor for opt.Host; it does nothing until Run.
func NewSupervisor(opt SupervisorOptions) (*Supervisor, error) {
	c, err := New(opt.Host, nil)
	if err != nil {
		return nil, err
	}
	u, _ := url.Parse(c.Host())
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "11434")
	}
	if opt.Paths == nil {
		opt.Paths = DefaultOllamaPaths()
	}
	if opt.LookPath == nil {
		opt.LookPath = exec.LookPath
	}
	if opt.Command == nil {
		opt.Command = func(bin string) *exec.Cmd { return exec.Command(bin, "serve") }
	}
	if opt.Env == nil {
		opt.Env = os.Environ()
	}
	if opt.MinBackoff <= 0 {
		opt.MinBackoff = time.Second
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 30 * time.Second
	}
	if opt.Grace <= 0 {
		opt.Grace = 5 * time.Second
	}
	if opt.Interval <= 0 {
		opt.Interval = 5 * time.Second
	}
	if opt.StartTimeout <= 0 {
		opt.StartTimeout = 30 * time.Second
	}
	log := opt.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Supervisor{
		opt: opt, client: c, addr: addr, log: log, sleep: sleepCtx,
		state: State{Phase: PhaseChecking, Host: c.Host(), Managed: opt.Manage, LogFile: opt.LogFile},
	}, nil
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// State returns a copy of the current state.
func (s *Supervisor) State() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.state
}

func (s *Supervisor) set(fn func(st *State)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(&s.state)
}

// Probe asks the server for its version (as Client.Probe) and adds what the
// supervisor knows: why it is down and what to do. It satisfies
// monitor.OllamaProber, so the status bar and the tray show it.
func (s *Supervisor) Probe(ctx context.Context) Status {
	st := s.client.Probe(ctx)
	state := s.State()
	st.StartedByUs = state.StartedByUs && st.Reachable
	if !st.Reachable {
		switch state.Phase {
		case PhaseNotInstalled, PhasePortConflict, PhaseStopped:
			st.Error = state.InstallHint
		case PhaseStarting, PhaseRestarting:
			st.Error = "starting Ollama… (" + st.Error + ")"
		}
		if state.Phase != PhaseChecking {
			st.Phase = state.Phase
		}
	} else {
		st.Phase = PhaseRunning
	}
	return st
}

// Client returns the client the supervisor checks with.
func (s *Supervisor) Client() *Client { return s.client }

// find returns the ollama binary's path, or "".
func (s *Supervisor) find() string {
	if p, err := s.opt.LookPath("ollama"); err == nil {
		return p
	}
	for _, p := range s.opt.Paths {
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	return ""
}

// check learns whether Ollama answers, and if not, whether the port is
// taken by something else (notOllama) or free.
func (s *Supervisor) check(ctx context.Context) (version string, notOllama bool, reason string) {
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	v, err := s.client.api.Version(ctx)
	if err == nil {
		return v, false, ""
	}
	var se api.StatusError
	if errors.As(err, &se) || !unreachable(err) && ctx.Err() == nil {
		// It answered, but not as Ollama does.
		return "", true, fmt.Sprintf("the port %s is held by a program that is not Ollama (%s); stop it, or set llm.ollama_host to Ollama's address", s.addr, describe(err))
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return "", true, fmt.Sprintf("something at %s accepts connections but does not answer like Ollama; stop it, or set llm.ollama_host to Ollama's address", s.addr)
	}
	return "", false, describe(err)
}

// Run supervises until ctx ends, then stops the child if we started one,
// and returns nil. Call it once, in its own goroutine.
func (s *Supervisor) Run(ctx context.Context) error {
	backoff := s.opt.MinBackoff
	for ctx.Err() == nil {
		v, notOllama, reason := s.check(ctx)
		if ctx.Err() != nil {
			break
		}
		switch {
		case v != "":
			s.set(func(st *State) {
				st.Phase, st.Running, st.Version, st.StartedByUs, st.PID, st.InstallHint = PhaseRunning, true, v, false, 0, ""
			})
			s.sleep(ctx, s.opt.Interval)
			continue
		case notOllama:
			s.set(func(st *State) {
				st.Phase, st.Running, st.Version, st.LastError, st.InstallHint = PhasePortConflict, false, "", reason, reason
			})
			s.sleep(ctx, s.opt.Interval)
			continue
		}
		bin := s.find()
		if bin == "" {
			s.set(func(st *State) {
				st.Phase, st.Running, st.Version, st.Binary, st.InstallHint = PhaseNotInstalled, false, "", "", InstallHint()
			})
			s.sleep(ctx, s.opt.Interval)
			continue
		}
		if !s.opt.Manage {
			s.set(func(st *State) {
				st.Phase, st.Running, st.Version, st.Binary = PhaseStopped, false, "", bin
				st.InstallHint = "Ollama is not running: start it with `ollama serve` (or set llm.manage_ollama: true to let the app start it)"
			})
			s.sleep(ctx, s.opt.Interval)
			continue
		}
		ran, err := s.runChild(ctx, bin)
		if ctx.Err() != nil {
			break
		}
		if ran >= 2*s.opt.MaxBackoff {
			backoff = s.opt.MinBackoff // it ran well for a while: start over
		}
		s.log.Warn("ollama serve stopped; restarting", "err", err, "after", backoff)
		s.set(func(st *State) {
			st.Phase, st.Running, st.PID, st.Restarts = PhaseRestarting, false, 0, st.Restarts+1
			st.LastError = err.Error()
		})
		s.sleep(ctx, backoff)
		backoff = min(2*backoff, s.opt.MaxBackoff)
	}
	s.set(func(st *State) {
		if st.StartedByUs {
			st.Phase, st.Running, st.PID, st.StartedByUs = PhaseStopped, false, 0, false
		}
	})
	return nil
}

// runChild starts `ollama serve`, waits for it to answer, then until it
// exits or ctx ends (then it is stopped). It returns how long it ran and
// why it ended.
func (s *Supervisor) runChild(ctx context.Context, bin string) (time.Duration, error) {
	cmd := s.opt.Command(bin)
	cmd.Env = append(append([]string(nil), s.opt.Env...), "OLLAMA_HOST="+s.addr)
	setGroup(cmd)
	var out io.WriteCloser
	if s.opt.LogFile != "" {
		if err := os.MkdirAll(filepath.Dir(s.opt.LogFile), 0o700); err == nil {
			if f, err := os.OpenFile(s.opt.LogFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600); err == nil {
				out = f
				cmd.Stdout, cmd.Stderr = f, f
			}
		}
	}
	if out != nil {
		defer out.Close()
	}
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return 0, fmt.Errorf("start %s serve: %w", bin, err)
	}
	pid := cmd.Process.Pid
	s.log.Info("started ollama serve", "binary", bin, "pid", pid, "host", s.addr, "log", s.opt.LogFile)
	s.set(func(st *State) {
		st.Phase, st.Running, st.StartedByUs, st.Binary, st.PID, st.InstallHint = PhaseStarting, false, true, bin, pid, ""
	})
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()

	ready := time.After(0)
	deadline := time.After(s.opt.StartTimeout)
	up := false
	for {
		select {
		case <-ctx.Done():
			s.stop(cmd, exited)
			return time.Since(start), ctx.Err()
		case err := <-exited:
			if err == nil {
				err = errors.New("exited")
			}
			return time.Since(start), fmt.Errorf("ollama serve (pid %d) %w; see %s", pid, err, s.opt.LogFile)
		case <-deadline:
			if !up {
				s.stop(cmd, exited)
				return time.Since(start), fmt.Errorf("ollama serve did not answer at %s within %s; see %s", s.addr, s.opt.StartTimeout, s.opt.LogFile)
			}
		case <-ready:
			v, _, _ := s.check(ctx)
			if v != "" && !up {
				up = true
				s.set(func(st *State) { st.Phase, st.Running, st.Version = PhaseRunning, true, v })
			} else if v == "" && up {
				s.set(func(st *State) { st.Running = false })
			} else if v != "" {
				s.set(func(st *State) { st.Running, st.Version = true, v })
			}
			wait := s.opt.Interval
			if !up {
				wait = 100 * time.Millisecond
			}
			ready = time.After(wait)
		}
	}
}

// stop ends our child: SIGTERM to its process group, SIGKILL after Grace.
func (s *Supervisor) stop(cmd *exec.Cmd, exited <-chan error) {
	pid := cmd.Process.Pid
	signalGroup(cmd, false)
	select {
	case <-exited:
		s.log.Info("stopped ollama serve", "pid", pid)
	case <-time.After(s.opt.Grace):
		signalGroup(cmd, true)
		<-exited
		s.log.Warn("killed ollama serve: it did not stop within the grace period", "pid", pid, "grace", s.opt.Grace)
	}
}
