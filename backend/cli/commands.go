package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/api"
	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/store"
	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

func runVersion(env Env, o options) error {
	if o.json {
		return json.NewEncoder(env.Stdout).Encode(map[string]any{
			"version": env.Version, "schema_version": store.SchemaVersion(),
			"go": runtime.Version(), "os": runtime.GOOS, "arch": runtime.GOARCH,
		})
	}
	fmt.Fprintf(env.Stdout, "genkai-rag %s (schema %d, %s %s/%s)\n", env.Version, store.SchemaVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

func runValidate(_ context.Context, env Env, o options) error {
	m := messages(env)
	_, cfgPath, explicit, err := paths(env, o)
	if err != nil {
		return err
	}
	_, src, err := loadConfig(env, o, cfgPath, explicit)
	if src != nil {
		for _, w := range src.Warnings {
			fmt.Fprintf(env.Stderr, "%s: %s\n", m.warning, w)
		}
	}
	var ce *config.Error
	switch {
	case errors.As(err, &ce):
		for _, p := range ce.Problems {
			fmt.Fprintln(env.Stderr, p)
		}
		fmt.Fprintf(env.Stdout, "%s (%d): %s\n", m.configInvalid, len(ce.Problems), cfgPath)
		return exitErr{ExitUsage}
	case err != nil:
		return usageError(err.Error())
	}
	where := cfgPath
	if src.File == "" {
		where = fmt.Sprintf(m.noConfigFile, cfgPath)
	}
	fmt.Fprintf(env.Stdout, "%s: %s\n", m.configOK, where)
	return nil
}

func runServer(ctx context.Context, env Env, o options) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	svc, err := boot(ctx, env, o, env.Stderr)
	if err != nil {
		return err
	}
	defer svc.Close()
	svc.HandleHangup(ctx) // SIGHUP: reopen the log, reload the configuration
	svc.StartOllama(ctx)
	cfg := svc.Config
	ln, err := api.Listen(cfg.Server.Host, cfg.Server.Port)
	if err != nil {
		svc.Log.Error("cannot listen", "err", err)
		return err
	}
	srv := api.New(serverOptions(svc, env))
	go svc.Maintenance.Run(ctx, 0, 0)
	go svc.WatchConfig(ctx, 0)
	svc.StartMonitoring(ctx)
	if env.Frontend != nil {
		if _, err := fs.Stat(env.Frontend, "index.html"); err != nil {
			svc.Log.Warn("this binary has no built web UI; only /api/ is served", "fix", "make build")
		}
	}
	url := "http://" + ln.Addr().String()
	if remove, err := recordServer(svc.Home, serverRecord{URL: dialURL(ln.Addr()), PID: os.Getpid(), StartedAt: time.Now().UTC(), Version: env.Version, DataHome: svc.Home.Root}); err != nil {
		svc.Log.Warn("`genkai-rag status` will not find this server on another port than the configured one", "err", err)
	} else {
		defer remove()
	}
	svc.Log.Info("server listening", "url", url, "server_file", svc.Home.ServerFile())
	fmt.Fprintf(env.Stdout, "%s %s\n", messages(env).listening, url)
	if err := srv.Serve(ctx, ln); err != nil {
		svc.Log.Error("server stopped", "err", err)
		return err
	}
	svc.Log.Info("server stopped")
	return nil
}

func runDesktop(env Env, o options) error {
	if env.Desktop == nil {
		return errors.New("this build has no desktop window (built without the desktop tags): run `genkai-rag server` and open it in a browser, or build the app with `make build`")
	}
	return env.Desktop(func(ctx context.Context) (*wiring.Services, error) {
		svc, err := boot(ctx, env, o, nil)
		if err != nil {
			fmt.Fprintf(env.Stderr, "genkai-rag: %v\n", err)
			return nil, err
		}
		svc.OpenSources()
		svc.HandleHangup(ctx)
		svc.StartOllama(ctx)
		go svc.WatchConfig(ctx, 0)
		go svc.Maintenance.Run(ctx, 0, 0)
		svc.StartMonitoring(ctx)
		return svc, nil
	})
}

// catalogue holds the few CLI lines shown in the user's language.
type catalogue struct {
	configOK, configInvalid, noConfigFile, warning, listening          string
	serverUp, serverDown, healthy, unhealthy, ollamaUp, ollamaDown     string
	endpointUp, endpointDown                                           string
	dataHome, notCreated, config, database, schema, noDatabase, uptime string
}

var catalogues = map[string]catalogue{
	"ja": {
		configOK: "設定OK", configInvalid: "設定エラー", noConfigFile: "設定ファイル %s はありません。既定値を使います", warning: "警告",
		listening: "玄界RAG サーバー起動:",
		serverUp:  "サーバー: 稼働中", serverDown: "サーバー: 停止中（応答なし）", healthy: "状態: 正常", unhealthy: "状態: 異常",
		ollamaUp: "Ollama: 接続OK", ollamaDown: "Ollama: 接続できません",
		endpointUp: "LLM エンドポイント: 接続OK", endpointDown: "LLM エンドポイント: 接続できません", dataHome: "データホーム", notCreated: "（未作成）",
		config: "設定", database: "データベース", schema: "スキーマ", noDatabase: "未作成", uptime: "稼働時間",
	},
	"en": {
		configOK: "config OK", configInvalid: "config invalid", noConfigFile: "no config file at %s; using defaults", warning: "warning",
		listening: "Genkai RAG server listening on",
		serverUp:  "server: running", serverDown: "server: not running (no answer)", healthy: "health: healthy", unhealthy: "health: UNHEALTHY",
		ollamaUp: "Ollama: reachable", ollamaDown: "Ollama: not reachable",
		endpointUp: "LLM endpoint: reachable", endpointDown: "LLM endpoint: not reachable", dataHome: "data home", notCreated: "(not created yet)",
		config: "config", database: "database", schema: "schema", noDatabase: "not created yet", uptime: "uptime",
	},
}

// messages picks Japanese when GENKAI_LANG, LC_ALL, LC_MESSAGES or LANG
// (first set wins) starts with "ja", else English.
func messages(env Env) catalogue {
	for _, k := range []string{"GENKAI_LANG", "LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := env.getenv(k); v != "" {
			if strings.HasPrefix(v, "ja") {
				return catalogues["ja"]
			}
			return catalogues["en"]
		}
	}
	return catalogues["en"]
}

// serverOptions are the HTTP API's services and limits from svc.
func serverOptions(svc *wiring.Services, env Env) api.Options {
	cfg := svc.Config
	return api.Options{
		Logger: svc.Log, Monitor: svc.Monitor, Search: svc.MeteredSearch(), Library: svc.Library(), Chat: svc.Chat, Frontend: env.Frontend,
		Observer: svc.Monitor, Logs: svc.ReadLogs,
		MaxBodyBytes: int64(cfg.Server.MaxBodyKB) << 10, APIToken: cfg.Server.APIToken, Limiter: svc.Limiter,
		BindHost: cfg.Server.Host, AllowedHosts: cfg.Server.AllowedHosts, // the browser boundary
		ReloadConfig: func(ctx context.Context) (any, error) { return svc.ReloadConfig(ctx) },
		Maintenance:  svc.Maintenance, Models: svc.MeteredModels(),
		Backups: svc.Backups,
	}
}
