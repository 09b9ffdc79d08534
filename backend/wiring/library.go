package wiring

import (
	"github.com/genkai-rag/genkai-rag/backend/ingest"
)

// Library returns the document library adapter used by the transports. Its
// source policy is open in the desktop app (OpenSources) and otherwise
// follows server.source_policy: restricted (folders under
// server.source_roots, no private site addresses unless
// server.allow_private_sites) when config.Server.RestrictSources says so.
func (s *Services) Library() *ingest.Shelf { return ingest.NewShelf(s.Store, s.Jobs, s.sourcePolicy()) }

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
