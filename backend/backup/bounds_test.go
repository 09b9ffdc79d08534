package backup

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// tarBytes returns the uncompressed tar stream of the archive at path
// (manifest, files and the tar end blocks).
func tarBytes(t testing.TB, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(gz)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// zeros is an endless (or n-byte) stream of zero bytes made on demand.
type zeros struct{ left int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.left <= 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	if n > z.left {
		n = z.left
	}
	clear(p[:n])
	z.left -= n
	return int(n), nil
}

// gzipStream compresses prefix then tail lazily: only what the reader
// consumes is ever compressed. Close the returned reader to stop.
func gzipStream(prefix []byte, tail io.Reader) *io.PipeReader {
	pr, pw := io.Pipe()
	go func() {
		gz, _ := gzip.NewWriterLevel(pw, gzip.BestSpeed)
		_, err := gz.Write(prefix)
		if err == nil {
			_, err = io.Copy(gz, tail)
		}
		if err == nil {
			err = gz.Close()
		}
		pw.CloseWithError(err)
	}()
	return pr
}

// TestTailBombRefusedQuickly: a valid archive followed, inside the same
// gzip stream, by 2 GiB of zeros after the tar end is refused as soon as
// the data exceeds what the manifest declares, without reading it all.
func TestTailBombRefusedQuickly(t *testing.T) {
	h, db := testHome(t)
	svc := New(h, db, Options{})
	good, err := svc.Create(t.Context(), CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	plain := tarBytes(t, good.Path)

	t.Run("2 GiB of zeros streamed", func(t *testing.T) {
		in := gzipStream(plain, &zeros{left: 2 << 30})
		defer in.Close()
		done := make(chan error, 1)
		start := time.Now()
		go func() { _, err := readArchive(in, svc.opt.Limits, nil); done <- err }()
		select {
		case err := <-done:
			elapsed := time.Since(start)
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "more data than its manifest declares") {
				t.Fatalf("err = %v, want ErrCorrupt for data past the manifest", err)
			}
			t.Logf("refused after %v", elapsed)
			if elapsed > 5*time.Second {
				t.Errorf("took %v", elapsed)
			}
		case <-time.After(20 * time.Second):
			in.CloseWithError(errors.New("test timeout"))
			t.Fatal("still reading the zeros after 20 s: decompression is not bounded by the manifest")
		}
	})

	t.Run("1 MB past the manifest in a file", func(t *testing.T) {
		var buf bytes.Buffer
		gz, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		gz.Write(plain)
		io.Copy(gz, &zeros{left: 1 << 20})
		gz.Close()
		p := filepath.Join(t.TempDir(), "bomb.tar.gz")
		os.WriteFile(p, buf.Bytes(), 0o600)
		start := time.Now()
		_, err := svc.Verify(t.Context(), p)
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("verify err = %v, want ErrCorrupt", err)
		}
		t.Logf("verify refused a %d-byte archive with 1 MB past its manifest in %v", buf.Len(), time.Since(start))
		if _, err := svc.Restore(t.Context(), p); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("restore err = %v, want ErrCorrupt", err)
		}
	})

	t.Run("1 MB past the manifest with a lying gzip trailer", func(t *testing.T) {
		// The trailer claims the honest size: only the bound on the
		// stream can tell.
		var buf bytes.Buffer
		gz, _ := gzip.NewWriterLevel(&buf, gzip.BestSpeed)
		gz.Write(plain)
		io.Copy(gz, &zeros{left: 1 << 20})
		gz.Close()
		b := buf.Bytes()
		binary.LittleEndian.PutUint32(b[len(b)-4:], uint32(len(plain)))
		p := filepath.Join(t.TempDir(), "liar.tar.gz")
		os.WriteFile(p, b, 0o600)
		_, err := svc.Verify(t.Context(), p)
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "more data than its manifest declares") {
			t.Fatalf("verify err = %v, want the stream bound's ErrCorrupt", err)
		}
	})

	t.Run("GNU tar record padding is still accepted", func(t *testing.T) {
		// tar(1) pads the stream to a 10 KiB record: valid, not a bomb.
		padded := append(append([]byte{}, plain...), make([]byte, 10240-len(plain)%10240)...)
		var buf bytes.Buffer
		gz := gzip.NewWriter(&buf)
		gz.Write(padded)
		gz.Close()
		if _, err := readArchive(bytes.NewReader(buf.Bytes()), svc.opt.Limits, nil); err != nil {
			t.Fatalf("padded archive: %v", err)
		}
	})
}

// TestRestoreSkipsLogs: restore does not write the logs/ entries it never
// restores, however large they are.
func TestRestoreSkipsLogs(t *testing.T) {
	ctx := t.Context()
	h, db := testHome(t)
	svc := New(h, db, Options{})
	f, err := os.Create(filepath.Join(h.Logs(), "huge.log"))
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(f, &zeros{left: 64 << 20})
	f.Close()
	info, err := svc.Create(ctx, CreateOptions{IncludeLogs: true})
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(h.Logs(), "huge.log"))
	if info.SizeBytes > 1<<20 {
		t.Fatalf("archive of %d bytes, want a small one", info.SizeBytes)
	}
	var logged []string
	var staged int64
	svc.fault = func() error {
		// At this point the archive is extracted: look at what was written.
		filepath.WalkDir(svc.Dir(), func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() && strings.Contains(p, string(filepath.Separator)+".restore-") {
				fi, _ := d.Info()
				staged += fi.Size()
				if strings.Contains(filepath.ToSlash(p), "/logs/") {
					logged = append(logged, p)
				}
			}
			return nil
		})
		return nil
	}
	if _, err := svc.Restore(ctx, info.Path); err != nil {
		t.Fatal(err)
	}
	if len(logged) != 0 || staged > 32<<20 {
		t.Errorf("restore wrote %v (%d bytes staged) for logs it does not restore", logged, staged)
	}
	if _, err := os.Stat(filepath.Join(h.Logs(), "huge.log")); err == nil {
		t.Error("restore restored a log")
	}
}
