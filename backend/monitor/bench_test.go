package monitor

import (
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// BenchmarkSample is one sampling step on this machine: a gopsutil
// reading (CPU, memory, disk, own process, the ollama processes; the
// process table is rescanned every 6th reading as at run time) plus the
// alert arithmetic over a 5-minute window of 300 operations. At the default
// 10 s interval the CPU overhead is ns/op ÷ 10^10.
func BenchmarkSample(b *testing.B) {
	hr, err := NewHostReader(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	recent := make([]store.Metric, 300)
	for i := range recent {
		recent[i] = store.Metric{Op: OpQuery, Duration: time.Duration(i) * time.Millisecond, OK: i%7 != 0}
	}
	r := newRules(Hysteresis{})
	th := DefaultThresholds()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		rd, err := hr.Read(b.Context())
		if err != nil {
			b.Fatal(err)
		}
		r.step(observe(rd, recent, 5), th, time.Now())
	}
}

// BenchmarkRecord is the cost a request pays to record its latency.
func BenchmarkRecord(b *testing.B) {
	s := New(Options{})
	for i := 0; i < b.N; i++ {
		s.Record(OpQuery, time.Millisecond, nil)
		if i%10000 == 0 {
			s.metrics.take()
		}
	}
}
