package store

import (
	"context"
	"database/sql"
	"errors"

	"strings"
	"sync"
	"time"
)

// Source is a place documents come from: a site, a folder, or an
// evaluation set.
type Source struct {
	ID       int64
	Kind     string // a kind ingest registers (site, folder; see ingest.Kinds), or beir
	Location string
	Name     string
	Settings string // JSON, owned by the ingest package
}

// PageInput is one fetched page or file and what is known about it.
type PageInput struct {
	SourceID     int64
	URL          string
	Title        string
	ETag         string
	LastModified string
	ContentHash  string
	FetchedAt    time.Time
}

// ChunkInput is one passage and its analysed lexical terms.
type ChunkInput struct {
	Title, Section, Anchor, URL, Text string
	Tokens                            int
	// NormHead and NormBody are title+section and Text normalised for
	// matching; HeadTerms and BodyTerms their analysed terms (indexed; their
	// counts are stored for length normalisation).
	NormHead, NormBody   string
	HeadTerms, BodyTerms []string
	// UniTerms are the distinct kanji of the chunk, indexed for their
	// document frequency only.
	UniTerms []string
}

// EnsureSource returns the source with this kind and location, creating it
// with name and settings if missing. For an existing source, settings other
// than "" or "{}" replace the stored ones (the latest options win).
func (s *Store) EnsureSource(ctx context.Context, kind, location, name, settings string) (Source, error) {
	if settings == "" {
		settings = "{}"
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO sources(kind, location, name, settings, created_at)
		VALUES(?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ'))
		ON CONFLICT(kind, location) DO UPDATE SET settings = CASE WHEN excluded.settings != '{}' THEN excluded.settings ELSE settings END`, kind, location, name, settings)
	if err != nil {
		return Source{}, s.classify("add source", err)
	}
	var src Source
	err = s.w.QueryRowContext(ctx, `SELECT id, kind, location, name, settings FROM sources WHERE kind = ? AND location = ?`, kind, location).
		Scan(&src.ID, &src.Kind, &src.Location, &src.Name, &src.Settings)
	if err != nil {
		return Source{}, s.classify("read source", err)
	}
	return src, nil
}

// ReplacePage stores the page and replaces all its chunks (and their index
// entries) in one transaction: readers see the old page or the new one,
// never a mix. It returns the page ID.
func (s *Store) ReplacePage(ctx context.Context, p PageInput, chunks []ChunkInput) (int64, error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, s.classify("begin page write", err)
	}
	defer tx.Rollback()
	fetched := p.FetchedAt.UTC().Format(time.RFC3339)
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO pages(source_id, url, title, etag, last_modified, content_hash, fetched_at, status, error)
		VALUES(?, ?, ?, ?, ?, ?, ?, 'ok', '')
		ON CONFLICT(source_id, url) DO UPDATE SET title = excluded.title, etag = excluded.etag,
			last_modified = excluded.last_modified, content_hash = excluded.content_hash,
			fetched_at = excluded.fetched_at, status = 'ok', error = '', reason_code = ''
		RETURNING id`, p.SourceID, p.URL, p.Title, p.ETag, p.LastModified, p.ContentHash, fetched).Scan(&id)
	if err != nil {
		return 0, s.classify("write page", err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM chunks WHERE page_id = ?`, id); err != nil {
		return 0, s.classify("delete old chunks", err)
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO chunks(page_id, ord, title, section, anchor, url, text, tokens, norm_head, norm_body, title_len, body_len)
		VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return 0, s.classify("prepare chunk insert", err)
	}
	defer ins.Close()
	fts, err := tx.PrepareContext(ctx, `INSERT INTO chunk_fts(rowid, head, body, uni) VALUES(?, ?, ?, ?)`)
	if err != nil {
		return 0, s.classify("prepare index insert", err)
	}
	defer fts.Close()
	for i, c := range chunks {
		res, err := ins.ExecContext(ctx, id, i, c.Title, c.Section, c.Anchor, c.URL, c.Text, c.Tokens, c.NormHead, c.NormBody, len(c.HeadTerms), len(c.BodyTerms))
		if err != nil {
			return 0, s.classify("write chunk", err)
		}
		cid, _ := res.LastInsertId()
		if _, err := fts.ExecContext(ctx, cid, strings.Join(c.HeadTerms, " "), strings.Join(c.BodyTerms, " "), strings.Join(c.UniTerms, " ")); err != nil {
			return 0, s.classify("index chunk", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, s.classify("commit page", err)
	}
	s.lex.invalidate()
	return id, nil
}

// Candidate is a chunk returned by a lexical match, with its stored fields.
type Candidate struct {
	ID       int64
	Title    string
	Section  string
	Anchor   string
	URL      string
	Text     string
	NormHead string
	NormBody string
	HeadLen  int
	BodyLen  int
	PageURL  string
	Fetched  string
	FTSScore float64 // FTS5 bm25 (lower is better), for ordering candidates
}

const candidatesSQL = `SELECT c.id, c.title, c.section, c.anchor, c.url, c.text, c.norm_head, c.norm_body, c.title_len, c.body_len, p.url, p.fetched_at, f.score
		FROM (SELECT rowid, bm25(chunk_fts, ?, 1.0, 0.0) AS score FROM chunk_fts WHERE chunk_fts MATCH '{head body} : (' || ? || ')' ORDER BY score LIMIT ?) AS f
		JOIN chunks c ON c.id = f.rowid JOIN pages p ON p.id = c.page_id
		ORDER BY f.score`

// LexicalCandidates returns up to limit chunks matching any of terms (all
// of them when all is true), best first by FTS5's BM25 with the head column
// weighted headWeight. Terms must be analysed terms (letters and digits only).
func (s *Store) LexicalCandidates(ctx context.Context, terms []string, all bool, headWeight float64, limit int) ([]Candidate, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	op := " OR "
	if all {
		op = " AND "
	}
	return s.candidates(ctx, strings.Join(quote(terms), op), headWeight, limit)
}

// LexicalCandidatesRanked returns up to limit chunks matching any of terms,
// best first by FTS5's BM25 over terms and rankOnly together (terms count
// twice): rankOnly terms order the matches without widening them, so the
// costly scoring runs only on the chunks holding a term of terms.
func (s *Store) LexicalCandidatesRanked(ctx context.Context, terms, rankOnly []string, headWeight float64, limit int) ([]Candidate, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	if len(rankOnly) == 0 {
		return s.LexicalCandidates(ctx, terms, false, headWeight, limit)
	}
	m := strings.Join(quote(terms), " OR ")
	return s.candidates(ctx, "("+m+") AND ("+m+" OR "+strings.Join(quote(rankOnly), " OR ")+")", headWeight, limit)
}

// quote makes FTS5 strings of terms.
func quote(terms []string) []string {
	quoted := make([]string, len(terms))
	for i, t := range terms {
		quoted[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
	}
	return quoted
}

// candidates runs the FTS5 query expr over the head and body columns.
func (s *Store) candidates(ctx context.Context, expr string, headWeight float64, limit int) ([]Candidate, error) {
	stmt, err := s.stmt(ctx, "candidates", candidatesSQL)
	if err != nil {
		return nil, err
	}
	rows, err := stmt.QueryContext(ctx, headWeight, expr, limit)
	if err != nil {
		return nil, s.classify("search index", err)
	}
	defer rows.Close()
	var out []Candidate
	for rows.Next() {
		var c Candidate
		if err := rows.Scan(&c.ID, &c.Title, &c.Section, &c.Anchor, &c.URL, &c.Text, &c.NormHead, &c.NormBody, &c.HeadLen, &c.BodyLen, &c.PageURL, &c.Fetched, &c.FTSScore); err != nil {
			return nil, s.classify("read search result", err)
		}
		out = append(out, c)
	}
	return out, s.classify("read search results", rows.Err())
}

// IndexStats are corpus-wide figures for scoring.
type IndexStats struct {
	Chunks     int
	AvgHeadLen float64
	AvgBodyLen float64
	DocFreq    map[string]int // chunks containing each requested term
}

// LexicalStats returns the chunk count, average lengths and the document
// frequency of each term. Figures are cached until the index next changes,
// in this process or in another one (a `genkai-rag index` beside a running
// server): the index version counter is checked on every call.
func (s *Store) LexicalStats(ctx context.Context, terms []string) (IndexStats, error) {
	st := IndexStats{DocFreq: make(map[string]int, len(terms))}
	q, err := s.stmt(ctx, "indexversion", `SELECT value FROM settings WHERE key = 'index_version'`)
	if err != nil {
		return st, err
	}
	var ver string
	if err := q.QueryRowContext(ctx).Scan(&ver); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return st, s.classify("read index version", err)
	}
	s.lex.follow(ver)
	base, missing, gen := s.lex.lookup(terms, st.DocFreq)
	if base == nil {
		var avgH, avgB sql.NullFloat64
		var b IndexStats
		if err := s.r.QueryRowContext(ctx, `SELECT count(*), avg(title_len), avg(body_len) FROM chunks`).Scan(&b.Chunks, &avgH, &avgB); err != nil {
			return st, s.classify("read index stats", err)
		}
		b.AvgHeadLen, b.AvgBodyLen = avgH.Float64, avgB.Float64
		base = &b
	}
	st.Chunks, st.AvgHeadLen, st.AvgBodyLen = base.Chunks, base.AvgHeadLen, base.AvgBodyLen
	if len(missing) > 0 {
		// fts5vocab answers "term = ?" from the index directly; IN (...)
		// would scan the whole vocabulary.
		q, err := s.stmt(ctx, "docfreq", `SELECT doc FROM chunk_terms WHERE term = ?`)
		if err != nil {
			return st, err
		}
		for _, t := range missing {
			var n int
			err := q.QueryRowContext(ctx, t).Scan(&n)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return st, s.classify("read term stats", err)
			}
			st.DocFreq[t] = n
		}
	}
	s.lex.store(gen, base, st.DocFreq)
	return st, nil
}

// stmt returns the read statement prepared under name, preparing it once.
// Statements live as long as the store; database/sql re-prepares them per
// connection as needed.
func (s *Store) stmt(ctx context.Context, name, query string) (*sql.Stmt, error) {
	s.stmtMu.Lock()
	defer s.stmtMu.Unlock()
	if st, ok := s.stmts[name]; ok {
		return st, nil
	}
	st, err := s.r.PrepareContext(ctx, query)
	if err != nil {
		return nil, s.classify("prepare "+name, err)
	}
	if s.stmts == nil {
		s.stmts = map[string]*sql.Stmt{}
	}
	s.stmts[name] = st
	return st, nil
}

// lexCache keeps corpus figures and document frequencies between index
// changes. Its zero value is empty and ready.
type lexCache struct {
	mu   sync.Mutex
	gen  uint64 // bumped by every change, so a racing reader cannot store stale figures
	base *IndexStats
	df   map[string]int
	ver  string // the index version the figures belong to
}

// follow drops the cached figures if the index version moved on.
func (c *lexCache) follow(ver string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ver != c.ver {
		c.drop()
		c.ver = ver
	}
}

func (c *lexCache) invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.drop()
}

// drop forgets the cached figures; the caller holds mu.
func (c *lexCache) drop() {
	c.gen++
	c.base, c.df = nil, nil
}

// lookup fills df with the cached terms and returns the cached corpus
// figures (nil if none) and the terms not cached.
func (c *lexCache) lookup(terms []string, df map[string]int) (*IndexStats, []string, uint64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var missing []string
	for _, t := range terms {
		if n, ok := c.df[t]; ok {
			df[t] = n
		} else {
			missing = append(missing, t)
		}
	}
	return c.base, missing, c.gen
}

func (c *lexCache) store(gen uint64, base *IndexStats, df map[string]int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen {
		return
	}
	if c.df == nil {
		c.df = map[string]int{}
	}
	if len(c.df) > 200000 { // bound memory on long runs
		clear(c.df)
	}
	c.base = base
	for t, n := range df {
		c.df[t] = n
	}
}

// Optimize merges the lexical index's segments and refreshes the query
// planner's statistics.
func (s *Store) Optimize(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `INSERT INTO chunk_fts(chunk_fts) VALUES('optimize')`); err != nil {
		return s.classify("optimize index", err)
	}
	if _, err := s.w.ExecContext(ctx, `ANALYZE`); err != nil {
		return s.classify("analyze", err)
	}
	s.lex.invalidate()
	return nil
}

// ErrEmptyIndex is returned by searches when no document has been indexed.
var ErrEmptyIndex = errors.New("no documents indexed yet")
