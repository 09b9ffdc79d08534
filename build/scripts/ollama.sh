#!/usr/bin/env bash
# Builds the real Ollama server and an OCI registry for the integration tests
# (backend/llm/ollamatest) into .cache/, reusing what is already there:
#   .cache/ollama/<version>/bin/ollama     CPU-only Ollama, same version as the
#                                          github.com/ollama/ollama module in go.mod
#   .cache/registry/<version>/bin/registry distribution registry (pull/push tests)
# Prints the two paths, one per line, as `GENKAI_OLLAMA_BIN=…` and
# `GENKAI_REGISTRY_BIN=…`. Delete .cache/ollama or .cache/registry to rebuild.
#
# Ollama is built with `go install github.com/ollama/ollama@<version>` from the
# Go module proxy. The module zip drops llama.cpp's vendor/ headers; we supply
# them: nlohmann/json and stb from the system (Debian nlohmann-json3-dev and
# libstb-dev, installed by build/scripts/setup.sh) and miniaudio.h from the Go
# module github.com/gen2brain/malgo. Nothing here reads or writes the
# project's go.mod: every go command runs in a scratch directory.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

OLLAMA_VERSION=${OLLAMA_VERSION:-$(sed -n 's/^[[:space:]]*github\.com\/ollama\/ollama \(v[^[:space:]]*\).*/\1/p' go.mod | head -n1)}
MALGO_VERSION=v0.11.24
REGISTRY_VERSION=v3.0.0
[ -n "$OLLAMA_VERSION" ] || { echo "ollama.sh: github.com/ollama/ollama is not required in go.mod; set OLLAMA_VERSION" >&2; exit 1; }

# server.mode=release: Ollama ignores GIN_MODE and logs every route in debug mode otherwise.
OLLAMA_LDFLAGS="-s -w -X github.com/ollama/ollama/version.Version=${OLLAMA_VERSION#v} -X github.com/ollama/ollama/server.mode=release"
OLLAMA_DIR=$ROOT/.cache/ollama/$OLLAMA_VERSION
OLLAMA_BIN=$OLLAMA_DIR/bin/ollama
REGISTRY_DIR=$ROOT/.cache/registry/$REGISTRY_VERSION
REGISTRY_BIN=$REGISTRY_DIR/bin/registry

need() { command -v "$1" >/dev/null 2>&1 || { echo "ollama.sh: $1 is required: $2" >&2; exit 1; }; }
need go "install Go 1.26 or newer from https://go.dev/dl/"

# Every go command runs outside the project module, with the user's GOFLAGS
# (e.g. -mod=vendor) cleared so they cannot leak into these builds.
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/genkai-ollama-build.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
gorun() { (cd "$SCRATCH" && GOFLAGS=-modcacherw GO111MODULE=on CGO_ENABLED=1 "$@"); }

# find_include HEADER: the first system include directory holding HEADER.
find_include() {
	local d
	for d in /usr/include /usr/local/include /opt/homebrew/include /opt/local/include; do
		[ -f "$d/$1" ] && { echo "$d"; return 0; }
	done
	return 1
}

build_ollama() {
	local t0 json stb malgo inc tmpbin
	t0=$(date +%s)
	need cc "install a C/C++ compiler (Debian: build-essential; macOS: xcode-select --install)"
	json=$(find_include nlohmann/json.hpp) || { echo "ollama.sh: nlohmann/json.hpp not found: run 'make setup' (Debian: apt-get install nlohmann-json3-dev; macOS: brew install nlohmann-json)" >&2; exit 1; }
	stb=$(find_include stb/stb_image.h) || { echo "ollama.sh: stb/stb_image.h not found: run 'make setup' (Debian: apt-get install libstb-dev)" >&2; exit 1; }

	echo "ollama.sh: building Ollama $OLLAMA_VERSION (cold build takes a few minutes)" >&2
	malgo=$(gorun go mod download -json "github.com/gen2brain/malgo@$MALGO_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
	[ -f "$malgo/miniaudio.h" ] || { echo "ollama.sh: miniaudio.h missing from github.com/gen2brain/malgo@$MALGO_VERSION (got dir '$malgo')" >&2; exit 1; }
	inc=$OLLAMA_DIR/include # a fixed path: cgo flags are part of Go's build cache keys
	mkdir -p "$inc/miniaudio"
	install -m 0644 "$malgo/miniaudio.h" "$inc/miniaudio/miniaudio.h"

	tmpbin=$SCRATCH/bin
	# -O2 without -g: ~40% faster cgo compile than Go's default "-O2 -g".
	gorun env GOBIN="$tmpbin" \
		CGO_CPPFLAGS="-I$inc -I$json -I$stb" CGO_CFLAGS=-O2 CGO_CXXFLAGS=-O2 \
		go install -trimpath -ldflags "$OLLAMA_LDFLAGS" \
		"github.com/ollama/ollama@$OLLAMA_VERSION"
	"$tmpbin/ollama" --version >/dev/null 2>&1 || { echo "ollama.sh: the built ollama does not run" >&2; exit 1; }
	mkdir -p "$OLLAMA_DIR/bin"
	mv -f "$tmpbin/ollama" "$OLLAMA_BIN.tmp" && mv -f "$OLLAMA_BIN.tmp" "$OLLAMA_BIN"
	echo "$OLLAMA_STAMP" >"$OLLAMA_DIR/build-flags"
	echo "ollama.sh: built $OLLAMA_BIN in $(($(date +%s) - t0))s" >&2
}

build_registry() {
	local t0
	t0=$(date +%s)
	echo "ollama.sh: building registry $REGISTRY_VERSION" >&2
	gorun env GOBIN="$SCRATCH/rbin" CGO_ENABLED=0 \
		go install -trimpath -ldflags "-s -w" "github.com/distribution/distribution/v3/cmd/registry@$REGISTRY_VERSION"
	mkdir -p "$REGISTRY_DIR/bin"
	mv -f "$SCRATCH/rbin/registry" "$REGISTRY_BIN.tmp" && mv -f "$REGISTRY_BIN.tmp" "$REGISTRY_BIN"
	echo "ollama.sh: built $REGISTRY_BIN in $(($(date +%s) - t0))s" >&2
}

# Rebuild when this script's build settings changed since the cached build.
OLLAMA_STAMP="ldflags=$OLLAMA_LDFLAGS malgo=$MALGO_VERSION"
[ -x "$OLLAMA_BIN" ] && [ "$(cat "$OLLAMA_DIR/build-flags" 2>/dev/null)" = "$OLLAMA_STAMP" ] &&
	OLLAMA_HOST=127.0.0.1:1 "$OLLAMA_BIN" --version >/dev/null 2>&1 || build_ollama
[ -x "$REGISTRY_BIN" ] && "$REGISTRY_BIN" --version >/dev/null 2>&1 || build_registry
echo "GENKAI_OLLAMA_BIN=$OLLAMA_BIN"
echo "GENKAI_REGISTRY_BIN=$REGISTRY_BIN"
