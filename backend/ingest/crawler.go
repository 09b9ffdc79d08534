package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// SiteOptions tune SyncSite. The zero value uses every default.
type SiteOptions struct {
	// Prefix is the URL every page must start with: an absolute URL on the
	// start URL's host, or a path such as "/scp/system/Genkai/". Default:
	// the start URL's directory.
	Prefix string
	// MaxDepth is how many links away from the start URL the crawl goes
	// (sitemap URLs count as depth 1). Default 3.
	MaxDepth int
	// MaxPages is the most URLs fetched in one run, resumed parts included.
	// Default 500.
	MaxPages int
	// Delay is the pause between requests. Default 500 ms; negative: none.
	Delay time.Duration
	// MaxBytes is the largest page read. Default 10 MB.
	MaxBytes int64
	// Timeout limits each request. Default 30 s.
	Timeout time.Duration
	// Policy, if not nil, checks every connection of the crawl
	// (Policy.Client); nil is open.
	Policy *Policy
}

// Defaults of SiteOptions.
const (
	DefaultMaxDepth = 3
	DefaultMaxPages = 500
	DefaultDelay    = 500 * time.Millisecond
	DefaultMaxBytes = 10 << 20
	DefaultTimeout  = 30 * time.Second
)

func (o SiteOptions) withDefaults() SiteOptions {
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	if o.Delay == 0 {
		o.Delay = DefaultDelay
	}
	if o.MaxBytes <= 0 {
		o.MaxBytes = DefaultMaxBytes
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	return o
}

// ErrBadStartURL is returned by SyncSite for a start URL or prefix it cannot
// crawl (not http or https, or a prefix on another host).
var ErrBadStartURL = errors.New("bad start URL")

// crawl is one SyncSite run.
type crawl struct {
	s      *Syncer
	r      *run
	src    store.Source
	opt    SiteOptions
	prefix string
	robots robots
	client *http.Client
	last   time.Time // when the last request started
	stored map[string]store.PageState
}

// SyncSite brings the site source src up to date, crawling from its start
// URL src.Location on the same host, within opt.Prefix, honouring
// robots.txt for UserAgent and seeding the crawl with the sitemap (the
// robots.txt Sitemap lines, else /sitemap.xml). Redirects are followed only
// within the prefix. HTML, plain text and Markdown pages are indexed; other
// content types and pages over MaxBytes are recorded as skipped, fetch
// errors and HTTP errors as failed (older chunks are kept); a 404 or 410
// deletes the page.
//
// Stored pages are revalidated with If-None-Match / If-Modified-Since; a 304
// or an unchanged sha256 of the body only touches the page.
//
// The frontier lives in the store, so a run stopped at any moment (ctx
// cancelled, process killed) continues where it stopped on the next call
// and ends with the same index as an uninterrupted run. A run that ends
// normally clears the frontier; if it was complete (not truncated at
// MaxPages) it also deletes the source's pages it did not reach.
//
// Errors: ErrBadStartURL, a robots.txt that cannot be fetched (other than
// 4xx), store errors, and ctx's error when cancelled.
func (s *Syncer) SyncSite(ctx context.Context, src store.Source, opt SiteOptions, fn func(Progress)) (Report, error) {
	rep, err := s.syncSite(ctx, src, opt, fn)
	s.logOutcome(ctx, src, rep, err)
	return rep, err
}

func (s *Syncer) syncSite(ctx context.Context, src store.Source, opt SiteOptions, fn func(Progress)) (Report, error) {
	r := s.newRun(fn)
	c := &crawl{s: s, r: r, src: src, opt: opt.withDefaults()}
	if err := c.prepare(ctx); err != nil {
		return s.finish(r), fmt.Errorf("sync site %s: %w", src.Location, err)
	}
	complete, err := c.loop(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return s.finish(r), ctx.Err()
		}
		return s.finish(r), fmt.Errorf("sync site %s: %w", src.Location, err)
	}
	if complete {
		if err := c.removeUnreached(ctx); err != nil {
			return s.finish(r), fmt.Errorf("sync site %s: %w", src.Location, err)
		}
	}
	r.report.Truncated = !complete
	if err := s.st.ClearQueue(ctx, src.ID); err != nil {
		return s.finish(r), fmt.Errorf("sync site %s: %w", src.Location, err)
	}
	return s.finish(r), nil
}

