// Package fault is the one typed error of Genkai RAG: a Code that says what
// went wrong in a form every layer (store, services, HTTP, Wails, CLI, UI)
// can act on, the operation that failed, the wrapped cause, parameters for
// the user-facing text, and an optional hint.
//
// Every Code is declared once in the table of codes.go with its HTTP status
// and its Japanese and English texts; transports map codes to statuses and
// the UI and the CLI render the texts, never the English error string.
// It follows Ollama's api.StatusError (an error value carrying a status) and
// Litestream's LTXError (one structured error where callers need fields).
package fault

import (
	"errors"
	"strings"
)

// Code names a kind of failure, e.g. "not_found". Codes are stable: they
// are sent to API clients and stored with page and sync failures.
type Code string

// Error is a failure with a Code. Op is the operation that failed ("add
// source"), Err the cause (may be nil), Params the values the code's texts
// refer to as {name}, Hint an extra English remedy for this occurrence
// (the table's hint applies when empty).
type Error struct {
	Code   Code
	Op     string
	Err    error
	Params map[string]string
	Hint   string
}

// Error is the English text for logs and API messages: "op: cause", or the
// code's English text (with its parameters) when there is no cause.
func (e *Error) Error() string {
	var msg string
	if e.Err != nil {
		msg = e.Err.Error()
	} else {
		msg = Render(e.Code, "en", e.Params)
	}
	if e.Op != "" {
		return e.Op + ": " + msg
	}
	return msg
}

// Unwrap returns the cause, so errors.Is and errors.As see through e.
func (e *Error) Unwrap() error { return e.Err }

// New returns an error of code for op with the given text parameters (nil
// for none). Its Error() is the code's English text.
func New(code Code, op string, params map[string]string) *Error {
	return &Error{Code: code, Op: op, Params: params}
}

// Wrap returns err with code attached, for op; nil when err is nil. The
// text stays err's (after "op: " when op is set).
func Wrap(code Code, op string, err error) error {
	if err == nil {
		return nil
	}
	return &Error{Code: code, Op: op, Err: err}
}

// Sentinel returns a package-level error value of code whose text is msg,
// for `var ErrX = fault.Sentinel(...)` declarations: errors.Is keeps
// working on it and every error wrapping it carries the code.
func Sentinel(code Code, msg string) error {
	return &Error{Code: code, Err: errors.New(msg)}
}

// As returns the outermost *Error in err's chain.
func As(err error) (*Error, bool) {
	var e *Error
	if errors.As(err, &e) {
		return e, true
	}
	return nil, false
}

// CodeOf returns the code of the outermost *Error in err's chain, or ""
// when err carries none (including nil).
func CodeOf(err error) Code {
	if e, ok := As(err); ok {
		return e.Code
	}
	return ""
}

// Detail is what a transport sends about an error: the code clients match
// on, the more specific reason when there is one, the English message, the
// hint and the parameters.
type Detail struct {
	Code    Code              `json:"code"`
	Reason  Code              `json:"reason,omitempty"`
	Message string            `json:"message"`
	Hint    string            `json:"hint,omitempty"`
	Params  map[string]string `json:"params,omitempty"`
}

// Describe says what to send about err. The code is the outermost fault
// code, or its table Kind when it refines a broader code (then Reason is
// the code itself); otherwise Reason is the next fault code inside it, if
// any. Params of all fault errors in the chain are merged (outer wins);
// Hint is the outermost non-empty one, else the table's English hint.
// An error without a code is Internal. Message is err.Error().
func Describe(err error) Detail {
	d := Detail{Code: Internal}
	if err == nil {
		return d
	}
	d.Message = err.Error()
	top, ok := As(err)
	if !ok {
		return d
	}
	d.Code = top.Code
	if k := Lookup(top.Code).Kind; k != "" {
		d.Code, d.Reason = k, top.Code
	} else if inner, ok := As(top.Err); ok && inner.Code != top.Code {
		d.Reason = inner.Code
	}
	for e := err; e != nil; {
		fe, ok := As(e)
		if !ok {
			break
		}
		for k, v := range fe.Params {
			if d.Params == nil {
				d.Params = map[string]string{}
			}
			if _, set := d.Params[k]; !set {
				d.Params[k] = v
			}
		}
		if d.Hint == "" {
			d.Hint = fe.Hint
		}
		e = fe.Err
	}
	if d.Hint == "" {
		d.Hint = Lookup(d.Reason).HintEn
		if d.Hint == "" {
			d.Hint = Lookup(d.Code).HintEn
		}
	}
	return d
}

// Render returns the text of code in lang ("ja" or "en"; anything else is
// English) with {name} placeholders replaced from params. An unknown code
// renders as the code itself; a placeholder without a value stays as is.
func Render(code Code, lang string, params map[string]string) string {
	e, ok := table[code]
	if !ok {
		return string(code)
	}
	text := e.En
	if lang == "ja" {
		text = e.Ja
	}
	return fill(text, params)
}

// RenderHint returns the table's hint of code in lang, filled like Render,
// or "" when the code has none.
func RenderHint(code Code, lang string, params map[string]string) string {
	e := table[code]
	if lang == "ja" {
		return fill(e.HintJa, params)
	}
	return fill(e.HintEn, params)
}

func fill(text string, params map[string]string) string {
	if len(params) == 0 || !strings.Contains(text, "{") {
		return text
	}
	pairs := make([]string, 0, 2*len(params))
	for k, v := range params {
		pairs = append(pairs, "{"+k+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

// Status returns the HTTP status of code, 500 for an unknown code.
func Status(code Code) int {
	if e, ok := table[code]; ok {
		return e.Status
	}
	return 500
}

// Tag returns err, also matching sentinel for errors.Is and errors.As
// (sentinel first, so its fault code is the one sent), with err's message:
// how a package maps a lower layer's error to its own sentinel without
// losing the lower layer's explanation.
func Tag(sentinel, err error) error { return tagged{sentinel, err} }

type tagged struct{ sentinel, err error }

func (t tagged) Error() string   { return t.err.Error() }
func (t tagged) Unwrap() []error { return []error{t.sentinel, t.err} }
