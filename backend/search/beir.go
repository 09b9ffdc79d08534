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
		var d BEIRDoc
		if err := json.Unmarshal(line, &d); err != nil {
			return err
		}
		if d.ID == "" {
			return errors.New(`missing "_id"`)
		}
		b.Corpus = append(b.Corpus, d)
		return nil
	}); err != nil {
		return nil, err
	}
	if err := readJSONL(filepath.Join(dir, "queries.jsonl"), func(line []byte) error {
		var q BEIRQuery
		if err := json.Unmarshal(line, &q); err != nil {
			return err
		}
		if q.ID == "" {
			return errors.New(`missing "_id"`)
		}
		b.Queries = append(b.Queries, q)
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
