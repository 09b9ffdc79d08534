package search

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
)

// VectorStore keeps the chunk vectors. *store.Store satisfies it.
type VectorStore interface {
	SaveVectors(ctx context.Context, model string, vs []store.ChunkVector) (int, error)
	Vectors(ctx context.Context, model string, fn func(chunkID int64, vec []float32) error) error
	VectorIDs(ctx context.Context, model string) (map[int64]bool, error)
	PendingChunks(ctx context.Context, model string, after int64, limit int) ([]store.ChunkText, error)
	VectorCounts(ctx context.Context, model string) (chunks, embedded int, err error)
	DeleteVectorsExcept(ctx context.Context, keep string) (int64, error)
	IndexVersion(ctx context.Context) (int64, error)
}

// Reasons a search was lexical only or its vectors incomplete (Result.Reason).
const (
	ReasonNoModel     = "no_embedding_model"    // llm.embedding_model is empty
	ReasonLoading     = "vectors_loading"       // the index is being read from SQLite
	ReasonNoVectors   = "no_vectors"            // nothing embedded yet with this model
	ReasonUnavailable = "embedding_unavailable" // the query could not be embedded (Ollama down, model missing)
	ReasonPartial     = "vectors_partial"       // hybrid, but some chunks still wait for vectors
)

// noteFor is the Japanese note shown with a result for reason.
func noteFor(reason, detail string) string {
	switch reason {
	case ReasonNoModel:
		return "埋め込みモデルが未設定のためキーワード検索のみ"
	case ReasonLoading:
		return "ベクトル索引を読み込み中のためキーワード検索のみ"
	case ReasonNoVectors:
		return "埋め込みがまだ作成されていないためキーワード検索のみ"
	case ReasonUnavailable:
		return "埋め込みモデルを使えないためキーワード検索のみ（" + detail + "）"
	case ReasonPartial:
		return "埋め込みを作成中（" + detail + "）：一部の文書はキーワード検索のみ"
	}
	return ""
}

// Unavailable is returned by Vectors.Search when the vector side cannot
// answer; Hybrid turns it into a lexical Result with Reason and Note.
type Unavailable struct {
	Reason string
	Note   string
}

func (u *Unavailable) Error() string { return "vector search unavailable: " + u.Note }

// VectorOptions tune Vectors. Zero values take the defaults.
type VectorOptions struct {
	// Poll is how often the index version is checked for synced or
	// deleted pages; default 5 s. A change is acted on once it has held
	// for one poll, so a running sync is embedded after it settles.
	Poll time.Duration
	// Batch is how many chunks are embedded and saved together; default 64.
	Batch int
	// Retry is how long a failed embedding (job or query) waits before it
	// is tried again; default 30 s.
	Retry time.Duration
	// QueryTimeout bounds embedding one query; default 10 s.
	QueryTimeout time.Duration
}

// EmbedJob is the state of the current or last embedding run.
type EmbedJob struct {
	Running    bool   `json:"running"`
	Model      string `json:"model"`
	Done       int    `json:"done"`    // chunks embedded by this run
	Skipped    int    `json:"skipped"` // chunks whose vector was rejected (NaN, wrong dimension)
	StartedAt  string `json:"started_at,omitempty"`
	FinishedAt string `json:"finished_at,omitempty"`
	// Error says why the last run stopped (kept while a retry runs).
	Error string `json:"error,omitempty"`
}

// VectorStatus is the state of the vector index, for status pages.
type VectorStatus struct {
	Model string `json:"embedding_model"`
	// State is "off" (no embedding model), "loading", "embedding",
	// "ready" (every chunk has a vector) or "incomplete" (chunks wait,
	// no run is going: see Job.Error).
	State       string   `json:"state"`
	Loaded      int      `json:"vectors_loaded"`
	Dim         int      `json:"dimensions"`
	Chunks      int      `json:"chunks"`
	Pending     int      `json:"pending"`
	MemoryBytes int64    `json:"memory_bytes"`
	Job         EmbedJob `json:"job"`
}

