package ingest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/ledongthuc/pdf"

	"github.com/genkai-rag/genkai-rag/backend/fault"
)

// ErrNoTextLayer is returned for a PDF whose pages carry no text (a scan
// without OCR); such a file is recorded as failed with this reason.
var ErrNoTextLayer = fault.Sentinel(fault.PDFNoText, "the PDF has no text layer (a scanned document?); run OCR on it first")

// ExtractPDF reads the text layer of a PDF: one section per page, headed
// "p. N" with the anchor "page=N" (so URL#page=N opens that page in PDF
// viewers), paragraphs split on blank lines. The title is the document's
// Title metadata, else the file name. Malformed or encrypted files give an
// error; a PDF with no text at all gives ErrNoTextLayer.
func ExtractPDF(body []byte, docURL string) (doc *Document, err error) {
	defer func() { // the PDF parser panics on some malformed input
		if p := recover(); p != nil {
			doc, err = nil, fmt.Errorf("extract pdf: malformed PDF (%v)", p)
		}
	}()
	r, err := pdf.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		return nil, fmt.Errorf("extract pdf: %w", err)
	}
	doc = &Document{URL: stripFragment(docURL)}
	if t := r.Trailer().Key("Info").Key("Title").Text(); strings.TrimSpace(t) != "" {
		doc.Title = truncateRunes(collapse(t), maxTitleRunes)
	}
	b := newDocBuilder(doc)
	fonts := map[string]*pdf.Font{}
	any := false
	for i := 1; i <= r.NumPage(); i++ {
		page := r.Page(i)
		if page.V.IsNull() {
			continue
		}
		for _, name := range page.Fonts() {
			if _, ok := fonts[name]; !ok {
				f := page.Font(name)
				fonts[name] = &f
			}
		}
		text, err := page.GetPlainText(fonts)
		if err != nil {
			return nil, fmt.Errorf("extract pdf: page %d: %w", i, err)
		}
		label := "p. " + strconv.Itoa(i)
		b.heading(label, 1, "page="+strconv.Itoa(i))
		for _, para := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n\n") {
			if p := collapse(para); p != "" {
				b.add(Block{Kind: Paragraph, Text: p})
				any = true
			}
		}
	}
	b.finish()
	if !any {
		return nil, ErrNoTextLayer
	}
	if doc.Title == "" {
		doc.Title = fileName(doc.URL)
	}
	return doc, nil
}
