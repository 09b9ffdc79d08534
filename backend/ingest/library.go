package ingest

import (
	"context"

	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// SourceSummary is wire.SourceSummary: a source as clients see it.
type SourceSummary = wire.SourceSummary

// PageInfo is wire.PageInfo: a page of a source as clients see it.
type PageInfo = wire.PageInfo

// Summaries converts stored source rows to what clients see; nil stays
// nil (an empty list stays empty: [] in JSON).
func Summaries(rows []store.SourceSummary) []SourceSummary {
	if rows == nil {
		return nil
	}
	out := make([]SourceSummary, len(rows))
	for i, r := range rows {
		out[i] = SourceSummary{ID: r.ID, Kind: r.Kind, Location: r.Location, Name: r.Name, Settings: r.Settings,
			Pages: r.Pages, Chunks: r.Chunks, Failed: r.Failed, Skipped: r.Skipped, LastSynced: r.LastSynced}
	}
	return out
}

// Pages converts stored page rows to what clients see; nil stays nil.
func Pages(rows []store.PageInfo) []PageInfo {
	if rows == nil {
		return nil
	}
	out := make([]PageInfo, len(rows))
	for i, r := range rows {
		out[i] = PageInfo(r)
	}
	return out
}

// Library is the document library both transports call: the sources,
// their pages, adding and syncing them (/api/sources and /api/sync over
// HTTP, the Library facade in the desktop app). *Shelf implements it.
// Errors: ErrBusy while a sync runs, the Policy's refusals and the
// store's (store.ErrNotFound for an unknown source).
type Library interface {
	// SourcePolicy describes the source policy for the source form.
	SourcePolicy() PolicyInfo
	// Sources lists the sources with their page counts and last sync.
	Sources(ctx context.Context) ([]SourceSummary, error)
	// PageList lists a source's pages.
	PageList(ctx context.Context, sourceID int64) ([]PageInfo, error)
	// DeleteSource removes a source, its pages and chunks (ErrBusy while
	// it syncs).
	DeleteSource(ctx context.Context, sourceID int64) error
	// AddSource checks, stores and starts syncing a new source.
	AddSource(ctx context.Context, req SourceRequest) (SyncStatus, error)
	// Sync starts syncing a stored source.
	Sync(ctx context.Context, sourceID int64) (SyncStatus, error)
	// SyncStatus reports the running or last sync.
	SyncStatus() SyncStatus
	// CancelSync stops the running sync.
	CancelSync() SyncStatus
}

// ShelfStore is what a Shelf reads and deletes. *store.Store satisfies it.
type ShelfStore interface {
	Sources(ctx context.Context) ([]store.SourceSummary, error)
	SourceByID(ctx context.Context, id int64) (store.Source, error)
	PageList(ctx context.Context, sourceID int64) ([]store.PageInfo, error)
	DeleteSource(ctx context.Context, id int64) error
}

// Shelf joins the store's listings and the sync jobs under one source
// policy. Create it with NewShelf.
type Shelf struct {
	db   ShelfStore
	jobs *Jobs
	pol  Policy
}

var _ Library = (*Shelf)(nil)

// NewShelf returns the library over db and jobs; every source added or
// synced must pass pol (the zero Policy accepts any).
func NewShelf(db ShelfStore, jobs *Jobs, pol Policy) *Shelf {
	return &Shelf{db: db, jobs: jobs, pol: pol}
}

// SourcePolicy describes the policy for the source form.
func (l *Shelf) SourcePolicy() PolicyInfo { return l.pol.Info() }

// Sources lists the sources.
func (l *Shelf) Sources(ctx context.Context) ([]SourceSummary, error) {
	rows, err := l.db.Sources(ctx)
	return Summaries(rows), err
}

// PageList lists the pages of source id (store.ErrNotFound if none).
func (l *Shelf) PageList(ctx context.Context, id int64) ([]PageInfo, error) {
	if _, err := l.db.SourceByID(ctx, id); err != nil {
		return nil, err
	}
	rows, err := l.db.PageList(ctx, id)
	return Pages(rows), err
}

// DeleteSource removes source id; ErrBusy while it syncs.
func (l *Shelf) DeleteSource(ctx context.Context, id int64) error {
	if st := l.jobs.Status(); st.Running && st.SourceID == id {
		return ErrBusy
	}
	return l.db.DeleteSource(ctx, id)
}

// AddSource checks req under the policy, stores it and starts its sync.
func (l *Shelf) AddSource(ctx context.Context, req SourceRequest) (SyncStatus, error) {
	return l.jobs.AddSourceUnder(ctx, req, l.pol)
}

// Sync starts syncing source id under the policy.
func (l *Shelf) Sync(ctx context.Context, id int64) (SyncStatus, error) {
	return l.jobs.SyncUnder(ctx, id, l.pol)
}

// SyncStatus reports the running or last sync.
func (l *Shelf) SyncStatus() SyncStatus { return l.jobs.Status() }

// CancelSync stops the running sync.
func (l *Shelf) CancelSync() SyncStatus { return l.jobs.Cancel() }
