package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
)

// maxManifestBytes bounds the manifest entry.
const maxManifestBytes = 4 << 20

// readManifest reads only the manifest at the start of the archive at p.
func readManifest(p string) (Manifest, error) {
	m, _, err := readHead(p)
	return m, err
}

// readHead reads the manifest at the start of the archive at p and says
// how many unpacked bytes it took.
func readHead(p string) (Manifest, int64, error) {
	f, err := os.Open(p)
	if err != nil {
		return Manifest{}, 0, fmt.Errorf("open backup: %w", err)
	}
	defer f.Close()
	tr, b, _, err := openTar(f)
	if err != nil {
		return Manifest{}, 0, err
	}
	m, err := manifestEntry(tr)
	return m, b.n, err
}

// Tar framing the manifest's sizes do not count: per entry a header
// block, a PAX header and its records, and the padding to 512 bytes; at
// the end two zero blocks, which tar(1) pads to a 10 KiB record.
const (
	entrySlack = 4 << 10
	endSlack   = 16 << 10
)

// openTar opens the gzip and tar layers over r. The tar stream is
// bounded (see bounded): until the manifest is read, to what a manifest
// may take.
func openTar(r io.Reader) (*tar.Reader, *bounded, *bufio.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	gz, err := gzip.NewReader(br)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("%w: not a gzip file (%v)", ErrNotArchive, err)
	}
	gz.Multistream(false)
	b := &bounded{r: gz, limit: maxManifestBytes + entrySlack + endSlack}
	return tar.NewReader(b), b, br, nil
}

// bounded is the unpacked tar stream, which may not grow past limit: a
// gzip stream that inflates past what the manifest declares (a "tail
// bomb" of zeros after the tar end, say) is refused as soon as it does,
// not after inflating all of it.
type bounded struct {
	r        io.Reader
	n, limit int64
}

func (b *bounded) Read(p []byte) (int, error) {
	if b.n > b.limit {
		return 0, b.over()
	}
	if max := b.limit - b.n + 1; int64(len(p)) > max {
		p = p[:max]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	if b.n > b.limit {
		return n, b.over()
	}
	return n, err
}

func (b *bounded) over() error {
	return fmt.Errorf("%w: the archive holds more data than its manifest declares (over %d bytes unpacked): refused without reading the rest", ErrCorrupt, b.limit)
}

// expect sets the limit to what is read so far plus the files the
// manifest lists with their tar framing.
func (b *bounded) expect(files []FileEntry) {
	rest := int64(512 + endSlack) // the manifest's padding, the end
	for _, f := range files {
		rest += (f.Size+511)/512*512 + entrySlack
	}
	b.limit = b.n + rest
}

func manifestEntry(tr *tar.Reader) (Manifest, error) {
	h, err := tr.Next()
	if err != nil {
		return Manifest{}, fmt.Errorf("%w: no tar entries (%v)", ErrNotArchive, err)
	}
	if h.Name != ManifestName || h.Typeflag != tar.TypeReg {
		return Manifest{}, fmt.Errorf("%w: the first entry is %q, not %s", ErrNotArchive, h.Name, ManifestName)
	}
	if h.Size > maxManifestBytes {
		return Manifest{}, fmt.Errorf("%w: manifest of %d bytes is over the limit", ErrUnsafe, h.Size)
	}
	b, err := io.ReadAll(io.LimitReader(tr, maxManifestBytes))
	if err != nil {
		return Manifest{}, fmt.Errorf("%w: read manifest: %v", ErrCorrupt, err)
	}
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return Manifest{}, fmt.Errorf("%w: manifest is not valid JSON (%v)", ErrCorrupt, err)
	}
	if m.Format != FormatVersion {
		return Manifest{}, fmt.Errorf("%w: manifest format %d, this app reads %d", ErrNotArchive, m.Format, FormatVersion)
	}
	return m, nil
}

