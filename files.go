package main

import (
	"context"
	"fmt"
	"os/exec"
	"runtime"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"
)

// windowFiles implements desktop.Files with the Wails file dialog and the
// system's opener (Wails' BrowserOpenURL refuses file:// URLs).
type windowFiles struct{}

// PickArchive shows an open-file dialog for a backup archive.
func (windowFiles) PickArchive(ctx context.Context) (string, error) {
	p, err := wruntime.OpenFileDialog(ctx, wruntime.OpenDialogOptions{
		Title:   "復元するバックアップを選択 / Choose a backup to restore",
		Filters: []wruntime.FileFilter{{DisplayName: "Genkai RAG backup (*.tar.gz)", Pattern: "*.tar.gz;*.tgz"}},
	})
	if err != nil {
		return "", fmt.Errorf("pick file: %w", err)
	}
	return p, nil
}

// OpenFolder shows dir in the file manager (xdg-open on Linux, open on macOS).
func (windowFiles) OpenFolder(ctx context.Context, dir string) error {
	name := "xdg-open"
	if runtime.GOOS == "darwin" {
		name = "open"
	}
	cmd := exec.CommandContext(context.WithoutCancel(ctx), name, dir)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open folder %s: %w (open it in your file manager)", dir, err)
	}
	go cmd.Wait() // reap; the file manager may keep running
	return nil
}
