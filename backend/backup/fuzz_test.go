package backup

import (
	"archive/tar"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// FuzzReadArchive feeds arbitrary bytes to the archive reader and to the
// extractor: they must never panic, and extraction must never write
// outside its target folder.
func FuzzReadArchive(f *testing.F) {
	ok := fe("config/config.yaml", "x: 1")
	f.Add(craft(f, []FileEntry{ok}, []entry{reg("config/config.yaml", "x: 1")}))
	f.Add(craft(f, []FileEntry{fe("../x", "x")}, []entry{reg("../x", "x")}))
	f.Add(craft(f, []FileEntry{ok}, []entry{{tar.Header{Name: "config/config.yaml", Typeflag: tar.TypeSymlink, Linkname: "/"}, ""}}))
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff})
	f.Add([]byte("not an archive"))
	lim := Limits{MaxFileBytes: 1 << 20, MaxTotalBytes: 4 << 20, MaxEntries: 64}.withDefaults()
	f.Fuzz(func(t *testing.T, data []byte) {
		readArchive(bytes.NewReader(data), lim, func(e FileEntry, r io.Reader) error {
			_, err := io.Copy(io.Discard, r)
			return err
		})
		root := t.TempDir()
		dst := filepath.Join(root, "target")
		p := filepath.Join(root, "a.tar.gz")
		os.WriteFile(p, data, 0o600)
		s := &Service{opt: Options{Limits: lim}}
		s.checkArchive(context.Background(), p, dst)
		filepath.WalkDir(root, func(q string, d os.DirEntry, err error) error {
			if q == root || q == p || q == dst {
				return nil
			}
			if rel, _ := filepath.Rel(dst, q); len(rel) >= 2 && rel[:2] == ".." {
				t.Fatalf("extraction wrote outside its folder: %s", q)
			}
			if d != nil && d.Type()&os.ModeSymlink != 0 {
				t.Fatalf("extraction made a symlink: %s", q)
			}
			return nil
		})
	})
}
