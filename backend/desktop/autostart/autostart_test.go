package autostart

import (
	"encoding/xml"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// homes gives the test its own HOME and XDG_CONFIG_HOME (never the real ones).
func homes(t *testing.T, xdg bool) (home, cfg string) {
	t.Helper()
	home = filepath.Join(t.TempDir(), "home")
	t.Setenv("HOME", home)
	cfg = filepath.Join(home, ".config")
	if xdg {
		cfg = filepath.Join(t.TempDir(), "xdg")
		t.Setenv("XDG_CONFIG_HOME", cfg)
	} else {
		t.Setenv("XDG_CONFIG_HOME", "")
	}
	return home, cfg
}

func entry(exec string, args ...string) Entry {
	return Entry{Name: "genkai-rag", Label: "io.github.genkai-rag.desktop", Title: "玄界RAG", Comment: "Genkai RAG", Icon: "genkai-rag", Exec: exec, Args: args}
}

func TestLinuxEnableDisable(t *testing.T) {
	for _, tc := range []struct {
		name string
		xdg  bool
	}{{"XDG_CONFIG_HOME set", true}, {"XDG_CONFIG_HOME unset: ~/.config", false}} {
		t.Run(tc.name, func(t *testing.T) {
			_, cfg := homes(t, tc.xdg)
			m := newFor(entry("/opt/Genkai RAG/genkai-rag"), "linux", os.Getenv)
			want := filepath.Join(cfg, "autostart", "genkai-rag.desktop")
			if p, err := m.Path(); err != nil || p != want {
				t.Fatalf("Path() = %q, %v; want %q", p, err, want)
			}
			if on, err := m.Enabled(); err != nil || on {
				t.Fatalf("Enabled() before Enable = %v, %v; want false", on, err)
			}
			if err := m.Enable(); err != nil {
				t.Fatal(err)
			}
			if on, err := m.Enabled(); err != nil || !on {
				t.Fatalf("Enabled() after Enable = %v, %v; want true", on, err)
			}
			b, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			f := parseDesktop(t, string(b))
			if f["Type"] != "Application" || f["Name"] != "玄界RAG" || f["Icon"] != "genkai-rag" {
				t.Errorf("entry keys: %v", f)
			}
			if got := splitExec(t, f["Exec"]); !reflect.DeepEqual(got, []string{"/opt/Genkai RAG/genkai-rag"}) {
				t.Errorf("Exec %q runs %q", f["Exec"], got)
			}
			if st, _ := os.Stat(want); st.Mode().Perm() != 0o644 {
				t.Errorf("mode %v, want 0644", st.Mode().Perm())
			}
			if err := m.Enable(); err != nil { // again: replaces, no error
				t.Fatal(err)
			}
			if left, _ := filepath.Glob(filepath.Join(cfg, "autostart", ".*")); len(left) != 0 {
				t.Errorf("temporary files left: %v", left)
			}
			if err := m.Disable(); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(want); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("Disable left %s: %v", want, err)
			}
			if on, err := m.Enabled(); err != nil || on {
				t.Fatalf("Enabled() after Disable = %v, %v; want false", on, err)
			}
			if err := m.Disable(); err != nil {
				t.Errorf("Disable twice: %v", err)
			}
		})
	}
}

