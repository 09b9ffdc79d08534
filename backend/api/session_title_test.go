package api

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestSessionTitleLimit: a title over 200 characters is a 400 for create
// and rename (nothing changes); 200 characters, padded with spaces, fit.
func TestSessionTitleLimit(t *testing.T) {
	srv := newChatServer(t, cannedGen{pieces: []string{"答え [1]"}})
	send := func(method, path string, body any) (int, string) {
		t.Helper()
		b, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(string(b)))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(out)
	}
	long := strings.Repeat("長", 201)
	fits := "  " + strings.Repeat("長", 200) + "\n"

	code, body := send("POST", "/api/sessions", map[string]string{"title": long})
	if code != 400 || !strings.Contains(body, "the session title is too long: it is 201 characters; the limit is 200") {
		t.Fatalf("create with 201 characters = %d %s; want 400 naming the limit", code, body)
	}
	code, body = send("POST", "/api/sessions", map[string]string{"title": fits})
	var sess struct {
		ID    string `json:"id"`
		Title string `json:"title"`
	}
	json.Unmarshal([]byte(body), &sess)
	if code != 201 || sess.Title != strings.TrimSpace(fits) {
		t.Fatalf("create with 200 characters = %d %s", code, body)
	}
	code, body = send("PATCH", "/api/sessions/"+sess.ID, map[string]string{"title": long + "x"})
	if code != 400 || !strings.Contains(body, "it is 202 characters") {
		t.Fatalf("rename with 202 characters = %d %s; want 400", code, body)
	}
	code, body = send("GET", "/api/sessions/"+sess.ID, nil)
	if code != 200 || !strings.Contains(body, `"title":"`+strings.TrimSpace(fits)+`"`) {
		t.Errorf("after the refused rename = %d %s; want the title unchanged", code, body)
	}
	if code, body := send("PATCH", "/api/sessions/"+sess.ID, map[string]string{"title": " 短い "}); code != 200 || !strings.Contains(body, `"title":"短い"`) {
		t.Errorf("rename = %d %s", code, body)
	}
}
