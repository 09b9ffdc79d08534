#!/usr/bin/env bash
# Smoke tests of the real binary and package, as a user meets them:
#   1. the .deb lists the binary, the .desktop file and the icons;
#   2. the CLI answers (version, config validate, bad input);
#   3. `server` answers /api/health, serves the web UI, refuses a hostile page
#      and a rebinding host in Chromium (nothing acts), and the UI passes a
#      real-browser check (Chromium via playwright-core); SIGTERM exits 0;
#   4. the desktop app opens a real window under Xvfb, the screenshot is
#      not blank, and SIGTERM exits 0.
# Usage: build/scripts/smoke.sh build/bin/genkai-rag
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="$(realpath "${1:?usage: smoke.sh BIN}")"
OUT="$PWD/build/smoke"
rm -rf "$OUT" && mkdir -p "$OUT"
WORK="$(mktemp -d)"
REAL_HOME="${HOME:-/root}" # the user's real home: checked untouched below
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
	rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
passed=0
pass() { passed=$((passed + 1)); echo "smoke: ok: $*"; }
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 40000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
}
# stop PID NAME: SIGTERM, wait up to 15 s, require exit status 0.
stop() {
	kill -TERM "$1"
	local i
	for i in $(seq 150); do kill -0 "$1" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$1" 2>/dev/null && fail "$2 did not exit within 15 s of SIGTERM"
	local rc=0
	wait "$1" || rc=$?
	[ "$rc" -eq 0 ] || fail "$2 exited $rc after SIGTERM (want 0)"
	pass "$2 exits 0 on SIGTERM"
}

