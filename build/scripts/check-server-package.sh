#!/usr/bin/env bash
# Checks the genkai-rag-server .deb (make package) as an administrator meets it:
#   1. dpkg-deb -c: the binary, the systemd unit and the docs are there, and
#      the package enables nothing (no *.wants link);
#   2. dpkg-deb -I: Depends has no GTK or WebKit, and postinst/prerm/postrm
#      are there and parse (sh -n); postinst creates the user, nothing
#      enables the unit, and postrm keeps /var/lib/genkai-rag;
#   3. the packaged binary is static (CGO_ENABLED=0) and runs `version`;
#   4. `systemd-analyze verify` passes on the unit with the package unpacked
#      as the root (so ExecStart= names the real packaged binary), with no
#      warning at all, and `systemd-analyze security --offline` rates it
#      at most 2.0 (systemd's "OK" band).
# Without systemd-analyze (apt package systemd) step 4 is skipped with a
# message saying so. Usage: build/scripts/check-server-package.sh [DEB]
set -euo pipefail
cd "$(dirname "$0")/../.."
fail() { echo "check-server-package: FAIL: $*" >&2; exit 1; }
pass() { echo "check-server-package: ok: $*"; }
deb="${1:-$(ls -t build/dist/genkai-rag-server_*.deb 2>/dev/null | head -1)}"
[ -n "$deb" ] && [ -f "$deb" ] || fail "no genkai-rag-server .deb in build/dist: run make package"
UNIT=lib/systemd/system/genkai-rag-server.service
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# 1. contents
listing=$(dpkg-deb -c "$deb")
for f in ./usr/bin/genkai-rag-server "./$UNIT" ./usr/share/doc/genkai-rag-server/README.md; do
	grep -q " $f\$" <<<"$listing" || fail "$deb lacks $f"
done
grep -q '\.wants/' <<<"$listing" && fail "$deb enables the unit (a .wants link); it must be installed disabled"
grep -q 'rwxr-xr-x .* \./usr/bin/genkai-rag-server$' <<<"$listing" || fail "/usr/bin/genkai-rag-server is not mode 0755"
pass "$(basename "$deb") lists /usr/bin/genkai-rag-server, /$UNIT and its README; enables nothing"

# 2. control: dependencies and maintainer scripts
info=$(dpkg-deb -I "$deb")
[ "$(dpkg-deb -f "$deb" Package)" = genkai-rag-server ] || fail "Package is $(dpkg-deb -f "$deb" Package)"
depends=$(dpkg-deb -f "$deb" Depends)
grep -Eiq 'gtk|webkit' <<<"$depends" && fail "Depends names GTK/WebKit: $depends"
dpkg-deb -R "$deb" "$WORK/root"
# code FILE…: the shell lines that run (no comments, no messages).
code() { cat "$@" | grep -Ev '^[[:space:]]*(#|echo )'; }
for s in postinst prerm postrm; do
	grep -Eq "^ +[0-9]+ bytes, +[0-9]+ lines +\* +$s " <<<"$info" || fail "control archive lacks an executable $s: $info"
	sh -n "$WORK/root/DEBIAN/$s" || fail "$s does not parse"
done
grep -q 'adduser --system' "$WORK/root/DEBIAN/postinst" && grep -q 'useradd --system' "$WORK/root/DEBIAN/postinst" ||
	fail "postinst does not create the system user (adduser --system, useradd --system)"
code "$WORK/root/DEBIAN/postinst" | grep -Eq 'systemctl +(enable|start)|deb-systemd-helper +enable' && fail "postinst enables or starts the service; it must stay disabled"
code "$WORK/root/DEBIAN/postrm" "$WORK/root/DEBIAN/prerm" | grep -Eq 'rm +-[a-z]*r[a-z]* +/var/lib/genkai-rag' && fail "a maintainer script deletes /var/lib/genkai-rag"
pass "Depends: ${depends:-none} (no GTK/WebKit); postinst, prerm, postrm present and parse; user created, unit left disabled, data kept"

# 3. the binary
bin="$WORK/root/usr/bin/genkai-rag-server"
go version -m "$bin" | grep -q 'CGO_ENABLED=0' || fail "the packaged binary is not built with CGO_ENABLED=0"
v=$(HOME="$WORK/h" XDG_CONFIG_HOME="$WORK/h/.config" GENKAI_HOME="$WORK/home" "$bin" version) || fail "genkai-rag-server version failed"
pass "binary static (CGO_ENABLED=0) and runs: $v"

# 4. systemd's own checks
if ! command -v systemd-analyze >/dev/null; then
	echo "check-server-package: SKIP: systemd-analyze is not installed (apt package systemd; build/scripts/setup.sh installs it): unit not verified"
	exit 0
fi
unit="$WORK/root/$UNIT"
for d in 'User=genkai-rag' 'Environment=GENKAI_HOME=/var/lib/genkai-rag' 'ExecStart=/usr/bin/genkai-rag-server server' \
	'ExecReload=/bin/kill -HUP $MAINPID' 'StateDirectory=genkai-rag' 'ReadWritePaths=/var/lib/genkai-rag' \
	'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' 'NoNewPrivileges=yes'; do
	grep -qxF "$d" "$unit" || fail "the unit lacks $d"
done
# verify resolves ExecStart= and the targets inside --root: the unpacked
# package plus the host's targets and /bin/kill (for ExecReload=).
rm -rf "$WORK/root/DEBIAN"
mkdir -p "$WORK/root/bin"
cp /lib/systemd/system/*.target "$WORK/root/lib/systemd/system/"
cp /bin/kill "$WORK/root/bin/kill"
rc=0
out=$(systemd-analyze verify --root="$WORK/root" "/$UNIT" 2>&1) || rc=$?
[ "$rc" -eq 0 ] && [ -z "$out" ] || fail "systemd-analyze verify (exit $rc): $out"
pass "systemd-analyze verify: no errors, no warnings"
sec=$(systemd-analyze security --offline=true --root="$WORK/root" "/$UNIT" 2>&1) || fail "systemd-analyze security: $sec"
level=$(sed -n 's/.*Overall exposure level for genkai-rag-server.service: \([0-9.]*\).*/\1/p' <<<"$sec")
[ -n "$level" ] || fail "systemd-analyze security printed no exposure level: $sec"
awk -v l="$level" 'BEGIN { exit !(l <= 2.0) }' || fail "exposure level $level > 2.0: $(grep '✗' <<<"$sec")"
pass "systemd-analyze security --offline: exposure level $level (≤ 2.0)"
