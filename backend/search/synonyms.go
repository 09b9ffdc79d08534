package search

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
)

// synonymsGz is SudachiDict's synonym dictionary (Apache-2.0; see
// synonyms/SOURCE.md and synonyms/LICENSE-2.0.txt), gzip-compressed.
//
//go:embed synonyms/synonyms.txt.gz
var synonymsGz []byte

// synEntry is one headword of a synonym group.
type synEntry struct {
	word    string // normalised
	lexeme  int    // lexeme number within the group: equal numbers are spellings/translations of one word
	trigger bool   // may start an expansion (expansion flag 0)
}

// Synonyms maps words to the other words of their synonym groups. Its zero
// value is empty; LoadSynonyms fills one.
type Synonyms struct {
	groups [][]synEntry
	index  map[string][]int32 // normalised headword → groups it triggers
	maxLen int                // longest triggering headword, in runes
}

// LoadSynonyms reads a synonym dictionary in SudachiDict's CSV format
// (group,kind,expansion,lexeme,form,abbr,variant,(domain),headword,,);
// blank lines are skipped, lines with expansion flag 2 are ignored and
// flag 1 words are expanded to but never trigger an expansion.
// Headwords are normalised as queries are. Errors name the bad line.
func LoadSynonyms(r io.Reader) (*Synonyms, error) {
	s := &Synonyms{index: map[string][]int32{}}
	groupAt := map[string]int32{}
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("load synonyms: %w", err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && rec[0] == "" {
			continue
		}
		if len(rec) < 9 {
			return nil, fmt.Errorf("load synonyms: line %d: %d fields, want at least 9 (group,kind,expansion,lexeme,form,abbr,variant,domain,headword)", line, len(rec))
		}
		if rec[2] == "2" {
			continue
		}
		word := Normalize(rec[8])
		if word == "" {
			continue
		}
		lex, _ := strconv.Atoi(rec[3])
		g, ok := groupAt[rec[0]]
		if !ok {
			g = int32(len(s.groups))
			groupAt[rec[0]] = g
			s.groups = append(s.groups, nil)
		}
		e := synEntry{word: word, lexeme: lex, trigger: rec[2] != "1"}
		s.groups[g] = append(s.groups[g], e)
		if e.trigger {
			s.index[word] = append(s.index[word], g)
			s.maxLen = max(s.maxLen, len([]rune(word)))
		}
	}
	return s, nil
}

var (
	sudachiOnce sync.Once
	sudachi     *Synonyms
	sudachiErr  error
)

// SudachiSynonyms returns the embedded SudachiDict synonym dictionary,
// loaded on first use (about 67k headwords).
func SudachiSynonyms() (*Synonyms, error) {
	sudachiOnce.Do(func() {
		zr, err := gzip.NewReader(bytes.NewReader(synonymsGz))
		if err != nil {
			sudachiErr = fmt.Errorf("load synonyms: %w", err)
			return
		}
		sudachi, sudachiErr = LoadSynonyms(zr)
	})
	return sudachi, sudachiErr
}

// Expansion is a word found in a query and one of its synonyms.
type Expansion struct {
	Word, Synonym string
	// SameLexeme is true for another spelling, an abbreviation or a
	// translation of the same word (キャンセル/cancel), false for a
	// different word of the same meaning (キャンセル/取り消し).
	SameLexeme bool
}

// Expand finds the dictionary words of normalised text s (longest match
// first, at least two characters, Latin words only whole) that no position
// marked in skip overlaps, and returns their synonyms.
func (s *Synonyms) Expand(text string, skip []bool) []Expansion {
	if s == nil || len(s.index) == 0 {
		return nil
	}
	runes := []rune(text)
	var out []Expansion
	for i := 0; i < len(runes); {
		matched := 0
		for n := min(s.maxLen, len(runes)-i); n >= 2; n-- {
			if !s.boundary(runes, i, i+n) || masked(skip, i, i+n) {
				continue
			}
			word := string(runes[i : i+n])
			gs, ok := s.index[word]
			if !ok {
				continue
			}
			for _, g := range gs {
				lex := 0
				for _, e := range s.groups[g] {
					if e.word == word {
						lex = e.lexeme
						break
					}
				}
				for _, e := range s.groups[g] {
					if e.word != word {
						out = append(out, Expansion{Word: word, Synonym: e.word, SameLexeme: e.lexeme == lex})
					}
				}
			}
			matched = n
			break
		}
		i += max(matched, 1)
	}
	return out
}

// boundary reports whether runes[from:to] does not cut a Latin word or number.
func (s *Synonyms) boundary(runes []rune, from, to int) bool {
	if classOf(runes[from]) == word && from > 0 && classOf(runes[from-1]) == word {
		return false
	}
	if classOf(runes[to-1]) == word && to < len(runes) && classOf(runes[to]) == word {
		return false
	}
	return true
}

func masked(skip []bool, from, to int) bool {
	for k := from; k < to && k < len(skip); k++ {
		if skip[k] {
			return true
		}
	}
	return false
}
