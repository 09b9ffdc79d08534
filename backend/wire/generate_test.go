package wire

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// generated is the TypeScript file go generate writes, from this package.
const generated = "../../frontend/src/lib/wire.gen.ts"

// TestGeneratedTypeScriptIsCurrent runs the generator with this package's
// tygo.yaml into a temporary file and fails when the committed wire.gen.ts
// differs: a DTO changed without `go generate ./backend/wire`.
func TestGeneratedTypeScriptIsCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator (go tool tygo); skipped with -short")
	}
	conf, err := os.ReadFile("tygo.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "wire.gen.ts")
	tmpConf := strings.Replace(string(conf), "output_path: "+generated, "output_path: "+out, 1)
	if tmpConf == string(conf) {
		t.Fatalf("tygo.yaml does not write %s; keep the test and the config in step", generated)
	}
	confFile := filepath.Join(t.TempDir(), "tygo.yaml")
	if err := os.WriteFile(confFile, []byte(tmpConf), 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.CommandContext(t.Context(), "go", "tool", "tygo", "generate", "--config", confFile)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	if gocache, err := exec.Command("go", "env", "GOCACHE", "GOMODCACHE").Output(); err == nil {
		// keep the real build and module caches: HOME moved, the caches need not
		v := strings.Fields(string(gocache))
		if len(v) == 2 {
			cmd.Env = append(cmd.Env, "GOCACHE="+v[0], "GOMODCACHE="+v[1])
		}
	}
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go tool tygo generate: %v\n%s", err, b)
	}
	want, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(generated)
	if err != nil {
		t.Fatalf("%v: run `go generate ./backend/wire`", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("frontend/src/lib/wire.gen.ts is stale (differs from backend/wire at line %d): run `go generate ./backend/wire` and commit it", firstDiffLine(got, want))
	}
}

// firstDiffLine is the 1-based line where a and b first differ.
func firstDiffLine(a, b []byte) int {
	la, lb := bytes.Split(a, []byte("\n")), bytes.Split(b, []byte("\n"))
	for i := range min(len(la), len(lb)) {
		if !bytes.Equal(la[i], lb[i]) {
			return i + 1
		}
	}
	return min(len(la), len(lb)) + 1
}
