#!/usr/bin/env bash
# fail2ban with an sshd jail reading the systemd journal (Debian has no /var/log/auth.log, so the
# stock file backend finds nothing to watch).
# Inputs: OC_JAIL_LOCAL_B64.
set -eu
ensure_packages fail2ban python3-systemd iptables
changed="$(b64 "${OC_JAIL_LOCAL_B64:?}" | install_file 644 root:root /etc/fail2ban/jail.local)"
fail2ban-client -t >/dev/null
systemctl is-enabled --quiet fail2ban || systemctl enable fail2ban >/dev/null 2>&1
if [ -n "$changed" ] || ! systemctl is-active --quiet fail2ban; then
  log "restarting fail2ban"
  systemctl restart fail2ban
fi
for _ in $(seq 1 30); do
  fail2ban-client status sshd >/dev/null 2>&1 && exit 0
  sleep 1
done
log "the sshd jail is not running"
fail2ban-client status >&2 || true
exit 1
