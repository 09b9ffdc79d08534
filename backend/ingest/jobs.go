package ingest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// ErrBusy is returned when a sync is started while another one runs.
var ErrBusy = fault.Sentinel(fault.Busy, "a sync is already running; wait for it to finish or cancel it")

// ErrBadSource is wrapped by AddSource for a source that cannot be synced.
var ErrBadSource = fault.Sentinel(fault.BadSource, "bad source")

// SourceRequest is wire.SourceRequest, the shape clients see; see there.
type SourceRequest = wire.SourceRequest

// SyncStatus is wire.SyncStatus, the shape clients see; see there.
type SyncStatus = wire.SyncStatus

// JobStore is what Jobs needs beyond the Syncer's Store.
type JobStore interface {
	EnsureSource(ctx context.Context, kind, location, name, settings string) (store.Source, error)
	SourceByID(ctx context.Context, id int64) (store.Source, error)
	Sources(ctx context.Context) ([]store.SourceSummary, error)
}

// Jobs runs one sync at a time in the background, for the UI and the API:
// start, watch progress, cancel. Runs end when the context given to NewJobs
// ends; Close cancels the current run and waits for it.
type Jobs struct {
	base   context.Context
	syncer *Syncer
	st     JobStore
	delay  time.Duration

	mu     sync.Mutex
	status SyncStatus
	cancel context.CancelFunc
	done   chan struct{}
}

// NewJobs returns a runner whose syncs live at most as long as base.
// delay is the politeness delay between site requests (0: the default).
func NewJobs(base context.Context, syncer *Syncer, st JobStore, delay time.Duration) *Jobs {
	return &Jobs{base: base, syncer: syncer, st: st, delay: delay}
}

// AddSource validates req, creates the source and starts its sync, with
// the open Policy (anything the user types). req.Kind picks the
// registered kind (NewSource); a kind that is not registered wraps
// ErrBadSource. Nothing is stored when it fails. A source with the same
// kind and location as a stored one wraps ErrDuplicateSource; then the
// kind's Source.Validate runs: a folder must exist, be a folder and be
// readable; a site must answer within ProbeTimeout unless req.SaveAnyway
// (the error then also wraps ErrSiteUnreachable); these errors wrap
// ErrBadSource. A sync already running gives ErrBusy.
func (j *Jobs) AddSource(ctx context.Context, req SourceRequest) (SyncStatus, error) {
	return j.AddSourceUnder(ctx, req, Policy{})
}

// AddSourceUnder is AddSource under pol: a source pol refuses is not stored
// (the error wraps ErrRefused) and the sync's connections are checked by pol.
func (j *Jobs) AddSourceUnder(ctx context.Context, req SourceRequest, pol Policy) (SyncStatus, error) {
	src, err := NewSource(req)
	if err != nil {
		return SyncStatus{}, err
	}
	if req.MaxDepth < 0 || req.MaxDepth > 20 || req.MaxPages < 0 || req.MaxPages > 100000 {
		return SyncStatus{}, fmt.Errorf("%w: max_depth must be 0–20 and max_pages 0–100000", ErrBadSource)
	}
	if err := pol.check(ctx, src); err != nil {
		return SyncStatus{}, err
	}
	row := src.Row()
	srcs, err := j.st.Sources(ctx)
	if err != nil {
		return SyncStatus{}, fmt.Errorf("add source: %w", err)
	}
	if err := duplicate(srcs, row.Kind, row.Location); err != nil {
		return SyncStatus{}, err
	}
	if err := src.Validate(ctx, j.env(pol)); err != nil {
		return SyncStatus{}, err
	}
	stored, err := j.st.EnsureSource(ctx, row.Kind, row.Location, row.Name, row.Settings)
	if err != nil {
		return SyncStatus{}, fmt.Errorf("add source: %w", err)
	}
	if src, err = OpenSource(stored); err != nil {
		return SyncStatus{}, fmt.Errorf("add source: %w", err)
	}
	return j.start(src, pol)
}

// Sync starts a sync of the stored source id with the open Policy. Errors:
// store.ErrNotFound, ErrBusy.
func (j *Jobs) Sync(ctx context.Context, id int64) (SyncStatus, error) {
	return j.SyncUnder(ctx, id, Policy{})
}

// SyncUnder is Sync under pol: a stored source that pol refuses (added
// where anything was allowed) is not synced (the error wraps ErrRefused);
// a stored source of a kind that is not registered gives an error
// wrapping ErrBadSource.
func (j *Jobs) SyncUnder(ctx context.Context, id int64, pol Policy) (SyncStatus, error) {
	row, err := j.st.SourceByID(ctx, id)
	if err != nil {
		return SyncStatus{}, err
	}
	src, err := OpenSource(row)
	if err != nil {
		return SyncStatus{}, fmt.Errorf("sync: %w", err)
	}
	// A host that does not resolve now is left to the sync to report; the
	// crawl's connections are checked by pol anyway.
	if err := pol.check(ctx, src); errors.Is(err, ErrRefused) {
		return SyncStatus{}, err
	}
	return j.start(src, pol)
}

// env is what a Source gets from j to validate and sync under pol.
func (j *Jobs) env(pol Policy) Env { return Env{Syncer: j.syncer, Policy: pol, Delay: j.delay} }

func (j *Jobs) start(src Source, pol Policy) (SyncStatus, error) {
	row := src.Row()
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.status.Running {
		return j.status, ErrBusy
	}
	ctx, cancel := context.WithCancel(j.base)
	now := time.Now()
	j.status = SyncStatus{Running: true, SourceID: row.ID, Kind: row.Kind, Location: row.Location, StartedAt: now.UTC().Format(time.RFC3339)}
	j.cancel, j.done = cancel, make(chan struct{})
	go j.run(ctx, src, pol, j.done)
	return j.status, nil
}

func (j *Jobs) run(ctx context.Context, src Source, pol Policy, done chan struct{}) {
	defer close(done)
	progress := func(p Progress) {
		j.mu.Lock()
		j.status.Progress = p
		j.mu.Unlock()
	}
	rep, err := src.Sync(ctx, j.env(pol), progress)
	j.mu.Lock()
	defer j.mu.Unlock()
	j.cancel()
	j.status.Running = false
	j.status.FinishedAt = time.Now().UTC().Format(time.RFC3339Nano)
	j.status.Report = &rep
	switch {
	case errors.Is(err, context.Canceled):
		j.status.Error, j.status.ErrorCode = "cancelled; sync again to resume where it stopped", string(fault.SyncCancelled)
	case err != nil:
		j.status.Error, j.status.ErrorCode = err.Error(), string(syncCode(err))
	}
}

// Status returns the current or last run's state.
func (j *Jobs) Status() SyncStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.status
}

// Cancel stops the current run (if any) and returns the state; the run
// reports itself finished shortly after.
func (j *Jobs) Cancel() SyncStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.cancel != nil {
		j.cancel()
	}
	return j.status
}

// Close cancels the current run and waits for it to stop.
func (j *Jobs) Close() {
	j.mu.Lock()
	done := j.done
	if j.cancel != nil {
		j.cancel()
	}
	j.mu.Unlock()
	if done != nil {
		<-done
	}
}
