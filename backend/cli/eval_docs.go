package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/genkai-rag/genkai-rag/backend/doceval"
	"github.com/genkai-rag/genkai-rag/backend/search"
)

// runEvalDocs is `genkai-rag eval --dir DOCS --questions FILE.tsv`: it
// syncs the folder into a temporary store (never the user's), asks every
// question through the app's search and prints page hit@1/@5, section
// hit@5, page MRR@5 and latency (JSON with exactly those keys with
// --json). --verbose lists the questions whose gold section is not in the
// top 5 with the top 5 page#anchor (on stderr with --json). A bad question
// file, a missing page or an anchor the index never makes exits 2 naming
// the line; vector and hybrid modes without a working embedding model exit
// 2 as `eval --beir` does.
func runEvalDocs(ctx context.Context, env Env, o options) error {
	switch {
	case o.beir != "":
		return usageError("--beir and --dir are two different evaluations: give one")
	case o.dir == "" || o.questions == "":
		return usageError("eval of a documentation folder needs both --dir DOCS and --questions FILE.tsv")
	}
	if err := checkK(o.k); err != nil {
		return err
	}
	switch o.mode {
	case search.ModeLexical, search.ModeVector, search.ModeHybrid:
	default:
		return usageError(fmt.Sprintf("--mode must be lexical, vector or hybrid, got %q", o.mode))
	}
	if o.embed != "" && o.mode == search.ModeLexical {
		return usageError("--embed-model needs --mode vector or --mode hybrid")
	}
	qs, err := doceval.ReadQuestions(o.questions)
	if err != nil {
		return evalInputError(err)
	}
	opt := doceval.Options{Dir: o.dir, Questions: qs, Mode: o.mode, K: o.k}
	if o.mode != search.ModeLexical {
		if opt.Embedder, opt.Model, err = evalEmbedder(ctx, env, o); err != nil {
			return err
		}
	}
	rep, out, err := doceval.Run(ctx, opt)
	var qe *doceval.QuestionsError
	if errors.As(err, &qe) && qe.File == "" {
		qe.File = o.questions
	}
	if err != nil {
		return evalInputError(err)
	}
	misses := env.Stdout
	if o.json {
		if err := json.NewEncoder(env.Stdout).Encode(rep); err != nil {
			return err
		}
		misses = env.Stderr
	} else {
		fmt.Fprintf(env.Stdout, "documentation eval: %s, %d questions from %s (mode %s", o.dir, rep.Questions, o.questions, o.mode)
		if opt.Model != "" {
			fmt.Fprintf(env.Stdout, ", embedding model %s", opt.Model)
		}
		fmt.Fprintln(env.Stdout, ")")
		fmt.Fprintf(env.Stdout, "  page hit@1     %.3f\n  page hit@5     %.3f\n  section hit@5  %.3f\n  page MRR@5     %.3f\n  latency        p50 %.2f ms  p95 %.2f ms\n",
			rep.PageHit1, rep.PageHit5, rep.SectionHit5, rep.PageMRR5, rep.P50ms, rep.P95ms)
	}
	for _, oc := range out {
		if oc.Note != "" && !o.verbose {
			fmt.Fprintf(env.Stderr, "note: question %s (line %d) %s; counted as a miss\n", oc.Question.ID, oc.Question.Line, oc.Note)
		}
	}
	if o.verbose {
		printMisses(misses, out)
	}
	return nil
}

// evalInputError turns bad input (a bad line, a missing page or anchor, a
// missing folder or file) into a usage error: exit 2 with the message.
func evalInputError(err error) error {
	if errors.Is(err, doceval.ErrQuestions) {
		return usageError(err.Error())
	}
	return err
}

// printMisses lists the questions whose gold section is not in the top 5.
func printMisses(w io.Writer, out []doceval.Outcome) {
	n := 0
	for _, oc := range out {
		if !oc.SectionHit() {
			n++
		}
	}
	fmt.Fprintf(w, "misses (gold section not in the top 5): %d\n", n)
	for _, oc := range out {
		if oc.SectionHit() {
			continue
		}
		q := oc.Question
		gold := q.Page
		if len(q.Anchors) > 0 {
			gold += "#" + strings.Join(q.Anchors, "|")
		}
		fmt.Fprintf(w, "- %s (line %d) %s\n  gold %s; page rank %s\n", q.ID, q.Line, q.Text, gold, rank(oc.PageRank))
		if oc.Note != "" {
			fmt.Fprintf(w, "  note: %s\n", oc.Note)
		}
		for i, t := range oc.Top {
			fmt.Fprintf(w, "  %d. %s\n", i+1, t)
		}
	}
}

func rank(r int) string {
	if r == 0 {
		return "none"
	}
	return fmt.Sprint(r)
}
