package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// fakeRetriever returns fixed hits and records the queries it was asked.
type fakeRetriever struct {
	hits    []search.Hit
	err     error
	mu      sync.Mutex
	queries []string
}

func (f *fakeRetriever) SearchResult(_ context.Context, sq search.Query) (search.Result, error) {
	q, k := sq.Text, sq.K
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	h := f.hits
	if len(h) > k {
		h = h[:k]
	}
	return search.Result{Query: q, Mode: "lexical", Hits: h}, f.err
}

// fakeGenerator streams pieces, then returns err (which may be nil). If
// block is set it waits for ctx after the first piece.
type fakeGenerator struct {
	pieces []string
	err    error
	block  bool
	mu     sync.Mutex
	calls  []llm.ChatRequest
}

func (f *fakeGenerator) Chat(ctx context.Context, req llm.ChatRequest, fn func(string) error) error {
	f.mu.Lock()
	f.calls = append(f.calls, req)
	f.mu.Unlock()
	for i, p := range f.pieces {
		if err := fn(p); err != nil {
			return err
		}
		if f.block && i == 0 {
			<-ctx.Done()
			return ctx.Err()
		}
	}
	return f.err
}

var gpuHits = []search.Hit{
	{ChunkID: 1, Title: "ジョブの投入", Section: "GPUジョブ", URL: "https://example.jp/job.html#gpu", Text: "玄界でGPUジョブを投入するには pjsub コマンドで rscgrp に b-batch を指定します。", Snippet: "«GPUジョブ»", FetchedAt: "2026-11-01T00:00:00Z"},
	{ChunkID: 2, Title: "モジュール", Section: "module load", URL: "https://example.jp/module.html#load", Text: "module load cuda で CUDA を使えます。"},
}

func newService(t *testing.T, ret Retriever, gen Generator, cfg Config) (*Service, *store.Store) {
	t.Helper()
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "g.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if cfg.DefaultModel == "" {
		cfg.DefaultModel = "tiny"
	}
	if gen == nil {
		return New(db, ret, nil, nil, cfg), db
	}
	return New(db, ret, gen, nil, cfg), db
}

func collect() (*[]Event, func(Event) error) {
	var evs []Event
	return &evs, func(e Event) error { evs = append(evs, e); return nil }
}

func types(evs []Event) string {
	var s []string
	for _, e := range evs {
		s = append(s, e.Type)
	}
	return strings.Join(s, ",")
}

func TestAskStreamsAndStoresAnswerWithCitations(t *testing.T) {
	gen := &fakeGenerator{pieces: []string{"pjsub で", " b-batch を指定します [1]。"}}
	svc, _ := newService(t, &fakeRetriever{hits: gpuHits}, gen, Config{})
	evs, fn := collect()
	ans, err := svc.Ask(t.Context(), Request{Question: "玄界でGPUジョブを投入するには？"}, fn)
	if err != nil {
		t.Fatal(err)
	}
	if got := types(*evs); got != "start,citations,token,token,done" {
		t.Errorf("events = %s", got)
	}
	if ans.Kind != KindAnswer || ans.Text != "pjsub で b-batch を指定します [1]。" || ans.Status != "complete" || len(ans.Citations) != 2 {
		t.Fatalf("answer = %+v", ans)
	}
	if c := ans.Citations[0]; c.N != 1 || c.URL != "https://example.jp/job.html#gpu" || c.FetchedAt == "" {
		t.Errorf("citation = %+v", c)
	}
	msgs := gen.calls[0].Messages
	if msgs[0].Role != "system" || !strings.Contains(msgs[len(msgs)-1].Content, "[1] ジョブの投入 — GPUジョブ (https://example.jp/job.html#gpu)") {
		t.Errorf("prompt = %+v", msgs)
	}
	conv, err := svc.Session(t.Context(), ans.SessionID)
	if err != nil {
		t.Fatal(err)
	}
	if len(conv.History) != 2 || conv.History[1].Content != ans.Text || len(conv.History[1].Citations) != 2 || conv.Title == "" {
		t.Fatalf("stored = %+v", conv)
	}
}

