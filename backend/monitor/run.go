package monitor

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// indexEvery is how many samples pass between reads of the index state
// (a count over the chunks: cheap, but not free on a large index).
const indexEvery = 6

// Start takes a first sample now (so status has figures at once) and
// samples every interval in the background until ctx ends. The returned
// func waits for the loop to stop after ctx is cancelled; it flushes the
// buffered metrics.
func (s *Service) Start(ctx context.Context) (wait func()) {
	s.SampleNow(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Run(ctx)
	}()
	return func() { <-done }
}

// Run samples every interval until ctx ends, then flushes the metrics.
func (s *Service) Run(ctx context.Context) {
	for {
		s.mu.RLock()
		d := s.interval
		s.mu.RUnlock()
		t := time.NewTimer(d)
		select {
		case <-ctx.Done():
			t.Stop()
			if err := s.Flush(context.WithoutCancel(ctx)); err != nil {
				s.log.Warn("write metrics at shutdown", "err", err)
			}
			return
		case <-s.wake:
			t.Stop()
			continue
		case <-t.C:
		}
		s.SampleNow(ctx)
		if err := s.Flush(ctx); err != nil {
			s.log.Warn("write metrics", "err", err)
		}
	}
}

// SetInterval changes the sampling interval live (a config reload).
func (s *Service) SetInterval(d time.Duration) {
	if d <= 0 {
		return
	}
	s.mu.Lock()
	s.interval = d
	s.mu.Unlock()
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// SetThresholds changes the alert thresholds live; the next sample is
// judged against them.
func (s *Service) SetThresholds(t Thresholds) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.thresholds = t
}

// OnAlert registers fn to be called (from the sampler's goroutine) for
// every alert raised or cleared.
func (s *Service) OnAlert(fn func(Alert)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hooks = append(s.hooks, fn)
}

// SampleNow takes one sample: reads the machine, probes Ollama, updates
// the index state every few samples, judges the alert rules and writes
// the sample, the alerts and (every SnapshotEvery) a status snapshot.
func (s *Service) SampleNow(ctx context.Context) {
	s.sampling.Lock()
	defer s.sampling.Unlock()
	if s.reader == nil {
		hr, err := NewHostReader(s.opt.DataHome)
		if err != nil {
			s.log.Warn("resource sampler unavailable", "err", err)
			return
		}
		s.reader = hr
	}
	r, err := s.reader.Read(ctx)
	if err != nil {
		s.log.Warn("read resources", "err", err)
		return
	}
	if len(r.Errors) > 0 {
		s.log.Debug("some resources could not be read", "errors", r.Errors)
	}
	ollama := s.opt.Ollama.Probe(ctx)
	s.mu.RLock()
	readIndex := s.ticks%indexEvery == 0
	s.mu.RUnlock()
	var index IndexState
	if readIndex && s.opt.Index != nil {
		index = s.opt.Index(ctx)
	}
	now := s.opt.Now().UTC()
	r.Time = now
	recent := s.metrics.window(now)

	s.mu.Lock()
	s.last, s.sampled, s.ollama = r, true, ollama
	if readIndex && s.opt.Index != nil {
		s.index = index
	}
	s.ticks++
	changed := s.rules.step(observe(r, recent, s.rules.h.MinOperations), s.thresholds, now)
	hooks := append([]func(Alert){}, s.hooks...)
	if s.opt.DB == nil {
		s.history = append(s.history, r)
		if len(s.history) > maxHistory {
			s.history = s.history[len(s.history)-maxHistory:]
		}
	}
	snap := s.opt.StatusFile != nil && now.Sub(s.lastSnap) >= s.opt.SnapshotEvery
	if snap {
		s.lastSnap = now
	}
	s.mu.Unlock()

	if s.opt.DB != nil {
		if err := s.opt.DB.AddResourceSample(ctx, store.ResourceSample{At: r.Time, CPUPercent: round3(r.CPUPercent), MemoryPercent: round3(r.MemoryPercent),
			MemoryUsedMB: round3(r.MemoryUsedMB), ProcessRSSMB: round3(r.ProcessRSSMB), DiskPercent: round3(r.DiskPercent),
			DiskUsedMB: round3(r.DiskUsedMB), OllamaRSSMB: round3(r.Ollama.RSSMB)}); err != nil {
			s.log.Warn("write resource sample", "err", err)
		}
	}
	for _, a := range changed {
		s.publish(ctx, a, hooks)
	}
	if snap {
		writeLine(s.opt.StatusFile, s.Status(ctx), s.log)
	}
}

