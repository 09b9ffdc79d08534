#!/usr/bin/env bash
# Packages the Linux .debs with nfpm into build/dist:
#   desktop  build/bin/genkai-rag          -> genkai-rag_VERSION_ARCH.deb
#   server   build/bin/genkai-rag-headless -> genkai-rag-server_VERSION_ARCH.deb
#            (systemd unit, system user; see build/linux/server/README.md)
# Usage: build/scripts/package.sh VERSION [desktop|server|all]  (default all)
set -euo pipefail
cd "$(dirname "$0")/../.."
export VERSION="${1:?usage: package.sh VERSION [desktop|server|all]}"
what="${2:-all}"
export ARCH="$(go env GOARCH)"
mkdir -p build/dist

# deb NAME BINARY CONFIG MAKE-TARGET
deb() {
	[ -x "$2" ] || { echo "package: $2 is missing: run make $4" >&2; exit 1; }
	local out="build/dist/${1}_${VERSION}_${ARCH}.deb"
	rm -f "$out"
	local log
	log=$(nfpm package --config "$3" --packager deb --target "$out" 2>&1) || { echo "package: nfpm failed for $1: $log" >&2; exit 1; }
	echo "$out"
}
case "$what" in
desktop | all) deb genkai-rag build/bin/genkai-rag build/linux/nfpm.yaml build ;;&
server | all) deb genkai-rag-server build/bin/genkai-rag-headless build/linux/server/nfpm.yaml headless ;;
desktop) ;;
*) echo "package: unknown package $what (want desktop, server or all)" >&2; exit 2 ;;
esac
