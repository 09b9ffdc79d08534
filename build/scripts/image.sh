#!/usr/bin/env bash
# Builds the OCI image of the headless server (build/container/Containerfile)
# from build/bin/genkai-rag-headless with no registry, and checks it by its
# contents (these machines cannot run containers; see README "Container"):
#   - the image config: non-root user 10001, GENKAI_HOME=/data, volume /data,
#     port 8000, entrypoint `genkai-rag-server server --host 0.0.0.0`;
#   - the files: the static binary, CA certificates, /etc/passwd with the
#     user, /data owned by it; the binary in the image runs `version`.
# It writes build/dist/genkai-rag-server-image_VERSION.tar (an OCI archive:
# `podman load -i FILE`, `docker load -i FILE` with Docker ≥ 25).
# Builder: Debian's buildah (vfs storage; the image then shows in
# `podman images` too). Without it, or when it cannot work here, it says why
# and exits 0 unless GENKAI_REQUIRE_IMAGE=1. Usage: build/scripts/image.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION="${1:?usage: image.sh VERSION}"
NAME=localhost/genkai-rag-server
TAG="$(tr -c 'A-Za-z0-9_.\n-' '_' <<<"$VERSION")" # an OCI tag has no '+'
fail() { echo "image: FAIL: $*" >&2; exit 1; }
skip() {
	[ "${GENKAI_REQUIRE_IMAGE:-}" = 1 ] && fail "$* (GENKAI_REQUIRE_IMAGE=1)"
	echo "image: SKIP: $*"
	exit 0
}
pass() { echo "image: ok: $*"; }
[ -x build/bin/genkai-rag-headless ] || fail "build/bin/genkai-rag-headless is missing: run make headless"
go version -m build/bin/genkai-rag-headless | grep -q 'CGO_ENABLED=0' || fail "build/bin/genkai-rag-headless is not static (build it with CGO_ENABLED=0: make headless)"

