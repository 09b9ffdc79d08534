package ollamatest

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"
)

// Kind selects one of the tiny generated models.
type Kind int

const (
	// RandomLlama is a llama (dim 64, 2 layers, ~0.5 MB) with random
	// weights: it answers gibberish, embeds to dim 64, and is created with
	// num_predict 32 so a reply stays short.
	RandomLlama Kind = iota + 1
	// CannedLlama is a llama that answers every prompt with a fixed text,
	// token by token, then stops: exact-output assertions on chat streams.
	CannedLlama
	// BertEmbedder is a BERT embedder (dim 64, mean pooling, normalized):
	// /api/embed works, /api/chat and /api/generate do not.
	BertEmbedder
)

// EmbeddingDim is the embedding length of every generated model.
const EmbeddingDim = 64

// String names the kind as the tests and error messages show it.
func (k Kind) String() string {
	switch k {
	case RandomLlama:
		return "random-llama"
	case CannedLlama:
		return "canned-llama"
	case BertEmbedder:
		return "bert-embedder"
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// GGUF returns the GGUF v3 file of a tiny model of the given kind. canned is
// the answer of a CannedLlama and must be empty for the other kinds. The
// bytes depend only on the arguments (fixed seeds, no map iteration), so the
// blob digest is stable across runs and machines.
//
// A canned text is split at spaces into pieces that become new vocabulary
// tokens, each used once; it fails with an error if it is empty, not UTF-8,
// has leading, trailing or repeated spaces, or repeats a word so often that
// it cannot be split into fresh pieces (a two-letter word works 3 times).
func GGUF(kind Kind, canned string) ([]byte, error) {
	if kind != CannedLlama && canned != "" {
		return nil, fmt.Errorf("gguf %s: a canned text is only for CannedLlama", kind)
	}
	var buf bytes.Buffer
	var err error
	switch kind {
	case RandomLlama:
		err = writeLlama(&buf, "")
	case CannedLlama:
		if canned == "" {
			return nil, fmt.Errorf("gguf %s: the canned text is empty", kind)
		}
		err = writeLlama(&buf, canned)
	case BertEmbedder:
		err = writeBert(&buf)
	default:
		err = fmt.Errorf("unknown model kind %d", int(kind))
	}
	if err != nil {
		return nil, fmt.Errorf("gguf %s: %w", kind, err)
	}
	return buf.Bytes(), nil
}

// GGUF metadata value types.
const (
	ggufUint32  = 4
	ggufInt32   = 5
	ggufFloat32 = 6
	ggufBool    = 7
	ggufString  = 8
	ggufArray   = 9
)

const (
	ggufVersion = 3
	ggufAlign   = 32
	ggmlF32     = 0
)

// kv is the ordered metadata of a GGUF file.
type kv struct {
	buf   bytes.Buffer
	count uint64
}

func (m *kv) key(k string, typ uint32) {
	m.count++
	writeString(&m.buf, k)
	le(&m.buf, typ)
}

func (m *kv) str(k, v string)        { m.key(k, ggufString); writeString(&m.buf, v) }
func (m *kv) u32(k string, v uint32) { m.key(k, ggufUint32); le(&m.buf, v) }
func (m *kv) f32(k string, v float32) {
	m.key(k, ggufFloat32)
	le(&m.buf, math.Float32bits(v))
}

func (m *kv) boolean(k string, v bool) {
	m.key(k, ggufBool)
	b := uint8(0)
	if v {
		b = 1
	}
	le(&m.buf, b)
}

func (m *kv) strings(k string, v []string) {
	m.key(k, ggufArray)
	le(&m.buf, uint32(ggufString))
	le(&m.buf, uint64(len(v)))
	for _, s := range v {
		writeString(&m.buf, s)
	}
}

func (m *kv) f32s(k string, v []float32) {
	m.key(k, ggufArray)
	le(&m.buf, uint32(ggufFloat32))
	le(&m.buf, uint64(len(v)))
	for _, f := range v {
		le(&m.buf, math.Float32bits(f))
	}
}

func (m *kv) i32s(k string, v []int32) {
	m.key(k, ggufArray)
	le(&m.buf, uint32(ggufInt32))
	le(&m.buf, uint64(len(v)))
	for _, i := range v {
		le(&m.buf, i)
	}
}

// tensor is one F32 tensor; dims are in ggml order (ne0 first).
type tensor struct {
	name string
	dims []uint64
	data []float32
}

func le(w *bytes.Buffer, v any) { _ = binary.Write(w, binary.LittleEndian, v) }

func writeString(w *bytes.Buffer, s string) {
	le(w, uint64(len(s)))
	w.WriteString(s)
}

func pad(n int) int { return (ggufAlign - n%ggufAlign) % ggufAlign }

// writeGGUF writes the header, metadata, tensor infos and aligned data.
func writeGGUF(w io.Writer, meta *kv, tensors []tensor) error {
	var h bytes.Buffer
	h.WriteString("GGUF")
	le(&h, uint32(ggufVersion))
	le(&h, uint64(len(tensors)))
	le(&h, meta.count)
	h.Write(meta.buf.Bytes())
	var offset uint64
	for _, t := range tensors {
		n := uint64(1)
		for _, d := range t.dims {
			n *= d
		}
		if n != uint64(len(t.data)) {
			return fmt.Errorf("tensor %s: dims %v need %d values, have %d", t.name, t.dims, n, len(t.data))
		}
		writeString(&h, t.name)
		le(&h, uint32(len(t.dims)))
		for _, d := range t.dims {
			le(&h, d)
		}
		le(&h, uint32(ggmlF32))
		le(&h, offset)
		size := 4 * len(t.data)
		offset += uint64(size + pad(size))
	}
	h.Write(make([]byte, pad(h.Len())))
	for _, t := range tensors {
		le(&h, t.data)
		h.Write(make([]byte, pad(4*len(t.data))))
	}
	_, err := w.Write(h.Bytes())
	return err
}

// rng is splitmix64 with Box-Muller normals: tiny, and its output is fixed
// forever (unlike a library generator that may change between releases).
type rng struct{ state uint64 }

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// uniform is in (0, 1].
func (r *rng) uniform() float64 { return float64(r.next()>>11+1) / (1 << 53) }

func (r *rng) gauss(n int, scale float64) []float32 {
	out := make([]float32, n)
	for i := 0; i < n; i += 2 {
		radius := math.Sqrt(-2 * math.Log(r.uniform()))
		theta := 2 * math.Pi * r.uniform()
		out[i] = float32(scale * radius * math.Cos(theta))
		if i+1 < n {
			out[i+1] = float32(scale * radius * math.Sin(theta))
		}
	}
	return out
}

func fill(n int, v float32) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// words are whole-word pieces of the random models' vocabularies.
var words = []string{"the", "a", "and", "of", "to", "in", "is", "it", "hello", "world", "why",
	"sky", "blue", "cat", "dog", "llama", "test", "ok", "yes", "no"}

// SentencePiece token types.
const (
	tokNormal  = 1
	tokUnknown = 2
	tokControl = 3
	tokByte    = 6
)

// spaceMark is SentencePiece's visible space, prefixed to word pieces.
const spaceMark = "\u2581"

// cannedPieces splits a canned answer into vocabulary pieces, none of them
// in taken nor repeated: each space becomes the spaceMark prefix of the next
// word; a word already taken is split into fresh pieces.
func cannedPieces(canned string, taken map[string]bool) ([]string, error) {
	if canned == "" {
		return nil, fmt.Errorf("canned text is empty")
	}
	if !utf8.ValidString(canned) {
		return nil, fmt.Errorf("canned text is not valid UTF-8")
	}
	if strings.Contains(canned, spaceMark) {
		return nil, fmt.Errorf("canned text contains %q, which the tokenizer turns into a space", spaceMark)
	}
	var pieces []string
	for i, w := range strings.Split(canned, " ") {
		if w == "" {
			return nil, fmt.Errorf("canned text %q: leading, trailing or repeated spaces are not supported", canned)
		}
		if i > 0 {
			w = spaceMark + w
		}
		budget := 10000
		seg, ok := segment(w, taken, &budget)
		if !ok {
			return nil, fmt.Errorf("canned text %q: the word %q repeats too often to get fresh tokens; rephrase it", canned, strings.TrimPrefix(w, spaceMark))
		}
		pieces = append(pieces, seg...)
	}
	return pieces, nil
}

// segment splits w into pieces not in taken (and marks them taken),
// preferring few long pieces; a lone spaceMark is never a piece. budget
// bounds the search.
func segment(w string, taken map[string]bool, budget *int) ([]string, bool) {
	if *budget--; *budget < 0 {
		return nil, false
	}
	if !taken[w] && w != spaceMark {
		taken[w] = true
		return []string{w}, true
	}
	// longest head first; at least one rune left for the rest
	cuts := []int{}
	for j := range w {
		if j > 0 {
			cuts = append(cuts, j)
		}
	}
	for k := len(cuts) - 1; k >= 0; k-- {
		head := w[:cuts[k]]
		if taken[head] || head == spaceMark {
			continue
		}
		taken[head] = true
		if rest, ok := segment(w[cuts[k]:], taken, budget); ok {
			return append([]string{head}, rest...), true
		}
		delete(taken, head)
	}
	return nil, false
}

// writeLlama writes a llama with a SentencePiece ("llama") tokenizer:
// <unk> <s> </s>, 256 byte tokens, then pieces. With canned set, attention
// and FFN outputs are zero, so the residual stream is the current token's
// embedding; one-hot "state" embeddings and output rows form a fixed chain
// piece 1 → piece 2 … → </s>, whatever the prompt.
func writeLlama(w io.Writer, canned string) error {
	const nLayer, nFF, nHead, nCtx = 2, 128, 2, 2048
	r := &rng{state: 1234}
	tokens := []string{"<unk>", "<s>", "</s>"}
	scores := []float32{0, 0, 0}
	types := []int32{tokUnknown, tokControl, tokControl}
	for b := range 256 {
		tokens = append(tokens, fmt.Sprintf("<0x%02X>", b))
		scores = append(scores, 0)
		types = append(types, tokByte)
	}
	var pieces []string
	if canned == "" { // the canned llama leaves all text pieces to its answer
		pieces = append(pieces, spaceMark)
		for c := 'a'; c <= 'z'; c++ {
			pieces = append(pieces, string(c))
		}
		for _, w := range words {
			pieces = append(pieces, spaceMark+w)
		}
	}
	for i, p := range pieces {
		tokens = append(tokens, p)
		scores = append(scores, -float32(i+1))
		types = append(types, tokNormal)
	}
	var chain []int
	nEmbd := EmbeddingDim
	if canned != "" {
		taken := make(map[string]bool, len(tokens))
		for _, t := range tokens {
			taken[t] = true
		}
		cp, err := cannedPieces(canned, taken)
		if err != nil {
			return err
		}
		for i, p := range cp {
			chain = append(chain, len(tokens))
			tokens = append(tokens, p)
			scores = append(scores, -1000-float32(i)) // never preferred by the tokenizer
			types = append(types, tokNormal)
		}
		// one state per chain token plus the start state: widen past 64 if needed
		for len(chain)+1 > nEmbd {
			nEmbd += EmbeddingDim
		}
	}
	nVocab := len(tokens)

	m := &kv{}
	m.str("general.architecture", "llama")
	m.str("general.name", "tiny-llama-random")
	m.u32("general.file_type", 0) // ALL_F32
	m.u32("llama.context_length", nCtx)
	m.u32("llama.embedding_length", uint32(nEmbd))
	m.u32("llama.block_count", nLayer)
	m.u32("llama.feed_forward_length", nFF)
	m.u32("llama.attention.head_count", nHead)
	m.u32("llama.attention.head_count_kv", nHead)
	m.u32("llama.rope.dimension_count", uint32(nEmbd/nHead))
	m.f32("llama.rope.freq_base", 10000)
	m.f32("llama.attention.layer_norm_rms_epsilon", 1e-5)
	m.u32("llama.vocab_size", uint32(nVocab))
	m.str("tokenizer.ggml.model", "llama")
	m.strings("tokenizer.ggml.tokens", tokens)
	m.f32s("tokenizer.ggml.scores", scores)
	m.i32s("tokenizer.ggml.token_type", types)
	m.u32("tokenizer.ggml.unknown_token_id", 0)
	m.u32("tokenizer.ggml.bos_token_id", 1)
	m.u32("tokenizer.ggml.eos_token_id", 2)
	m.boolean("tokenizer.ggml.add_bos_token", true)
	m.boolean("tokenizer.ggml.add_eos_token", false)

	e, v, f := uint64(nEmbd), uint64(nVocab), uint64(nFF)
	var ts []tensor
	var out []float32
	if canned != "" {
		emb := make([]float32, nEmbd*nVocab) // row t (token t) = e_state(t)
		out = make([]float32, nEmbd*nVocab)  // logits[t] = out row t · h
		for t := range nVocab {
			emb[t*nEmbd] = 1 // state 0 for every ordinary token
		}
		for j, t := range chain {
			emb[t*nEmbd] = 0
			emb[t*nEmbd+j+1] = 1 // chain token j → state j+1
			out[t*nEmbd+j] = 4   // state j → chain token j
		}
		out[2*nEmbd+len(chain)] = 4 // last state → </s>
		ts = append(ts, tensor{"token_embd.weight", []uint64{e, v}, emb})
	} else {
		ts = append(ts, tensor{"token_embd.weight", []uint64{e, v}, r.gauss(nEmbd*nVocab, 1)})
	}
	mix := func(n int) []float32 { // a block's output projection: zero for canned
		if canned != "" {
			return make([]float32, n)
		}
		return r.gauss(n, 0.2)
	}
	for i := range nLayer {
		p := fmt.Sprintf("blk.%d.", i)
		ts = append(ts,
			tensor{p + "attn_norm.weight", []uint64{e}, fill(nEmbd, 1)},
			tensor{p + "attn_q.weight", []uint64{e, e}, r.gauss(nEmbd*nEmbd, 0.2)},
			tensor{p + "attn_k.weight", []uint64{e, e}, r.gauss(nEmbd*nEmbd, 0.2)},
			tensor{p + "attn_v.weight", []uint64{e, e}, r.gauss(nEmbd*nEmbd, 0.2)},
			tensor{p + "attn_output.weight", []uint64{e, e}, mix(nEmbd * nEmbd)},
			tensor{p + "ffn_norm.weight", []uint64{e}, fill(nEmbd, 1)},
			tensor{p + "ffn_gate.weight", []uint64{e, f}, r.gauss(nEmbd*nFF, 0.2)},
			tensor{p + "ffn_up.weight", []uint64{e, f}, r.gauss(nEmbd*nFF, 0.2)},
			tensor{p + "ffn_down.weight", []uint64{f, e}, mix(nFF * nEmbd)},
		)
	}
	if out == nil {
		out = r.gauss(nEmbd*nVocab, 0.5)
	}
	ts = append(ts,
		tensor{"output_norm.weight", []uint64{e}, fill(nEmbd, 1)},
		tensor{"output.weight", []uint64{e, v}, out},
	)
	return writeGGUF(w, m, ts)
}

// writeBert writes a BERT embedder with a WordPiece ("bert") tokenizer,
// mean pooling and normalized output.
func writeBert(w io.Writer) error {
	const nEmbd, nLayer, nHead, nFF, nCtx = EmbeddingDim, 2, 2, 128, 512
	r := &rng{state: 4321}
	tokens := []string{"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"}
	types := []int32{tokControl, tokUnknown, tokControl, tokControl, tokControl}
	for _, c := range "!\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~" {
		tokens = append(tokens, string(c))
		types = append(types, tokNormal)
	}
	for _, c := range "abcdefghijklmnopqrstuvwxyz0123456789" {
		tokens = append(tokens, "##"+string(c))
		types = append(types, tokNormal)
	}
	for _, wd := range words {
		tokens = append(tokens, wd)
		types = append(types, tokNormal)
	}
	nVocab := len(tokens)

	m := &kv{}
	m.str("general.architecture", "bert")
	m.str("general.name", "tiny-bert-random")
	m.u32("general.file_type", 0)
	m.u32("bert.context_length", nCtx)
	m.u32("bert.embedding_length", nEmbd)
	m.u32("bert.block_count", nLayer)
	m.u32("bert.feed_forward_length", nFF)
	m.u32("bert.attention.head_count", nHead)
	m.f32("bert.attention.layer_norm_epsilon", 1e-12)
	m.boolean("bert.attention.causal", false)
	m.u32("bert.pooling_type", 1) // MEAN
	m.boolean("bert.normalize_embeddings", true)
	m.str("tokenizer.ggml.model", "bert")
	m.strings("tokenizer.ggml.tokens", tokens)
	m.f32s("tokenizer.ggml.scores", make([]float32, nVocab))
	m.i32s("tokenizer.ggml.token_type", types)
	m.u32("tokenizer.ggml.unknown_token_id", 1)
	m.u32("tokenizer.ggml.cls_token_id", 2)
	m.u32("tokenizer.ggml.seperator_token_id", 3) // sic: the key llama.cpp reads
	m.u32("tokenizer.ggml.padding_token_id", 0)
	m.u32("tokenizer.ggml.mask_token_id", 4)
	m.u32("tokenizer.ggml.bos_token_id", 2)
	m.u32("tokenizer.ggml.eos_token_id", 3)
	m.boolean("tokenizer.ggml.add_bos_token", true)
	m.boolean("tokenizer.ggml.add_eos_token", true)

	e, v, f := uint64(nEmbd), uint64(nVocab), uint64(nFF)
	ts := []tensor{
		{"token_embd.weight", []uint64{e, v}, r.gauss(nEmbd*nVocab, 1)},
		{"token_types.weight", []uint64{e, 2}, r.gauss(nEmbd*2, 0.1)},
		{"position_embd.weight", []uint64{e, nCtx}, r.gauss(nEmbd*nCtx, 0.1)},
		{"token_embd_norm.weight", []uint64{e}, fill(nEmbd, 1)},
		{"token_embd_norm.bias", []uint64{e}, fill(nEmbd, 0)},
	}
	for i := range nLayer {
		p := fmt.Sprintf("blk.%d.", i)
		for _, nm := range []string{"attn_q", "attn_k", "attn_v", "attn_output"} {
			ts = append(ts,
				tensor{p + nm + ".weight", []uint64{e, e}, r.gauss(nEmbd*nEmbd, 0.2)},
				tensor{p + nm + ".bias", []uint64{e}, fill(nEmbd, 0)})
		}
		ts = append(ts,
			tensor{p + "attn_output_norm.weight", []uint64{e}, fill(nEmbd, 1)},
			tensor{p + "attn_output_norm.bias", []uint64{e}, fill(nEmbd, 0)},
			tensor{p + "ffn_up.weight", []uint64{e, f}, r.gauss(nEmbd*nFF, 0.2)},
			tensor{p + "ffn_up.bias", []uint64{f}, fill(nFF, 0)},
			tensor{p + "ffn_down.weight", []uint64{f, e}, r.gauss(nFF*nEmbd, 0.2)},
			tensor{p + "ffn_down.bias", []uint64{e}, fill(nEmbd, 0)},
			tensor{p + "layer_output_norm.weight", []uint64{e}, fill(nEmbd, 1)},
			tensor{p + "layer_output_norm.bias", []uint64{e}, fill(nEmbd, 0)},
		)
	}
	return writeGGUF(w, m, ts)
}
