package wire

import "time"

// SourceRequest asks for a new source (POST /api/sources,
// Library.AddSource). Site options are stored with the source and reused
// by later syncs.
type SourceRequest struct {
	Kind     string `json:"kind"` // "site" or "folder"
	Location string `json:"location"`
	Prefix   string `json:"prefix,omitempty"`
	MaxDepth int    `json:"max_depth,omitempty"`
	MaxPages int    `json:"max_pages,omitempty"`
	// SaveAnyway stores a site that does not answer now (it is synced
	// later); it does not excuse any other problem.
	SaveAnyway bool `json:"save_anyway,omitempty"`
}

// SourceSummary is a registered source with its counters (GET
// /api/sources, Library.Sources).
type SourceSummary struct {
	ID       int64  `json:"id"`
	Kind     string `json:"kind"` // "site" or "folder"
	Location string `json:"location"`
	Name     string `json:"name"`
	// Settings is the source's options as JSON (prefix, depth, pages).
	Settings   string `json:"settings"`
	Pages      int    `json:"pages"`
	Chunks     int    `json:"chunks"`
	Failed     int    `json:"failed"`
	Skipped    int    `json:"skipped"`
	LastSynced string `json:"last_synced"` // newest fetch, RFC 3339, or ""
}

// SourcePolicy is which sources the server accepts: "open" takes any
// folder and site; "restricted" (a server others can reach) takes folders
// only under SourceRoots and sites on public addresses unless
// AllowPrivateSites. The desktop app is always open.
type SourcePolicy struct {
	Policy            string   `json:"policy"` // "open" or "restricted"
	SourceRoots       []string `json:"source_roots"`
	AllowPrivateSites bool     `json:"allow_private_sites"`
}

// SourceList is the answer of GET /api/sources.
type SourceList struct {
	Sources []SourceSummary `json:"sources"`
	Policy  SourcePolicy    `json:"policy"`
}

// PageInfo is one page (URL or file) of a source and how its last fetch
// went.
type PageInfo struct {
	URL   string `json:"url"`
	Title string `json:"title"`
	// Status is "ok", "failed" or "skipped".
	Status string `json:"status"`
	// Error is why the page was not indexed, in English; Code its fault
	// code (the UI shows that code's text); "" for an old row whose reason
	// was not recognised.
	Error string `json:"error"`
	Code  string `json:"reason_code"`
	// FetchedAt is RFC 3339; "" when never fetched.
	FetchedAt string `json:"fetched_at"`
}

// PageList is the answer of GET /api/sources/{id}/pages.
type PageList struct {
	Pages []PageInfo `json:"pages"`
}

// SyncProgress is reported after each page or file of a sync.
type SyncProgress struct {
	Done   int    `json:"done"`   // pages or files handled so far in this run
	Total  int    `json:"total"`  // pages or files known so far (0 while unknown; grows during a crawl)
	Chunks int    `json:"chunks"` // chunks written so far
	Errors int    `json:"errors"` // pages or files that failed so far
	URL    string `json:"url"`    // the page or file just handled
}

// SyncProblem is a page or file that was not indexed, and why.
type SyncProblem struct {
	URL string `json:"url"`
	// Reason is the English detail; Code its fault code (the UI shows that
	// code's text).
	Reason string `json:"reason"`
	Code   string `json:"reason_code,omitempty"`
}

// SyncReport sums up a sync run.
type SyncReport struct {
	Added     int           `json:"added"`                                 // new pages indexed
	Updated   int           `json:"updated"`                               // changed pages re-indexed
	Unchanged int           `json:"unchanged"`                             // pages found unchanged (304 or same hash)
	Removed   int           `json:"removed"`                               // pages deleted (gone, or no longer reached)
	Failed    []SyncProblem `json:"failed" tstype:"SyncProblem[] | null"`  // pages that could not be fetched or read
	Skipped   []SyncProblem `json:"skipped" tstype:"SyncProblem[] | null"` // pages deliberately not indexed (type, size, PDF)
	Chunks    int           `json:"chunks"`                                // chunks written
	Truncated bool          `json:"truncated"`                             // the crawl stopped at MaxPages
	// Duration is in nanoseconds.
	Duration time.Duration `json:"duration"`
}

// SyncStatus is the state of the current or last sync run (GET /api/sync,
// Library.SyncStatus).
type SyncStatus struct {
	Running    bool         `json:"running"`
	SourceID   int64        `json:"source_id"`
	Kind       string       `json:"kind"`
	Location   string       `json:"location"`
	StartedAt  string       `json:"started_at"`
	FinishedAt string       `json:"finished_at"`
	Progress   SyncProgress `json:"progress"`
	Report     *SyncReport  `json:"report" tstype:"SyncReport | null,required"`
	Error      string       `json:"error"`
	// ErrorCode is Error's fault code (sync_failed when it has none).
	ErrorCode string `json:"error_code,omitempty"`
}

// SearchHit is one passage found, with what a citation needs.
type SearchHit struct {
	ChunkID int64   `json:"chunk_id"`
	Score   float64 `json:"score"`
	Title   string  `json:"title"`
	// Section is the heading path joined with " > "; may be empty.
	Section string `json:"section"`
	// URL is the page URL with #anchor, a file:// URL or an opaque id
	// such as "beir:d1".
	URL  string `json:"url"`
	Text string `json:"text"`
	// Snippet is an excerpt with matched terms wrapped in « and ».
	Snippet   string `json:"snippet"`
	FetchedAt string `json:"fetched_at,omitempty"` // RFC 3339
}

// SearchResult is a search answer (GET /api/search, Library.Search).
type SearchResult struct {
	Query string `json:"query"`
	// Mode is how the hits were found: "lexical", "vector" or "hybrid".
	Mode string `json:"mode"`
	// Reason is a code for why the search was lexical only or vectors
	// were incomplete (search.Reason* constants), Note the same in
	// Japanese for the user, such as "埋め込みモデルが未設定のためキーワード検索のみ".
	// Both are empty for a complete hybrid search.
	Reason string      `json:"reason,omitempty"`
	Note   string      `json:"note,omitempty"`
	Hits   []SearchHit `json:"hits"`
}
