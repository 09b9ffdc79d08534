//go:build desktop

package main

// hasWindow is true in builds with the Wails desktop tags (make build).
const hasWindow = true
