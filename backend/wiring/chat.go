package wiring

import (
	"time"

	"github.com/genkai-rag/genkai-rag/backend/api"
	"github.com/genkai-rag/genkai-rag/backend/chat"
	"github.com/genkai-rag/genkai-rag/backend/config"
)

// modelOptions converts the configured per-model options (llm.models).
func modelOptions(cfg *config.Config) func(string) chat.Options {
	table := make(map[string]chat.Options, len(cfg.LLM.Models))
	for name, o := range cfg.LLM.Models {
		table[name] = chat.Options{Temperature: o.Temperature, MaxTokens: o.MaxTokens, ContextLength: o.ContextLength, TopP: o.TopP}
	}
	return chat.OptionsTable(table)
}

// StartChat wires the answer service (Chat, AnswerCache, Limiter)
// straight over the store (whose session writes wait while a restore
// swaps the data in), the search engine and gen, recording each answer's
// latency in the monitor. Boot calls it with the llm client of
// llm.provider; tests call it again with another Generator.
func (s *Services) StartChat(gen chat.Generator) {
	p := s.Config.Performance
	s.AnswerCache = chat.NewCache(p.CacheEnabled, p.CacheSize, time.Duration(p.CacheTTL)*time.Second)
	c := s.Config.Concurrency
	s.Limiter = api.NewLimiter(c.MaxConcurrentRequests, c.MaxQueueSize, c.Timeout())
	s.Chat = chat.New(s.Store, s.Search, gen, s.Log, chat.Config{
		DefaultModel: s.Config.LLM.DefaultModel,
		ModelOptions: modelOptions(s.Config),
		Cache:        s.AnswerCache,
		Recorder:     s.Monitor,
	})
}
