package cli

import (
	"context"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/api"
	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/config"
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

// modelOptions converts the configured per-model options.
func modelOptions(cfg *config.Config) func(string) chat.Options {
	return func(model string) chat.Options {
		o := cfg.LLM.Models[model]
		return chat.Options{Temperature: o.Temperature, MaxTokens: o.MaxTokens, ContextLength: o.ContextLength, TopP: o.TopP}
	}
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
