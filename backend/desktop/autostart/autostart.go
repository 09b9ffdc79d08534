// Package autostart starts the desktop app when the user logs in: an XDG
// autostart entry on Linux ($XDG_CONFIG_HOME/autostart/NAME.desktop, or
// ~/.config/autostart when XDG_CONFIG_HOME is unset or not absolute), a
// LaunchAgent on macOS (~/Library/LaunchAgents/LABEL.plist). Both are plain
// files in the user's home: nothing runs with privileges, and removing the
// file undoes it. Other systems get ErrUnsupported.
package autostart

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// ErrUnsupported is returned on systems other than Linux and macOS.
var ErrUnsupported = errors.New("start at login is available on Linux and macOS only")

// Entry is the program started at login.
type Entry struct {
	// Name is the file name of the Linux entry without ".desktop"
	// (e.g. "genkai-rag").
	Name string
	// Label is the macOS LaunchAgent label and file name without ".plist"
	// (e.g. "io.github.genkai-rag.desktop").
	Label string
	// Title is the name shown in the desktop's list of startup programs.
	Title string
	// Comment describes it there; may be empty.
	Comment string
	// Icon is the icon name of the Linux entry; may be empty.
	Icon string
	// Exec is the absolute path of the program (os.Executable()).
	Exec string
	// Args are passed to it; may be empty.
	Args []string
}

// Manager writes, removes and reads one entry. The zero value is not usable;
// call New.
type Manager struct {
	entry  Entry
	goos   string
	getenv func(string) string
}

// New returns a Manager for e on this system, reading HOME and
// XDG_CONFIG_HOME from the environment at each call.
func New(e Entry) *Manager { return newFor(e, runtime.GOOS, os.Getenv) }

func newFor(e Entry, goos string, getenv func(string) string) *Manager {
	return &Manager{entry: e, goos: goos, getenv: getenv}
}

// Path returns the file that makes the program start at login. It fails
// with ErrUnsupported on other systems, or when neither an absolute
// XDG_CONFIG_HOME (Linux) nor HOME is set.
func (m *Manager) Path() (string, error) {
	home := m.getenv("HOME")
	switch m.goos {
	case "linux", "freebsd", "openbsd", "netbsd":
		cfg := m.getenv("XDG_CONFIG_HOME")
		if !filepath.IsAbs(cfg) { // the spec: a relative value is invalid, ignore it
			if !filepath.IsAbs(home) {
				return "", errors.New("start at login: neither XDG_CONFIG_HOME nor HOME is set to an absolute folder")
			}
			cfg = filepath.Join(home, ".config")
		}
		return filepath.Join(cfg, "autostart", m.entry.Name+".desktop"), nil
	case "darwin":
		if !filepath.IsAbs(home) {
			return "", errors.New("start at login: HOME is not set to an absolute folder")
		}
		return filepath.Join(home, "Library", "LaunchAgents", m.entry.Label+".plist"), nil
	default:
		return "", ErrUnsupported
	}
}

// Enabled reports whether the program starts at login: the file exists and
// is not switched off (Hidden=true or X-GNOME-Autostart-enabled=false, which
// desktop settings tools write instead of deleting it).
func (m *Manager) Enabled() (bool, error) {
	p, err := m.Path()
	if err != nil {
		return false, err
	}
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("start at login: %w", err)
	}
	if m.goos == "darwin" {
		return true, nil
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(strings.TrimSpace(line), "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if ok && (k == "Hidden" && v == "true" || k == "X-GNOME-Autostart-enabled" && v == "false") {
			return false, nil
		}
	}
	return true, nil
}

// Enable writes the entry (replacing one that is there, switched off or
// not), creating the folder if needed. It fails when Exec is not an
// absolute path or the file cannot be written.
func (m *Manager) Enable() error {
	p, err := m.Path()
	if err != nil {
		return err
	}
	if !filepath.IsAbs(m.entry.Exec) {
		return fmt.Errorf("start at login: the program path %q is not absolute", m.entry.Exec)
	}
	var body []byte
	if m.goos == "darwin" {
		body, err = m.plist()
	} else {
		body, err = m.desktopFile()
	}
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), "."+filepath.Base(p)+".*")
	if err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		return fmt.Errorf("start at login: write %s: %w", p, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("start at login: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("start at login: write %s: %w", p, err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		return fmt.Errorf("start at login: %w", err)
	}
	return nil
}

