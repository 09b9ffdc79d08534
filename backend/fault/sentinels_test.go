package fault_test

import (
	"fmt"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/maintenance"
	"github.com/genkai-rag/genkai-rag/backend/models"
)

// TestServiceErrorsCarryCodes: the errors users cause in the services
// below the transports carry a fault code (also when wrapped with
// details), so HTTP, the desktop app and the CLI show them in the user's
// language instead of as "internal".
func TestServiceErrorsCarryCodes(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want fault.Code
	}{
		{"llm model not found", llm.ErrModelNotFound, fault.UnknownModel},
		{"llm unavailable", llm.ErrUnavailable, fault.ModelUnavailable},
		{"llm stalled", llm.ErrStalled, fault.ModelStalled},
		{"embedding model missing", llm.ErrEmbedModelNotFound, fault.EmbedModelNotFound},
		{"maintenance unknown job", maintenance.ErrUnknownJob, fault.MaintenanceNoJob},
		{"maintenance busy", maintenance.ErrBusy, fault.MaintenanceBusy},
		{"config refused", &config.Error{Problems: []config.Problem{{Path: "server.port", Message: "must be 1-65535"}}}, fault.InvalidConfig},
		{"models managed by endpoint", models.ErrManagedByEndpoint, fault.ManagedByEndpoint},
		{"chat unknown model", chat.ErrUnknownModel, fault.UnknownModel},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, err := range []error{tt.err, fmt.Errorf("op: %w", tt.err)} {
				if got := fault.CodeOf(err); got != tt.want {
					t.Errorf("CodeOf(%v) = %q, want %q", err, got, tt.want)
				}
				if fault.Lookup(tt.want).Ja == "" || fault.Lookup(tt.want).En == "" {
					t.Errorf("%s has no ja or en text", tt.want)
				}
			}
		})
	}
}
