// Command genkai-rag is Genkai RAG Desktop (玄界RAG): one binary that opens
// the desktop app, or with a subcommand runs the headless server, reports
// status, validates the configuration or prints its version.
// See `genkai-rag help` and backend/cli.
package main

import (
	"context"
	"embed"
	"io/fs"
	"os"

	"github.com/genkai-rag/genkai-rag/backend/cli"
)

// assets is the built frontend (frontend/dist); `make build` fills it.
//
//go:embed all:frontend/dist
var assets embed.FS

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() {
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		panic(err) // the embed pattern guarantees the directory
	}
	env := cli.Env{
		Args:     os.Args[1:],
		Stdout:   os.Stdout,
		Stderr:   os.Stderr,
		Environ:  os.Environ(),
		Stdin:    os.Stdin,
		Version:  version,
		Frontend: dist,
	}
	if hasWindow {
		env.Desktop = func(boot cli.BootFunc) error { return runWindow(dist, version, boot) }
	}
	os.Exit(cli.Run(context.Background(), env))
}
