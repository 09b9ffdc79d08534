package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

// Check is one finding of `genkai-rag doctor`.
type Check struct {
	Name   string `json:"name"`
	Status string `json:"status"` // ok, warning or error
	Detail string `json:"detail"`
	Fix    string `json:"fix,omitempty"`
}

// Disk space below these is a warning or an error.
const (
	diskWarnBytes  = 1 << 30
	diskErrorBytes = 200 << 20
)

// runDoctor checks the installation without changing anything and exits 1
// when a check fails (warnings alone exit 0).
func runDoctor(ctx context.Context, env Env, o options) error {
	checks := doctor(ctx, env, o)
	failed := false
	for _, c := range checks {
		failed = failed || c.Status == "error"
	}
	if o.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(map[string]any{"ok": !failed, "checks": checks}); err != nil {
			return err
		}
	} else {
		mark := map[string]string{"ok": "✔", "warning": "⚠", "error": "✘"}
		for _, c := range checks {
			fmt.Fprintf(env.Stdout, "%s %-12s %s\n", mark[c.Status], c.Name, c.Detail)
			if c.Fix != "" {
				fmt.Fprintf(env.Stdout, "  → %s\n", c.Fix)
			}
		}
	}
	if failed {
		return exitErr{ExitFailure}
	}
	return nil
}

func doctor(ctx context.Context, env Env, o options) []Check {
	root, cfgPath, explicit, err := paths(env, o)
	if err != nil {
		return []Check{{Name: "data home", Status: "error", Detail: err.Error(), Fix: "set GENKAI_HOME or --data-dir to a writable folder"}}
	}
	h := home.Home{Root: root}
	var checks []Check
	add := func(c Check) { checks = append(checks, c) }

	// Configuration.
	cfg, src, err := loadConfig(env, o, cfgPath, explicit)
	switch {
	case err != nil:
		add(Check{Name: "config", Status: "error", Detail: err.Error(), Fix: "fix the keys named, then run `genkai-rag config validate`"})
	case len(src.Warnings) > 0:
		var w []string
		for _, p := range src.Warnings {
			w = append(w, p.Path+": "+p.Message)
		}
		add(Check{Name: "config", Status: "warning", Detail: strings.Join(w, "; ")})
	default:
		add(Check{Name: "config", Status: "ok", Detail: "valid: " + cfgPath})
	}

	add(permissions(root, cfgPath))
	if cfg != nil && cfg.Server.APIToken != "" {
		add(secretCheck(cfgPath))
	}
	add(diskSpace(root))
	add(serverCheck(ctx, h, cfg))

	// The OpenAI-compatible endpoint, when chat or embeddings use it.
	if cfg != nil && cfg.LLM.UsesOpenAI() {
		add(endpointCheck(ctx, env, cfg))
	}
	// Ollama.
	if cfg != nil && cfg.LLM.UsesOllama() {
		if c, err := llm.New(cfg.LLM.OllamaHost, nil); err != nil {
			add(Check{Name: "ollama", Status: "error", Detail: err.Error(), Fix: "set llm.ollama_host to a URL such as http://127.0.0.1:11434"})
		} else if st := c.Probe(ctx); st.Reachable {
			add(Check{Name: "ollama", Status: "ok", Detail: fmt.Sprintf("Ollama %s at %s (%s)", st.Version, st.Host, ollamaHostOf(cfg, src, nil).from(false))})
		} else {
			add(Check{Name: "ollama", Status: "warning", Detail: st.Host + " (" + ollamaHostOf(cfg, src, nil).from(false) + "): " + st.Error, Fix: "start Ollama (`ollama serve`) or install it from https://ollama.com; search works without it"})
		}
	}

	// Data integrity.
	db := h.Database()
	info, err := store.Inspect(ctx, db)
	switch {
	case err == nil && !info.Exists:
		add(Check{Name: "database", Status: "ok", Detail: "not created yet: " + db})
	case err == nil && info.SchemaVersion > store.SchemaVersion():
		add(Check{Name: "database", Status: "error", Detail: fmt.Sprintf("schema %d is newer than this app's %d", info.SchemaVersion, store.SchemaVersion()), Fix: "update Genkai RAG"})
	case err == nil:
		if err = store.Verify(ctx, db); err == nil {
			add(Check{Name: "database", Status: "ok", Detail: fmt.Sprintf("integrity ok, schema %d, %.1f MB", info.SchemaVersion, mb(info.SizeBytes))})
		}
	}
	if err != nil {
		fix := "check the file's permissions"
		if errors.Is(err, store.ErrCorrupt) {
			fix = "restore a backup (`genkai-rag backup list`), or move the file aside to start empty"
		}
		add(Check{Name: "database", Status: "error", Detail: err.Error(), Fix: fix})
	}
	return checks
}

