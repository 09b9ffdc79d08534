#!/bin/sh
# postrm of genkai-rag-server. Remove and purge both KEEP the data home
# /var/lib/genkai-rag (indexed sources, conversations, backups, config with
# the API token) and the system user that owns it: they are the team's data,
# and a reinstall picks them up again. To delete them for good:
#   sudo rm -rf /var/lib/genkai-rag && sudo deluser --system genkai-rag
set -e
case "$1" in
remove|purge)
	if [ -d /run/systemd/system ]; then
		systemctl daemon-reload >/dev/null 2>&1 || true
	fi
	if [ "$1" = purge ] && [ -d /var/lib/genkai-rag ]; then
		echo "genkai-rag-server: kept /var/lib/genkai-rag and the user genkai-rag; to delete them: rm -rf /var/lib/genkai-rag && deluser --system genkai-rag"
	fi
	;;
esac
exit 0
