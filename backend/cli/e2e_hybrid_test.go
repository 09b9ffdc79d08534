package cli

import (
	"bytes"
	"encoding/json"
	"net/url"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/llm/ollamatest"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// TestHybridEndToEnd: with an embedding model of the real server as
// llm.embedding_model, the indexed chunks get vectors from Ollama and
// searches and answers are hybrid; when Ollama stops, search is lexical
// and says why.
func TestHybridEndToEnd(t *testing.T) {
	srv := ollamatest.Start(t)
	ollamatest.CreateModel(t, srv, "genkai-canned", ollamatest.CannedLlama, cannedAnswer)
	ollamatest.CreateModel(t, srv, "embed", ollamatest.BertEmbedder, "")
	env := e2eEnv(t, append(llmSets(srv.URL, "genkai-canned"), config.Set{Path: []string{"llm", "embedding_model"}, Value: "embed"})...)
	indexDir(t, env, writeDocs(t, genkaiDocs))
	app := bootApp(t, env)
	ctx := t.Context()

	var st search.VectorStatus
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		st = app.svc.Vectors.Status()
		if st.State == "ready" && st.Chunks > 0 && st.Loaded == st.Chunks {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("vectors not ready within 30 s: %+v", st)
		}
	}
	if st.Model != "embed" || st.Dim != 64 || st.Pending != 0 {
		t.Errorf("vector status = %+v, want embed's 64-dimensional vectors for every chunk", st)
	}
	if chunks, embedded, err := app.svc.Store.VectorCounts(ctx, "embed"); err != nil || chunks == 0 || embedded != chunks {
		t.Errorf("stored vectors: %d of %d chunks, %v", embedded, chunks, err)
	}

	var res search.Result
	q := "/api/search?q=" + url.QueryEscape("pjsub でジョブを投入")
	if code := app.do(t, "GET", q, nil, &res); code != 200 || res.Mode != search.ModeHybrid || res.Reason != "" || len(res.Hits) == 0 || res.Hits[0].Title != "ジョブの実行" {
		t.Fatalf("GET %s = %d %+v", q, code, res)
	}
	// The CLI's search reads the same stored vectors.
	if cli := cliSearchJSON(t, env, "pjsub でジョブを投入"); cli.Mode != search.ModeHybrid || len(cli.Hits) == 0 || cli.Hits[0].Title != "ジョブの実行" {
		t.Errorf("genkai-rag search --json = %+v, want hybrid with ジョブの実行 first", cli)
	}
	got, code, _ := askHTTP(t, app, map[string]any{"question": "pjsub でバッチジョブを投入する方法を教えてください"})
	if code != 200 || got.answer == nil || got.answer.Mode != search.ModeHybrid || got.text() != cannedAnswer {
		t.Fatalf("hybrid ask = %d %+v", code, got.answer)
	}

	srv.Stop()
	res = search.Result{}
	if code := app.do(t, "GET", q, nil, &res); code != 200 || res.Mode != search.ModeLexical || res.Reason != search.ReasonUnavailable || res.Note == "" || len(res.Hits) == 0 {
		t.Errorf("search with Ollama stopped = %d %+v", code, res)
	}
	if cli := cliSearchJSON(t, env, "pjsub でジョブを投入"); cli.Mode != search.ModeLexical || cli.Note == "" || len(cli.Hits) == 0 {
		t.Errorf("genkai-rag search --json with Ollama stopped = %+v, want lexical with a note", cli)
	}
}

// cliSearchJSON runs `genkai-rag search --json QUERY` with env.
func cliSearchJSON(t *testing.T, env Env, query string) search.Result {
	t.Helper()
	var out, errb bytes.Buffer
	env.Args, env.Stdout, env.Stderr = []string{"search", "--json", query}, &out, &errb
	if code := Run(t.Context(), env); code != 0 {
		t.Fatalf("search --json %q: exit %d: %s", query, code, errb.String())
	}
	var res search.Result
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatalf("search --json %q: %v: %s", query, err, out.String())
	}
	return res
}

// TestMeteredSearchKeepsTheMode: the searcher the API gets reports the
// hybrid searcher's mode and reason, not a bare lexical result (here:
// lexical, because the embedding model cannot be reached).
func TestMeteredSearchKeepsTheMode(t *testing.T) {
	app := bootApp(t, e2eEnv(t, config.Set{Path: []string{"llm", "ollama_host"}, Value: closedAddr(t)}))
	res, err := app.svc.MeteredSearch().SearchResult(t.Context(), search.Query{Text: "pjsub", K: 5})
	if err != nil || res.Mode != search.ModeLexical || res.Reason == "" || res.Note == "" {
		t.Errorf("MeteredSearch().SearchResult = %+v, %v; want lexical with the reason", res, err)
	}
}
