package cli

import (
	"context"
	"errors"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/api"
	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// retriever adapts a searcher to chat.Retriever.
type retriever struct {
	s interface {
		Search(context.Context, search.Query) ([]search.Hit, error)
	}
}

func (r retriever) Retrieve(ctx context.Context, query string, k int) (search.Result, error) {
	return search.Run(ctx, r.s, search.Query{Text: query, K: k})
}

// modelOptions reads the configured per-model options (config.ModelOptions
// and chat.Options are both wire.GenOptions).
func modelOptions(cfg *config.Config) func(string) chat.Options {
	return func(model string) chat.Options { return cfg.LLM.Models[model] }
}

// startChat wires the answer service over the search engine and Ollama.
func (s *Services) startChat(gen chat.Generator) {
	p := s.Config.Performance
	s.AnswerCache = chat.NewCache(p.CacheEnabled, p.CacheSize, time.Duration(p.CacheTTL)*time.Second)
	c := s.Config.Concurrency
	s.Limiter = api.NewLimiter(c.MaxConcurrentRequests, c.MaxQueueSize, c.Timeout())
	s.Chat = chat.New(gatedStore{s.Store, &s.writeGate}, retriever{s.Search}, gen, s.Log, chat.Config{
		DefaultModel: s.Config.LLM.DefaultModel,
		ModelOptions: modelOptions(s.Config),
		Cache:        s.AnswerCache,
	})
}

// generator adapts an llm client (Ollama or an OpenAI-compatible
// endpoint) to chat.Generator.
type generator struct{ c chatter }

// Generate streams the reply; a missing model is chat.ErrUnknownModel and
// Ollama not answering chat.ErrModelUnavailable (both wrapped with the
// client's explanation), any other error is returned as is.
func (g generator) Generate(ctx context.Context, req chat.GenerateRequest, fn func(string) error) error {
	msgs := make([]llm.Message, len(req.Messages))
	for i, m := range req.Messages {
		msgs[i] = llm.Message{Role: m.Role, Content: m.Content}
	}
	err := g.c.Chat(ctx, llm.ChatRequest{Model: req.Model, Messages: msgs, Options: req.Options}, fn)
	switch {
	case errors.Is(err, llm.ErrModelNotFound):
		return tagged{chat.ErrUnknownModel, err}
	case errors.Is(err, llm.ErrUnavailable):
		return tagged{chat.ErrModelUnavailable, err}
	}
	return err
}

// tagged is err, also matching sentinel for errors.Is, with err's message.
type tagged struct{ sentinel, err error }

func (t tagged) Error() string   { return t.err.Error() }
func (t tagged) Unwrap() []error { return []error{t.sentinel, t.err} }
