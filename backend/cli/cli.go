// Package cli is the command line of the one genkai-rag binary: it parses
// flags (before or after the subcommand, as the operations guide writes
// `main.py server --log-level DEBUG --port 8000`), and runs the desktop app,
// the headless server, status, config validate or version.
//
// Exit codes: 0 success, 1 failure at run time, 2 bad usage or invalid
// configuration.
package cli

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/fault"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitFailure = 1
	ExitUsage   = 2
)

// DesktopFunc runs the desktop window until it closes. boot starts the
// services once Wails hands over its context; it is called at most once.
type DesktopFunc func(boot BootFunc) error

// Env is everything Run takes from the process, so tests can supply their own.
type Env struct {
	Args    []string // without the program name
	Stdout  io.Writer
	Stderr  io.Writer
	Environ []string // os.Environ() form
	Version string
	// Stdin answers confirmation prompts (`backup restore` without
	// --yes); nil or not a terminal means nobody can be asked.
	Stdin io.Reader
	// Frontend is the built web app (index.html at its root), served by
	// `server`; nil serves the API only.
	Frontend fs.FS
	// Desktop runs the window; nil makes the bare command an error (as in
	// tests and builds without the desktop tags).
	Desktop DesktopFunc
}

func (e Env) getenv(key string) string {
	for i := len(e.Environ) - 1; i >= 0; i-- {
		if k, v, ok := strings.Cut(e.Environ[i], "="); ok && k == key {
			return v
		}
	}
	return ""
}

// options are the parsed flags.
type options struct {
	config    string
	dataDir   string
	logLevel  string
	host      string
	port      int
	json      bool
	help      bool
	beir      string
	k         int
	mode      string
	embed     string // --embed-model
	questions string // eval --questions
	verbose   bool   // eval --verbose
	url       string
	prefix    string
	dir       string
	depth     int
	maxPages  int
	days      int
	keep      int
	logs      bool
	yes       bool
	embedding bool     // models use --embedding
	args      []string // positional arguments after the command
	set       map[string]bool
}

// commands lists each subcommand's allowed flags; "" is the desktop app.
var commands = map[string][]string{
	"":                             {"config", "data-dir", "log-level"},
	"server":                       {"config", "data-dir", "log-level", "host", "port"},
	"status":                       {"config", "data-dir", "json", "host", "port"},
	"config validate":              {"config", "data-dir"},
	"search":                       {"config", "data-dir", "k", "json"},
	"eval":                         {"beir", "dir", "questions", "verbose", "k", "mode", "embed-model", "json", "config", "data-dir"},
	"index":                        {"config", "data-dir", "url", "prefix", "dir", "depth", "max-pages", "log-level"},
	"version":                      {"json"},
	"maintenance cleanup-sessions": {"config", "data-dir", "days", "json"},
	"maintenance optimize-index":   {"config", "data-dir", "json"},
	"doctor":                       {"config", "data-dir", "json"},
	"backup create":                {"config", "data-dir", "include-logs", "json"},
	"backup list":                  {"config", "data-dir", "json"},
	"backup verify":                {"config", "data-dir", "json"},
	"backup restore":               {"config", "data-dir", "yes", "json"},
	"backup prune":                 {"config", "data-dir", "days", "keep", "json"},
	"models list":                  {"config", "data-dir", "json"},
	"models pull":                  {"config", "data-dir", "json"},
	"models rm":                    {"config", "data-dir", "json"},
	"models use":                   {"config", "data-dir", "embedding", "json"},
	"models show":                  {"config", "data-dir", "json"},
	"help":                         {},
}

// groups are the commands of two words, with their usage.
var groups = map[string]string{
	"config":      "genkai-rag config validate [--config FILE]",
	"maintenance": "genkai-rag maintenance cleanup-sessions [--days N] | optimize-index",
	"backup":      "genkai-rag backup create [--include-logs] | list | verify FILE | restore FILE [--yes] | prune [--days N] [--keep N]",
	"models":      "genkai-rag models list | pull NAME | rm NAME | use NAME [--embedding] | show NAME",
}

