package monitor

import "context"

// Reporter is the health and status both transports show (GET
// /api/health, /api/app/info, /api/system/status; the desktop status bar).
// *Service implements it.
type Reporter interface {
	// Health runs the health checks.
	Health(ctx context.Context) HealthReport
	// Overview is the status bar: version, data home, Ollama.
	Overview(ctx context.Context) Overview
	// Status is the system status: resources, queue, index, models.
	Status(ctx context.Context) SystemStatus
}

// Observer is the Monitor page: detailed health, performance, alerts and
// history (/api/health/detailed, /api/monitoring/* over HTTP, the
// Monitoring facade in the desktop app). *Service implements it. Errors
// are store errors and, for Performance, an unknown operation or hours
// out of range.
type Observer interface {
	DetailedHealth(ctx context.Context) DetailedHealth
	Performance(ctx context.Context, op string, hours float64) (Performance, error)
	ResetPerformance(ctx context.Context) (int64, error)
	Alerts(ctx context.Context, limit int) (AlertReport, error)
	History(ctx context.Context, hours float64) (History, error)
}

var (
	_ Reporter = (*Service)(nil)
	_ Observer = (*Service)(nil)
)
