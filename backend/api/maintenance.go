package api

import (
	"errors"
	"net/http"

	"github.com/genkai-rag/genkai-rag/backend/maintenance"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// maintenanceRoutes: GET /api/maintenance lists every job with its
// schedule, last run, last result or error, failures in a row and next run
// (see maintenance.JobStatus); POST /api/maintenance/{name}/run runs one
// now (404 for an unknown name, 409 while another job runs).
func (s *Server) maintenanceRoutes() {
	s.route("GET /api/maintenance", s.handle(s.listJobs))
	s.route("POST /api/maintenance/{name}/run", s.handle(s.runJob))
}

func (s *Server) listJobs(w http.ResponseWriter, r *http.Request) error {
	if s.opt.Maintenance == nil {
		return &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "maintenance is not available in this server"}
	}
	return writeJSON(w, http.StatusOK, wire.MaintenancePage{Jobs: s.opt.Maintenance.Status()})
}

func (s *Server) runJob(w http.ResponseWriter, r *http.Request) error {
	if s.opt.Maintenance == nil {
		return &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: "maintenance is not available in this server"}
	}
	st, err := s.opt.Maintenance.RunNow(r.Context(), r.PathValue("name"))
	switch {
	case errors.Is(err, maintenance.ErrUnknownJob):
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: err.Error()}
	case errors.Is(err, maintenance.ErrBusy):
		return &Error{Status: http.StatusConflict, Code: "busy", Message: err.Error()}
	case err != nil:
		return err
	}
	return writeJSON(w, http.StatusOK, st)
}
