package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/models"
)

// modelsText holds the lines of `genkai-rag models` in one language.
type modelsText struct {
	takesName, badName, viaServer, viaOllama, noModels, header, chatModel, embedModel, notInstalled string
	inUseChat, inUseEmbed, pulled, removed, wasInUse, nowChat, nowEmbed, unchanged, down, cancelled string
	kindChat, kindEmbed, options, modelDefault, installedCol, loaded                                string
	steps                                                                                           map[string]string
}

var modelsCatalogues = map[bool]modelsText{
	false: {
		takesName: "`genkai-rag models %s` takes one model NAME, e.g. qwen3:4b; see `genkai-rag models list`",
		badName:   "invalid model name %q: use %s",
		viaServer: "via the running server at %s", viaOllama: "Ollama at %s (%s)",
		noModels: "No models installed. Download one with `genkai-rag models pull qwen3:4b`; recommended:",
		header:   "%d models, %s:", chatModel: "chat model", embedModel: "embedding model",
		notInstalled: "%s %s is not installed: download it with `genkai-rag models pull %s`",
		inUseChat:    "chat model", inUseEmbed: "embedding model",
		pulled: "Pulled %s (%s in %s)", removed: "Removed %s",
		wasInUse:  "note: %s was the %s (llm.%s); choose another with `genkai-rag models use NAME`",
		nowChat:   "Chat model: %s → %s (saved in the configuration)",
		nowEmbed:  "Embedding model: %s → %s (saved in the configuration; documents are embedded again with it)",
		unchanged: "%s was already the %s",
		down:      "%v\nOllama is not reachable at %s (%s): start it with `ollama serve` (or run `genkai-rag server`, which starts it when llm.manage_ollama is true), or point OLLAMA_HOST or llm.ollama_host to where it runs",
		cancelled: "cancelled; run the same pull again to resume where it stopped",
		kindChat:  "chat", kindEmbed: "embedding", options: "options", modelDefault: "Ollama's default",
		installedCol: "modified", loaded: "loaded in memory",
		steps: map[string]string{"pulling manifest": "pulling manifest", "downloading": "downloading",
			"verifying sha256 digest": "verifying sha256 digest", "writing manifest": "writing manifest"},
	},
	true: {
		takesName: "`genkai-rag models %s` にはモデル名を1つ指定してください（例: qwen3:4b）。一覧は `genkai-rag models list`",
		badName:   "モデル名 %q は使えません: %s",
		viaServer: "稼働中のサーバー %s 経由", viaOllama: "Ollama %s（%s）",
		noModels: "モデルがインストールされていません。`genkai-rag models pull qwen3:4b` でダウンロードしてください。おすすめ:",
		header:   "モデル %d 個（%s）:", chatModel: "チャットモデル", embedModel: "埋め込みモデル",
		notInstalled: "%s %s はインストールされていません: `genkai-rag models pull %s` でダウンロードしてください",
		inUseChat:    "チャット用", inUseEmbed: "埋め込み用",
		pulled: "%s をダウンロードしました（%s、%s）", removed: "%s を削除しました",
		wasInUse:  "注意: %s は使用中の%sでした（llm.%s）。`genkai-rag models use NAME` で別のモデルを選んでください",
		nowChat:   "チャットモデル: %s → %s（設定に保存しました）",
		nowEmbed:  "埋め込みモデル: %s → %s（設定に保存しました。文書は新しいモデルで埋め込み直されます）",
		unchanged: "%s はすでに%sです",
		down:      "%v\nOllama（%s、%s）に接続できません: `ollama serve` で起動するか（llm.manage_ollama が true なら `genkai-rag server` が起動します）、OLLAMA_HOST または llm.ollama_host を Ollama の場所に設定してください",
		cancelled: "中断しました。同じ pull をもう一度実行すると続きから再開します",
		kindChat:  "チャット", kindEmbed: "埋め込み", options: "オプション", modelDefault: "Ollama の既定値",
		installedCol: "更新日時", loaded: "メモリに読み込み済み",
		steps: map[string]string{"pulling manifest": "マニフェストを取得中", "downloading": "ダウンロード中",
			"verifying sha256 digest": "SHA256 を検証中", "writing manifest": "マニフェストを書き込み中"},
	},
}

