package cli

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/llm/ollamatest"
	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

// cannedAnswer is what the canned model answers, streamed piece by piece
// (the pieces are split at the spaces).
const cannedAnswer = "玄界では pjsub で ジョブを 投入します。[1]"

// askStream is what one streamed answer delivered.
type askStream struct {
	types  []string // event types in order
	tokens []string
	answer *chat.Answer
	cites  []chat.Citation
	errs   []string // "error" events
	sessID string
}

func (s *askStream) text() string { return strings.Join(s.tokens, "") }

func (s *askStream) add(t testing.TB, line []byte) {
	var ev chat.Event
	if err := json.Unmarshal(line, &ev); err != nil {
		t.Fatalf("NDJSON line %q: %v", line, err)
	}
	s.types = append(s.types, ev.Type)
	switch ev.Type {
	case "start":
		s.sessID = ev.SessionID
	case "citations":
		s.cites = ev.Citations
	case "token":
		s.tokens = append(s.tokens, ev.Text)
	case "done":
		s.answer = ev.Answer
	case "error":
		s.errs = append(s.errs, ev.Text)
	}
}

// askHTTP asks through POST /api/query with NDJSON streaming.
func askHTTP(t testing.TB, app *realApp, req map[string]any) (*askStream, int, string) {
	t.Helper()
	req["stream"] = true
	s := &askStream{}
	code, ct := app.ndjson(t, "/api/query", req, func(line []byte) { s.add(t, line) })
	return s, code, ct
}

// checkCitations: every citation has a title, a URL with the heading's
// anchor and a snippet, and the first is the page about pjsub.
func checkCitations(t *testing.T, cites []chat.Citation) {
	t.Helper()
	if len(cites) == 0 {
		t.Fatal("no citations")
	}
	for i, c := range cites {
		if c.N != i+1 || c.Title == "" || c.Snippet == "" || c.URL == "" {
			t.Errorf("citation %d = %+v: want n, title, URL and snippet", i, c)
		}
	}
	first := cites[0]
	if first.Title != "ジョブの実行" || !strings.Contains(first.URL, "job.md#") || !strings.Contains(first.Snippet, "pjsub") {
		t.Errorf("first citation = %+v, want the pjsub section of job.md with an anchor", first)
	}
}

