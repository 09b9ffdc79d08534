package api

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
)

func TestOpenAPICoversRoutes(t *testing.T) {
	s := newTest(Options{})
	for _, rt := range s.routes {
		if d, ok := apiDocs[rt]; !ok || d.summary == "" {
			t.Errorf("route %q is not documented in apiDocs", rt)
		}
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/openapi.json", nil))
	var doc struct {
		OpenAPI string                               `json:"openapi"`
		Paths   map[string]map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil || rec.Code != 200 || doc.OpenAPI != "3.1.0" {
		t.Fatalf("openapi.json: %d %v", rec.Code, err)
	}
	if _, ok := doc.Paths["/api/query"]["post"]; !ok {
		t.Error("POST /api/query missing from the document")
	}
	if p := doc.Paths["/api/sessions/{id}"]["get"]["parameters"]; p == nil {
		t.Error("path parameter {id} not described")
	}
}