// serverCheck says whether a genkai-rag server runs on this data home: the
// one its server file records, else one at the configured address. A stale
// server file is reported and ignored (the next server overwrites it).
func serverCheck(ctx context.Context, h home.Home, cfg *config.Config) Check {
	token := ""
	if cfg != nil {
		token = cfg.Server.APIToken
	}
	url, stale := recordedServer(ctx, h, token)
	if url == "" && cfg != nil {
		if base := configuredURL(cfg.Server.Host, cfg.Server.Port); servesHome(ctx, base, token, h.Root) {
			url = base
		}
	}
	switch {
	case url != "":
		return Check{Name: "server", Status: "ok", Detail: "running at " + url}
	case stale != "":
		return Check{Name: "server", Status: "ok", Detail: "not running (" + stale + "; ignored)"}
	}
	return Check{Name: "server", Status: "ok", Detail: "not running"}
}

// permissions flags world-writable files and folders in the data home, a
// data home folder or database file that others can read or enter, and a
// config or .env file that others can read.
func permissions(root, cfgPath string) Check {
	var bad []string
	h := home.Home{Root: root}
	db := h.Database()
	for _, p := range []string{root, h.Data(), h.Config(), h.Logs(), h.Backups(), db, db + "-wal", db + "-shm"} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o077 != 0 {
			bad = append(bad, fmt.Sprintf("%s is open to other users (mode %04o)", p, fi.Mode().Perm()))
		}
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			bad = append(bad, p+": "+err.Error())
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			return nil
		}
		fi, err := d.Info()
		if err == nil && fi.Mode().Perm()&0o002 != 0 {
			bad = append(bad, p+" is world-writable")
		}
		return nil
	})
	if err != nil {
		bad = append(bad, err.Error())
	}
	for _, p := range []string{cfgPath, wiring.EnvFile(cfgPath)} {
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o077 != 0 {
			bad = append(bad, fmt.Sprintf("%s is readable by others (mode %04o)", p, fi.Mode().Perm()))
		}
	}
	if len(bad) > 0 {
		if len(bad) > 5 {
			bad = append(bad[:5], fmt.Sprintf("and %d more", len(bad)-5))
		}
		return Check{Name: "permissions", Status: "error", Detail: strings.Join(bad, "; "),
			Fix: "chmod -R go-rwx " + root}
	}
	return Check{Name: "permissions", Status: "ok", Detail: "data home, database and config private; no world-writable files"}
}

// secretCheck warns when the API token sits in a file others can read.
func secretCheck(cfgPath string) Check {
	for _, p := range []string{cfgPath, wiring.EnvFile(cfgPath)} {
		b, err := os.ReadFile(p)
		if err != nil || !strings.Contains(string(b), "api_token") && !strings.Contains(string(b), "API_TOKEN") {
			continue
		}
		if fi, err := os.Stat(p); err == nil && fi.Mode().Perm()&0o044 != 0 {
			return Check{Name: "secrets", Status: "error", Detail: "server.api_token is in " + p + ", which others can read", Fix: "chmod 600 " + p}
		}
	}
	return Check{Name: "secrets", Status: "ok", Detail: "the API token is only readable by you"}
}

// diskSpace checks the free space where the data home lives.
func diskSpace(root string) Check {
	dir := root
	for {
		if _, err := os.Stat(dir); err == nil || filepath.Dir(dir) == dir {
			break
		}
		dir = filepath.Dir(dir)
	}
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return Check{Name: "disk", Status: "warning", Detail: "cannot read free space: " + err.Error()}
	}
	free := st.Bavail * uint64(st.Bsize)
	c := Check{Name: "disk", Status: "ok", Detail: fmt.Sprintf("%.1f GB free for %s", float64(free)/(1<<30), root)}
	switch {
	case free < diskErrorBytes:
		c.Status, c.Fix = "error", "free disk space: sync, backups and the database need room to write safely"
	case free < diskWarnBytes:
		c.Status, c.Fix = "warning", "free some disk space or prune old backups (`genkai-rag backup prune`)"
	}
	return c
}
