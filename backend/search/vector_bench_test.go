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

// BenchmarkVectorScale: exhaustive top-50 search over n random 1,024-dim
// vectors. go test -run '^$' -bench VectorScale -benchmem ./backend/search/
func BenchmarkVectorScale(b *testing.B) {
	const dim = 1024
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			r := rand.New(rand.NewPCG(1, 2))
			x := NewVectorIndex(dim)
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
			b.ReportMetric(float64(x.Bytes())/1e6, "index-MB")
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				if _, err := x.Search(qs[i%len(qs)], 50); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
