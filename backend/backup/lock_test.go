package backup

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// stuckDB is a database whose snapshot never ends: a Create on it holds
// whatever it holds until the process dies.
type stuckDB struct{ ready string }

func (s stuckDB) Snapshot(ctx context.Context, dst string) error {
	os.WriteFile(s.ready, nil, 0o600)
	select {}
}
func (stuckDB) Counts(context.Context) (store.Counts, error) { return store.Counts{}, nil }
func (stuckDB) RestoreFrom(context.Context, string) error    { return errors.New("no") }

// TestLockHelper is the child process of the lock tests: with
// GENKAI_LOCK_MODE=hold it starts a backup that never ends; with
// GENKAI_LOCK_MODE=create it makes GENKAI_LOCK_N backups and exits.
func TestLockHelper(t *testing.T) {
	root := os.Getenv("GENKAI_LOCK_HOME")
	if root == "" {
		t.Skip("run by TestLockBetweenProcesses")
	}
	h := home.Home{Root: root}
	switch os.Getenv("GENKAI_LOCK_MODE") {
	case "hold":
		svc := New(h, stuckDB{ready: filepath.Join(root, "ready")}, Options{})
		svc.Create(context.Background(), CreateOptions{})
	case "create":
		db, err := store.Open(context.Background(), h.Database(), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		svc := New(h, db, Options{LockWait: time.Minute})
		os.WriteFile(filepath.Join(root, "ready"), nil, 0o600)
		for i := range 15 {
			if _, err := svc.Create(context.Background(), CreateOptions{}); err != nil {
				t.Fatalf("create %d: %v", i, err)
			}
			time.Sleep(150 * time.Millisecond) // let the other process prune in between
		}
	}
}

func startChild(t *testing.T, root, mode string) (*exec.Cmd, *bytes.Buffer) {
	t.Helper()
	os.Remove(filepath.Join(root, "ready"))
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockHelper$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), "GENKAI_LOCK_HOME="+root, "GENKAI_LOCK_MODE="+mode)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(root, "ready")); err == nil {
			return cmd, &out
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatalf("child not ready: %s", out.String())
		}
	}
}

// TestLockBetweenProcesses: while another process is making a backup,
// create, prune, restore and delete in this one wait a bounded time and
// then say who holds the lock; nothing of the other process's backup is
// removed. A prune looping against a process making backups never
// breaks one of them.
func TestLockBetweenProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes; skipped with -short")
	}
	ctx := t.Context()
	h, db := testHome(t)
	svc := New(h, db, Options{LockWait: 300 * time.Millisecond})
	var names []string
	for range 2 {
		info, err := svc.Create(ctx, CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, info.Name)
		time.Sleep(1100 * time.Millisecond) // distinct names
	}

	child, out := startChild(t, h.Root, "hold")
	before := folder(t, svc.Dir())
	busy := fmt.Sprintf("another backup, restore or prune is running (pid %d); try again when it finishes", child.Process.Pid)
	check := func(op string, err error) {
		t.Helper()
		if !errors.Is(err, ErrBusy) || !strings.Contains(err.Error(), busy) {
			t.Errorf("%s while another process backs up: %v, want %q", op, err, busy)
		}
	}
	start := time.Now()
	_, err := svc.Prune(0, 1)
	check("prune", err)
	if waited := time.Since(start); waited > 3*time.Second {
		t.Errorf("prune waited %v, want about the 300 ms LockWait", waited)
	}
	_, err = svc.Create(ctx, CreateOptions{})
	check("create", err)
	_, err = svc.Restore(ctx, filepath.Join(svc.Dir(), names[0]))
	check("restore", err)
	check("delete", svc.Delete(names[0]))
	if after := folder(t, svc.Dir()); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("backups folder changed while locked by another process: %v, was %v", after, before)
	}
	// A fresh service (a second process starting) leaves the live
	// process's staging folder alone.
	New(h, db, Options{})
	if after := folder(t, svc.Dir()); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("start-up cleaned a live process's files: %v, was %v", after, before)
	}
	child.Process.Kill()
	child.Wait()
	_ = out
	// The dead process's lock is gone with it.
	if _, err := svc.Prune(0, 1); err != nil {
		t.Fatalf("prune after the other process died: %v", err)
	}

	// A process making backups and this one pruning to one at the same
	// time: every create in the child succeeds.
	db.Close()
	child, out = startChild(t, h.Root, "create")
	exited := make(chan error, 1)
	go func() { exited <- child.Wait() }()
	psvc := New(h, nil, Options{LockWait: time.Minute})
	pruned := 0
	for {
		select {
		case err := <-exited:
			if err != nil {
				t.Fatalf("the backing-up process failed while this one pruned: %v\n%s", err, out)
			}
			t.Logf("%d prunes ran against 15 creates in another process", pruned)
			if pruned < 5 {
				t.Errorf("only %d prunes ran: the processes did not interleave", pruned)
			}
			return
		default:
		}
		if _, err := psvc.Prune(0, 1); err != nil {
			t.Fatalf("prune: %v", err)
		}
		pruned++
		time.Sleep(20 * time.Millisecond)
	}
}
