package backup

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/genkai-rag/genkai-rag/backend/config"
)

// hostileConfig is an archive's configuration that tries to open the
// server to the network, replace its token, read any folder, write the
// log anywhere and talk to another Ollama.
const hostileConfig = `# from another machine
llm:
  default_model: archived-model # kept
  ollama_host: http://evil.example:11434
server:
  host: 0.0.0.0
  api_token: evil-token-0123456789
  allowed_hosts: [evil.example]
  source_policy: open
  source_roots: [/]
  allow_private_sites: true
monitoring:
  log_file: /etc/evil.log
  log_level: DEBUG
`

// archiveWith makes an archive of h whose config folder holds yaml and
// env (none if ""), then puts the current configuration back.
func archiveWith(t *testing.T, svc *Service, h interface {
	Config() string
	ConfigFile() string
}, yaml, env string) string {
	t.Helper()
	cur, _ := os.ReadFile(h.ConfigFile())
	curEnv, envErr := os.ReadFile(filepath.Join(h.Config(), ".env"))
	os.WriteFile(h.ConfigFile(), []byte(yaml), 0o600)
	os.Remove(filepath.Join(h.Config(), ".env"))
	if env != "" {
		os.WriteFile(filepath.Join(h.Config(), ".env"), []byte(env), 0o600)
	}
	info, err := svc.Create(t.Context(), CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(h.ConfigFile(), cur, 0o600)
	os.Remove(filepath.Join(h.Config(), ".env"))
	if envErr == nil {
		os.WriteFile(filepath.Join(h.Config(), ".env"), curEnv, 0o600)
	}
	return info.Path
}

func TestRestoreKeepsProtectedKeys(t *testing.T) {
	ctx := t.Context()
	h, db := testHome(t)
	svc := New(h, db, Options{})
	current := "llm:\n  default_model: mine\nserver:\n  api_token: current-secret-0123456789\n"
	os.WriteFile(h.ConfigFile(), []byte(current), 0o600)
	os.WriteFile(filepath.Join(h.Config(), ".env"), []byte("GENKAI_LLM_OLLAMA_HOST=http://127.0.0.1:11500\n"), 0o600)
	p := archiveWith(t, svc, h, hostileConfig, "GENKAI_SERVER_HOST=0.0.0.0\nexport GENKAI_SERVER_API_TOKEN='evil-token-0123456789'\nGENKAI_LLM_NUM_CTX=4096 # kept\n")

	// Inspect tells what would be reset, and changes nothing.
	in, err := svc.Inspect(ctx, p)
	if err != nil || !in.Valid {
		t.Fatalf("inspect = %+v, %v", in, err)
	}
	if b, _ := os.ReadFile(h.ConfigFile()); string(b) != current {
		t.Fatalf("inspect changed the config: %q", b)
	}

	res, err := svc.Restore(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	var keys, messages []string
	for _, r := range res.Resets {
		keys = append(keys, r.Key)
		messages = append(messages, r.Message)
	}
	want := []string{"server.host", "server.api_token", "server.allowed_hosts", "server.source_policy", "server.source_roots",
		"server.allow_private_sites", "monitoring.log_file", "llm.ollama_host", ".env GENKAI_SERVER_HOST", ".env GENKAI_SERVER_API_TOKEN"}
	if !slices.Equal(keys, want) {
		t.Errorf("resets %q\nwant %q", keys, want)
	}
	var inKeys []string
	for _, r := range in.Resets {
		inKeys = append(inKeys, r.Key)
	}
	if !slices.Equal(inKeys, keys) {
		t.Errorf("inspect announced %q, restore reset %q", inKeys, keys)
	}
	all := strings.Join(messages, "\n")
	for _, m := range []string{
		"server.host from the archive (0.0.0.0) was not applied; kept 127.0.0.1",
		"llm.ollama_host from the archive (http://evil.example:11434) was not applied; kept http://127.0.0.1:11434",
		"monitoring.log_file from the archive (/etc/evil.log) was not applied; kept ./logs/genkai_rag.log",
		"server.source_roots from the archive ([/]) was not applied; kept (none)",
	} {
		if !strings.Contains(all, m) {
			t.Errorf("messages lack %q:\n%s", m, all)
		}
	}
	if strings.Contains(all, "evil-token") || strings.Contains(all, "current-secret") {
		t.Errorf("a token appears in the messages:\n%s", all)
	}

	cfg, _, err := config.Load(h.ConfigFile(), true, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := cfg.Server
	if s.Host != "127.0.0.1" || s.APIToken != "current-secret-0123456789" || len(s.AllowedHosts) != 0 || s.SourcePolicy != "auto" ||
		len(s.SourceRoots) != 0 || s.AllowPrivateSites || cfg.Monitoring.LogFile != "./logs/genkai_rag.log" || cfg.LLM.OllamaHost != "http://127.0.0.1:11500" {
		t.Errorf("protected keys after restore: %+v log %q ollama %q", s, cfg.Monitoring.LogFile, cfg.LLM.OllamaHost)
	}
	// The rest of the archive's configuration is restored, comments too.
	b, _ := os.ReadFile(h.ConfigFile())
	if cfg.LLM.DefaultModel != "archived-model" || cfg.Monitoring.LogLevel != "DEBUG" || !strings.Contains(string(b), "# kept") {
		t.Errorf("restored config lost the archive's other keys:\n%s", b)
	}
	env, _ := os.ReadFile(filepath.Join(h.Config(), ".env"))
	if strings.Contains(string(env), "0.0.0.0") || strings.Contains(string(env), "evil") ||
		!strings.Contains(string(env), "GENKAI_LLM_NUM_CTX=4096") || !strings.Contains(string(env), "GENKAI_LLM_OLLAMA_HOST=http://127.0.0.1:11500") {
		t.Errorf("restored .env:\n%s", env)
	}
}

func TestRestoreAppliesHarmlessValues(t *testing.T) {
	h, db := testHome(t)
	svc := New(h, db, Options{})
	// A log file inside the data home and the same host as now: nothing
	// to reset.
	p := archiveWith(t, svc, h, "server:\n  host: 127.0.0.1\nmonitoring:\n  log_file: logs/other.log\n", "")
	res, err := svc.Restore(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Resets) != 0 {
		t.Errorf("resets %+v", res.Resets)
	}
	cfg, _, err := config.Load(h.ConfigFile(), true, nil)
	if err != nil || cfg.Monitoring.LogFile != "logs/other.log" {
		t.Errorf("log file %v %v", cfg, err)
	}
}

func TestRestoreRefusesInvalidConfig(t *testing.T) {
	ctx := t.Context()
	h, db := testHome(t)
	svc := New(h, db, Options{})
	// A key given twice: one copy must not hide the other.
	twice := archiveWith(t, svc, h, "server:\n  host: 0.0.0.0\n  api_token: evil-token-0123456789\nllm:\n  default_model: x\nserver:\n  port: 8001\n", "")
	if _, err := svc.Restore(ctx, twice); !errors.Is(err, ErrInvalidConfig) || !strings.Contains(err.Error(), "server (line 6) is given twice") {
		t.Errorf("duplicate key: %v", err)
	}
	p := archiveWith(t, svc, h, "monitoring:\n  log_level: LOUD\nconcurrency:\n  max_queue_size: -5\n", "")
	cfg, _ := os.ReadFile(h.ConfigFile())
	want := titles(t, db)
	before := folder(t, svc.Dir())
	_, verr := svc.Verify(ctx, p)
	_, rerr := svc.Restore(ctx, p)
	for _, err := range []error{verr, rerr} {
		if !errors.Is(err, ErrInvalidConfig) || !strings.Contains(err.Error(), "monitoring.log_level") || !strings.Contains(err.Error(), "concurrency.max_queue_size") {
			t.Errorf("err = %v, want ErrInvalidConfig listing both keys", err)
		}
	}
	if b, _ := os.ReadFile(h.ConfigFile()); string(b) != string(cfg) || titles(t, db) != want {
		t.Error("a refused restore changed the data or config")
	}
	if after := folder(t, svc.Dir()); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("backups folder %v, was %v", after, before)
	}
	in, err := svc.Inspect(ctx, p)
	if err != nil || in.Valid || !strings.Contains(in.Error, "monitoring.log_level") {
		t.Errorf("inspect = %+v %v", in, err)
	}
}

// TestRestoreKeepsTeamServerSettings: an archive that does not set the
// protected keys does not take away the current ones (a team server
// bound to its network interface keeps its host and token).
func TestRestoreKeepsTeamServerSettings(t *testing.T) {
	h, db := testHome(t)
	svc := New(h, db, Options{})
	os.WriteFile(h.ConfigFile(), []byte("server:\n  host: 0.0.0.0\n  api_token: team-token-0123456789\n"), 0o600)
	p := archiveWith(t, svc, h, "llm:\n  default_model: archived\n", "")
	res, err := svc.Restore(t.Context(), p)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := config.Load(h.ConfigFile(), true, nil)
	if err != nil || cfg.Server.Host != "0.0.0.0" || cfg.Server.APIToken != "team-token-0123456789" || cfg.LLM.DefaultModel != "archived" {
		t.Fatalf("after restore %+v %v", cfg, err)
	}
	if len(res.Resets) != 2 || res.Resets[0].Message != "server.host from the archive (127.0.0.1) was not applied; kept 0.0.0.0" {
		t.Errorf("resets %+v", res.Resets)
	}
}
