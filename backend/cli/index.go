package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/ingest"
)

// runIndex syncs a site (--url) or a folder (--dir) into the user's index.
// Ctrl-C stops it cleanly; a site sync then resumes on the next run.
func runIndex(ctx context.Context, env Env, o options) error {
	if (o.url == "") == (o.dir == "") {
		return usageError("index needs exactly one of --url URL or --dir PATH")
	}
	if o.dir != "" && (o.set["prefix"] || o.set["depth"] || o.set["max-pages"]) {
		return usageError("--prefix, --depth and --max-pages apply to --url only")
	}
	if o.depth < 1 || o.maxPages < 1 {
		return usageError("--depth and --max-pages must be at least 1")
	}
	var dir string
	if o.dir != "" {
		abs, err := filepath.Abs(o.dir)
		if err != nil {
			return usageError(fmt.Sprintf("--dir %s: %v", o.dir, err))
		}
		if err := ingest.CheckFolder(abs); err != nil { // exists, is a folder, can be read
			return usageError("--dir: " + strings.TrimPrefix(err.Error(), ingest.ErrBadSource.Error()+": "))
		}
		dir = abs
	}

	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	svc, err := boot(ctx, env, o, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	sy := ingest.NewSyncer(svc.Store, nil, svc.Log, time.Now)
	progress := progressLine(env.Stderr)

	var rep ingest.Report
	var what string
	if dir != "" {
		what = dir
		src, err := svc.Store.EnsureSource(ctx, "folder", dir, filepath.Base(dir), "")
		if err != nil {
			return err
		}
		rep, err = sy.SyncFolder(ctx, src, progress)
		if err = indexEnd(env, err, progress != nil, "the next run starts over and skips unchanged files"); err != nil {
			return err
		}
	} else {
		what = o.url
		opt := ingest.SiteOptions{Prefix: o.prefix, MaxDepth: o.depth, MaxPages: o.maxPages}
		// A site that does not answer is not stored (as in the app).
		if err := ingest.ProbeSite(ctx, http.DefaultClient, o.url); errors.Is(err, ingest.ErrBadStartURL) {
			return usageError(err.Error())
		} else if err != nil {
			return fmt.Errorf("index %s: %w", o.url, err)
		}
		src, err := svc.Store.EnsureSource(ctx, "site", o.url, o.url, opt.SettingsJSON())
		if err != nil {
			return err
		}
		rep, err = sy.SyncSite(ctx, src, opt, progress)
		if errors.Is(err, ingest.ErrBadStartURL) {
			return usageError(err.Error())
		}
		if err = indexEnd(env, err, progress != nil, "run the same command again to resume where it stopped"); err != nil {
			return err
		}
	}
	printReport(env.Stdout, what, rep)
	return nil
}

// indexEnd ends the progress line and turns a cancellation into a message.
func indexEnd(env Env, err error, live bool, resume string) error {
	if live {
		fmt.Fprintln(env.Stderr)
	}
	if err != nil && errors.Is(err, context.Canceled) {
		fmt.Fprintf(env.Stderr, "genkai-rag: indexing interrupted; %s\n", resume)
		return exitErr{ExitFailure}
	}
	return err
}

// progressLine returns a callback that keeps one updating line on w, or nil
// when w is not a terminal.
func progressLine(w io.Writer) func(ingest.Progress) {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if fi, err := f.Stat(); err != nil || fi.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(p ingest.Progress) {
		u := []rune(p.URL)
		if len(u) > 60 {
			u = append([]rune("…"), u[len(u)-59:]...)
		}
		fmt.Fprintf(f, "\r\x1b[K%d/%d pages, %d chunks, %d errors  %s", p.Done, p.Total, p.Chunks, p.Errors, string(u))
	}
}

func printReport(w io.Writer, what string, r ingest.Report) {
	fmt.Fprintf(w, "indexed %s in %s\n", what, r.Duration.Round(time.Millisecond))
	fmt.Fprintf(w, "added %d, updated %d, unchanged %d, removed %d, failed %d, skipped %d; %d chunks written\n",
		r.Added, r.Updated, r.Unchanged, r.Removed, len(r.Failed), len(r.Skipped), r.Chunks)
	if r.Truncated {
		fmt.Fprintln(w, "stopped at --max-pages; pages beyond it were not visited and nothing was removed")
	}
	for _, p := range r.Failed {
		fmt.Fprintf(w, "  failed:  %s: %s\n", p.URL, p.Reason)
	}
	for _, p := range r.Skipped {
		fmt.Fprintf(w, "  skipped: %s: %s\n", p.URL, p.Reason)
	}
}
