//go:build !desktop && !bindings

package main

import "github.com/genkai-rag/genkai-rag/backend/wiring"

// startTray does nothing in builds without a window.
func startTray(*app, *wiring.Services) (stop func(), ok bool) { return func() {}, false }
