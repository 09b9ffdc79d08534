package desktop

import (
	"fmt"
	"sync"
)

// Autostart makes the app start at login. *autostart.Manager satisfies it.
type Autostart interface {
	Enabled() (bool, error)
	Enable() error
	Disable() error
}

// LoginItem is bound as window.go.desktop.LoginItem: the Settings page's
// "start at login" switch. It works before the services have started (it
// only touches a file in the user's home). There is no HTTP counterpart: a
// browser cannot make anything start at login.
type LoginItem struct {
	mu sync.Mutex
	as Autostart
}

// NewLoginItem returns the facade over as.
func NewLoginItem(as Autostart) *LoginItem { return &LoginItem{as: as} }

// Enabled reports whether the app starts at login. It fails on systems
// without a way to do so, or when the entry cannot be read.
func (l *LoginItem) Enabled() (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.as.Enabled()
}

// SetEnabled switches starting at login on or off and returns the state
// read back afterwards. On an error nothing has changed.
func (l *LoginItem) SetEnabled(on bool) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	change := l.as.Disable
	if on {
		change = l.as.Enable
	}
	if err := change(); err != nil {
		return false, err
	}
	now, err := l.as.Enabled()
	if err != nil {
		return false, err
	}
	if now != on {
		return now, fmt.Errorf("start at login: still %s after switching it %s", onOff(now), onOff(on))
	}
	return now, nil
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
