package logging

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Query selects records from a log file for the log viewer.
type Query struct {
	// Level is the lowest level shown (DEBUG, INFO, WARNING, ERROR,
	// CRITICAL); "" shows all.
	Level string
	// Text keeps records containing it, case-insensitively; "" keeps all.
	Text string
	// Limit is the most records returned, newest first; default 200.
	Limit int
}

// MaxLimit bounds Query.Limit.
const MaxLimit = 1000

// tailBytes is how much of the end of the file Read looks at.
const tailBytes = 4 << 20

// maxLine bounds one record's raw text in the answer.
const maxLine = 8 << 10

// Entry is wire.LogEntry, the shape clients see; see there.
type Entry = wire.LogEntry

// ErrBadLevel is returned for a level that is not one of the guide's.
var ErrBadLevel = errors.New("level must be DEBUG, INFO, WARNING, ERROR or CRITICAL")

// levelRank orders the level names.
func levelRank(name string) (int, bool) {
	switch strings.ToUpper(name) {
	case "DEBUG":
		return 0, true
	case "INFO":
		return 1, true
	case "WARNING", "WARN":
		return 2, true
	case "ERROR":
		return 3, true
	case "CRITICAL":
		return 4, true
	}
	return 0, false
}

// ParseQuery checks the viewer's parameters: level name, text, limit (as
// given in a URL; "" means the default).
func ParseQuery(level, text, limit string) (Query, error) {
	q := Query{Level: strings.ToUpper(strings.TrimSpace(level)), Text: text, Limit: 200}
	if q.Level != "" {
		if _, ok := levelRank(q.Level); !ok {
			return q, fmt.Errorf("%w, got %q", ErrBadLevel, level)
		}
	}
	if len(text) > 200 {
		return q, errors.New("q is longer than 200 characters")
	}
	if limit != "" {
		n, err := strconv.Atoi(limit)
		if err != nil || n < 1 || n > MaxLimit {
			return q, fmt.Errorf("limit must be a whole number from 1 to %d, got %q", MaxLimit, limit)
		}
		q.Limit = n
	}
	return q, nil
}

var (
	textLevel = regexp.MustCompile(`(?:^|\s)level=(\w+)`)
	textTime  = regexp.MustCompile(`^time=(\S+)`)
	textMsg   = regexp.MustCompile(`(?:^|\s)msg=("(?:[^"\\]|\\.)*"|\S+)`)
)

// parseLine reads a JSON or key=value record.
func parseLine(line []byte) Entry {
	raw := string(line)
	if len(raw) > maxLine {
		raw = raw[:maxLine]
	}
	r := Entry{Raw: raw}
	if len(line) > 0 && line[0] == '{' {
		var m map[string]any
		if json.Unmarshal(line, &m) == nil {
			r.Time, _ = m["time"].(string)
			r.Level, _ = m["level"].(string)
			r.Message, _ = m["msg"].(string)
			delete(m, "time")
			delete(m, "level")
			delete(m, "msg")
			if len(m) > 0 {
				r.Attrs = m
			}
			return r
		}
	}
	if m := textTime.FindSubmatch(line); m != nil {
		r.Time = string(m[1])
	}
	if m := textLevel.FindSubmatch(line); m != nil {
		r.Level = string(m[1])
	}
	if m := textMsg.FindSubmatch(line); m != nil {
		r.Message = string(m[1])
		if s, err := strconv.Unquote(r.Message); err == nil {
			r.Message = s
		}
	}
	return r
}

// Read returns the newest records of the log file at path that match q,
// newest first. It reads at most the last 4 MiB; a missing file has no
// records.
func Read(path string, q Query) ([]Entry, error) {
	if q.Limit <= 0 {
		q.Limit = 200
	}
	q.Limit = min(q.Limit, MaxLimit)
	minRank, filter := levelRank(q.Level)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return []Entry{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read log: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("read log: %s is not a regular file", path)
	}
	start := max(fi.Size()-tailBytes, 0)
	buf := make([]byte, fi.Size()-start)
	n, err := f.ReadAt(buf, start)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("read log: %w", err)
	}
	buf = buf[:n]
	if start > 0 { // the first line is probably cut
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			buf = buf[i+1:]
		}
	}
	needle := strings.ToLower(q.Text)
	out := []Entry{}
	lines := bytes.Split(bytes.TrimRight(buf, "\n"), []byte{'\n'})
	for i := len(lines) - 1; i >= 0 && len(out) < q.Limit; i-- {
		line := lines[i]
		if len(line) == 0 {
			continue
		}
		if needle != "" && !strings.Contains(strings.ToLower(string(line)), needle) {
			continue
		}
		r := parseLine(line)
		if filter {
			if rank, ok := levelRank(r.Level); !ok || rank < minRank {
				continue
			}
		}
		out = append(out, r)
	}
	return out, nil
}
