package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Store is what a Syncer reads and writes. *store.Store satisfies it.
type Store interface {
	Pages(ctx context.Context, sourceID int64) ([]store.PageState, error)
	ReplacePage(ctx context.Context, p store.PageInput, chunks []store.ChunkInput) (int64, error)
	DeletePage(ctx context.Context, pageID int64) error
	MarkPage(ctx context.Context, sourceID int64, url, status, code, errMsg string) error
	TouchPage(ctx context.Context, pageID int64, fetchedAt time.Time, etag, lastModified string) error
	SetPageLinks(ctx context.Context, pageID int64, links []string) error
	PageLinks(ctx context.Context, pageID int64) ([]string, bool, error)

	Enqueue(ctx context.Context, sourceID int64, items []store.QueueItem) (int, error)
	NextQueued(ctx context.Context, sourceID int64) (store.QueueItem, bool, error)
	FinishQueued(ctx context.Context, sourceID int64, url string, depth int, links []store.QueueItem) error
	QueueCounts(ctx context.Context, sourceID int64) (done, pending int, err error)
	QueuedURLs(ctx context.Context, sourceID int64) (map[string]bool, error)
	ClearQueue(ctx context.Context, sourceID int64) error
}

// Progress is wire.SyncProgress, the shape clients see; see there.
type Progress = wire.SyncProgress

// Problem is wire.SyncProblem, the shape clients see; see there.
type Problem = wire.SyncProblem

// Report is wire.SyncReport, the shape clients see; see there.
type Report = wire.SyncReport

// UserAgent is sent with every request of a site sync.
const UserAgent = "GenkaiRAG/0.1 (+local desktop app)"

// Syncer brings sources up to date in a Store. Its methods may run
// concurrently for different sources, not for the same one.
type Syncer struct {
	st     Store
	client *http.Client
	log    *slog.Logger
	now    func() time.Time
}

// NewSyncer returns a Syncer writing to st. client makes the HTTP requests
// of SyncSite (nil: a new client; its Timeout should be 0, each request has
// its own); log receives per-page messages (nil discards them); now is the
// clock (nil: time.Now).
func NewSyncer(st Store, client *http.Client, log *slog.Logger, now func() time.Time) *Syncer {
	if client == nil {
		client = &http.Client{}
	}
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if now == nil {
		now = time.Now
	}
	return &Syncer{st: st, client: client, log: log, now: now}
}

// run tracks one sync for progress and the report.
type run struct {
	start    time.Time
	report   Report
	progress Progress
	fn       func(Progress)
}

func (r *run) step(url string) {
	r.progress.Done++
	r.progress.URL = url
	r.progress.Chunks = r.report.Chunks
	r.progress.Errors = len(r.report.Failed)
	if r.fn != nil {
		r.fn(r.progress)
	}
}

func (r *run) fail(url string, code fault.Code, reason string) {
	r.report.Failed = append(r.report.Failed, Problem{URL: url, Reason: reason, Code: string(code)})
}
func (r *run) skip(url string, code fault.Code, reason string) {
	r.report.Skipped = append(r.report.Skipped, Problem{URL: url, Reason: reason, Code: string(code)})
}
func (s *Syncer) finish(r *run) Report          { r.report.Duration = s.now().Sub(r.start); return r.report }
func (s *Syncer) newRun(fn func(Progress)) *run { return &run{start: s.now(), fn: fn} }

func contentHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// index chunks doc and replaces the page with it, counting the result in r
// as added or updated.
func (s *Syncer) index(ctx context.Context, r *run, p store.PageInput, doc *Document, existed bool) (int64, error) {
	chunks := ChunkDocument(doc, ChunkOptions{})
	in := make([]store.ChunkInput, len(chunks))
	for i, c := range chunks {
		in[i] = store.ChunkInput{Title: c.Title, Section: c.Section, Anchor: c.Anchor, URL: c.URL, Text: c.Text, Tokens: c.Tokens}
		search.AnalyzeChunk(&in[i])
	}
	p.Title = doc.Title
	id, err := s.st.ReplacePage(ctx, p, in)
	if err != nil {
		return 0, fmt.Errorf("index %s: %w", p.URL, err)
	}
	r.report.Chunks += len(in)
	if existed {
		r.report.Updated++
	} else {
		r.report.Added++
	}
	return id, nil
}

// pageMap indexes the stored pages of a source by URL.
func (s *Syncer) pageMap(ctx context.Context, sourceID int64) (map[string]store.PageState, error) {
	pages, err := s.st.Pages(ctx, sourceID)
	if err != nil {
		return nil, err
	}
	m := make(map[string]store.PageState, len(pages))
	for _, p := range pages {
		m[p.URL] = p
	}
	return m, nil
}
