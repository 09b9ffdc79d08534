package search

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// BEIR is an evaluation set in the BEIR layout: corpus.jsonl, queries.jsonl
// and qrels.tsv (or qrels/test.tsv) in one directory.
type BEIR struct {
	Corpus  []BEIRDoc
	Queries []BEIRQuery
	// Relevant maps a query ID to the IDs of its relevant documents.
	Relevant map[string]map[string]bool
}

// BEIRDoc is one corpus entry.
type BEIRDoc struct {
	ID    string `json:"_id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// BEIRQuery is one question; Answers are optional answer strings.
type BEIRQuery struct {
	ID      string   `json:"_id"`
	Text    string   `json:"text"`
	Answers []string `json:"answers"`
}

// LoadBEIR reads a BEIR directory. Its errors name the file and line and
// say what is expected.
func LoadBEIR(dir string) (*BEIR, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("BEIR directory %s: %w", dir, unwrapPath(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("BEIR set %s is not a directory: give the folder holding corpus.jsonl, queries.jsonl and qrels.tsv", dir)
	}
	b := &BEIR{Relevant: map[string]map[string]bool{}}
	if err := readJSONL(filepath.Join(dir, "corpus.jsonl"), func(line []byte) error {
		e, err := parseEntry(line)
		if err != nil {
			return err
		}
		b.Corpus = append(b.Corpus, BEIRDoc{ID: e.id, Title: e.Title, Text: e.Text})
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readJSONL(filepath.Join(dir, "queries.jsonl"), func(line []byte) error {
		e, err := parseEntry(line)
		if err != nil {
			return err
		}
		b.Queries = append(b.Queries, BEIRQuery{ID: e.id, Text: e.Text, Answers: e.answers()})
		return nil
	}); err != nil {
		return nil, err
	}
	qrels := filepath.Join(dir, "qrels.tsv")
	if _, err := os.Stat(qrels); errors.Is(err, fs.ErrNotExist) {
		qrels = filepath.Join(dir, "qrels", "test.tsv")
	}
	f, err := os.Open(qrels)
	if err != nil {
		return nil, fmt.Errorf("BEIR set %s: %w (expected qrels.tsv or qrels/test.tsv)", dir, unwrapPath(err))
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		cols := strings.Split(strings.TrimRight(sc.Text(), "\r"), "\t")
		if n == 1 && len(cols) > 0 && cols[0] == "query-id" {
			continue
		}
		if len(cols) < 2 || cols[0] == "" {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			return nil, fmt.Errorf("%s line %d: expected query-id<TAB>corpus-id<TAB>score", qrels, n)
		}
		if len(cols) >= 3 && strings.TrimSpace(cols[2]) == "0" {
			continue
		}
		if b.Relevant[cols[0]] == nil {
			b.Relevant[cols[0]] = map[string]bool{}
		}
		b.Relevant[cols[0]][cols[1]] = true
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", qrels, err)
	}
	if len(b.Corpus) == 0 || len(b.Queries) == 0 || len(b.Relevant) == 0 {
		return nil, fmt.Errorf("BEIR set %s is empty: it needs documents, queries and judgements", dir)
	}
	return b, nil
}

// entry is one line of corpus.jsonl or queries.jsonl. "_id" may be a
// string or a number; answers are read from "answers" or, as some BEIR
// sets keep them, from "metadata": {"answers": [...]}.
type entry struct {
	RawID    json.RawMessage `json:"_id"`
	Title    string          `json:"title"`
	Text     string          `json:"text"`
	Answers  []string        `json:"answers"`
	Metadata json.RawMessage `json:"metadata"`
	id       string
}

func parseEntry(line []byte) (entry, error) {
	var e entry
	if err := json.Unmarshal(line, &e); err != nil {
		return e, err
	}
	var n json.Number
	switch {
	case len(e.RawID) == 0 || string(e.RawID) == "null":
		return e, errors.New(`missing "_id"`)
	case json.Unmarshal(e.RawID, &e.id) == nil:
	case json.Unmarshal(e.RawID, &n) == nil:
		e.id = n.String()
	default:
		return e, fmt.Errorf(`"_id" is %s; expected a string or a number`, e.RawID)
	}
	if e.id == "" {
		return e, errors.New(`missing "_id"`)
	}
	return e, nil
}

// answers of the entry; metadata that is not an object with a list of
// strings under "answers" is ignored.
func (e entry) answers() []string {
	if len(e.Answers) > 0 || len(e.Metadata) == 0 {
		return e.Answers
	}
	var m struct {
		Answers []string `json:"answers"`
	}
	if json.Unmarshal(e.Metadata, &m) != nil {
		return nil
	}
	return m.Answers
}

func readJSONL(path string, fn func([]byte) error) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("BEIR set: %s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		if err := fn(line); err != nil {
			return fmt.Errorf("%s line %d: %v (expected one JSON object per line)", path, n, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
