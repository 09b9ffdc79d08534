package main

import (
	"context"
	_ "embed"
	"io/fs"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/mac"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/cli"
	"github.com/genkai-rag/genkai-rag/backend/desktop"
	"github.com/genkai-rag/genkai-rag/backend/desktop/autostart"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

// icon is the window icon on Linux (macOS takes it from the app bundle).
//
//go:embed build/appicon.png
var icon []byte

// app holds the Wails lifecycle only: OnStartup boots the services and hands
// them to the bindings; OnShutdown closes them. SIGINT/SIGTERM quit cleanly.
type app struct {
	boot     cli.BootFunc
	bindings *desktop.App
	start    desktop.StartFunc
	mu       sync.Mutex
	svc      *wiring.Services
	booted   chan struct{}
	stopSig  context.CancelFunc
	ctx      context.Context // from OnStartup

	// The tray, when the desktop has one: closing the window then hides it
	// until the tray's Quit.
	trayOn   bool
	trayStop func()
	quitting atomic.Bool
	notifier desktop.Notifier
}

// beforeClose hides the window to the tray instead of quitting, when a
// tray is running and the user did not choose Quit.
func (a *app) beforeClose(ctx context.Context) (prevent bool) {
	a.mu.Lock()
	hide := a.trayOn && !a.quitting.Load()
	a.mu.Unlock()
	if hide {
		wruntime.WindowHide(ctx)
	}
	return hide
}

// trayBackup is the tray's "back up now" (nil leaves the entry out).
func (a *app) trayBackup(svc *wiring.Services) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := svc.Backups.Create(ctx, backup.CreateOptions{Reason: "manual", IncludeLogs: svc.CurrentConfig().Backup.IncludeLogs})
		return err
	}
}

func (a *app) startup(ctx context.Context) {
	sigCtx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	a.stopSig = stop
	go func() {
		<-sigCtx.Done()
		if ctx.Err() == nil { // a signal, not the app's own end
			a.quitting.Store(true) // quit, not hide to the tray
			wruntime.Quit(ctx)
		}
	}()
	a.ctx = ctx
	go func() {
		defer close(a.booted)
		a.bootServices()
	}()
}

// bootServices starts the services and hands them (or the error) to the
// bindings. It runs at start-up and again when the user retries after a
// failed start.
func (a *app) bootServices() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.svc != nil {
		return // already running
	}
	svc, err := a.boot(a.ctx)
	if err != nil {
		a.start(a.ctx, desktop.Services{}, err)
		return
	}
	a.svc = svc
	a.trayStop, a.trayOn = startTray(a, svc)
	svc.Monitor.OnAlert(func(al monitor.Alert) { a.onAlert(svc, al) })
	a.start(a.ctx, desktop.Services{
		Monitor: svc.Monitor, Search: svc.MeteredSearch(), Sources: svc.Library(), Chat: svc.Chat, Models: svc.MeteredModels(), Backups: svc.Backups,
		Observer: svc.Monitor, Logs: svc.ReadLogs, Maintenance: svc.Maintenance,
		Emit: func(name string, data any) { wruntime.EventsEmit(a.ctx, name, data) },
	}, nil)
}

// onAlert shows an alert change in the window (event monitor:alert) and,
// when raised, as a desktop notification.
func (a *app) onAlert(svc *wiring.Services, al monitor.Alert) {
	wruntime.EventsEmit(a.ctx, desktop.EventAlert, al)
	if a.notifier == nil || al.State != monitor.AlertRaised {
		return
	}
	if err := a.notifier.Notify(a.ctx, "玄界RAG アラート", al.Message, true); err != nil {
		svc.Log.Debug("alert notification not shown", "err", err)
	}
}

func (a *app) shutdown(context.Context) {
	a.stopSig()
	<-a.booted // close what boot opened, even if the window closed first
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.trayStop != nil {
		a.trayStop()
	}
	if a.svc != nil {
		a.svc.Log.Info("desktop app stopped")
		a.svc.Close()
	}
}

// loginEntry is what "start at login" (Settings) starts: this program.
func loginEntry() *autostart.Manager {
	exe, _ := os.Executable() // "" makes Enable say the path is not absolute
	return autostart.New(autostart.Entry{
		Name: "genkai-rag", Label: "io.github.genkai-rag.desktop.login", Title: "玄界RAG",
		Comment: "Genkai RAG Desktop", Icon: "genkai-rag", Exec: exe,
	})
}

// runWindow opens the desktop window and returns when it closes.
func runWindow(assets fs.FS, version string, boot cli.BootFunc) error {
	a := &app{boot: boot, booted: make(chan struct{})}
	a.bindings, a.start = desktop.NewApp(func() error { a.bootServices(); return nil })
	return wails.Run(&options.App{
		Title:            "玄界RAG",
		Width:            1200,
		Height:           800,
		MinWidth:         900,
		MinHeight:        600,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 248, G: 249, B: 251, A: 255},
		OnStartup:        a.startup,
		OnShutdown:       a.shutdown,
		OnBeforeClose:    a.beforeClose,
		ErrorFormatter:   desktop.FormatError, // coded errors reach JS as JSON (frontend/src/lib/errors.ts)
		Bind:             []any{a.bindings, desktop.NewLibrary(a.bindings), desktop.NewConversations(a.bindings), desktop.NewModels(a.bindings), desktop.NewBackups(a.bindings, windowFiles{}), desktop.NewMonitoring(a.bindings), desktop.NewLoginItem(loginEntry())},
		Linux:            &linux.Options{ProgramName: "genkai-rag", Icon: icon, WebviewGpuPolicy: linux.WebviewGpuPolicyOnDemand},
		Mac: &mac.Options{
			About: &mac.AboutInfo{Title: "玄界RAG / Genkai RAG", Message: "Version " + version},
		},
	})
}
