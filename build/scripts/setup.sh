#!/usr/bin/env bash
# Sets up a fresh machine to build, run and test Genkai RAG Desktop:
# system packages (apt on Debian/Ubuntu, Homebrew on macOS), the pinned Go
# tools into .tools/bin, and the frontend's npm packages. Safe to re-run:
# it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

WAILS_VERSION=v2.16.0
NFPM_VERSION=v2.45.2
TOOLS="$PWD/.tools/bin"

need() { command -v "$1" >/dev/null 2>&1 || { echo "setup: $1 is required: $2" >&2; exit 1; }; }
need go "install Go 1.26 or newer from https://go.dev/dl/"
need node "install Node.js 20 or newer"
need npm "install npm (comes with Node.js)"

case "$(uname -s)" in
Linux)
	pkgs=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.1-dev xvfb xauth imagemagick xdotool x11-utils chromium curl jq dpkg-dev
		fonts-ipafont-gothic # Japanese glyphs for the window and the screenshots
		systemd # systemd-analyze checks the genkai-rag-server unit (build/scripts/check-server-package.sh)
		buildah docker-compose # make image builds the container image; compose.yaml is checked
		nlohmann-json3-dev libstb-dev) # headers the Ollama build needs (build/scripts/ollama.sh)
	missing=()
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		echo "setup: installing ${missing[*]}"
		sudo=""
		[ "$(id -u)" -eq 0 ] || sudo="sudo"
		$sudo apt-get update -qq
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
	;;
Darwin)
	need brew "install Homebrew from https://brew.sh"
	# WebKit ships with macOS; Xcode command line tools provide the compiler.
	xcode-select -p >/dev/null 2>&1 || xcode-select --install || true
	# jq runs the operations guide's commands in the contract test.
	command -v jq >/dev/null 2>&1 || brew install jq
	;;
*)
	echo "setup: unsupported system $(uname -s); Genkai RAG Desktop builds on Linux and macOS" >&2
	exit 1
	;;
esac

mkdir -p "$TOOLS"
# tool NAME PACKAGE VERSION: go install PACKAGE@VERSION into .tools/bin unless
# the binary there was already built from that version.
tool() {
	if ! go version -m "$TOOLS/$1" 2>/dev/null | grep -qE "^[[:space:]]+mod[[:space:]].*[[:space:]]$3([[:space:]]|$)"; then
		echo "setup: installing $1 $3"
		GOBIN="$TOOLS" go install "$2@$3"
	fi
}
tool wails github.com/wailsapp/wails/v2/cmd/wails "$WAILS_VERSION"
[ "$(uname -s)" != Linux ] || tool nfpm github.com/goreleaser/nfpm/v2/cmd/nfpm "$NFPM_VERSION"

go mod download
# npm ci trips over Vite's optional rollup packages with npm 11: use install.
(cd frontend && npm install --no-audit --no-fund --loglevel=error)
echo "setup: done"
