package ingest

import (
	"context"
	"errors"
	"log/slog"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// logPage logs a page or file that was not indexed: a failure (it could
// not be fetched or read) at WARNING, a deliberate skip (type, size, robots)
// at INFO.
func (s *Syncer) logPage(ctx context.Context, src store.Source, u, status, reason string) {
	level, msg := slog.LevelInfo, itemNoun(src.Kind)+" skipped"
	if status != store.PageSkipped {
		level, msg = slog.LevelWarn, itemNoun(src.Kind)+" not indexed"
	}
	s.log.Log(ctx, level, msg, "source_id", src.ID, "url", u, "status", status, "reason", reason)
}

// logOutcome logs how a sync ended: a failed sync at ERROR with the reason,
// one that finished with failed pages at WARNING (with the first reasons),
// a cancelled or clean one at INFO.
func (s *Syncer) logOutcome(ctx context.Context, src store.Source, rep Report, err error) {
	args := []any{"source_id", src.ID, "kind", src.Kind, "location", src.Location,
		"added", rep.Added, "updated", rep.Updated, "unchanged", rep.Unchanged, "removed", rep.Removed,
		"failed", len(rep.Failed), "skipped", len(rep.Skipped), "duration", rep.Duration.String()}
	switch {
	case errors.Is(err, context.Canceled):
		s.log.InfoContext(ctx, "sync cancelled; syncing again resumes", args...)
	case err != nil:
		s.log.ErrorContext(ctx, "sync failed", append(args, "err", err)...)
	case len(rep.Failed) > 0:
		first := make([]string, 0, 3)
		for _, p := range rep.Failed[:min(3, len(rep.Failed))] {
			first = append(first, p.URL+": "+p.Reason)
		}
		s.log.WarnContext(ctx, "sync finished with pages that could not be indexed", append(args, "first_failures", first)...)
	default:
		s.log.InfoContext(ctx, "sync finished", args...)
	}
}
