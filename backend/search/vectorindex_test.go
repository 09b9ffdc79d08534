package search

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

func TestVectorIndex(t *testing.T) {
	x := NewVectorIndex(3)
	for id, v := range map[int64][]float32{1: {1, 0, 0}, 2: {0, 1, 0}, 3: {1, 1, 0}, 4: {0, 0, 5}} {
		if err := x.Add(id, v); err != nil {
			t.Fatal(err)
		}
	}
	hits, err := x.Search([]float32{2, 0.1, 0}, 2)
	if err != nil || len(hits) != 2 || hits[0].ID != 1 || hits[1].ID != 3 {
		t.Fatalf("Search() = %v, %v; want chunks 1 then 3", hits, err)
	}
	if math.Abs(float64(hits[0].Score)-0.99875) > 1e-4 {
		t.Errorf("score %v is not the cosine 0.99875", hits[0].Score)
	}
	x.Remove(1, 77)
	if err := x.Add(3, []float32{0, 0, -1}); err != nil { // replace
		t.Fatal(err)
	}
	hits, _ = x.Search([]float32{2, 0.1, 0}, 10)
	if x.Len() != 3 || len(hits) != 3 || hits[0].ID != 2 {
		t.Errorf("after remove and replace: Len %d, Search() = %v", x.Len(), hits)
	}
	tests := []struct {
		name string
		err  error
	}{
		{"add wrong dim", x.Add(9, []float32{1, 2})},
		{"add NaN", x.Add(9, []float32{1, float32(math.NaN()), 0})},
		{"add zero", x.Add(9, []float32{0, 0, 0})},
		{"query wrong dim", func() error { _, err := x.Search([]float32{1}, 1); return err }()},
	}
	for _, tt := range tests {
		if !errors.Is(tt.err, store.ErrBadVector) {
			t.Errorf("%s: err = %v, want ErrBadVector", tt.name, tt.err)
		}
	}
}

// clustered returns n unit vectors around 200 topic centres (cosine about
// 0.2 within a topic: real embeddings cluster, usually more tightly), and
// queries near chosen documents (cosine about 0.6).
func clustered(n, dim, queries int) (docs, qs [][]float32) {
	r := rand.New(rand.NewPCG(5, 5))
	centres := make([][]float32, 200)
	for i := range centres {
		centres[i] = unit(randomVec(r, dim))
	}
	mix := func(a []float32, wa float64, b []float32, wb float64) []float32 {
		out := make([]float32, len(a))
		for i := range a {
			out[i] = float32(wa)*a[i] + float32(wb)*b[i]
		}
		return unit(out)
	}
	for range n {
		docs = append(docs, mix(centres[r.IntN(len(centres))], 0.45, unit(randomVec(r, dim)), 0.9))
	}
	for range queries {
		qs = append(qs, mix(docs[r.IntN(n)], 0.6, unit(randomVec(r, dim)), 0.8))
	}
	return docs, qs
}

func unit(v []float32) []float32 {
	n := float32(math.Sqrt(float64(dot(v, v))))
	for i := range v {
		v[i] /= n
	}
	return v
}

// TestShortlistRecall compares the sign-bit shortlist with exact scoring
// on loosely clustered data (harder than real embeddings), keeping the
// same share of the vectors as the default does at 100,000 chunks.
func TestShortlistRecall(t *testing.T) {
	if raceEnabled {
		t.Skip("a quality measurement of pure computation; too slow under the race detector (run without -race)")
	}
	const n, dim = 20_000, 1024
	docs, qs := clustered(n, dim, 40)
	exact, fast := NewVectorIndex(dim), NewVectorIndex(dim)
	exact.ExactBelow, fast.ExactBelow = math.MaxInt, 0
	fast.Shortlist = 0 // 5% of the index, as at 100,000 chunks
	for i, d := range docs {
		exact.Add(int64(i), d)
		fast.Add(int64(i), d)
	}
	for _, k := range []int{10, 50} { // 50 is the hybrid's depth
		found, total := 0, 0
		for _, q := range qs {
			want, _ := exact.Search(q, k)
			got, _ := fast.Search(q, k)
			in := map[int64]bool{}
			for _, h := range got {
				in[h.ID] = true
			}
			for _, h := range want {
				total++
				if in[h.ID] {
					found++
				}
			}
		}
		recall := float64(found) / float64(total)
		t.Logf("shortlist recall@%d against exact: %.3f (%d vectors, shortlist %d)", k, recall, n, max(20*k, n/20))
		if recall < 0.9 {
			t.Errorf("shortlist recall@%d = %.3f, want ≥ 0.9", k, recall)
		}
	}
}