func TestAskFallbacks(t *testing.T) {
	unrelated := []search.Hit{{ChunkID: 9, Title: "ログイン", URL: "u#a", Text: "SSH 公開鍵を登録してください。"}}
	tests := []struct {
		name      string
		hits      []search.Hit
		gen       *fakeGenerator
		model     string
		wantKind  string
		wantNote  bool
		wantCalls int
	}{
		{"weak evidence refuses", unrelated, &fakeGenerator{pieces: []string{"guess"}}, "", KindRefusal, false, 0},
		{"no hits refuses", nil, &fakeGenerator{pieces: []string{"guess"}}, "", KindRefusal, false, 0},
		{"ollama down gives search results", gpuHits, &fakeGenerator{err: fmt.Errorf("chat: %w", ErrModelUnavailable)}, "", KindSearchResults, true, 1},
		{"default model missing gives search results", gpuHits, &fakeGenerator{err: fmt.Errorf("chat: %w: m", ErrUnknownModel)}, "", KindSearchResults, true, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, _ := newService(t, &fakeRetriever{hits: tt.hits}, tt.gen, Config{})
			evs, fn := collect()
			ans, err := svc.Ask(t.Context(), Request{Question: "玄界でGPUジョブを投入するには？", Model: tt.model}, fn)
			if err != nil {
				t.Fatal(err)
			}
			if ans.Kind != tt.wantKind || (ans.Note != "") != tt.wantNote || len(tt.gen.calls) != tt.wantCalls {
				t.Fatalf("kind %s note %q calls %d; want %s note %v calls %d", ans.Kind, ans.Note, len(tt.gen.calls), tt.wantKind, tt.wantNote, tt.wantCalls)
			}
			if got := types(*evs); got != "start,citations,token,done" {
				t.Errorf("events = %s", got)
			}
			conv, _ := svc.Session(t.Context(), ans.SessionID)
			if len(conv.History) != 2 || conv.History[1].Kind != tt.wantKind {
				t.Errorf("stored = %+v", conv.History)
			}
		})
	}
}

