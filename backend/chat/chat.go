// Package chat answers questions from the documents: it keeps sessions,
// retrieves passages, asks the model to answer only from them with [n]
// citations, streams the answer, and stores it with its citations.
//
// When the evidence is too weak it refuses instead of letting the model
// guess, listing the nearest pages; when no chat model is available it
// returns the best passages, labelled as search results, instead of an
// error. Answers are cached by question, model, options and index version.
//
// The package depends on two small interfaces, Retriever and Generator;
// the wiring adapts the search engine and the Ollama client to them.
package chat

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Retriever finds passages for a query: *search.Hybrid (the app's search)
// and *search.Lexical satisfy it (search.Engine).
type Retriever interface {
	SearchResult(ctx context.Context, q search.Query) (search.Result, error)
}

// Generator streams a model's reply to a request, calling fn for every
// piece of text: *llm.Client (Ollama) and *llm.OpenAI satisfy it. Chat
// reads its llm.ErrModelNotFound as ErrUnknownModel and its
// llm.ErrUnavailable as ErrModelUnavailable.
type Generator interface {
	Chat(ctx context.Context, req llm.ChatRequest, fn func(text string) error) error
}

// Recorder records an operation's latency; *monitor.Service satisfies it.
type Recorder interface {
	Record(op string, d time.Duration, err error)
}

// Turn is one message sent to the model.
type Turn struct {
	Role    string `json:"role"` // system, user or assistant
	Content string `json:"content"`
}

// Options is wire.GenOptions, the shape clients see; see there.
type Options = wire.GenOptions

// Store is the persistence chat needs; *store.Store satisfies it.
type Store interface {
	CreateSession(ctx context.Context, title string) (store.Session, error)
	Sessions(ctx context.Context) ([]store.Session, error)
	RenameSession(ctx context.Context, id, title string) error
	DeleteSession(ctx context.Context, id string) error
	DeleteSessionsBefore(ctx context.Context, t time.Time) (int64, error)
	SessionByID(ctx context.Context, id string) (store.Session, error)
	Messages(ctx context.Context, sessionID string) ([]store.Message, error)
	AddMessage(ctx context.Context, m store.Message) (store.Message, error)
	DeleteMessagesFrom(ctx context.Context, sessionID string, from int64) error
	IndexVersion(ctx context.Context) (int64, error)
}

// Errors callers branch on.
var (
	// ErrEmptyQuestion: the question is blank.
	ErrEmptyQuestion = fault.Sentinel(fault.EmptyQuestion, "the question is empty: type a question")
	// ErrQuestionTooLong: the question is over MaxQuestionRunes.
	ErrQuestionTooLong = fault.Sentinel(fault.QuestionTooLong, "the question is too long")
	// ErrUnknownModel: the requested model is not installed.
	ErrUnknownModel = fault.Sentinel(fault.UnknownModel, "model not installed")
	// ErrModelUnavailable: no model server answers (Ollama not running).
	ErrModelUnavailable = fault.Sentinel(fault.NoChatModel, "no chat model available")
	// ErrInterrupted: the model server failed mid-answer; the partial
	// answer is stored with status "interrupted".
	ErrInterrupted = fault.Sentinel(fault.Interrupted, "the answer was interrupted")
	// ErrNotFound: no such session, or nothing to regenerate.
	ErrNotFound = fault.Sentinel(fault.SessionNotFound, "not found")
	// ErrTitleTooLong: a session title given to CreateSession or
	// RenameSession is over MaxTitleRunes.
	ErrTitleTooLong = fault.Sentinel(fault.TitleInvalid, "the session title is too long")
)

// Limits and defaults.
const (
	// MaxQuestionRunes is the longest question accepted.
	MaxQuestionRunes = 2000
	// DefaultMaxSources is how many passages an answer draws on.
	DefaultMaxSources = 5
	// MaxSources is the most passages a request may ask for.
	MaxSources = 20
	// DefaultMinEvidence is the share of the question's content terms the
	// best passage must contain before the model is asked (see Config).
	DefaultMinEvidence = 0.3
)

// Config tunes a Service. The zero value of every field means its default.
type Config struct {
	// DefaultModel is the chat model used when a request names none; ""
	// means no chat model is configured (answers become search results).
	DefaultModel string
	// ModelOptions returns the stored options for a model (may be nil).
	ModelOptions func(model string) Options
	// MinEvidence (0–1) is DefaultMinEvidence unless set; a negative value
	// turns refusal off.
	MinEvidence float64
	// HistoryTurns is how many earlier question/answer pairs go to the
	// model; default 3.
	HistoryTurns int
	// PassageRunes caps each passage in the prompt; default 1200.
	PassageRunes int
	// Cache holds answers; nil means no cache.
	Cache *Cache
	// Now returns the time; default time.Now.
	Now func() time.Time
	// Recorder receives each answer's latency (Ask, Regenerate) as the
	// "query" operation, except for the request's own faults (see
	// userError in ask.go); nil records nothing.
	Recorder Recorder
}

// Service answers questions. Its methods are safe for concurrent use.
type Service struct {
	db  Store
	ret Retriever
	gen Generator
	log *slog.Logger

	mu  sync.RWMutex // guards cfg's DefaultModel and ModelOptions
	cfg Config
}

// SetModel changes the default chat model and the per-model options live
// (a config reload or a model switch); opts nil keeps the current ones.
func (s *Service) SetModel(defaultModel string, opts func(model string) Options) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.DefaultModel = defaultModel
	if opts != nil {
		s.cfg.ModelOptions = opts
	}
}

