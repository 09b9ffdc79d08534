package search

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Query is a search request.
type Query struct {
	Text string
	// K is the number of hits wanted; default 10.
	K int
}

// Hit is wire.SearchHit: one passage found, with what a citation needs.
type Hit = wire.SearchHit

// Result is wire.SearchResult: a search answer as the UI and API show it.
type Result = wire.SearchResult

// Engine answers a query with a whole Result: the hits and how they were
// found (mode, and why a search was lexical only). *Hybrid and *Lexical
// satisfy it; the transports' search and chat's retrieval call it. Errors
// are Query.Check's for a bad query (ErrBadQuery, ErrEmptyQuery) and
// store errors.
type Engine interface {
	SearchResult(ctx context.Context, q Query) (Result, error)
}

var (
	_ Engine = (*Hybrid)(nil)
	_ Engine = (*Lexical)(nil)
)

// ErrEmptyQuery is returned for a query with no searchable terms.
var ErrEmptyQuery = errors.New("the query has no searchable words: use words, not only punctuation")

// MaxQueryRunes is the longest query accepted; MaxK the most hits.
const (
	MaxQueryRunes = 1000
	MaxK          = 100
)

// ErrBadQuery wraps the reasons Check rejects a query.
var ErrBadQuery = errors.New("bad query")

// Check reports what is wrong with q, wrapping ErrBadQuery (or
// ErrEmptyQuery for a blank one). K 0 means the default and is fine.
func (q Query) Check() error {
	n := utf8.RuneCountInString(strings.TrimSpace(q.Text))
	switch {
	case n == 0:
		return ErrEmptyQuery
	case n > MaxQueryRunes:
		return fmt.Errorf("%w: the query is %d characters; the limit is %d", ErrBadQuery, n, MaxQueryRunes)
	case q.K < 0 || q.K > MaxK:
		return fmt.Errorf("%w: k must be from 1 to %d, got %d", ErrBadQuery, MaxK, q.K)
	}
	return nil
}