// prepare resolves the prefix, reads robots.txt and the sitemap and seeds
// the frontier (idempotent, so a resumed run can do it again).
func (c *crawl) prepare(ctx context.Context) error {
	start, err := url.Parse(c.src.Location)
	if err != nil || (start.Scheme != "http" && start.Scheme != "https") || start.Host == "" {
		return fmt.Errorf("%w: %q is not an http(s) URL", ErrBadStartURL, c.src.Location)
	}
	startURL := normalizeURL(start)
	prefix := c.opt.Prefix
	if prefix == "" {
		dir := start.Path
		if !strings.HasSuffix(dir, "/") {
			dir = path.Dir(dir)
		}
		prefix = strings.TrimSuffix(dir, "/") + "/"
	}
	pu, err := start.Parse(prefix)
	if err != nil || pu.Host == "" || !strings.EqualFold(pu.Host, start.Host) || pu.Scheme != start.Scheme {
		return fmt.Errorf("%w: prefix %q is not on %s", ErrBadStartURL, prefix, start.Host)
	}
	c.prefix = normalizeURL(pu)
	if !strings.HasPrefix(startURL, c.prefix) {
		return fmt.Errorf("%w: %s is outside the prefix %s", ErrBadStartURL, startURL, c.prefix)
	}
	cl := *c.s.client
	if c.opt.Policy != nil {
		cl = *c.opt.Policy.Client(c.s.client)
	}
	cl.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("more than 10 redirects")
		}
		if !c.inScope(req.URL) {
			return http.ErrUseLastResponse
		}
		return nil
	}
	c.client = &cl

	host := &url.URL{Scheme: start.Scheme, Host: start.Host}
	if err := c.readRobots(ctx, host); err != nil {
		return err
	}
	seeds := []store.QueueItem{{URL: startURL}}
	for _, u := range c.sitemapURLs(ctx, host) {
		seeds = append(seeds, store.QueueItem{URL: u, Depth: 1})
	}
	if _, err := c.s.st.Enqueue(ctx, c.src.ID, seeds); err != nil {
		return err
	}
	c.stored, err = c.s.pageMap(ctx, c.src.ID)
	return err
}

func (c *crawl) readRobots(ctx context.Context, host *url.URL) error {
	resp, body, err := c.get(ctx, host.JoinPath("robots.txt").String(), nil)
	if err != nil {
		var refused *RefusedError
		if errors.As(err, &refused) {
			return fmt.Errorf("cannot fetch %s: %w", host.Host, refused)
		}
		if what := describeFetch(err, c.opt.Timeout); what != "" && ctx.Err() == nil {
			return fmt.Errorf("cannot reach %s: %s: %w", host.Host, what, err)
		}
		return fmt.Errorf("fetch robots.txt: %w", err)
	}
	switch {
	case resp.StatusCode == http.StatusOK:
		c.robots = parseRobots(body, "GenkaiRAG")
	case resp.StatusCode >= 300 && resp.StatusCode < 500:
		// No robots.txt (or one we may not follow): everything is allowed.
	default:
		return fmt.Errorf("fetch robots.txt: HTTP %d", resp.StatusCode)
	}
	return nil
}

// sitemapURLs returns the in-scope page URLs of the site's sitemaps;
// sitemap problems are logged and otherwise ignored.
func (c *crawl) sitemapURLs(ctx context.Context, host *url.URL) []string {
	maps := c.robots.sitemaps
	if len(maps) == 0 {
		maps = []string{host.JoinPath("sitemap.xml").String()}
	}
	var out []string
	for i := 0; i < len(maps) && i < 20; i++ {
		mu, err := url.Parse(maps[i])
		if err != nil || !strings.EqualFold(mu.Host, host.Host) {
			continue
		}
		resp, body, err := c.get(ctx, mu.String(), nil)
		if err != nil || resp.StatusCode != http.StatusOK {
			c.s.log.Debug("no sitemap", "url", mu.String(), "err", err)
			continue
		}
		locs, index, err := parseSitemap(body)
		if err != nil {
			c.s.log.Info("unreadable sitemap", "url", mu.String(), "err", err)
			continue
		}
		if index {
			maps = append(maps, locs...)
			continue
		}
		for _, l := range locs {
			if u, err := url.Parse(l); err == nil && c.allowed(u) {
				out = append(out, normalizeURL(u))
			}
		}
	}
	return out
}

