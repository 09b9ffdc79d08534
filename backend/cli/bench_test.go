package cli

import (
	"io"
	"net/http/httptest"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/api"
	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

// BenchmarkBoot measures start-up work before the server listens: data home
// checks, config load and validation, log open, store open with integrity
// check (on an existing database), Ollama client.
func BenchmarkBoot(b *testing.B) {
	env := benchEnv(b)
	benchBoot(b, env).Close() // create the home and database first
	for b.Loop() {
		benchBoot(b, env).Close()
	}
}

func benchEnv(b *testing.B) Env {
	dir := b.TempDir()
	return Env{Environ: []string{"GENKAI_HOME=" + dir, "HOME=" + dir}, Version: "bench", Stderr: io.Discard}
}

func benchBoot(b *testing.B, env Env) *wiring.Services {
	b.Helper()
	svc, err := boot(b.Context(), env, options{set: map[string]bool{}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return svc
}

// BenchmarkHealth measures GET /api/health through all middleware against a
// real store.
func BenchmarkHealth(b *testing.B) {
	svc := benchBoot(b, benchEnv(b))
	defer svc.Close()
	h := api.New(api.Options{Monitor: svc.Monitor}).Handler()
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/health", nil))
		if rec.Code != 200 {
			b.Fatalf("status %d", rec.Code)
		}
	}
}