// publish stores, logs and hands out one alert change.
func (s *Service) publish(ctx context.Context, a Alert, hooks []func(Alert)) {
	if s.opt.DB != nil {
		id, err := s.opt.DB.AddAlertEvent(ctx, store.AlertEvent(a))
		if err != nil {
			s.log.Warn("write alert", "err", err)
		}
		a.ID = id
	}
	s.mu.Lock()
	if a.ID == 0 {
		a.ID = int64(len(s.events) + 1)
	}
	s.events = append(s.events, a)
	if len(s.events) > maxEvents {
		s.events = s.events[len(s.events)-maxEvents:]
	}
	s.mu.Unlock()
	writeLine(s.opt.AlertFile, a, s.log)
	if a.State == AlertRaised {
		s.log.Warn("alert raised", "metric", a.Metric, "value", a.Value, "threshold", a.Threshold, "message", a.Message)
	} else {
		s.log.Info("alert cleared", "metric", a.Metric, "value", a.Value, "message", a.Message)
	}
	for _, fn := range hooks {
		fn(a)
	}
}

// writeLine appends v as one JSON line to w (nil: nothing).
func writeLine(w io.Writer, v any, log interface{ Warn(string, ...any) }) {
	if w == nil {
		return
	}
	b, err := json.Marshal(v)
	if err == nil {
		_, err = w.Write(append(b, '\n'))
	}
	if err != nil {
		log.Warn("write monitoring file", "err", err)
	}
}

// AlertReport is wire.AlertReport, the shape clients see; see there.
type AlertReport = wire.AlertReport

// Alerts reports the active alerts and up to limit recent events.
func (s *Service) Alerts(ctx context.Context, limit int) (AlertReport, error) {
	s.mu.RLock()
	rep := AlertReport{Active: s.rules.active(), Thresholds: s.thresholds, Ollama: s.ollama}
	mem := append([]Alert(nil), s.events...)
	s.mu.RUnlock()
	if rep.Active == nil {
		rep.Active = []Alert{}
	}
	rep.Level = level(len(rep.Active), rep.Ollama)
	if s.opt.DB != nil {
		ev, err := s.opt.DB.AlertEvents(ctx, limit)
		if err != nil {
			return rep, err
		}
		rep.Recent = make([]Alert, len(ev))
		for i, e := range ev {
			rep.Recent[i] = Alert(e)
		}
	} else {
		for i := len(mem) - 1; i >= 0 && len(rep.Recent) < limit; i-- {
			rep.Recent = append(rep.Recent, mem[i])
		}
	}
	if rep.Recent == nil {
		rep.Recent = []Alert{}
	}
	return rep, nil
}

// LastAlert is the newest raised alert that is still active, for the tray.
func (s *Service) LastAlert() (Alert, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	act := s.rules.active()
	if len(act) == 0 {
		return Alert{}, false
	}
	newest := act[0]
	for _, a := range act[1:] {
		if a.At.After(newest.At) {
			newest = a
		}
	}
	return newest, true
}

// History is wire.History, the shape clients see; see there.
type History = wire.History

// MaxPoints bounds the points History returns.
const MaxPoints = 360

// History returns the samples of the last hours, averaged into buckets.
func (s *Service) History(ctx context.Context, hours float64) (History, error) {
	now := s.opt.Now().UTC()
	since := now.Add(-time.Duration(hours * float64(time.Hour)))
	var raw []store.ResourceSample
	if s.opt.DB != nil {
		var err error
		if raw, err = s.opt.DB.ResourceSamples(ctx, since); err != nil {
			return History{}, err
		}
	} else {
		s.mu.RLock()
		for _, r := range s.history {
			if !r.Time.Before(since) {
				raw = append(raw, store.ResourceSample{At: r.Time, CPUPercent: r.CPUPercent, MemoryPercent: r.MemoryPercent, MemoryUsedMB: r.MemoryUsedMB,
					ProcessRSSMB: r.ProcessRSSMB, DiskPercent: r.DiskPercent, DiskUsedMB: r.DiskUsedMB, OllamaRSSMB: r.Ollama.RSSMB})
			}
		}
		s.mu.RUnlock()
	}
	bucket := time.Duration(hours * float64(time.Hour) / MaxPoints)
	rows := downsample(raw, since, bucket)
	samples := make([]wire.ResourceSample, len(rows))
	for i, r := range rows {
		samples[i] = wire.ResourceSample(r)
	}
	return History{Hours: hours, IntervalSeconds: bucket.Seconds(), Samples: samples}, nil
}