// TestAskEndToEnd asks a question about indexed Japanese documents through
// the app's own wiring (index command, search, chat, HTTP API) and a real
// Ollama server running a model that answers with a known text.
func TestAskEndToEnd(t *testing.T) {
	srv := ollamatest.Start(t)
	ollamatest.CreateModel(t, srv, "genkai-canned", ollamatest.CannedLlama, cannedAnswer)
	rec := &recordingGen{}
	app := bootApp(t, e2eEnv(t, llmSets(srv.URL, "genkai-canned")...), func(s *wiring.Services) {
		rec.Generator = s.Ollama
		s.StartChat(rec)
	})
	if out := app.index(t, writeDocs(t, genkaiDocs)); !strings.Contains(out, "added 3,") {
		t.Fatalf("index: %s", out)
	}
	ctx := t.Context()
	const question = "pjsub でバッチジョブを投入する方法を教えてください"

	// 1. Over HTTP, streamed as NDJSON.
	got, code, ct := askHTTP(t, app, map[string]any{"question": question})
	if code != 200 || ct != "application/x-ndjson" {
		t.Fatalf("POST /api/query = %d %q", code, ct)
	}
	if got.text() != cannedAnswer || len(got.tokens) < 4 {
		t.Errorf("streamed tokens %q (%d pieces), want %q in pieces", got.tokens, len(got.tokens), cannedAnswer)
	}
	if strings.Join(got.types[:2], ",") != "start,citations" || got.types[len(got.types)-1] != "done" || len(got.errs) > 0 {
		t.Errorf("event order %v, errors %v", got.types, got.errs)
	}
	a := got.answer
	if a == nil || a.Kind != chat.KindAnswer || a.Status != "complete" || a.Text != cannedAnswer || a.Model != "genkai-canned" ||
		a.Cached || a.SessionID != got.sessID || a.Timing.FirstTokenMS <= 0 || a.Mode == "" {
		t.Fatalf("done answer = %+v", a)
	}
	checkCitations(t, a.Citations)
	// The model was asked with the system prompt and the numbered passages.
	sent := rec.request()
	if n := len(sent.Messages); n != 2 || sent.Messages[0].Content != chat.SystemPrompt || sent.Model != "genkai-canned" ||
		!strings.Contains(sent.Messages[1].Content, "[1] ジョブの実行") || !strings.Contains(sent.Messages[1].Content, "pjsub -L rscgrp=a-batch,elapse=1:00:00 job.sh") ||
		!strings.HasSuffix(sent.Messages[1].Content, "質問: "+question) {
		t.Errorf("messages sent to Ollama: %+v", sent)
	}

	// Stored in SQLite: the question and the answer with its citations.
	msgs, err := app.svc.Store.Messages(ctx, got.sessID)
	if err != nil || len(msgs) != 2 {
		t.Fatalf("stored messages = %+v, %v", msgs, err)
	}
	if msgs[0].Role != "user" || msgs[0].Content != question {
		t.Errorf("stored question = %+v", msgs[0])
	}
	m := msgs[1]
	var stored []chat.Citation
	if err := json.Unmarshal([]byte(m.Citations), &stored); err != nil || m.Role != "assistant" || m.Content != cannedAnswer ||
		m.Kind != chat.KindAnswer || m.Status != "complete" || m.Model != "genkai-canned" || len(stored) != len(a.Citations) || stored[0].URL != a.Citations[0].URL {
		t.Errorf("stored answer = %+v (citations %v)", m, err)
	}
	var conv struct {
		Title   string `json:"title"`
		History []struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		} `json:"history"`
	}
	if code := app.do(t, "GET", "/api/sessions/"+got.sessID, nil, &conv); code != 200 || len(conv.History) != 2 || conv.History[1].Content != cannedAnswer {
		t.Errorf("GET /api/sessions/{id} = %d %+v", code, conv)
	}

	// 2. Through chat.Service, continuing the session (cache skipped so
	// the model really answers again).
	var pieces []string
	ans, err := app.svc.Chat.Ask(ctx, chat.Request{SessionID: got.sessID, Question: question, NoCache: true}, func(ev chat.Event) error {
		if ev.Type == "token" {
			pieces = append(pieces, ev.Text)
		}
		return nil
	})
	if err != nil || strings.Join(pieces, "") != cannedAnswer || ans.Text != cannedAnswer || ans.Kind != chat.KindAnswer || ans.Status != "complete" || ans.Cached {
		t.Fatalf("chat.Service.Ask = %+v, %v (pieces %q)", ans, err, pieces)
	}
	checkCitations(t, ans.Citations)
	// The same question again comes from the cache, without the model.
	if again, err := app.svc.Chat.Ask(ctx, chat.Request{Question: question}, nil); err != nil || !again.Cached || again.Text != cannedAnswer {
		t.Errorf("repeated question = %+v, %v; want the cached answer", again, err)
	}

	// 3. An explicit model that is not installed: a clear error naming
	// the installed ones, and the session is left as it was.
	var apiErr struct {
		Error struct{ Code, Message string } `json:"error"`
	}
	code = app.do(t, "POST", "/api/query", map[string]any{"question": question, "session_id": got.sessID, "model": "qwen3:4b"}, &apiErr)
	if code != 400 || apiErr.Error.Code != "unknown_model" || !strings.Contains(apiErr.Error.Message, "qwen3:4b is not installed") ||
		!strings.Contains(apiErr.Error.Message, "installed: genkai-canned:latest") {
		t.Errorf("unknown model over HTTP = %d %+v", code, apiErr)
	}
	if _, err := app.svc.Chat.Ask(ctx, chat.Request{Question: question, Model: "qwen3:4b"}, nil); !errors.Is(err, chat.ErrUnknownModel) || !strings.Contains(err.Error(), "genkai-canned:latest") {
		t.Errorf("unknown model through chat.Service = %v", err)
	}
	if msgs, _ := app.svc.Store.Messages(ctx, got.sessID); len(msgs) != 4 {
		t.Errorf("session has %d messages after the unknown model, want 4", len(msgs))
	}

	// 4. Ollama stops mid-session: the next question gets the passages,
	// labelled as search results, not an error.
	srv.Stop()
	const next = "pjstat でジョブの状態を確認する方法は"
	got, code, _ = askHTTP(t, app, map[string]any{"question": next, "session_id": got.sessID})
	a = got.answer
	if code != 200 || len(got.errs) > 0 || a == nil || a.Kind != chat.KindSearchResults || a.Status != "complete" || a.Model != "" ||
		!strings.HasPrefix(a.Text, "チャットモデルが使えないため、検索結果を表示します") || !strings.Contains(a.Note, "Ollama is not reachable") ||
		got.text() != a.Text || len(a.Citations) == 0 || !strings.Contains(a.Text, a.Citations[0].URL) {
		t.Fatalf("ask with Ollama stopped = %d %+v (errors %v)", code, a, got.errs)
	}
	var plain chat.Answer
	if code := app.do(t, "POST", "/api/query", map[string]any{"question": next, "session_id": got.sessID}, &plain); code != 200 || plain.Kind != chat.KindSearchResults {
		t.Errorf("non-streamed ask with Ollama stopped = %d %+v", code, plain)
	}
	msgs, _ = app.svc.Store.Messages(ctx, got.sessID)
	if len(msgs) != 8 || msgs[7].Kind != chat.KindSearchResults || msgs[7].Status != "complete" {
		t.Errorf("session after the fallback: %d messages, last %+v", len(msgs), msgs[len(msgs)-1])
	}
}