// Desktop settings tools switch an entry off in place; it must read as off,
// and Enable must switch it on again.
func TestLinuxSwitchedOffInPlace(t *testing.T) {
	for _, off := range []string{"Hidden=true", "X-GNOME-Autostart-enabled=false", "X-GNOME-Autostart-enabled = false"} {
		t.Run(off, func(t *testing.T) {
			_, cfg := homes(t, true)
			m := newFor(entry("/usr/bin/genkai-rag"), "linux", os.Getenv)
			p := filepath.Join(cfg, "autostart", "genkai-rag.desktop")
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte("[Desktop Entry]\nType=Application\nExec=/usr/bin/genkai-rag\n"+off+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			if on, err := m.Enabled(); err != nil || on {
				t.Fatalf("Enabled() with %s = %v, %v; want false", off, on, err)
			}
			if err := m.Enable(); err != nil {
				t.Fatal(err)
			}
			if on, err := m.Enabled(); err != nil || !on {
				t.Fatalf("Enabled() after Enable = %v, %v; want true", on, err)
			}
		})
	}
}

func TestDarwinLaunchAgent(t *testing.T) {
	for _, tc := range []struct {
		name, exec string
		args       []string
		want       []string
	}{
		{"app bundle opens with open -a", "/Applications/Genkai RAG.app/Contents/MacOS/genkai-rag", nil,
			[]string{"/usr/bin/open", "-a", "/Applications/Genkai RAG.app"}},
		{"bundle with arguments", "/Applications/g.app/Contents/MacOS/g", []string{"--data-dir", "/tmp/a&b"},
			[]string{"/usr/bin/open", "-a", "/Applications/g.app", "--args", "--data-dir", "/tmp/a&b"}},
		{"plain binary, XML characters", "/opt/<g>&'\"/genkai-rag", nil, []string{"/opt/<g>&'\"/genkai-rag"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			home, _ := homes(t, true)
			m := newFor(entry(tc.exec, tc.args...), "darwin", os.Getenv)
			want := filepath.Join(home, "Library", "LaunchAgents", "io.github.genkai-rag.desktop.plist")
			if err := m.Enable(); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			label, args, runAtLoad := parsePlist(t, b)
			if label != "io.github.genkai-rag.desktop" || !runAtLoad || !reflect.DeepEqual(args, tc.want) {
				t.Errorf("plist: label %q, RunAtLoad %v, ProgramArguments %q; want %q\n%s", label, runAtLoad, args, tc.want, b)
			}
			if on, err := m.Enabled(); err != nil || !on {
				t.Errorf("Enabled() = %v, %v; want true", on, err)
			}
			if err := m.Disable(); err != nil {
				t.Fatal(err)
			}
			if on, err := m.Enabled(); err != nil || on {
				t.Errorf("Enabled() after Disable = %v, %v; want false", on, err)
			}
		})
	}
}

func TestBadInput(t *testing.T) {
	t.Run("unsupported system", func(t *testing.T) {
		homes(t, true)
		m := newFor(entry("/x/genkai-rag.exe"), "windows", os.Getenv)
		if err := m.Enable(); !errors.Is(err, ErrUnsupported) {
			t.Errorf("Enable on windows: %v, want ErrUnsupported", err)
		}
		if on, err := m.Enabled(); on || !errors.Is(err, ErrUnsupported) {
			t.Errorf("Enabled on windows: %v, %v", on, err)
		}
	})
	t.Run("no home", func(t *testing.T) {
		t.Setenv("HOME", "")
		t.Setenv("XDG_CONFIG_HOME", "relative/config")
		m := newFor(entry("/usr/bin/genkai-rag"), "linux", os.Getenv)
		if err := m.Enable(); err == nil || !strings.Contains(err.Error(), "HOME") {
			t.Errorf("Enable without HOME: %v, want an error naming HOME", err)
		}
	})
	t.Run("relative XDG_CONFIG_HOME is ignored", func(t *testing.T) {
		home, _ := homes(t, false)
		t.Setenv("XDG_CONFIG_HOME", "relative/config")
		m := newFor(entry("/usr/bin/genkai-rag"), "linux", os.Getenv)
		if p, err := m.Path(); err != nil || p != filepath.Join(home, ".config", "autostart", "genkai-rag.desktop") {
			t.Errorf("Path() = %q, %v", p, err)
		}
	})
	t.Run("relative program", func(t *testing.T) {
		_, cfg := homes(t, true)
		m := newFor(entry("genkai-rag"), "linux", os.Getenv)
		if err := m.Enable(); err == nil || !strings.Contains(err.Error(), "not absolute") {
			t.Errorf("Enable with a relative program: %v", err)
		}
		if _, err := os.Stat(filepath.Join(cfg, "autostart")); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("a refused Enable created the folder: %v", err)
		}
	})
	t.Run("line break in an argument", func(t *testing.T) {
		homes(t, true)
		m := newFor(entry("/usr/bin/genkai-rag", "a\nHidden=true"), "linux", os.Getenv)
		if err := m.Enable(); err == nil {
			t.Error("Enable wrote an argument with a line break (it would add keys to the entry)")
		}
	})
	t.Run("autostart folder is a file", func(t *testing.T) {
		_, cfg := homes(t, true)
		if err := os.MkdirAll(cfg, 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(cfg, "autostart"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		m := newFor(entry("/usr/bin/genkai-rag"), "linux", os.Getenv)
		if err := m.Enable(); err == nil || !strings.HasPrefix(err.Error(), "start at login: ") {
			t.Errorf("Enable into a file: %v", err)
		}
	})
}

// The Exec line runs exactly the program and arguments given, whatever
// characters they hold (read back as the Desktop Entry Specification says).
func FuzzExecQuoting(f *testing.F) {
	for _, s := range []string{"/usr/bin/genkai-rag", "/opt/Genkai RAG/bin", `C:\x`, `a"b`, "100%", "$HOME", "`id`", "%f", "it's", "", `\\"`, "玄界 RAG"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		if strings.ContainsAny(arg, "\n\r\x00") {
			return // refused by Enable (see TestBadInput)
		}
		line := escapeValue(QuoteExecArg("/usr/bin/genkai-rag") + " " + QuoteExecArg(arg))
		got := splitExec(t, unescapeValue(line))
		if want := []string{"/usr/bin/genkai-rag", arg}; !reflect.DeepEqual(got, want) {
			t.Fatalf("Exec=%s runs %q, want %q", line, got, want)
		}
	})
}

// parseDesktop reads the keys of a desktop entry (string escapes undone).
func parseDesktop(t *testing.T, s string) map[string]string {
	t.Helper()
	if !strings.HasPrefix(s, "[Desktop Entry]\n") {
		t.Fatalf("no [Desktop Entry] group:\n%s", s)
	}
	keys := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(s), "\n")[1:] {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		keys[k] = unescapeValue(v)
	}
	return keys
}

