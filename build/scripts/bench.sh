#!/usr/bin/env bash
# Prints the figures the foundation promises, measured on this machine:
#   server ready (first /api/health 200) after exec, median of 10 runs;
#   desktop window visible under Xvfb after exec, median of 5 runs;
#   idle RSS of `server` after 5 s; binary size; then the Go benchmarks.
# Usage: build/scripts/bench.sh build/bin/genkai-rag [build/bin/genkai-rag-headless]
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="$(realpath "${1:?usage: bench.sh BIN}")"
WORK="$(mktemp -d)"
pids=()
trap 'for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
export GENKAI_HOME="$WORK/home" GENKAI_LLM_OLLAMA_HOST=http://127.0.0.1:9
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
"$BIN" config validate >/dev/null # first run creates nothing; make the home once:
"$BIN" server --port 18999 >/dev/null 2>&1 & p=$!; sleep 1; kill -TERM $p; wait $p || true

port=18998
for i in $(seq 10); do
	t0=$(now_ms)
	"$BIN" server --port $port >/dev/null 2>&1 & p=$!
	until curl -sf -o /dev/null "http://127.0.0.1:$port/api/health"; do
		kill -0 $p 2>/dev/null || { echo "bench: server exited" >&2; exit 1; }
		sleep 0.005
	done
	echo $(( $(now_ms) - t0 ))
	kill -TERM $p; wait $p || true
done | median | xargs printf 'server ready (health 200) after exec: %s ms (median of 10)\n'

# idle_rss BIN LABEL: RSS and PSS of `server` 5 s after its first requests.
idle_rss() {
	"$1" server --port $port >/dev/null 2>&1 & p=$!; pids+=($p)
	until curl -sf -o /dev/null "http://127.0.0.1:$port/api/health"; do sleep 0.01; done
	curl -sf -o /dev/null "http://127.0.0.1:$port/api/app/info"; sleep 5
	printf 'server idle RSS (%s): %.1f MB (PSS %.1f MB; file-backed %.1f MB)\n' "$2" \
		"$(awk '/^Rss:/ {print $2/1024}' /proc/$p/smaps_rollup)" "$(awk '/^Pss:/ {print $2/1024}' /proc/$p/smaps_rollup)" \
		"$(awk '/RssFile/ {print $2/1024}' /proc/$p/status)"
	kill -TERM $p; wait $p || true
}
# Load from a second process on loopback (build/loadgen).
go build -o "$WORK/loadgen" ./build/loadgen
"$BIN" server --port $port >/dev/null 2>&1 & p=$!; pids+=($p)
until curl -sf -o /dev/null "http://127.0.0.1:$port/api/health"; do sleep 0.01; done
"$WORK/loadgen" -url "http://127.0.0.1:$port/api/health" -c 4 -d 10s
"$WORK/loadgen" -url "http://127.0.0.1:$port/api/system/status" -c 4 -d 5s
kill -TERM $p; wait $p || true

idle_rss "$BIN" "desktop binary"
[ -z "${2:-}" ] || idle_rss "$(realpath "$2")" "headless binary"

if command -v Xvfb >/dev/null && command -v xdotool >/dev/null; then
	Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$WORK/display" 2>/dev/null & pids+=($!)
	until [ -s "$WORK/display" ]; do sleep 0.05; done
	export DISPLAY=":$(cat "$WORK/display")"
	for i in $(seq 5); do
		t0=$(now_ms)
		"$BIN" >"$WORK/desktop.log" 2>&1 & p=$!
		until xdotool search --onlyvisible --name RAG >/dev/null 2>&1; do
			kill -0 $p 2>/dev/null || { echo "bench: desktop app exited: $(cat "$WORK/desktop.log")" >&2; exit 1; }
			[ $(( $(now_ms) - t0 )) -lt 30000 ] || { echo "bench: no window after 30 s" >&2; kill -KILL $p; exit 1; }
			sleep 0.01
		done
		echo $(( $(now_ms) - t0 ))
		sleep 1; kill -TERM $p; wait $p || true
	done | median | xargs printf 'desktop window visible after exec: %s ms (median of 5, Xvfb)\n'
fi
printf 'binary size: %.1f MB (%s bytes, stripped)\n' "$(stat -c %s "$BIN" | awk '{print $1/1048576}')" "$(stat -c %s "$BIN")"
echo "Go benchmarks:"
go test -run '^$' -bench . -benchmem ./backend/... | grep -E '^(Benchmark|ok|FAIL)'