func TestAskWithoutModelGivesSearchResults(t *testing.T) {
	svc, _ := newService(t, &fakeRetriever{hits: gpuHits}, nil, Config{})
	ans, err := svc.Ask(t.Context(), Request{Question: "How do I submit a GPU job with pjsub?"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Kind != KindSearchResults || !strings.HasPrefix(ans.Text, "No chat model") || !strings.Contains(ans.Note, "Models page") {
		t.Fatalf("answer = %+v", ans)
	}
}

func TestAskUnknownExplicitModelStoresNothing(t *testing.T) {
	gen := &fakeGenerator{err: fmt.Errorf("chat: %w: nope (installed: tiny)", ErrUnknownModel)}
	svc, db := newService(t, &fakeRetriever{hits: gpuHits}, gen, Config{})
	_, err := svc.Ask(t.Context(), Request{Question: "玄界でGPUジョブを投入するには？", Model: "nope"}, nil)
	if !errors.Is(err, ErrUnknownModel) || !strings.Contains(err.Error(), "installed: tiny") {
		t.Fatalf("err = %v", err)
	}
	if n, _ := db.CountSessions(t.Context()); n != 0 {
		t.Errorf("%d sessions left behind", n)
	}
}

func TestAskInterruptedAndStoppedKeepPartialAnswer(t *testing.T) {
	t.Run("interrupted", func(t *testing.T) {
		gen := &fakeGenerator{pieces: []string{"途中まで"}, err: errors.New("connection reset")}
		svc, _ := newService(t, &fakeRetriever{hits: gpuHits}, gen, Config{})
		evs, fn := collect()
		ans, err := svc.Ask(t.Context(), Request{Question: "玄界でGPUジョブを投入するには？"}, fn)
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("err = %v, want ErrInterrupted", err)
		}
		if ans.Status != "interrupted" || ans.Text != "途中まで" || types(*evs) != "start,citations,token,done" {
			t.Fatalf("answer %+v events %s", ans, types(*evs))
		}
		conv, _ := svc.Session(t.Context(), ans.SessionID)
		if conv.History[1].Status != "interrupted" || conv.History[1].Content != "途中まで" {
			t.Errorf("stored %+v", conv.History[1])
		}
	})
	t.Run("stopped", func(t *testing.T) {
		gen := &fakeGenerator{pieces: []string{"最初", "続き"}, block: true}
		svc, _ := newService(t, &fakeRetriever{hits: gpuHits}, gen, Config{})
		ctx, cancel := context.WithCancel(t.Context())
		ans, err := svc.Ask(ctx, Request{Question: "玄界でGPUジョブを投入するには？"}, func(e Event) error {
			if e.Type == "token" {
				cancel()
			}
			return nil
		})
		if !errors.Is(err, context.Canceled) || ans.Status != "stopped" {
			t.Fatalf("err %v status %s", err, ans.Status)
		}
		conv, _ := svc.Session(t.Context(), ans.SessionID)
		if conv.History[1].Status != "stopped" || conv.History[1].Content != "最初" {
			t.Errorf("stored %+v", conv.History[1])
		}
	})
}

func TestAskCache(t *testing.T) {
	gen := &fakeGenerator{pieces: []string{"答え [1]"}}
	cache := NewCache(true, 10, time.Hour)
	svc, db := newService(t, &fakeRetriever{hits: gpuHits}, gen, Config{Cache: cache})
	req := Request{Question: "玄界でGPUジョブを投入するには？"}
	first, err := svc.Ask(t.Context(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	second, err := svc.Ask(t.Context(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	if first.Cached || !second.Cached || second.Text != first.Text || len(gen.calls) != 1 {
		t.Fatalf("cached %v/%v, calls %d", first.Cached, second.Cached, len(gen.calls))
	}
	temp := 0.1
	if _, err := svc.Ask(t.Context(), Request{Question: req.Question, Options: &Options{Temperature: &temp}}, nil); err != nil || len(gen.calls) != 2 {
		t.Fatalf("other options hit the cache: calls %d err %v", len(gen.calls), err)
	}
	// A change to the documents invalidates cached answers.
	if err := db.SetSetting(t.Context(), "index_version", "999"); err != nil {
		t.Fatal(err)
	}
	if third, _ := svc.Ask(t.Context(), req, nil); third.Cached {
		t.Error("answer cached across an index change")
	}
	if st := cache.Stats(); st.Hits != 1 || st.Misses != 3 || st.HitRate != 0.25 {
		t.Errorf("stats = %+v", st)
	}
}

func TestFollowUpUsesHistory(t *testing.T) {
	ret := &fakeRetriever{hits: gpuHits}
	gen := &fakeGenerator{pieces: []string{"答え [1]"}}
	svc, _ := newService(t, ret, gen, Config{})
	first, err := svc.Ask(t.Context(), Request{Question: "玄界でGPUジョブを投入するには？"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Ask(t.Context(), Request{SessionID: first.SessionID, Question: "そのときのメモリ上限は？"}, nil); err != nil {
		t.Fatal(err)
	}
	if q := ret.queries[1]; q != "玄界でGPUジョブを投入するには？ そのときのメモリ上限は？" {
		t.Errorf("follow-up retrieval query = %q", q)
	}
	msgs := gen.calls[1].Messages
	if len(msgs) != 4 || msgs[1].Content != "玄界でGPUジョブを投入するには？" || msgs[2].Content != "答え [1]" {
		t.Errorf("history not sent: %+v", msgs)
	}
}

func TestRetrievalQuery(t *testing.T) {
	hist := []store.Message{{Role: "user", Content: "pjsub の使い方"}, {Role: "assistant", Content: "…"}}
	tests := []struct{ q, want string }{
		{"玄界のストレージ容量はどれくらいですか？", "玄界のストレージ容量はどれくらいですか？"},
		{"その時のオプションは？", "pjsub の使い方 その時のオプションは？"},
		{"GPUは？", "pjsub の使い方 GPUは？"},
		{"What about the memory limit for that queue?", "pjsub の使い方 What about the memory limit for that queue?"},
	}
	for _, tt := range tests {
		if got := RetrievalQuery(tt.q, hist); got != tt.want {
			t.Errorf("RetrievalQuery(%q) = %q, want %q", tt.q, got, tt.want)
		}
	}
	if got := RetrievalQuery("GPUは？", nil); got != "GPUは？" {
		t.Errorf("no history: %q", got)
	}
}

func TestRequestCheck(t *testing.T) {
	tests := []struct {
		req  Request
		want error
	}{
		{Request{Question: "  "}, ErrEmptyQuestion},
		{Request{Question: strings.Repeat("あ", MaxQuestionRunes+1)}, ErrQuestionTooLong},
		{Request{Question: "ok", MaxSources: MaxSources + 1}, nil},
		{Request{Question: "ok"}, nil},
	}
	for i, tt := range tests {
		err := Check(tt.req)
		if tt.want != nil && !errors.Is(err, tt.want) || tt.want == nil && i == 3 && err != nil {
			t.Errorf("%d: Check() = %v, want %v", i, err, tt.want)
		}
	}
	if err := Check(Request{Question: "ok", MaxSources: MaxSources + 1}); err == nil {
		t.Error("max_sources over the limit accepted")
	}
	if err := Check(Request{Question: strings.Repeat("あ", MaxQuestionRunes+1)}); !strings.Contains(err.Error(), "limit is 2000") {
		t.Errorf("too long message = %v", err)
	}
}

func TestRegenerateReplacesLastAnswer(t *testing.T) {
	gen := &fakeGenerator{pieces: []string{"一回目 [1]"}}
	svc, _ := newService(t, &fakeRetriever{hits: gpuHits}, gen, Config{Cache: NewCache(true, 10, time.Hour)})
	first, err := svc.Ask(t.Context(), Request{Question: "玄界でGPUジョブを投入するには？"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	gen.pieces = []string{"二回目 [1]"}
	again, err := svc.Regenerate(t.Context(), first.SessionID, Request{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	conv, _ := svc.Session(t.Context(), first.SessionID)
	if again.Cached || len(conv.History) != 2 || conv.History[1].Content != "二回目 [1]" {
		t.Fatalf("after regenerate: %+v", conv.History)
	}
	if _, err := svc.Regenerate(t.Context(), "missing", Request{}, nil); !errors.Is(err, ErrNotFound) {
		t.Errorf("regenerate missing session: %v", err)
	}
}

func TestSessionsExportAndCleanup(t *testing.T) {
	gen := &fakeGenerator{pieces: []string{"答え [1]"}}
	now := time.Now()
	svc, _ := newService(t, &fakeRetriever{hits: gpuHits}, gen, Config{Now: func() time.Time { return now }})
	ans, err := svc.Ask(t.Context(), Request{Question: "玄界でGPUジョブを投入するには？"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.RenameSession(t.Context(), ans.SessionID, "GPU"); err != nil {
		t.Fatal(err)
	}
	if err := svc.RenameSession(t.Context(), ans.SessionID, " "); err == nil {
		t.Error("blank title accepted")
	}
	md, name, err := svc.Export(t.Context(), ans.SessionID, "markdown")
	if err != nil || !strings.HasSuffix(name, ".md") {
		t.Fatal(name, err)
	}
	for _, want := range []string{"# GPU", "玄界でGPUジョブを投入するには？", "答え [1]", "1. [ジョブの投入 — GPUジョブ](https://example.jp/job.html#gpu)"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	js, _, err := svc.Export(t.Context(), ans.SessionID, "json")
	var conv Conversation
	if err != nil || json.Unmarshal(js, &conv) != nil || len(conv.History) != 2 {
		t.Fatalf("json export: %v %s", err, js)
	}
	if _, _, err := svc.Export(t.Context(), ans.SessionID, "pdf"); err == nil {
		t.Error("unknown format accepted")
	}
	if _, err := svc.Cleanup(t.Context(), 0); err == nil {
		t.Error("days 0 accepted")
	}
	now = now.Add(31 * 24 * time.Hour)
	if n, err := svc.Cleanup(t.Context(), 30); err != nil || n != 1 {
		t.Fatalf("Cleanup = %d, %v", n, err)
	}
	if err := svc.DeleteSession(t.Context(), ans.SessionID); !errors.Is(err, ErrNotFound) {
		t.Errorf("delete cleaned session: %v", err)
	}
}

func TestEvidence(t *testing.T) {
	tests := []struct {
		q    string
		hits []search.Hit
		low  bool
	}{
		{"玄界でGPUジョブを投入するには？", gpuHits, false},
		{"東京の明日の天気は？", gpuHits, true},
		{"module load の使い方", gpuHits, false},
		{"何か", nil, true},
	}
	for _, tt := range tests {
		if e := Evidence(tt.q, tt.hits); (e < DefaultMinEvidence) != tt.low {
			t.Errorf("Evidence(%q) = %.2f, low want %v", tt.q, e, tt.low)
		}
	}
}

func TestCacheLimits(t *testing.T) {
	c := NewCache(true, 2, time.Minute)
	now := time.Now()
	c.now = func() time.Time { return now }
	for _, k := range []string{"a", "b", "c"} {
		c.Put(k, Answer{Text: k})
	}
	if _, ok := c.Get("a"); ok {
		t.Error("oldest entry kept beyond size")
	}
	if a, ok := c.Get("c"); !ok || a.Text != "c" {
		t.Error("newest entry missing")
	}
	now = now.Add(2 * time.Minute)
	if _, ok := c.Get("c"); ok {
		t.Error("expired entry returned")
	}
	c.SetLimits(false, 2, time.Minute)
	c.Put("d", Answer{})
	if _, ok := c.Get("d"); ok {
		t.Error("disabled cache kept an entry")
	}
	var nilCache *Cache
	nilCache.Put("x", Answer{})
	if _, ok := nilCache.Get("x"); ok || nilCache.Stats().Enabled {
		t.Error("nil cache cached")
	}
}