# The compose file: valid for docker-compose (schema and interpolation), it
# refuses to start without GENKAI_SERVER_API_TOKEN, and every GENKAI_*
# variable it gives the server is a config key the binary accepts, with the
# server bound to 0.0.0.0 as in the image.
if command -v docker-compose >/dev/null; then
	compose=(docker-compose --project-directory build/container -f build/container/compose.yaml)
	rc=0; out=$(env -u GENKAI_SERVER_API_TOKEN "${compose[@]}" config 2>&1) || rc=$?
	[ "$rc" -ne 0 ] && grep -q 'set GENKAI_SERVER_API_TOKEN' <<<"$out" || fail "compose.yaml without GENKAI_SERVER_API_TOKEN: exit $rc, want a refusal naming it: $out"
	resolved=$(GENKAI_SERVER_API_TOKEN=compose-check-token-0123456789 "${compose[@]}" config 2>&1) || fail "docker-compose config: $resolved"
	mapfile -t cenv < <(python3 -c 'import sys, yaml
for k, v in yaml.safe_load(sys.stdin)["services"]["server"]["environment"].items(): print(f"{k}={v}")' <<<"$resolved")
	[ "${#cenv[@]}" -gt 0 ] || fail "compose.yaml gives the server no environment"
	h="$(mktemp -d)"
	rc=0; out=$(env -i PATH="$PATH" HOME="$h" GENKAI_HOME="$h/home" "${cenv[@]}" GENKAI_SERVER_HOST=0.0.0.0 build/bin/genkai-rag-headless config validate 2>&1) || rc=$?
	rm -rf "$h"
	[ "$rc" -eq 0 ] && ! grep -qi 'warning' <<<"$out" || fail "the compose environment (${cenv[*]}) is not a valid config: $out"
	pass "compose.yaml: docker-compose accepts it, refuses to start without GENKAI_SERVER_API_TOKEN, and its ${#cenv[@]} GENKAI_* settings are valid config keys"
else
	echo "image: SKIP: docker-compose is not installed (apt-get install docker-compose): compose.yaml not checked"
fi

command -v buildah >/dev/null || skip "buildah is not installed (apt-get install buildah; build/scripts/setup.sh installs it): image not built"
B=(buildah --storage-driver vfs)
CA=/etc/ssl/certs/ca-certificates.crt
[ -s "$CA" ] || fail "$CA is missing (apt package ca-certificates): the image needs it to index https sites"

CTX="$(mktemp -d)"
ctr=""
cleanup() {
	[ -z "$ctr" ] || { "${B[@]}" umount "$ctr" >/dev/null 2>&1 || true; "${B[@]}" rm "$ctr" >/dev/null 2>&1 || true; }
	rm -rf "$CTX"
}
trap cleanup EXIT
cp build/container/Containerfile build/container/passwd build/container/group "$CTX/"
cp "$CA" "$CTX/ca-certificates.crt"
cp build/bin/genkai-rag-headless "$CTX/genkai-rag-server"
mkdir -p "$CTX/dirs/data" "$CTX/dirs/tmp"
chmod 0700 "$CTX/dirs/data" && chmod 1777 "$CTX/dirs/tmp"
tar -C "$CTX/dirs" --numeric-owner --owner=0 --group=0 -cf "$CTX/dirs.tar" tmp
tar -C "$CTX/dirs" --numeric-owner --owner=10001 --group=10001 -rf "$CTX/dirs.tar" data

# Earlier builds of this image (other versions, or this one untagged by the
# rebuild) are removed once the new one is built: storage does not grow.
old=$("${B[@]}" images --noheading --format '{{.ID}} {{.Name}}' | awk -v n="$NAME" '$2 == n { print $1 }')
start=$(date +%s.%N)
if ! out=$("${B[@]}" bud --format oci --layers=false --build-arg "VERSION=$VERSION" -t "$NAME:$TAG" -t "$NAME:latest" -f "$CTX/Containerfile" "$CTX" 2>&1); then
	grep -Eqi 'user namespace|newuidmap|operation not permitted|cannot clone|mount' <<<"$out" &&
		skip "${B[0]} cannot build in this sandbox: $(tail -3 <<<"$out")"
	fail "${B[0]} bud: $out"
fi
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
pass "${B[0]} built $NAME:$TAG (and :latest, which compose.yaml runs) in ${secs} s"
new=$("${B[@]}" images --noheading --format '{{.ID}}' "$NAME:$TAG")
for id in $old; do [ "$id" = "$new" ] || "${B[@]}" rmi -f "$id" >/dev/null 2>&1 || true; done

# The image config.
cfg=$("${B[@]}" inspect --type image "$NAME:$TAG" | jq -c '.OCIv1.config')
want() { jq -e "$1" >/dev/null <<<"$cfg" || fail "image config: want $1, have $cfg"; }
want '.User == "10001:10001"'
want '.Env | index("GENKAI_HOME=/data") != null'
want '.Volumes | has("/data")'
want '.ExposedPorts | has("8000/tcp")'
want '.Entrypoint == ["/usr/bin/genkai-rag-server"]'
want '.Cmd == ["server", "--host", "0.0.0.0", "--port", "8000"]'
want '[.Env[] | select(startswith("GENKAI_SERVER_API_TOKEN"))] | length == 0'
pass "config: user 10001:10001, GENKAI_HOME=/data, volume /data, port 8000, server --host 0.0.0.0, no token baked in"

# The files, through a mount of a working container.
ctr=$("${B[@]}" from --pull-never "$NAME:$TAG")
root=$("${B[@]}" mount "$ctr")
for f in usr/bin/genkai-rag-server etc/passwd etc/group etc/ssl/certs/ca-certificates.crt; do
	[ -s "$root/$f" ] || fail "the image lacks /$f"
done
grep -q '^genkai:x:10001:10001:' "$root/etc/passwd" || fail "/etc/passwd has no user genkai (10001)"
[ "$(stat -c '%u:%g %a' "$root/data")" = "10001:10001 700" ] || fail "/data is $(stat -c '%u:%g %a' "$root/data"), want 10001:10001 700"
[ "$(stat -c '%a' "$root/tmp")" = 1777 ] || fail "/tmp is mode $(stat -c '%a' "$root/tmp"), want 1777"
cmp -s "$root/usr/bin/genkai-rag-server" build/bin/genkai-rag-headless || fail "the image's binary differs from build/bin/genkai-rag-headless"
n=$(find "$root" -mindepth 1 -not -type d | wc -l)
v=$(GENKAI_HOME="$CTX/home" HOME="$CTX/home" "$root/usr/bin/genkai-rag-server" version) || fail "the image's binary does not run"
size=$(du -sk "$root" | cut -f1)
pass "files: $n (binary, CA certificates, passwd, group), /data 10001:10001 0700, /tmp 1777, ${size} KiB; binary runs: $v"
"${B[@]}" umount "$ctr" >/dev/null

# Run the image's server. `podman run` and buildah's default (OCI) isolation
# cannot start containers on these machines (crun: "cgroups in hybrid mode
# not supported", setrlimit denied); chroot isolation runs it in the image's
# file system as the image's user with its environment and volume, on the
# host network.
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 40000))
		(exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
	done
}
port=$(free_port)
run=("${B[@]}" run --isolation chroot)
cmd=(-- /usr/bin/genkai-rag-server server --host 0.0.0.0 --port "$port")
rc=0
out=$(timeout 60 "${run[@]}" "$ctr" "${cmd[@]}" 2>&1) || rc=$?
[ "$rc" -ne 0 ] && grep -q 'server.api_token: required when server.host (0.0.0.0)' <<<"$out" ||
	fail "server --host 0.0.0.0 without a token: exit $rc, want a refusal naming server.api_token: $out"
