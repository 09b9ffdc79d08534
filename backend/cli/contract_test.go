package cli

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/genkai-rag/genkai-rag/backend/wiring"
)

// guideCommand is a command from the operations guide, run verbatim by
// bash with only http://localhost:8000 replaced by the test server's
// address, and what its output must be.
type guideCommand struct {
	section string // where the guide has it
	cmd     string
	check   func(out string) string // "" when fine, else the problem
}

func isJSONObject(out string) string {
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		return "not a JSON object: " + err.Error()
	}
	return ""
}

func isNumber(out string) string {
	s := strings.TrimSpace(out)
	if s == "null" || s == "" {
		return "null (jq found no such field)"
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil {
		return "not a number"
	}
	return ""
}

func isWholeNumber(out string) string {
	if _, err := strconv.ParseInt(strings.TrimSpace(out), 10, 64); err != nil {
		return "not a whole number (bash's -gt needs one)"
	}
	return ""
}

func hasKeys(keys ...string) func(string) string {
	return func(out string) string {
		var m map[string]any
		if err := json.Unmarshal([]byte(out), &m); err != nil {
			return "not a JSON object: " + err.Error()
		}
		for _, k := range keys {
			if v, ok := m[k]; !ok || v == nil {
				return "lacks " + k
			}
		}
		return ""
	}
}

func outputHas(want string) func(string) string {
	return func(out string) string {
		if !strings.Contains(out, want) {
			return "lacks " + strconv.Quote(want)
		}
		return ""
	}
}

// TestGuideCommands starts a real `genkai-rag server` and runs the
// operations guide's curl and jq commands against it. It needs curl and
// jq (build/scripts/setup.sh installs both); without them it is skipped,
// unless GENKAI_REQUIRE_TOOLS is set.
func TestGuideCommands(t *testing.T) {
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("GENKAI_REQUIRE_TOOLS") != "" {
				t.Fatalf("%s is required (GENKAI_REQUIRE_TOOLS is set): run build/scripts/setup.sh", tool)
			}
			t.Skipf("%s is not installed (build/scripts/setup.sh installs it); set GENKAI_REQUIRE_TOOLS=1 to make this a failure", tool)
		}
	}
	dir, env := testEnv(t)
	port := freePort(t)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan result)
	go func() { done <- run(t, ctx, env, "server", "--port", strconv.Itoa(port)) }()
	defer func() {
		cancel()
		if r := <-done; r.code != 0 {
			t.Errorf("server exit %d: %s", r.code, r.stderr)
		}
	}()
	base := "http://localhost:" + strconv.Itoa(port)
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := http.Get(base + "/api/health")
		if err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not ready: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Something to measure: one search and one question (Ollama is not
	// running, so the answer is a refusal or a fallback; either is timed).
	for _, req := range []struct{ method, path, body string }{
		{"GET", "/api/search?q=GPU", ""},
		{"POST", "/api/query", `{"question":"GPUジョブの投入方法は？"}`},
	} {
		r, _ := http.NewRequest(req.method, base+req.path, strings.NewReader(req.body))
		r.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}

	healthOut := filepath.Join(t.TempDir(), "health_response.json")
	cmds := []guideCommand{
		{"ヘルスチェック", `curl http://localhost:8000/api/health`, outputHas(`"status":"healthy"`)},
		{"ヘルスチェック", `curl http://localhost:8000/api/health/detailed`, func(out string) string {
			for _, c := range []string{"store", "index", "ollama", "disk", "memory"} {
				if !strings.Contains(out, `"`+c+`":{"status":`) {
					return "lacks check " + c
				}
			}
			return ""
		}},
		{"監視スクリプト例 health_check.sh", `HEALTH_URL="http://localhost:8000/api/health"
response=$(curl -s -w "%{http_code}" -o ` + healthOut + ` "$HEALTH_URL")
http_code="${response: -3}"
if [ "$http_code" -eq 200 ]; then echo "システム正常"; else echo "システム異常 (HTTP: $http_code)"; fi`, outputHas("システム正常")},
		{"パフォーマンスメトリクス", `curl http://localhost:8000/api/system/performance`, hasKeys("performance_stats")},
		{"パフォーマンスメトリクス (unquoted &: bash runs curl in the background)", `curl http://localhost:8000/api/system/performance?operation_type=query&hours=24
wait`, outputHas(`"query":{"average_response_time":`)},
		{"パフォーマンスメトリクス", `curl http://localhost:8000/api/system/status`, hasKeys("memory_usage_mb", "disk_usage_mb", "cpu_percent", "active_sessions", "uptime_seconds", "queue_depth", "ollama", "index", "cache_hit_rate")},
		{"アラート通知スクリプト check_metrics", `metrics=$(curl -s http://localhost:8000/api/system/status)
memory_usage=$(echo "$metrics" | jq -r '.memory_usage_mb')
disk_usage=$(echo "$metrics" | jq -r '.disk_usage_mb')
if [ "$memory_usage" -gt 6400 ]; then echo "高メモリ使用量: ${memory_usage}MB"; fi
if [ "$disk_usage" -gt 18000 ]; then echo "高ディスク使用量: ${disk_usage}MB"; fi
echo "checked $memory_usage $disk_usage"`, func(out string) string {
			if strings.Contains(out, "integer expression expected") || !strings.Contains(out, "checked ") {
				return "bash could not compare the figures"
			}
			f := strings.Fields(out[strings.LastIndex(out, "checked "):])
			if len(f) != 3 || isWholeNumber(f[1]) != "" || isWholeNumber(f[2]) != "" || f[1] == "0" {
				return "memory_usage_mb/disk_usage_mb are not positive whole numbers"
			}
			return ""
		}},
		{"応答時間監視", `curl -s http://localhost:8000/api/system/performance | jq '.performance_stats.query.average_response_time'`, isNumber},
		{"応答時間監視", `curl -s http://localhost:8000/api/system/performance | jq '.performance_stats.query'`, hasKeys("average_response_time", "total_requests", "p50", "p95", "p99", "error_rate", "requests_per_minute")},
		{"スループット監視", `curl -s http://localhost:8000/api/system/performance?hours=1 | jq '.performance_stats.query.total_requests'`, func(out string) string {
			if p := isWholeNumber(out); p != "" {
				return p
			}
			if n, _ := strconv.Atoi(strings.TrimSpace(out)); n < 1 {
				return "the question asked above was not counted"
			}
			return ""
		}},
		{"スループット監視", `curl -s http://localhost:8000/api/system/status | jq '.active_sessions'`, isWholeNumber},
		{"トラブルシューティング 3", `curl http://localhost:8000/api/system/status`, hasKeys("memory_usage_mb", "process_memory_mb")},
		{"設定変更の適用", `curl -X POST http://localhost:8000/api/system/reload-config`, outputHas(`"status":"reloaded"`)},
		{"LLMモデル管理 (JSON either way: the model routes answer 503 when not wired)", `curl http://localhost:8000/api/models/current`, isJSONObject},
		{"週次メンテナンス", `curl -X DELETE http://localhost:8000/api/system/performance`, outputHas(`"status":"cleared"`)},
		{"週次メンテナンス (after the DELETE)", `curl -s http://localhost:8000/api/system/performance | jq '.performance_stats.query.total_requests'`, func(out string) string {
			if strings.TrimSpace(out) != "0" {
				return "not 0 after DELETE"
			}
			return ""
		}},
	}
	for i, c := range cmds {
		t.Run(strconv.Itoa(i)+" "+c.section, func(t *testing.T) {
			script := strings.ReplaceAll(c.cmd, "http://localhost:8000", base)
			cmd := exec.CommandContext(t.Context(), "bash", "-c", script)
			cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if err != nil {
				t.Fatalf("%s\n→ %v\n%s%s", c.cmd, err, out, stderr.String())
			}
			for _, bad := range []string{"integer expression expected", "jq: error", "parse error", "curl: ("} {
				if strings.Contains(stderr.String(), bad) {
					t.Errorf("%s\n→ stderr: %s", c.cmd, stderr.String())
				}
			}
			if p := c.check(string(out)); p != "" {
				t.Errorf("%s\n→ %s\noutput: %s", c.cmd, p, out)
			}
		})
	}

	// `python main.py status` → `genkai-rag status`.
	if r := run(t, t.Context(), env, "status", "--port", strconv.Itoa(port)); r.code != 0 || !strings.Contains(r.stdout, "server: running") || !strings.Contains(r.stdout, "MB (") {
		t.Errorf("genkai-rag status: %+v", r)
	}
	// The status and alert files the guide lists are there.
	for _, name := range []string{wiring.StatusFileName, wiring.AlertFileName} {
		if _, err := os.Stat(filepath.Join(dir, "logs", name)); err != nil {
			t.Errorf("logs/%s: %v", name, err)
		}
	}
}
