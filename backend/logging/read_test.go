package logging

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReadFiltersJSONAndText(t *testing.T) {
	for _, asJSON := range []bool{true, false} {
		t.Run(map[bool]string{true: "json", false: "text"}[asJSON], func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "logs", "genkai_rag.log")
			lv := new(slog.LevelVar)
			lv.Set(slog.LevelDebug)
			log, c, err := New(Options{File: path, JSON: asJSON, Level: lv})
			if err != nil {
				t.Fatal(err)
			}
			log.Debug("probe", "path", "/api/health")
			log.Info("http request", "path", "/api/query", "status", 200)
			log.Warn("configuration warning", "key", "x")
			log.Error("request failed", "err", "connection refused")
			Critical(context.Background(), log, "database is damaged")
			c.Close()
			tests := []struct {
				level, text string
				limit       int
				want        []string
			}{
				{"", "", 0, []string{"database is damaged", "request failed", "configuration warning", "http request", "probe"}},
				{"WARNING", "", 0, []string{"database is damaged", "request failed", "configuration warning"}},
				{"error", "", 0, []string{"database is damaged", "request failed"}},
				{"", "API/QUERY", 0, []string{"http request"}},
				{"INFO", "", 2, []string{"database is damaged", "request failed"}},
			}
			for _, tt := range tests {
				q, err := ParseQuery(tt.level, tt.text, "")
				if err != nil {
					t.Fatal(err)
				}
				if tt.limit > 0 {
					q.Limit = tt.limit
				}
				recs, err := Read(path, q)
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range recs {
					got = append(got, r.Message)
					if r.Time == "" || r.Level == "" || r.Raw == "" {
						t.Errorf("record lacks fields: %+v", r)
					}
				}
				if strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Errorf("Read(%q, %q) = %v, want %v", tt.level, tt.text, got, tt.want)
				}
			}
		})
	}
}

func TestReadEdges(t *testing.T) {
	dir := t.TempDir()
	if recs, err := Read(filepath.Join(dir, "missing.log"), Query{}); err != nil || len(recs) != 0 {
		t.Errorf("missing file: %v, %v", recs, err)
	}
	if _, err := Read(dir, Query{}); err == nil {
		t.Error("a directory was read as a log")
	}
	// A big file: only the tail is read and the cut first line is dropped.
	big := filepath.Join(dir, "big.log")
	var b bytes.Buffer
	for b.Len() < tailBytes+1000 {
		b.WriteString(`{"time":"t","level":"INFO","msg":"filler ` + strings.Repeat("x", 100) + `"}` + "\n")
	}
	b.WriteString(`{"time":"t","level":"ERROR","msg":"last"}` + "\n")
	os.WriteFile(big, b.Bytes(), 0o600)
	recs, err := Read(big, Query{Limit: MaxLimit})
	if err != nil || len(recs) != MaxLimit || recs[0].Message != "last" {
		t.Errorf("big file: %d records, first %+v, %v", len(recs), recs[0], err)
	}
	for _, tc := range []struct{ level, text, limit string }{
		{"LOUD", "", ""}, {"", "", "0"}, {"", "", "-1"}, {"", "", "1001"}, {"", "", "abc"}, {"", strings.Repeat("a", 201), ""},
	} {
		if _, err := ParseQuery(tc.level, tc.text, tc.limit); err == nil {
			t.Errorf("ParseQuery(%q, %d chars, %q) accepted", tc.level, len(tc.text), tc.limit)
		} else if tc.level != "" && !errors.Is(err, ErrBadLevel) {
			t.Errorf("bad level error = %v", err)
		}
	}
}

func FuzzParseLine(f *testing.F) {
	f.Add([]byte(`{"time":"2026","level":"INFO","msg":"m","k":1}`))
	f.Add([]byte(`time=2026 level=WARNING msg="a \"b\"" k=v`))
	f.Add([]byte(`{"msg":`))
	f.Fuzz(func(t *testing.T, line []byte) {
		r := parseLine(line)
		if len(r.Raw) > maxLine {
			t.Fatalf("raw longer than %d", maxLine)
		}
	})
}
