package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/config"
	"github.com/genkai-rag/genkai-rag/backend/home"
	"github.com/genkai-rag/genkai-rag/backend/llm"
	"github.com/genkai-rag/genkai-rag/backend/monitor"
	"github.com/genkai-rag/genkai-rag/backend/store"
)

// statusReport is what `genkai-rag status --json` prints. Source says
// whether a running server answered ("server") or the local files were read
// ("local"); Status is "healthy" or "unhealthy" in both cases.
type statusReport struct {
	Source    string `json:"source"`
	ServerURL string `json:"server_url"`
	// AddressFrom says where ServerURL came from: "server_file" (what a
	// running server recorded in data/server.json), "flags" or "config".
	AddressFrom string `json:"address_from"`
	// StaleServerFile says why a server file was ignored (its process is
	// gone or its URL does not answer for this data home).
	StaleServerFile string                `json:"stale_server_file,omitempty"`
	Status          string                `json:"status"`
	Server          *monitor.SystemStatus `json:"server,omitempty"`
	DataHome        string                `json:"data_home"`
	HomeExists      bool                  `json:"data_home_exists"`
	ConfigFile      string                `json:"config_file"`
	Config          string                `json:"config"`
	Problems        []config.Problem      `json:"config_problems,omitempty"`
	Database        *store.Info           `json:"database,omitempty"`
	DBError         string                `json:"database_error,omitempty"`
	Ollama          *llm.Status           `json:"ollama,omitempty"`

	ollamaHostInfo // ollama_host, ollama_host_source (ollamahost.go)
}

// runStatus asks a running server: the one recorded in the data home's
// server file (any port), else the configured address; --host or --port ask
// that address only. If none answers it reports the local state read-only:
// it creates and changes nothing (a stale server file is reported, not
// removed). It exits 1 when something is unhealthy.
func runStatus(ctx context.Context, env Env, o options) error {
	root, cfgPath, explicit, err := paths(env, o)
	if err != nil {
		return err
	}
	cfg, src, cfgErr := loadConfig(env, o, cfgPath, explicit)
	r := statusReport{DataHome: root, ConfigFile: cfgPath, Config: "ok", Status: monitor.StatusHealthy}
	if cfgErr != nil {
		r.Config, r.Status = cfgErr.Error(), monitor.StatusUnhealthy
		if ce, ok := cfgErr.(*config.Error); ok {
			r.Config, r.Problems = "invalid", ce.Problems
		}
		cfg, src = config.Default(), nil // still try the default address
		if o.set["host"] {
			cfg.Server.Host = strings.Trim(o.host, "[]")
		}
		if o.set["port"] {
			cfg.Server.Port = o.port
		}
	}
	r.ServerURL, r.AddressFrom = configuredURL(cfg.Server.Host, cfg.Server.Port), "config"
	if o.set["host"] || o.set["port"] {
		r.AddressFrom = "flags"
	} else if url, stale := recordedServer(ctx, home.Home{Root: root}, cfg.Server.APIToken); url != "" {
		r.ServerURL, r.AddressFrom = url, "server_file"
	} else {
		r.StaleServerFile = stale
	}
	if st, err := askServer(ctx, r.ServerURL, cfg.Server.APIToken); err == nil {
		r.Source, r.Server, r.Status = "server", st, st.Status
	} else {
		r.Source = "local"
		_, r.HomeExists = home.Open(root)
		if info, err := store.Inspect(ctx, home.Home{Root: root}.Database()); err != nil {
			r.DBError, r.Status = err.Error(), monitor.StatusUnhealthy
		} else if info.Exists {
			r.Database = &info
		}
		if cfg.LLM.Provider == config.ProviderOpenAI {
			key, _ := config.OpenAIKey(env.Environ)
			if c, err := llm.NewOpenAI(cfg.LLM.OpenAIBaseURL, key, llm.Options{}); err == nil {
				st := c.Probe(ctx)
				r.Ollama = &st
			}
		} else if c, err := llm.New(cfg.LLM.OllamaHost, nil); err == nil {
			st := c.Probe(ctx)
			r.Ollama = &st
		}
	}
	r.ollamaHostInfo = ollamaHostOf(cfg, src, r.Server)
	if o.json {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(r); err != nil {
			return err
		}
	} else {
		printStatus(env.Stdout, messages(env), env.Version, r)
		printOllamaHost(env.Stdout, env, r.ollamaHostInfo)
	}
	if r.Status != monitor.StatusHealthy {
		return exitErr{ExitFailure}
	}
	return nil
}

