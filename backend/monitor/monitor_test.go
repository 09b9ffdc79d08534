package monitor

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/llm"
)

type pingFunc func(context.Context) (int, error)

func (f pingFunc) Ping(ctx context.Context) (int, error) { return f(ctx) }

type probeFunc func(context.Context) llm.Status

func (f probeFunc) Probe(ctx context.Context) llm.Status { return f(ctx) }

func TestHealthAndStatus(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	clock := now
	down := probeFunc(func(context.Context) llm.Status { return llm.Status{Host: "h", Error: "connection refused"} })
	tests := []struct {
		name       string
		ping       pingFunc
		wantStatus string
		wantDetail string
	}{
		{"store ok", func(context.Context) (int, error) { return 2, nil }, StatusHealthy, "schema version 2"},
		{"store fails", func(context.Context) (int, error) { return 0, errors.New("database is damaged") }, StatusUnhealthy, "database is damaged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(Options{Version: "1.2.3", DataHome: "/d", Store: tt.ping, Ollama: down, Now: func() time.Time { return clock }})
			clock = now.Add(90 * time.Second)
			h := s.Health(t.Context())
			if h.Status != tt.wantStatus || h.Checks["store"].Detail != tt.wantDetail || h.Healthy() != (tt.wantStatus == StatusHealthy) {
				t.Errorf("Health() = %+v", h)
			}
			st := s.Status(t.Context())
			if st.UptimeSeconds != 90 || st.Version != "1.2.3" || st.Ollama.Reachable || st.DataHome != "/d" {
				t.Errorf("Status() = %+v", st)
			}
			clock = now
		})
	}
}
