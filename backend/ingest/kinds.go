package ingest

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// Kind is a type of source, as stored in the sources table's kind column
// and sent as SourceRequest.Kind.
type Kind string

// The source kinds this version syncs.
const (
	KindSite   Kind = "site"   // a documentation site, crawled from a start URL
	KindFolder Kind = "folder" // a local folder of documents
)

// Source is one source of a registered kind, as the job runner (Jobs)
// drives it: checked by the Policy, validated before it is stored, then
// synced. NewSource builds one from a request, OpenSource from a stored
// row.
type Source interface {
	// Kind returns the source's kind.
	Kind() Kind
	// Row returns the source as it is stored: kind, location (in the form
	// the request gave it, cleaned), display name and settings JSON. ID is
	// 0 for a source built from a request.
	Row() store.Source
	// Key returns the location in the form two sources of this kind are
	// compared in to find duplicates.
	Key() string
	// Check applies the restricted policy pol to the source (Jobs calls it
	// only when pol.Restricted). Refusals wrap ErrRefused.
	Check(ctx context.Context, pol Policy) error
	// Validate checks, before a new source is stored, that it can be
	// synced now (a folder exists and can be read, a site answers).
	// Errors wrap ErrBadSource and say what to do.
	Validate(ctx context.Context, env Env) error
	// Sync brings the source's pages up to date with env.Syncer, calling
	// fn (if not nil) with Progress after each page. The Report covers
	// what was done, even when an error stopped the run.
	Sync(ctx context.Context, env Env, fn func(Progress)) (Report, error)
}

// Env is what Jobs gives a Source to validate and sync it.
type Env struct {
	// Syncer writes the pages; its HTTP client makes the requests.
	Syncer *Syncer
	// Policy checks the source and every connection it makes.
	Policy Policy
	// Delay is the politeness delay between a site's requests (0: the
	// default, negative: none).
	Delay time.Duration
}

// Client returns the Syncer's HTTP client made safe under the Policy.
func (e Env) Client() *http.Client { return e.Policy.Client(e.Syncer.client) }

// kindDef registers a kind: how its sources are built and named.
type kindDef struct {
	kind Kind
	// noun is what a source of the kind is called in messages ("site").
	noun string
	// item is what one of its documents is called in logs ("page", "file").
	item string
	// fromRequest builds a source from a request whose Location is
	// trimmed; a request that cannot be such a source gives an error
	// wrapping ErrBadSource that says what to type instead.
	fromRequest func(req SourceRequest) (Source, error)
	// fromRow builds a source from its stored row.
	fromRow func(row store.Source) Source
}

// kinds is the source kind registry, in the order kinds are offered. Adding
// a kind is one line here and one file implementing Source (see the
// package documentation).
var kinds = []kindDef{
	{kind: KindSite, noun: "site", item: "page", fromRequest: newWebSource, fromRow: openWebSource},
	{kind: KindFolder, noun: "folder", item: "file", fromRequest: newFolderSource, fromRow: openFolderSource},
}

// registerKind adds a kind to the registry; only for init functions (the
// registry is read without a lock). It panics on a kind registered twice.
func registerKind(d kindDef) {
	if _, ok := kindOf(string(d.kind)); ok {
		panic(fmt.Sprintf("ingest: source kind %q registered twice", d.kind))
	}
	kinds = append(kinds, d)
}

// kindOf returns the registration of kind, or false.
func kindOf(kind string) (kindDef, bool) {
	for _, d := range kinds {
		if string(d.kind) == kind {
			return d, true
		}
	}
	return kindDef{}, false
}

// Kinds returns the registered source kinds, in the order they are offered.
func Kinds() []Kind {
	out := make([]Kind, len(kinds))
	for i, d := range kinds {
		out[i] = d.kind
	}
	return out
}

// kindList writes the registered kinds for an error message:
// "site" or "folder".
func kindList() string {
	q := make([]string, len(kinds))
	for i, d := range kinds {
		q[i] = fmt.Sprintf("%q", d.kind)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// NewSource builds the source req asks for (Location trimmed). A kind that
// is not registered, or a location the kind cannot use, gives an error
// wrapping ErrBadSource that says what to send instead.
func NewSource(req SourceRequest) (Source, error) {
	d, ok := kindOf(req.Kind)
	if !ok {
		return nil, fmt.Errorf("%w: kind must be %s, got %q", ErrBadSource, kindList(), req.Kind)
	}
	req.Location = strings.TrimSpace(req.Location)
	return d.fromRequest(req)
}

// OpenSource returns the stored source row as a Source. A kind that is not
// registered (a source stored by another version) gives an error wrapping
// ErrBadSource.
func OpenSource(row store.Source) (Source, error) {
	d, ok := kindOf(row.Kind)
	if !ok {
		return nil, fmt.Errorf("%w: source %d has kind %q, which this version cannot sync (it syncs %s); remove it or update the app", ErrBadSource, row.ID, row.Kind, kindList())
	}
	return d.fromRow(row), nil
}

// kindNoun is what a source of kind is called in messages ("site",
// "folder"; "source" for an unknown kind).
func kindNoun(kind string) string {
	if d, ok := kindOf(kind); ok {
		return d.noun
	}
	return "source"
}

// itemNoun is what one document of a source of kind is called in logs
// ("page" unless the kind says otherwise).
func itemNoun(kind string) string {
	if d, ok := kindOf(kind); ok && d.item != "" {
		return d.item
	}
	return "page"
}
