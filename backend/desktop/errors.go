package desktop

import (
	"encoding/json"

	"github.com/genkai-rag/genkai-rag/backend/fault"
)

// FormatError is the app's Wails ErrorFormatter: what a bound method's
// error becomes in JavaScript. An error carrying a fault code becomes the
// JSON text of fault.Detail — {"code","reason","message","hint","params"},
// the same object the HTTP API sends under "error" — so the UI shows it
// in the user's language; any other error stays its plain text, as
// Wails sends it by default.
func FormatError(err error) any {
	if err == nil || fault.CodeOf(err) == "" {
		if err == nil {
			return ""
		}
		return err.Error()
	}
	b, jerr := json.Marshal(fault.Describe(err))
	if jerr != nil {
		return err.Error()
	}
	return string(b)
}
