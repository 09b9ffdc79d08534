package wire

import (
	"encoding/json"
	"testing"
)

func TestModelConfigRoundTrip(t *testing.T) {
	temp, topP := 0.3, 0.9
	tests := []struct {
		name string
		in   GenOptions
		json string
	}{
		{"unset: every option null", GenOptions{}, `{"model_name":"m","temperature":null,"max_tokens":null,"context_length":null,"top_p":null}`},
		{"all set", GenOptions{Temperature: &temp, MaxTokens: 256, ContextLength: 8192, TopP: &topP}, `{"model_name":"m","temperature":0.3,"max_tokens":256,"context_length":8192,"top_p":0.9}`},
		{"some set", GenOptions{MaxTokens: 10}, `{"model_name":"m","temperature":null,"max_tokens":10,"context_length":null,"top_p":null}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ModelConfigOf("m", tt.in)
			b, err := json.Marshal(c)
			if err != nil || string(b) != tt.json {
				t.Errorf("ModelConfigOf = %s (%v), want %s", b, err, tt.json)
			}
			back := c.Options()
			ob, _ := json.Marshal(back)
			ib, _ := json.Marshal(tt.in)
			if string(ob) != string(ib) {
				t.Errorf("Options() = %s, want %s", ob, ib)
			}
		})
	}
}

func TestGenOptionsJSONOmitsDefaults(t *testing.T) {
	b, _ := json.Marshal(GenOptions{})
	if string(b) != "{}" {
		t.Errorf("zero GenOptions = %s, want {} (the answer cache keys on it)", b)
	}
}

func TestHealthy(t *testing.T) {
	for status, want := range map[string]bool{StatusHealthy: true, StatusDegraded: true, StatusUnhealthy: false} {
		if got := (HealthReport{Status: status}).Healthy(); got != want {
			t.Errorf("Healthy(%q) = %v, want %v", status, got, want)
		}
	}
}
