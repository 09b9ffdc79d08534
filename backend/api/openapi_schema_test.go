package api

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http/httptest"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// apiDoc is /api/openapi.json decoded.
type apiDoc struct {
	Paths      map[string]map[string]map[string]any `json:"paths"`
	Components struct {
		Schemas map[string]map[string]any `json:"schemas"`
	} `json:"components"`
}

func fetchDoc(t *testing.T) apiDoc {
	t.Helper()
	rec := httptest.NewRecorder()
	newTest(Options{}).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/openapi.json", nil))
	var d apiDoc
	if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil || rec.Code != 200 {
		t.Fatalf("openapi.json: %d %v", rec.Code, err)
	}
	return d
}

// resolve follows a $ref.
func (d apiDoc) resolve(s map[string]any) map[string]any {
	for {
		r, ok := s["$ref"].(string)
		if !ok {
			return s
		}
		s = d.Components.Schemas[strings.TrimPrefix(r, "#/components/schemas/")]
	}
}

// check reports where v does not match schema s: a wrong JSON type, a
// missing required property, or a property the schema does not document.
func (d apiDoc) check(s map[string]any, v any, at string) []string {
	if r, ok := s["$ref"].(string); ok {
		name := strings.TrimPrefix(r, "#/components/schemas/")
		if d.Components.Schemas[name] == nil {
			return []string{at + ": unresolved " + r}
		}
		return d.check(d.resolve(s), v, at)
	}
	if alts, ok := s["oneOf"].([]any); ok {
		var all []string
		for _, a := range alts {
			errs := d.check(a.(map[string]any), v, at)
			if len(errs) == 0 {
				return nil
			}
			all = append(all, errs...)
		}
		return all
	}
	var types []string
	switch ty := s["type"].(type) {
	case string:
		types = []string{ty}
	case []any:
		for _, x := range ty {
			types = append(types, x.(string))
		}
	default:
		return nil // any value
	}
	kind := jsonKind(v)
	if !slices.Contains(types, kind) && !(kind == "integer" && slices.Contains(types, "number")) {
		return []string{fmt.Sprintf("%s: %s, want %v", at, kind, types)}
	}
	var errs []string
	switch kind {
	case "object":
		obj := v.(map[string]any)
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := obj[r]; !ok {
				errs = append(errs, at+"."+r+": required but absent")
			}
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := props[k].(map[string]any); ok {
				errs = append(errs, d.check(p, obj[k], at+"."+k)...)
			} else if ap, ok := s["additionalProperties"].(map[string]any); ok {
				errs = append(errs, d.check(ap, obj[k], at+"."+k)...)
			} else {
				errs = append(errs, at+"."+k+": not in the schema")
			}
		}
	case "array":
		if items, ok := s["items"].(map[string]any); ok {
			for i, x := range v.([]any) {
				errs = append(errs, d.check(items, x, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

func jsonKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		if x == math.Trunc(x) {
			return "integer"
		}
		return "number"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

func asStrings(v any) []string {
	var out []string
	for _, x := range asSlice(v) {
		out = append(out, x.(string))
	}
	return out
}

func asSlice(v any) []any { s, _ := v.([]any); return s }

// TestOpenAPISchemasAreTheWireTypes checks the derived schemas: every
// route answering JSON has one, every reference resolves, and properties,
// optional and nullable fields follow the wire structs' JSON tags.
func TestOpenAPISchemasAreTheWireTypes(t *testing.T) {
	d := fetchDoc(t)
	notJSON := map[string]bool{"GET /api/sessions/{id}/export": true, "GET /api/openapi.json": true,
		"DELETE /api/sessions/{id}": true, "DELETE /api/sources/{id}": true, "DELETE /api/models/{name}": true}
	for rt, doc := range apiDocs {
		if doc.resp == nil && !notJSON[rt] {
			t.Errorf("%s: no answer schema (resp) in apiDocs", rt)
		}
	}
	for name, s := range d.Components.Schemas {
		b, _ := json.Marshal(s)
		for _, m := range strings.Split(string(b), `"$ref":"#/components/schemas/`)[1:] {
			ref, _, _ := strings.Cut(m, `"`)
			if d.Components.Schemas[ref] == nil {
				t.Errorf("schema %s refers to missing %s", name, ref)
			}
		}
	}
	// Every wire struct reachable from a route has the same JSON
	// properties as encoding/json gives it.
	for _, v := range []any{wire.SyncStatus{}, wire.Answer{}, wire.ModelConfig{}, wire.Conversation{}, wire.SystemStatus{}, wire.BackupInspection{}, wire.PullStep{}} {
		typ := reflect.TypeOf(v)
		s := d.Components.Schemas[typ.Name()]
		if s == nil {
			if typ.Name() == "PullStep" { // desktop event only
				continue
			}
			t.Errorf("%s: no schema", typ.Name())
			continue
		}
		b, _ := json.Marshal(v)
		var enc map[string]any
		json.Unmarshal(b, &enc)
		var props []string
		for k := range s["properties"].(map[string]any) {
			props = append(props, k)
		}
		for k := range enc {
			if !slices.Contains(props, k) {
				t.Errorf("%s: encoding/json writes %q, the schema lacks it", typ.Name(), k)
			}
		}
	}
	want := []struct{ schema, prop, what string }{
		{"SyncProgress", "done", "required"},
		{"Answer", "model", "optional"},
		{"Answer", "citations", "required"},
		{"ModelConfig", "temperature", "nullable"},
		{"ModelConfig", "temperature", "required"},
		{"SyncStatus", "report", "nullable"},
		{"Conversation", "id", "required"},       // the embedded session, inlined
		{"QueryRequest", "question", "required"}, // the embedded AskRequest, inlined
		{"QueryRequest", "stream", "optional"},
	}
	for _, w := range want {
		s := d.Components.Schemas[w.schema]
		if s == nil {
			t.Errorf("no schema %s", w.schema)
			continue
		}
		p, _ := s["properties"].(map[string]any)[w.prop].(map[string]any)
		req := slices.Contains(asStrings(s["required"]), w.prop)
		_, nullable := p["oneOf"]
		switch {
		case p == nil:
			t.Errorf("%s.%s: not in the schema", w.schema, w.prop)
		case w.what == "required" && !req, w.what == "optional" && req, w.what == "nullable" && !nullable:
			t.Errorf("%s.%s: not %s: %v (required %v)", w.schema, w.prop, w.what, p, s["required"])
		}
	}
}

// TestOpenAPIMatchesAnswers sends requests to a server over fakes of every
// service and checks each answer against its route's documented schema.
func TestOpenAPIMatchesAnswers(t *testing.T) {
	d := fetchDoc(t)
	_, _, h := spied(t, "127.0.0.1")
	for _, c := range []struct{ route, url, body string }{
		{"GET /api/health", "/api/health", ""},
		{"GET /api/app/info", "/api/app/info", ""},
		{"GET /api/system/status", "/api/system/status", ""},
		{"GET /api/logs", "/api/logs", ""},
		{"GET /api/search", "/api/search?q=x", ""},
		{"POST /api/query", "/api/query", `{"question":"q"}`},
		{"POST /api/sessions", "/api/sessions", `{"title":"t"}`},
		{"GET /api/sessions/{id}", "/api/sessions/" + sid, ""},
		{"GET /api/sources", "/api/sources", ""},
		{"POST /api/sources", "/api/sources", `{"kind":"folder","location":"/d"}`},
		{"GET /api/sources/{id}/pages", "/api/sources/1/pages", ""},
		{"GET /api/sync", "/api/sync", ""},
		{"DELETE /api/sync", "/api/sync", ""},
		{"GET /api/models", "/api/models", ""},
		{"GET /api/models/current", "/api/models/current", ""},
		{"POST /api/models/switch", "/api/models/switch", `{"model_name":"llama3.2:1b"}`},
		{"GET /api/models/{name}/config", "/api/models/qwen3:4b/config", ""},
		{"PUT /api/models/{name}/config", "/api/models/qwen3:4b/config", `{"temperature":0.2}`},
		{"GET /api/ollama", "/api/ollama", ""},
		{"GET /api/backups", "/api/backups", ""},
		{"POST /api/backups", "/api/backups", `{}`},
		{"GET /api/backups/{name}", "/api/backups/genkai_rag_backup_20260101_000000.tar.gz", ""},
		{"POST /api/backups/{name}/verify", "/api/backups/genkai_rag_backup_20260101_000000.tar.gz/verify", ""},
		{"POST /api/backups/{name}/restore", "/api/backups/genkai_rag_backup_20260101_000000.tar.gz/restore", ""},
		{"DELETE /api/backups/{name}", "/api/backups/genkai_rag_backup_20260101_000000.tar.gz", ""},
	} {
		method, path, _ := strings.Cut(c.route, " ")
		req := httptest.NewRequest(method, c.url, strings.NewReader(c.body))
		req.Host = "127.0.0.1:8000"
		if c.body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code/100 != 2 {
			t.Errorf("%s: %d %s", c.route, rec.Code, rec.Body)
			continue
		}
		op := d.Paths[path][strings.ToLower(method)]
		resp, _ := op["responses"].(map[string]any)[fmt.Sprint(rec.Code)].(map[string]any)
		schema, _ := resp["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
		if schema == nil {
			t.Errorf("%s: answered %d, which the document does not describe", c.route, rec.Code)
			continue
		}
		var v any
		if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
			t.Errorf("%s: %v", c.route, err)
			continue
		}
		for _, e := range d.check(schema, v, c.route) {
			t.Error(e)
		}
	}
}
