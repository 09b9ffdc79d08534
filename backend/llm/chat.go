package llm

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/ollama/ollama/api"

	"github.com/genkai-rag/genkai-rag/backend/fault"
	"github.com/genkai-rag/genkai-rag/backend/wire"
)

// Errors callers branch on; the returned errors wrap them with details.
var (
	// ErrModelNotFound: the model is not installed (chat, show, delete,
	// switch) or does not exist in the registry (pull). The message lists
	// the installed models where that helps.
	ErrModelNotFound = fault.Sentinel(fault.UnknownModel, "model not found")
	// ErrUnavailable: nothing answers at the Ollama host (connection
	// refused, unknown host): Ollama is not running.
	ErrUnavailable = fault.Sentinel(fault.ModelUnavailable, "Ollama is not reachable")
	// ErrStalled: a stream sent nothing within the idle timeout.
	ErrStalled = fault.Sentinel(fault.ModelStalled, "Ollama stopped sending data")
)

// Message is one chat message.
type Message struct {
	Role    string `json:"role"` // system, user or assistant
	Content string `json:"content"`
}

// GenOptions is wire.GenOptions, the shape clients see; see there.
type GenOptions = wire.GenOptions

// optionsMap returns o in Ollama's names, only those that are set.
func optionsMap(o GenOptions) map[string]any {
	m := map[string]any{}
	if o.Temperature != nil {
		m["temperature"] = *o.Temperature
	}
	if o.MaxTokens > 0 {
		m["num_predict"] = o.MaxTokens
	}
	if o.ContextLength > 0 {
		m["num_ctx"] = o.ContextLength
	}
	if o.TopP != nil {
		m["top_p"] = *o.TopP
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// ChatRequest is one chat completion.
type ChatRequest struct {
	Model    string
	Messages []Message
	Options  GenOptions
	// Think lets a thinking model (qwen3 …) think before it answers. Off
	// by default: the thoughts are not shown and cost minutes on a CPU.
	// Models that cannot think ignore it.
	Think bool
}

// Chat streams the model's reply, calling fn with every piece of text as
// it arrives; an error from fn ends the stream and is returned as is.
//
// Errors: ErrModelNotFound (wrapped, listing the installed models) when the
// model is not installed; ErrUnavailable when Ollama does not answer;
// ErrStalled when no chunk arrives within the first-chunk or idle timeout;
// any other failure (also in the middle of the stream, after fn has seen
// part of the reply) wrapped as "chat with MODEL: …".
func (c *Client) Chat(ctx context.Context, req ChatRequest, fn func(text string) error) error {
	if strings.TrimSpace(req.Model) == "" {
		return fmt.Errorf("chat: no model given: %w (set llm.default_model)", ErrModelNotFound)
	}
	msgs := make([]api.Message, len(req.Messages))
	for i, m := range req.Messages {
		msgs[i] = api.Message{Role: m.Role, Content: m.Content}
	}
	stream := true
	var fnErr error
	done := false
	err := watched(ctx, c.opt.FirstChunkTimeout, c.opt.IdleTimeout, func(ctx context.Context, kick func(bool)) error {
		return c.api.Chat(ctx, &api.ChatRequest{Model: req.Model, Messages: msgs, Stream: &stream, Options: optionsMap(req.Options), Think: &api.ThinkValue{Value: req.Think}},
			func(r api.ChatResponse) error {
				done = done || r.Done
				if r.Message.Content == "" { // thinking, or the final stats
					kick(true)
					return nil
				}
				kick(false)
				defer kick(true)
				if err := fn(r.Message.Content); err != nil {
					fnErr = err
					return err
				}
				return nil
			})
	})
	switch {
	case err == nil && done:
		return nil
	case fnErr != nil && errors.Is(err, fnErr):
		return fnErr
	case err == nil && ctx.Err() != nil:
		err = ctx.Err()
	case err == nil: // the client library ends a cut stream without an error
		err = errors.New("the connection to Ollama ended before the reply was complete; try again")
	}
	return c.wrap(ctx, "chat with "+req.Model, req.Model, err)
}

// watched runs a stream under timeouts: the context handed to stream is
// cancelled with ErrStalled when kick(true) is not called within idle (first
// before the first call). kick(false) pauses the clock while the caller's
// callback runs.
func watched(ctx context.Context, first, idle time.Duration, stream func(ctx context.Context, kick func(resume bool)) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var started atomic.Bool
	timer := time.AfterFunc(first, func() {
		d := idle
		if !started.Load() {
			d = first
		}
		cancel(fmt.Errorf("%w for %s: the model or the server is stuck; try again, or restart Ollama", ErrStalled, d))
	})
	defer timer.Stop()
	err := stream(ctx, func(resume bool) {
		if !resume {
			timer.Stop()
			return
		}
		started.Store(true)
		timer.Reset(idle)
	})
	if cause := context.Cause(ctx); errors.Is(cause, ErrStalled) {
		return cause
	}
	return err
}

// wrap turns an Ollama client error into one of the package's errors,
// saying what to do.
func (c *Client) wrap(ctx context.Context, op, model string, err error) error {
	if errors.Is(err, ErrStalled) || errors.Is(err, ErrModelNotFound) || errors.Is(err, ErrUnavailable) {
		return fmt.Errorf("%s: %w", op, err)
	}
	if unreachable(err) {
		return fmt.Errorf("%s: %w at %s (%s)", op, ErrUnavailable, c.host, describe(err))
	}
	var se api.StatusError
	if errors.As(err, &se) && se.StatusCode == http.StatusNotFound || model != "" && notFoundMessage(err.Error()) {
		return fmt.Errorf("%s: %w", op, c.notInstalled(ctx, model))
	}
	return fmt.Errorf("%s: %w", op, err)
}

// unreachable reports whether err means nothing answers at the host.
func unreachable(err error) bool {
	var dnsErr *net.DNSError
	var opErr *net.OpError
	return errors.Is(err, syscall.ECONNREFUSED) || errors.As(err, &dnsErr) ||
		errors.As(err, &opErr) && opErr.Op == "dial"
}

// notFoundMessage recognises Ollama's words for a missing model.
func notFoundMessage(msg string) bool {
	msg = strings.ToLower(msg)
	return strings.Contains(msg, "not found") || strings.Contains(msg, "file does not exist")
}

// notInstalled is ErrModelNotFound with the installed models listed.
func (c *Client) notInstalled(ctx context.Context, model string) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), ProbeTimeout)
	defer cancel()
	var names []string
	if l, err := c.api.List(ctx); err == nil {
		for _, m := range l.Models {
			names = append(names, m.Name)
		}
	}
	slices.Sort(names)
	have := "none installed"
	if len(names) > 0 {
		have = "installed: " + strings.Join(names, ", ")
	}
	return fmt.Errorf("%w: %s is not installed (%s); download it with `ollama pull %s` or on the Models page", ErrModelNotFound, model, have, model)
}
