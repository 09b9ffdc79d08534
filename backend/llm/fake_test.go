package llm

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeOllama speaks enough of the Ollama API for the unit tests. Models:
// tiny:latest (chat), bge-m3:latest (embedding). Chat with "broken" fails
// mid-stream, with "stall" stops after one chunk; pulls of "nope" fail as a
// missing model, of "slow" never end.
type fakeOllama struct {
	mu        sync.Mutex
	installed []string
	chats     []map[string]any // requests' options
	pulled    []string
}

func newFake(t *testing.T) (*fakeOllama, *httptest.Server) {
	t.Helper()
	f := &fakeOllama{installed: []string{"tiny:latest", "bge-m3:latest"}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv
}

func (f *fakeOllama) has(name string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, n := range f.installed {
		if SameModel(n, name) {
			return true
		}
	}
	return false
}

func ndjson(w http.ResponseWriter, lines ...any) {
	for _, l := range lines {
		b, _ := json.Marshal(l)
		w.Write(append(b, '\n'))
		w.(http.Flusher).Flush()
	}
}

func notFound(w http.ResponseWriter, name string) {
	w.WriteHeader(http.StatusNotFound)
	fmt.Fprintf(w, `{"error":"model '%s' not found"}`, name)
}

func (f *fakeOllama) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Model   string         `json:"model"`
		Options map[string]any `json:"options"`
		Think   *bool          `json:"think"`
	}
	json.NewDecoder(r.Body).Decode(&body)
	w.Header().Set("Content-Type", "application/x-ndjson")
	switch r.URL.Path {
	case "/api/version":
		ndjson(w, map[string]string{"version": "0.17.4"})
	case "/api/tags":
		f.mu.Lock()
		var ms []map[string]any
		for i, n := range f.installed {
			fam := "llama"
			if strings.HasPrefix(n, "bge") {
				fam = "bert"
			}
			ms = append(ms, map[string]any{"name": n, "model": n, "size": 1000 * (i + 1), "digest": "d" + n,
				"modified_at": time.Date(2026, 1, 1+i, 0, 0, 0, 0, time.UTC),
				"details":     map[string]any{"family": fam, "parameter_size": "1M", "quantization_level": "F16"}})
		}
		f.mu.Unlock()
		ndjson(w, map[string]any{"models": ms})
	case "/api/ps":
		ndjson(w, map[string]any{"models": []map[string]any{{"name": "tiny:latest"}}})
	case "/api/show":
		if !f.has(body.Model) {
			notFound(w, body.Model)
			return
		}
		caps := []string{"completion"}
		if strings.HasPrefix(body.Model, "bge") {
			caps = []string{"embedding"}
		}
		ndjson(w, map[string]any{"capabilities": caps})
	case "/api/delete":
		if !f.has(body.Model) {
			notFound(w, body.Model)
			return
		}
		f.mu.Lock()
		for i, n := range f.installed {
			if SameModel(n, body.Model) {
				f.installed = append(f.installed[:i], f.installed[i+1:]...)
				break
			}
		}
		f.mu.Unlock()
	case "/api/chat":
		if body.Think == nil || *body.Think {
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprint(w, `{"error":"think must be false"}`)
			return
		}
		f.chat(w, r, body.Model, body.Options)
	case "/api/pull":
		f.pull(w, r, body.Model)
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeOllama) chat(w http.ResponseWriter, r *http.Request, model string, opts map[string]any) {
	f.mu.Lock()
	f.chats = append(f.chats, opts)
	f.mu.Unlock()
	chunk := func(s string, done bool) map[string]any {
		return map[string]any{"model": model, "message": map[string]string{"role": "assistant", "content": s}, "done": done}
	}
	switch model {
	case "broken":
		ndjson(w, chunk("玄界は", false), chunk("九州大学の", false), map[string]string{"error": "llama runner process has terminated"})
	case "stall":
		ndjson(w, chunk("玄界は", false))
		<-r.Context().Done()
	case "thinker": // thinks longer than the idle timeout, in small steps
		for i := 0; i < 5; i++ {
			ndjson(w, map[string]any{"message": map[string]string{"role": "assistant", "thinking": "…"}})
			time.Sleep(100 * time.Millisecond)
		}
		ndjson(w, chunk("答え", false), chunk("", true))
	case "cut":
		ndjson(w, chunk("玄界は", false))
		panic(http.ErrAbortHandler) // drop the connection
	case "silent":
		<-r.Context().Done()
	default:
		if !f.has(model) {
			notFound(w, model)
			return
		}
		ndjson(w, chunk("玄界は", false), chunk("スーパーコンピュータです。", false), chunk("", true))
	}
}

func (f *fakeOllama) pull(w http.ResponseWriter, r *http.Request, model string) {
	switch model {
	case "nope":
		ndjson(w, map[string]string{"status": "pulling manifest"}, map[string]string{"error": "pull model manifest: file does not exist"})
		return
	case "slow":
		ndjson(w, map[string]string{"status": "pulling manifest"})
		for i := int64(1); ; i++ {
			select {
			case <-r.Context().Done():
				return
			case <-time.After(10 * time.Millisecond):
				ndjson(w, map[string]any{"status": "pulling aa", "digest": "sha256:aa", "total": 1 << 30, "completed": i << 10})
			}
		}
	}
	ndjson(w, map[string]string{"status": "pulling manifest"},
		map[string]any{"status": "pulling aa", "digest": "sha256:aa", "total": 300, "completed": 0},
		map[string]any{"status": "pulling bb", "digest": "sha256:bb", "total": 100, "completed": 100},
		map[string]any{"status": "pulling aa", "digest": "sha256:aa", "total": 300, "completed": 300},
		map[string]string{"status": "verifying sha256 digest"}, map[string]string{"status": "writing manifest"},
		map[string]string{"status": "success"})
	f.mu.Lock()
	f.installed = append(f.installed, model)
	f.pulled = append(f.pulled, model)
	f.mu.Unlock()
}

// closedURL is an address where nothing listens.
func closedURL(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	u := "http://" + ln.Addr().String()
	ln.Close()
	return u
}
