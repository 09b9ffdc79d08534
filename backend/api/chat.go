package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

func (s *Server) chatRoutes() {
	s.route("POST /api/query", s.limited(s.handle(s.query)))
	s.route("GET /api/sessions", s.handle(s.listSessions))
	s.route("POST /api/sessions", s.handle(s.createSession))
	s.route("GET /api/sessions/{id}", s.handle(s.getSession))
	s.route("PATCH /api/sessions/{id}", s.handle(s.renameSession))
	s.route("DELETE /api/sessions/{id}", s.handle(s.deleteSession))
	s.route("POST /api/sessions/{id}/regenerate", s.limited(s.handle(s.regenerate)))
	s.route("GET /api/sessions/{id}/export", s.handle(s.exportSession))
}

// limited applies the concurrency limiter, if there is one.
func (s *Server) limited(h http.Handler) http.Handler {
	if s.opt.Limiter == nil {
		return h
	}
	return s.opt.Limiter.Wrap(h)
}

func (s *Server) chat() (chat.Conversations, error) {
	if s.opt.Chat == nil {
		return nil, &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "answering is not available in this server"}
	}
	return s.opt.Chat, nil
}

// queryRequest is POST /api/query's body: a chat.Request plus how to reply.
type queryRequest struct {
	chat.Request
	// Stream asks for NDJSON events (also chosen by Accept:
	// application/x-ndjson; Accept: text/event-stream gives SSE).
	Stream bool `json:"stream,omitempty"`
}

// ErrNoSearchableWords is the answer to a question with nothing to search
// for (only punctuation, symbols or emoji): search.ErrEmptyQuery from the
// retrieval, said for the person asking.
var ErrNoSearchableWords = errors.New("the question has no searchable words: write a few words about what you want to know (for example: GPUジョブの投入方法)")

// chatError maps chat errors to API errors.
func chatError(err error) error {
	switch {
	case errors.Is(err, chat.ErrEmptyQuestion), errors.Is(err, chat.ErrQuestionTooLong), errors.Is(err, chat.ErrTitleTooLong):
		return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: err.Error(), Err: err}
	case errors.Is(err, search.ErrEmptyQuery):
		return &Error{Status: http.StatusBadRequest, Code: "no_searchable_words", Message: ErrNoSearchableWords.Error(), Err: err}
	case errors.Is(err, search.ErrBadQuery):
		return &Error{Status: http.StatusBadRequest, Code: "bad_query", Message: err.Error(), Err: err}
	case errors.Is(err, chat.ErrUnknownModel):
		return &Error{Status: http.StatusBadRequest, Code: "unknown_model", Message: err.Error(), Err: err}
	case errors.Is(err, chat.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: err.Error(), Err: err}
	case errors.Is(err, chat.ErrInterrupted), errors.Is(err, chat.ErrModelUnavailable):
		return &Error{Status: http.StatusBadGateway, Code: "interrupted", Message: err.Error() + " — the partial answer is kept in the session; retry with POST /api/sessions/{id}/regenerate", Err: err}
	}
	return err // an *Error, or a fault code (max_sources, an empty title) writeError maps
}

func (s *Server) query(w http.ResponseWriter, r *http.Request) error {
	c, err := s.chat()
	if err != nil {
		return err
	}
	var req queryRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.SessionID != "" {
		if err := checkID(req.SessionID); err != nil {
			return err
		}
	}
	return s.answer(w, r, req.Stream, func(fn func(chat.Event) error) (chat.Answer, error) {
		return c.Ask(r.Context(), req.Request, fn)
	})
}

