package ollamatest

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

// ggufFile is what the test reader gets out of a GGUF file.
type ggufFile struct {
	version uint32
	meta    map[string]any
	tensors map[string]tensorInfo
	data    int    // bytes of tensor data after the aligned header
	raw     []byte // the whole file
}

type tensorInfo struct {
	dims   []uint64
	typ    uint32
	offset uint64
}

// ggufReader is a minimal, independent GGUF v3 reader for the tests.
type ggufReader struct {
	b   []byte
	off int
	err error
}

func (r *ggufReader) next(n int) []byte {
	if r.err != nil {
		return make([]byte, n)
	}
	if n < 0 || r.off+n > len(r.b) {
		r.err = fmt.Errorf("truncated at %d (want %d bytes)", r.off, n)
		return make([]byte, max(n, 0))
	}
	p := r.b[r.off : r.off+n]
	r.off += n
	return p
}

func (r *ggufReader) u32() uint32 { return binary.LittleEndian.Uint32(r.next(4)) }
func (r *ggufReader) u64() uint64 { return binary.LittleEndian.Uint64(r.next(8)) }
func (r *ggufReader) str() string {
	n := r.u64()
	if n > 1<<20 {
		r.err = fmt.Errorf("string of %d bytes", n)
		return ""
	}
	return string(r.next(int(n)))
}

func (r *ggufReader) value(typ uint32) any {
	switch typ {
	case 0, 1, 7:
		return r.next(1)[0]
	case 2, 3:
		return binary.LittleEndian.Uint16(r.next(2))
	case 4:
		return r.u32()
	case 5:
		return int32(r.u32())
	case 6:
		return math.Float32frombits(r.u32())
	case 8:
		return r.str()
	case 9:
		at, n := r.u32(), r.u64()
		if n > 1<<20 {
			r.err = fmt.Errorf("array of %d items", n)
			return nil
		}
		out := make([]any, 0, n)
		for range n {
			out = append(out, r.value(at))
		}
		return out
	case 10, 11:
		return r.u64()
	case 12:
		return math.Float64frombits(r.u64())
	}
	r.err = fmt.Errorf("unknown value type %d", typ)
	return nil
}

func parseGGUF(b []byte) (*ggufFile, error) {
	r := &ggufReader{b: b}
	if string(r.next(4)) != "GGUF" {
		return nil, errors.New("no GGUF magic")
	}
	f := &ggufFile{version: r.u32(), meta: map[string]any{}, tensors: map[string]tensorInfo{}, raw: b}
	nt, nkv := r.u64(), r.u64()
	for range nkv {
		k := r.str()
		f.meta[k] = r.value(r.u32())
	}
	for range nt {
		name := r.str()
		ti := tensorInfo{dims: make([]uint64, r.u32())}
		for i := range ti.dims {
			ti.dims[i] = r.u64()
		}
		ti.typ, ti.offset = r.u32(), r.u64()
		f.tensors[name] = ti
	}
	if r.err != nil {
		return nil, r.err
	}
	start := (r.off + 31) / 32 * 32
	f.data = len(b) - start
	for name, ti := range f.tensors {
		n := uint64(4)
		for _, d := range ti.dims {
			n *= d
		}
		if ti.offset%32 != 0 || ti.offset+n > uint64(f.data) {
			return nil, fmt.Errorf("tensor %s at %d+%d outside %d data bytes", name, ti.offset, n, f.data)
		}
	}
	return f, nil
}

func TestGGUF(t *testing.T) {
	tests := []struct {
		kind    Kind
		canned  string
		arch    string
		tensors int
		vocab   int
	}{
		// specials, 256 bytes, ▁, a-z, 20 words
		{RandomLlama, "", "llama", 2 + 2*9 + 1, 3 + 256 + 1 + 26 + 20},
		// specials, 256 bytes, one piece per word
		{CannedLlama, "Hello from tiny llama!", "llama", 2 + 2*9 + 1, 3 + 256 + 4},
		{CannedLlama, "玄界は九州大学のスーパーコンピュータです。", "llama", 2 + 2*9 + 1, 3 + 256 + 1},
		// specials, 68 ASCII, 36 ##suffixes, 20 words
		{BertEmbedder, "", "bert", 5 + 2*16, 5 + 68 + 36 + 20},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String()+"/"+tt.canned, func(t *testing.T) {
			a, err := GGUF(tt.kind, tt.canned)
			if err != nil {
				t.Fatal(err)
			}
			b, err := GGUF(tt.kind, tt.canned)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a, b) {
				t.Fatal("two writes differ: the GGUF is not deterministic")
			}
			f, err := parseGGUF(a)
			if err != nil {
				t.Fatal(err)
			}
			if f.version != 3 {
				t.Errorf("version %d, want 3", f.version)
			}
			if got := f.meta["general.architecture"]; got != tt.arch {
				t.Errorf("architecture %v, want %s", got, tt.arch)
			}
			if got := f.meta[tt.arch+".embedding_length"]; got != uint32(EmbeddingDim) {
				t.Errorf("embedding_length %v, want %d", got, EmbeddingDim)
			}
			if len(f.tensors) != tt.tensors {
				t.Errorf("%d tensors, want %d", len(f.tensors), tt.tensors)
			}
			tokens, _ := f.meta["tokenizer.ggml.tokens"].([]any)
			if len(tokens) != tt.vocab {
				t.Errorf("%d tokens, want %d", len(tokens), tt.vocab)
			}
			if emb := f.tensors["token_embd.weight"]; len(emb.dims) != 2 || emb.dims[0] != EmbeddingDim || emb.dims[1] != uint64(len(tokens)) {
				t.Errorf("token_embd dims %v, want [%d %d]", emb.dims, EmbeddingDim, len(tokens))
			}
			if tt.canned != "" {
				if got := decodeChain(t, f); got != tt.canned {
					t.Errorf("the canned chain decodes to %q, want %q", got, tt.canned)
				}
			}
		})
	}
}

