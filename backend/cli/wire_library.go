package cli

import (
	"context"

	"github.com/genkai-rag/genkai-rag/backend/ingest"
)

// LibraryService joins the store's listings and the sync jobs for api.Library
// and desktop.Sources, under the source policy in force (see Library).
type LibraryService struct {
	svc *Services
	pol ingest.Policy
}

// Library returns the document library adapter used by the transports. Its
// source policy is open in the desktop app (OpenSources) and otherwise
// follows server.source_policy: restricted (folders under
// server.source_roots, no private site addresses unless
// server.allow_private_sites) when config.Server.RestrictSources says so.
func (s *Services) Library() LibraryService { return LibraryService{svc: s, pol: s.sourcePolicy()} }

// OpenSources makes Library accept any source: the desktop app's user types
// it. The server never calls it.
func (s *Services) OpenSources() { s.openSources.Store(true) }

// sourcePolicy is the policy Library applies.
func (s *Services) sourcePolicy() ingest.Policy {
	c := s.CurrentConfig().Server
	if s.openSources.Load() || !c.RestrictSources() {
		return ingest.Policy{}
	}
	return ingest.Policy{Restricted: true, Roots: append([]string(nil), c.SourceRoots...), AllowPrivate: c.AllowPrivateSites}
}

// SourcePolicy describes the policy for the source form.
func (l LibraryService) SourcePolicy() ingest.PolicyInfo { return l.pol.Info() }

func (l LibraryService) Sources(ctx context.Context) ([]ingest.SourceSummary, error) {
	rows, err := l.svc.Store.Sources(ctx)
	return ingest.Summaries(rows), err
}
func (l LibraryService) PageList(ctx context.Context, id int64) ([]ingest.PageInfo, error) {
	if _, err := l.svc.Store.SourceByID(ctx, id); err != nil {
		return nil, err
	}
	rows, err := l.svc.Store.PageList(ctx, id)
	return ingest.Pages(rows), err
}
func (l LibraryService) DeleteSource(ctx context.Context, id int64) error {
	if st := l.svc.Jobs.Status(); st.Running && st.SourceID == id {
		return ingest.ErrBusy
	}
	return l.svc.Store.DeleteSource(ctx, id)
}
func (l LibraryService) AddSource(ctx context.Context, req ingest.SourceRequest) (ingest.SyncStatus, error) {
	return l.svc.Jobs.AddSourceUnder(ctx, req, l.pol)
}
func (l LibraryService) Sync(ctx context.Context, id int64) (ingest.SyncStatus, error) {
	return l.svc.Jobs.SyncUnder(ctx, id, l.pol)
}
func (l LibraryService) SyncStatus() ingest.SyncStatus { return l.svc.Jobs.Status() }
func (l LibraryService) CancelSync() ingest.SyncStatus { return l.svc.Jobs.Cancel() }
