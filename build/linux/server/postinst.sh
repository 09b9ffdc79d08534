#!/bin/sh
# postinst of genkai-rag-server: creates the system user genkai-rag and its
# data home /var/lib/genkai-rag, and tells systemd about the unit. The
# service stays disabled until `systemctl enable --now genkai-rag-server`;
# an upgrade restarts it only if it was running.
set -e
USER=genkai-rag
HOME_DIR=/var/lib/genkai-rag

case "$1" in
configure|abort-upgrade|abort-remove|abort-deconfigure|"")
	# The data home first (so adduser finds it), owned by the user once it
	# exists; an existing one (reinstall after remove) is left as it is.
	fresh=""
	if [ ! -d "$HOME_DIR" ]; then
		mkdir -p "$HOME_DIR"
		chmod 0750 "$HOME_DIR"
		fresh=1
	fi
	if ! getent passwd "$USER" >/dev/null; then
		if command -v adduser >/dev/null 2>&1; then
			adduser --system --group --home "$HOME_DIR" --no-create-home \
				--shell /usr/sbin/nologin --gecos "Genkai RAG server" "$USER" >/dev/null
		else
			getent group "$USER" >/dev/null || groupadd --system "$USER"
			useradd --system --gid "$USER" --home-dir "$HOME_DIR" --no-create-home \
				--shell /usr/sbin/nologin --comment "Genkai RAG server" "$USER"
		fi
	fi
	[ -z "$fresh" ] || chown "$USER:$USER" "$HOME_DIR"
	if [ -d /run/systemd/system ]; then
		systemctl daemon-reload >/dev/null || true
		# Upgrade: restart a running server on the new binary; never start a stopped one.
		if [ -n "$2" ]; then
			systemctl try-restart genkai-rag-server.service >/dev/null || true
		fi
	fi
	;;
esac
exit 0