# 1. package contents
deb=$(ls -t build/dist/genkai-rag_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "no .deb in build/dist: run make package"
listing=$(dpkg-deb -c "$deb")
for f in ./usr/bin/genkai-rag ./usr/share/applications/genkai-rag.desktop ./usr/share/icons/hicolor/256x256/apps/genkai-rag.png; do
	grep -q " $f\$" <<<"$listing" || fail "$deb lacks $f"
done
dpkg-deb -f "$deb" Depends | grep -q "libwebkit2gtk-4.1-0" || fail "$deb does not depend on libwebkit2gtk-4.1-0"
pass "package $(basename "$deb") lists binary, .desktop file and icons"

# 2. CLI
export GENKAI_HOME="$WORK/home" LANG=C.UTF-8
# Never the real home: the app, WebKit (hsts-storage.sqlite, storage/) and
# Chromium write only under $WORK. Checked after the desktop run (step 4).
export HOME="$WORK/user" XDG_DATA_HOME="$WORK/user/.local/share" XDG_CONFIG_HOME="$WORK/user/.config" \
	XDG_CACHE_HOME="$WORK/user/.cache" XDG_STATE_HOME="$WORK/user/.local/state"
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"
touch "$WORK/stamp"
"$BIN" version | grep -q "^genkai-rag " || fail "version"
"$BIN" config validate | grep -q "config OK" || fail "config validate (defaults)"
printf 'server:\n  port: 0\n' >"$WORK/bad.yaml"
rc=0; "$BIN" config validate --config "$WORK/bad.yaml" >/dev/null 2>"$WORK/err" || rc=$?
[ "$rc" -eq 2 ] && grep -q "server.port: must be between 1 and 65535" "$WORK/err" || fail "invalid config: exit $rc, $(cat "$WORK/err")"
rc=0; "$BIN" frobnicate 2>/dev/null || rc=$?
[ "$rc" -eq 2 ] || fail "unknown command exit $rc (want 2)"
pass "CLI: version, config validate, bad input"

# 3. server + browser
port=$(free_port)
"$BIN" server --port "$port" --log-level DEBUG >"$OUT/server.log" 2>&1 &
spid=$!; pids+=("$spid")
for i in $(seq 200); do
	code=$(curl -s -o "$WORK/health.json" -w '%{http_code}' "http://127.0.0.1:$port/api/health" || true)
	[ "$code" = 200 ] && break
	kill -0 "$spid" 2>/dev/null || fail "server died: $(cat "$OUT/server.log")"
	sleep 0.05
done
[ "$code" = 200 ] || fail "/api/health answered $code"
grep -q '"status":"healthy"' "$WORK/health.json" || fail "health body: $(cat "$WORK/health.json")"
pass "server /api/health 200"
curl -sf "http://127.0.0.1:$port/" | grep -q '<div id="root">' || fail "server does not serve the web UI"
rc=0; "$BIN" server --port "$port" 2>"$WORK/err" || rc=$?
[ "$rc" -ne 0 ] && grep -q "already in use" "$WORK/err" || fail "port in use: exit $rc, $(cat "$WORK/err")"
# The browser boundary: a page on another origin fires cross-site fetches
# and form posts at the server, and a name rebound to 127.0.0.1 reads it;
# the server must refuse them all (its log shows the refusals) and its
# sources, sessions and backups must stay as they were.
mkdir -p "$WORK/secret"
printf '# 秘密\n\nthe vault code is zebracorn42.\n' >"$WORK/secret/secret.md"
(cd frontend && E2E_URL="http://127.0.0.1:$port/" E2E_SECRET_DIR="$WORK/secret" E2E_SECRET_WORD="zebracorn42" E2E_SERVER_LOG="$OUT/server.log" node e2e/hostile.mjs) || fail "browser boundary: a hostile page or a rebinding host got through"
pass "browser boundary in Chromium: cross-site fetches and forms, rebinding host all refused; nothing changed"
# The browser adds a folder in ライブラリ, waits for the sync and finds a
# word from it with the search box, all through the real server.
mkdir -p "$WORK/docs"
printf '# GPUジョブ\n\n玄界でGPUジョブを投入するには pjsub を使い、リソースグループ b-batch を指定します。\n' >"$WORK/docs/gpu.md"
(cd frontend && E2E_URL="http://127.0.0.1:$port/" E2E_SCREENSHOT="$OUT/browser.png" E2E_SYNC_DIR="$WORK/docs" E2E_SYNC_WORD="pjsub" node e2e/smoke.mjs) || fail "browser end-to-end check"
pass "web UI in Chromium: add a folder, sync, search (screenshot build/smoke/browser.png)"
(cd frontend && E2E_URL="http://127.0.0.1:$port/" E2E_SMOKE_DIR="$OUT" node e2e/layout.mjs) || fail "layout: a page overflows or shows an untranslated key"
pass "web UI layout: every page at 390, 800 and 1280 px in ja and en, no overflow, no untranslated key (build/smoke/layout-*.png)"
stop "$spid" "server"

# 4. desktop window under Xvfb
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$WORK/display" 2>/dev/null &
pids+=($!)
for i in $(seq 100); do [ -s "$WORK/display" ] && break; sleep 0.05; done
export DISPLAY=":$(cat "$WORK/display")"
"$BIN" >"$OUT/desktop.log" 2>&1 &
dpid=$!; pids+=("$dpid")
for i in $(seq 300); do
	xdotool search --onlyvisible --name "RAG" >/dev/null 2>&1 && break
	kill -0 "$dpid" 2>/dev/null || fail "desktop app died: $(cat "$OUT/desktop.log")"
	sleep 0.1
done
xdotool search --onlyvisible --name "RAG" >/dev/null 2>&1 || fail "no window titled 玄界RAG within 30 s"
pass "desktop window visible"
# Wait for the page to render: the UI (navigation, text) makes the
# screenshot far from uniform; a blank or failed webview stays flat.
for i in $(seq 60); do
	/usr/bin/import -window root "$OUT/desktop.png"
	sd=$(/usr/bin/convert "$OUT/desktop.png" -colorspace Gray -format '%[fx:standard_deviation]' info:)
	colors=$(/usr/bin/convert "$OUT/desktop.png" -format '%k' info:)
	awk -v s="$sd" -v c="$colors" 'BEGIN { exit !(s > 0.05 && c > 50) }' && break
	sleep 0.25
done
awk -v s="$sd" -v c="$colors" 'BEGIN { exit !(s > 0.05 && c > 50) }' || fail "desktop screenshot looks blank (stddev $sd, $colors colours): build/smoke/desktop.png"
pass "desktop screenshot not blank (stddev $sd, $colors colours; build/smoke/desktop.png)"
grep -q "panic" "$OUT/desktop.log" && fail "desktop log shows a panic: $(cat "$OUT/desktop.log")"
stop "$dpid" "desktop app"
touched=$(find "$REAL_HOME/.local/share/genkai-rag" "$REAL_HOME/.config/genkai-rag" "$REAL_HOME/.cache/genkai-rag" -newer "$WORK/stamp" 2>/dev/null | head -3 || true)
[ -z "$touched" ] || fail "the smoke run wrote into the real home: $touched"
[ -n "$(find "$WORK/user" -path '*genkai-rag*' -print -quit)" ] || fail "WebKit wrote nothing under the test HOME ($WORK/user): where did it go?"
pass "desktop app and WebKit wrote only under the test HOME"
[ -s "$GENKAI_HOME/logs/genkai_rag.log" ] || fail "no log file written"
echo "smoke: $passed passed, 0 failed"
