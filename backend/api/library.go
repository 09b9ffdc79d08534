package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// Library is the document library: sources, their pages and the sync job.
// AddSource and Sync apply the server's source policy (refusals wrap
// ingest.ErrRefused); SourcePolicy describes it for the source form.
type Library interface {
	SourcePolicy() ingest.PolicyInfo
	Sources(ctx context.Context) ([]store.SourceSummary, error)
	PageList(ctx context.Context, sourceID int64) ([]store.PageInfo, error)
	DeleteSource(ctx context.Context, sourceID int64) error
	AddSource(ctx context.Context, req ingest.SourceRequest) (ingest.SyncStatus, error)
	Sync(ctx context.Context, sourceID int64) (ingest.SyncStatus, error)
	SyncStatus() ingest.SyncStatus
	CancelSync() ingest.SyncStatus
}

func (s *Server) libraryRoutes() {
	s.route("GET /api/sources", s.handle(s.listSources))
	s.route("POST /api/sources", s.handle(s.addSource))
	s.route("POST /api/sources/{id}/sync", s.handle(s.syncSource))
	s.route("GET /api/sources/{id}/pages", s.handle(s.sourcePages))
	s.route("DELETE /api/sources/{id}", s.handle(s.deleteSource))
	s.route("GET /api/sync", s.handle(s.syncStatus))
	s.route("DELETE /api/sync", s.handle(s.cancelSync))
}

func (s *Server) library() (Library, error) {
	if s.opt.Library == nil {
		return nil, &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "the document library is not available in this server"}
	}
	return s.opt.Library, nil
}

// libraryError maps library errors to API errors: a duplicate source is
// 409 duplicate_source, a site that does not answer 400 site_unreachable,
// any other bad source 400 bad_source.
func libraryError(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: "no such source; list them with GET /api/sources"}
	}
	// The library's refusals carry their fault codes (busy, source_refused,
	// duplicate_source, site_unreachable — the form offers "save anyway"
	// for this code only — and bad_source); writeError maps them.
	return err
}

func sourceID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: fmt.Sprintf("source id must be a positive number, got %q", r.PathValue("id"))}
	}
	return id, nil
}

// decodeJSON reads one JSON object into v, rejecting unknown fields,
// trailing data and wrong types with a message naming the problem.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		if errors.Is(err, io.EOF) {
			return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: "the request body is empty; send a JSON object"}
		}
		return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: "invalid JSON body: " + err.Error()}
	}
	if dec.More() {
		return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: "invalid JSON body: more than one value"}
	}
	return nil
}

func (s *Server) listSources(w http.ResponseWriter, r *http.Request) error {
	lib, err := s.library()
	if err != nil {
		return err
	}
	srcs, err := lib.Sources(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"sources": srcs, "policy": lib.SourcePolicy()})
}

func (s *Server) addSource(w http.ResponseWriter, r *http.Request) error {
	lib, err := s.library()
	if err != nil {
		return err
	}
	var req ingest.SourceRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	st, err := lib.AddSource(r.Context(), req)
	if err != nil {
		return libraryError(err)
	}
	return writeJSON(w, http.StatusAccepted, st)
}

func (s *Server) syncSource(w http.ResponseWriter, r *http.Request) error {
	lib, err := s.library()
	if err != nil {
		return err
	}
	id, err := sourceID(r)
	if err != nil {
		return err
	}
	st, err := lib.Sync(r.Context(), id)
	if err != nil {
		return libraryError(err)
	}
	return writeJSON(w, http.StatusAccepted, st)
}

func (s *Server) sourcePages(w http.ResponseWriter, r *http.Request) error {
	lib, err := s.library()
	if err != nil {
		return err
	}
	id, err := sourceID(r)
	if err != nil {
		return err
	}
	pages, err := lib.PageList(r.Context(), id)
	if err != nil {
		return libraryError(err)
	}
	return writeJSON(w, http.StatusOK, map[string]any{"pages": pages})
}

func (s *Server) deleteSource(w http.ResponseWriter, r *http.Request) error {
	lib, err := s.library()
	if err != nil {
		return err
	}
	id, err := sourceID(r)
	if err != nil {
		return err
	}
	if err := lib.DeleteSource(r.Context(), id); err != nil {
		return libraryError(err)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) syncStatus(w http.ResponseWriter, r *http.Request) error {
	lib, err := s.library()
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, lib.SyncStatus())
}

func (s *Server) cancelSync(w http.ResponseWriter, r *http.Request) error {
	lib, err := s.library()
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, lib.CancelSync())
}
