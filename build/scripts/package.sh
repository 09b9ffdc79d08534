#!/usr/bin/env bash
# Packages build/bin/genkai-rag as build/dist/genkai-rag_VERSION_ARCH.deb with
# nfpm (Linux). Usage: build/scripts/package.sh VERSION
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -x build/bin/genkai-rag ] || { echo "package: build/bin/genkai-rag is missing: run make build" >&2; exit 1; }
export VERSION="${1:?usage: package.sh VERSION}"
export ARCH="$(go env GOARCH)"
mkdir -p build/dist
out="build/dist/genkai-rag_${VERSION}_${ARCH}.deb"
rm -f "$out"
nfpm package --config build/linux/nfpm.yaml --packager deb --target "$out" >/dev/null
echo "$out"
