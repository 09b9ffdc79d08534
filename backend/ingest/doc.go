// Package ingest turns fetched pages and local files into indexable passages.
//
// Extraction and chunking are pure: no network, no database. ExtractHTML, ExtractMarkdown and
// ExtractText decode a body to UTF-8 (Shift_JIS, EUC-JP and ISO-2022-JP
// included), keep the main content only and return a Document: a title, an
// optional breadcrumb trail and the content as Sections of Blocks (paragraphs,
// verbatim code, tables, lists). ChunkDocument cuts a Document into Chunks of
// at most a token budget, by heading first, then at Japanese sentence
// boundaries, never inside a code block and only between table rows.
// EstimateTokens is the token estimate the budget is measured in.
//
// Every extraction and chunking function is deterministic: the same input
// gives the same output.
//
// A Syncer brings a source up to date in the store: SyncFolder for a local
// folder, SyncSite for a documentation site (robots.txt, sitemap, ETag and
// hash change detection, a frontier kept in the store so an interrupted run
// resumes). Jobs runs one sync at a time for the UI and the API; it knows
// sources only through the Source interface and the kind registry
// (kinds.go). Both sync paths pick extractors from one table (formats in
// extract.go), by file extension or by content type.
//
// How to add a source kind (see kinds_test.go for a complete one):
//  1. In a new file, implement Source (Kind, Row, Key, Check, Validate,
//     Sync) with a constructor from a SourceRequest and one from a stored
//     row; add var _ Source = (*yourSource)(nil).
//  2. Sync with the Syncer: a source that can list its documents builds
//     Items and calls syncItems (extraction, change detection, deletions).
//  3. Register it: one line in kinds (kinds.go); the store takes any kind.
//  4. Offer it in the UI: one entry in frontend/src/components/library/
//     sourceKinds.ts (with its ja/en label in i18n.ts).
package ingest

import "github.com/genkai-rag/genkai-rag/backend/fault"

// ErrNotText is returned by the extractors for input that is not text: a body
// with a NUL byte in its first 8 KB (UTF-16 with a byte-order mark excepted),
// or, for ExtractHTML, a binary content type such as image/png or
// application/pdf.
var ErrNotText = fault.Sentinel(fault.NotText, "not a text document")
