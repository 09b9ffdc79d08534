package search

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

func TestFuseRRF(t *testing.T) {
	ids, scores := FuseRRF([]int64{1, 2, 3}, []int64{3, 1, 4})
	if fmt.Sprint(ids) != "[1 3 2 4]" {
		t.Errorf("FuseRRF order = %v, want [1 3 2 4]", ids)
	}
	want := map[int64]float64{1: 1.0/61 + 1.0/62, 3: 1.0/63 + 1.0/61, 2: 1.0 / 62, 4: 1.0 / 63}
	for id, w := range want {
		if d := scores[id] - w; d > 1e-12 || d < -1e-12 {
			t.Errorf("score[%d] = %v, want %v", id, scores[id], w)
		}
	}
	if ids, _ := FuseRRF(); len(ids) != 0 {
		t.Errorf("FuseRRF() = %v", ids)
	}
}

// synonymCorpus: each passage answers one question that is asked with
// different words (the synonyms the fake embedder knows).
var synonymCorpus = []struct{ url, title, text string }{
	{"a", "ジョブの投入", "バッチジョブは pjsub コマンドで投入します。投入後は pjstat で状態を確認します。"},
	{"b", "ログイン", "ログインノードへは公開鍵認証の SSH で接続します。パスワード認証は使えません。"},
	{"c", "ストレージ", "ホーム領域の容量は利用者ごとに 1TB です。大きなデータはグループ領域に置きます。"},
	{"d", "計算ノード", "計算ノードのメモリは 512GiB で、GPU ノードには H100 が 4 基あります。"},
	{"e", "料金", "利用負担金はポイント制で、年度ごとに申請したポイントを消費します。"},
	{"f", "講習会", "利用者向けの講習会を毎月開催しています。申込みはポータルから行います。"},
	{"g", "停止", "定期保守のためシステムを停止することがあります。予定はお知らせに掲載します。"},
	{"h", "コンパイラ", "Intel と GCC のコンパイラを module load で切り替えて使います。"},
}

var synonymQueries = []struct{ q, want string }{
	{"バッチジョブを pjsub で投入", "a"}, // lexical works
	{"ジョブを送るやり方", "a"},         // 送る = 投入
	{"主記憶はどれくらい", "d"},         // 主記憶 = メモリ
	{"使用料はいくら", "e"},           // 使用料 = 利用負担金
	{"メンテナンスで止まる日", "g"},       // メンテナンス = 保守, 止まる = 停止
	{"ホームディレクトリのサイズ上限", "c"},   // サイズ = 容量, ホームディレクトリ = ホーム領域
}

func synonymEmbedder() *fakeEmbedder {
	return &fakeEmbedder{dim: 512, synonyms: map[string]string{
		"送る": "投入", "やり方": "方法", "主記憶": "メモリ", "使用料": "利用負担金", "いくら": "ポイント",
		"メンテナンス": "保守", "止まる": "停止", "サイズ": "容量", "ホームディレクトリ": "ホーム領域",
	}}
}

func openCorpus(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "h.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	src, _ := st.EnsureSource(t.Context(), "folder", "/docs", "docs", "")
	for _, d := range synonymCorpus {
		c := store.ChunkInput{Title: d.title, URL: d.url, Text: d.text}
		AnalyzeChunk(&c)
		if _, err := st.ReplacePage(t.Context(), store.PageInput{SourceID: src.ID, URL: d.url, FetchedAt: time.Now()}, []store.ChunkInput{c}); err != nil {
			t.Fatal(err)
		}
	}
	return st
}

// waitFor polls cond (the index works in the background); it is a
// synchronisation, not a timing assertion.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func startVectors(t *testing.T, st *store.Store, emb Embedder, model string) *Vectors {
	t.Helper()
	v := NewVectors(st, emb, nil, VectorOptions{Poll: 20 * time.Millisecond, Batch: 3, Retry: time.Hour})
	v.Start(t.Context(), model)
	t.Cleanup(v.Close)
	return v
}

