package desktop

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

type fakeItem struct {
	mu       sync.Mutex
	title    string
	disabled bool
	ch       chan struct{}
}

func (i *fakeItem) SetTitle(s string)        { i.mu.Lock(); i.title = s; i.mu.Unlock() }
func (i *fakeItem) Clicked() <-chan struct{} { return i.ch }
func (i *fakeItem) Title() string            { i.mu.Lock(); defer i.mu.Unlock(); return i.title }

type fakeHost struct {
	mu      sync.Mutex
	icons   int
	icon    []byte
	tooltip string
	items   []*fakeItem
}

func (h *fakeHost) SetIcon(b []byte)    { h.mu.Lock(); h.icon = b; h.icons++; h.mu.Unlock() }
func (h *fakeHost) SetTooltip(s string) { h.mu.Lock(); h.tooltip = s; h.mu.Unlock() }
func (h *fakeHost) AddSeparator()       {}
func (h *fakeHost) AddItem(title string, disabled bool) TrayItem {
	it := &fakeItem{title: title, disabled: disabled, ch: make(chan struct{})}
	h.items = append(h.items, it)
	return it
}
func (h *fakeHost) item(prefix string) *fakeItem {
	for _, it := range h.items {
		if strings.HasPrefix(it.Title(), prefix) {
			return it
		}
	}
	return nil
}

func testIcon(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../build/appicon.png")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestTrayStateAndActions(t *testing.T) {
	host := &fakeHost{}
	var mu sync.Mutex
	var notes []string
	done := make(chan string, 4)
	tray, err := NewTray(t.Context(), host, testIcon(t), JapaneseTrayLabels(), TrayActions{
		Open:   func() { done <- "open" },
		Sync:   func(context.Context) error { done <- "sync"; return errors.New("no sources") },
		Backup: func(context.Context) error { done <- "backup"; return nil },
		Quit:   func() { done <- "quit" },
	}, func(title, body string) { mu.Lock(); notes = append(notes, title+"|"+body); mu.Unlock() }, nil)
	if err != nil {
		t.Fatal(err)
	}
	ok := host.icon
	if _, err := png.Decode(bytes.NewReader(ok)); err != nil {
		t.Fatalf("tray icon is not a PNG: %v", err)
	}
	tray.Update(TrayState{Level: LevelAlert, Ollama: "停止", Model: "qwen2.5:7b", Index: "2時間前", LastAlert: "メモリ使用率 91%"})
	if bytes.Equal(host.icon, ok) || host.item("Ollama: 停止") == nil || host.item("モデル: qwen2.5:7b") == nil || !strings.Contains(host.tooltip, "メモリ使用率 91%") {
		t.Errorf("alert state not shown: tooltip %q", host.tooltip)
	}
	icons := host.icons
	tray.Update(TrayState{Level: LevelAlert, Ollama: "停止"})
	if host.icons != icons {
		t.Error("icon re-sent for an unchanged level")
	}
	if host.item("最新アラート: なし") == nil {
		t.Error("cleared alert not shown as なし")
	}
	for _, label := range []string{"ウィンドウを開く", "ドキュメントを同期", "今すぐバックアップ", "終了"} {
		it := host.item(label)
		if it == nil || it.disabled {
			t.Fatalf("menu lacks action %q", label)
		}
		it.ch <- struct{}{}
		<-done
	}
	time.Sleep(20 * time.Millisecond)
	mu.Lock()
	defer mu.Unlock()
	joined := strings.Join(notes, "\n")
	if !strings.Contains(joined, "同期できませんでした|no sources") || !strings.Contains(joined, "バックアップを作成しました") {
		t.Errorf("notifications = %q", joined)
	}
}

// privateBus starts a dbus-daemon of its own and returns a connection.
func privateBus(t *testing.T) *dbus.Conn {
	t.Helper()
	if _, err := exec.LookPath("dbus-daemon"); err != nil {
		t.Skip("dbus-daemon not installed (apt install dbus): cannot test notifications over D-Bus")
	}
	cmd := exec.Command("dbus-daemon", "--session", "--nofork", "--print-address")
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatal(err)
	}
	conn, err := dbus.Connect(strings.TrimSpace(addr))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

type fakeNotifications struct {
	got chan []any
}

func (f *fakeNotifications) Notify(app string, id uint32, icon, title, body string, actions []string, hints map[string]dbus.Variant, timeout int32) (uint32, *dbus.Error) {
	f.got <- []any{app, title, body, hints["urgency"].Value(), timeout}
	return 7, nil
}

func TestDBusNotifier(t *testing.T) {
	server := privateBus(t)
	fake := &fakeNotifications{got: make(chan []any, 1)}
	if err := server.Export(fake, "/org/freedesktop/Notifications", "org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	if reply, err := server.RequestName("org.freedesktop.Notifications", dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own name: %v %v", reply, err)
	}
	n := NewDBusNotifier(server, "genkai-rag")
	if err := n.Notify(t.Context(), "玄界RAG", "メモリ使用率が 91% です", true); err != nil {
		t.Fatal(err)
	}
	got := <-fake.got
	if got[0] != "genkai-rag" || got[1] != "玄界RAG" || got[2] != "メモリ使用率が 91% です" || got[3] != byte(2) || got[4] != int32(0) {
		t.Errorf("notification = %v", got)
	}
	// No daemon owning the name: a clear error at once.
	if _, err := server.ReleaseName("org.freedesktop.Notifications"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
	defer cancel()
	if err := n.Notify(ctx, "x", "y", false); err == nil {
		t.Error("Notify with no notification daemon succeeded")
	}
}

func TestHasTrayHost(t *testing.T) {
	conn := privateBus(t)
	if HasTrayHost(t.Context(), conn) {
		t.Fatal("tray host reported on an empty bus")
	}
	if reply, err := conn.RequestName(TrayWatcher, dbus.NameFlagDoNotQueue); err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("own watcher name: %v %v", reply, err)
	}
	if !HasTrayHost(t.Context(), conn) {
		t.Error("tray host not found while the watcher name is owned")
	}
}
