package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// vocabulary for synthetic Japanese passages: technical nouns, verbs and
// particles, plus a long tail of generated kanji words drawn with a Zipf
// distribution, so that term statistics look like real documentation.
var (
	nouns = strings.Fields(`計算ノード ジョブ スクリプト リソースグループ メモリ ストレージ ファイルシステム ログイン 公開鍵 認証
		コンパイラ ライブラリ モジュール 環境変数 キュー 優先度 課金 ポイント 利用申請 課題 代表者 グループ 領域 容量 転送 速度
		並列 プロセス スレッド ノード数 経過時間 上限 標準出力 エラー 出力ファイル 作業 ディレクトリ アプリケーション 可視化
		コンテナ イメージ 仮想環境 ネットワーク 帯域 冷却 電力 保守 停止 予定 障害 復旧 お知らせ 講習会 マニュアル 利用者
		番号 パスワード 端末 接続 ポータル 申請書 承認 期間 年度 更新 料金 割引 大規模 実行 投入 確認 取消 変更 設定 指定`)
	verbs = strings.Fields(`します できます してください されます ありません なります 行います 使います 確認します 指定します`)
	parts = strings.Fields(`は が を に で と の から まで より へ も`)
	latin = strings.Fields(`pjsub pjstat pjdel module load avail GPU H100 Xeon MPI OpenMP rscgrp a-batch b-batch 32GiB 512GiB`)
)

// tail is 20,000 generated two- and three-kanji words.
var tail = func() []string {
	r := rand.New(rand.NewPCG(3, 3))
	words := make([]string, 20000)
	for i := range words {
		n := 2 + r.IntN(2)
		rs := make([]rune, n)
		for j := range rs {
			rs[j] = rune(0x4E00 + r.IntN(3000))
		}
		words[i] = string(rs)
	}
	return words
}()

type corpusRand struct {
	*rand.Rand
	zipf *rand.Zipf
}

func sentence(r corpusRand) string {
	var b strings.Builder
	for i := 0; i < 3+r.IntN(4); i++ {
		switch x := r.IntN(12); {
		case x < 2:
			b.WriteString(" " + latin[r.IntN(len(latin))] + " ")
		case x < 7:
			b.WriteString(nouns[r.IntN(len(nouns))])
		default:
			b.WriteString(tail[r.zipf.Uint64()])
		}
		b.WriteString(parts[r.IntN(len(parts))])
	}
	b.WriteString(verbs[r.IntN(len(verbs))] + "。")
	return b.String()
}

