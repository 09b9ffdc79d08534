package desktop

import (
	"context"

	"github.com/genkai-rag/genkai-rag/backend/search"
)

// Searcher finds passages. *search.Lexical satisfies it.
type Searcher interface {
	Search(ctx context.Context, q search.Query) ([]search.Hit, error)
}

// Library is bound as window.go.desktop.Library: the document library's
// search box (sources and sync come next).
type Library struct {
	app *App
}

// NewLibrary returns the Library facade; it answers once app has started.
func NewLibrary(app *App) *Library { return &Library{app: app} }

// Search returns the best k passages for query (k 0 means 10). Errors say
// what is wrong with the query (empty, longer than 1,000 characters, k over 100).
func (l *Library) Search(query string, k int) (search.Result, error) {
	if err := l.app.wait(); err != nil {
		return search.Result{}, err
	}
	return search.Run(l.app.ctx, l.app.search, search.Query{Text: query, K: k})
}