// Disable removes the entry; it is not an error when there is none.
func (m *Manager) Disable() error {
	p, err := m.Path()
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("start at login: %w", err)
	}
	return nil
}

// desktopFile renders the XDG autostart entry.
func (m *Manager) desktopFile() ([]byte, error) {
	e := m.entry
	for _, v := range []string{e.Title, e.Comment, e.Icon} {
		if strings.ContainsAny(v, "\n\r") {
			return nil, fmt.Errorf("start at login: %q has a line break", v)
		}
	}
	args := append([]string{e.Exec}, e.Args...)
	quoted := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, "\n\r\x00") {
			return nil, fmt.Errorf("start at login: argument %q has a line break", a)
		}
		quoted[i] = QuoteExecArg(a)
	}
	var b strings.Builder
	b.WriteString("[Desktop Entry]\nType=Application\nVersion=1.0\n")
	fmt.Fprintf(&b, "Name=%s\n", escapeValue(e.Title))
	if e.Comment != "" {
		fmt.Fprintf(&b, "Comment=%s\n", escapeValue(e.Comment))
	}
	fmt.Fprintf(&b, "Exec=%s\n", escapeValue(strings.Join(quoted, " ")))
	if e.Icon != "" {
		fmt.Fprintf(&b, "Icon=%s\n", escapeValue(e.Icon))
	}
	b.WriteString("Terminal=false\nX-GNOME-Autostart-enabled=true\n")
	return []byte(b.String()), nil
}

// QuoteExecArg quotes one argument for the Exec key of a desktop entry, as
// the Desktop Entry Specification asks: arguments with reserved characters
// go in double quotes with ", `, $ and \ backslash-escaped, and a literal %
// is written %%. The result still needs the general string escaping
// (escapeValue) when written into the file.
func QuoteExecArg(a string) string {
	a = strings.ReplaceAll(a, "%", "%%")
	if a != "" && !strings.ContainsAny(a, " \t\n\"'\\><~|&;$*?#()`") {
		return a
	}
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "`", "\\`", `$`, `\$`)
	return `"` + r.Replace(a) + `"`
}

// escapeValue applies the desktop entry's string escaping (\\ for a backslash).
func escapeValue(v string) string { return strings.ReplaceAll(v, `\`, `\\`) }

// plist renders the macOS LaunchAgent: run the app once at login, in the
// user's GUI session. An app inside a bundle is started with open(1), so it
// launches like a double-click.
func (m *Manager) plist() ([]byte, error) {
	e := m.entry
	args := append([]string{e.Exec}, e.Args...)
	if i := strings.Index(e.Exec, ".app/Contents/MacOS/"); i > 0 {
		args = []string{"/usr/bin/open", "-a", e.Exec[:i+len(".app")]}
		if len(e.Args) > 0 {
			args = append(append(args, "--args"), e.Args...)
		}
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">` + "\n")
	b.WriteString("<plist version=\"1.0\">\n<dict>\n\t<key>Label</key>\n\t<string>")
	if err := xml.EscapeText(&b, []byte(e.Label)); err != nil {
		return nil, fmt.Errorf("start at login: %w", err)
	}
	b.WriteString("</string>\n\t<key>ProgramArguments</key>\n\t<array>\n")
	for _, a := range args {
		b.WriteString("\t\t<string>")
		if err := xml.EscapeText(&b, []byte(a)); err != nil {
			return nil, fmt.Errorf("start at login: %w", err)
		}
		b.WriteString("</string>\n")
	}
	b.WriteString("\t</array>\n\t<key>RunAtLoad</key>\n\t<true/>\n\t<key>ProcessType</key>\n\t<string>Interactive</string>\n")
	b.WriteString("\t<key>LimitLoadToSessionType</key>\n\t<string>Aqua</string>\n</dict>\n</plist>\n")
	return b.Bytes(), nil
}
