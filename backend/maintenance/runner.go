package maintenance

import "context"

// Runner is the maintenance page both transports show (GET
// /api/maintenance, POST /api/maintenance/{name}/run; the desktop
// Monitoring facade). *Scheduler implements it.
type Runner interface {
	// Status lists every job with its schedule, last run and next run.
	Status() []JobStatus
	// RunNow runs the job called name now; an unknown name or another job
	// running is an error (see Scheduler.RunNow).
	RunNow(ctx context.Context, name string) (JobStatus, error)
}

var _ Runner = (*Scheduler)(nil)
