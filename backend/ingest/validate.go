package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// ErrDuplicateSource is returned by AddSource for a source whose kind and
// normalised location match a stored one; the message names that source.
var ErrDuplicateSource = fault.Sentinel(fault.DuplicateSource, "duplicate source")

// ErrSiteUnreachable is wrapped (with ErrBadSource) by AddSource for a site
// that does not answer; SourceRequest.SaveAnyway saves it regardless.
var ErrSiteUnreachable = errors.New("site does not answer")

// ProbeTimeout is how long AddSource waits for a new site to answer.
const ProbeTimeout = 10 * time.Second

// CheckFolder returns nil when dir exists, is a directory and can be read
// on this machine; otherwise an error wrapping ErrBadSource that says which
// and what to do.
func CheckFolder(dir string) error {
	host, _ := os.Hostname()
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return badFolder(fault.FolderMissing, dir, fmt.Errorf("%w: folder %s does not exist: check the path (it is read on this machine: %s)", ErrBadSource, dir, host))
	case errors.Is(err, os.ErrPermission):
		return badFolder(fault.FolderUnreadable, dir, fmt.Errorf("%w: folder %s cannot be read: permission denied; give this user read access or choose another folder", ErrBadSource, dir))
	case err != nil:
		return badFolder(fault.FolderUnreadable, dir, fmt.Errorf("%w: folder %s cannot be read: %v", ErrBadSource, dir, errors.Unwrap(err)))
	case !fi.IsDir():
		return badFolder(fault.NotFolder, dir, fmt.Errorf("%w: %s is not a folder: choose the folder that holds the documents, not a file", ErrBadSource, dir))
	}
	f, err := os.Open(dir)
	if err == nil {
		_, err = f.Readdirnames(1)
		f.Close()
		if errors.Is(err, io.EOF) {
			err = nil // an empty folder is readable
		}
	}
	if errors.Is(err, os.ErrPermission) {
		return badFolder(fault.FolderUnreadable, dir, fmt.Errorf("%w: folder %s cannot be read: permission denied; give this user read access or choose another folder", ErrBadSource, dir))
	} else if err != nil {
		return badFolder(fault.FolderUnreadable, dir, fmt.Errorf("%w: folder %s cannot be read: %v", ErrBadSource, dir, err))
	}
	return nil
}

// badFolder is the error of a folder that cannot be a source: code says
// why (the UI shows its text with the path), err is the English detail.
func badFolder(code fault.Code, dir string, err error) error {
	return &fault.Error{Code: code, Params: map[string]string{"path": dir}, Err: err}
}

// normalLocation is the form of a location two sources are compared in:
// the Key of a source of kind at loc (a cleaned folder path; a site URL
// without trailing slashes in the crawler's normal form); loc itself for a
// kind that is not registered.
func normalLocation(kind, loc string) string {
	src, err := OpenSource(store.Source{Kind: kind, Location: loc})
	if err != nil {
		return loc
	}
	return src.Key()
}

// duplicate returns an error wrapping ErrDuplicateSource when srcs holds a
// source of kind at loc (normalised), or nil.
func duplicate(srcs []store.SourceSummary, kind, loc string) error {
	want := normalLocation(kind, loc)
	for _, s := range srcs {
		if s.Kind == kind && normalLocation(s.Kind, s.Location) == want {
			what := kindNoun(kind)
			return fmt.Errorf("%w: this %s is already a source (「%s」, id %d): sync it from the list instead", ErrDuplicateSource, what, s.Name, s.ID)
		}
	}
	return nil
}

// ProbeSite asks the site of raw for its robots.txt (the crawler's first
// request) with client and a ProbeTimeout limit: any HTTP answer, even an
// error status, shows the site answers. Otherwise the error wraps
// ErrBadSource and ErrSiteUnreachable and explains the failure, or wraps
// ErrBadSource and ErrBadStartURL for a URL that is not http(s), or wraps
// ErrRefused when the policy refused a connection.
func ProbeSite(ctx context.Context, client *http.Client, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return fault.Wrap(fault.BadURL, "", fmt.Errorf("%w: %w: %q is not an http(s) URL such as https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/", ErrBadSource, ErrBadStartURL, raw))
	}
	root := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	ctx, cancel := context.WithTimeout(ctx, ProbeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, root.String(), nil)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrBadSource, err)
	}
	req.Header.Set("User-Agent", UserAgent)
	resp, err := client.Do(req)
	var refused *RefusedError
	if errors.As(err, &refused) {
		if fe, ok := fault.As(err); ok {
			return fmt.Errorf("add site: %w", fe) // the policy refused where the site led; fe says which rule
		}
		return fmt.Errorf("add site: %w", refused)
	}
	if err != nil {
		why := &fault.Error{Code: fetchCode(err), Err: errors.New(fetchReason(err, ProbeTimeout))}
		return &fault.Error{Code: fault.SiteUnreachable, Params: map[string]string{"host": u.Host},
			// why is the first argument so that it is the first error inside
			// (fault.Describe's reason); the text keeps its order.
			Err: fmt.Errorf("%[2]w: %[3]w: %[4]s: %[1]w; check the URL and the network, or save it anyway to sync it later", why, ErrBadSource, ErrSiteUnreachable, u.Host)}
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return nil
}
