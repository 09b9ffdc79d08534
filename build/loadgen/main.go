// Command loadgen drives a running genkai-rag server from a second process
// on loopback and prints throughput, latency percentiles and status codes.
//
//	go run ./build/loadgen -url http://127.0.0.1:8000/api/health -c 32 -d 10s
//	go run ./build/loadgen -url http://127.0.0.1:8000/api/query -method POST \
//	    -body '{"question":"GPUジョブ"}' -c 8 -d 60s
//
// It exits 1 when any response is a 5xx or a transport error (so scripts can
// assert "zero 5xx"), unless -allow-errors is set.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"sort"
	"sync"
	"time"
)

func main() {
	url := flag.String("url", "http://127.0.0.1:8000/api/health", "URL to request")
	method := flag.String("method", "GET", "HTTP method")
	body := flag.String("body", "", "request body (JSON)")
	conc := flag.Int("c", 32, "concurrent connections")
	dur := flag.Duration("d", 10*time.Second, "duration")
	token := flag.String("token", "", "Bearer token")
	allow := flag.Bool("allow-errors", false, "exit 0 even with 5xx or transport errors")
	flag.Parse()

	tr := &http.Transport{MaxIdleConnsPerHost: *conc, MaxConnsPerHost: *conc}
	client := &http.Client{Transport: tr, Timeout: 5 * time.Minute}
	ctx, cancel := context.WithTimeout(context.Background(), *dur)
	defer cancel()

	var mu sync.Mutex
	codes := map[int]int{}
	var lat []time.Duration
	transport := 0
	var wg sync.WaitGroup
	start := time.Now()
	for range *conc {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var local []time.Duration
			localCodes := map[int]int{}
			localErr := 0
			for ctx.Err() == nil {
				req, _ := http.NewRequestWithContext(ctx, *method, *url, bytes.NewReader([]byte(*body)))
				if *body != "" {
					req.Header.Set("Content-Type", "application/json")
				}
				if *token != "" {
					req.Header.Set("Authorization", "Bearer "+*token)
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						localErr++
					}
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				local = append(local, time.Since(t0))
				localCodes[resp.StatusCode]++
			}
			mu.Lock()
			lat = append(lat, local...)
			for c, n := range localCodes {
				codes[c] += n
			}
			transport += localErr
			mu.Unlock()
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	pct := func(p float64) float64 {
		if len(lat) == 0 {
			return 0
		}
		return float64(lat[min(len(lat)-1, int(p*float64(len(lat))))].Microseconds()) / 1000
	}
	fmt.Printf("%s %s: %d requests in %.1f s = %.0f req/s with %d connections; latency ms p50 %.2f p95 %.2f p99 %.2f max %.2f\n",
		*method, *url, len(lat), elapsed.Seconds(), float64(len(lat))/elapsed.Seconds(), *conc, pct(0.50), pct(0.95), pct(0.99), pct(1))
	var keys []int
	for c := range codes {
		keys = append(keys, c)
	}
	sort.Ints(keys)
	bad := transport
	fmt.Print("status codes:")
	for _, c := range keys {
		fmt.Printf(" %d×%d", c, codes[c])
		if c >= 500 {
			bad += codes[c]
		}
	}
	fmt.Printf("; transport errors: %d\n", transport)
	if bad > 0 && !*allow {
		os.Exit(1)
	}
}
