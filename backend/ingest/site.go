package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// webSource is a documentation site crawled from its start URL (KindSite).
type webSource struct {
	row        store.Source
	opt        SiteOptions // from the request or the stored settings
	saveAnyway bool        // Validate does not probe the site
}

var _ Source = (*webSource)(nil)

// newWebSource accepts an http(s) start URL; the prefix, depth and page
// limit of req are kept as the source's settings.
func newWebSource(req SourceRequest) (Source, error) {
	if !strings.HasPrefix(req.Location, "http://") && !strings.HasPrefix(req.Location, "https://") {
		return nil, fmt.Errorf("%w: a site location must be an http(s) URL such as https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/", ErrBadSource)
	}
	opt := SiteOptions{Prefix: req.Prefix, MaxDepth: req.MaxDepth, MaxPages: req.MaxPages}
	row := store.Source{Kind: string(KindSite), Location: req.Location, Name: req.Location, Settings: opt.SettingsJSON()}
	return &webSource{row: row, opt: opt, saveAnyway: req.SaveAnyway}, nil
}

func openWebSource(row store.Source) Source {
	return &webSource{row: row, opt: SiteOptionsFromSettings(row.Settings)}
}

func (s *webSource) Kind() Kind        { return KindSite }
func (s *webSource) Row() store.Source { return s.row }

// Key is the URL in the crawler's normal form (normalizeURL: lower-case
// scheme and host, no default port, no fragment) without trailing slashes.
func (s *webSource) Key() string {
	u, err := url.Parse(strings.TrimSpace(s.row.Location))
	if err != nil {
		return s.row.Location
	}
	u.Path, u.RawPath = strings.TrimRight(u.Path, "/"), ""
	return normalizeURL(u)
}

// Check refuses a URL that is not http(s) or whose host is, or resolves
// to, a private address (unless pol.AllowPrivate).
func (s *webSource) Check(ctx context.Context, pol Policy) error {
	return pol.checkSite(ctx, s.row.Location)
}

// Validate probes the site (ProbeSite) unless the request said save anyway.
func (s *webSource) Validate(ctx context.Context, env Env) error {
	if s.saveAnyway {
		return nil
	}
	return ProbeSite(ctx, env.Client(), s.row.Location)
}

// Sync crawls the site with its stored options, env's delay, and every
// connection checked by env's policy.
func (s *webSource) Sync(ctx context.Context, env Env, fn func(Progress)) (Report, error) {
	opt := s.opt
	pol := env.Policy
	opt.Delay, opt.Policy = env.Delay, &pol
	return env.Syncer.SyncSite(ctx, s.row, opt, fn)
}

// SettingsJSON is how site options are kept with their source.
func (o SiteOptions) SettingsJSON() string {
	b, _ := json.Marshal(map[string]any{"prefix": o.Prefix, "max_depth": o.MaxDepth, "max_pages": o.MaxPages})
	return string(b)
}

// SiteOptionsFromSettings reads options stored with a source; missing or
// unreadable settings give the defaults.
func SiteOptionsFromSettings(settings string) SiteOptions {
	var v struct {
		Prefix   string `json:"prefix"`
		MaxDepth int    `json:"max_depth"`
		MaxPages int    `json:"max_pages"`
	}
	json.Unmarshal([]byte(settings), &v) // defaults on error
	return SiteOptions{Prefix: v.Prefix, MaxDepth: v.MaxDepth, MaxPages: v.MaxPages}
}