// Model returns the default chat model ("" when none is set).
func (s *Service) Model() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cfg.DefaultModel
}

func (s *Service) model(requested string) (string, Options) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m := requested
	if m == "" {
		m = s.cfg.DefaultModel
	}
	return m, s.cfg.ModelOptions(m)
}

// New returns a Service. gen may be nil (answers become search results).
func New(db Store, ret Retriever, gen Generator, log *slog.Logger, cfg Config) *Service {
	if cfg.MinEvidence == 0 {
		cfg.MinEvidence = DefaultMinEvidence
	}
	if cfg.HistoryTurns == 0 {
		cfg.HistoryTurns = 3
	}
	if cfg.PassageRunes == 0 {
		cfg.PassageRunes = 1200
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ModelOptions == nil {
		cfg.ModelOptions = func(string) Options { return Options{} }
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{db: db, ret: ret, gen: gen, log: log, cfg: cfg}
}

// Request is wire.AskRequest, the shape clients see; see there.
type Request = wire.AskRequest

// Check reports what is wrong with r.
func Check(r Request) error {
	n := utf8.RuneCountInString(strings.TrimSpace(r.Question))
	switch {
	case n == 0:
		return ErrEmptyQuestion
	case n > MaxQuestionRunes:
		return fmt.Errorf("%w: it is %d characters; the limit is %d — shorten it or split it into several questions", ErrQuestionTooLong, n, MaxQuestionRunes)
	case r.MaxSources < 0 || r.MaxSources > MaxSources:
		return &fault.Error{Code: fault.MaxSources, Params: map[string]string{"max": strconv.Itoa(MaxSources)},
			Err: fmt.Errorf("max_sources must be from 1 to %d, got %d", MaxSources, r.MaxSources)}
	}
	return nil
}

// Citation is wire.Citation, the shape clients see; see there.
type Citation = wire.Citation

// Kinds of answer.
const (
	KindAnswer        = "answer"         // the model's answer from the passages
	KindRefusal       = "refusal"        // the documents do not cover it
	KindSearchResults = "search_results" // no chat model: passages only
)

// Answer is wire.Answer, the shape clients see; see there.
type Answer = wire.Answer

// Timings is wire.Timings, the shape clients see; see there.
type Timings = wire.Timings

// Event is wire.ChatEvent, the shape clients see; see there.
type Event = wire.ChatEvent