// checkManifest validates the manifest's file list against the limits
// before any entry is read.
func checkManifest(m Manifest, lim Limits) (map[string]FileEntry, error) {
	if len(m.Files)+1 > lim.MaxEntries {
		return nil, fmt.Errorf("%w: %d files, the limit is %d", ErrUnsafe, len(m.Files), lim.MaxEntries)
	}
	want := make(map[string]FileEntry, len(m.Files))
	var total int64
	for _, f := range m.Files {
		if err := cleanPath(f.Path); err != nil {
			return nil, err
		}
		if f.Path == ManifestName {
			return nil, fmt.Errorf("%w: the manifest lists itself", ErrUnsafe)
		}
		if _, dup := want[f.Path]; dup {
			return nil, fmt.Errorf("%w: %q listed twice", ErrUnsafe, f.Path)
		}
		if f.Size < 0 || f.Size > lim.MaxFileBytes {
			return nil, fmt.Errorf("%w: %q is %d bytes, the limit is %d", ErrUnsafe, f.Path, f.Size, lim.MaxFileBytes)
		}
		if len(f.SHA256) != 64 {
			return nil, fmt.Errorf("%w: %q has no valid sha256 in the manifest", ErrCorrupt, f.Path)
		}
		total += f.Size
		if total > lim.MaxTotalBytes {
			return nil, fmt.Errorf("%w: the files total more than the limit of %d bytes", ErrUnsafe, lim.MaxTotalBytes)
		}
		want[f.Path] = f
	}
	return want, nil
}

// readArchive reads the whole archive from r: the manifest, then every
// file, each checked (name, type, listed, size) before fn sees its bytes,
// and hashed while fn reads them (or after it returns: fn may skip an
// entry); fn may be nil to only verify. The unpacked stream may not
// exceed the manifest's sizes plus tar framing (bounded). It fails on
// the first problem. A nil error means every listed file was
// present, matched its checksum, and the gzip stream ended cleanly.
func readArchive(r io.Reader, lim Limits, fn func(FileEntry, io.Reader) error) (Manifest, error) {
	tr, gz, br, err := openTar(r)
	if err != nil {
		return Manifest{}, err
	}
	m, err := manifestEntry(tr)
	if err != nil {
		return Manifest{}, err
	}
	want, err := checkManifest(m, lim)
	if err != nil {
		return m, err
	}
	gz.expect(m.Files)
	seen := map[string]bool{}
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, ErrCorrupt) {
			return m, err
		}
		if err != nil {
			return m, fmt.Errorf("%w: %v (the file is truncated or damaged)", ErrCorrupt, err)
		}
		if err := cleanPath(h.Name); err != nil {
			return m, err
		}
		if h.Typeflag != tar.TypeReg {
			return m, fmt.Errorf("%w: %q is not a regular file (type %q): links and devices are not allowed", ErrUnsafe, h.Name, h.Typeflag)
		}
		if seen[h.Name] {
			return m, fmt.Errorf("%w: %q appears twice", ErrUnsafe, h.Name)
		}
		seen[h.Name] = true
		e, ok := want[h.Name]
		if !ok {
			return m, fmt.Errorf("%w: %q is not listed in the manifest", ErrUnsafe, h.Name)
		}
		if h.Size != e.Size {
			return m, fmt.Errorf("%w: %q is %d bytes, the manifest says %d", ErrCorrupt, h.Name, h.Size, e.Size)
		}
		sum := sha256.New()
		body := io.TeeReader(entryReader{io.LimitReader(tr, e.Size), h.Name}, sum)
		if fn != nil {
			if err := fn(e, body); err != nil {
				return m, err
			}
		}
		if _, err := io.Copy(io.Discard, body); err != nil {
			return m, err
		}
		if got := hex.EncodeToString(sum.Sum(nil)); got != e.SHA256 {
			return m, fmt.Errorf("%w: %q does not match its checksum", ErrCorrupt, h.Name)
		}
	}
	for p := range want {
		if !seen[p] {
			return m, fmt.Errorf("%w: %q is listed in the manifest but missing", ErrCorrupt, p)
		}
	}
	// Reach the gzip trailer so its CRC and length are checked, and
	// refuse anything after it.
	if _, err := io.Copy(io.Discard, gz); err != nil {
		if errors.Is(err, ErrCorrupt) {
			return m, err
		}
		return m, fmt.Errorf("%w: %v (the file is truncated or damaged)", ErrCorrupt, err)
	}
	if _, err := br.ReadByte(); !errors.Is(err, io.EOF) {
		return m, fmt.Errorf("%w: unexpected data after the end of the archive", ErrCorrupt)
	}
	return m, nil
}

// entryReader says which entry a read error (other than the end or a
// cancelled context) is in, as ErrCorrupt.
type entryReader struct {
	r    io.Reader
	name string
}

func (e entryReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF && !errors.Is(err, ErrCorrupt) && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("%w: %q: %v (the file is truncated or damaged)", ErrCorrupt, e.name, err)
	}
	return n, err
}
