//go:build desktop || bindings

package main

// hasWindow is true in builds with the Wails desktop tags (make build) and
// when the Wails CLI generates the frontend bindings.
const hasWindow = true