// Vectors keeps the in-memory vector index of the configured embedding
// model, rebuilt from SQLite at Start, and embeds the chunks that have no
// vector for that model in a background job: after a sync settles, at
// start, on Embed, and for everything when the model changes (SetModel).
// The job is cancellable and resumable: its progress is the vectors saved
// in SQLite. Vectors of other models are deleted once the current model
// covers every chunk; they are never used for queries of another model.
type Vectors struct {
	st  VectorStore
	emb Embedder
	log *slog.Logger
	opt VectorOptions

	// swap orders a batch save (check gen, write SQLite, add to the
	// index) against a model switch or reload, so a reload never misses
	// vectors a stale job wrote. Taken before mu.
	swap      sync.RWMutex
	mu        sync.Mutex
	base      context.Context
	stop      context.CancelFunc
	gen       int // bumped by SetModel: loads and jobs of an older gen are stale
	model     string
	idx       *VectorIndex
	loading   bool
	chunks    int
	embedded  int
	job       EmbedJob
	jobCancel context.CancelFunc
	jobDone   chan struct{}
	jobFailed time.Time
	jobErr    error // why the last run failed (nil: it did not)
	queryFail time.Time
	queryWhy  *Unavailable
	wg        sync.WaitGroup
}

// NewVectors returns a stopped manager; call Start. log may be nil.
func NewVectors(st VectorStore, emb Embedder, log *slog.Logger, opt VectorOptions) *Vectors {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opt.Poll <= 0 {
		opt.Poll = 5 * time.Second
	}
	if opt.Batch <= 0 {
		opt.Batch = 64
	}
	if opt.Retry <= 0 {
		opt.Retry = 30 * time.Second
	}
	if opt.QueryTimeout <= 0 {
		opt.QueryTimeout = 10 * time.Second
	}
	return &Vectors{st: st, emb: emb, log: log, opt: opt}
}

// Start loads model's vectors from SQLite in the background, then embeds
// what is missing, and watches for index changes until ctx ends or Close.
// It returns at once.
func (v *Vectors) Start(ctx context.Context, model string) {
	v.mu.Lock()
	v.base, v.stop = context.WithCancel(ctx)
	v.model = model
	gen := v.gen
	v.loading = model != ""
	v.mu.Unlock()
	if model != "" {
		v.wg.Add(1)
		go v.load(gen, model)
	}
	v.wg.Add(1)
	go v.watch()
}

// Close stops the watcher and the job and waits for them.
func (v *Vectors) Close() {
	v.mu.Lock()
	if v.stop != nil {
		v.stop()
	}
	v.mu.Unlock()
	v.wg.Wait()
}

// Model is the embedding model in use ("" for none).
func (v *Vectors) Model() string {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.model
}

// SetModel switches to another embedding model: queries stop using the
// old vectors at once, the new model's stored vectors are loaded and the
// chunks without one are embedded in the background. "" turns vectors off.
func (v *Vectors) SetModel(model string) { v.switchTo(model, false) }

// Reload drops the in-memory index and reads it again from SQLite, as
// after a database restore (chunk IDs may then mean other chunks).
func (v *Vectors) Reload() { v.switchTo(v.Model(), true) }

func (v *Vectors) switchTo(model string, force bool) {
	v.swap.Lock()
	defer v.swap.Unlock()
	v.mu.Lock()
	if model == v.model && !force || v.base == nil {
		v.model = model
		v.mu.Unlock()
		return
	}
	v.gen++
	gen := v.gen
	if v.jobCancel != nil {
		v.jobCancel()
	}
	v.model, v.idx, v.loading, v.chunks, v.embedded = model, nil, model != "", 0, 0
	v.queryWhy, v.jobFailed, v.jobErr = nil, time.Time{}, nil
	v.mu.Unlock()
	v.log.Info("vector index reloading", "model", model, "model_changed", !force)
	if model != "" {
		v.wg.Add(1)
		go v.load(gen, model)
	}
}

// load reads model's vectors into a new index and publishes it, then
// starts the embed job.
func (v *Vectors) load(gen int, model string) {
	defer v.wg.Done()
	if v.loadIndex(gen, model) == nil {
		v.Embed()
	}
}

// Build loads model's stored vectors and embeds every chunk without one
// in the caller's goroutine, for evaluations and tools; it returns the
// first embedding or store error. Do not combine it with Start.
func (v *Vectors) Build(ctx context.Context, model string) error {
	gen := v.begin(ctx, model)
	if err := v.loadIndex(gen, model); err != nil {
		return err
	}
	return v.embedPending(ctx, gen, model)
}

// Load reads model's stored vectors into memory in the caller's goroutine
// and embeds nothing, for read-only tools such as `genkai-rag search`:
// chunks without a vector are simply not found by the vector side. It
// returns the store's error. Do not combine it with Start.
func (v *Vectors) Load(ctx context.Context, model string) error {
	return v.loadIndex(v.begin(ctx, model), model)
}

