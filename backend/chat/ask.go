package chat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// Ask answers req, calling fn (which may be nil) with each Event. The
// question and the answer are stored in the session, also when the answer
// is cut short: a cancelled ctx stores the partial answer as "stopped"
// and returns ctx's error; a model server failing mid-answer stores it as
// "interrupted" and returns an error wrapping ErrInterrupted. Errors
// before anything is stored (bad request, unknown session or model, a
// failing search) leave the session untouched.
func (s *Service) Ask(ctx context.Context, req Request, fn func(Event) error) (ans Answer, err error) {
	defer s.meter(s.cfg.Now())(&err)
	return s.ask(ctx, req, fn)
}

func (s *Service) ask(ctx context.Context, req Request, fn func(Event) error) (Answer, error) {
	if fn == nil {
		fn = func(Event) error { return nil }
	}
	if err := Check(req); err != nil {
		return Answer{}, err
	}
	start := s.cfg.Now()
	req.Question = strings.TrimSpace(req.Question)
	k := req.MaxSources
	if k == 0 {
		k = DefaultMaxSources
	}
	var history []store.Message
	if req.SessionID != "" {
		var err error
		if history, err = s.db.Messages(ctx, req.SessionID); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return Answer{}, fmt.Errorf("%w: session %q (start a new one)", ErrNotFound, req.SessionID)
			}
			return Answer{}, fmt.Errorf("read session: %w", err)
		}
	}
	model, opts := s.model(req.Model)
	if req.Options != nil {
		opts = merge(opts, *req.Options)
	}

	query := RetrievalQuery(req.Question, history)
	res, err := s.ret.SearchResult(ctx, search.Query{Text: query, K: k})
	if err != nil {
		return Answer{}, fmt.Errorf("search the documents: %w", err)
	}
	ans := Answer{Mode: res.Mode, Citations: citations(res.Hits), Status: "complete", Model: model}
	ans.Timing.RetrievalMS = ms(s.cfg.Now().Sub(start))

	var key string
	if s.cfg.Cache != nil && !req.NoCache && model != "" && s.gen != nil {
		if v, err := s.db.IndexVersion(ctx); err == nil {
			key = CacheKey(query, req.Question, model, opts, k, v)
		}
	}
	cached, hit := s.cfg.Cache.Get(key)

	// Store the question (creating the session) before any model work, so
	// nothing the user asked is lost whatever happens next.
	created := req.SessionID == ""
	if created {
		sess, err := s.db.CreateSession(ctx, title(req.Question))
		if err != nil {
			return Answer{}, fmt.Errorf("create session: %w", err)
		}
		req.SessionID = sess.ID
	}
	q, err := s.db.AddMessage(ctx, store.Message{SessionID: req.SessionID, Role: "user", Content: req.Question, Kind: "question"})
	if err != nil {
		return Answer{}, fmt.Errorf("store the question: %w", err)
	}
	ans.SessionID, ans.QuestionID = req.SessionID, q.ID
	if err := fn(Event{Type: "start", SessionID: req.SessionID}); err != nil {
		return s.finish(ctx, ans, fn, start, err)
	}

	switch {
	case hit:
		ans.Kind, ans.Text, ans.Citations, ans.Cached = KindAnswer, cached.Text, cached.Citations, true
		if err := fn(Event{Type: "citations", Citations: ans.Citations}); err != nil {
			return s.finish(ctx, ans, fn, start, err)
		}
		if err := fn(Event{Type: "token", Text: ans.Text}); err != nil {
			return s.finish(ctx, ans, fn, start, err)
		}
		return s.finish(ctx, ans, fn, start, nil)
	case s.cfg.MinEvidence >= 0 && Evidence(query, res.Hits) < s.cfg.MinEvidence:
		ans.Kind, ans.Text = KindRefusal, refusalText(req.Question, ans.Citations)
		ans.Model = ""
		return s.emitWhole(ctx, ans, fn, start)
	case model == "" || s.gen == nil:
		ans.Kind, ans.Model = KindSearchResults, ""
		ans.Note = noteNoModel(req.Question, "")
		ans.Text = searchResultsText(req.Question, ans.Citations)
		return s.emitWhole(ctx, ans, fn, start)
	}

	if err := fn(Event{Type: "citations", Citations: ans.Citations}); err != nil {
		return s.finish(ctx, ans, fn, start, err)
	}
	var text strings.Builder
	gerr := s.generate(ctx, model, Prompt(req.Question, history, res.Hits, s.cfg.HistoryTurns, s.cfg.PassageRunes), opts,
		func(piece string) error {
			if text.Len() == 0 {
				ans.Timing.FirstTokenMS = ms(s.cfg.Now().Sub(start))
			}
			text.WriteString(piece)
			return fn(Event{Type: "token", Text: piece})
		})
	ans.Kind, ans.Text = KindAnswer, text.String()
	switch {
	case gerr == nil:
		if key != "" {
			s.cfg.Cache.Put(key, ans)
		}
		return s.finish(ctx, ans, fn, start, nil)
	case text.Len() == 0 && req.Model == "" && errors.Is(gerr, ErrUnknownModel) || text.Len() == 0 && errors.Is(gerr, ErrModelUnavailable):
		// The default model is missing or Ollama is down: the passages
		// are still useful, so show them instead of failing.
		ans.Kind, ans.Model = KindSearchResults, ""
		ans.Note = noteNoModel(req.Question, gerr.Error())
		ans.Text = searchResultsText(req.Question, ans.Citations)
		if err := fn(Event{Type: "token", Text: ans.Text}); err != nil {
			return s.finish(ctx, ans, fn, start, err)
		}
		return s.finish(ctx, ans, fn, start, nil)
	case text.Len() == 0 && errors.Is(gerr, ErrUnknownModel):
		// An explicitly requested model that is not installed: say so,
		// and drop the stored question (and the session made for it) so
		// a retry does not duplicate it.
		undo := func() error { return s.db.DeleteMessagesFrom(context.WithoutCancel(ctx), req.SessionID, q.ID) }
		if created {
			undo = func() error { return s.db.DeleteSession(context.WithoutCancel(ctx), req.SessionID) }
		}
		if err := undo(); err != nil {
			s.log.Warn("drop question after unknown model", "err", err)
		}
		return Answer{}, gerr
	}
	return s.finish(ctx, ans, fn, start, gerr)
}

