package api

import (
	"fmt"
	"math"
	"net/http"
	"regexp"
	"strconv"

	"github.com/genkai-rag/genkai-rag/backend/logging"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// LogReader reads the application log for GET /api/logs.
type LogReader func(q logging.Query) ([]logging.Entry, error)

func (s *Server) monitoringRoutes() {
	s.route("GET /api/health/detailed", s.handle(s.detailedHealth))
	s.route("GET /api/system/performance", s.handle(s.performance))
	s.route("DELETE /api/system/performance", s.handle(s.resetPerformance))
	s.route("GET /api/system/alerts", s.handle(s.alerts))
	s.route("GET /api/system/history", s.handle(s.history))
	s.route("GET /api/logs", s.handle(s.logs))
}

func (s *Server) observer() (monitor.Observer, error) {
	if s.opt.Observer == nil {
		return nil, &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "monitoring is not available in this server"}
	}
	return s.opt.Observer, nil
}

func badQuery(format string, args ...any) error {
	return &Error{Status: http.StatusBadRequest, Code: "bad_query", Message: fmt.Sprintf(format, args...)}
}

// hoursParam reads ?hours= (default def, at most max; fractions allowed).
func hoursParam(r *http.Request, def, max float64) (float64, error) {
	v := r.URL.Query().Get("hours")
	if v == "" {
		return def, nil
	}
	h, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(h) || h <= 0 || h > max {
		return 0, badQuery("hours must be a number greater than 0 and at most %g, got %q", max, v)
	}
	return h, nil
}

// intParam reads a whole-number query parameter within [lo, hi].
func intParam(r *http.Request, name string, def, lo, hi int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, badQuery("%s must be a whole number from %d to %d, got %q", name, lo, hi, v)
	}
	return n, nil
}

var opName = regexp.MustCompile(`^[a-z][a-z_]{0,31}$`)

func (s *Server) detailedHealth(w http.ResponseWriter, r *http.Request) error {
	o, err := s.observer()
	if err != nil {
		return err
	}
	d := o.DetailedHealth(r.Context())
	code := http.StatusOK
	if d.Status == monitor.StatusUnhealthy {
		code = http.StatusServiceUnavailable
		noteFailure(r, "unhealthy", failedChecks(d.Checks))
	}
	return writeJSON(w, code, d)
}

// performance answers GET /api/system/performance[?operation_type=query&hours=24].
func (s *Server) performance(w http.ResponseWriter, r *http.Request) error {
	o, err := s.observer()
	if err != nil {
		return err
	}
	hours, err := hoursParam(r, 24, 24*3650)
	if err != nil {
		return err
	}
	op := r.URL.Query().Get("operation_type")
	if op != "" && !opName.MatchString(op) {
		return badQuery("operation_type must be an operation name such as query, search, sync, embed or model_switch, got %q", op)
	}
	p, err := o.Performance(r.Context(), op, hours)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, p)
}

func (s *Server) resetPerformance(w http.ResponseWriter, r *http.Request) error {
	o, err := s.observer()
	if err != nil {
		return err
	}
	n, err := o.ResetPerformance(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.ResetResult{Status: "cleared", Deleted: n})
}

func (s *Server) alerts(w http.ResponseWriter, r *http.Request) error {
	o, err := s.observer()
	if err != nil {
		return err
	}
	limit, err := intParam(r, "limit", 50, 1, 1000)
	if err != nil {
		return err
	}
	rep, err := o.Alerts(r.Context(), limit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, rep)
}

func (s *Server) history(w http.ResponseWriter, r *http.Request) error {
	o, err := s.observer()
	if err != nil {
		return err
	}
	hours, err := hoursParam(r, 24, 24*90)
	if err != nil {
		return err
	}
	h, err := o.History(r.Context(), hours)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, h)
}

// logs answers GET /api/logs?level=&q=&limit= from the current log file.
func (s *Server) logs(w http.ResponseWriter, r *http.Request) error {
	if s.opt.Logs == nil {
		return &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "the log viewer is not available in this server"}
	}
	v := r.URL.Query()
	q, err := logging.ParseQuery(v.Get("level"), v.Get("q"), v.Get("limit"))
	if err != nil {
		return badQuery("%s", err.Error())
	}
	recs, err := s.opt.Logs(q)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.LogPage{Records: recs, Count: len(recs)})
}