// decodeChain follows the canned llama's weights from state 0 (an ordinary
// token) to </s>, as the model would, and detokenizes the chain.
func decodeChain(t *testing.T, f *ggufFile) string {
	t.Helper()
	tokens := f.meta["tokenizer.ggml.tokens"].([]any)
	dim := int(f.meta["llama.embedding_length"].(uint32))
	raw := func(name string) []float32 {
		ti := f.tensors[name]
		n := int(ti.dims[0] * ti.dims[1])
		start := len(f.raw) - f.data + int(ti.offset)
		out := make([]float32, n)
		for i := range out {
			out[i] = math.Float32frombits(binary.LittleEndian.Uint32(f.raw[start+4*i:]))
		}
		return out
	}
	emb, out := raw("token_embd.weight"), raw("output.weight")
	state := 0
	var sb strings.Builder
	for step := 0; step <= len(tokens); step++ {
		best, bestLogit := -1, float32(0)
		for tok := range tokens {
			if l := out[tok*dim+state]; l > bestLogit {
				best, bestLogit = tok, l
			}
		}
		if best < 0 {
			t.Fatalf("state %d: no token has a positive logit", state)
		}
		if best == 2 {
			return strings.ReplaceAll(sb.String(), spaceMark, " ")
		}
		sb.WriteString(tokens[best].(string))
		state = -1
		for i := range dim {
			if emb[best*dim+i] == 1 {
				state = i
			}
		}
		if state < 0 {
			t.Fatalf("token %d has no state", best)
		}
	}
	t.Fatal("the chain never reaches </s>")
	return ""
}

func TestCannedPieces(t *testing.T) {
	tests := []struct {
		canned  string
		wantErr string
	}{
		{"Hello from tiny llama!", ""},
		{"the cat and the dog", ""},
		{"ok ok ok", ""},
		{"a", ""},
		{"is it ok? ok. ok", ""},
		{"x x x", "repeats too often"},
		{"", "empty"},
		{"two  spaces", "repeated spaces"},
		{" leading", "repeated spaces"},
		{"bad \xff utf8", "UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.canned, func(t *testing.T) {
			b, err := GGUF(CannedLlama, tt.canned)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			f, err := parseGGUF(b)
			if err != nil {
				t.Fatal(err)
			}
			if got := decodeChain(t, f); got != tt.canned {
				t.Errorf("chain decodes to %q, want %q", got, tt.canned)
			}
		})
	}
}

func TestGGUFRejects(t *testing.T) {
	if _, err := GGUF(RandomLlama, "text"); err == nil {
		t.Error("a canned text for RandomLlama was accepted")
	}
	if _, err := GGUF(Kind(99), ""); err == nil || !strings.Contains(err.Error(), "unknown model kind") {
		t.Errorf("unknown kind: err = %v", err)
	}
}

// FuzzCannedGGUF: any canned text either is refused with an error or gives
// a parseable GGUF whose chain decodes back to exactly that text.
func FuzzCannedGGUF(f *testing.F) {
	for _, s := range []string{"Hello from tiny llama!", "the the the", "玄界 玄界", "a b", "\n", "x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, canned string) {
		if len(canned) > 400 {
			t.Skip()
		}
		b, err := GGUF(CannedLlama, canned)
		if err != nil {
			return
		}
		if !utf8.ValidString(canned) {
			t.Fatalf("invalid UTF-8 %q accepted", canned)
		}
		g, err := parseGGUF(b)
		if err != nil {
			t.Fatal(err)
		}
		if got := decodeChain(t, g); got != canned {
			t.Fatalf("chain decodes to %q, want %q", got, canned)
		}
	})
}

func BenchmarkGGUF(b *testing.B) {
	for _, k := range []Kind{RandomLlama, BertEmbedder} {
		b.Run(k.String(), func(b *testing.B) {
			for b.Loop() {
				if _, err := GGUF(k, ""); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