// begin makes model current for a load in the caller's goroutine and
// returns the generation the load belongs to.
func (v *Vectors) begin(ctx context.Context, model string) int {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.base, v.model, v.loading = ctx, model, true
	return v.gen
}

// loadIndex reads model's vectors into a new index and publishes it.
func (v *Vectors) loadIndex(gen int, model string) error {
	start := time.Now()
	ctx := v.base
	chunks, embedded, cerr := v.st.VectorCounts(ctx, model)
	var idx *VectorIndex
	err := v.st.Vectors(ctx, model, func(id int64, vec []float32) error {
		if idx == nil {
			idx = NewVectorIndex(len(vec))
			idx.Grow(embedded) // one allocation instead of repeated growth
		}
		return idx.Add(id, vec)
	})
	v.mu.Lock()
	if gen != v.gen {
		v.mu.Unlock()
		return context.Canceled
	}
	v.loading = false
	v.idx = idx
	if cerr == nil {
		v.chunks, v.embedded = chunks, embedded
	}
	if err != nil {
		v.job.Error = "load vectors: " + err.Error()
		v.jobFailed = time.Now()
	}
	v.mu.Unlock()
	n := 0
	if idx != nil {
		n = idx.Len()
	}
	v.log.Info("vector index loaded", "model", model, "vectors", n, "chunks", chunks, "took", time.Since(start).Round(time.Millisecond), "error", err)
	return err
}

// Embed starts the embed job for the chunks without a vector of the
// current model, unless one runs, the index is loading or no model is set.
// It returns at once; Status shows the progress.
func (v *Vectors) Embed() { v.tryEmbed() }

// tryEmbed is Embed reporting whether the pending chunks are taken care
// of: a job started, or there is no model.
func (v *Vectors) tryEmbed() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.startLocked()
}

// failedRecently reports whether the last job failed less than Retry ago:
// the watch loop then leaves a new index version to the retry, instead of
// starting a run at once that fails the same way (the version seen while
// the first run was under way used to start a second one right after the
// failure, showing "embedding" again).
func (v *Vectors) failedRecently() bool {
	v.mu.Lock()
	defer v.mu.Unlock()
	return !v.jobFailed.IsZero() && time.Since(v.jobFailed) < v.opt.Retry
}

// startLocked starts a job if none runs; v.mu is held. It returns false
// when a load or a job is under way (the caller should try again later).
func (v *Vectors) startLocked() bool {
	if v.model == "" || v.base == nil || v.base.Err() != nil {
		return true
	}
	if v.loading || v.job.Running {
		return false
	}
	ctx, cancel := context.WithCancel(v.base)
	v.jobCancel, v.jobDone = cancel, make(chan struct{})
	v.job = EmbedJob{Running: true, Model: v.model, StartedAt: time.Now().UTC().Format(time.RFC3339), Error: v.job.Error}
	v.wg.Add(1)
	go v.run(ctx, v.gen, v.model, v.jobDone)
	return true
}

// Cancel stops the embed job (if any); what it saved stays, and the next
// run goes on from there.
func (v *Vectors) Cancel() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.jobCancel != nil {
		v.jobCancel()
	}
}

// Wait blocks until the current embed job (if any) has ended.
func (v *Vectors) Wait() {
	v.mu.Lock()
	done := v.jobDone
	v.mu.Unlock()
	if done != nil {
		<-done
	}
}

// watch acts on index changes: once the index version has held still for
// a poll, vectors of deleted chunks leave the memory index and new chunks
// are embedded. A failed job is retried after Retry.
func (v *Vectors) watch() {
	defer v.wg.Done()
	t := time.NewTicker(v.opt.Poll)
	defer t.Stop()
	ctx := v.base
	// handled starts unknown: the first settled version is acted on, which
	// also covers changes made between Start and the first poll.
	handled, last := int64(-1), int64(-1)
	for {
		select {
		case <-ctx.Done():
			v.Cancel()
			return
		case <-t.C:
		}
		ver, err := v.st.IndexVersion(ctx)
		if err != nil {
			continue
		}
		stable := ver == last
		last = ver
		if stable && ver != handled {
			v.prune(ctx)
			if v.failedRecently() || v.tryEmbed() { // else a load or run is going: look again next poll
				handled = ver
			}
			continue
		}
		v.mu.Lock()
		retry := !v.jobFailed.IsZero() && time.Since(v.jobFailed) >= v.opt.Retry
		v.mu.Unlock()
		if retry {
			v.Embed()
		}
	}
}

