package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestReadable(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"vitepress tip with a label title", "::: tip 注意\n\nVite ではなく他のサーバーが返す。\n\n:::", "注意: Vite ではなく他のサーバーが返す。"},
		{"vitepress tip with a title", "::: tip LAN から WSL2 上のサーバーにアクセスする\n\nhost: true では不十分です。\n:::", "ヒント: LAN から WSL2 上のサーバーにアクセスする — host: true では不十分です。"},
		{"mkdocs warning", "!!! warning\n    ジョブは削除されます。", "警告: ジョブは削除されます。"},
		{"mkdocs note with quoted title", "!!! note \"注意\"\n    本文", "注意: 本文"},
		{"mkdocs collapsible", "???+ tip \"便利な方法\"\n本文", "ヒント: 便利な方法 — 本文"},
		{"github alert", "> [!NOTE]\n> 本文です。", "注記: > 本文です。"},
		{"github alert after extraction", "[!WARNING] 消えます。", "警告: 消えます。"},
		{"unknown kind kept", "::: custom\n本文\n:::", "custom: 本文"},
		{"table keeps cells", "名前 | 型 | 既定\nhost | string | localhost", "名前 | 型 | 既定 host | string | localhost"},
		{"plain text untouched", "普通の文です。", "普通の文です。"},
		{"three colons inside a line stay", "a ::: b", "a ::: b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Readable(tt.in); got != tt.want {
				t.Errorf("Readable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSnippetCuts(t *testing.T) {
	long := strings.Repeat("前置きの文です。", 20) + "ジョブは pjdel で削除します。" + strings.Repeat("後ろの文です。", 20)
	en := strings.Repeat("lorem ipsum dolor sit amet ", 20) + "cancel the job with pjdel " + strings.Repeat("consectetur adipiscing elit ", 20)
	tests := []struct {
		name, text, query string
		width             int
		check             func(string) string // "" if fine
	}{
		{"japanese cut after a sentence end", long, "削除", 40, func(s string) string {
			body := strings.TrimSuffix(strings.TrimPrefix(s, "…"), "…")
			if !strings.Contains(s, "«削除»") {
				return "no highlight"
			}
			if !strings.HasSuffix(body, "。") {
				return "does not end a sentence"
			}
			if strings.HasPrefix(body, "す。") || strings.HasPrefix(body, "。") {
				return "starts mid-sentence"
			}
			return ""
		}},
		{"english never cuts a word", en, "pjdel", 60, func(s string) string {
			body := strings.TrimSuffix(strings.TrimPrefix(s, "…"), "…")
			words := map[string]bool{"lorem": true, "ipsum": true, "dolor": true, "sit": true, "amet": true, "cancel": true, "the": true, "job": true, "with": true, "«pjdel»": true, "consectetur": true, "adipiscing": true, "elit": true}
			for _, w := range strings.Fields(body) {
				if !words[w] {
					return "cut word " + w
				}
			}
			return ""
		}},
		{"short text whole", "短い文。", "短い", 100, func(s string) string {
			if s != "«短い»文。" {
				return "want whole text"
			}
			return ""
		}},
		{"long vowel highlighted whole", "サーバーを起動します。", "サーバー", 100, func(s string) string {
			if !strings.Contains(s, "«サーバー»") {
				return "ー split the highlight"
			}
			return ""
		}},
		{"long vowel variant highlighted", "コンピュータを使う。", "コンピューター", 100, func(s string) string {
			if !strings.Contains(s, "«コンピュータ»") {
				return "variant not highlighted"
			}
			return ""
		}},
		{"translation highlighted", "ジョブをキャンセルする。", "cancel a job", 100, func(s string) string {
			if !strings.Contains(s, "«キャンセル»") || !strings.Contains(s, "«ジョブ»") {
				return "translation not highlighted"
			}
			return ""
		}},
		{"scaffolding not highlighted", "削除したいときはpjdelを使う。", "削除したい", 100, func(s string) string {
			if strings.Contains(s, "«削除した") || !strings.Contains(s, "«削除»") {
				return "scaffolding highlighted"
			}
			return ""
		}},
		{"admonition label in snippet", "::: warning\n削除は戻せません。\n:::", "削除", 100, func(s string) string {
			if s != "警告: «削除»は戻せません。" {
				return "label missing"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Snippet(tt.text, tt.query, tt.width)
			if msg := tt.check(got); msg != "" {
				t.Errorf("Snippet = %q: %s", got, msg)
			}
			if n := utf8.RuneCountInString(got); n > tt.width+tt.width/2+4 {
				t.Errorf("Snippet is %d runes for width %d", n, tt.width)
			}
		})
	}
}

func TestBreadcrumb(t *testing.T) {
	tests := []struct{ title, section, want string }{
		{"ジョブ実行", "ジョブ実行 > バッチジョブ > GPU", "バッチジョブ > GPU"},
		{"ジョブ実行", "ジョブ実行", ""},
		{"ジョブ実行", "別の見出し > 下", "別の見出し > 下"},
		{"", "A > B", "A > B"},
		{"T", "", ""},
	}
	for _, tt := range tests {
		if got := Breadcrumb(tt.title, tt.section); got != tt.want {
			t.Errorf("Breadcrumb(%q, %q) = %q, want %q", tt.title, tt.section, got, tt.want)
		}
	}
}

// FuzzSnippet checks that a snippet never panics, is cut from the readable
// text (markers and ellipses aside) and balances its highlight markers.
func FuzzSnippet(f *testing.F) {
	f.Add("::: tip 注意\nサーバーを起動します。\n:::", "サーバー", 20)
	f.Add("名前 | 型\nhost | string", "host", 5)
	f.Add("!!! warning \"x\"\n\tcancel the job. ジョブを取り消す。", "how do I cancel", 8)
	f.Add("ｺﾝﾋﾟｭｰﾀｰｰ", "コンピュータ", 3)
	f.Fuzz(func(t *testing.T, text, query string, width int) {
		if width < 1 || width > 400 || !utf8.ValidString(text) || !utf8.ValidString(query) || strings.ContainsAny(text+query, "«»…") {
			return
		}
		got := Snippet(text, query, width)
		if strings.Count(got, "«") != strings.Count(got, "»") {
			t.Fatalf("unbalanced markers in %q", got)
		}
		plain := strings.NewReplacer("«", "", "»", "").Replace(got)
		plain = strings.TrimSuffix(strings.TrimPrefix(plain, "…"), "…")
		if !strings.Contains(Readable(text), plain) {
			t.Fatalf("snippet %q is not a cut of %q", plain, Readable(text))
		}
	})
}
