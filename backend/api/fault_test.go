package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/backup"
	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// decodeError reads an error answer's body.
func decodeError(t *testing.T, body []byte) errorBody {
	t.Helper()
	var b errorBody
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatalf("not a JSON error: %q", body)
	}
	return b
}

// TestWriteErrorMapsFaultCodes: any error carrying a fault code gets the
// table's status, its code (or the broader code it refines, with the code
// as reason), its params and a hint; other errors stay 500 internal.
func TestWriteErrorMapsFaultCodes(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		status int
		code   fault.Code
		reason fault.Code
		params map[string]string
	}{
		{"sentinel wrapped by a service", fmt.Errorf("sync source 3: %w", ingest.ErrBusy), 409, fault.Busy, "", nil},
		{"refinement", fmt.Errorf("restore: %w", backup.ErrCorrupt), 422, fault.InvalidBackup, fault.BackupCorrupt, nil},
		{"params", fault.New(fault.FolderMissing, "add source", map[string]string{"path": "/p"}), 400, fault.BadSource, fault.FolderMissing, map[string]string{"path": "/p"}},
		{"transport error with a cause", &Error{Status: 404, Code: "not_found", Message: "no such backup", Err: backup.ErrNotFound}, 404, fault.NotFound, fault.BackupNotFound, nil},
		{"plain error", errors.New("disk on fire"), 500, fault.Internal, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTest(Options{})
			rec := httptest.NewRecorder()
			s.writeError(rec, httptest.NewRequest("GET", "/api/x", nil), tt.err)
			b := decodeError(t, rec.Body.Bytes())
			if rec.Code != tt.status || fault.Code(b.Error.Code) != tt.code || fault.Code(b.Error.Reason) != tt.reason {
				t.Errorf("got %d %+v, want %d %s/%s", rec.Code, b.Error, tt.status, tt.code, tt.reason)
			}
			if fmt.Sprint(b.Error.Params) != fmt.Sprint(tt.params) {
				t.Errorf("params = %v, want %v", b.Error.Params, tt.params)
			}
			if tt.code != fault.Internal && b.Error.Message != tt.err.Error() {
				t.Errorf("message = %q, want the English error %q", b.Error.Message, tt.err.Error())
			}
			want := fault.Lookup(tt.reason).HintEn
			if want == "" {
				want = fault.Lookup(tt.code).HintEn
			}
			if b.Error.Hint != want {
				t.Errorf("hint = %q, want %q", b.Error.Hint, want)
			}
		})
	}
}

// TestFaultCodesReachHTTP sends bad input to real endpoints and checks the
// code, the reason, the params and the hint of each answer.
func TestFaultCodesReachHTTP(t *testing.T) {
	srv := newChatServer(t, cannedGen{pieces: []string{"a"}})
	t.Run("query max_sources", func(t *testing.T) {
		resp := post(t, srv.URL+"/api/query", "", `{"question":"GPU","max_sources":999}`)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		b := decodeError(t, body)
		if resp.StatusCode != 400 || b.Error.Code != "bad_request" || fault.Code(b.Error.Reason) != fault.MaxSources ||
			b.Error.Params["max"] != strconv.Itoa(chat.MaxSources) {
			t.Errorf("POST /api/query max_sources 999 = %d %s", resp.StatusCode, body)
		}
	})
	t.Run("query empty question", func(t *testing.T) {
		resp := post(t, srv.URL+"/api/query", "", `{"question":"  "}`)
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		b := decodeError(t, body)
		if resp.StatusCode != 400 || b.Error.Code != "bad_request" || fault.Code(b.Error.Reason) != fault.EmptyQuestion || b.Error.Hint == "" {
			t.Errorf("POST /api/query blank = %d %s", resp.StatusCode, body)
		}
	})
	t.Run("rename session with an empty title", func(t *testing.T) {
		resp := post(t, srv.URL+"/api/sessions", "", `{}`)
		var sess struct {
			ID string `json:"id"`
		}
		json.NewDecoder(resp.Body).Decode(&sess)
		resp.Body.Close()
		req, _ := http.NewRequest(http.MethodPatch, srv.URL+"/api/sessions/"+sess.ID, strings.NewReader(`{"title":"   "}`))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		b := decodeError(t, body)
		if resp.StatusCode != 400 || b.Error.Code != "bad_request" || fault.Code(b.Error.Reason) != fault.TitleInvalid {
			t.Errorf("PATCH title blank = %d %s", resp.StatusCode, body)
		}
	})

	db, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "g.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	j := ingest.NewJobs(t.Context(), ingest.NewSyncer(db, nil, nil, nil), db, -1)
	t.Cleanup(j.Close)
	h := newTest(Options{Library: jobsLibrary{Jobs: j, st: db}}).Handler()
	dir := t.TempDir()
	file := filepath.Join(dir, "a.md")
	os.WriteFile(file, []byte("# a\n"), 0o600)
	for _, tt := range []struct {
		name, location string
		reason         fault.Code
	}{
		{"missing folder", filepath.Join(dir, "nope"), fault.FolderMissing},
		{"file", file, fault.NotFolder},
	} {
		rec := do(t, h, "POST", "/api/sources", `{"kind":"folder","location":"`+tt.location+`"}`)
		b := decodeError(t, rec.Body.Bytes())
		if rec.Code != 400 || fault.Code(b.Error.Code) != fault.BadSource || fault.Code(b.Error.Reason) != tt.reason ||
			b.Error.Params["path"] != tt.location || b.Error.Hint != fault.Lookup(tt.reason).HintEn {
			t.Errorf("%s: POST /api/sources = %d %s", tt.name, rec.Code, rec.Body)
		}
	}
}
