package search

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"
)

func randomVec(r *rand.Rand, dim int) []float32 {
	v := make([]float32, dim)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	return v
}

// BenchmarkVectorScale: top-50 search over n random 1,024-dim vectors,
// with the sign-bit shortlist (default from DefaultExactBelow on) and
// fully exact. go test -run '^$' -bench VectorScale -benchmem ./backend/search/
func BenchmarkVectorScale(b *testing.B) {
	const dim = 1024
	for _, c := range []struct {
		n     int
		exact bool
	}{{1_000, false}, {10_000, false}, {10_000, true}, {100_000, false}, {100_000, true}} {
		n := c.n
		name := fmt.Sprintf("chunks=%d", n)
		if c.exact {
			name += "/exact"
		}
		b.Run(name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			x := NewVectorIndex(dim)
			if c.exact {
				x.ExactBelow = n + 1
			}
			x.Grow(n)
			for i := range n {
				if err := x.Add(int64(i+1), randomVec(r, dim)); err != nil {
					b.Fatal(err)
				}
			}
			qs := make([][]float32, 16)
			for i := range qs {
				qs[i] = randomVec(r, dim)
			}
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				if _, err := x.Search(qs[i%len(qs)], 50); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(x.Bytes())/1e6, "index-MB")
		})
	}
}
