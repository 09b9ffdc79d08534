package api

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

func (s *Server) libraryRoutes() {
	s.route("GET /api/sources", s.handle(s.listSources))
	s.route("POST /api/sources", s.handle(s.addSource))
	s.route("POST /api/sources/{id}/sync", s.handle(s.syncSource))
	s.route("GET /api/sources/{id}/pages", s.handle(s.sourcePages))
	s.route("DELETE /api/sources/{id}", s.handle(s.deleteSource))
	s.route("GET /api/sync", s.handle(s.syncStatus))
	s.route("DELETE /api/sync", s.handle(s.cancelSync))
}

func (s *Server) library() (ingest.Library, error) {
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

func (s *Server) listSources(w http.ResponseWriter, r *http.Request) error {
	lib, err := s.library()
	if err != nil {
		return err
	}
	srcs, err := lib.Sources(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, wire.SourceList{Sources: srcs, Policy: lib.SourcePolicy()})
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
	return writeJSON(w, http.StatusOK, wire.PageList{Pages: pages})
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
