#!/bin/sh
# prerm of genkai-rag-server: stops the service before its binary goes away
# (on remove; an upgrade restarts it in postinst instead).
set -e
case "$1" in
remove|deconfigure)
	if [ -d /run/systemd/system ]; then
		systemctl disable --now genkai-rag-server.service >/dev/null 2>&1 || true
	fi
	;;
esac
exit 0
