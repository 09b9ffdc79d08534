//go:build !desktop && !bindings

package main

// hasWindow is false in builds without the desktop tags: such a binary (plain
// `go build`, `make headless`) runs the server and the CLI, needs no GTK or
// WebKit, and says so if asked to open a window.
const hasWindow = false
