package ingest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// ErrBusy is returned when a sync is started while another one runs.
var ErrBusy = fault.Sentinel(fault.Busy, "a sync is already running; wait for it to finish or cancel it")

// ErrBadSource is wrapped by AddSource for a source that cannot be synced.
var ErrBadSource = fault.Sentinel(fault.BadSource, "bad source")

// SourceRequest asks for a new source. Site options are stored with the
// source and reused by later syncs.
type SourceRequest struct {
	Kind     string `json:"kind"` // "site" or "folder"
	Location string `json:"location"`
	Prefix   string `json:"prefix,omitempty"`
	MaxDepth int    `json:"max_depth,omitempty"`
	MaxPages int    `json:"max_pages,omitempty"`
	// SaveAnyway stores a site that does not answer now (it is synced
	// later); it does not excuse any other problem.
	SaveAnyway bool `json:"save_anyway,omitempty"`
}

// SyncStatus is the state of the current or last sync run.
type SyncStatus struct {
	Running    bool     `json:"running"`
	SourceID   int64    `json:"source_id"`
	Kind       string   `json:"kind"`
	Location   string   `json:"location"`
	StartedAt  string   `json:"started_at"`
	FinishedAt string   `json:"finished_at"`
	Progress   Progress `json:"progress"`
	Report     *Report  `json:"report"`
	Error      string   `json:"error"`
	ErrorCode  string   `json:"error_code,omitempty"` // Error's fault code (sync_failed when it has none)
}

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
// the open Policy (anything the user types). Nothing is stored when it
// fails: a folder must exist, be a folder and be readable; a site must
// answer within ProbeTimeout unless req.SaveAnyway (the error then also
// wraps ErrSiteUnreachable); these errors wrap ErrBadSource. A source with
// the same kind and location as a stored one wraps ErrDuplicateSource.
// A sync already running gives ErrBusy.
func (j *Jobs) AddSource(ctx context.Context, req SourceRequest) (SyncStatus, error) {
	return j.AddSourceUnder(ctx, req, Policy{})
}

// AddSourceUnder is AddSource under pol: a source pol refuses is not stored
// (the error wraps ErrRefused) and the sync's connections are checked by pol.
func (j *Jobs) AddSourceUnder(ctx context.Context, req SourceRequest, pol Policy) (SyncStatus, error) {
	req.Location = strings.TrimSpace(req.Location)
	switch req.Kind {
	case "site":
		if !strings.HasPrefix(req.Location, "http://") && !strings.HasPrefix(req.Location, "https://") {
			return SyncStatus{}, fmt.Errorf("%w: a site location must be an http(s) URL such as https://www.cc.kyushu-u.ac.jp/scp/system/Genkai/", ErrBadSource)
		}
	case "folder":
		if !filepath.IsAbs(req.Location) {
			return SyncStatus{}, fmt.Errorf("%w: a folder location must be an absolute path such as /home/you/docs", ErrBadSource)
		}
		req.Location = filepath.Clean(req.Location)
	default:
		return SyncStatus{}, fmt.Errorf("%w: kind must be \"site\" or \"folder\", got %q", ErrBadSource, req.Kind)
	}
	if req.MaxDepth < 0 || req.MaxDepth > 20 || req.MaxPages < 0 || req.MaxPages > 100000 {
		return SyncStatus{}, fmt.Errorf("%w: max_depth must be 0–20 and max_pages 0–100000", ErrBadSource)
	}
	if err := pol.Check(ctx, req.Kind, req.Location); err != nil {
		return SyncStatus{}, err
	}
	if req.Kind == "folder" {
		if err := CheckFolder(req.Location); err != nil {
			return SyncStatus{}, err
		}
	}
	srcs, err := j.st.Sources(ctx)
	if err != nil {
		return SyncStatus{}, fmt.Errorf("add source: %w", err)
	}
	if err := duplicate(srcs, req.Kind, req.Location); err != nil {
		return SyncStatus{}, err
	}
	if req.Kind == "site" && !req.SaveAnyway {
		if err := ProbeSite(ctx, pol.Client(j.syncer.client), req.Location); err != nil {
			return SyncStatus{}, err
		}
	}
	settings := "{}"
	if req.Kind == "site" {
		settings = SiteOptions{Prefix: req.Prefix, MaxDepth: req.MaxDepth, MaxPages: req.MaxPages}.SettingsJSON()
	}
	name := req.Location
	if req.Kind == "folder" {
		name = filepath.Base(req.Location)
	}
	src, err := j.st.EnsureSource(ctx, req.Kind, req.Location, name, settings)
	if err != nil {
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
// where anything was allowed) is not synced (the error wraps ErrRefused).
func (j *Jobs) SyncUnder(ctx context.Context, id int64, pol Policy) (SyncStatus, error) {
	src, err := j.st.SourceByID(ctx, id)
	if err != nil {
		return SyncStatus{}, err
	}
	// A host that does not resolve now is left to the sync to report; the
	// crawl's connections are checked by pol anyway.
	if err := pol.Check(ctx, src.Kind, src.Location); errors.Is(err, ErrRefused) {
		return SyncStatus{}, err
	}
	return j.start(src, pol)
}

func (j *Jobs) start(src store.Source, pol Policy) (SyncStatus, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.status.Running {
		return j.status, ErrBusy
	}
	ctx, cancel := context.WithCancel(j.base)
	now := time.Now()
	j.status = SyncStatus{Running: true, SourceID: src.ID, Kind: src.Kind, Location: src.Location, StartedAt: now.UTC().Format(time.RFC3339)}
	j.cancel, j.done = cancel, make(chan struct{})
	go j.run(ctx, src, pol, j.done)
	return j.status, nil
}

func (j *Jobs) run(ctx context.Context, src store.Source, pol Policy, done chan struct{}) {
	defer close(done)
	progress := func(p Progress) {
		j.mu.Lock()
		j.status.Progress = p
		j.mu.Unlock()
	}
	var rep Report
	var err error
	switch {
	case src.Kind == "folder":
		// Checked again: the folder may have become a link since.
		if err = pol.Check(ctx, src.Kind, src.Location); err == nil {
			rep, err = j.syncer.SyncFolder(ctx, src, progress)
		} else {
			j.syncer.log.WarnContext(ctx, "sync refused by the source policy", "source_id", src.ID, "location", src.Location, "err", err)
		}
	default:
		opt := SiteOptionsFromSettings(src.Settings)
		opt.Delay, opt.Policy = j.delay, &pol
		rep, err = j.syncer.SyncSite(ctx, src, opt, progress)
	}
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

// SettingsJSON is how site options are kept with their source.
func (o SiteOptions) SettingsJSON() string {
	b, _ := json.Marshal(map[string]any{"prefix": o.Prefix, "max_depth": o.MaxDepth, "max_pages": o.MaxPages})
	return string(b)
}

// SiteOptionsFromSettings reads options stored with a source; missing or
// unreadable settings give the defaults.
func SiteOptionsFromSettings(settings string) SiteOptions {
	var v struct {
		Prefix   string `json:"prefix"`
		MaxDepth int    `json:"max_depth"`
		MaxPages int    `json:"max_pages"`
	}
	json.Unmarshal([]byte(settings), &v) // defaults on error
	return SiteOptions{Prefix: v.Prefix, MaxDepth: v.MaxDepth, MaxPages: v.MaxPages}
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
