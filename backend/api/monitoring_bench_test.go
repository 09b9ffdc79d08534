package api

import (
	"net/http/httptest"
	"testing"
)

// BenchmarkHealth is GET /api/health through the whole middleware chain
// with a real store behind a real monitor (two SQLite reads per request).
// The second-process figure (req/s, p99) comes from build/loadgen; see
// build/scripts/bench.sh.
func BenchmarkHealth(b *testing.B) { benchmarkGET(b, "/api/health") }

// BenchmarkSystemStatus is GET /api/system/status: health, the last
// sample, queue, cache and an active-session count.
func BenchmarkSystemStatus(b *testing.B) { benchmarkGET(b, "/api/system/status") }

// BenchmarkPerformance is GET /api/system/performance over two records.
func BenchmarkPerformance(b *testing.B) { benchmarkGET(b, "/api/system/performance") }

func benchmarkGET(b *testing.B, path string) {
	srv, _, _ := newMonitored(b, 15000)
	h := srv.Handler()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			if rec.Code != 200 {
				b.Fatalf("%s = %d", path, rec.Code)
			}
		}
	})
}
