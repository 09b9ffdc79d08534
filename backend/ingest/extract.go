package ingest

import (
	"path"
	"path/filepath"
	"strings"
)

// format is one kind of document the extractors read: the media types and
// file extensions that name it and the function that reads it.
type format struct {
	name       string   // "html", "markdown", "text", "pdf"
	mediaTypes []string // lower-case; the first is passed as the content type when only the extension is known
	exts       []string // lower-case, with the dot
	// plainExts are extensions whose text/plain responses are read as this
	// format (a server that sends Markdown as text/plain).
	plainExts []string
	// links reports that the crawler follows the links of such a page.
	links   bool
	extract func(body []byte, contentType, docURL string) (*Document, error)
}

// formats is the extractor registry: the one table the folder walker (by
// extension) and the crawler (by content type) look extractors up in. A
// file or page that matches no entry is not indexed: the folder walker
// ignores the file, the crawler records the page as skipped.
var formats = []format{
	{
		name: "html", mediaTypes: []string{"text/html", "application/xhtml+xml"}, exts: []string{".html", ".htm"}, links: true,
		extract: ExtractHTML,
	},
	{
		name: "markdown", mediaTypes: []string{"text/markdown", "text/x-markdown"}, exts: []string{".md", ".markdown"}, plainExts: []string{".md"},
		extract: func(body []byte, _, u string) (*Document, error) { return ExtractMarkdown(body, u) },
	},
	{
		name: "text", mediaTypes: []string{"text/plain"}, exts: []string{".txt"},
		extract: func(body []byte, _, u string) (*Document, error) { return ExtractText(body, u) },
	},
	{
		name: "pdf", mediaTypes: []string{"application/pdf"}, exts: []string{".pdf"},
		extract: func(body []byte, _, u string) (*Document, error) { return ExtractPDF(body, u) },
	},
}

// formatForExt returns the format of a file name by its extension (case
// ignored), or false when no extractor reads it.
func formatForExt(name string) (format, bool) {
	ext := strings.ToLower(filepath.Ext(name))
	for _, f := range formats {
		for _, e := range f.exts {
			if e == ext {
				return f, true
			}
		}
	}
	return format{}, false
}

// formatForType returns the format of a response by its lower-case media
// type; urlPath picks a more specific format for text/plain (a .md file
// served as text/plain is Markdown). False: no extractor reads it.
func formatForType(mediaType, urlPath string) (format, bool) {
	if mediaType == "text/plain" {
		ext := strings.ToLower(path.Ext(urlPath))
		for _, f := range formats {
			for _, e := range f.plainExts {
				if e == ext {
					return f, true
				}
			}
		}
	}
	for _, f := range formats {
		for _, mt := range f.mediaTypes {
			if mt == mediaType {
				return f, true
			}
		}
	}
	return format{}, false
}