// runModels runs `models list|pull NAME|rm NAME|use NAME [--embedding]|show NAME`
// through the running server when one serves this data home, else
// directly against Ollama with the server's own model service. Exit 1 on
// a run-time failure (Ollama down, model not found), 2 on bad usage.
func runModels(ctx context.Context, env Env, o options, what string) error {
	t := modelsCatalogues[isJapanese(env)]
	var name string
	if what != "list" {
		if len(o.args) != 1 {
			return usageError(fmt.Sprintf(t.takesName, what))
		}
		if name = strings.TrimSpace(o.args[0]); !config.ValidModelName(name) {
			return usageError(fmt.Sprintf(t.badName, name, config.ModelNameRule))
		}
	}
	if o.embedding && what != "use" {
		return usageError("--embedding is only for `genkai-rag models use NAME --embedding`")
	}
	svc, err := boot(ctx, env, o, nil)
	if err != nil {
		return err
	}
	defer svc.Close()
	var mgr modelManager = localModels{svc.ModelsAPI()}
	hostInfo := ollamaHostOf(svc.Config, svc.ConfigSource(), nil)
	where := fmt.Sprintf(t.viaOllama, hostInfo.OllamaHost, hostInfo.from(isJapanese(env)))
	via := map[string]any{"via": "ollama", "ollama_host": hostInfo.OllamaHost, "ollama_host_source": hostInfo.OllamaHostSource}
	if svc.OpenAI != nil && svc.Config.LLM.Provider == config.ProviderOpenAI {
		where = "OpenAI-compatible endpoint " + svc.OpenAI.Host() + " (llm.provider: openai)"
		via = map[string]any{"via": "openai", "openai_base_url": svc.OpenAI.Host()}
	}
	if url := runningServer(ctx, svc); url != "" {
		mgr = serverModels{base: url, token: svc.Config.Server.APIToken, client: http.DefaultClient}
		where, via = fmt.Sprintf(t.viaServer, url), map[string]any{"via": "server", "server_url": url}
	}
	out := newModelsOut(env, o, t)
	switch what {
	case "list":
		err = modelsList(ctx, mgr, out, where, via)
	case "pull":
		err = modelsPull(ctx, mgr, out, name)
	case "rm":
		err = modelsRemove(ctx, mgr, out, name)
	case "use":
		err = modelsUse(ctx, mgr, out, name, o.embedding)
	case "show":
		err = modelsShow(ctx, mgr, out, name)
	}
	switch {
	case err == nil:
		return nil
	case errors.Is(err, models.ErrInvalid):
		return usageError(err.Error())
	case errors.Is(err, models.ErrOllamaDown) && svc.Config.LLM.Provider == config.ProviderOpenAI:
		return err // names the endpoint and what to check
	case errors.Is(err, models.ErrOllamaDown):
		return fmt.Errorf(t.down, err, hostInfo.OllamaHost, hostInfo.from(isJapanese(env)))
	}
	return err
}

// modelsOut writes a command's human or JSON output.
type modelsOut struct {
	w    io.Writer
	errw io.Writer
	json bool
	tty  bool
	t    modelsText
}

func newModelsOut(env Env, o options, t modelsText) *modelsOut {
	return &modelsOut{w: env.Stdout, errw: env.Stderr, json: o.json, tty: writerIsTerminal(env.Stdout), t: t}
}

