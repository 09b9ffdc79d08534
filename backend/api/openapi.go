package api

import (
	"net/http"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// opDoc documents one endpoint for /api/openapi.json. The schemas come
// from the Go types themselves (backend/wire), by reflection.
type opDoc struct {
	summary string
	// req is the JSON request body's type (nil for none).
	req any
	// resp is the success answer's type (nil for none or not JSON).
	resp any
	// status is the success status; 0 means 200.
	status int
	// query names the query parameters.
	query []string
	// stream is set for endpoints that can stream NDJSON or SSE; events
	// is the type of one streamed event.
	stream bool
	events any
}

// apiDocs documents every route; TestOpenAPICoversRoutes keeps it complete.
var apiDocs = map[string]opDoc{
	"GET /api/health":                    {summary: "Health: 200 when healthy, 503 with the failing checks", resp: wire.HealthReport{}},
	"GET /api/health/detailed":           {summary: "Detailed health: store, index, Ollama, disk, memory, each with status and detail", resp: wire.DetailedHealth{}},
	"GET /api/app/info":                  {summary: "Version, data home, config file and Ollama reachability (the status bar)", resp: wire.Overview{}},
	"GET /api/system/status":             {summary: "System status from the last resource sample: memory_usage_mb, disk_usage_mb (whole MB), cpu_percent, process_memory_mb, active_sessions (chat sessions active in the last 30 min), active_requests, queue_depth, uptime_seconds, Ollama (reachability and processes), index, cache hit rate, alert level", resp: wire.SystemStatus{}},
	"GET /api/system/performance":        {summary: "Per-operation latency statistics (query, search, sync, embed, model_switch): average_response_time, p50, p95, p99, max_response_time (ms), total_requests, errors, error_rate (0-1), error_rate_percent, requests_per_minute; hours defaults to 24", query: []string{"operation_type", "hours"}, resp: wire.Performance{}},
	"DELETE /api/system/performance":     {summary: "Delete every recorded latency metric; answers the number deleted", resp: wire.ResetResult{}},
	"GET /api/system/history":            {summary: "Resource samples (CPU, memory, disk, process and Ollama memory) of the last hours (default 24, at most 2160), averaged into at most 360 points, for charts", query: []string{"hours"}, resp: wire.History{}},
	"GET /api/system/alerts":             {summary: "Alert level (ok, warning, alert), active alerts, recent raised/cleared events (newest first, limit default 50) and the thresholds", query: []string{"limit"}, resp: wire.AlertReport{}},
	"POST /api/system/reload-config":     {summary: "Re-read the configuration; live keys apply, the rest are listed as needing a restart; an invalid file is rejected (422)", resp: wire.ReloadAnswer{}},
	"GET /api/logs":                      {summary: "Newest records of the application log (last 4 MiB), newest first: level is the lowest level shown (DEBUG, INFO, WARNING, ERROR, CRITICAL), q a case-insensitive text filter, limit 1-1000 (default 200)", query: []string{"level", "q", "limit"}, resp: wire.LogPage{}},
	"GET /api/search":                    {summary: "Search the documents", query: []string{"q", "k"}, resp: wire.SearchResult{}},
	"POST /api/query":                    {events: wire.ChatEvent{}, summary: "Ask a question; JSON answer, or NDJSON (stream: true or Accept: application/x-ndjson) or SSE (Accept: text/event-stream) events", stream: true, req: queryRequest{}, resp: wire.Answer{}},
	"GET /api/sessions":                  {summary: "List chat sessions, most recent first", resp: wire.SessionList{}},
	"POST /api/sessions":                 {summary: "Create an empty session", req: wire.SessionTitle{}, resp: wire.Session{}, status: 201},
	"GET /api/sessions/{id}":             {summary: "A session with its messages and citations", resp: wire.Conversation{}},
	"PATCH /api/sessions/{id}":           {summary: "Rename a session", req: wire.SessionTitle{}, resp: wire.Session{}},
	"DELETE /api/sessions/{id}":          {summary: "Delete a session and its messages", status: 204},
	"POST /api/sessions/{id}/regenerate": {events: wire.ChatEvent{}, summary: "Answer the session's last question again", stream: true, req: queryRequest{}, resp: wire.Answer{}},
	"GET /api/sessions/{id}/export":      {summary: "Export a session as Markdown or JSON", query: []string{"format"}},
	"GET /api/sources":                   {summary: "Document sources with page and chunk counts", resp: wire.SourceList{}},
	"POST /api/sources":                  {summary: "Add a site or folder source and start its sync", req: wire.SourceRequest{}, resp: wire.SyncStatus{}, status: 202},
	"POST /api/sources/{id}/sync":        {summary: "Sync a source now", resp: wire.SyncStatus{}, status: 202},
	"GET /api/sources/{id}/pages":        {summary: "Pages of a source with status and freshness", resp: wire.PageList{}},
	"DELETE /api/sources/{id}":           {summary: "Remove a source with its pages and index entries", status: 204},
	"GET /api/sync":                      {summary: "Progress of the running or last sync", resp: wire.SyncStatus{}},
	"DELETE /api/sync":                   {summary: "Cancel the running sync (the next one resumes)", resp: wire.SyncStatus{}},
	"GET /api/maintenance":               {summary: "Scheduled maintenance jobs with their last results", resp: wire.MaintenancePage{}},
	"POST /api/maintenance/{name}/run":   {summary: "Run a maintenance job now", resp: wire.JobStatus{}},
	"GET /api/models":                    {summary: "Installed models (size, family, parameters, quantisation, loaded now) and the recommended ones", resp: wire.ModelList{}},
	"GET /api/models/current":            {summary: "The default chat model and the embedding model", resp: wire.CurrentModels{}},
	"POST /api/models/switch":            {summary: "Set the default chat model (or the embedding model with kind: embedding); persisted", req: wire.SwitchRequest{}, resp: wire.SwitchResult{}},
	"GET /api/models/{name}/config":      {summary: "A model's options: temperature, max_tokens, context_length, top_p", resp: wire.ModelConfig{}},
	"PUT /api/models/{name}/config":      {summary: "Set a model's options; persisted in the config file", req: wire.ModelConfig{}, resp: wire.ModelConfig{}},
	"POST /api/models/pull":              {events: wire.PullProgress{}, summary: "Download a model, streaming progress as NDJSON", stream: true, req: wire.PullRequest{}, resp: wire.PullProgress{}},
	"DELETE /api/models/{name}":          {summary: "Delete an installed model", status: 204},
	"GET /api/ollama":                    {summary: "Ollama state: running, version, started by the app, install instructions", resp: wire.OllamaState{}},
	"GET /api/backups":                   {summary: "Backup archives with size, date and contents", resp: wire.BackupList{}},
	"POST /api/backups":                  {summary: "Create a backup now; answers with the archive when it is written and verified (synchronous; 409 while another backup or restore runs)", req: wire.CreateBackupRequest{}, resp: wire.BackupInfo{}, status: 201},
	"POST /api/backups/upload":           {summary: "Upload an archive (the raw .tar.gz as the body, Content-Type application/gzip, up to 8 GiB): checked as a restore would check it, then listed under a backup name; a bad file is rejected (422, the same reason a restore would give) and not kept", resp: wire.BackupInfo{}, status: 201},
	"GET /api/backups/{name}":            {summary: "Inspect an archive before restoring it, checked as a restore would: {name, size_bytes, valid, error, manifest, app_schema_version, with_logs, resets (protected settings a restore keeps: key, archive, kept, message)}", resp: wire.BackupInspection{}},
	"POST /api/backups/{name}/verify":    {summary: "Verify an archive as a restore would (checksums, bounds, database, counts, schema, configuration): {valid, manifest} or {valid: false, error}", resp: wire.BackupVerifyResult{}},
	"POST /api/backups/{name}/restore":   {summary: "Restore from an archive (a backup of the current data is made first); synchronous, answers {restored, pre_restore_backup, manifest, resets}; protected settings (server.host, api_token, allowed_hosts, source policy and roots, log file outside the data home, llm.ollama_host) keep their current values; 422 for a bad archive or an invalid configuration in it (nothing changed), 409 while busy", resp: wire.RestoreResult{}},
	"DELETE /api/backups/{name}":         {summary: "Delete an archive", resp: wire.Deleted{}},
	"GET /api/openapi.json":              {summary: "This document"},
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// openAPI serves an OpenAPI 3.1 document of the registered routes.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	return writeJSON(w, http.StatusOK, openAPIDoc(s.routes, s.version(r)))
}

// openAPIDoc builds the document of routes: summaries and parameters from
// apiDocs, request, answer and event schemas derived from the wire types.
func openAPIDoc(routes []string, version string) map[string]any {
	sc := newSchemas()
	jsonOf := func(v any) map[string]any {
		return map[string]any{"application/json": map[string]any{"schema": sc.of(reflect.TypeOf(v))}}
	}
	paths := map[string]map[string]any{}
	routes = append([]string(nil), routes...)
	sort.Strings(routes)
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt, " ")
		d := apiDocs[rt]
		code := d.status
		if code == 0 {
			code = http.StatusOK
		}
		ok := map[string]any{"description": http.StatusText(code)}
		if d.resp != nil {
			ok["content"] = jsonOf(d.resp)
		}
		op := map[string]any{"summary": d.summary, "responses": map[string]any{
			strconv.Itoa(code): ok,
			"default":          map[string]any{"description": "Error", "content": jsonOf(wire.ErrorBody{})},
		}}
		var params []map[string]any
		for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": map[string]any{"type": "string"}})
		}
		for _, q := range d.query {
			params = append(params, map[string]any{"name": q, "in": "query", "schema": map[string]any{"type": "string"}})
		}
		if len(params) > 0 {
			op["parameters"] = params
		}
		if d.req != nil {
			op["requestBody"] = map[string]any{"content": jsonOf(d.req)}
		}
		if d.stream {
			op["x-streaming"] = []string{"application/x-ndjson", "text/event-stream"}
		}
		if d.events != nil {
			op["x-stream-event"] = sc.of(reflect.TypeOf(d.events))
		}
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = op
	}
	sc.defs["Error"] = sc.defs["ErrorBody"] // the name this document always used
	return map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Genkai RAG API", "version": version,
			"description": "The HTTP API of genkai-rag server. Errors are JSON: {\"error\": {\"code\", \"message\"}, \"request_id\"}. When server.api_token is set, send Authorization: Bearer TOKEN (not needed for /api/health). Browser boundary: a Host header other than the bound address, localhost, a loopback IP or server.allowed_hosts is 421; a POST, PUT, PATCH or DELETE from another origin (Origin or Sec-Fetch-Site) is 403; a request body must be sent as Content-Type: application/json (the upload: application/gzip or application/octet-stream), else 415. Schemas are derived from the Go package backend/wire."},
		"paths": paths,
		"components": map[string]any{
			"schemas":         sc.defs,
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
		},
	}
}

func (s *Server) version(r *http.Request) string {
	if s.opt.Monitor == nil {
		return "dev"
	}
	return s.opt.Monitor.Overview(r.Context()).Version
}
