package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/search"
	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

func checkK(k int) error {
	if k < 1 || k > search.MaxK {
		return usageError(fmt.Sprintf("--k must be between 1 and %d, got %d", search.MaxK, k))
	}
	return nil
}

// runSearch searches the user's index read-only.
func runSearch(ctx context.Context, env Env, o options) error {
	if err := checkK(o.k); err != nil {
		return err
	}
	q := strings.TrimSpace(strings.Join(o.args, " "))
	if q == "" {
		return usageError(`search needs a query: genkai-rag search "GPUジョブの投入方法"`)
	}
	root, _, _, err := paths(env, o)
	if err != nil {
		return err
	}
	h, ok := home.Open(root)
	if !ok {
		return fmt.Errorf("no data home at %s yet: start the app once and add documents in ライブラリ (Library)", root)
	}
	st, err := store.Open(ctx, h.Database(), store.Options{})
	if err != nil {
		return wiring.StoreAdvice(h.Database(), err)
	}
	defer st.Close()
	res, err := cliSearcher(ctx, env, o, st).SearchResult(ctx, search.Query{Text: q, K: o.k})
	if errors.Is(err, search.ErrEmptyQuery) || errors.Is(err, search.ErrBadQuery) {
		return usageError(err.Error())
	}
	if err != nil {
		return err
	}
	if o.json {
		return json.NewEncoder(env.Stdout).Encode(res)
	}
	hits := res.Hits
	if res.Note != "" {
		fmt.Fprintf(env.Stdout, "(%s)\n", res.Note)
	}
	if len(hits) == 0 {
		fmt.Fprintln(env.Stdout, "no matching passages")
		return nil
	}
	for i, hit := range hits {
		fmt.Fprintf(env.Stdout, "%d. [%.2f] %s", i+1, hit.Score, hit.Title)
		if hit.Section != "" {
			fmt.Fprintf(env.Stdout, " > %s", hit.Section)
		}
		fmt.Fprintf(env.Stdout, "\n   %s\n   %s\n", hit.URL, hit.Snippet)
	}
	return nil
}

// cliSearcher is the app's search for `genkai-rag search`: lexical fused
// with the stored vectors of llm.embedding_model when there are any and
// Ollama embeds the query; otherwise lexical, and the result says why. It
// only reads: chunks without vectors are not embedded here (the app does
// that after a sync).
func cliSearcher(ctx context.Context, env Env, o options, st *store.Store) search.Engine {
	lex := search.NewLexical(st, search.DefaultParams())
	cfg, c, err := configuredOllama(env, o)
	if err != nil {
		return lex
	}
	vec := search.NewVectors(st, c, nil, search.VectorOptions{})
	if cfg.LLM.EmbeddingModel != "" {
		if err := vec.Load(ctx, cfg.LLM.EmbeddingModel); err != nil {
			return lex
		}
	}
	return search.NewHybrid(lex, vec, st, nil)
}

