package desktop

import (
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"

	"github.com/godbus/dbus/v5"
)

// Notifier shows desktop notifications.
type Notifier interface {
	Notify(ctx context.Context, title, body string, urgent bool) error
}

// DBusNotifier sends notifications to org.freedesktop.Notifications on a
// D-Bus session bus (Linux desktops).
type DBusNotifier struct {
	conn *dbus.Conn
	app  string
}

// NewDBusNotifier uses conn (the session bus; see dbus.ConnectSessionBus).
func NewDBusNotifier(conn *dbus.Conn, app string) *DBusNotifier {
	return &DBusNotifier{conn: conn, app: app}
}

// Notify shows title and body; urgent ones use the "critical" urgency and
// stay until dismissed. It fails at once when no notification daemon runs.
func (n *DBusNotifier) Notify(ctx context.Context, title, body string, urgent bool) error {
	urgency := byte(1)
	timeout := int32(8000)
	if urgent {
		urgency, timeout = 2, 0
	}
	hints := map[string]dbus.Variant{"urgency": dbus.MakeVariant(urgency)}
	obj := n.conn.Object("org.freedesktop.Notifications", "/org/freedesktop/Notifications")
	call := obj.CallWithContext(ctx, "org.freedesktop.Notifications.Notify", 0,
		n.app, uint32(0), "", title, body, []string{}, hints, timeout)
	if call.Err != nil {
		return fmt.Errorf("desktop notification: %w", call.Err)
	}
	return nil
}

// ScriptNotifier shows notifications on macOS through osascript.
type ScriptNotifier struct{}

// Notify runs `osascript -e 'display notification …'`.
func (ScriptNotifier) Notify(ctx context.Context, title, body string, _ bool) error {
	if runtime.GOOS != "darwin" {
		return errors.New("desktop notification: osascript is only on macOS")
	}
	q := func(s string) string { return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"` }
	out, err := exec.CommandContext(ctx, "osascript", "-e", "display notification "+q(body)+" with title "+q(title)).CombinedOutput()
	if err != nil {
		return fmt.Errorf("desktop notification: %v: %s", err, out)
	}
	return nil
}

// TrayWatcher is the D-Bus name of the StatusNotifierItem host that shows
// tray icons on Linux desktops (KDE, GNOME with the AppIndicator
// extension, XFCE, …).
const TrayWatcher = "org.kde.StatusNotifierWatcher"

// HasTrayHost reports whether a tray host is on the session bus conn: only
// then can a tray icon be seen, so only then may closing the window hide
// it to the tray.
func HasTrayHost(ctx context.Context, conn *dbus.Conn) bool {
	var has bool
	err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, TrayWatcher).Store(&has)
	return err == nil && has
}
