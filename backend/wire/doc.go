// Package wire holds the data transfer objects: every JSON shape the HTTP
// API (backend/api) and the desktop bindings (backend/desktop) send or
// receive. It is the one source of those shapes: the TypeScript types of
// the frontend (frontend/src/lib/wire.gen.ts) are generated from it by
// tygo, and the OpenAPI document's schemas are derived from it.
//
// Domain packages keep their names as aliases (ingest.SyncStatus =
// wire.SyncStatus); store rows are not wire types and are converted by the
// service that returns them. wire imports nothing from the backend.
//
// After changing a type here run `go generate ./backend/wire`;
// TestGeneratedTypeScriptIsCurrent fails while wire.gen.ts is stale.
package wire

//go:generate go tool tygo generate