// buildSynthetic indexes n synthetic chunks (about 300 characters each) in
// pages of 100 and returns the store.
func buildSynthetic(b *testing.B, n int) *store.Store {
	b.Helper()
	path := filepath.Join(b.TempDir(), "scale.db")
	st, err := store.Open(b.Context(), path, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	src, err := st.EnsureSource(b.Context(), "folder", "/synthetic", "synthetic", "")
	if err != nil {
		b.Fatal(err)
	}
	rr := rand.New(rand.NewPCG(1, uint64(n)))
	r := corpusRand{rr, rand.NewZipf(rr, 1.1, 2, uint64(len(tail)-1))}
	start := time.Now()
	for p := 0; p*100 < n; p++ {
		chunks := make([]store.ChunkInput, 0, 100)
		for i := p * 100; i < min(n, (p+1)*100); i++ {
			var text strings.Builder
			for text.Len() < 900 { // ~300 characters of Japanese
				text.WriteString(sentence(r))
			}
			c := store.ChunkInput{Title: nouns[r.IntN(len(nouns))] + "の" + nouns[r.IntN(len(nouns))], Section: nouns[r.IntN(len(nouns))], Text: text.String()}
			AnalyzeChunk(&c)
			chunks = append(chunks, c)
		}
		if _, err := st.ReplacePage(b.Context(), store.PageInput{SourceID: src.ID, URL: fmt.Sprintf("file:///synthetic/%d.md", p), FetchedAt: time.Now()}, chunks); err != nil {
			b.Fatal(err)
		}
	}
	if err := st.Optimize(b.Context()); err != nil {
		b.Fatal(err)
	}
	fi, _ := os.Stat(path)
	b.Logf("%d chunks indexed in %s; database %.1f MB", n, time.Since(start).Round(time.Millisecond), float64(fi.Size())/1e6)
	return st
}

// BenchmarkLexicalScale shows how query time and allocations grow with the
// index: go test -run '^$' -bench LexicalScale -benchmem ./backend/search/
// (the 100k case takes about a minute to build).
func BenchmarkLexicalScale(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			st := buildSynthetic(b, n)
			l := NewLexical(st, DefaultParams())
			rr := rand.New(rand.NewPCG(7, 7))
			r := corpusRand{rr, rand.NewZipf(rr, 1.1, 2, uint64(len(tail)-1))}
			queries := make([]string, 64)
			for i := range queries {
				queries[i] = nouns[r.IntN(len(nouns))] + "の" + tail[r.zipf.Uint64()] + "を" + verbs[r.IntN(len(verbs))]
			}
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				if _, err := l.Search(b.Context(), Query{Text: queries[i%len(queries)], K: 10}); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// randomEmbedder answers every text with a fixed pseudo-random vector of
// its length, standing in for Ollama (whose own latency is not counted).
type randomEmbedder struct{ dim int }

func (e randomEmbedder) Embed(_ context.Context, _ string, texts []string) ([][]float32, error) {
	out := make([][]float32, len(texts))
	for i, t := range texts {
		r := rand.New(rand.NewPCG(uint64(len(t)), uint64(i)))
		out[i] = randomVec(r, e.dim)
	}
	return out, nil
}

// BenchmarkHybridScale measures a whole hybrid query (lexical BM25F, query
// vector search over 1,024-dim vectors, RRF, loading the fused chunks)
// and the vector index's memory: go test -run '^$' -bench HybridScale
// -benchtime 200x -benchmem ./backend/search/ (the 100k case builds for
// about a minute). Queries are warmed once first.
func BenchmarkHybridScale(b *testing.B) {
	const dim = 1024
	for _, n := range []int{1_000, 10_000, 100_000} {
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			st := buildSynthetic(b, n)
			v := NewVectors(st, randomEmbedder{dim}, nil, VectorOptions{})
			idx := NewVectorIndex(dim)
			idx.Grow(n)
			r := rand.New(rand.NewPCG(9, 9))
			for id := 1; id <= n; id++ { // chunk IDs of a fresh store run 1..n
				idx.Add(int64(id), randomVec(r, dim))
			}
			v.model, v.idx, v.base = "random", idx, b.Context()
			v.chunks, v.embedded = n, n
			h := NewHybrid(NewLexical(st, DefaultParams()), v, st, nil)
			rr := rand.New(rand.NewPCG(7, 7))
			cr := corpusRand{rr, rand.NewZipf(rr, 1.1, 2, uint64(len(tail)-1))}
			queries := make([]string, 64)
			for i := range queries {
				queries[i] = nouns[cr.IntN(len(nouns))] + "の" + tail[cr.zipf.Uint64()] + "を" + verbs[cr.IntN(len(verbs))]
			}
			for _, q := range queries { // warm the caches (the first query reads the FTS index from disk)
				h.SearchResult(b.Context(), Query{Text: q, K: 10})
			}
			b.ReportAllocs()
			b.ResetTimer()
			lat := make([]float64, 0, 1024)
			i := 0
			for b.Loop() {
				start := time.Now()
				res, err := h.SearchResult(b.Context(), Query{Text: queries[i%len(queries)], K: 10})
				if err != nil || res.Mode != ModeHybrid {
					b.Fatalf("%+v %v", res.Reason, err)
				}
				lat = append(lat, float64(time.Since(start).Microseconds())/1000)
				i++
			}
			sort.Float64s(lat)
			b.ReportMetric(percentile(lat, 0.95), "p95-ms")
			b.ReportMetric(float64(idx.Bytes())/1e6, "vector-MB")
			// The lexical search alone on the same store, for comparison.
			b.StopTimer()
			lex := NewLexical(st, DefaultParams())
			llat := make([]float64, 0, len(lat))
			for j := range len(lat) {
				start := time.Now()
				lex.Search(b.Context(), Query{Text: queries[j%len(queries)], K: 10})
				llat = append(llat, float64(time.Since(start).Microseconds())/1000)
			}
			sort.Float64s(llat)
			b.ReportMetric(percentile(llat, 0.95), "lexical-p95-ms")
		})
	}
}

// BenchmarkVectorLoad measures rebuilding the in-memory index from SQLite
// as the app does at start (in the background): go test -run '^$' -bench
// VectorLoad ./backend/search/
func BenchmarkVectorLoad(b *testing.B) {
	const dim = 1024
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("chunks=%d", n), func(b *testing.B) {
			st := buildSynthetic(b, n)
			r := rand.New(rand.NewPCG(4, 4))
			for from := 1; from <= n; from += 500 {
				vs := make([]store.ChunkVector, 0, 500)
				for id := from; id < from+500 && id <= n; id++ {
					vs = append(vs, store.ChunkVector{ChunkID: int64(id), Vec: randomVec(r, dim)})
				}
				if _, err := st.SaveVectors(b.Context(), "random", vs); err != nil {
					b.Fatal(err)
				}
			}
			b.ResetTimer()
			for b.Loop() {
				v := NewVectors(st, randomEmbedder{dim}, nil, VectorOptions{})
				if err := v.Build(b.Context(), "random"); err != nil {
					b.Fatal(err)
				}
				if s := v.Status(); s.Loaded != n {
					b.Fatalf("loaded %d of %d", s.Loaded, n)
				}
			}
		})
	}
}
