package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// unsearchable are questions with no searchable term (issue 11 item 4).
var unsearchable = []string{"???", "。。。", "-", "🙂", "「」", "\uFFFD", "\xff\xfe", "!!!", "・・・", " ... ", "#", "〜〜"}

// TestUnsearchableQuestionIs400 asks, regenerates and searches with each
// question through the real chat and search services: 400 with a message
// that says what to write, never 500, and nothing stored.
func TestUnsearchableQuestionIs400(t *testing.T) {
	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "g.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	lex := search.NewLexical(db, search.DefaultParams())
	svc := chat.New(db, lex, cannedGen{pieces: []string{"答え"}}, nil, chat.Config{DefaultModel: "tiny"})
	h := newTest(Options{Chat: svc, Search: lex}).Handler()
	// A session whose stored question is unsearchable (e.g. from an old
	// version or a restored archive), for regenerate.
	sess, err := db.CreateSession(t.Context(), "old")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddMessage(t.Context(), store.Message{SessionID: sess.ID, Role: "user", Content: "???", Kind: "question"}); err != nil {
		t.Fatal(err)
	}
	check := func(what string, rec *httptest.ResponseRecorder) {
		t.Helper()
		var b errorBody
		json.Unmarshal(rec.Body.Bytes(), &b)
		if rec.Code != http.StatusBadRequest || !strings.Contains(b.Error.Message, "no searchable words") || !strings.Contains(b.Error.Message, "write") && what != "search" {
			t.Errorf("%s = %d %s; want 400 saying there are no searchable words and what to write", what, rec.Code, rec.Body)
		}
	}
	for _, q := range unsearchable {
		body, _ := json.Marshal(map[string]string{"question": q})
		if q == "\xff\xfe" {
			body = []byte(`{"question":"` + q + `"}`) // raw invalid UTF-8 on the wire
		}
		for _, stream := range []bool{false, true} {
			req := httptest.NewRequest("POST", "/api/query", strings.NewReader(string(body)))
			req.Header.Set("Content-Type", "application/json")
			if stream {
				req.Header.Set("Accept", "application/x-ndjson")
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			check("query "+strings.ToValidUTF8(q, "?"), rec)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/search?q="+url.QueryEscape(q), nil))
		if rec.Code != http.StatusBadRequest {
			t.Errorf("search %q = %d %s; want 400", q, rec.Code, rec.Body)
		}
	}
	req := httptest.NewRequest("POST", "/api/sessions/"+sess.ID+"/regenerate", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	check("regenerate", rec)
	list, err := db.Sessions(t.Context())
	if err != nil || len(list) != 1 {
		t.Errorf("sessions after refused questions: %d %v; want only the one made here", len(list), err)
	}
}
