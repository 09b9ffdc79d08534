package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/wiring"
	"golang.org/x/sys/unix"
)

// runBackup runs `backup create|list|verify|restore|prune`.
func runBackup(ctx context.Context, env Env, o options, what string) error {
	if (what == "verify" || what == "restore") && len(o.args) != 1 {
		return usageError(fmt.Sprintf("`genkai-rag backup %s` takes one FILE: a name from `genkai-rag backup list` or the path of an archive", what))
	}
	if what == "prune" && (o.days < 0 || o.keep < 0) {
		return usageError("--days and --keep must be 0 (no limit) or more")
	}
	svc, err := boot(ctx, env, o, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	b := svc.Backups
	var out any
	switch what {
	case "create":
		info, err := b.Create(ctx, backup.CreateOptions{Reason: "manual", IncludeLogs: o.logs})
		if err != nil {
			return err
		}
		out = info
		if !o.json {
			fmt.Fprintf(env.Stdout, "Backup created: %s (%s)\n  %s\n  contents: %s\n", info.Name, size(info.SizeBytes), info.Path, contents(info.Manifest))
		}
	case "list":
		list, err := b.List()
		if err != nil {
			return err
		}
		out = map[string]any{"folder": b.Dir(), "backups": list}
		if !o.json {
			printBackups(env.Stdout, b.Dir(), list)
		}
	case "verify":
		p, err := resolveArchive(b, o.args[0])
		if err != nil {
			return err
		}
		m, err := b.Verify(ctx, p)
		if err != nil {
			return fmt.Errorf("%w\nthis archive cannot be restored; use another backup (`genkai-rag backup list`)", err)
		}
		out = map[string]any{"path": p, "valid": true, "manifest": m}
		if !o.json {
			fmt.Fprintf(env.Stdout, "OK: %s is intact (%d files, every checksum matches)\n  made %s by %s, reason %s\n  contents: %s\n",
				filepath.Base(p), len(m.Files), m.CreatedAt, appVersion(m.AppVersion), m.Reason, contents(&m))
		}
	case "restore":
		p, err := resolveArchive(b, o.args[0])
		if err != nil {
			return err
		}
		if url := runningServer(ctx, svc); url != "" {
			return fmt.Errorf("a genkai-rag server at %s is using this data home: restore from its Backup page (or POST %s/api/backups/NAME/restore), or stop it first, so that it does not keep serving the old data", url, url)
		}
		if !o.yes {
			// Show what the archive holds, and what a restore would not
			// take from it, before asking.
			in, err := b.Inspect(ctx, p)
			if err != nil {
				return err
			}
			if !in.Valid {
				return fmt.Errorf("%s\nthis archive cannot be restored; nothing was changed; use another backup (`genkai-rag backup list`)", in.Error)
			}
			if isTerminal(env.Stdin) {
				printInspection(env.Stdout, in)
			}
			if err := confirm(env, fmt.Sprintf("Replace the current data and configuration with %s?\nA backup of the current data is made first. [y/N] ", filepath.Base(p))); err != nil {
				return err
			}
		}
		if !o.json {
			fmt.Fprintf(env.Stdout, "Checking %s, backing up the current data, then restoring…\n", filepath.Base(p))
		}
		res, err := b.Restore(ctx, p)
		if err != nil {
			return err
		}
		out = res
		if !o.json {
			fmt.Fprintf(env.Stdout, "Restored %s\n  contents: %s\n  the previous data is in %s (restore it to undo)\n", res.Restored, contents(&res.Manifest), res.PreRestoreBackup)
			printResets(env.Stdout, res.Resets)
		}
	case "prune":
		days, keep := svc.Config.Backup.RetentionDays, svc.Config.Backup.MaxCount
		if o.set["days"] {
			days = o.days
		}
		if o.set["keep"] {
			keep = o.keep
		}
		res, err := b.Prune(days, keep)
		if err != nil {
			return err
		}
		out = map[string]any{"removed": res.Removed, "kept": res.Kept, "days": days, "keep": keep}
		if !o.json {
			fmt.Fprintf(env.Stdout, "Pruned %d backups (older than %s, beyond the newest %s); %d kept\n", len(res.Removed), limit(days, " days"), limit(keep, ""), res.Kept)
			for _, n := range res.Removed {
				fmt.Fprintf(env.Stdout, "  removed %s\n", n)
			}
		}
	}
	if o.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	return nil
}

// resolveArchive finds FILE: a name in the backups folder, else a path
// (for an archive copied from another machine).
func resolveArchive(b *backup.Service, arg string) (string, error) {
	if backup.ValidName(arg) {
		if p, err := b.Path(arg); err == nil {
			return p, nil
		}
	}
	fi, err := os.Stat(arg)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("%s: no such backup in %s and no such file; list them with `genkai-rag backup list`", arg, b.Dir())
	case err != nil:
		return "", fmt.Errorf("open backup %s: %w", arg, err)
	case !fi.Mode().IsRegular():
		return "", fmt.Errorf("%s is not a file: give a .tar.gz archive", arg)
	}
	return filepath.Abs(arg)
}

