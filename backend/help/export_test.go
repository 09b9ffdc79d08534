package help

// Anchors returns the anchors this package's tests compute for a Markdown
// page, in order, for the cross-check against backend/ingest.
func Anchors(src string) []string {
	var out []string
	for _, h := range parsePage("", src).Headings {
		out = append(out, h.Anchor)
	}
	return out
}
