package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/genkai-rag/genkai-rag/backend/search"
)

// search answers GET /api/search?q=QUERY[&k=10].
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	if s.opt.Search == nil {
		return &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "search is not available in this server"}
	}
	q := search.Query{Text: r.URL.Query().Get("q"), K: 10}
	if v := r.URL.Query().Get("k"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return &Error{Status: http.StatusBadRequest, Code: "bad_query", Message: fmt.Sprintf("k must be a whole number from 1 to %d, got %q", search.MaxK, v)}
		}
		q.K = n
	}
	res, err := s.opt.Search.SearchResult(r.Context(), q)
	if errors.Is(err, search.ErrEmptyQuery) || errors.Is(err, search.ErrBadQuery) {
		return &Error{Status: http.StatusBadRequest, Code: "bad_query", Message: err.Error()}
	}
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}