// takesArgs lists the commands with positional arguments.
var takesArgs = map[string]bool{"search": true, "backup verify": true, "backup restore": true,
	"models pull": true, "models rm": true, "models use": true, "models show": true}

func newFlagSet(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("genkai-rag", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.StringVar(&o.config, "config", "", "")
	fs.StringVar(&o.dataDir, "data-dir", "", "")
	fs.StringVar(&o.logLevel, "log-level", "", "")
	fs.StringVar(&o.host, "host", "", "")
	fs.IntVar(&o.port, "port", 0, "")
	fs.BoolVar(&o.json, "json", false, "")
	fs.StringVar(&o.beir, "beir", "", "")
	fs.IntVar(&o.k, "k", 10, "")
	fs.StringVar(&o.mode, "mode", "lexical", "")
	fs.StringVar(&o.embed, "embed-model", "", "")
	fs.StringVar(&o.questions, "questions", "", "")
	fs.BoolVar(&o.verbose, "verbose", false, "")
	fs.StringVar(&o.url, "url", "", "")
	fs.StringVar(&o.prefix, "prefix", "", "")
	fs.StringVar(&o.dir, "dir", "", "")
	fs.IntVar(&o.depth, "depth", 3, "")
	fs.IntVar(&o.maxPages, "max-pages", 500, "")
	fs.IntVar(&o.days, "days", 0, "")
	fs.IntVar(&o.keep, "keep", 0, "")
	fs.BoolVar(&o.logs, "include-logs", false, "")
	fs.BoolVar(&o.yes, "yes", false, "")
	fs.BoolVar(&o.yes, "y", false, "")
	fs.BoolVar(&o.embedding, "embedding", false, "")
	fs.BoolVar(&o.help, "help", false, "")
	fs.BoolVar(&o.help, "h", false, "")
	return fs
}

// parse splits args into the subcommand words and flags, allowing flags
// anywhere. "--" ends flags.
func parse(args []string) (cmd string, o options, err error) {
	o.set = map[string]bool{}
	fset := newFlagSet(&o)
	var words, tail []string
	for i, a := range args {
		if a == "--" {
			args, tail = args[:i], args[i+1:]
			break
		}
	}
	for len(args) > 0 {
		if err := fset.Parse(args); err != nil {
			return "", o, usageError(flagMessage(err))
		}
		args = fset.Args()
		if len(args) == 0 {
			break
		}
		words = append(words, args[0])
		args = args[1:]
	}
	words = append(words, tail...)
	fset.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	if o.set["h"] {
		o.set["help"] = true
	}
	if o.set["y"] {
		delete(o.set, "y")
		o.set["yes"] = true
	}
	n := min(1, len(words))
	if n == 1 && groups[words[0]] != "" {
		if len(words) == 1 {
			return "", o, usageError(fmt.Sprintf("`%s` needs a subcommand: %s", words[0], groups[words[0]]))
		}
		n = 2
	}
	cmd, o.args = strings.Join(words[:n], " "), words[n:]
	if _, ok := commands[cmd]; !ok {
		return "", o, usageError(fmt.Sprintf("unknown command %q; commands are: server, status, index, search, eval, config validate, maintenance, backup, models, doctor, version, help", cmd))
	}
	if len(o.args) > 0 && !takesArgs[cmd] {
		return "", o, usageError(fmt.Sprintf("unexpected argument %q for %s; run `genkai-rag help`", o.args[0], display(cmd)))
	}
	var bad []string
	for name := range o.set {
		if name == "help" || name == "h" {
			continue
		}
		if !contains(commands[cmd], name) {
			bad = append(bad, "--"+name)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return "", o, usageError(fmt.Sprintf("%s not valid for %s; run `genkai-rag help` to see each command's flags", strings.Join(bad, ", "), display(cmd)))
	}
	return cmd, o, nil
}

func flagMessage(err error) string {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
		return fmt.Sprintf("unknown flag %s; run `genkai-rag help` for the flags", name)
	}
	if strings.Contains(msg, "invalid value") && strings.Contains(msg, "-port") {
		return "--port must be a number such as 8000"
	}
	return msg + "; run `genkai-rag help` for the flags"
}

func display(cmd string) string {
	if cmd == "" {
		return "the desktop app"
	}
	return "`genkai-rag " + cmd + "`"
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// usage is an error caused by the command line.
type usage struct{ msg string }

func (u usage) Error() string { return u.msg }

func usageError(msg string) error { return usage{msg} }

// Run runs one command and returns the process exit code.
func Run(ctx context.Context, env Env) int {
	cmd, o, err := parse(env.Args)
	if err != nil {
		fmt.Fprintf(env.Stderr, "genkai-rag: %v\n", err)
		return ExitUsage
	}
	if o.help || cmd == "help" {
		fmt.Fprint(env.Stdout, helpText)
		return ExitOK
	}
	switch cmd {
	case "version":
		err = runVersion(env, o)
	case "config validate":
		err = runValidate(ctx, env, o)
	case "status":
		err = runStatus(ctx, env, o)
	case "server":
		err = runServer(ctx, env, o)
	case "search":
		err = runSearch(ctx, env, o)
	case "eval":
		err = runEval(ctx, env, o)
	case "index":
		err = runIndex(ctx, env, o)
	case "maintenance cleanup-sessions", "maintenance optimize-index":
		err = runMaintenance(ctx, env, o, strings.TrimPrefix(cmd, "maintenance "))
	case "doctor":
		err = runDoctor(ctx, env, o)
	case "backup create", "backup list", "backup verify", "backup restore", "backup prune":
		err = runBackup(ctx, env, o, strings.TrimPrefix(cmd, "backup "))
	case "models list", "models pull", "models rm", "models use", "models show":
		err = runModels(ctx, env, o, strings.TrimPrefix(cmd, "models "))
	case "":
		err = runDesktop(env, o)
	}
	return exitCode(env, err)
}

// printError writes err to stderr. An error carrying a fault code is said
// in the user's language (messageLang): the code's text and hint, then, in
// Japanese, the English detail; any other error is its text.
func printError(env Env, err error) {
	code := fault.CodeOf(err)
	if code == "" || messageLang(env) != "ja" {
		fmt.Fprintf(env.Stderr, "genkai-rag: %v\n", err)
		return
	}
	d := fault.Describe(err)
	text := fault.Render(d.Code, "ja", d.Params)
	hint := fault.RenderHint(d.Code, "ja", d.Params)
	if d.Reason != "" {
		if fault.Lookup(d.Reason).Kind == d.Code {
			text = "" // the reason refines the code: its text says it all
		}
		text += fault.Render(d.Reason, "ja", d.Params)
		hint = cmp.Or(fault.RenderHint(d.Reason, "ja", d.Params), hint)
	}
	fmt.Fprintf(env.Stderr, "genkai-rag: %s\n", text)
	if hint != "" {
		fmt.Fprintf(env.Stderr, "  %s\n", hint)
	}
	fmt.Fprintf(env.Stderr, "  (%v)\n", err)
}

// messageLang is "ja" when the first set of LC_ALL, LC_MESSAGES and LANG
// starts with "ja" (ja_JP.UTF-8), else "en".
func messageLang(env Env) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := env.getenv(k); v != "" {
			if strings.HasPrefix(v, "ja") {
				return "ja"
			}
			return "en"
		}
	}
	return "en"
}