// confirm asks on a terminal; without one it refuses (a script must say --yes).
func confirm(env Env, question string) error {
	if !isTerminal(env.Stdin) {
		return usageError("restore replaces the current data: add --yes to confirm (a backup of the current data is made first)")
	}
	fmt.Fprint(env.Stdout, question)
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return exitWith(env, ExitFailure, "restore cancelled: no answer")
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "y", "yes", "はい":
		return nil
	}
	return exitWith(env, ExitFailure, "restore cancelled; nothing was changed")
}

// exitWith reports msg and exits with code.
func exitWith(env Env, code int, msg string) error {
	fmt.Fprintln(env.Stderr, msg)
	return exitErr{code}
}

// isTerminal reports whether r is an interactive terminal. A reader with
// an IsTerminal method (tests) answers for itself.
func isTerminal(r io.Reader) bool {
	switch v := r.(type) {
	case nil:
		return false
	case interface{ IsTerminal() bool }:
		return v.IsTerminal()
	case *os.File:
		// A character device such as /dev/null is not a terminal: ask
		// the terminal driver.
		_, err := unix.IoctlGetTermios(int(v.Fd()), ioctlReadTermios)
		return err == nil
	}
	return false
}

func printBackups(w io.Writer, dir string, list []backup.Info) {
	if len(list) == 0 {
		fmt.Fprintf(w, "No backups in %s; make one with `genkai-rag backup create`\n", dir)
		return
	}
	fmt.Fprintf(w, "%d backups in %s (newest first):\n", len(list), dir)
	for _, b := range list {
		if !b.Valid {
			fmt.Fprintf(w, "  %s  %9s  INVALID: %s\n", b.Name, size(b.SizeBytes), b.Error)
			continue
		}
		fmt.Fprintf(w, "  %s  %9s  %-14s %s\n", b.Name, size(b.SizeBytes), b.Manifest.Reason, contents(b.Manifest))
	}
}

// printInspection shows what an archive holds before a restore.
func printInspection(w io.Writer, in backup.Inspection) {
	m := in.Manifest
	fmt.Fprintf(w, "%s: made %s by %s, reason %s, database schema %d (this app: %d)\n  contents: %s\n",
		in.Name, m.CreatedAt, appVersion(m.AppVersion), m.Reason, m.SchemaVersion, in.SchemaVersion, contents(m))
	if in.WithLogs {
		fmt.Fprintln(w, "  its logs are not restored")
	}
	printResets(w, in.Resets)
}

// printResets lists the protected settings a restore keeps.
func printResets(w io.Writer, resets []backup.Reset) {
	if len(resets) == 0 {
		return
	}
	fmt.Fprintln(w, "  settings that never come from a backup (the current ones are kept):")
	for _, r := range resets {
		fmt.Fprintf(w, "    %s\n", r.Message)
	}
}

// contents summarises a manifest's counts.
func contents(m *backup.Manifest) string {
	if m == nil {
		return "unknown"
	}
	c := m.Counts
	s := fmt.Sprintf("%d sources, %d pages, %d chunks, %d sessions, %d messages, %d files", c.Sources, c.Pages, c.Chunks, c.Sessions, c.Messages, len(m.Files))
	for _, f := range m.Files {
		if strings.HasPrefix(f.Path, "logs/") {
			return s + " (with logs)"
		}
	}
	return s
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", mb(n))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

func limit(n int, unit string) string {
	if n <= 0 {
		return "no limit"
	}
	return fmt.Sprintf("%d%s", n, unit)
}

func appVersion(v string) string {
	if v == "" {
		return "an unknown version"
	}
	return "genkai-rag " + v
}

// runningServer returns the URL of a genkai-rag server that serves this
// data home: the one its server file records (data/server.json, on any
// port), else one answering at the configured address; "" if none.
func runningServer(ctx context.Context, svc *wiring.Services) string {
	token := svc.Config.Server.APIToken
	if url, _ := recordedServer(ctx, svc.Home, token); url != "" {
		return url
	}
	if base := configuredURL(svc.Config.Server.Host, svc.Config.Server.Port); servesHome(ctx, base, token, svc.Home.Root) {
		return base
	}
	return ""
}
