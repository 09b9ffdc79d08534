package fault

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

func names(text string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(text, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return out
}

// TestTableComplete fails when a declared code lacks a status, a Japanese
// or English text, has a hint in one language only, refines an unknown
// code, or uses a placeholder its Params do not declare.
func TestTableComplete(t *testing.T) {
	for _, c := range All() {
		e := table[c]
		if e.Status < 400 || e.Status > 599 || http.StatusText(e.Status) == "" {
			t.Errorf("%s: status %d is not an HTTP error status", c, e.Status)
		}
		if strings.TrimSpace(e.Ja) == "" || strings.TrimSpace(e.En) == "" {
			t.Errorf("%s: needs both ja and en text (ja %q, en %q)", c, e.Ja, e.En)
		}
		if (e.HintJa == "") != (e.HintEn == "") {
			t.Errorf("%s: hint in one language only (ja %q, en %q)", c, e.HintJa, e.HintEn)
		}
		if e.Ja == e.En {
			t.Errorf("%s: ja text is the English text", c)
		}
		if e.Kind != "" {
			k, ok := table[e.Kind]
			if !ok || k.Kind != "" {
				t.Errorf("%s: kind %q must be a declared code that refines nothing", c, e.Kind)
			} else if k.Status != e.Status {
				t.Errorf("%s: status %d differs from its kind %s's %d", c, e.Status, e.Kind, k.Status)
			}
		}
		declared := append([]string(nil), e.Params...)
		sort.Strings(declared)
		for _, text := range []string{e.Ja, e.En, e.HintJa, e.HintEn} {
			for _, n := range names(text) {
				if i := sort.SearchStrings(declared, n); i == len(declared) || declared[i] != n {
					t.Errorf("%s: text %q uses {%s}, which its Params %v do not declare", c, text, n, e.Params)
				}
			}
		}
		if got, want := names(e.Ja), names(e.En); strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: ja uses %v, en uses %v", c, got, want)
		}
	}
}

// TestTableKeepsAPICodes pins the JSON code strings API clients already
// match on, and their statuses.
func TestTableKeepsAPICodes(t *testing.T) {
	for code, status := range map[Code]int{
		"bad_request": 400, "bad_query": 400, "not_found": 404, "body_too_large": 413,
		"unauthorized": 401, "host_not_allowed": 421, "cross_site": 403, "unsupported_media_type": 415,
		"too_many_requests": 429, "busy": 409, "timeout": 504, "unavailable": 503, "internal": 500,
		"invalid_config": 422, "no_searchable_words": 400, "unknown_model": 404, "ollama_unavailable": 503,
		"interrupted": 502, "bad_source": 400, "duplicate_source": 409, "site_unreachable": 400,
		"source_refused": 403, "no_space": 507, "empty": 400, "invalid_name": 400, "too_large": 413,
		"invalid_backup": 422, "backup_failed": 500,
	} {
		if got := Status(code); got != status {
			t.Errorf("Status(%s) = %d, want %d", code, got, status)
		}
	}
	if Status("no_such_code") != 500 {
		t.Error("an unknown code must map to 500")
	}
}

func TestErrorTextAndUnwrap(t *testing.T) {
	cause := errors.New("disk on fire")
	tests := []struct {
		name string
		err  error
		want string
		code Code
	}{
		{"new renders English with params", New(FolderMissing, "add source", map[string]string{"path": "/x"}), "add source: The folder /x does not exist.", FolderMissing},
		{"wrap keeps the cause's text", Wrap(BackupFailed, "create backup", cause), "create backup: disk on fire", BackupFailed},
		{"wrap without op is the cause", Wrap(Busy, "", cause), "disk on fire", Busy},
		{"fmt wrapping keeps the code", fmt.Errorf("sync: %w", Sentinel(Busy, "a sync is running")), "sync: a sync is running", Busy},
		{"plain error has no code", cause, "disk on fire", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
			if got := CodeOf(tt.err); got != tt.code {
				t.Errorf("CodeOf = %q, want %q", got, tt.code)
			}
		})
	}
	if !errors.Is(Wrap(Internal, "x", cause), cause) {
		t.Error("Wrap hides its cause from errors.Is")
	}
	if Wrap(Internal, "x", nil) != nil {
		t.Error("Wrap(nil) must be nil")
	}
}

func TestDescribe(t *testing.T) {
	inner := &Error{Code: FetchRefused, Err: errors.New("dial tcp: connection refused")}
	tests := []struct {
		name   string
		err    error
		code   Code
		reason Code
		hint   string
		params map[string]string
	}{
		{"plain error is internal", errors.New("boom"), Internal, "", "", nil},
		{"refinement sends its kind", New(FolderMissing, "", map[string]string{"path": "/p"}), BadSource, FolderMissing, table[FolderMissing].HintEn, map[string]string{"path": "/p"}},
		{"nested code is the reason", &Error{Code: SiteUnreachable, Params: map[string]string{"host": "h"}, Err: fmt.Errorf("probe: %w", inner)}, SiteUnreachable, FetchRefused, table[SiteUnreachable].HintEn, map[string]string{"host": "h"}},
		{"own hint wins", &Error{Code: Busy, Hint: "cancel the sync first"}, Busy, "", "cancel the sync first", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Describe(tt.err)
			if d.Code != tt.code || d.Reason != tt.reason || d.Hint != tt.hint || d.Message != tt.err.Error() {
				t.Errorf("Describe = %+v, want code %s reason %s hint %q", d, tt.code, tt.reason, tt.hint)
			}
			if fmt.Sprint(d.Params) != fmt.Sprint(tt.params) {
				t.Errorf("params = %v, want %v", d.Params, tt.params)
			}
		})
	}
}

func TestRender(t *testing.T) {
	p := map[string]string{"max": "20"}
	if got := Render(MaxSources, "ja", p); got != "参照する文書数（max_sources）は 1〜20 で指定してください。" {
		t.Errorf("ja = %q", got)
	}
	if got := Render(MaxSources, "en", p); got != "max_sources must be from 1 to 20." {
		t.Errorf("en = %q", got)
	}
	if got := Render("mystery", "ja", nil); got != "mystery" {
		t.Errorf("unknown code renders %q, want the code", got)
	}
	if got := RenderHint(PDFNoText, "ja", nil); got == "" {
		t.Error("hint missing")
	}
}

// TestGeneratedTypeScriptIsCurrent fails when faultText.gen.ts was not
// regenerated after a change of the table: run `go generate ./backend/fault`.
func TestGeneratedTypeScriptIsCurrent(t *testing.T) {
	path := filepath.Join("..", "..", "frontend", "src", "lib", "faultText.gen.ts")
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read %s: %v (run go generate ./backend/fault)", path, err)
	}
	if string(got) != TypeScript() {
		t.Errorf("%s is stale: run go generate ./backend/fault", path)
	}
}
