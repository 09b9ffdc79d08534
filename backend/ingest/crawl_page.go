package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// page fetches one frontier item and records the outcome. Only store errors
// and ctx's error are returned; page problems go to the Report.
func (c *crawl) page(ctx context.Context, it store.QueueItem) error {
	u, err := url.Parse(it.URL)
	if err != nil || !c.allowed(u) {
		// Queued, then excluded by a changed robots.txt: not reached.
		return c.s.st.FinishQueued(ctx, c.src.ID, it.URL, it.Depth, nil)
	}
	hdr := http.Header{}
	old, known := c.stored[it.URL]
	if known && old.Status == store.PageOK {
		// Revalidate only when the links are stored: a 304 has no body to
		// take them from.
		if _, ok, err := c.s.st.PageLinks(ctx, old.ID); err != nil {
			return err
		} else if ok {
			if old.ETag != "" {
				hdr.Set("If-None-Match", old.ETag)
			}
			if old.LastModified != "" {
				hdr.Set("If-Modified-Since", old.LastModified)
			}
		}
	}
	resp, body, err := c.get(ctx, it.URL, hdr)
	if ctx.Err() != nil {
		return ctx.Err()
	}
	final := it.URL
	if resp != nil {
		final = normalizeURL(resp.Request.URL)
	}
	var links []string
	switch {
	case errors.Is(err, errTooLarge):
		err = c.mark(ctx, final, store.PageSkipped, fault.PageTooLarge, "larger than the "+sizeText(c.opt.MaxBytes)+" page limit")
	case err != nil:
		err = c.mark(ctx, final, store.PageFailed, fetchCode(err), fetchReason(err, c.opt.Timeout))
	case resp.StatusCode == http.StatusNotModified:
		links, err = c.notModified(ctx, final)
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		err = c.gone(ctx, final, resp.Status)
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		err = c.mark(ctx, final, store.PageSkipped, fault.RedirectOutside, "redirects outside the allowed prefix to "+resp.Header.Get("Location"))
	case resp.StatusCode != http.StatusOK:
		err = c.mark(ctx, final, store.PageFailed, fault.HTTPStatus, "HTTP "+resp.Status)
	default:
		links, err = c.body(ctx, final, resp, body)
	}
	if err != nil {
		return err
	}
	var next []store.QueueItem
	if it.Depth < c.opt.MaxDepth {
		for _, l := range links {
			if lu, err := url.Parse(l); err == nil && c.allowed(lu) {
				next = append(next, store.QueueItem{URL: l, Depth: it.Depth + 1})
			}
		}
	}
	if final != it.URL {
		if err := c.s.st.FinishQueued(ctx, c.src.ID, final, it.Depth, nil); err != nil {
			return err
		}
	}
	return c.s.st.FinishQueued(ctx, c.src.ID, it.URL, it.Depth, next)
}

// mark records that the page at u was not indexed: status, the reason's
// code and its English text go to the report, the log and the store.
func (c *crawl) mark(ctx context.Context, u, status string, code fault.Code, reason string) error {
	if status == store.PageSkipped {
		c.r.skip(u, code, reason)
	} else {
		c.r.fail(u, code, reason)
	}
	c.s.logPage(ctx, c.src, u, status, reason)
	return c.s.st.MarkPage(ctx, c.src.ID, u, status, string(code), reason)
}

func (c *crawl) notModified(ctx context.Context, u string) ([]string, error) {
	old, ok := c.stored[u]
	if !ok {
		return nil, c.mark(ctx, u, store.PageFailed, fault.HTTPStatus, "304 Not Modified for a page never stored")
	}
	if err := c.s.st.TouchPage(ctx, old.ID, c.s.now(), "", ""); err != nil {
		return nil, err
	}
	c.r.report.Unchanged++
	links, _, err := c.s.st.PageLinks(ctx, old.ID)
	return links, err
}

func (c *crawl) gone(ctx context.Context, u, status string) error {
	c.r.fail(u, fault.HTTPStatus, "HTTP "+status)
	old, ok := c.stored[u]
	if !ok {
		return nil
	}
	delete(c.stored, u)
	c.r.report.Removed++
	return c.s.st.DeletePage(ctx, old.ID)
}

// body handles a 200 response: it returns the page's links.
func (c *crawl) body(ctx context.Context, u string, resp *http.Response, body []byte) ([]string, error) {
	ct := resp.Header.Get("Content-Type")
	mt := mediaType(ct)
	f, ok := formatForType(mt, resp.Request.URL.Path)
	if !ok {
		return nil, c.mark(ctx, u, store.PageSkipped, fault.UnsupportedType, fmt.Sprintf("content type %q is not indexed", mt))
	}
	var links []string
	if f.links {
		links = c.links(resp.Request.URL, body, ct)
	}
	hash := contentHash(body)
	old, existed := c.stored[u]
	var id int64
	if existed && old.Status == store.PageOK && old.ContentHash == hash {
		if err := c.s.st.TouchPage(ctx, old.ID, c.s.now(), resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")); err != nil {
			return nil, err
		}
		c.r.report.Unchanged++
		id = old.ID
	} else {
		doc, err := f.extract(body, ct, u)
		if errors.Is(err, ErrNotText) {
			return nil, c.mark(ctx, u, store.PageFailed, fault.NotText, "not a text document")
		}
		if err != nil {
			return nil, c.mark(ctx, u, store.PageFailed, extractCode(err), err.Error())
		}
		p := store.PageInput{SourceID: c.src.ID, URL: u, ETag: resp.Header.Get("ETag"),
			LastModified: resp.Header.Get("Last-Modified"), ContentHash: hash, FetchedAt: c.s.now()}
		if id, err = c.s.index(ctx, c.r, p, doc, existed && old.ContentHash != ""); err != nil {
			return nil, err
		}
		c.stored[u] = store.PageState{ID: id, URL: u, ETag: p.ETag, LastModified: p.LastModified, ContentHash: hash, Status: store.PageOK}
	}
	return links, c.s.st.SetPageLinks(ctx, id, links)
}

// links returns the distinct in-scope link targets of an HTML page, in
// document order, resolved against base (or the page's <base href>).
func (c *crawl) links(base *url.URL, body []byte, contentType string) []string {
	root, err := html.Parse(strings.NewReader(decodeHTML(body, contentType)))
	if err != nil {
		return nil
	}
	var hrefs []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (n.DataAtom == atom.A || n.DataAtom == atom.Area || n.DataAtom == atom.Base) {
			for _, a := range n.Attr {
				if a.Key != "href" {
					continue
				}
				if n.DataAtom == atom.Base {
					if b, err := base.Parse(strings.TrimSpace(a.Val)); err == nil {
						base = b
					}
				} else {
					hrefs = append(hrefs, strings.TrimSpace(a.Val))
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch)
		}
	}
	walk(root)
	seen := map[string]bool{}
	var out []string
	for _, h := range hrefs {
		lu, err := base.Parse(h)
		if err != nil || !c.inScope(lu) {
			continue
		}
		if s := normalizeURL(lu); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