// emitWhole sends an answer that is not streamed (refusal, search results)
// as citations, one token and done.
func (s *Service) emitWhole(ctx context.Context, ans Answer, fn func(Event) error, start time.Time) (Answer, error) {
	if err := fn(Event{Type: "citations", Citations: ans.Citations}); err != nil {
		return s.finish(ctx, ans, fn, start, err)
	}
	if err := fn(Event{Type: "token", Text: ans.Text}); err != nil {
		return s.finish(ctx, ans, fn, start, err)
	}
	return s.finish(ctx, ans, fn, start, nil)
}

// finish stores the answer (partial or whole), sends "done" and returns it.
// cause is why it ended early, or nil.
func (s *Service) finish(ctx context.Context, ans Answer, fn func(Event) error, start time.Time, cause error) (Answer, error) {
	var err error
	switch {
	case cause == nil:
	case ctx.Err() != nil:
		ans.Status, err = "stopped", ctx.Err()
	case errors.Is(cause, ErrInterrupted) || errors.Is(cause, ErrModelUnavailable):
		ans.Status, err = "interrupted", cause
	default:
		ans.Status, err = "interrupted", fmt.Errorf("%w: %v", ErrInterrupted, cause)
	}
	if ans.Kind == "" {
		ans.Kind = KindAnswer
	}
	cites, _ := json.Marshal(ans.Citations)
	// Store even if the caller has gone: the answer so far is the user's.
	m, serr := s.db.AddMessage(context.WithoutCancel(ctx), store.Message{
		SessionID: ans.SessionID, Role: "assistant", Content: ans.Text, Citations: string(cites),
		Kind: ans.Kind, Status: ans.Status, Model: ans.Model,
	})
	if serr != nil {
		s.log.Error("store answer", "session", ans.SessionID, "err", serr)
		if err == nil {
			err = fmt.Errorf("store the answer: %w", serr)
		}
	}
	ans.MessageID = m.ID
	ans.Timing.TotalMS = ms(s.cfg.Now().Sub(start))
	if cause == nil || ctx.Err() == nil {
		_ = fn(Event{Type: "done", Answer: &ans})
	}
	return ans, err
}

