package desktop

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/ingest"
)

func TestFormatError(t *testing.T) {
	if got := FormatError(errors.New("the app is still starting")); got != "the app is still starting" {
		t.Errorf("plain error = %v, want its text", got)
	}
	err := fmt.Errorf("add source: %w", ingest.CheckFolder("/no/such/folder/anywhere"))
	s, ok := FormatError(err).(string)
	if !ok {
		t.Fatalf("FormatError = %T, want a JSON string", FormatError(err))
	}
	var d fault.Detail
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		t.Fatalf("not JSON: %q", s)
	}
	if d.Code != fault.BadSource || d.Reason != fault.FolderMissing || d.Params["path"] != "/no/such/folder/anywhere" ||
		d.Message != err.Error() || d.Hint == "" {
		t.Errorf("detail = %+v", d)
	}
}