// answer runs ask and replies as JSON, NDJSON or SSE.
func (s *Server) answer(w http.ResponseWriter, r *http.Request, stream bool, ask func(func(chat.Event) error) (chat.Answer, error)) error {
	accept := r.Header.Get("Accept")
	sse := strings.Contains(accept, "text/event-stream")
	if !sse && !stream && !strings.Contains(accept, "application/x-ndjson") {
		ans, err := ask(nil)
		if err != nil {
			return chatError(err)
		}
		return writeJSON(w, http.StatusOK, ans)
	}
	flusher, _ := w.(http.Flusher)
	started := false
	enc := json.NewEncoder(w)
	emit := func(ev chat.Event) error {
		if !started {
			started = true
			if sse {
				w.Header().Set("Content-Type", "text/event-stream")
				w.Header().Set("Cache-Control", "no-cache")
			} else {
				w.Header().Set("Content-Type", "application/x-ndjson")
			}
			w.Header().Set("X-Accel-Buffering", "no")
			w.WriteHeader(http.StatusOK)
		}
		if sse {
			fmt.Fprintf(w, "event: %s\ndata: ", ev.Type)
		}
		if err := enc.Encode(ev); err != nil {
			return err
		}
		if sse {
			fmt.Fprint(w, "\n")
		}
		if flusher != nil {
			flusher.Flush()
		}
		return nil
	}
	_, err := ask(emit)
	if err == nil {
		return nil
	}
	if !started {
		// Nothing was sent yet: a normal JSON error with its status.
		return chatError(err)
	}
	if r.Context().Err() != nil {
		return nil // the client went away; the partial answer is stored
	}
	var e *Error
	if !errors.As(chatError(err), &e) {
		e = &Error{Code: "internal", Message: err.Error()}
	}
	return emit(chat.Event{Type: "error", Text: e.Message})
}

func (s *Server) listSessions(w http.ResponseWriter, r *http.Request) error {
	c, err := s.chat()
	if err != nil {
		return err
	}
	list, err := c.Sessions(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.SessionList{Sessions: list})
}

func (s *Server) createSession(w http.ResponseWriter, r *http.Request) error {
	c, err := s.chat()
	if err != nil {
		return err
	}
	var body wire.SessionTitle
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &body); err != nil {
			return err
		}
	}
	sess, err := c.CreateSession(r.Context(), body.Title)
	if err != nil {
		return chatError(err)
	}
	return writeJSON(w, http.StatusCreated, sess)
}

var sessionIDPattern = regexp.MustCompile(`^[0-9a-f]{32}$`)

// checkID rejects anything that is not a session ID (path tricks included).
func checkID(id string) error {
	if !sessionIDPattern.MatchString(id) {
		return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: fmt.Sprintf("session id must be 32 hex characters, got %q; list sessions with GET /api/sessions", id)}
	}
	return nil
}

func (s *Server) sessionArg(r *http.Request) (chat.Conversations, string, error) {
	c, err := s.chat()
	if err != nil {
		return nil, "", err
	}
	id := r.PathValue("id")
	return c, id, checkID(id)
}

func (s *Server) getSession(w http.ResponseWriter, r *http.Request) error {
	c, id, err := s.sessionArg(r)
	if err != nil {
		return err
	}
	conv, err := c.Session(r.Context(), id)
	if err != nil {
		return chatError(err)
	}
	return writeJSON(w, http.StatusOK, conv)
}

func (s *Server) renameSession(w http.ResponseWriter, r *http.Request) error {
	c, id, err := s.sessionArg(r)
	if err != nil {
		return err
	}
	var body wire.SessionTitle
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	if err := c.RenameSession(r.Context(), id, body.Title); err != nil {
		return chatError(err)
	}
	conv, err := c.Session(r.Context(), id)
	if err != nil {
		return chatError(err)
	}
	return writeJSON(w, http.StatusOK, conv.Session)
}

func (s *Server) deleteSession(w http.ResponseWriter, r *http.Request) error {
	c, id, err := s.sessionArg(r)
	if err != nil {
		return err
	}
	if err := c.DeleteSession(r.Context(), id); err != nil {
		return chatError(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) regenerate(w http.ResponseWriter, r *http.Request) error {
	c, id, err := s.sessionArg(r)
	if err != nil {
		return err
	}
	var req queryRequest
	if r.ContentLength != 0 {
		if err := decodeJSON(r, &req); err != nil {
			return err
		}
	}
	return s.answer(w, r, req.Stream, func(fn func(chat.Event) error) (chat.Answer, error) {
		return c.Regenerate(r.Context(), id, req.Request, fn)
	})
}

func (s *Server) exportSession(w http.ResponseWriter, r *http.Request) error {
	c, id, err := s.sessionArg(r)
	if err != nil {
		return err
	}
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "markdown"
	}
	if format != "markdown" && format != "json" {
		return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: fmt.Sprintf("format must be markdown or json, got %q", format)}
	}
	b, name, err := c.Export(r.Context(), id, format)
	if err != nil {
		return chatError(err)
	}
	ct := "text/markdown; charset=utf-8"
	if format == "json" {
		ct = "application/json"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	_, err = w.Write(b)
	return err
}
