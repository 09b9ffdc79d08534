package api

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Error is an API error with its HTTP status, for failures only the
// transport knows (a bad path value, a feature missing from this server).
// Code is a code of backend/fault's table; Status overrides the table's
// status where the API has always answered differently. Services do not
// return it: their errors carry a fault code, which writeError maps to the
// table's status; any other error becomes a 500.
type Error struct {
	Status  int
	Code    string
	Message string
	Hint    string            // an English remedy; the table's hint of Code when empty
	Params  map[string]string // values of the code's text placeholders
	Err     error             // the service's error it stands for, if any: its fault reason, params and hint are sent too
}

func (e *Error) Error() string { return e.Message }

// Unwrap returns the service's error e stands for.
func (e *Error) Unwrap() error { return e.Err }

// errorBody is wire.ErrorBody, every error answer: {"error":{"code",
// "reason","message","hint","params"},"request_id"}. code is what clients
// have always matched on; reason a more specific fault code (the UI shows
// its text); message the English text; hint what to do.
type errorBody = wire.ErrorBody

// handle adapts a handler that returns an error: it maps the error to a
// status and a JSON body and logs server errors.
func (s *Server) handle(fn func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			s.writeError(w, r, err)
		}
	})
}

func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var ae *Error
	var mbe *http.MaxBytesError
	var d fault.Detail
	switch {
	case errors.As(err, &ae):
		if fault.CodeOf(ae.Err) != "" {
			d = fault.Describe(ae.Err)
			if d.Reason == "" && d.Code != fault.Code(ae.Code) {
				d.Reason = d.Code // the transport chose a broader code
			}
			if ae.Params == nil {
				ae.Params = d.Params
			}
			ae.Hint = cmp.Or(ae.Hint, d.Hint)
		}
	case errors.As(err, &mbe):
		ae = &Error{Status: http.StatusRequestEntityTooLarge, Code: "body_too_large", Message: "request body is larger than the limit of " + strconv.FormatInt(mbe.Limit, 10) + " bytes (server.max_body_kb)"}
	case fault.CodeOf(err) != "" && fault.CodeOf(err) != fault.Internal:
		// A service's error: the table says the status, the code and the hint.
		d = fault.Describe(err)
		ae = &Error{Status: fault.Status(d.Code), Code: string(d.Code), Message: d.Message, Hint: d.Hint, Params: d.Params}
	case errors.Is(err, context.DeadlineExceeded):
		ae = &Error{Status: http.StatusGatewayTimeout, Code: "timeout", Message: "the request took too long (concurrency.request_timeout)"}
	default:
		s.log.ErrorContext(r.Context(), "request failed", "request_id", requestID(r.Context()), "method", r.Method, "path", r.URL.Path, "err", err)
		ae = &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "internal error; see the server log for request " + requestID(r.Context())}
		noteFailure(r, ae.Code, err.Error()) // the log gets the real error, the client a pointer to it
		writeErrorBody(w, r, ae)
		return
	}
	msg := ae.Message
	if e := err.Error(); !strings.Contains(msg, e) && !errors.As(err, &mbe) {
		msg += " (" + e + ")" // the wrapping operation, or why the deadline passed
	}
	noteFailure(r, ae.Code, msg)
	writeErrorBody(w, r, ae, d.Reason)
}

// writeErrorBody writes ae as an errorBody with ae.Status; reason is the
// specific fault code, if any. A hint not given is the table's.
func writeErrorBody(w http.ResponseWriter, r *http.Request, ae *Error, reason ...fault.Code) {
	body := errorBody{RequestID: requestID(r.Context())}
	body.Error = wire.ErrorDetail{Code: ae.Code, Message: ae.Message, Hint: ae.Hint, Params: ae.Params}
	if len(reason) > 0 {
		body.Error.Reason = string(reason[0])
	}
	if body.Error.Hint == "" {
		body.Error.Hint = fault.Lookup(fault.Code(ae.Code)).HintEn
	}
	writeJSON(w, ae.Status, body)
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

type ctxKey struct{}

// failure is what the access log says about a failed request: the error
// code and text sent (or, for an internal error, the error itself).
type failure struct{ code, message string }

type failureKey struct{}

// noteFailure tells the access log why r failed; writeError calls it, and
// handlers that answer an error status without it (health checks) too.
func noteFailure(r *http.Request, code, message string) {
	if f, ok := r.Context().Value(failureKey{}).(*failure); ok {
		f.code, f.message = code, message
	}
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

var validID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func (s *Server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-ID")
		if !validID.MatchString(id) {
			var b [8]byte
			rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		w.Header().Set("X-Request-ID", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, id)))
	})
}