// Regenerate answers the session's last question again, replacing the last
// answer (the cache is skipped).
func (s *Service) Regenerate(ctx context.Context, sessionID string, req Request, fn func(Event) error) (ans Answer, err error) {
	defer s.meter(s.cfg.Now())(&err)
	return s.regenerate(ctx, sessionID, req, fn)
}

func (s *Service) regenerate(ctx context.Context, sessionID string, req Request, fn func(Event) error) (Answer, error) {
	msgs, err := s.db.Messages(ctx, sessionID)
	if errors.Is(err, store.ErrNotFound) {
		return Answer{}, fmt.Errorf("%w: session %q", ErrNotFound, sessionID)
	}
	if err != nil {
		return Answer{}, fmt.Errorf("read session: %w", err)
	}
	last := -1
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "user" {
			last = i
			break
		}
	}
	if last < 0 {
		return Answer{}, fmt.Errorf("%w: the session has no question to answer again", ErrNotFound)
	}
	if err := s.db.DeleteMessagesFrom(ctx, sessionID, msgs[last].ID); err != nil {
		return Answer{}, fmt.Errorf("regenerate: %w", err)
	}
	req.SessionID, req.Question, req.NoCache = sessionID, msgs[last].Content, true
	return s.ask(ctx, req, fn)
}

func merge(base, over Options) Options {
	if over.Temperature != nil {
		base.Temperature = over.Temperature
	}
	if over.TopP != nil {
		base.TopP = over.TopP
	}
	if over.MaxTokens != 0 {
		base.MaxTokens = over.MaxTokens
	}
	if over.ContextLength != 0 {
		base.ContextLength = over.ContextLength
	}
	return base
}

func citations(hits []search.Hit) []Citation {
	out := make([]Citation, len(hits))
	for i, h := range hits {
		out[i] = Citation{N: i + 1, ChunkID: h.ChunkID, Title: h.Title, Section: h.Section, URL: h.URL,
			Snippet: h.Snippet, FetchedAt: h.FetchedAt, Score: h.Score}
	}
	return out
}

func title(q string) string {
	r := []rune(strings.Join(strings.Fields(q), " "))
	if len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return string(r)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// generate asks the Generator for model's reply to msgs with opts,
// calling fn with every piece. A missing model is ErrUnknownModel and no
// model server answering ErrModelUnavailable (both keeping the client's
// explanation); any other error is returned as is.
func (s *Service) generate(ctx context.Context, model string, msgs []Turn, opts Options, fn func(string) error) error {
	req := llm.ChatRequest{Model: model, Messages: make([]llm.Message, len(msgs)), Options: llm.GenOptions{
		Temperature: opts.Temperature, MaxTokens: opts.MaxTokens, ContextLength: opts.ContextLength, TopP: opts.TopP,
	}}
	for i, m := range msgs {
		req.Messages[i] = llm.Message{Role: m.Role, Content: m.Content}
	}
	err := s.gen.Chat(ctx, req, fn)
	switch {
	case errors.Is(err, llm.ErrModelNotFound):
		return fault.Tag(ErrUnknownModel, err)
	case errors.Is(err, llm.ErrUnavailable):
		return fault.Tag(ErrModelUnavailable, err)
	}
	return err
}

// opQuery is the operation answers are recorded under (monitor.OpQuery).
const opQuery = "query"

// userError reports errors caused by the request, which are not counted
// in the query error rate (they would raise alerts for a user's typo).
func userError(err error) bool {
	return errors.Is(err, ErrEmptyQuestion) || errors.Is(err, ErrQuestionTooLong) ||
		errors.Is(err, ErrUnknownModel) || errors.Is(err, ErrNotFound) ||
		errors.Is(err, search.ErrEmptyQuery) || errors.Is(err, search.ErrBadQuery) ||
		errors.Is(err, ErrTitleTooLong)
}

// meter returns the function that records an answer started at start
// with the error *errp, to be deferred.
func (s *Service) meter(start time.Time) func(errp *error) {
	return func(errp *error) {
		if s.cfg.Recorder != nil && !userError(*errp) {
			s.cfg.Recorder.Record(opQuery, s.cfg.Now().Sub(start), *errp)
		}
	}
}

// OptionsTable returns a Config.ModelOptions that looks models up in
// table (a model not in it gets the zero Options: the model's defaults).
func OptionsTable(table map[string]Options) func(model string) Options {
	return func(model string) Options { return table[model] }
}
