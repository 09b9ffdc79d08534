package doceval

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestParseQuestions(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []Question
		bad  []LineError // line numbers and a fragment of each message
	}{
		{
			name: "good lines, comments, blanks, CRLF",
			in:   "# comment\n\nq1\tジョブを消したい\tguide/jobs.md\tdelete|#qdel\r\n  # indented comment\nq2\tWhere?\t./a/../faq.md\t\n",
			want: []Question{
				{Line: 3, ID: "q1", Text: "ジョブを消したい", Page: "guide/jobs.md", Anchors: []string{"delete", "qdel"}},
				{Line: 5, ID: "q2", Text: "Where?", Page: "faq.md"},
			},
		},
		{
			name: "anchors trimmed, empty parts dropped",
			in:   "q1\tx\tp.md\t a || b \n",
			want: []Question{{Line: 1, ID: "q1", Text: "x", Page: "p.md", Anchors: []string{"a", "b"}}},
		},
		{
			name: "backslashes are slashes",
			in:   "q1\tx\tguide\\cli.md\t\n",
			want: []Question{{Line: 1, ID: "q1", Text: "x", Page: "guide/cli.md"}},
		},
		{
			name: "missing anchors column",
			in:   "q1\tx\tp.md\t\nq2\tx\tp.md\n",
			bad:  []LineError{{2, "the anchors column is missing"}},
		},
		{
			name: "missing page and question columns",
			in:   "\n# c\nq1\tx\nq2\n",
			bad:  []LineError{{3, "the page column is missing"}, {4, "the question column is missing"}},
		},
		{
			name: "extra column",
			in:   "q1\tx\tp.md\ta\tb\n",
			bad:  []LineError{{1, "5 columns, want 4"}},
		},
		{
			name: "empty fields",
			in:   "\tx\tp.md\t\nq2\t \tp.md\t\nq3\tx\t\t\n",
			bad:  []LineError{{1, "id column is empty"}, {2, "question column is empty"}, {3, "page column is empty"}},
		},
		{
			name: "pages outside the folder",
			in:   "q1\tx\t/etc/passwd\t\nq2\tx\t../secret.md\t\nq3\tx\ta/../../b.md\t\nq4\tx\t.\t\n",
			bad:  []LineError{{1, "is absolute"}, {2, "not a file inside the folder"}, {3, "not a file inside the folder"}, {4, "not a file inside the folder"}},
		},
		{
			name: "repeated id",
			in:   "q1\tx\tp.md\t\nq1\ty\tp.md\t\n",
			bad:  []LineError{{2, `id "q1" is already used on line 1`}},
		},
		{
			name: "invalid UTF-8",
			in:   "q1\t\xff\tp.md\t\n",
			bad:  []LineError{{1, "not valid UTF-8"}},
		},
		{
			name: "no question at all",
			in:   "# only a comment\n\n",
			bad:  []LineError{{2, "has no question"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseQuestions(strings.NewReader(tt.in))
			if tt.bad == nil {
				if err != nil {
					t.Fatalf("ParseQuestions: %v", err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got %+v\nwant %+v", got, tt.want)
				}
				return
			}
			var qe *QuestionsError
			if !errors.As(err, &qe) || !errors.Is(err, ErrQuestions) {
				t.Fatalf("err = %v, want a *QuestionsError", err)
			}
			if len(qe.Problems) != len(tt.bad) {
				t.Fatalf("problems %+v, want %d", qe.Problems, len(tt.bad))
			}
			for i, p := range qe.Problems {
				if p.Line != tt.bad[i].Line || !strings.Contains(p.Msg, tt.bad[i].Msg) {
					t.Errorf("problem %d = %+v, want line %d with %q", i, p, tt.bad[i].Line, tt.bad[i].Msg)
				}
				if want := "line " + strconv.Itoa(p.Line) + ": "; !strings.Contains(err.Error(), want) {
					t.Errorf("message %q lacks %q", err.Error(), want)
				}
			}
		})
	}
}

func TestReadQuestionsNamesTheFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "qs.tsv")
	if err := os.WriteFile(name, []byte("q1\tx\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := ReadQuestions(name)
	if err == nil || !strings.HasPrefix(err.Error(), name+": 1 bad line(s):\n  line 1: 2 column(s)") {
		t.Errorf("err = %v", err)
	}
	if _, err := ReadQuestions(name + ".missing"); !errors.Is(err, ErrQuestions) || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestCheckPages(t *testing.T) {
	qs := []Question{
		{Line: 2, ID: "a", Page: "guide/jobs.md"},
		{Line: 5, ID: "b", Page: "guide/nope.md"},
		{Line: 7, ID: "c", Page: "guide"},
	}
	err := CheckPages(filepath.Join("testdata", "docs"), qs)
	var qe *QuestionsError
	if !errors.As(err, &qe) || len(qe.Problems) != 2 {
		t.Fatalf("err = %v", err)
	}
	if p := qe.Problems[0]; p.Line != 5 || !strings.Contains(p.Msg, "page guide/nope.md does not exist in testdata/docs") {
		t.Errorf("problem 0 = %+v", p)
	}
	if p := qe.Problems[1]; p.Line != 7 || !strings.Contains(p.Msg, "is not a file") {
		t.Errorf("problem 1 = %+v", p)
	}
	if err := CheckPages(filepath.Join("testdata", "docs"), qs[:1]); err != nil {
		t.Errorf("existing page: %v", err)
	}
}

func FuzzParseQuestions(f *testing.F) {
	for _, s := range []string{
		"q1\tジョブを消したい\tguide/jobs.md\tdelete|qdel\n",
		"# c\n\nq1\tx\tp.md\t\r\nq2\ty\t../p.md\t\n",
		"q1\tx\n", "\t\t\t\n", "q1\tx\t/abs\ta|b|\n", "q\xff\tx\tp\t\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		qs, err := ParseQuestions(strings.NewReader(in))
		if err != nil {
			var qe *QuestionsError
			if !errors.As(err, &qe) || len(qe.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			for _, p := range qe.Problems {
				if p.Line < 0 || p.Msg == "" {
					t.Fatalf("bad problem %+v", p)
				}
			}
			return
		}
		if len(qs) == 0 {
			t.Fatal("no error and no question")
		}
		seen := map[string]bool{}
		last := 0
		for _, q := range qs {
			if q.ID == "" || q.Text == "" || q.Page == "" || seen[q.ID] || q.Line <= last {
				t.Fatalf("bad question %+v", q)
			}
			seen[q.ID], last = true, q.Line
			if strings.HasPrefix(q.Page, "/") || q.Page == ".." || strings.HasPrefix(q.Page, "../") || strings.Contains(q.Page, "\\") {
				t.Fatalf("page escapes the folder: %q", q.Page)
			}
			for _, a := range q.Anchors {
				if a == "" || strings.Contains(a, "|") {
					t.Fatalf("bad anchor %q", a)
				}
			}
		}
	})
}
