//go:build !desktop && !bindings

package main

import "github.com/genkai-rag/genkai-rag/backend/cli"

// startTray does nothing in builds without a window.
func startTray(*app, *cli.Services) (stop func(), ok bool) { return func() {}, false }
