package desktop

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"log/slog"
	"sync"

	_ "image/jpeg" // app icons may be JPEG
)

// TrayHost is the menu-bar / system-tray icon as Tray drives it. The real
// host (fyne.io/systray, desktop builds only) lives beside app.go; tests
// use a fake.
type TrayHost interface {
	SetIcon(png []byte)
	SetTooltip(text string)
	// AddItem adds a menu entry; a disabled one is a status line.
	AddItem(title string, disabled bool) TrayItem
	AddSeparator()
}

// TrayItem is one menu entry.
type TrayItem interface {
	SetTitle(title string)
	// Clicked delivers a value per click.
	Clicked() <-chan struct{}
}

// Health levels shown by the tray icon.
const (
	LevelOK      = "ok"
	LevelWarning = "warning"
	LevelAlert   = "alert"
)

// TrayState is what the tray shows.
type TrayState struct {
	Level     string // LevelOK, LevelWarning or LevelAlert
	Ollama    string // e.g. "稼働中 0.17.4" or "停止"
	Model     string
	Index     string // freshness, e.g. "最終同期 2時間前"
	LastAlert string // "" for none
}

// TrayActions are what the menu's action entries do. Nil ones are left out.
type TrayActions struct {
	Open   func()
	Sync   func(ctx context.Context) error
	Backup func(ctx context.Context) error
	Quit   func()
}

// TrayLabels are the menu texts in the user's language.
type TrayLabels struct {
	Title, Ollama, Model, Index, LastAlert, None   string
	Open, Sync, Backup, Quit, Syncing, BackingUp   string
	SyncFailed, BackupFailed, BackupDone, SyncDone string
}

// JapaneseTrayLabels are the default labels.
func JapaneseTrayLabels() TrayLabels {
	return TrayLabels{
		Title: "玄界RAG", Ollama: "Ollama", Model: "モデル", Index: "索引", LastAlert: "最新アラート", None: "なし",
		Open: "ウィンドウを開く", Sync: "ドキュメントを同期", Backup: "今すぐバックアップ", Quit: "終了",
		Syncing: "同期を開始しました", BackingUp: "バックアップ中…",
		SyncFailed: "同期できませんでした", BackupFailed: "バックアップに失敗しました", BackupDone: "バックアップを作成しました", SyncDone: "同期を開始しました",
	}
}

// Tray keeps the tray icon and menu in step with the app's state and runs
// the menu's actions. Create it with NewTray; it is safe for concurrent use.
type Tray struct {
	host   TrayHost
	labels TrayLabels
	log    *slog.Logger
	notify func(title, body string)
	icons  map[string][]byte

	mu    sync.Mutex
	state TrayState
	lines struct{ ollama, model, index, alert TrayItem }
}

// NewTray builds the menu on host and starts serving clicks until ctx
// ends. base is the app icon (PNG or JPEG); the tray shows it with a
// green, amber or red dot for the health level. notify (may be nil) tells
// the user how an action went.
func NewTray(ctx context.Context, host TrayHost, base []byte, labels TrayLabels, act TrayActions, notify func(title, body string), log *slog.Logger) (*Tray, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if notify == nil {
		notify = func(string, string) {}
	}
	icons, err := levelIcons(base)
	if err != nil {
		return nil, err
	}
	t := &Tray{host: host, labels: labels, log: log, notify: notify, icons: icons}
	t.lines.ollama = host.AddItem(labels.Ollama+": …", true)
	t.lines.model = host.AddItem(labels.Model+": …", true)
	t.lines.index = host.AddItem(labels.Index+": …", true)
	t.lines.alert = host.AddItem(labels.LastAlert+": "+labels.None, true)
	host.AddSeparator()
	serve := func(item TrayItem, fn func()) {
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case _, ok := <-item.Clicked():
					if !ok {
						return
					}
					fn()
				}
			}
		}()
	}
	if act.Open != nil {
		serve(host.AddItem(labels.Open, false), act.Open)
	}
	if act.Sync != nil {
		serve(host.AddItem(labels.Sync, false), func() {
			if err := act.Sync(ctx); err != nil {
				t.notify(labels.SyncFailed, err.Error())
				return
			}
			t.notify(labels.Title, labels.SyncDone)
		})
	}
	if act.Backup != nil {
		serve(host.AddItem(labels.Backup, false), func() {
			t.notify(labels.Title, labels.BackingUp)
			if err := act.Backup(ctx); err != nil {
				t.notify(labels.BackupFailed, err.Error())
				return
			}
			t.notify(labels.Title, labels.BackupDone)
		})
	}
	if act.Quit != nil {
		host.AddSeparator()
		serve(host.AddItem(labels.Quit, false), act.Quit)
	}
	t.Update(TrayState{Level: LevelOK})
	return t, nil
}

// Update shows s: the icon for its level, the tooltip and the status lines.
func (t *Tray) Update(s TrayState) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if s.Level == "" {
		s.Level = LevelOK
	}
	if s.Level != t.state.Level {
		t.host.SetIcon(t.icons[s.Level])
	}
	orNone := func(v string) string {
		if v == "" {
			return t.labels.None
		}
		return v
	}
	t.lines.ollama.SetTitle(t.labels.Ollama + ": " + orNone(s.Ollama))
	t.lines.model.SetTitle(t.labels.Model + ": " + orNone(s.Model))
	t.lines.index.SetTitle(t.labels.Index + ": " + orNone(s.Index))
	t.lines.alert.SetTitle(t.labels.LastAlert + ": " + orNone(s.LastAlert))
	tip := t.labels.Title
	if s.LastAlert != "" && s.Level != LevelOK {
		tip += " — " + s.LastAlert
	}
	t.host.SetTooltip(tip)
	t.state = s
}

// State returns what the tray shows now.
func (t *Tray) State() TrayState {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.state
}

// levelIcons draws the app icon at 64 px with a status dot per level.
func levelIcons(base []byte) (map[string][]byte, error) {
	src, _, err := image.Decode(bytes.NewReader(base))
	if err != nil {
		return nil, fmt.Errorf("tray icon: %w", err)
	}
	const size = 64
	out := map[string][]byte{}
	dots := map[string]color.RGBA{
		LevelOK:      {0x2e, 0xa0, 0x43, 0xff},
		LevelWarning: {0xe3, 0x9a, 0x0b, 0xff},
		LevelAlert:   {0xd9, 0x2d, 0x20, 0xff},
	}
	for level, c := range dots {
		img := image.NewRGBA(image.Rect(0, 0, size, size))
		b := src.Bounds()
		for y := range size {
			for x := range size {
				img.Set(x, y, src.At(b.Min.X+x*b.Dx()/size, b.Min.Y+y*b.Dy()/size))
			}
		}
		// A dot with a white ring in the lower right corner.
		cx, cy, r := size-14, size-14, 12
		for y := cy - r - 2; y <= cy+r+2; y++ {
			for x := cx - r - 2; x <= cx+r+2; x++ {
				d := (x-cx)*(x-cx) + (y-cy)*(y-cy)
				switch {
				case d <= r*r:
					img.Set(x, y, c)
				case d <= (r+2)*(r+2):
					img.Set(x, y, color.White)
				}
			}
		}
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			return nil, fmt.Errorf("tray icon: %w", err)
		}
		out[level] = buf.Bytes()
	}
	return out, nil
}