// recorder remembers the status and size written, for the access log and
// for recovery (which may only write a body if nothing was written yet).
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	n, err := rec.ResponseWriter.Write(b)
	rec.bytes += int64(n)
	return n, err
}

// Flush lets streaming handlers flush through the recorder.
func (rec *recorder) Flush() {
	if f, ok := rec.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the real writer.
func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// failedChecks lists the failed health checks and why, in name order, for
// the access log of an unhealthy answer.
func failedChecks(checks map[string]monitor.CheckResult) string {
	var out []string
	for name, c := range checks {
		if c.Status == monitor.CheckFail {
			out = append(out, name+": "+c.Detail)
		}
	}
	sort.Strings(out)
	return strings.Join(out, "; ")
}

// accessLevel is the level of a request's access-log line. Server errors
// (5xx, including 503 "not available" and an unhealthy /api/health) are
// ERROR; client errors on the API (4xx: bad input, a wrong token, a full
// queue) are WARNING, so that `grep -E 'WARNING|ERROR'` finds every
// failure a user saw and `grep ERROR` the server's own; the rest is INFO,
// and successful health probes and static files DEBUG (they would drown
// the log).
func accessLevel(path string, status int) slog.Level {
	api := strings.HasPrefix(path, "/api/")
	switch {
	case status >= 500:
		return slog.LevelError
	case status >= 400 && api:
		return slog.LevelWarn
	case path == "/api/health" || !api:
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

func (s *Server) withAccessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		f := &failure{}
		r = r.WithContext(context.WithValue(r.Context(), failureKey{}, f))
		next.ServeHTTP(rec, r)
		args := []any{"request_id", requestID(r.Context()), "method", r.Method, "path", r.URL.Path,
			"status", rec.status, "bytes", rec.bytes, "duration_ms", float64(time.Since(start).Microseconds()) / 1000,
			"remote", r.RemoteAddr}
		if f.code != "" {
			args = append(args, "error_code", f.code, "error", f.message)
		}
		s.log.Log(r.Context(), accessLevel(r.URL.Path, rec.status), "http request", args...)
	})
}

func (s *Server) withRecovery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec, _ := w.(*recorder)
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v)
			}
			noteFailure(r, "internal", fmt.Sprint("panic: ", v))
			s.log.ErrorContext(r.Context(), "panic in handler", "request_id", requestID(r.Context()), "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			if rec == nil || rec.status == 0 {
				writeErrorBody(w, r, &Error{Status: http.StatusInternalServerError, Code: string(fault.Internal), Message: "internal error; see the server log for request " + requestID(r.Context())})
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) withAuth(next http.Handler) http.Handler {
	if s.opt.APIToken == "" {
		return next
	}
	want := []byte("Bearer " + s.opt.APIToken)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/") && r.URL.Path != "/api/health" &&
			subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="genkai-rag"`)
			s.writeError(w, r, &Error{Status: http.StatusUnauthorized, Code: "unauthorized", Message: "missing or wrong API token: send Authorization: Bearer <server.api_token>"})
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) withBodyLimit(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == uploadPath {
			next.ServeHTTP(w, r) // limited by the handler (MaxUploadBytes)
			return
		}
		if r.ContentLength > s.opt.MaxBodyBytes {
			s.writeError(w, r, &http.MaxBytesError{Limit: s.opt.MaxBodyBytes})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxBodyBytes)
		next.ServeHTTP(w, r)
	})
}
