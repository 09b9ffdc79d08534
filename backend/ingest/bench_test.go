package ingest

import "testing"

func BenchmarkExtractHTML(b *testing.B) {
	body := readFixture(b, "genkai.html")
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ExtractHTML(body, "text/html", genkaiURL); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkChunk(b *testing.B) {
	doc := genkaiDoc(b)
	n := 0
	for _, s := range doc.Sections {
		for _, bl := range s.Blocks {
			n += len(bl.Text)
		}
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		ChunkDocument(doc, ChunkOptions{MaxTokens: 120})
	}
}