// loop processes the frontier; complete is false when it stopped at
// MaxPages.
func (c *crawl) loop(ctx context.Context) (complete bool, err error) {
	for {
		if err := ctx.Err(); err != nil {
			return false, err
		}
		done, pending, err := c.s.st.QueueCounts(ctx, c.src.ID)
		if err != nil {
			return false, err
		}
		c.r.progress.Total = c.r.progress.Done + pending
		if pending == 0 {
			return true, nil
		}
		if done >= c.opt.MaxPages {
			return false, nil
		}
		it, ok, err := c.s.st.NextQueued(ctx, c.src.ID)
		if err != nil || !ok {
			return err == nil, err
		}
		if err := c.page(ctx, it); err != nil {
			return false, err
		}
		c.r.step(it.URL)
	}
}

// removeUnreached deletes the source's pages the frontier never reached.
func (c *crawl) removeUnreached(ctx context.Context) error {
	reached, err := c.s.st.QueuedURLs(ctx, c.src.ID)
	if err != nil {
		return err
	}
	pages, err := c.s.st.Pages(ctx, c.src.ID)
	if err != nil {
		return err
	}
	for _, p := range pages {
		if reached[p.URL] {
			continue
		}
		if err := c.s.st.DeletePage(ctx, p.ID); err != nil {
			return err
		}
		c.r.report.Removed++
	}
	return nil
}

// inScope reports whether u is under the prefix (same scheme and host).
func (c *crawl) inScope(u *url.URL) bool {
	return strings.HasPrefix(normalizeURL(u), c.prefix)
}

// allowed reports whether u is in scope and robots.txt lets us fetch it.
func (c *crawl) allowed(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && c.inScope(u) && c.robots.allowed(u.RequestURI())
}

// wait keeps the politeness delay between requests.
func (c *crawl) wait(ctx context.Context) error {
	if c.opt.Delay > 0 && !c.last.IsZero() {
		t := time.NewTimer(time.Until(c.last.Add(c.opt.Delay)))
		defer t.Stop()
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	c.last = time.Now()
	return nil
}

// errTooLarge is returned by get for a body over MaxBytes.
var errTooLarge = errors.New("too large")

// get fetches u with the delay, timeout, size limit and User-Agent, adding
// hdr. The body is read only for 200 responses.
func (c *crawl) get(ctx context.Context, u string, hdr http.Header) (*http.Response, []byte, error) {
	if err := c.wait(ctx); err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, c.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, nil, err
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", UserAgent)
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		return resp, nil, nil
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opt.MaxBytes+1))
	if err != nil {
		return resp, nil, err
	}
	if int64(len(body)) > c.opt.MaxBytes {
		return resp, nil, errTooLarge
	}
	return resp, body, nil
}

// normalizeURL drops the fragment and default port, lower-cases scheme
// and host and gives an empty path "/".
func normalizeURL(u *url.URL) string {
	n := *u
	n.Fragment, n.RawFragment = "", ""
	n.Scheme = strings.ToLower(n.Scheme)
	n.Host = strings.ToLower(n.Host)
	if p := n.Port(); (p == "80" && n.Scheme == "http") || (p == "443" && n.Scheme == "https") {
		n.Host = n.Hostname()
	}
	if n.Path == "" && n.Opaque == "" {
		n.Path = "/"
	}
	return n.String()
}

// mediaType returns the lower-case media type of a Content-Type header.
func mediaType(ct string) string {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(ct, ";")
	}
	return strings.ToLower(strings.TrimSpace(mt))
}
