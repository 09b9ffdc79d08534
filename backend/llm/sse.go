package llm

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// sseLine is one line of a server-sent event stream as an OpenAI-compatible
// server writes it. Data nil and Done false: a line that carries nothing
// (blank, a comment or keep-alive, an event/id/retry field).
type sseLine struct {
	// Data is the payload of a `data:` line (one JSON object).
	Data []byte
	// Done: the `data: [DONE]` line that ends the stream.
	Done bool
}

// parseSSELine reads one line (without its line ending; a trailing \r is
// dropped). Errors: a JSON object outside a data line (a server's error
// written raw) gives its message; any other line that is not an SSE field
// is malformed and quoted (at most 200 bytes) in the error.
func parseSSELine(line []byte) (sseLine, error) {
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(bytes.TrimSpace(line)) == 0 || line[0] == ':' {
		return sseLine{}, nil
	}
	name, value, ok := bytes.Cut(line, []byte(":"))
	if ok {
		value = bytes.TrimPrefix(value, []byte(" "))
		switch string(name) {
		case "data":
			value = bytes.TrimSpace(value)
			if string(value) == "[DONE]" {
				return sseLine{Done: true}, nil
			}
			if len(value) == 0 {
				return sseLine{}, nil
			}
			if value[0] != '{' || !json.Valid(value) {
				return sseLine{}, fmt.Errorf("malformed data line from the endpoint: %q (expected `data: {…}` or `data: [DONE]`)", clip(value))
			}
			return sseLine{Data: value}, nil
		case "event", "id", "retry":
			return sseLine{}, nil
		}
	}
	if t := bytes.TrimSpace(line); t[0] == '{' {
		if msg := errorMessage(t); msg != "" {
			return sseLine{}, fmt.Errorf("the endpoint sent an error: %s", msg)
		}
	}
	return sseLine{}, fmt.Errorf("malformed line from the endpoint: %q (expected server-sent events such as `data: {…}`)", clip(line))
}

// clip shortens b to at most 200 bytes for an error message.
func clip(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

// chatChunk is one streamed chat completion chunk (or, when the server did
// not stream, the whole completion in Message).
type chatChunk struct {
	Choices []struct {
		Delta struct {
			Content string `json:"content"`
		} `json:"delta"`
		Message struct {
			Content string `json:"content"`
		} `json:"message"`
		FinishReason *string `json:"finish_reason"`
	} `json:"choices"`
	Error json.RawMessage `json:"error"`
}

// text returns the chunk's text and whether a choice says it finished.
func (c chatChunk) text() (string, bool) {
	var sb strings.Builder
	finished := false
	for _, ch := range c.Choices {
		sb.WriteString(ch.Delta.Content)
		sb.WriteString(ch.Message.Content)
		finished = finished || ch.FinishReason != nil && *ch.FinishReason != ""
	}
	return sb.String(), finished
}

// decodeChunk decodes a data payload; an `error` member becomes an error
// with the server's message.
func decodeChunk(data []byte) (chatChunk, error) {
	var c chatChunk
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("malformed chunk from the endpoint: %v: %q", err, clip(data))
	}
	if len(c.Error) > 0 && string(c.Error) != "null" {
		if msg := errorMessage(data); msg != "" {
			return c, fmt.Errorf("the endpoint sent an error in the stream: %s", msg)
		}
		return c, fmt.Errorf("the endpoint sent an error in the stream: %s", clip(c.Error))
	}
	return c, nil
}

// errorMessage finds the message in the error bodies OpenAI-compatible
// servers send: {"error":{"message":…}} (OpenAI, llama.cpp, Ollama),
// {"error":"…"}, {"message":…} (vLLM), {"detail":…}. "" when none.
func errorMessage(body []byte) string {
	var v struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  json.RawMessage `json:"detail"`
	}
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	var obj struct {
		Message string `json:"message"`
	}
	var s string
	switch {
	case json.Unmarshal(v.Error, &obj) == nil && obj.Message != "":
		return obj.Message
	case json.Unmarshal(v.Error, &s) == nil && s != "":
		return s
	case v.Message != "":
		return v.Message
	case json.Unmarshal(v.Detail, &s) == nil && s != "":
		return s
	case len(v.Detail) > 0 && string(v.Detail) != "null":
		return clip(v.Detail)
	}
	return ""
}
