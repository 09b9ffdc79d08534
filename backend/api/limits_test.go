package api

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestLimiterQueueAndRefuse(t *testing.T) {
	l := NewLimiter(2, 1, 5*time.Second)
	release := make(chan struct{})
	started := make(chan struct{}, 10)
	h := l.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- struct{}{}
		<-release
	}))
	codes := make(chan int, 10)
	var wg sync.WaitGroup
	do := func() {
		defer wg.Done()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("POST", "/api/query", nil))
		codes <- rec.Code
		if rec.Code == http.StatusTooManyRequests && (rec.Header().Get("Retry-After") == "" || !strings.Contains(rec.Body.String(), "max_queue_size")) {
			t.Errorf("429 without Retry-After or reason: %v %s", rec.Header(), rec.Body)
		}
	}
	wg.Add(2)
	go do()
	go do()
	<-started
	<-started
	wg.Add(1)
	go do() // waits in the queue
	for l.QueueDepth() != 1 {
		time.Sleep(time.Millisecond)
	}
	wg.Add(2)
	go do() // refused
	go do() // refused
	if c1, c2 := <-codes, <-codes; c1 != 429 || c2 != 429 {
		t.Fatalf("over the queue: %d %d, want 429s", c1, c2)
	}
	close(release)
	wg.Wait()
	close(codes)
	ok := 0
	for c := range codes {
		if c == 200 {
			ok++
		}
	}
	if ok != 3 {
		t.Errorf("%d served, want 3", ok)
	}
	if st := l.Stats(); st.Served != 3 || st.Refused != 2 || st.Running != 0 || st.Waiting != 0 {
		t.Errorf("stats = %+v", st)
	}
}

func TestLimiterTimeoutAndLiveChange(t *testing.T) {
	l := NewLimiter(1, 5, 30*time.Millisecond)
	block := make(chan struct{})
	h := l.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-block }))
	var wg sync.WaitGroup
	serve := func() {
		wg.Add(1)
		go func() { defer wg.Done(); h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("POST", "/", nil)) }()
	}
	serve()
	for l.Stats().Running != 1 {
		time.Sleep(time.Millisecond)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("POST", "/", nil))
	if rec.Code != http.StatusGatewayTimeout || !strings.Contains(rec.Body.String(), "request_timeout") {
		t.Fatalf("waiting past the timeout: %d %s, want 504", rec.Code, rec.Body)
	}
	// Raising the limit lets a second request run beside the first.
	l.SetLimits(2, 5, time.Second)
	serve()
	for l.Stats().Running != 2 {
		time.Sleep(time.Millisecond)
	}
	close(block)
	wg.Wait()
	if st := l.Stats(); st.Running != 0 || st.MaxConcurrent != 2 || st.TimedOut != 1 {
		t.Errorf("stats = %+v", st)
	}
	// Both slots are free again.
	if r1, err := l.acquire(t.Context()); err != nil {
		t.Fatal(err)
	} else if r2, err := l.acquire(t.Context()); err != nil {
		t.Fatal(err)
	} else {
		r1()
		r2()
	}
}
