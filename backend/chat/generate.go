package chat

import (
	"context"
	"errors"

	"github.com/genkai-rag/genkai-rag/backend/llm"
)

// generate asks the Generator for model's reply to msgs with opts,
// calling fn with every piece. A missing model is ErrUnknownModel and no
// model server answering ErrModelUnavailable (both keeping the client's
// explanation); any other error is returned as is.
func (s *Service) generate(ctx context.Context, model string, msgs []Turn, opts Options, fn func(string) error) error {
	req := llm.ChatRequest{Model: model, Messages: make([]llm.Message, len(msgs)), Options: llm.GenOptions{
		Temperature: opts.Temperature, MaxTokens: opts.MaxTokens, ContextLength: opts.ContextLength, TopP: opts.TopP,
	}}
	for i, m := range msgs {
		req.Messages[i] = llm.Message{Role: m.Role, Content: m.Content}
	}
	err := s.gen.Chat(ctx, req, fn)
	switch {
	case errors.Is(err, llm.ErrModelNotFound):
		return tagged{ErrUnknownModel, err}
	case errors.Is(err, llm.ErrUnavailable):
		return tagged{ErrModelUnavailable, err}
	}
	return err
}

// tagged is err, also matching sentinel for errors.Is, with err's message.
type tagged struct{ sentinel, err error }

func (t tagged) Error() string   { return t.err.Error() }
func (t tagged) Unwrap() []error { return []error{t.sentinel, t.err} }
