package ingest

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// parseSitemap reads a sitemap (<urlset>) or sitemap index
// (<sitemapindex>); it returns the page URLs or, for an index, the
// sitemap URLs, with index true.
func parseSitemap(body []byte) (locs []string, index bool, err error) {
	var doc struct {
		XMLName xml.Name
		URLs    []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
	}
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&doc); err != nil {
		return nil, false, err
	}
	for _, u := range doc.URLs {
		if l := strings.TrimSpace(u.Loc); l != "" {
			locs = append(locs, l)
		}
	}
	for _, s := range doc.Sitemaps {
		if l := strings.TrimSpace(s.Loc); l != "" {
			locs = append(locs, l)
			index = true
		}
	}
	return locs, index, nil
}
