package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

var (
	tinyDocs      = filepath.Join("..", "doceval", "testdata", "docs")
	tinyQuestions = filepath.Join("..", "doceval", "testdata", "questions.tsv")
)

// TestEvalDocsJSON: exactly the seven keys, the figures worked out by hand
// in doceval's TestRunTinyDocs, and nothing written to the data home.
func TestEvalDocsJSON(t *testing.T) {
	home, env := testEnv(t)
	r := run(t, t.Context(), env, "eval", "--dir", tinyDocs, "--questions", tinyQuestions, "--json")
	if r.code != ExitOK {
		t.Fatalf("eval: %+v", r)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, r.stdout)
	}
	var keys []string
	for k := range rep {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if want := []string{"p50_ms", "p95_ms", "page_hit@1", "page_hit@5", "page_mrr@5", "questions", "section_hit@5"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %v, want %v", keys, want)
	}
	for k, v := range map[string]float64{"questions": 8, "page_hit@1": 0.625, "page_hit@5": 0.75, "section_hit@5": 0.625, "page_mrr@5": 0.6875} {
		if rep[k] != v {
			t.Errorf("%s = %v, want %v", k, rep[k], v)
		}
	}
	if !strings.Contains(r.stderr, "note: question q6 (line 8) no searchable term") {
		t.Errorf("the question with no searchable term is not noted: %q", r.stderr)
	}
	if ents, _ := os.ReadDir(home); len(ents) != 0 {
		t.Errorf("eval wrote to the data home: %v", ents)
	}
}

func TestEvalDocsVerbose(t *testing.T) {
	_, env := testEnv(t)
	r := run(t, t.Context(), env, "eval", "--dir", tinyDocs, "--questions", tinyQuestions, "--verbose")
	if r.code != ExitOK {
		t.Fatalf("eval: %+v", r)
	}
	for _, want := range []string{
		"8 questions", "page hit@1     0.625", "section hit@5  0.625", "page MRR@5     0.688",
		"misses (gold section not in the top 5): 3",
		"- q7 (line 9) qsub\n  gold guide/jobs.md#ジョブの削除; page rank 1\n  1. guide/jobs.md#ジョブの投入\n",
		"- q5 (line 7) 容量\n  gold guide/install.md; page rank none\n  1. faq.md#容量\n",
		"- q6 (line 8) ！？\n  gold guide/jobs.md; page rank none\n  note: no searchable term",
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r.stdout)
		}
	}
	if strings.Contains(r.stdout, "- q1 ") {
		t.Errorf("a hit is listed as a miss:\n%s", r.stdout)
	}
}

// TestEvalDocsExit2: bad input is reported (by line number when it is a
// line) and exits 2.
func TestEvalDocsExit2(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	missingCol := write("missing.tsv", "# c\nq1\tqsub\tguide/jobs.md\t\nq2\tqdel\tguide/jobs.md\n")
	noPage := write("nopage.tsv", "q1\tqsub\tguide/jobs.md\t\n\nq2\tqsub\tguide/gone.md\t\n")
	badAnchor := write("anchor.tsv", "q1\tqsub\tguide/jobs.md\tjob-submit\n")
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"missing column", []string{"--dir", tinyDocs, "--questions", missingCol}, []string{missingCol + ": 1 bad line(s)", "line 3: 3 column(s), want 4: the anchors column is missing"}},
		{"page not in DOCS", []string{"--dir", tinyDocs, "--questions", noPage}, []string{noPage + ": 1 bad line(s)", "line 3: page guide/gone.md does not exist"}},
		{"anchor the index never makes", []string{"--dir", tinyDocs, "--questions", badAnchor}, []string{"line 1: anchor \"job-submit\" is not a section the index made for guide/jobs.md; its anchors are: ジョブの削除 ジョブの投入"}},
		{"no question file", []string{"--dir", tinyDocs, "--questions", filepath.Join(dir, "none.tsv")}, []string{"none.tsv", "no such file"}},
		{"no such folder", []string{"--dir", filepath.Join(dir, "nodocs"), "--questions", noPage}, []string{"nodocs is not a folder"}},
		{"questions without dir", []string{"--questions", noPage}, []string{"needs both --dir DOCS and --questions FILE.tsv"}},
		{"dir without questions", []string{"--dir", tinyDocs}, []string{"needs both --dir DOCS and --questions FILE.tsv"}},
		{"beir and dir", []string{"--dir", tinyDocs, "--questions", noPage, "--beir", dir}, []string{"--beir and --dir"}},
		{"bad mode", []string{"--dir", tinyDocs, "--questions", tinyQuestions, "--mode", "fuzzy"}, []string{"--mode must be lexical, vector or hybrid"}},
		{"embed model in lexical mode", []string{"--dir", tinyDocs, "--questions", tinyQuestions, "--embed-model", "x"}, []string{"--embed-model needs --mode vector"}},
		{"hybrid without Ollama", []string{"--dir", tinyDocs, "--questions", tinyQuestions, "--mode", "hybrid"}, []string{"--mode hybrid needs the embedding model", "ollama pull"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, env := testEnv(t)
			r := run(t, t.Context(), env, append([]string{"eval"}, tt.args...)...)
			if r.code != ExitUsage {
				t.Errorf("exit %d, want 2: %+v", r.code, r)
			}
			for _, w := range tt.want {
				if !strings.Contains(r.stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
				}
			}
		})
	}
}

func TestEvalDocsHybridWithFakeOllama(t *testing.T) {
	srv := fakeOllamaEmbed(t)
	_, env := testEnv(t, "GENKAI_LLM_OLLAMA_HOST="+srv.URL)
	for _, mode := range []string{"hybrid", "vector"} {
		r := run(t, t.Context(), env, "eval", "--dir", tinyDocs, "--questions", tinyQuestions, "--mode", mode, "--embed-model", "bigram", "--json")
		var rep map[string]float64
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || r.code != ExitOK {
			t.Fatalf("eval --mode %s: %+v %v", mode, r, err)
		}
		if rep["questions"] != 8 || rep["page_hit@5"] < 0.5 {
			t.Errorf("eval --mode %s = %v", mode, rep)
		}
	}
	r := run(t, t.Context(), env, "eval", "--dir", tinyDocs, "--questions", tinyQuestions, "--mode", "hybrid", "--embed-model", "nomodel")
	if r.code != ExitUsage || !strings.Contains(r.stderr, "embedding model nomodel through Ollama at "+srv.URL) {
		t.Errorf("eval with a missing model: %+v", r)
	}
	if r := run(t, t.Context(), env, "eval", "--dir", tinyDocs, "--questions", tinyQuestions, "--mode", "hybrid", "--embed-model", "bigram"); r.code != ExitOK || !strings.Contains(r.stdout, "(mode hybrid, embedding model bigram)") {
		t.Errorf("eval text: %+v", r)
	}
}
