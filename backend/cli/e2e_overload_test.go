package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/llm/ollamatest"
)

// BenchmarkRealQueryOverload drives POST /api/query with twice
// concurrency.max_concurrent_requests clients against the real Ollama for
// GENKAI_OVERLOAD_SECONDS (default 10; the figure is taken at 60)
// per op. With 2 running and 1 queued, every further request must be a 429
// with Retry-After, and nothing may be a 5xx: the benchmark fails otherwise.
func BenchmarkRealQueryOverload(b *testing.B) {
	const running, queued = 2, 1
	secs := 10
	if v, err := strconv.Atoi(os.Getenv("GENKAI_OVERLOAD_SECONDS")); err == nil && v > 0 {
		secs = v
	}
	words := make([]string, 120)
	for i := range words {
		words[i] = fmt.Sprintf("玄界%03d", i)
	}
	srv := ollamatest.Start(b)
	ollamatest.CreateModel(b, srv, "long", ollamatest.CannedLlama, strings.Join(words, " "))
	sets := append(llmSets(srv.URL, "long"),
		config.Set{Path: []string{"concurrency", "max_concurrent_requests"}, Value: running},
		config.Set{Path: []string{"concurrency", "max_queue_size"}, Value: queued},
		config.Set{Path: []string{"concurrency", "request_timeout"}, Value: 60},
		config.Set{Path: []string{"performance", "cache_enabled"}, Value: false})
	app := bootApp(b, e2eEnv(b, sets...))
	app.index(b, writeDocs(b, genkaiDocs))

	var mu sync.Mutex
	codes := map[int]int{}
	var noRetryAfter int
	ask := func(i int) {
		body, _ := json.Marshal(map[string]any{"question": fmt.Sprintf("%s (%d)", benchQuestion, i)})
		res, err := http.Post(app.url+"/api/query", "application/json", bytes.NewReader(body))
		if err != nil {
			b.Errorf("POST /api/query: %v", err)
			return
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		mu.Lock()
		codes[res.StatusCode]++
		if res.StatusCode == http.StatusTooManyRequests && res.Header.Get("Retry-After") == "" {
			noRetryAfter++
		}
		mu.Unlock()
	}
	ask(-1) // load the model
	clear(codes)
	start := time.Now()
	n := 0
	for b.Loop() {
		end := time.Now().Add(time.Duration(secs) * time.Second)
		var wg sync.WaitGroup
		for c := range 2 * running {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; time.Now().Before(end); i++ {
					ask(c*1_000_000 + n*10_000 + i)
				}
			}()
		}
		wg.Wait()
		n++
	}
	elapsed := time.Since(start).Seconds()
	var fivexx, other int
	for code, k := range codes {
		switch {
		case code >= 500:
			fivexx += k
		case code != http.StatusOK && code != http.StatusTooManyRequests:
			other += k
		}
	}
	b.Logf("status codes over %.0f s: %v", elapsed, codes)
	if fivexx > 0 || other > 0 || noRetryAfter > 0 {
		b.Fatalf("%d 5xx, %d other non-200/429, %d 429 without Retry-After: %v", fivexx, other, noRetryAfter, codes)
	}
	if codes[http.StatusTooManyRequests] == 0 {
		b.Fatalf("no request was refused with 2×%d clients and a queue of %d: %v", running, queued, codes)
	}
	b.ReportMetric(float64(codes[http.StatusOK])/elapsed, "answers/s")
	b.ReportMetric(float64(codes[http.StatusTooManyRequests])/elapsed, "429/s")
	b.ReportMetric(float64(fivexx), "5xx")
}