func askServer(ctx context.Context, base, token string) (*monitor.SystemStatus, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/system/status", nil)
	if err != nil {
		return nil, err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("server answered %s", res.Status)
	}
	var st monitor.SystemStatus
	if err := json.NewDecoder(io.LimitReader(res.Body, 1<<20)).Decode(&st); err != nil {
		return nil, fmt.Errorf("read server status: %w", err)
	}
	return &st, nil
}

func printStatus(w io.Writer, m catalogue, version string, r statusReport) {
	health := m.healthy
	if r.Status != monitor.StatusHealthy {
		health = m.unhealthy
	}
	fmt.Fprintf(w, "genkai-rag %s\n", version)
	if r.Server != nil {
		st := r.Server
		fmt.Fprintf(w, "%s %s (%s %s, v%s)\n%s\n", m.serverUp, r.ServerURL, m.uptime, (time.Duration(st.UptimeSeconds) * time.Second).String(), st.Version, health)
		for name, c := range st.Checks {
			fmt.Fprintf(w, "  %s: %s %s\n", name, c.Status, c.Detail)
		}
		fmt.Fprintf(w, "%s: %s\n", m.dataHome, st.DataHome)
		if !st.SampledAt.IsZero() {
			fmt.Fprintf(w, "CPU %.1f%%, memory %d/%d MB (%.1f%%, this process %d MB), disk %d/%d MB (%.1f%%), queue %d, active sessions %d, alerts %s\n",
				st.CPUPercent, st.MemoryUsageMB, st.MemoryTotalMB, st.MemoryUsagePercent, st.ProcessMemoryMB,
				st.DiskUsageMB, st.DiskTotalMB, st.DiskUsagePercent, st.QueueDepth, st.ActiveSessions, st.AlertLevel)
		}
		printOllama(w, m, &st.Ollama)
		return
	}
	fmt.Fprintf(w, "%s: %s\n%s\n", m.serverDown, r.ServerURL, health)
	if r.StaleServerFile != "" {
		fmt.Fprintf(w, "  (%s: ignored)\n", r.StaleServerFile)
	}
	suffix := ""
	if !r.HomeExists {
		suffix = " " + m.notCreated
	}
	fmt.Fprintf(w, "%s: %s%s\n", m.dataHome, r.DataHome, suffix)
	fmt.Fprintf(w, "%s: %s (%s)\n", m.config, r.Config, r.ConfigFile)
	for _, p := range r.Problems {
		fmt.Fprintf(w, "  %s\n", p)
	}
	switch {
	case r.DBError != "":
		fmt.Fprintf(w, "%s: %s\n", m.database, r.DBError)
	case r.Database != nil:
		fmt.Fprintf(w, "%s: %s %d, %.1f MB\n", m.database, m.schema, r.Database.SchemaVersion, float64(r.Database.SizeBytes)/1e6)
	default:
		fmt.Fprintf(w, "%s: %s\n", m.database, m.noDatabase)
	}
	printOllama(w, m, r.Ollama)
}

func printOllama(w io.Writer, m catalogue, st *llm.Status) {
	if st == nil {
		return
	}
	if st.Phase == llm.PhaseEndpoint {
		if st.Reachable {
			fmt.Fprintf(w, "%s %s\n", m.endpointUp, st.Host)
		} else {
			fmt.Fprintf(w, "%s: %s (%s)\n", m.endpointDown, st.Host, st.Error)
		}
		return
	}
	if st.Reachable {
		fmt.Fprintf(w, "%s (%s) %s\n", m.ollamaUp, st.Version, st.Host)
	} else {
		fmt.Fprintf(w, "%s: %s (%s)\n", m.ollamaDown, st.Host, st.Error)
	}
}
