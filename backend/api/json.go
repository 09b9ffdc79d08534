package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
)

// decodeJSON reads one JSON object into v, rejecting unknown fields,
// trailing data and wrong types with a message naming the problem.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		if errors.Is(err, io.EOF) {
			return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: "the request body is empty; send a JSON object"}
		}
		return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: "invalid JSON body: " + err.Error()}
	}
	if dec.More() {
		return &Error{Status: http.StatusBadRequest, Code: "bad_request", Message: "invalid JSON body: more than one value"}
	}
	return nil
}
