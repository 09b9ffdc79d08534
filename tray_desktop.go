//go:build desktop || bindings

package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"time"

	"fyne.io/systray"
	"github.com/godbus/dbus/v5"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/genkai-rag/genkai-rag/backend/desktop"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

// systrayHost adapts fyne.io/systray to desktop.TrayHost.
type systrayHost struct{}

func (systrayHost) SetIcon(b []byte)    { systray.SetIcon(b) }
func (systrayHost) SetTooltip(s string) { systray.SetTooltip(s) }
func (systrayHost) AddSeparator()       { systray.AddSeparator() }
func (systrayHost) AddItem(title string, disabled bool) desktop.TrayItem {
	it := systray.AddMenuItem(title, "")
	if disabled {
		it.Disable()
	}
	return systrayItem{it}
}

type systrayItem struct{ *systray.MenuItem }

func (i systrayItem) Clicked() <-chan struct{} { return i.ClickedCh }

// startTray shows the tray icon when the desktop has a tray host: on Linux
// only with a D-Bus session bus (without one systray panics on exit, see
// the platform notes). It returns a func that removes the icon, and
// whether a tray is running (then closing the window hides it instead).
func startTray(a *app, svc *wiring.Services) (stop func(), ok bool) {
	log := svc.Log
	var notifier desktop.Notifier
	if runtime.GOOS == "linux" {
		conn, err := dbus.ConnectSessionBus()
		if err != nil {
			log.Info("no system tray: no D-Bus session bus", "err", err)
			return func() {}, false
		}
		notifier = desktop.NewDBusNotifier(conn, "玄界RAG")
		a.notifier = notifier
		if !desktop.HasTrayHost(a.ctx, conn) {
			log.Info("no system tray: no tray host on the session bus (" + desktop.TrayWatcher + "); closing the window quits")
			return func() {}, false
		}
	} else {
		notifier = desktop.ScriptNotifier{}
	}
	a.notifier = notifier
	ready := make(chan struct{})
	start, end := systray.RunWithExternalLoop(func() { close(ready) }, func() {})
	start()
	select {
	case <-ready:
	case <-time.After(3 * time.Second):
		log.Warn("no system tray: the tray did not become ready")
		return func() {}, false
	}
	systray.SetTitle("")
	notify := func(title, body string) {
		if err := notifier.Notify(a.ctx, title, body, false); err != nil {
			log.Debug("desktop notification not shown", "err", err)
		}
	}
	ctx, cancel := context.WithCancel(a.ctx)
	tray, err := desktop.NewTray(ctx, systrayHost{}, icon, desktop.JapaneseTrayLabels(), desktop.TrayActions{
		Open: func() { wruntime.WindowShow(a.ctx); wruntime.WindowUnminimise(a.ctx) },
		Sync: func(ctx context.Context) error {
			srcs, err := svc.Store.Sources(ctx)
			if err != nil {
				return err
			}
			if len(srcs) == 0 {
				return errors.New("ライブラリにソースがありません / no sources in the Library")
			}
			_, err = svc.Library().Sync(ctx, srcs[0].ID)
			return err
		},
		Backup: a.trayBackup(svc),
		Quit:   func() { a.quitting.Store(true); wruntime.Quit(a.ctx) },
	}, notify, log)
	if err != nil {
		cancel()
		end()
		log.Warn("no system tray", "err", err)
		return func() {}, false
	}
	// An alert change shows at once, not at the next refresh.
	svc.Monitor.OnAlert(func(monitor.Alert) {
		if ctx.Err() == nil {
			tray.Update(a.trayState(ctx, svc))
		}
	})
	go a.feedTray(ctx, svc, tray)
	log.Info("system tray started")
	return func() { cancel(); end() }, true
}

// feedTray refreshes the tray's status lines every 10 s.
func (a *app) feedTray(ctx context.Context, svc *wiring.Services, tray *desktop.Tray) {
	t := time.NewTicker(10 * time.Second)
	defer t.Stop()
	for {
		tray.Update(a.trayState(ctx, svc))
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (a *app) trayState(ctx context.Context, svc *wiring.Services) desktop.TrayState {
	st := desktop.TrayState{Level: desktop.LevelOK, Model: svc.Chat.Model(), Ollama: "停止"}
	ov := svc.Monitor.Overview(ctx)
	if ov.Ollama.Reachable {
		st.Ollama = "稼働中 " + ov.Ollama.Version
		if ov.Ollama.Phase == llm.PhaseEndpoint {
			st.Ollama = "稼働中（OpenAI互換エンドポイント）"
		}
	} else {
		st.Level = desktop.LevelWarning
		switch ov.Ollama.Phase {
		case llm.PhaseNotInstalled:
			st.Ollama = "未インストール"
		case llm.PhasePortConflict:
			st.Ollama = "ポートを別のプログラムが使用中"
		case llm.PhaseStarting, llm.PhaseRestarting:
			st.Ollama = "起動中…"
		}
	}
	if al, ok := svc.Monitor.LastAlert(); ok {
		st.Level, st.LastAlert = desktop.LevelAlert, al.Message
	}
	if srcs, err := svc.Store.Sources(ctx); err == nil {
		newest := ""
		for _, s := range srcs {
			newest = max(newest, s.LastSynced)
		}
		if t, err := time.Parse(time.RFC3339, newest); err == nil {
			st.Index = fmt.Sprintf("最終同期 %s", t.Local().Format("2006-01-02 15:04"))
		} else {
			st.Index = "未同期"
		}
	}
	return st
}
