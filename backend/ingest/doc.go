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
// resumes).
package ingest

import "github.com/genkai-rag/genkai-rag/backend/fault"

// ErrNotText is returned by the extractors for input that is not text: a body
// with a NUL byte in its first 8 KB (UTF-16 with a byte-order mark excepted),
// or, for ExtractHTML, a binary content type such as image/png or
// application/pdf.
var ErrNotText = fault.Sentinel(fault.NotText, "not a text document")