func (o *modelsOut) encode(v any) error {
	enc := json.NewEncoder(o.w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// writerIsTerminal reports whether w is an interactive terminal; a writer
// with an IsTerminal method (tests) answers for itself.
func writerIsTerminal(w io.Writer) bool {
	switch v := w.(type) {
	case interface{ IsTerminal() bool }:
		return v.IsTerminal()
	case *os.File:
		return isTerminal(v)
	}
	return false
}

func modelsList(ctx context.Context, mgr modelManager, out *modelsOut, where string, via map[string]any) error {
	l, err := mgr.List(ctx)
	if err != nil {
		return err
	}
	if out.json {
		v := map[string]any{"models": l.Models, "current_model": l.CurrentModel, "embedding_model": l.EmbeddingModel, "recommended": l.Recommended}
		for k, x := range via {
			v[k] = x
		}
		return out.encode(v)
	}
	t, w := out.t, out.w
	if len(l.Models) == 0 {
		fmt.Fprintln(w, t.noModels)
		for _, r := range l.Recommended {
			fmt.Fprintf(w, "  %-22s %-9s %9s  %s\n", r.Name, r.Kind, size(r.SizeBytes), r.Note)
		}
	} else {
		fmt.Fprintf(w, t.header+"\n", len(l.Models), where)
		for _, m := range l.Models {
			kind := t.kindChat
			if m.Embedding {
				kind = t.kindEmbed
			}
			fmt.Fprintf(w, "  %-30s %9s  %-9s %-7s %-8s %s\n", m.Name, size(m.SizeBytes), kind, m.ParameterSize, m.Quantization, strings.Join(inUse(t, l, m.Name), ", "))
		}
	}
	for _, c := range []struct{ label, name string }{{t.chatModel, l.CurrentModel}, {t.embedModel, l.EmbeddingModel}} {
		if find(l, c.name) == nil {
			fmt.Fprintf(w, t.notInstalled+"\n", c.label, c.name, c.name)
		}
	}
	return nil
}

// inUse says which roles the configuration gives the model.
func inUse(t modelsText, l modelListing, name string) []string {
	var roles []string
	if llm.SameModel(name, l.CurrentModel) {
		roles = append(roles, t.inUseChat)
	}
	if llm.SameModel(name, l.EmbeddingModel) {
		roles = append(roles, t.inUseEmbed)
	}
	return roles
}

func find(l modelListing, name string) *models.ModelInfo {
	for i := range l.Models {
		if llm.SameModel(l.Models[i].Name, name) {
			return &l.Models[i]
		}
	}
	return nil
}

func modelsPull(ctx context.Context, mgr modelManager, out *modelsOut, name string) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	v := &pullView{out: out, start: time.Now(), lastDecile: -1}
	err := mgr.Pull(ctx, name, v.show)
	v.finish()
	switch {
	case err != nil && out.json:
		json.NewEncoder(out.w).Encode(models.PullProgress{Status: "error", Done: true, Error: err.Error()})
	case err == nil && out.json:
		return json.NewEncoder(out.w).Encode(models.PullProgress{Status: "success", Done: true, Percent: 100, Completed: v.last.Total, Total: v.last.Total})
	case err == nil:
		fmt.Fprintf(out.w, out.t.pulled+"\n", name, size(v.last.Total), time.Since(v.start).Round(100*time.Millisecond))
	}
	if err != nil && ctx.Err() != nil {
		fmt.Fprintln(out.errw, out.t.cancelled)
	}
	return err
}

// pullView shows pull progress: NDJSON with --json; a bar redrawn in
// place on a terminal (bytes done/total, rate, ETA); otherwise a line per
// step and per 10 % downloaded.
type pullView struct {
	out        *modelsOut
	start      time.Time
	last       models.PullProgress
	step       string
	lastDecile int
	bar        bool // a bar is drawn on the current line
}

func (v *pullView) show(p models.PullProgress) error {
	v.last = p
	if v.out.json {
		return json.NewEncoder(v.out.w).Encode(p)
	}
	step := p.Status
	if strings.HasPrefix(step, "pulling ") && step != "pulling manifest" {
		step = "downloading"
	}
	label := v.out.t.steps[step]
	if label == "" {
		label = step
	}
	w := v.out.w
	changed := step != v.step
	v.step = step
	switch {
	case step != "downloading":
		if changed {
			v.endBar()
			fmt.Fprintln(w, label)
		}
		return nil
	case changed && v.out.tty:
		fmt.Fprintln(w, label)
	}
	line := fmt.Sprintf("%5.1f%%  %s / %s", p.Percent, size(p.Completed), size(p.Total))
	if p.RateBPS > 0 {
		line += fmt.Sprintf("  %s/s", size(int64(p.RateBPS)))
	}
	if p.ETASecs > 0 {
		line += "  ETA " + (time.Duration(p.ETASecs) * time.Second).String()
	}
	if v.out.tty {
		// Redrawn in place, kept under 80 columns so that it never wraps.
		const width = 20
		fill := min(width, max(0, int(p.Percent*width/100)))
		fmt.Fprintf(w, "\r\x1b[K[%s%s] %s", strings.Repeat("█", fill), strings.Repeat("░", width-fill), line)
		v.bar = true
		return nil
	}
	if d := int(p.Percent / 10); d != v.lastDecile {
		v.lastDecile = d
		fmt.Fprintln(w, label, line)
	}
	return nil
}

func (v *pullView) endBar() {
	if v.bar {
		fmt.Fprintln(v.out.w)
		v.bar = false
	}
}

func (v *pullView) finish() { v.endBar() }

func modelsRemove(ctx context.Context, mgr modelManager, out *modelsOut, name string) error {
	l, err := mgr.List(ctx)
	if err != nil {
		return err
	}
	if find(l, name) == nil {
		return errNotInstalled(name, l)
	}
	if err := mgr.Remove(ctx, name); err != nil {
		return err
	}
	roles := inUse(modelsCatalogues[false], l, name)
	if out.json {
		return out.encode(map[string]any{"removed": name, "was_in_use_as": append([]string{}, roles...)})
	}
	fmt.Fprintf(out.w, out.t.removed+"\n", name)
	for _, c := range []struct{ label, key, cur string }{{out.t.chatModel, "default_model", l.CurrentModel}, {out.t.embedModel, "embedding_model", l.EmbeddingModel}} {
		if llm.SameModel(name, c.cur) {
			fmt.Fprintf(out.errw, out.t.wasInUse+"\n", name, c.label, c.key)
		}
	}
	return nil
}

func modelsUse(ctx context.Context, mgr modelManager, out *modelsOut, name string, embedding bool) error {
	kind := "chat"
	if embedding {
		kind = "embedding"
	}
	prev, cur, err := mgr.Use(ctx, kind, name)
	if err != nil {
		return err
	}
	if out.json {
		return out.encode(map[string]any{"kind": kind, "previous": prev, "current": cur})
	}
	before, after, label, msg := prev.ModelName, cur.ModelName, out.t.chatModel, out.t.nowChat
	if embedding {
		before, after, label, msg = prev.EmbeddingModel, cur.EmbeddingModel, out.t.embedModel, out.t.nowEmbed
	}
	if before == after {
		fmt.Fprintf(out.w, out.t.unchanged+"\n", after, label)
		return nil
	}
	fmt.Fprintf(out.w, msg+"\n", before, after)
	return nil
}

func modelsShow(ctx context.Context, mgr modelManager, out *modelsOut, name string) error {
	l, err := mgr.List(ctx)
	if err != nil {
		return err
	}
	m := find(l, name)
	if m == nil {
		return errNotInstalled(name, l)
	}
	opts, err := mgr.Options(ctx, m.Name)
	if err != nil {
		return err
	}
	roles := inUse(modelsCatalogues[false], l, m.Name)
	if out.json {
		return out.encode(map[string]any{"model": m, "in_use_as": append([]string{}, roles...), "options": opts})
	}
	t, w := out.t, out.w
	kind := t.kindChat
	if m.Embedding {
		kind = t.kindEmbed
	}
	fmt.Fprintf(w, "%s\n  %s, %s", m.Name, kind, size(m.SizeBytes))
	for _, s := range []string{m.Family, m.ParameterSize, m.Quantization} {
		if s != "" {
			fmt.Fprintf(w, ", %s", s)
		}
	}
	fmt.Fprintln(w)
	if m.ModifiedAt != "" {
		fmt.Fprintf(w, "  %s: %s\n", t.installedCol, m.ModifiedAt)
	}
	if m.Loaded {
		fmt.Fprintf(w, "  %s\n", t.loaded)
	}
	if r := inUse(t, l, m.Name); len(r) > 0 {
		fmt.Fprintf(w, "  ✔ %s\n", strings.Join(r, ", "))
	}
	opt := func(set bool, v any) string {
		if !set {
			return t.modelDefault
		}
		return fmt.Sprint(v)
	}
	fmt.Fprintf(w, "  %s: temperature %s, top_p %s, max_tokens %s, context_length %s\n", t.options,
		opt(opts.Temperature != nil, deref(opts.Temperature)), opt(opts.TopP != nil, deref(opts.TopP)),
		opt(opts.MaxTokens != nil, deref(opts.MaxTokens)), opt(opts.ContextLength != nil, deref(opts.ContextLength)))
	return nil
}

// deref is *p, or the zero value when p is nil.
func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
