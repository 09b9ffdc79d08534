package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestServerLibraryFlow adds a folder through the HTTP API of a real
// server, waits for the sync, and finds its text with /api/search.
func TestServerLibraryFlow(t *testing.T) {
	_, env := testEnv(t)
	docs := t.TempDir()
	os.WriteFile(filepath.Join(docs, "gpu.md"), []byte("# GPUジョブ\n\nGPUを使うジョブはリソースグループ b-batch を指定します。\n"), 0o600)
	port := freePort(t)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan result)
	go func() { done <- run(t, ctx, env, "server", "--port", strconv.Itoa(port)) }()
	defer func() { cancel(); <-done }()
	base := "http://127.0.0.1:" + strconv.Itoa(port)
	getJSON := func(method, path, body string, want int, v any) {
		t.Helper()
		req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if res.StatusCode != want {
			t.Fatalf("%s %s = %d, want %d", method, path, res.StatusCode, want)
		}
		if v != nil {
			json.NewDecoder(res.Body).Decode(v)
		}
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		if res, err := http.Get(base + "/api/health"); err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("server not ready")
		}
		time.Sleep(20 * time.Millisecond)
	}
	body, _ := json.Marshal(map[string]string{"kind": "folder", "location": docs})
	getJSON("POST", "/api/sources", string(body), 202, nil)
	var st struct {
		Running bool `json:"running"`
		Report  *struct {
			Added int `json:"added"`
		} `json:"report"`
		Error string `json:"error"`
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		getJSON("GET", "/api/sync", "", 200, &st)
		if !st.Running {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("sync did not finish")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if st.Error != "" || st.Report == nil || st.Report.Added != 1 {
		t.Fatalf("sync = %+v", st)
	}
	var srcs struct {
		Sources []struct {
			ID     int64 `json:"id"`
			Pages  int   `json:"pages"`
			Chunks int   `json:"chunks"`
		} `json:"sources"`
	}
	getJSON("GET", "/api/sources", "", 200, &srcs)
	if len(srcs.Sources) != 1 || srcs.Sources[0].Pages != 1 || srcs.Sources[0].Chunks == 0 {
		t.Fatalf("sources = %+v", srcs)
	}
	var found struct {
		Hits []struct {
			Title   string `json:"title"`
			Snippet string `json:"snippet"`
		} `json:"hits"`
	}
	getJSON("GET", "/api/search?q="+url.QueryEscape("b-batch GPU"), "", 200, &found)
	if len(found.Hits) == 0 || found.Hits[0].Title != "GPUジョブ" || !strings.Contains(found.Hits[0].Snippet, "«b»-«batch»") {
		t.Fatalf("search = %+v", found)
	}
	getJSON("DELETE", "/api/sources/"+strconv.FormatInt(srcs.Sources[0].ID, 10), "", 204, nil)
	getJSON("GET", "/api/search?q=batch", "", 200, &found)
	if len(found.Hits) != 0 {
		t.Errorf("hits after removing the source: %+v", found.Hits)
	}
}
