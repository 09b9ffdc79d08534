package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// makePDF writes a minimal PDF with one page per entry, each drawing its
// lines in Helvetica; an empty entry makes a page with no text.
func makePDF(title string, pages ...[]string) []byte {
	var objs []string
	n := len(pages)
	// 1: catalog, 2: pages, 3: font, then page and content pairs.
	kids := make([]string, n)
	for i := range pages {
		kids[i] = fmt.Sprintf("%d 0 R", 4+2*i)
	}
	objs = append(objs, "<< /Type /Catalog /Pages 2 0 R >>")
	objs = append(objs, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), n))
	objs = append(objs, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
	for i, lines := range pages {
		var content strings.Builder
		if len(lines) > 0 {
			content.WriteString("BT /F1 12 Tf 72 720 Td 14 TL\n")
			for _, l := range lines {
				fmt.Fprintf(&content, "(%s) Tj T*\n", l)
			}
			content.WriteString("ET\n")
		}
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i))
		objs = append(objs, fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", content.Len(), content.String()))
	}
	infoID := len(objs) + 1
	objs = append(objs, fmt.Sprintf("<< /Title (%s) >>", title))
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, infoID, xref)
	return b.Bytes()
}

func TestExtractPDF(t *testing.T) {
	body := makePDF("Genkai User Guide", []string{"Submit batch jobs with pjsub."}, []string{"GPU jobs use the b-batch resource group."})
	doc, err := ExtractPDF(body, "file:///docs/guide.pdf")
	if err != nil {
		t.Fatal(err)
	}
	if doc.Title != "Genkai User Guide" {
		t.Errorf("Title = %q", doc.Title)
	}
	var pages []string
	var text strings.Builder
	for _, s := range doc.Sections {
		if s.Heading != "" {
			pages = append(pages, s.Heading+"#"+s.Anchor)
		}
		for _, bl := range s.Blocks {
			text.WriteString(bl.Text + "\n")
		}
	}
	if strings.Join(pages, ",") != "p. 1#page=1,p. 2#page=2" {
		t.Errorf("sections = %v", pages)
	}
	for _, want := range []string{"pjsub", "b-batch"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text %q lacks %q", text.String(), want)
		}
	}
	chunks := ChunkDocument(doc, ChunkOptions{})
	if len(chunks) != 2 || chunks[1].URL != "file:///docs/guide.pdf#page=2" {
		t.Errorf("chunks = %+v", chunks)
	}
}

func TestExtractPDFBad(t *testing.T) {
	if _, err := ExtractPDF(makePDF("scan", nil), "file:///scan.pdf"); !errors.Is(err, ErrNoTextLayer) {
		t.Errorf("image-only PDF err = %v, want ErrNoTextLayer", err)
	}
	for _, body := range [][]byte{[]byte("%PDF-1.4\ngarbage"), []byte("not a pdf"), nil} {
		if _, err := ExtractPDF(body, "file:///x.pdf"); err == nil {
			t.Errorf("ExtractPDF(%q) succeeded", body)
		}
	}
}

func FuzzExtractPDF(f *testing.F) {
	f.Add(makePDF("t", []string{"hello"}))
	f.Add([]byte("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		ExtractPDF(body, "file:///f.pdf") // must not panic or hang
	})
}
