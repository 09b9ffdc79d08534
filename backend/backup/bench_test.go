package backup

import (
	"compress/gzip"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// benchHome makes a data home of about GENKAI_BENCH_MB megabytes (default
// 64): a database of Japanese chunks (compressible, like real ones) and
// half as much of logs, some of it random (incompressible).
func benchHome(b *testing.B) (*Service, int64) {
	b.Helper()
	mb := 64
	if v, err := strconv.Atoi(os.Getenv("GENKAI_BENCH_MB")); err == nil && v > 0 {
		mb = v
	}
	h, db := testHome(b)
	ctx := context.Background()
	src, err := db.EnsureSource(ctx, "folder", "/bench", "bench", "{}")
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("玄界でGPUジョブを投入するには pjsub -L rscgrp=b-batch を使います。", 60)
	for i := 0; i < mb*1024*1024*2/3/len(text); i++ {
		p := store.PageInput{SourceID: src.ID, URL: fmt.Sprintf("file:///bench/%d", i), ContentHash: strconv.Itoa(i), FetchedAt: time.Now()}
		if _, err := db.ReplacePage(ctx, p, []store.ChunkInput{{Text: text + strconv.Itoa(i)}}); err != nil {
			b.Fatal(err)
		}
	}
	logs := make([]byte, mb<<20/3)
	rand.Read(logs[:len(logs)/4])
	for i := len(logs) / 4; i < len(logs); i++ {
		logs[i] = "INFO request served\n"[i%20]
	}
	os.WriteFile(filepath.Join(h.Logs(), "genkai_rag.log"), logs, 0o600)
	var total int64
	filepath.Walk(h.Root, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			total += fi.Size()
		}
		return nil
	})
	return New(h, db, Options{}), total
}

// BenchmarkCreate measures a backup of the whole home (snapshot, hash,
// compress, verify); compare MB/s with BenchmarkTarCzf in the same run.
func BenchmarkCreate(b *testing.B) {
	svc, total := benchHome(b)
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		info, err := svc.Create(context.Background(), CreateOptions{IncludeLogs: true})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.Remove(info.Path)
		b.StartTimer()
	}
}

// BenchmarkTarCzf runs `tar czf` over the same kind of home.
func BenchmarkTarCzf(b *testing.B) {
	svc, total := benchHome(b)
	out := filepath.Join(b.TempDir(), "t.tar.gz")
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		cmd := exec.Command("tar", "czf", out, "-C", svc.home.Root, "data", "config", "logs")
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("tar: %v %s", err, o)
		}
	}
}

// BenchmarkVerify measures re-reading an archive and checking every
// checksum: MB/s of the files it holds, and archive-MB/s of the
// compressed file itself.
func BenchmarkVerify(b *testing.B) {
	svc, _ := benchHome(b)
	info, err := svc.Create(context.Background(), CreateOptions{IncludeLogs: true})
	if err != nil {
		b.Fatal(err)
	}
	var files int64
	for _, f := range info.Manifest.Files {
		files += f.Size
	}
	b.SetBytes(files)
	b.ResetTimer()
	for b.Loop() {
		if _, err := svc.Verify(context.Background(), info.Path); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(info.SizeBytes)*float64(b.N)/b.Elapsed().Seconds()/1e6, "archive-MB/s")
}

// BenchmarkRestore measures a whole restore: verify, extract, count,
// the pre-restore backup of the current data, and the swap (MB/s of the
// data home).
func BenchmarkRestore(b *testing.B) {
	svc, total := benchHome(b)
	info, err := svc.Create(context.Background(), CreateOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(total)
	b.ResetTimer()
	for b.Loop() {
		res, err := svc.Restore(context.Background(), info.Path)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		os.Remove(filepath.Join(svc.Dir(), res.PreRestoreBackup))
		b.StartTimer()
	}
}

// BenchmarkTailBomb measures how long verify takes to refuse a real
// archive (GENKAI_BENCH_MB, default 64) followed inside its gzip stream
// by 1 MB of zeros past the tar end; compare with BenchmarkVerify of the
// same home (the bomb costs only its first few KB).
func BenchmarkTailBomb(b *testing.B) {
	svc, _ := benchHome(b)
	info, err := svc.Create(context.Background(), CreateOptions{IncludeLogs: true})
	if err != nil {
		b.Fatal(err)
	}
	plain := tarBytes(b, info.Path)
	p := filepath.Join(b.TempDir(), "bomb.tar.gz")
	f, _ := os.Create(p)
	gz, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
	gz.Write(plain)
	io.Copy(gz, &zeros{left: 1 << 20})
	gz.Close()
	f.Close()
	b.ResetTimer()
	for b.Loop() {
		if _, err := svc.Verify(context.Background(), p); !errors.Is(err, ErrCorrupt) {
			b.Fatal(err)
		}
	}
}
