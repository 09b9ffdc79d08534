package cli

import (
	"context"
	"errors"
	"io"
	"path/filepath"
	"strconv"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

// BootFunc starts the services; the desktop app calls it from OnStartup.
type BootFunc func(ctx context.Context) (*wiring.Services, error)

// boot starts the services (wiring.Boot) for a command: the data home and
// configuration file from env and the flags, the flags on top of the
// configuration. Log records also go to also when it is not nil.
func boot(ctx context.Context, env Env, o options, also io.Writer) (*wiring.Services, error) {
	root, cfgPath, explicit, err := paths(env, o)
	if err != nil {
		return nil, err
	}
	return wiring.Boot(ctx, wiring.Options{
		Root: root, ConfigFile: cfgPath, Explicit: explicit,
		Load:    func() (*config.Config, *config.Source, error) { return loadConfig(env, o, cfgPath, explicit) },
		Environ: env.Environ, Version: env.Version, Also: also,
	})
}

// mb is n bytes in MiB.
func mb(n int64) float64 { return float64(n) / (1 << 20) }

// paths resolves the data home and the configuration file. explicit is true
// when --config named the file (then it must exist).
func paths(env Env, o options) (root, cfgPath string, explicit bool, err error) {
	root, err = home.Resolve(o.dataDir, env.getenv)
	if err != nil {
		return "", "", false, err
	}
	if o.config != "" {
		abs, err := filepath.Abs(o.config)
		return root, abs, true, err
	}
	return root, home.Home{Root: root}.ConfigFile(), false, nil
}

// loadConfig reads the configuration with the command-line flags on top:
// they become GENKAI_* variables, so they are validated like everything else;
// --port 0 (any free port) is set after validation.
func loadConfig(env Env, o options, cfgPath string, explicit bool) (*config.Config, *config.Source, error) {
	environ := append([]string(nil), env.Environ...)
	if o.set["log-level"] {
		environ = append(environ, config.EnvName("monitoring.log_level")+"="+o.logLevel)
	}
	if o.set["host"] {
		environ = append(environ, config.EnvName("server.host")+"="+o.host)
	}
	anyPort := o.set["port"] && o.port == 0
	if o.set["port"] && !anyPort {
		environ = append(environ, config.EnvName("server.port")+"="+strconv.Itoa(o.port))
	}
	cfg, src, err := config.Load(cfgPath, explicit, environ)
	if anyPort && cfg != nil {
		// --port 0: a free port chosen when listening, recorded in the
		// data home's server file (data/server.json) for other commands.
		cfg.Server.Port = 0
	}
	return cfg, src, err
}

func isConfigError(err error) bool {
	var ce *config.Error
	return errors.As(err, &ce)
}
