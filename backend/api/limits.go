package api

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Limiter admits at most Running requests at once and lets at most Queue
// more wait; a request beyond that is refused at once (429 with
// Retry-After), and one that waits or runs longer than the timeout ends
// with 504. Its limits change live with SetLimits. It is safe for
// concurrent use; the zero value is not usable, use NewLimiter.
type Limiter struct {
	mu      sync.Mutex
	running int
	waiting int
	max     int
	queue   int
	timeout time.Duration
	slots   chan struct{} // a token per free slot, re-made on SetLimits
	served  int64
	refused int64
	expired int64
}

// NewLimiter returns a limiter (concurrency.max_concurrent_requests,
// max_queue_size, request_timeout). running ≤ 0 means 1; timeout ≤ 0
// means none.
func NewLimiter(running, queue int, timeout time.Duration) *Limiter {
	l := &Limiter{}
	l.SetLimits(running, queue, timeout)
	return l
}

// SetLimits changes the limits; requests already admitted keep running.
func (l *Limiter) SetLimits(running, queue int, timeout time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.max, l.queue, l.timeout = max(running, 1), max(queue, 0), timeout
	l.slots = make(chan struct{}, l.max)
	for i := l.running; i < l.max; i++ {
		l.slots <- struct{}{}
	}
}

// LimiterStats are the limiter's counters.
type LimiterStats struct {
	Running       int   `json:"running"`
	Waiting       int   `json:"queue_depth"`
	MaxConcurrent int   `json:"max_concurrent_requests"`
	MaxQueue      int   `json:"max_queue_size"`
	Served        int64 `json:"served"`
	Refused       int64 `json:"refused"`
	TimedOut      int64 `json:"timed_out"`
}

// Stats returns the current counters.
func (l *Limiter) Stats() LimiterStats {
	l.mu.Lock()
	defer l.mu.Unlock()
	return LimiterStats{Running: l.running, Waiting: l.waiting, MaxConcurrent: l.max, MaxQueue: l.queue,
		Served: l.served, Refused: l.refused, TimedOut: l.expired}
}

// QueueDepth is how many requests wait for a slot.
func (l *Limiter) QueueDepth() int { return l.Stats().Waiting }

// acquire waits for a slot. It returns a release func, or an *Error (429
// when the queue is full, 504 when the wait outlasts ctx).
func (l *Limiter) acquire(ctx context.Context) (func(), error) {
	l.mu.Lock()
	slots := l.slots
	select {
	case <-slots:
		l.running++
		l.mu.Unlock()
		return l.releaser(slots), nil
	default:
	}
	if l.waiting >= l.queue {
		l.refused++
		l.mu.Unlock()
		return nil, &Error{Status: http.StatusTooManyRequests, Code: "too_many_requests",
			Message: fmt.Sprintf("the server is busy: %d requests running and %d waiting (concurrency.max_concurrent_requests, max_queue_size); retry shortly", l.max, l.queue)}
	}
	l.waiting++
	l.mu.Unlock()
	select {
	case <-slots:
		l.mu.Lock()
		l.waiting--
		l.running++
		l.mu.Unlock()
		return l.releaser(slots), nil
	case <-ctx.Done():
		l.mu.Lock()
		l.waiting--
		l.expired++
		l.mu.Unlock()
		return nil, &Error{Status: http.StatusGatewayTimeout, Code: "timeout", Message: "waited too long for a free slot (concurrency.request_timeout); retry shortly"}
	}
}

func (l *Limiter) releaser(slots chan struct{}) func() {
	var once sync.Once
	return func() {
		once.Do(func() {
			l.mu.Lock()
			defer l.mu.Unlock()
			l.running--
			l.served++
			if slots == l.slots {
				slots <- struct{}{}
			} else if l.running < l.max && len(l.slots) < l.max-l.running {
				// The limits changed while this request ran: free a slot
				// in the new pool if it has room for one.
				l.slots <- struct{}{}
			}
		})
	}
}

// Wrap applies the limiter and the timeout to next. A streaming response
// that has started is not cut by the timeout's 504; its context ends and
// the handler stops.
func (l *Limiter) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		timeout := l.timeout
		l.mu.Unlock()
		ctx := r.Context()
		if timeout > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, timeout)
			defer cancel()
		}
		release, err := l.acquire(ctx)
		if err != nil {
			if e, ok := err.(*Error); ok && e.Status == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", strconv.Itoa(l.retryAfter()))
			}
			writeLimitError(w, r, err.(*Error))
			return
		}
		defer release()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// retryAfter suggests seconds to wait: a tenth of the timeout, 1–30 s.
func (l *Limiter) retryAfter() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return int(min(max(l.timeout/10, time.Second), 30*time.Second) / time.Second)
}

func writeLimitError(w http.ResponseWriter, r *http.Request, e *Error) {
	writeErrorBody(w, r, e)
}
