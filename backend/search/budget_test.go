package search

import (
	"slices"
	"testing"
)

func TestMatchBudget(t *testing.T) {
	df := map[string]int{"a": 10, "b": 4000, "c": 3000, "d": 500}
	tests := []struct {
		name        string
		budget      int
		terms       []string
		match, rest []string
	}{
		{"off", 0, []string{"a", "b", "c"}, []string{"a", "b", "c"}, nil},
		{"within budget", 10000, []string{"a", "b", "c"}, []string{"a", "b", "c"}, nil},
		{"rarest first, query order kept", 4000, []string{"b", "a", "c", "d"}, []string{"a", "c", "d"}, []string{"b"}},
		{"the rarest is always matched", 5, []string{"b", "c"}, []string{"c"}, []string{"b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := NewLexical(nil, Params{MatchBudget: tt.budget})
			match, rest := l.budget(tt.terms, df)
			if !slices.Equal(match, tt.match) || !slices.Equal(rest, tt.rest) {
				t.Errorf("budget(%v) = %v, %v; want %v, %v", tt.terms, match, rest, tt.match, tt.rest)
			}
		})
	}
}
