package monitor

import (
	"fmt"
	"sort"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Thresholds is wire.Thresholds, the shape clients see; see there.
type Thresholds = wire.Thresholds

// DefaultThresholds are the operations guide's values.
func DefaultThresholds() Thresholds {
	return Thresholds{MemoryUsagePercent: 80, DiskUsagePercent: 90, CPUUsagePercent: 85, ResponseTimeMS: 5000, ErrorRatePercent: 5}
}

// Alert metric names (the keys of monitoring.alert_thresholds).
const (
	MetricMemory       = "memory_usage_percent"
	MetricDisk         = "disk_usage_percent"
	MetricCPU          = "cpu_usage_percent"
	MetricResponseTime = "response_time_ms"
	MetricErrorRate    = "error_rate_percent"
)

// Alert states.
const (
	AlertRaised  = "raised"
	AlertCleared = "cleared"
)

// Alert is an alert being raised or cleared.
type Alert = wire.Alert

// Hysteresis tunes when alerts change state.
type Hysteresis struct {
	// Consecutive is how many samples in a row must agree before an alert
	// is raised or cleared; default 3 (30 s at the default interval).
	Consecutive int
	// ClearMargin is the fraction of the threshold a value must fall below
	// it before the alert clears; default 0.05 (an 80 % alert clears
	// below 76 %).
	ClearMargin float64
	// MinOperations is how many operations the last five minutes must hold
	// before the error rate is judged; default 5.
	MinOperations int
}

func (h Hysteresis) withDefaults() Hysteresis {
	if h.Consecutive <= 0 {
		h.Consecutive = 3
	}
	if h.ClearMargin <= 0 {
		h.ClearMargin = 0.05
	}
	if h.MinOperations <= 0 {
		h.MinOperations = 5
	}
	return h
}

// ruleState is one metric's position in the hysteresis.
type ruleState struct {
	active      bool
	over, under int
	raised      Alert
}

// rules evaluates the thresholds against samples; it is used from one
// goroutine (the sampler) under the Service's lock.
type rules struct {
	h     Hysteresis
	state map[string]*ruleState
}

func newRules(h Hysteresis) *rules {
	return &rules{h: h.withDefaults(), state: map[string]*ruleState{}}
}

// observation is the value of each metric in one sample; a missing metric
// (no data) counts as below its threshold.
type observation map[string]float64

// observe builds the metric values from a reading and the recent
// operations.
func observe(r Reading, recent []store.Metric, minOps int) observation {
	o := observation{MetricMemory: r.MemoryPercent, MetricDisk: r.DiskPercent, MetricCPU: r.CPUPercent}
	var q []float64
	errs := 0
	for _, m := range recent {
		if m.Op == OpQuery {
			q = append(q, float64(m.Duration.Microseconds())/1000)
		}
		if !m.OK {
			errs++
		}
	}
	if len(q) > 0 {
		sort.Float64s(q)
		o[MetricResponseTime] = percentile(q, 95)
	}
	if len(recent) >= minOps {
		o[MetricErrorRate] = 100 * float64(errs) / float64(len(recent))
	}
	return o
}

// thresholdOf is t's threshold for metric (0 for an unknown one).
func thresholdOf(t Thresholds, metric string) float64 {
	switch metric {
	case MetricMemory:
		return t.MemoryUsagePercent
	case MetricDisk:
		return t.DiskUsagePercent
	case MetricCPU:
		return t.CPUUsagePercent
	case MetricResponseTime:
		return t.ResponseTimeMS
	case MetricErrorRate:
		return t.ErrorRatePercent
	}
	return 0
}

var alertMetrics = []string{MetricMemory, MetricDisk, MetricCPU, MetricResponseTime, MetricErrorRate}

// step feeds one observation through the rules and returns the alerts
// that changed state. A threshold ≤ 0 disables its rule (and clears it).
func (r *rules) step(o observation, t Thresholds, now time.Time) []Alert {
	var out []Alert
	for _, m := range alertMetrics {
		st := r.state[m]
		if st == nil {
			st = &ruleState{}
			r.state[m] = st
		}
		limit, v := thresholdOf(t, m), o[m]
		if !st.active {
			if limit > 0 && v >= limit {
				st.over++
			} else {
				st.over = 0
			}
			if st.over >= r.h.Consecutive {
				st.active, st.over, st.under = true, 0, 0
				st.raised = Alert{At: now, Metric: m, State: AlertRaised, Value: round3(v), Threshold: limit, Message: alertMessage(m, v, limit)}
				out = append(out, st.raised)
			}
			continue
		}
		if limit <= 0 || v < limit*(1-r.h.ClearMargin) {
			st.under++
		} else {
			st.under = 0
		}
		if st.under >= r.h.Consecutive || limit <= 0 {
			st.active, st.over, st.under = false, 0, 0
			out = append(out, Alert{At: now, Metric: m, State: AlertCleared, Value: round3(v), Threshold: limit, Message: clearedMessage(m, v)})
		}
	}
	return out
}

// active lists the raised alerts, by metric name.
func (r *rules) active() []Alert {
	var out []Alert
	for _, m := range alertMetrics {
		if st := r.state[m]; st != nil && st.active {
			out = append(out, st.raised)
		}
	}
	return out
}

// metricLabels are the Japanese names used in alert messages (the guide's
// own wording, e.g. "高メモリ使用量").
var metricLabels = map[string]string{
	MetricMemory:       "高メモリ使用量",
	MetricDisk:         "高ディスク使用量",
	MetricCPU:          "高CPU使用率",
	MetricResponseTime: "応答時間の悪化",
	MetricErrorRate:    "エラー率の上昇",
}

func unit(metric string) string {
	if metric == MetricResponseTime {
		return " ms"
	}
	return "%"
}

func alertMessage(metric string, v, limit float64) string {
	return fmt.Sprintf("%s: %.1f%s (しきい値 %g%s)", metricLabels[metric], v, unit(metric), limit, unit(metric))
}

func clearedMessage(metric string, v float64) string {
	return fmt.Sprintf("%s 解消: %.1f%s", metricLabels[metric], v, unit(metric))
}