// prune drops from memory the vectors whose chunks are gone, and
// refreshes the counts.
func (v *Vectors) prune(ctx context.Context) {
	v.mu.Lock()
	gen, model, idx := v.gen, v.model, v.idx
	v.mu.Unlock()
	if model == "" {
		return
	}
	if idx != nil {
		keep, err := v.st.VectorIDs(ctx, model)
		if err != nil {
			return
		}
		var gone []int64
		for _, id := range idx.IDs() {
			if !keep[id] {
				gone = append(gone, id)
			}
		}
		idx.Remove(gone...)
	}
	v.refreshCounts(ctx, gen, model)
}

// Status reports the index and the embed job.
func (v *Vectors) Status() VectorStatus {
	v.mu.Lock()
	defer v.mu.Unlock()
	s := VectorStatus{Model: v.model, Chunks: v.chunks, Pending: max(v.chunks-v.embedded, 0), Job: v.job}
	if v.idx != nil {
		s.Loaded, s.Dim, s.MemoryBytes = v.idx.Len(), v.idx.Dim(), v.idx.Bytes()
	}
	switch {
	case v.model == "":
		s.State = "off"
	case v.loading:
		s.State = "loading"
	case v.job.Running:
		s.State = "embedding"
	case s.Pending == 0:
		s.State = "ready"
	default:
		s.State = "incomplete"
	}
	return s
}

// Search embeds text with the current model and returns the k nearest
// chunks. When vectors cannot answer it returns an *Unavailable saying
// why; a failed query embedding is not retried for Retry, so a stopped
// Ollama does not slow every search.
func (v *Vectors) Search(ctx context.Context, text string, k int) ([]VectorHit, error) {
	v.mu.Lock()
	model, idx, loading, gen := v.model, v.idx, v.loading, v.gen
	why := v.queryWhy
	if why != nil && time.Since(v.queryFail) >= v.opt.Retry {
		why = nil
	}
	running, jobErr := v.job.Running, v.jobErr
	v.mu.Unlock()
	switch {
	case model == "":
		return nil, &Unavailable{ReasonNoModel, noteFor(ReasonNoModel, "")}
	case loading:
		return nil, &Unavailable{ReasonLoading, noteFor(ReasonLoading, "")}
	case idx == nil || idx.Len() == 0:
		note := noteFor(ReasonNoVectors, "")
		if running {
			note = "埋め込みを作成中のためキーワード検索のみ"
		} else if jobErr != nil {
			note = "埋め込みを作成できないためキーワード検索のみ（" + shortReason(model, jobErr) + "）"
		}
		return nil, &Unavailable{ReasonNoVectors, note}
	case why != nil:
		return nil, why
	}
	qctx, cancel := context.WithTimeout(ctx, v.opt.QueryTimeout)
	defer cancel()
	vecs, err := v.emb.Embed(qctx, model, []string{text})
	if err == nil && len(vecs) != 1 {
		err = fmt.Errorf("embed with %s: 1 query gave %d vectors", model, len(vecs))
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		u := &Unavailable{ReasonUnavailable, noteFor(ReasonUnavailable, shortReason(model, err))}
		v.mu.Lock()
		if gen == v.gen {
			v.queryWhy, v.queryFail = u, time.Now()
		}
		v.mu.Unlock()
		v.log.Warn("query embedding failed; searching by keywords only", "model", model, "error", err)
		return nil, u
	}
	hits, err := idx.Search(vecs[0], k)
	if errors.Is(err, store.ErrBadVector) {
		return nil, &Unavailable{ReasonUnavailable, noteFor(ReasonUnavailable, model+" の出力が索引と合いません。再埋め込みが必要です")}
	}
	return hits, err
}

// shortReason says in Japanese why the query embedding failed.
func shortReason(model string, err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "not installed") || strings.Contains(msg, "ollama pull"):
		return model + " がインストールされていません"
	case strings.Contains(msg, "not running") || strings.Contains(msg, "refused") || strings.Contains(msg, "unknown host"):
		return "Ollama に接続できません"
	case errors.Is(err, context.DeadlineExceeded):
		return "Ollama の応答がありません"
	}
	return "埋め込みに失敗しました"
}
