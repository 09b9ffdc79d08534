package store_test

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

func TestVectorsRoundTrip(t *testing.T) {
	ctx := t.Context()
	s := openStore(t)
	src, _ := s.EnsureSource(ctx, "folder", "/docs", "docs", "")
	page, err := s.ReplacePage(ctx, store.PageInput{SourceID: src.ID, URL: "file:///docs/a.md", FetchedAt: time.Now()},
		chunkInputs("file:///docs/a.md", "一つ目", "二つ目", "三つ目"))
	if err != nil {
		t.Fatal(err)
	}
	pending, err := s.PendingChunks(ctx, "m1", 0, 10)
	if err != nil || len(pending) != 3 {
		t.Fatalf("PendingChunks() = %v, %v; want 3 chunks", pending, err)
	}
	ids := []int64{pending[0].ID, pending[1].ID, pending[2].ID}
	want := map[int64][]float32{
		ids[0]: {0.6, 0.8, 0},
		ids[1]: {-1, 0, 0},
	}
	n, err := s.SaveVectors(ctx, "m1", []store.ChunkVector{{ids[0], want[ids[0]]}, {ids[1], want[ids[1]]}, {99999, []float32{1, 0, 0}}})
	if err != nil || n != 2 {
		t.Fatalf("SaveVectors() = %d, %v; want 2 (the unknown chunk skipped)", n, err)
	}
	got := map[int64][]float32{}
	if err := s.Vectors(ctx, "m1", func(id int64, v []float32) error {
		got[id] = append([]float32(nil), v...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Vectors() = %v, want %v", got, want)
	}
	// Saving again replaces.
	want[ids[1]] = []float32{0, -1, 0}
	if n, err := s.SaveVectors(ctx, "m1", []store.ChunkVector{{ids[1], want[ids[1]]}}); err != nil || n != 1 {
		t.Fatalf("SaveVectors(replace) = %d, %v", n, err)
	}
	got = map[int64][]float32{}
	s.Vectors(ctx, "m1", func(id int64, v []float32) error { got[id] = append([]float32(nil), v...); return nil })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Vectors(after replace) = %v, want %v", got, want)
	}
	if dim, _ := s.VectorDim(ctx, "m1"); dim != 3 {
		t.Errorf("VectorDim() = %d, want 3", dim)
	}
	if p, _ := s.PendingChunks(ctx, "m1", 0, 10); len(p) != 1 || p[0].ID != ids[2] || p[0].Text != "三つ目" {
		t.Errorf("PendingChunks(after save) = %+v, want only the third chunk", p)
	}
	if p, _ := s.PendingChunks(ctx, "m2", ids[0], 10); len(p) != 2 {
		t.Errorf("PendingChunks(other model, after first) = %+v, want 2", p)
	}
	if c, e, _ := s.VectorCounts(ctx, "m1"); c != 3 || e != 2 {
		t.Errorf("VectorCounts() = %d, %d; want 3, 2", c, e)
	}
	cs, err := s.ChunksByID(ctx, []int64{ids[2], 424242, ids[0]})
	if err != nil || len(cs) != 2 || cs[0].ID != ids[2] || cs[1].ID != ids[0] || cs[0].PageURL != "file:///docs/a.md" {
		t.Errorf("ChunksByID() = %+v, %v; want chunks 3 and 1 in that order", cs, err)
	}
	// Another model's vectors live beside, and go on DeleteVectorsExcept.
	if _, err := s.SaveVectors(ctx, "m2", []store.ChunkVector{{ids[0], []float32{1, 2}}}); err != nil {
		t.Fatal(err)
	}
	if n, err := s.DeleteVectorsExcept(ctx, "m2"); err != nil || n != 2 {
		t.Errorf("DeleteVectorsExcept() = %d, %v; want 2", n, err)
	}
	// Deleting the page takes its vectors.
	if err := s.DeletePage(ctx, page); err != nil {
		t.Fatal(err)
	}
	if ids, _ := s.VectorIDs(ctx, "m2"); len(ids) != 0 {
		t.Errorf("VectorIDs(after page delete) = %v, want none", ids)
	}
}

func TestSaveVectorsRejects(t *testing.T) {
	ctx := t.Context()
	s := openStore(t)
	src, _ := s.EnsureSource(ctx, "folder", "/docs", "docs", "")
	if _, err := s.ReplacePage(ctx, store.PageInput{SourceID: src.ID, URL: "file:///docs/a.md", FetchedAt: time.Now()},
		chunkInputs("file:///docs/a.md", "一つ目", "二つ目")); err != nil {
		t.Fatal(err)
	}
	p, _ := s.PendingChunks(ctx, "m", 0, 10)
	a, b := p[0].ID, p[1].ID
	if _, err := s.SaveVectors(ctx, "m", []store.ChunkVector{{a, []float32{1, 0, 0}}}); err != nil {
		t.Fatal(err)
	}
	nan := float32(math.NaN())
	inf := float32(math.Inf(1))
	tests := []struct {
		name string
		vs   []store.ChunkVector
		want string
	}{
		{"NaN", []store.ChunkVector{{b, []float32{1, nan, 0}}}, "value 1 is NaN"},
		{"Inf", []store.ChunkVector{{b, []float32{inf, 0, 0}}}, "value 0 is +Inf"},
		{"zero", []store.ChunkVector{{b, []float32{0, 0, 0}}}, "all 3 values are zero"},
		{"empty", []store.ChunkVector{{b, nil}}, "empty"},
		{"mixed batch", []store.ChunkVector{{b, []float32{1, 0, 0}}, {a, []float32{1, 0}}}, "dimension 2, the batch has 3"},
		{"stored dimension", []store.ChunkVector{{b, []float32{1, 0}}}, "gave dimension 2 but its stored vectors have 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.SaveVectors(ctx, "m", tt.vs)
			if !errors.Is(err, store.ErrBadVector) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("SaveVectors() err = %v, want ErrBadVector with %q", err, tt.want)
			}
		})
	}
	if ids, _ := s.VectorIDs(ctx, "m"); len(ids) != 1 || !ids[a] {
		t.Errorf("after rejected writes VectorIDs() = %v, want only the first chunk", ids)
	}
}

func TestEncodeVectorLittleEndian(t *testing.T) {
	b := store.EncodeVector([]float32{1, -2})
	if want := []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0}; !reflect.DeepEqual(b, want) {
		t.Errorf("EncodeVector() = % x, want % x", b, want)
	}
	if _, err := store.DecodeVector(nil, b, 3); !errors.Is(err, store.ErrBadVector) {
		t.Errorf("DecodeVector(wrong dim) err = %v", err)
	}
}

func FuzzDecodeVector(f *testing.F) {
	f.Add([]byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0}, 2)
	f.Add([]byte{0, 0, 0xc0, 0x7f}, 1) // NaN
	f.Add([]byte{1, 2, 3}, 1)
	f.Fuzz(func(t *testing.T, b []byte, dim int) {
		v, err := store.DecodeVector(nil, b, dim)
		if err != nil {
			if !errors.Is(err, store.ErrBadVector) {
				t.Fatalf("DecodeVector() err = %v, not ErrBadVector", err)
			}
			return
		}
		if len(v) != dim || store.CheckVector(v) != nil {
			t.Fatalf("DecodeVector() = %v accepted a bad vector", v)
		}
		if got := store.EncodeVector(v); !reflect.DeepEqual(got, b) {
			t.Fatalf("round trip % x -> % x", b, got)
		}
	})
}
