package desktop

import (
	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// Library is bound as window.go.desktop.Library: document sources, their
// sync, and the search box. The UI polls SyncStatus while a sync runs.
type Library struct {
	app *App
}

// NewLibrary returns the Library facade; it answers once app has started.
func NewLibrary(app *App) *Library { return &Library{app: app} }

// Search returns the best k passages for query (k 0 means 10). Errors say
// what is wrong with the query (empty, longer than 1,000 characters, k over 100).
func (l *Library) Search(query string, k int) (search.Result, error) {
	r, err := l.app.wait()
	if err != nil {
		return search.Result{}, err
	}
	return r.search.SearchResult(r.ctx, search.Query{Text: query, K: k})
}

// Sources lists the document sources with page and chunk counts.
func (l *Library) Sources() ([]ingest.SourceSummary, error) {
	r, err := l.app.wait()
	if err != nil {
		return nil, err
	}
	return r.sources.Sources(r.ctx)
}

// AddSource creates a site or folder source and starts its sync. Errors say
// what is wrong with the request, or that a sync is already running.
func (l *Library) AddSource(req ingest.SourceRequest) (ingest.SyncStatus, error) {
	r, err := l.app.wait()
	if err != nil {
		return ingest.SyncStatus{}, err
	}
	return r.sources.AddSource(r.ctx, req)
}

// SyncSource starts a sync of source id.
func (l *Library) SyncSource(id int64) (ingest.SyncStatus, error) {
	r, err := l.app.wait()
	if err != nil {
		return ingest.SyncStatus{}, err
	}
	return r.sources.Sync(r.ctx, id)
}

// SyncStatus reports the current or last sync.
func (l *Library) SyncStatus() (ingest.SyncStatus, error) {
	r, err := l.app.wait()
	if err != nil {
		return ingest.SyncStatus{}, err
	}
	return r.sources.SyncStatus(), nil
}

// CancelSync stops the running sync; the next sync resumes where it stopped.
func (l *Library) CancelSync() (ingest.SyncStatus, error) {
	r, err := l.app.wait()
	if err != nil {
		return ingest.SyncStatus{}, err
	}
	return r.sources.CancelSync(), nil
}

// Pages lists the pages of source id with status and freshness.
func (l *Library) Pages(id int64) ([]ingest.PageInfo, error) {
	r, err := l.app.wait()
	if err != nil {
		return nil, err
	}
	return r.sources.PageList(r.ctx, id)
}

// RemoveSource deletes source id with its pages and index entries.
func (l *Library) RemoveSource(id int64) error {
	r, err := l.app.wait()
	if err != nil {
		return err
	}
	return r.sources.DeleteSource(r.ctx, id)
}
