package ingest

import (
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