pass "in the image, server --host 0.0.0.0 without a token refuses to start: $(grep -m1 'server.api_token' <<<"$out")"
token="image-test-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
"${run[@]}" --env "GENKAI_SERVER_API_TOKEN=$token" "$ctr" "${cmd[@]}" >"$CTX/server.log" 2>&1 &
bpid=$!
code=""
for i in $(seq 300); do
	code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/health" || true)
	[ "$code" = 200 ] && break
	kill -0 "$bpid" 2>/dev/null || fail "the server in the image died: $(cat "$CTX/server.log")"
	sleep 0.1
done
[ "$code" = 200 ] || { kill -KILL "$bpid"; fail "/api/health answered ${code:-nothing} within 30 s: $(cat "$CTX/server.log")"; }
c1=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/api/sources")
c2=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/sources")
# The server process itself (a descendant of buildah run), by its id.
desc() { local k; for k in $(ps -o pid= --ppid "$1"); do echo "$k"; desc "$k"; done; }
spid=""
for p in $(desc "$bpid"); do [ "$(ps -o comm= -p "$p")" = genkai-rag-serv ] && spid=$p; done
[ -n "$spid" ] || { kill -KILL "$bpid"; fail "cannot find the server process under buildah run ($bpid)"; }
uid=$(ps -o uid= -p "$spid" | tr -d ' ')
kill -TERM "$spid"
rc=0
wait "$bpid" || rc=$?
[ "$c1" = 401 ] && [ "$c2" = 200 ] || fail "/api/sources answered $c1 without the token (want 401) and $c2 with it (want 200)"
[ "$uid" = 10001 ] || fail "the server ran as uid $uid, want 10001"
[ "$rc" -eq 0 ] || fail "buildah run exited $rc after SIGTERM to the server: $(tail -5 "$CTX/server.log")"
pass "in the image, with GENKAI_SERVER_API_TOKEN: /api/health 200, /api/sources 401 without the token and 200 with it, uid 10001, SIGTERM exits 0"

mkdir -p build/dist
archive="build/dist/genkai-rag-server-image_${TAG}.tar"
rm -f "$archive"
"${B[@]}" push --quiet "$NAME:$TAG" "oci-archive:$archive:$NAME:$TAG" >/dev/null
pass "wrote $archive ($(du -h "$archive" | cut -f1)); load it with: podman load -i $archive"