// exitCode prints err (if any) and maps it to an exit code.
func exitCode(env Env, err error) int {
	if err == nil {
		return ExitOK
	}
	var ec exitErr
	if errors.As(err, &ec) {
		return ec.code
	}
	printError(env, err)
	var u usage
	if errors.As(err, &u) || isConfigError(err) {
		return ExitUsage
	}
	return ExitFailure
}

// exitErr carries an exit code for a failure already reported to the user.
type exitErr struct{ code int }

func (e exitErr) Error() string { return fmt.Sprintf("exit %d", e.code) }

const helpText = `genkai-rag — 玄界RAG: answers from the Genkai documentation with a local LLM (Ollama)

Usage:
  genkai-rag [--config FILE] [--data-dir DIR] [--log-level LEVEL]
        open the desktop app
  genkai-rag server [--host 127.0.0.1] [--port 8000] [--log-level LEVEL] [--config FILE] [--data-dir DIR]
        run the HTTP API and web UI without a window; SIGHUP reopens the log and reloads the
        config; --port 0 picks a free port; the address is recorded in data/server.json
  genkai-rag status [--json] [--host H] [--port P] [--config FILE] [--data-dir DIR]
        ask a running server (the one data/server.json records, else the configured address;
        --host/--port ask that address) for its status, else report the local state
  genkai-rag search "クエリ" [--k 10] [--json] [--config FILE] [--data-dir DIR]
        search the indexed documents (hybrid with the stored vectors of llm.embedding_model, else lexical and says why)
  genkai-rag index --url URL [--prefix P] [--depth 3] [--max-pages 500] | --dir PATH
        sync a documentation site or a local folder into the index; an interrupted run resumes
  genkai-rag eval --beir DIR [--k 10] [--mode lexical|vector|hybrid] [--embed-model NAME] [--json]
        measure retrieval on a BEIR-layout set, indexed into a temporary store; vector and
        hybrid embed it with llm.embedding_model (or NAME) through Ollama at llm.ollama_host
  genkai-rag eval --dir DOCS --questions FILE.tsv [--mode lexical|vector|hybrid] [--embed-model NAME] [--json] [--verbose]
        measure the app's search on a documentation folder (synced into a temporary store) with
        questions id<TAB>question<TAB>page<TAB>anchor|anchor: page hit@1/@5, section hit@5,
        page MRR@5, p50/p95; --verbose lists each miss with its top 5 page#anchor; bad lines exit 2
  genkai-rag maintenance cleanup-sessions [--days N] [--json]
        delete chat sessions untouched for N days (default chat.retention_days)
  genkai-rag maintenance optimize-index [--json]
        compact the search index and the database (FTS optimize, ANALYZE, VACUUM)
  genkai-rag backup create [--include-logs] [--json]
        back up the database and configuration to backups/genkai_rag_backup_YYYYMMDD_HHMMSS.tar.gz
  genkai-rag backup list [--json] | backup verify FILE
        list the backups (newest first) | check every checksum of one
  genkai-rag backup restore FILE [--yes]
        replace the current data with a backup (a name in backups/ or any path);
        the current data is backed up first; asks for confirmation unless --yes
  genkai-rag backup prune [--days N] [--keep N] [--json]
        delete backups older than N days / beyond the newest N (default backup.* settings)
  genkai-rag models list [--json]
        the installed models (size, kind, parameters, quantisation) and which are in use
  genkai-rag models pull NAME [--json]
        download a model: a progress bar on a terminal (bytes, rate, ETA), a line per
        10 % otherwise, NDJSON progress with --json; an interrupted pull resumes
  genkai-rag models rm NAME [--json] | models show NAME [--json]
        delete an installed model | a model's details, role and options
  genkai-rag models use NAME [--embedding] [--json]
        make NAME the chat model (or the embedding model) and save it in config.yaml
        models commands go through the running server if one serves this data home, else
        straight to Ollama; exit 1 when Ollama is unreachable or a model is not found
  genkai-rag doctor [--json]
        check permissions, secrets, disk space, Ollama and data integrity; exit 1 on a problem
  genkai-rag config validate [--config FILE] [--data-dir DIR]
        check the configuration: exit 0 and "config OK", or exit 2 and every problem
  genkai-rag version [--json]
  genkai-rag help

Flags may come before or after the command. LEVEL is DEBUG, INFO, WARNING, ERROR or CRITICAL.
The data home defaults to $XDG_DATA_HOME/genkai-rag (Linux) or
~/Library/Application Support/Genkai RAG (macOS); GENKAI_HOME or --data-dir override it.
Every config key can be set with GENKAI_<SECTION>_<KEY>, e.g. GENKAI_SERVER_PORT=8080.
The Ollama address: GENKAI_LLM_OLLAMA_HOST, else llm.ollama_host in config.yaml, else
OLLAMA_HOST (read as the ollama command reads it), else http://127.0.0.1:11434.
`
