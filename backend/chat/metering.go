package chat

import (
	"errors"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/search"
)

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