func TestHybridBeatsLexicalOnSynonyms(t *testing.T) {
	st := openCorpus(t)
	emb := synonymEmbedder()
	v := startVectors(t, st, emb, "fake")
	waitFor(t, "embedding", func() bool { return v.Status().State == "ready" })
	lex := NewLexical(st, DefaultParams())
	hyb := NewHybrid(lex, v, st, nil)
	lexTop, hybTop := 0, 0
	for _, q := range synonymQueries {
		lh, _ := lex.Search(t.Context(), Query{Text: q.q, K: 3})
		res, err := hyb.SearchResult(t.Context(), Query{Text: q.q, K: 3})
		if err != nil {
			t.Fatal(err)
		}
		if res.Mode != ModeHybrid || res.Note != "" {
			t.Errorf("%s: mode %q note %q, want hybrid without note", q.q, res.Mode, res.Note)
		}
		if len(lh) > 0 && lh[0].URL == q.want {
			lexTop++
		}
		if len(res.Hits) > 0 && res.Hits[0].URL == q.want {
			hybTop++
		} else {
			t.Errorf("hybrid top hit for %q = %+v, want %s", q.q, res.Hits, q.want)
		}
	}
	t.Logf("recall@1 lexical %d/%d, hybrid %d/%d", lexTop, len(synonymQueries), hybTop, len(synonymQueries))
	if hybTop < lexTop || hybTop <= lexTop && lexTop < len(synonymQueries) {
		t.Errorf("hybrid %d did not beat lexical %d on synonym queries", hybTop, lexTop)
	}
	// Vector-only mode answers from vectors alone.
	vec := NewHybrid(lex, v, st, nil)
	vec.Mode = ModeVector
	res, err := vec.SearchResult(t.Context(), Query{Text: "主記憶はどれくらい", K: 1})
	if err != nil || res.Mode != ModeVector || len(res.Hits) != 1 || res.Hits[0].URL != "d" || res.Hits[0].Snippet == "" {
		t.Errorf("vector mode = %+v, %v", res, err)
	}
}

func TestHybridFallbackLabels(t *testing.T) {
	st := openCorpus(t)
	lex := NewLexical(st, DefaultParams())
	check := func(name string, s *Hybrid, reason string) {
		t.Helper()
		res, err := s.SearchResult(t.Context(), Query{Text: "pjsub で投入", K: 3})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.Mode != ModeLexical || res.Reason != reason || res.Note == "" || len(res.Hits) == 0 || res.Hits[0].URL != "a" {
			t.Errorf("%s: Result = mode %q reason %q note %q hits %d; want lexical, %q", name, res.Mode, res.Reason, res.Note, len(res.Hits), reason)
		}
	}
	check("no vectors at all", NewHybrid(lex, nil, st, nil), ReasonNoModel)
	res, _ := NewHybrid(lex, nil, st, nil).SearchResult(t.Context(), Query{Text: "pjsub"})
	if b, _ := json.Marshal(res); !strings.Contains(string(b), `"mode":"lexical","reason":"no_embedding_model","note":"埋め込みモデルが未設定のためキーワード検索のみ","hits":[`) {
		t.Errorf("JSON of a fallback result = %s", b)
	}
	check("no model", NewHybrid(lex, startVectors(t, st, synonymEmbedder(), ""), st, nil), ReasonNoModel)

	down := synonymEmbedder()
	down.fail = errFakeDown
	vd := startVectors(t, st, down, "fake")
	waitFor(t, "load", func() bool { s := vd.Status(); return s.State != "loading" && !s.Job.Running })
	check("nothing embedded", NewHybrid(lex, vd, st, nil), ReasonNoVectors)
	if s := vd.Status(); s.State != "incomplete" || !strings.Contains(s.Job.Error, "not running") {
		t.Errorf("Status() with Ollama down = %+v", s)
	}
	if res, _ := NewHybrid(lex, vd, st, nil).SearchResult(t.Context(), Query{Text: "pjsub"}); !strings.Contains(res.Note, "Ollama に接続できません") {
		t.Errorf("note with Ollama down before any embedding = %q", res.Note)
	}

	// Embedded, then Ollama stops: the query cannot be embedded.
	emb := synonymEmbedder()
	v := startVectors(t, st, emb, "fake")
	waitFor(t, "embedding", func() bool { return v.Status().State == "ready" })
	emb.mu.Lock()
	emb.fail = errFakeDown
	emb.mu.Unlock()
	h := NewHybrid(lex, v, st, nil)
	check("Ollama down", h, ReasonUnavailable)
	res, _ = h.SearchResult(t.Context(), Query{Text: "pjsub", K: 1})
	if !strings.Contains(res.Note, "Ollama に接続できません") {
		t.Errorf("note = %q, want it to say Ollama is unreachable", res.Note)
	}
	emb.mu.Lock()
	calls := emb.calls
	emb.mu.Unlock()
	h.SearchResult(t.Context(), Query{Text: "pjsub", K: 1})
	if emb.calls != calls {
		t.Errorf("a failed query embedding was retried at once (%d calls, then %d)", calls, emb.calls)
	}
	// The plain lexical searcher through Run stays lexical without a note.
	if res, _ := lex.SearchResult(t.Context(), Query{Text: "pjsub"}); res.Mode != ModeLexical || res.Note != "" {
		t.Errorf("Lexical.SearchResult = %+v", res)
	}
}