// downsample averages samples (ascending) into buckets of width d from since.
func downsample(in []store.ResourceSample, since time.Time, d time.Duration) []store.ResourceSample {
	out := []store.ResourceSample{}
	if d <= 0 {
		return append(out, in...)
	}
	var acc store.ResourceSample
	n, cur := 0, int64(-1)
	emit := func() {
		if n == 0 {
			return
		}
		f := float64(n)
		out = append(out, store.ResourceSample{At: acc.At, CPUPercent: round3(acc.CPUPercent / f), MemoryPercent: round3(acc.MemoryPercent / f),
			MemoryUsedMB: round3(acc.MemoryUsedMB / f), ProcessRSSMB: round3(acc.ProcessRSSMB / f), DiskPercent: round3(acc.DiskPercent / f),
			DiskUsedMB: round3(acc.DiskUsedMB / f), OllamaRSSMB: round3(acc.OllamaRSSMB / f)})
	}
	for _, r := range in {
		b := int64(r.At.Sub(since) / d)
		if b != cur {
			emit()
			acc, n, cur = store.ResourceSample{At: r.At}, 0, b
		}
		acc.At = r.At // the bucket is stamped with its newest sample
		acc.CPUPercent += r.CPUPercent
		acc.MemoryPercent += r.MemoryPercent
		acc.MemoryUsedMB += r.MemoryUsedMB
		acc.ProcessRSSMB += r.ProcessRSSMB
		acc.DiskPercent += r.DiskPercent
		acc.DiskUsedMB += r.DiskUsedMB
		acc.OllamaRSSMB += r.OllamaRSSMB
		n++
	}
	emit()
	return out
}

// DetailedHealth is wire.DetailedHealth, the shape clients see; see there.
type DetailedHealth = wire.DetailedHealth

// DetailedHealth checks the store, the index, Ollama, the disk and the
// memory, each with a status (ok, warning, fail) and a detail. Any fail
// makes it unhealthy, any warning degraded. Resource checks use the last
// sample.
func (s *Service) DetailedHealth(ctx context.Context) DetailedHealth {
	h := s.Health(ctx)
	d := DetailedHealth{Status: StatusHealthy, Version: h.Version, Time: h.Time, Checks: h.Checks}
	s.mu.RLock()
	r, sampled, ollama, index, t := s.last, s.sampled, s.ollama, s.index, s.thresholds
	s.mu.RUnlock()
	if !sampled {
		ollama = s.opt.Ollama.Probe(ctx)
	}
	switch {
	case index.Error != "":
		d.Checks["index"] = CheckResult{Status: CheckFail, Detail: index.Error}
	case index.Chunks == 0:
		d.Checks["index"] = CheckResult{Status: CheckWarning, Detail: "the index is empty: add a source in the Library (or `genkai-rag index --url URL`)"}
	default:
		d.Checks["index"] = CheckResult{Status: CheckOK, Detail: fmt.Sprintf("%d sources, %d pages, %d chunks; last synced %s", index.Sources, index.Pages, index.Chunks, orDash(index.LastSynced))}
	}
	if ollama.Reachable {
		d.Checks["ollama"] = CheckResult{Status: CheckOK, Detail: "version " + ollama.Version + " at " + ollama.Host}
	} else {
		d.Checks["ollama"] = CheckResult{Status: CheckWarning, Detail: ollama.Error}
	}
	if sampled {
		if _, ok := d.Checks["disk"]; ok && d.Checks["disk"].Status == CheckOK {
			c := CheckResult{Status: CheckOK, Detail: fmt.Sprintf("%.1f%% used, %.0f MB free on %s", r.DiskPercent, r.DiskFreeMB, r.DiskPath)}
			if r.DiskPercent >= t.DiskUsagePercent && t.DiskUsagePercent > 0 {
				c.Status = CheckWarning
				c.Detail += fmt.Sprintf(" (threshold %g%%)", t.DiskUsagePercent)
			}
			d.Checks["disk"] = c
		}
		c := CheckResult{Status: CheckOK, Detail: fmt.Sprintf("%.1f%% used (%.0f of %.0f MB); this process %.0f MB", r.MemoryPercent, r.MemoryUsedMB, r.MemoryTotalMB, r.ProcessRSSMB)}
		if r.MemoryPercent >= t.MemoryUsagePercent && t.MemoryUsagePercent > 0 {
			c.Status = CheckWarning
			c.Detail += fmt.Sprintf(" (threshold %g%%)", t.MemoryUsagePercent)
		}
		d.Checks["memory"] = c
	} else {
		d.Checks["memory"] = CheckResult{Status: CheckWarning, Detail: "not sampled yet"}
	}
	for _, c := range d.Checks {
		switch {
		case c.Status == CheckFail:
			d.Status = StatusUnhealthy
		case c.Status == CheckWarning && d.Status == StatusHealthy:
			d.Status = StatusDegraded
		}
	}
	return d
}

func orDash(s string) string {
	if s == "" {
		return "never"
	}
	return s
}

// String is a one-line summary of a reading, for logs.
func (r Reading) String() string {
	return fmt.Sprintf("cpu %.1f%% mem %.1f%% disk %.1f%% rss %.0f MB ollama %v", r.CPUPercent, r.MemoryPercent, r.DiskPercent, r.ProcessRSSMB, r.Ollama.Running)
}
