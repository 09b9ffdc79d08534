package llm

import (
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestProbe(t *testing.T) {
	ollama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/api/version" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"version":"0.17.4"}`))
	}))
	defer ollama.Close()
	notOllama := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "nginx", http.StatusForbidden)
	}))
	defer notOllama.Close()
	stall := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer stall.Close()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := "http://" + ln.Addr().String()
	ln.Close()

	tests := []struct {
		name, host string
		reachable  bool
		want       string
	}{
		{"ollama", ollama.URL, true, "0.17.4"},
		{"refused", closed, false, "connection refused"},
		{"not ollama", notOllama.URL, false, "not Ollama"},
		{"stalled", stall.URL, false, "no answer within"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := New(tt.host, nil)
			if err != nil {
				t.Fatal(err)
			}
			st := c.Probe(t.Context())
			got := st.Version + st.Error
			if st.Reachable != tt.reachable || !strings.Contains(got, tt.want) {
				t.Errorf("Probe() = %+v, want reachable %v and %q", st, tt.reachable, tt.want)
			}
		})
	}
	if _, err := New("::bad", nil); err == nil {
		t.Error("New(bad URL) succeeded")
	}
}
