package backup

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// TestKillDuringCreateHelper is the child process of TestKillDuringCreate:
// it makes backups of GENKAI_KILL_HOME in a loop until it is killed.
func TestKillDuringCreateHelper(t *testing.T) {
	root := os.Getenv("GENKAI_KILL_HOME")
	if root == "" {
		t.Skip("run by TestKillDuringCreate")
	}
	h := home.Home{Root: root}
	db, err := store.Open(context.Background(), h.Database(), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	svc := New(h, db, Options{})
	os.WriteFile(filepath.Join(root, "ready"), nil, 0o600)
	for {
		if _, err := svc.Create(context.Background(), CreateOptions{IncludeLogs: true}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestKillDuringCreate kills a process making backups at random moments
// (SIGKILL, 20 trials): afterwards every archive that lists as valid must
// verify, and leftovers must never list.
func TestKillDuringCreate(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	h, db := testHome(t)
	// A few MB of chunks so a backup takes long enough to be cut.
	ctx := t.Context()
	src, err := db.EnsureSource(ctx, "folder", "/k", "k", "{}")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("玄界のジョブ投入。", 400)
	for i := range 300 {
		page := store.PageInput{SourceID: src.ID, URL: fmt.Sprintf("file:///k/%d", i), Title: "p", ContentHash: fmt.Sprint(i), FetchedAt: time.Now()}
		if _, err := db.ReplacePage(ctx, page, []store.ChunkInput{{Text: text + fmt.Sprint(i), NormBody: text}}); err != nil {
			t.Fatal(err)
		}
	}
	logs := make([]byte, 2<<20)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range logs {
		logs[i] = byte(r.Uint32())
	}
	os.WriteFile(filepath.Join(h.Logs(), "genkai_rag.log"), logs, 0o600)
	db.Close()

	rng := rand.New(rand.NewPCG(7, 7))
	svc := New(h, nil, Options{})
	leftovers := 0
	for trial := range 20 {
		os.Remove(filepath.Join(h.Root, "ready"))
		cmd := exec.Command(os.Args[0], "-test.run=^TestKillDuringCreateHelper$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GENKAI_KILL_HOME="+h.Root)
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if _, err := os.Stat(filepath.Join(h.Root, "ready")); err == nil {
				break
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				t.Fatalf("child not ready: %s", out.String())
			}
		}
		time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()

		// What the kill left behind goes when a service starts (no live
		// process holds the lock any more).
		for _, n := range folder(t, svc.Dir()) {
			if strings.HasPrefix(n, ".staging-") || strings.HasSuffix(n, ".partial") {
				leftovers++
			}
		}
		New(h, nil, Options{})
		for _, n := range folder(t, svc.Dir()) {
			if strings.HasPrefix(n, ".staging-") || strings.HasSuffix(n, ".partial") || strings.HasPrefix(n, ".restore-") {
				t.Fatalf("trial %d: %s survived the start of a new service", trial, n)
			}
		}

		list, err := svc.List()
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range list {
			if !b.Valid {
				t.Fatalf("trial %d: %s lists as invalid: %s", trial, b.Name, b.Error)
			}
			if _, err := svc.Verify(t.Context(), b.Path); err != nil {
				t.Fatalf("trial %d: a listed archive does not verify: %v", trial, err)
			}
		}
	}
	list, _ := svc.List()
	t.Logf("%d complete archives after 20 kills; %d leftovers of killed backups removed at start", len(list), leftovers)
	if leftovers == 0 {
		t.Error("no kill left anything behind: the test did not exercise the clean-up")
	}
	res, err := svc.Prune(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range res.Removed {
		if !strings.HasPrefix(n, ".") {
			t.Errorf("prune removed a complete archive %s", n)
		}
	}
}
