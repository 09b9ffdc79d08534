package api

import (
	"net/http"
	"regexp"
	"sort"
	"strings"
)

// opDoc documents one endpoint for /api/openapi.json.
type opDoc struct {
	summary string
	// body names the request body's fields ("" for none).
	body string
	// query names the query parameters.
	query []string
	// stream is set for endpoints that can stream NDJSON or SSE.
	stream bool
}

// apiDocs documents every route; TestOpenAPICoversRoutes keeps it complete.
var apiDocs = map[string]opDoc{
	"GET /api/health":                    {summary: "Health: 200 when healthy, 503 with the failing checks"},
	"GET /api/health/detailed":           {summary: "Detailed health: store, index, Ollama, disk, memory, each with status and detail"},
	"GET /api/app/info":                  {summary: "Version, data home, config file and Ollama reachability (the status bar)"},
	"GET /api/system/status":             {summary: "System status from the last resource sample: memory_usage_mb, disk_usage_mb (whole MB), cpu_percent, process_memory_mb, active_sessions (chat sessions active in the last 30 min), active_requests, queue_depth, uptime_seconds, Ollama (reachability and processes), index, cache hit rate, alert level"},
	"GET /api/system/performance":        {summary: "Per-operation latency statistics (query, search, sync, embed, model_switch): average_response_time, p50, p95, p99, max_response_time (ms), total_requests, errors, error_rate (0-1), error_rate_percent, requests_per_minute; hours defaults to 24", query: []string{"operation_type", "hours"}},
	"DELETE /api/system/performance":     {summary: "Delete every recorded latency metric; answers the number deleted"},
	"GET /api/system/history":            {summary: "Resource samples (CPU, memory, disk, process and Ollama memory) of the last hours (default 24, at most 2160), averaged into at most 360 points, for charts", query: []string{"hours"}},
	"GET /api/system/alerts":             {summary: "Alert level (ok, warning, alert), active alerts, recent raised/cleared events (newest first, limit default 50) and the thresholds", query: []string{"limit"}},
	"POST /api/system/reload-config":     {summary: "Re-read the configuration; live keys apply, the rest are listed as needing a restart; an invalid file is rejected (422)"},
	"GET /api/logs":                      {summary: "Newest records of the application log (last 4 MiB), newest first: level is the lowest level shown (DEBUG, INFO, WARNING, ERROR, CRITICAL), q a case-insensitive text filter, limit 1-1000 (default 200)", query: []string{"level", "q", "limit"}},
	"GET /api/search":                    {summary: "Search the documents", query: []string{"q", "k"}},
	"POST /api/query":                    {summary: "Ask a question; JSON answer, or NDJSON (stream: true or Accept: application/x-ndjson) or SSE (Accept: text/event-stream) events", body: "question, session_id, max_sources, model, options{temperature,max_tokens,context_length,top_p}, no_cache, stream", stream: true},
	"GET /api/sessions":                  {summary: "List chat sessions, most recent first"},
	"POST /api/sessions":                 {summary: "Create an empty session", body: "title"},
	"GET /api/sessions/{id}":             {summary: "A session with its messages and citations"},
	"PATCH /api/sessions/{id}":           {summary: "Rename a session", body: "title"},
	"DELETE /api/sessions/{id}":          {summary: "Delete a session and its messages"},
	"POST /api/sessions/{id}/regenerate": {summary: "Answer the session's last question again", body: "model, options, stream", stream: true},
	"GET /api/sessions/{id}/export":      {summary: "Export a session as Markdown or JSON", query: []string{"format"}},
	"GET /api/sources":                   {summary: "Document sources with page and chunk counts"},
	"POST /api/sources":                  {summary: "Add a site or folder source and start its sync", body: "kind (site|folder), location, prefix, depth, max_pages, name"},
	"POST /api/sources/{id}/sync":        {summary: "Sync a source now"},
	"GET /api/sources/{id}/pages":        {summary: "Pages of a source with status and freshness"},
	"DELETE /api/sources/{id}":           {summary: "Remove a source with its pages and index entries"},
	"GET /api/sync":                      {summary: "Progress of the running or last sync"},
	"DELETE /api/sync":                   {summary: "Cancel the running sync (the next one resumes)"},
	"GET /api/maintenance":               {summary: "Scheduled maintenance jobs with their last results"},
	"POST /api/maintenance/{name}/run":   {summary: "Run a maintenance job now"},
	"GET /api/models":                    {summary: "Installed models (size, family, parameters, quantisation, loaded now) and the recommended ones"},
	"GET /api/models/current":            {summary: "The default chat model and the embedding model"},
	"POST /api/models/switch":            {summary: "Set the default chat model (or the embedding model with kind: embedding); persisted", body: "model_name, kind"},
	"GET /api/models/{name}/config":      {summary: "A model's options: temperature, max_tokens, context_length, top_p"},
	"PUT /api/models/{name}/config":      {summary: "Set a model's options; persisted in the config file", body: "temperature, max_tokens, context_length, top_p"},
	"POST /api/models/pull":              {summary: "Download a model, streaming progress as NDJSON", body: "model_name", stream: true},
	"DELETE /api/models/{name}":          {summary: "Delete an installed model"},
	"GET /api/ollama":                    {summary: "Ollama state: running, version, started by the app, install instructions"},
	"GET /api/backups":                   {summary: "Backup archives with size, date and contents"},
	"POST /api/backups":                  {summary: "Create a backup now; answers with the archive when it is written and verified (synchronous; 409 while another backup or restore runs)", body: "include_logs"},
	"POST /api/backups/upload":           {summary: "Upload an archive (the raw .tar.gz as the body, Content-Type application/gzip, up to 8 GiB): checked as a restore would check it, then listed under a backup name; a bad file is rejected (422, the same reason a restore would give) and not kept"},
	"GET /api/backups/{name}":            {summary: "Inspect an archive before restoring it, checked as a restore would: {name, size_bytes, valid, error, manifest, app_schema_version, with_logs, resets (protected settings a restore keeps: key, archive, kept, message)}"},
	"POST /api/backups/{name}/verify":    {summary: "Verify an archive as a restore would (checksums, bounds, database, counts, schema, configuration): {valid, manifest} or {valid: false, error}"},
	"POST /api/backups/{name}/restore":   {summary: "Restore from an archive (a backup of the current data is made first); synchronous, answers {restored, pre_restore_backup, manifest, resets}; protected settings (server.host, api_token, allowed_hosts, source policy and roots, log file outside the data home, llm.ollama_host) keep their current values; 422 for a bad archive or an invalid configuration in it (nothing changed), 409 while busy"},
	"DELETE /api/backups/{name}":         {summary: "Delete an archive"},
	"GET /api/openapi.json":              {summary: "This document"},
}