// runEval indexes a BEIR set into a temporary store (never the user's) and
// prints retrieval figures. Vector and hybrid modes embed the set with the
// embedding model through Ollama; without one they exit 2 saying which
// model and host were tried.
func runEval(ctx context.Context, env Env, o options) error {
	if err := checkK(o.k); err != nil {
		return err
	}
	if o.dir != "" || o.questions != "" || o.verbose {
		return runEvalDocs(ctx, env, o)
	}
	if o.beir == "" {
		return usageError("eval needs --beir DIR (or --dir DOCS --questions FILE.tsv for a documentation folder): a folder with corpus.jsonl, queries.jsonl and qrels.tsv")
	}
	switch o.mode {
	case search.ModeLexical, search.ModeVector, search.ModeHybrid:
	default:
		return usageError(fmt.Sprintf("--mode must be lexical, vector or hybrid, got %q", o.mode))
	}
	if o.embed != "" && o.mode == search.ModeLexical {
		return usageError("--embed-model needs --mode vector or --mode hybrid")
	}
	set, err := search.LoadBEIR(o.beir)
	if err != nil {
		return usageError(err.Error())
	}
	var emb search.Embedder
	model := o.embed
	if o.mode != search.ModeLexical {
		if emb, model, err = evalEmbedder(ctx, env, o); err != nil {
			return err
		}
	}
	tmp, err := os.MkdirTemp("", "genkai-eval-")
	if err != nil {
		return fmt.Errorf("create temporary store: %w", err)
	}
	defer os.RemoveAll(tmp)
	st, err := store.Open(ctx, filepath.Join(tmp, "eval.db"), store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	if err := search.IndexBEIR(ctx, st, o.beir, set); err != nil {
		return err
	}
	lex := search.NewLexical(st, search.DefaultParams())
	var s search.Searcher = lex
	if emb != nil {
		vec := search.NewVectors(st, emb, nil, search.VectorOptions{})
		if err := vec.Build(ctx, model); err != nil {
			return fmt.Errorf("embed the BEIR set with %s: %w", model, err)
		}
		h := search.NewHybrid(lex, vec, st, nil)
		h.Mode = o.mode
		s = h
	}
	build := time.Since(start).Seconds()
	r, err := search.Evaluate(ctx, s, set, o.k)
	if err != nil {
		return err
	}
	r.BuildS, r.Mode, r.EmbedModel = build, o.mode, model
	if o.json {
		return json.NewEncoder(env.Stdout).Encode(r)
	}
	fmt.Fprintf(env.Stdout, "BEIR set %s: %d documents, %d queries (mode %s", o.beir, len(set.Corpus), r.Queries, o.mode)
	if model != "" {
		fmt.Fprintf(env.Stdout, ", embedding model %s", model)
	}
	fmt.Fprintln(env.Stdout, ")")
	fmt.Fprintf(env.Stdout, "recall@1 %.3f  recall@5 %.3f  recall@10 %.3f  MRR@10 %.3f\n", r.Recall1, r.Recall5, r.Recall10, r.MRR10)
	if r.AnswerQueries > 0 {
		fmt.Fprintf(env.Stdout, "answer recall@5 %.3f (%d queries with answers)\n", r.AnswerRecall5, r.AnswerQueries)
	}
	fmt.Fprintf(env.Stdout, "query latency p50 %.2f ms  p95 %.2f ms\nindex build %.2f s\n", r.P50ms, r.P95ms, r.BuildS)
	return nil
}

// evalEmbedder returns the Ollama client and embedding model for eval
// after checking that the model embeds a test sentence. Failing that it
// returns a usage error (exit 2) naming the model, the host and the fix.
func evalEmbedder(ctx context.Context, env Env, o options) (search.Embedder, string, error) {
	cfg, c, err := configuredOllama(env, o)
	if err != nil {
		return nil, "", err
	}
	model := o.embed
	if model == "" {
		model = cfg.LLM.EmbeddingModel
	}
	pctx, cancel := context.WithTimeout(ctx, 2*time.Minute) // a cold model load takes a while
	defer cancel()
	if _, err := c.Embed(pctx, model, []string{"接続確認"}); err != nil {
		return nil, "", usageError(fmt.Sprintf("--mode %s needs the embedding model %s through Ollama at %s, which failed:\n  %v\n"+
			"start Ollama (`ollama serve`) and pull the model (`ollama pull %s`), or choose another model with --embed-model NAME "+
			"(or llm.embedding_model) and another host with llm.ollama_host (GENKAI_LLM_OLLAMA_HOST); --mode lexical needs neither",
			o.mode, model, c.Host(), err, model))
	}
	return c, model, nil
}

// configuredOllama reads the configuration (with the command line's flags)
// and returns it with the client that makes its embeddings: Ollama at
// llm.ollama_host, or the OpenAI-compatible endpoint when
// llm.embedding_provider (else llm.provider) is openai. An invalid file or
// host is a usage error naming the file.
func configuredOllama(env Env, o options) (*config.Config, hostEmbedder, error) {
	_, cfgPath, explicit, err := paths(env, o)
	if err != nil {
		return nil, nil, err
	}
	cfg, _, err := loadConfig(env, o, cfgPath, explicit)
	if err != nil {
		return nil, nil, usageError(fmt.Sprintf("invalid configuration in %s:\n%v", cfgPath, err))
	}
	if cfg.LLM.EmbeddingProviderOf() == config.ProviderOpenAI {
		key, _ := config.OpenAIKey(env.Environ)
		c, err := llm.NewOpenAI(cfg.LLM.OpenAIBaseURL, key, llm.Options{})
		if err != nil {
			return nil, nil, usageError(err.Error())
		}
		return cfg, c, nil
	}
	c, err := llm.New(cfg.LLM.OllamaHost, nil)
	if err != nil {
		return nil, nil, usageError(err.Error())
	}
	return cfg, c, nil
}

// hostEmbedder embeds and names where: *llm.Client (Ollama) and
// *llm.OpenAI (llm.embedding_provider openai).
type hostEmbedder interface {
	search.Embedder
	Host() string
}
