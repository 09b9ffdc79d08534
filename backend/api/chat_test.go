package api

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

type hitsRetriever []search.Hit

func (h hitsRetriever) SearchResult(_ context.Context, q search.Query) (search.Result, error) {
	return search.Result{Query: q.Text, Mode: "lexical", Hits: h}, nil
}

type cannedGen struct {
	pieces []string
	err    error
}

func (g cannedGen) Chat(_ context.Context, _ llm.ChatRequest, fn func(string) error) error {
	for _, p := range g.pieces {
		if err := fn(p); err != nil {
			return err
		}
	}
	return g.err
}

func newChatServer(t *testing.T, gen cannedGen) *httptest.Server {
	t.Helper()
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "g.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	hits := hitsRetriever{{ChunkID: 1, Title: "ジョブ", Section: "GPU", URL: "https://example.jp/job#gpu", Text: "GPUジョブは pjsub で投入します。"}}
	svc := chat.New(db, hits, gen, nil, chat.Config{DefaultModel: "tiny"})
	srv := httptest.NewServer(newTest(Options{Chat: svc}).Handler())
	t.Cleanup(srv.Close)
	return srv
}

func post(t *testing.T, url, accept, body string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

func TestQueryJSONAndSessions(t *testing.T) {
	srv := newChatServer(t, cannedGen{pieces: []string{"pjsub で", "投入します [1]"}})
	resp := post(t, srv.URL+"/api/query", "", `{"question":"GPUジョブを投入するには？"}`)
	var ans chat.Answer
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || resp.StatusCode != 200 {
		t.Fatalf("status %d err %v", resp.StatusCode, err)
	}
	if ans.Text != "pjsub で投入します [1]" || len(ans.Citations) != 1 || ans.SessionID == "" {
		t.Fatalf("answer = %+v", ans)
	}
	for _, tc := range []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"GET", "/api/sessions", "", 200, ans.SessionID},
		{"GET", "/api/sessions/" + ans.SessionID, "", 200, "pjsub"},
		{"PATCH", "/api/sessions/" + ans.SessionID, `{"title":"GPU"}`, 200, `"title":"GPU"`},
		{"PATCH", "/api/sessions/" + ans.SessionID, `{"title":" "}`, 400, "title is empty"},
		{"GET", "/api/sessions/" + ans.SessionID + "/export?format=markdown", "", 200, "# GPU"},
		{"GET", "/api/sessions/" + ans.SessionID + "/export?format=pdf", "", 400, "markdown or json"},
		{"GET", "/api/sessions/..%2f..%2fetc", "", 400, "32 hex"},
		{"GET", "/api/sessions/0123456789abcdef0123456789abcdef", "", 404, "no session"},
		{"POST", "/api/query", `{"question":""}`, 400, "empty"},
		{"POST", "/api/query", `{"question":"` + strings.Repeat("長", chat.MaxQuestionRunes+1) + `"}`, 400, "limit is 2000"},
		{"POST", "/api/query", `{"question":"x","bogus":1}`, 400, "unknown field"},
		{"POST", "/api/query", `{"question":"x","session_id":"../x"}`, 400, "32 hex"},
		{"POST", "/api/sessions", `{"title":"new"}`, 201, `"title":"new"`},
		{"DELETE", "/api/sessions/" + ans.SessionID, "", 204, ""},
		{"DELETE", "/api/sessions/" + ans.SessionID, "", 404, "no session"},
	} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
		withType(req, tc.body)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		bufio.NewReader(resp.Body).WriteTo(&b)
		resp.Body.Close()
		if resp.StatusCode != tc.status || !strings.Contains(b.String(), tc.want) {
			t.Errorf("%s %s = %d %s; want %d containing %q", tc.method, tc.path, resp.StatusCode, b.String(), tc.status, tc.want)
		}
	}
}

func readEvents(t *testing.T, resp *http.Response, sse bool) []chat.Event {
	t.Helper()
	var evs []chat.Event
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		line := sc.Text()
		if sse {
			if !strings.HasPrefix(line, "data: ") {
				continue
			}
			line = strings.TrimPrefix(line, "data: ")
		}
		if line == "" {
			continue
		}
		var ev chat.Event
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("bad event %q: %v", line, err)
		}
		evs = append(evs, ev)
	}
	return evs
}

func TestQueryStreams(t *testing.T) {
	for _, tc := range []struct {
		name, accept, body, ctype string
		sse                       bool
	}{
		{"ndjson by flag", "", `{"question":"GPUジョブを投入するには？","stream":true}`, "application/x-ndjson", false},
		{"ndjson by accept", "application/x-ndjson", `{"question":"GPUジョブを投入するには？"}`, "application/x-ndjson", false},
		{"sse", "text/event-stream", `{"question":"GPUジョブを投入するには？"}`, "text/event-stream", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newChatServer(t, cannedGen{pieces: []string{"a", "b"}})
			resp := post(t, srv.URL+"/api/query", tc.accept, tc.body)
			if ct := resp.Header.Get("Content-Type"); ct != tc.ctype {
				t.Fatalf("content type %q", ct)
			}
			evs := readEvents(t, resp, tc.sse)
			var got []string
			for _, e := range evs {
				got = append(got, e.Type)
			}
			if strings.Join(got, ",") != "start,citations,token,token,done" || evs[4].Answer.Text != "ab" {
				t.Errorf("events %v", got)
			}
		})
	}
}

func TestQueryStreamInterruptedEndsWithError(t *testing.T) {
	srv := newChatServer(t, cannedGen{pieces: []string{"途中"}, err: errors.New("connection reset")})
	resp := post(t, srv.URL+"/api/query", "application/x-ndjson", `{"question":"GPUジョブを投入するには？"}`)
	evs := readEvents(t, resp, false)
	last := evs[len(evs)-1]
	if last.Type != "error" || !strings.Contains(last.Text, "interrupted") || evs[len(evs)-2].Answer.Status != "interrupted" {
		t.Fatalf("events = %+v", evs)
	}
	// Non-streaming: the same failure is a JSON 502.
	resp = post(t, srv.URL+"/api/query", "", `{"question":"GPUジョブを投入するには？"}`)
	if resp.StatusCode != http.StatusBadGateway {
		t.Errorf("status %d, want 502", resp.StatusCode)
	}
}