var pathParam = regexp.MustCompile(`\{([a-z_]+)\}`)

// openAPI serves an OpenAPI 3.1 document of the registered routes.
func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	paths := map[string]map[string]any{}
	routes := append([]string(nil), s.routes...)
	sort.Strings(routes)
	for _, rt := range routes {
		method, path, _ := strings.Cut(rt, " ")
		d := apiDocs[rt]
		op := map[string]any{"summary": d.summary, "responses": map[string]any{
			"200":     map[string]any{"description": "OK"},
			"default": map[string]any{"description": "Error", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/Error"}}}},
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
		if d.body != "" {
			op["requestBody"] = map[string]any{"description": "JSON object with: " + d.body, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}}
		}
		if d.stream {
			op["x-streaming"] = []string{"application/x-ndjson", "text/event-stream"}
		}
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = op
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{"title": "Genkai RAG API", "version": s.version(r),
			"description": "The HTTP API of genkai-rag server. Errors are JSON: {\"error\": {\"code\", \"message\"}, \"request_id\"}. When server.api_token is set, send Authorization: Bearer TOKEN (not needed for /api/health). Browser boundary: a Host header other than the bound address, localhost, a loopback IP or server.allowed_hosts is 421; a POST, PUT, PATCH or DELETE from another origin (Origin or Sec-Fetch-Site) is 403; a request body must be sent as Content-Type: application/json (the upload: application/gzip or application/octet-stream), else 415."},
		"paths": paths,
		"components": map[string]any{
			"schemas": map[string]any{"Error": map[string]any{"type": "object", "properties": map[string]any{
				"error":      map[string]any{"type": "object", "properties": map[string]any{"code": map[string]any{"type": "string"}, "message": map[string]any{"type": "string"}}},
				"request_id": map[string]any{"type": "string"},
			}}},
			"securitySchemes": map[string]any{"bearer": map[string]any{"type": "http", "scheme": "bearer"}},
		},
	}
	return writeJSON(w, http.StatusOK, doc)
}

func (s *Server) version(r *http.Request) string {
	if s.opt.Monitor == nil {
		return "dev"
	}
	return s.opt.Monitor.Overview(r.Context()).Version
}
