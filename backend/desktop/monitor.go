package desktop

import (
	"errors"
	"fmt"
	"math"
	"regexp"

	"github.com/genkai-rag/genkai-rag/backend/logging"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// LogReader reads the application log for the log viewer.
type LogReader func(q logging.Query) ([]logging.Entry, error)

// EventAlert is the window event carrying a monitor.Alert each time an
// alert is raised or cleared.
const EventAlert = "monitor:alert"

// ErrNoMonitoring is returned when the app runs without monitoring.
var ErrNoMonitoring = errors.New("monitoring is not available")

// Monitoring is bound as window.go.desktop.Monitoring: the Monitor page's
// data, in the same JSON shapes as the HTTP API (/api/system/status,
// /api/health/detailed, /api/system/performance, /api/system/alerts,
// /api/system/history, /api/logs).
type Monitoring struct {
	app *App
}

// NewMonitoring returns the Monitoring facade; it answers once app has started.
func NewMonitoring(app *App) *Monitoring { return &Monitoring{app: app} }

func (m *Monitoring) observer() (running, error) {
	r, err := m.app.wait()
	if err != nil {
		return r, err
	}
	if r.obs == nil {
		return r, ErrNoMonitoring
	}
	return r, nil
}

// Status is GET /api/system/status.
func (m *Monitoring) Status() (monitor.SystemStatus, error) {
	r, err := m.observer()
	if err != nil {
		return monitor.SystemStatus{}, err
	}
	return r.mon.Status(r.ctx), nil
}

// DetailedHealth is GET /api/health/detailed.
func (m *Monitoring) DetailedHealth() (monitor.DetailedHealth, error) {
	r, err := m.observer()
	if err != nil {
		return monitor.DetailedHealth{}, err
	}
	return r.obs.DetailedHealth(r.ctx), nil
}

var opName = regexp.MustCompile(`^[a-z][a-z_]{0,31}$`)

// checkHours defaults 0 to 24 and rejects what the API rejects.
func checkHours(h, most float64) (float64, error) {
	if h == 0 {
		return 24, nil
	}
	if math.IsNaN(h) || h < 0 || h > most {
		return 0, fmt.Errorf("hours must be greater than 0 and at most %g, got %g", most, h)
	}
	return h, nil
}

// Performance is GET /api/system/performance; operationType "" means
// every operation, hours 0 means 24.
func (m *Monitoring) Performance(operationType string, hours float64) (monitor.Performance, error) {
	r, err := m.observer()
	if err != nil {
		return monitor.Performance{}, err
	}
	if operationType != "" && !opName.MatchString(operationType) {
		return monitor.Performance{}, fmt.Errorf("operation type must be a name such as query or search, got %q", operationType)
	}
	if hours, err = checkHours(hours, 24*3650); err != nil {
		return monitor.Performance{}, err
	}
	return r.obs.Performance(r.ctx, operationType, hours)
}

// ResetResult is wire.ResetResult, the shape clients see; see there.
type ResetResult = wire.ResetResult

// ResetPerformance deletes the recorded latency metrics.
func (m *Monitoring) ResetPerformance() (ResetResult, error) {
	r, err := m.observer()
	if err != nil {
		return ResetResult{}, err
	}
	n, err := r.obs.ResetPerformance(r.ctx)
	if err != nil {
		return ResetResult{}, err
	}
	return ResetResult{Status: "cleared", Deleted: n}, nil
}

// Alerts is GET /api/system/alerts; limit 0 means 50.
func (m *Monitoring) Alerts(limit int) (monitor.AlertReport, error) {
	r, err := m.observer()
	if err != nil {
		return monitor.AlertReport{}, err
	}
	if limit == 0 {
		limit = 50
	}
	if limit < 1 || limit > 1000 {
		return monitor.AlertReport{}, fmt.Errorf("limit must be from 1 to 1000, got %d", limit)
	}
	return r.obs.Alerts(r.ctx, limit)
}

// History is GET /api/system/history; hours 0 means 24.
func (m *Monitoring) History(hours float64) (monitor.History, error) {
	r, err := m.observer()
	if err != nil {
		return monitor.History{}, err
	}
	if hours, err = checkHours(hours, 24*90); err != nil {
		return monitor.History{}, err
	}
	return r.obs.History(r.ctx, hours)
}

// LogPage is wire.LogPage, the shape clients see; see there.
type LogPage = wire.LogPage

// Logs is GET /api/logs: level is the lowest level shown ("" all), q a
// text filter, limit 0 means 200.
func (m *Monitoring) Logs(level, q string, limit int) (LogPage, error) {
	r, err := m.app.wait()
	if err != nil {
		return LogPage{}, err
	}
	if r.logs == nil {
		return LogPage{}, ErrNoMonitoring
	}
	lim := ""
	if limit != 0 {
		lim = fmt.Sprint(limit)
	}
	query, err := logging.ParseQuery(level, q, lim)
	if err != nil {
		return LogPage{}, err
	}
	recs, err := r.logs(query)
	if err != nil {
		return LogPage{}, err
	}
	return LogPage{Records: recs, Count: len(recs)}, nil
}

// MaintenancePage is wire.MaintenancePage, the shape clients see; see there.
type MaintenancePage = wire.MaintenancePage

// Maintenance is GET /api/maintenance: every scheduled job with its
// schedule, last run, last result or error and next run.
func (m *Monitoring) Maintenance() (MaintenancePage, error) {
	r, err := m.app.wait()
	if err != nil {
		return MaintenancePage{}, err
	}
	if r.maint == nil {
		return MaintenancePage{}, ErrNoMonitoring
	}
	return MaintenancePage{Jobs: r.maint.Status()}, nil
}
