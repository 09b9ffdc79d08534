package wiring

import (
	"context"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// startSearch wires the app's search: lexical always, fused with vectors
// of llm.embedding_model embedded through Ollama. The vector index is read
// from SQLite in the background, so start-up does not wait for it; until
// it is ready (or without Ollama) searches are lexical and say so. A
// reload that changes llm.embedding_model re-embeds in the background.
func (s *Services) startSearch(ctx context.Context) {
	lex := search.NewLexical(s.Store, search.DefaultParams())
	s.Vectors = search.NewVectors(s.Store, s.Embedder(), s.Log, search.VectorOptions{})
	s.Vectors.Start(ctx, s.Config.LLM.EmbeddingModel)
	s.closers = append(s.closers, func() error { s.Vectors.Close(); return nil })
	s.Search = search.NewHybrid(lex, s.Vectors, s.Store, nil)
	s.OnReload(func(cfg *config.Config) { s.Vectors.SetModel(cfg.LLM.EmbeddingModel) })
}