// unescapeValue undoes the string escapes of a desktop entry value.
func unescapeValue(v string) string {
	r := strings.NewReplacer(`\\`, `\`, `\s`, " ", `\n`, "\n", `\t`, "\t", `\r`, "\r")
	return r.Replace(v)
}

// splitExec splits an (unescaped) Exec value into arguments: double quotes
// group, and inside them \" \` \$ \\ stand for the character (those four
// must be escaped there); %% is %.
func splitExec(t *testing.T, v string) []string {
	t.Helper()
	var args []string
	var cur strings.Builder
	in, quoted := false, false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case in && c == '\\' && i+1 < len(v) && strings.IndexByte("\"`$\\", v[i+1]) >= 0:
			cur.WriteByte(v[i+1])
			i++
		case in && (c == '`' || c == '$' || c == '\\'):
			t.Fatalf("Exec %q has an unescaped %c inside quotes (the spec requires a backslash)", v, c)
		case c == '"':
			in, quoted = !in, true
		case !in && c == ' ':
			if quoted || cur.Len() > 0 {
				args = append(args, cur.String())
			}
			cur.Reset()
			quoted = false
		case c == '%':
			if i+1 >= len(v) || v[i+1] != '%' {
				t.Fatalf("Exec %q has a field code %%%c", v, v[min(i+1, len(v)-1)])
			}
			cur.WriteByte('%')
			i++
		default:
			cur.WriteByte(c)
		}
	}
	if in {
		t.Fatalf("Exec %q has an unterminated quote", v)
	}
	if quoted || cur.Len() > 0 {
		args = append(args, cur.String())
	}
	return args
}

// parsePlist reads the Label, ProgramArguments and RunAtLoad of a LaunchAgent.
func parsePlist(t *testing.T, b []byte) (label string, args []string, runAtLoad bool) {
	t.Helper()
	var doc struct {
		Dict struct {
			Items []struct {
				XMLName xml.Name
				Text    string   `xml:",chardata"`
				Strings []string `xml:"string"`
			} `xml:",any"`
		} `xml:"dict"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatalf("plist is not XML: %v\n%s", err, b)
	}
	items := doc.Dict.Items
	for i := 0; i+1 < len(items); i += 2 {
		if items[i].XMLName.Local != "key" {
			t.Fatalf("plist: want <key> at %d, got <%s>", i, items[i].XMLName.Local)
		}
		v := items[i+1]
		switch items[i].Text {
		case "Label":
			label = v.Text
		case "ProgramArguments":
			args = v.Strings
		case "RunAtLoad":
			runAtLoad = v.XMLName.Local == "true"
		}
	}
	return label, args, runAtLoad
}