func TestEmbedModelChange(t *testing.T) {
	st := openCorpus(t)
	emb := synonymEmbedder()
	v := startVectors(t, st, emb, "m1")
	waitFor(t, "m1 embedding", func() bool { return v.Status().State == "ready" })
	if ids, _ := st.VectorIDs(t.Context(), "m1"); len(ids) != len(synonymCorpus) {
		t.Fatalf("m1 vectors = %d, want %d", len(ids), len(synonymCorpus))
	}
	// Switch with the new model's embedding held up: queries must not use
	// m1's vectors any more.
	emb.mu.Lock()
	emb.blockAt, emb.blocked = emb.calls+1, make(chan struct{})
	blocked := emb.blocked
	emb.mu.Unlock()
	v.SetModel("m2")
	<-blocked
	h := NewHybrid(NewLexical(st, DefaultParams()), v, st, nil)
	res, err := h.SearchResult(t.Context(), Query{Text: "主記憶", K: 3})
	if err != nil || res.Mode != ModeLexical || res.Reason != ReasonNoVectors {
		t.Errorf("during re-embed: %+v, %v; want lexical with %s", res, err, ReasonNoVectors)
	}
	if s := v.Status(); s.Model != "m2" || s.State != "embedding" || s.Loaded != 0 || s.Pending != len(synonymCorpus) {
		t.Errorf("Status() during re-embed = %+v", s)
	}
	emb.mu.Lock()
	emb.blockAt = 0
	emb.mu.Unlock()
	v.Cancel()
	v.Wait()
	v.Embed()
	waitFor(t, "m2 embedding", func() bool { return v.Status().State == "ready" })
	if ids, _ := st.VectorIDs(t.Context(), "m1"); len(ids) != 0 {
		t.Errorf("m1 vectors left after the m2 re-embed: %d", len(ids))
	}
	res, _ = h.SearchResult(t.Context(), Query{Text: "主記憶はどれくらい", K: 1})
	if res.Mode != ModeHybrid || len(res.Hits) == 0 || res.Hits[0].URL != "d" {
		t.Errorf("after re-embed: %+v", res)
	}
}

func TestEmbedJobKillResume(t *testing.T) {
	st := openCorpus(t)
	// First process: the second batch hangs, then the job is killed.
	emb := synonymEmbedder()
	emb.blockAt, emb.blocked = 2, make(chan struct{})
	blocked := emb.blocked
	ctx, kill := context.WithCancel(t.Context())
	v1 := NewVectors(st, emb, nil, VectorOptions{Poll: time.Hour, Batch: 3})
	v1.Start(ctx, "fake")
	<-blocked
	kill()
	v1.Close()
	if ids, _ := st.VectorIDs(t.Context(), "fake"); len(ids) != 3 {
		t.Fatalf("after the kill %d vectors saved, want the first batch of 3", len(ids))
	}
	// Second process: loads the 3, embeds only the other 5.
	emb2 := synonymEmbedder()
	v2 := startVectors(t, st, emb2, "fake")
	waitFor(t, "resume", func() bool { return v2.Status().State == "ready" })
	if got := emb2.embedded(); len(got) != len(synonymCorpus)-3 {
		t.Errorf("resumed run embedded %d texts, want %d", len(got), len(synonymCorpus)-3)
	}
	if s := v2.Status(); s.Loaded != len(synonymCorpus) || s.Pending != 0 || s.Dim != 512 {
		t.Errorf("Status() = %+v", s)
	}
}

func TestVectorsFollowSyncs(t *testing.T) {
	st := openCorpus(t)
	emb := synonymEmbedder()
	v := startVectors(t, st, emb, "fake")
	waitFor(t, "embedding", func() bool { return v.Status().State == "ready" })
	src, _ := st.EnsureSource(t.Context(), "folder", "/docs", "docs", "")
	c := store.ChunkInput{Title: "新規", URL: "z", Text: "新しいページです。"}
	AnalyzeChunk(&c)
	if _, err := st.ReplacePage(t.Context(), store.PageInput{SourceID: src.ID, URL: "z", FetchedAt: time.Now()}, []store.ChunkInput{c}); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "new page embedded", func() bool { s := v.Status(); return s.Loaded == len(synonymCorpus)+1 && s.Pending == 0 })
	pages, _ := st.Pages(t.Context(), src.ID)
	for _, p := range pages {
		if p.URL == "z" {
			st.DeletePage(t.Context(), p.ID)
		}
	}
	waitFor(t, "deleted page pruned", func() bool { return v.Status().Loaded == len(synonymCorpus) })
	// A restore replaces the database under the index: Reload re-reads it
	// (here: no vectors any more, so all are made again).
	if _, err := st.DeleteVectorsExcept(t.Context(), "none"); err != nil {
		t.Fatal(err)
	}
	before := len(emb.embedded())
	v.Reload()
	waitFor(t, "reloaded", func() bool { s := v.Status(); return s.State == "ready" && s.Loaded == len(synonymCorpus) })
	// Every chunk is made again; a batch (3) the poll had in flight when
	// Reload cancelled it may be made twice, no more.
	if n := len(emb.embedded()) - before; n < len(synonymCorpus) || n > len(synonymCorpus)+3 {
		t.Errorf("after Reload %d chunks were embedded again, want %d (+ at most one cancelled batch of 3): %q", n, len(synonymCorpus), emb.embedded()[before:])
	}
}

