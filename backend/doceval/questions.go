// Package doceval measures how well search finds the right page and section
// of a documentation folder for questions asked in a user's words: it
// indexes the folder into a temporary store with the app's folder sync,
// asks every question through the app's search, and scores the ranking
// (page hit@1/@5, section hit@5, page MRR@5, latency).
package doceval

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// Question is one line of a question file: an id, the question, its gold
// page (a slash-separated path relative to the documentation folder) and
// the section anchors that answer it (empty: any section of the page).
type Question struct {
	Line    int // 1-based line number in the file
	ID      string
	Text    string
	Page    string
	Anchors []string
}

// LineError is a problem with one line of a question file.
type LineError struct {
	Line int
	Msg  string
}

func (e LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ErrQuestions is wrapped by every *QuestionsError, so callers can tell bad
// input (exit 2) from failures at run time.
var ErrQuestions = errors.New("bad question file")

// QuestionsError lists every bad line of a question file (by line number)
// and says how a line must look.
type QuestionsError struct {
	File     string // the file's name, for messages ("" when read from a stream)
	Problems []LineError
}

func (e *QuestionsError) Error() string {
	var b strings.Builder
	name := e.File
	if name == "" {
		name = "question file"
	}
	fmt.Fprintf(&b, "%s: %d bad line(s):", name, len(e.Problems))
	for i, p := range e.Problems {
		if i == 20 {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Problems)-20)
			break
		}
		fmt.Fprintf(&b, "\n  %s", p)
	}
	b.WriteString("\neach line is id<TAB>question<TAB>page path relative to the folder<TAB>anchors separated by | (may be empty); # starts a comment")
	return b.String()
}

// Unwrap makes errors.Is(err, ErrQuestions) true.
func (e *QuestionsError) Unwrap() error { return ErrQuestions }

// maxLine is the longest line ParseQuestions reads (1 MB).
const maxLine = 1 << 20

// ParseQuestions reads a question file: one question per line as
// id<TAB>question<TAB>page<TAB>anchors, anchors separated by "|" (the
// fourth column may be empty but must be there). Blank lines and lines
// starting with "#" are ignored; a trailing "\r" is dropped. Every bad line
// (missing or extra column, empty id, question or page, a page path that is
// absolute or leaves the folder, a repeated id, invalid UTF-8) is reported
// in one *QuestionsError by line number. A file with no question is an
// error too.
func ParseQuestions(r io.Reader) ([]Question, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	var qs []Question
	var bad []LineError
	seen := map[string]int{}
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSuffix(sc.Text(), "\r")
		if t := strings.TrimSpace(line); t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		q, msg := parseLine(line)
		if msg == "" {
			if first, ok := seen[q.ID]; ok {
				msg = fmt.Sprintf("id %q is already used on line %d", q.ID, first)
			}
		}
		if msg != "" {
			bad = append(bad, LineError{Line: n, Msg: msg})
			continue
		}
		q.Line = n
		seen[q.ID] = n
		qs = append(qs, q)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			bad = append(bad, LineError{Line: n + 1, Msg: fmt.Sprintf("longer than %d bytes", maxLine)})
		} else {
			return nil, fmt.Errorf("read questions: %w", err)
		}
	}
	if len(bad) > 0 {
		return nil, &QuestionsError{Problems: bad}
	}
	if len(qs) == 0 {
		return nil, &QuestionsError{Problems: []LineError{{Line: n, Msg: "the file has no question"}}}
	}
	return qs, nil
}

// parseLine parses one non-comment line; msg says what is wrong.
func parseLine(line string) (q Question, msg string) {
	if !utf8.ValidString(line) {
		return q, "not valid UTF-8: save the file as UTF-8"
	}
	cols := strings.Split(line, "\t")
	switch {
	case len(cols) < 4:
		names := []string{"id", "question", "page", "anchors"}
		return q, fmt.Sprintf("%d column(s), want 4: the %s column is missing (the anchors column may be empty, but its TAB must be there)", len(cols), names[len(cols)])
	case len(cols) > 4:
		return q, fmt.Sprintf("%d columns, want 4: remove the extra TABs", len(cols))
	}
	q.ID, q.Text, q.Page = strings.TrimSpace(cols[0]), strings.TrimSpace(cols[1]), strings.TrimSpace(cols[2])
	switch {
	case q.ID == "":
		return q, "the id column is empty"
	case q.Text == "":
		return q, "the question column is empty"
	case q.Page == "":
		return q, "the page column is empty: give the page's path relative to the folder, e.g. guide/cli.md"
	}
	p := strings.ReplaceAll(q.Page, "\\", "/")
	if strings.HasPrefix(p, "/") || filepath.IsAbs(q.Page) {
		return q, fmt.Sprintf("page %q is absolute: give it relative to the folder", q.Page)
	}
	p = path.Clean(p)
	if p == "." || p == ".." || strings.HasPrefix(p, "../") {
		return q, fmt.Sprintf("page %q is not a file inside the folder", q.Page)
	}
	q.Page = p
	for _, a := range strings.Split(cols[3], "|") {
		a = strings.TrimPrefix(strings.TrimSpace(a), "#")
		if a != "" {
			q.Anchors = append(q.Anchors, a)
		}
	}
	return q, ""
}

// ReadQuestions reads and parses the question file at name; its
// *QuestionsError names the file.
func ReadQuestions(name string) ([]Question, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrQuestions, err)
	}
	defer f.Close()
	qs, err := ParseQuestions(f)
	var qe *QuestionsError
	if errors.As(err, &qe) {
		qe.File = name
	}
	return qs, err
}

// CheckPages reports, by line number, every question whose page is not a
// regular file under dir. nil when all exist.
func CheckPages(dir string, qs []Question) error {
	var bad []LineError
	for _, q := range qs {
		fi, err := os.Stat(filepath.Join(dir, filepath.FromSlash(q.Page)))
		switch {
		case err != nil:
			bad = append(bad, LineError{Line: q.Line, Msg: fmt.Sprintf("page %s does not exist in %s", q.Page, dir)})
		case !fi.Mode().IsRegular():
			bad = append(bad, LineError{Line: q.Line, Msg: fmt.Sprintf("page %s is not a file", q.Page)})
		}
	}
	if len(bad) > 0 {
		return &QuestionsError{Problems: bad}
	}
	return nil
}
