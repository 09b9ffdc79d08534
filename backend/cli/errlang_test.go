package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestErrorsInTheUsersLanguage: an error carrying a fault code is printed
// in Japanese (text, hint, English detail) when LANG or LC_ALL or
// LC_MESSAGES says ja, and as today's English line otherwise.
func TestErrorsInTheUsersLanguage(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "genkai_rag_backup_20260101_000000.tar.gz")
	if err := os.WriteFile(bad, []byte("not a gzip archive"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		env  []string
		want []string
		not  string
	}{
		{[]string{"LANG=ja_JP.UTF-8"}, []string{"genkai-rag: 玄界RAG のバックアップではありません。", "not a Genkai RAG backup"}, ""},
		{[]string{"LANG=en_US.UTF-8", "LC_MESSAGES=ja_JP.UTF-8"}, []string{"玄界RAG のバックアップではありません。"}, ""},
		{[]string{"LANG=ja_JP.UTF-8", "LC_ALL=C"}, []string{"genkai-rag: ", "not a Genkai RAG backup"}, "バックアップではありません"},
		{nil, []string{"genkai-rag: ", "not a Genkai RAG backup"}, "バックアップではありません"},
	} {
		_, env := testEnv(t, tt.env...)
		r := run(t, t.Context(), env, "backup", "verify", bad)
		if r.code == 0 {
			t.Fatalf("%v: verify of a missing backup succeeded", tt.env)
		}
		for _, w := range tt.want {
			if !strings.Contains(r.stderr, w) {
				t.Errorf("%v: stderr %q lacks %q", tt.env, r.stderr, w)
			}
		}
		if tt.not != "" && strings.Contains(r.stderr, tt.not) {
			t.Errorf("%v: stderr %q is in the wrong language", tt.env, r.stderr)
		}
	}
}