func TestVectorsRejectBadEmbeddings(t *testing.T) {
	st := openCorpus(t)
	v := startVectors(t, st, badEmbedder{}, "bad")
	waitFor(t, "job end", func() bool { s := v.Status(); return !s.Job.Running && s.Job.FinishedAt != "" })
	s := v.Status()
	if s.Job.Skipped != len(synonymCorpus)-1 || s.Loaded != 1 {
		t.Errorf("Status() = %+v; want all but the first vector skipped (NaN or wrong dimension)", s)
	}
}

// badEmbedder returns a good vector for the first text ever, then NaN and
// wrong-dimension vectors.
type badEmbedder struct{}

func (badEmbedder) Embed(_ context.Context, _ string, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, tx := range texts {
		switch {
		case strings.Contains(tx, "pjsub"):
			out[i] = []float32{1, 0, 0}
		case i%2 == 0:
			out[i] = []float32{1, float32(nan()), 0}
		default:
			out[i] = []float32{1, 0}
		}
	}
	return out, nil
}

func nan() float64 { var z float64; return z / z }

// TestJSQuADHybrid measures lexical, vector, hybrid and hybrid with
// HeadBoost on JSQuAD when GENKAI_EVAL_JSQUAD names the set, with the
// hashed-bigram fake embedder (no real model here). Measured (1,145
// passages, 4,442 questions):
//
//	lexical                  R@1 0.926 R@5 0.975 R@10 0.982 MRR@10 0.948
//	vector                   R@1 0.749 R@5 0.872 R@10 0.905 MRR@10 0.803
//	hybrid                   R@1 0.855 R@5 0.943 R@10 0.966 MRR@10 0.893
//	hybrid+headboost(0.005)  R@1 0.855 R@5 0.943 R@10 0.966 MRR@10 0.893
//	hybrid+headboost(0.02)   R@1 0.843 R@5 0.941 R@10 0.966 MRR@10 0.885
//
// A bag-of-bigrams embedder is weaker than BM25F, so fusing it costs
// recall here; the fusion must still beat its vector side alone.
func TestJSQuADHybrid(t *testing.T) {
	dir := os.Getenv("GENKAI_EVAL_JSQUAD")
	if dir == "" {
		t.Skip("set GENKAI_EVAL_JSQUAD to the jsquad-v1.3-valid directory to run")
	}
	st, b := openIndexed(t, dir)
	v := NewVectors(st, &fakeEmbedder{dim: 1024}, nil, VectorOptions{Batch: 256})
	if err := v.Build(t.Context(), "bigram"); err != nil {
		t.Fatal(err)
	}
	lex := NewLexical(st, DefaultParams())
	vec := NewHybrid(lex, v, st, nil)
	vec.Mode = ModeVector
	runs := []struct {
		name string
		s    Searcher
	}{
		{"lexical", lex},
		{"vector", vec},
		{"hybrid", NewHybrid(lex, v, st, nil)},
		{"hybrid+headboost(0.005)", NewHybrid(lex, v, st, HeadBoost{Weight: 0.005})},
		{"hybrid+headboost(0.02)", NewHybrid(lex, v, st, HeadBoost{Weight: 0.02})},
	}
	reps := map[string]Report{}
	for _, r := range runs {
		rep, err := Evaluate(t.Context(), r.s, b, 10)
		if err != nil {
			t.Fatal(err)
		}
		reps[r.name] = rep
		t.Logf("%-24s R@1 %.3f R@5 %.3f R@10 %.3f MRR@10 %.3f p95 %.1f ms", r.name, rep.Recall1, rep.Recall5, rep.Recall10, rep.MRR10, rep.P95ms)
	}
	if h, v := reps["hybrid"], reps["vector"]; h.Recall5 < v.Recall5 || h.MRR10 < v.MRR10 {
		t.Errorf("hybrid %+v is worse than its vector side alone %+v", h, v)
	}
}
