package wiring

import (
	"io"
	"net"
	"path/filepath"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/ingest"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// bootTest boots the services in a temporary data home with an Ollama
// address where nothing answers.
func bootTest(t *testing.T) *Services {
	t.Helper()
	root := t.TempDir()
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	environ := []string{"GENKAI_HOME=" + root, "HOME=" + root, "GENKAI_LLM_OLLAMA_HOST=http://" + closed}
	file := filepath.Join(root, "config.yaml")
	svc, err := Boot(t.Context(), Options{
		Root: root, ConfigFile: file, Environ: environ, Version: "9.9.9", Also: io.Discard,
		Load: func() (*config.Config, *config.Source, error) { return config.Load(file, false, environ) },
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc
}

// TestBootWiresServices: Boot gives every service the transports need,
// behind the service interfaces; an answer is metered once as "query"
// by chat itself; Close twice is harmless.
func TestBootWiresServices(t *testing.T) {
	svc := bootTest(t)
	var (
		_ chat.Conversations = svc.Chat
		_ ingest.Library     = svc.Library()
		_ search.Engine      = svc.MeteredSearch()
		_ monitor.Observer   = svc.Monitor
		_ monitor.Reporter   = svc.Monitor
	)
	if svc.Backups == nil || svc.Maintenance == nil || svc.ModelsAPI() == nil || svc.ConfigFile() == "" {
		t.Fatalf("services missing: %+v", svc)
	}
	// Ollama is down: the answer is the passages (no model), not an error.
	if _, err := svc.Chat.Ask(t.Context(), chat.Request{Question: "GPUジョブの投入方法は？"}, nil); err != nil {
		t.Fatal(err)
	}
	svc.Chat.Ask(t.Context(), chat.Request{Question: "???"}, nil) // the user's fault: not counted
	p, err := svc.Monitor.Performance(t.Context(), monitor.OpQuery, 1)
	if err != nil || p.PerformanceStats[monitor.OpQuery].TotalRequests != 1 {
		t.Errorf("query stats = %+v, %v; want one answer recorded", p.PerformanceStats, err)
	}
	if _, err := svc.MeteredSearch().SearchResult(t.Context(), search.Query{Text: "GPU"}); err != nil {
		t.Fatal(err)
	}
	p, err = svc.Monitor.Performance(t.Context(), monitor.OpSearch, 1)
	if err != nil || p.PerformanceStats[monitor.OpSearch].TotalRequests != 1 {
		t.Errorf("search stats = %+v, %v; want one search recorded", p.PerformanceStats, err)
	}
	if err := svc.Close(); err != nil {
		t.Fatal(err)
	}
	if err := svc.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}
