package cli

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/ingest"
)

// TestLibrarySourcePolicy: the library the server hands to the HTTP API
// follows server.source_policy; the desktop app's (OpenSources) is open.
func TestLibrarySourcePolicy(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(outside, "a.md"), []byte("# a\n\ntext\n"), 0o600)
	tests := []struct {
		name       string
		env        []string
		restricted bool
	}{
		{"default loopback is open", nil, false},
		{"auto beyond loopback is restricted", []string{"GENKAI_SERVER_HOST=0.0.0.0", "GENKAI_SERVER_API_TOKEN=0123456789abcdef0123456789abcdef"}, true},
		{"restricted", []string{"GENKAI_SERVER_SOURCE_POLICY=restricted"}, true},
		{"open beyond loopback", []string{"GENKAI_SERVER_HOST=0.0.0.0", "GENKAI_SERVER_API_TOKEN=0123456789abcdef0123456789abcdef", "GENKAI_SERVER_SOURCE_POLICY=open"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, environ := testEnv(t, append(tt.env, "GENKAI_SERVER_SOURCE_ROOTS="+root)...)
			svc, err := boot(t.Context(), Env{Environ: environ, Version: "t", Stderr: io.Discard}, options{set: map[string]bool{}}, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer svc.Close()
			lib := svc.Library()
			if got := lib.SourcePolicy().Policy == "restricted"; got != tt.restricted {
				t.Fatalf("policy = %+v, want restricted %v", lib.SourcePolicy(), tt.restricted)
			}
			_, err = lib.AddSource(t.Context(), ingest.SourceRequest{Kind: "folder", Location: outside})
			if tt.restricted != errors.Is(err, ingest.ErrRefused) {
				t.Fatalf("AddSource(outside) = %v, want refused %v", err, tt.restricted)
			}
			if tt.restricted {
				if srcs, _ := svc.Store.Sources(t.Context()); len(srcs) != 0 {
					t.Fatalf("stored: %+v", srcs)
				}
				if _, err := lib.AddSource(t.Context(), ingest.SourceRequest{Kind: "site", Location: "http://127.0.0.1:1/"}); !errors.Is(err, ingest.ErrRefused) {
					t.Errorf("AddSource(loopback site) = %v, want refused", err)
				}
				if _, err := lib.AddSource(t.Context(), ingest.SourceRequest{Kind: "folder", Location: root}); err != nil {
					t.Errorf("AddSource(root) = %v", err)
				}
				svc.Jobs.Close()
				// The desktop app types anything.
				svc.OpenSources()
				if p := svc.Library().SourcePolicy(); p.Policy != "open" {
					t.Errorf("after OpenSources: %+v", p)
				}
			}
		})
	}
}
