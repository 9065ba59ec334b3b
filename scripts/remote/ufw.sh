#!/usr/bin/env bash
# Host firewall: deny all inbound but the SSH port (the Hetzner firewall does the same one layer
# out). ufw is owned by this step: any other allow rule is removed.
# Inputs: OC_SSH_PORT.
set -eu
port="${OC_SSH_PORT:?}"
ensure_packages ufw

policy="$(sed -n 's/^DEFAULT_INPUT_POLICY="\(.*\)"/\1/p' /etc/default/ufw)"
[ "$policy" = "DROP" ] || ufw default deny incoming >/dev/null
policy="$(sed -n 's/^DEFAULT_OUTPUT_POLICY="\(.*\)"/\1/p' /etc/default/ufw)"
[ "$policy" = "ACCEPT" ] || ufw default allow outgoing >/dev/null
grep -q '^IPV6=yes' /etc/default/ufw || sed -i 's/^IPV6=.*/IPV6=yes/' /etc/default/ufw
# Kernel settings are the host layer's (os-hardening's sysctl.d drop-in, applied by systemd at
# boot): ufw's own sysctl file would set log_martians back to 0 on every enable and every boot.
grep -qx 'IPT_SYSCTL=' /etc/default/ufw || sed -i 's/^IPT_SYSCTL=.*/IPT_SYSCTL=/' /etc/default/ufw

want="ufw allow $port/tcp"
ufw show added | grep '^ufw allow' | while IFS= read -r rule; do
  if [ "$rule" != "$want" ]; then
    log "removing rule: $rule"
    # shellcheck disable=SC2086 # the rule's words are the arguments
    ufw delete ${rule#ufw } >/dev/null
  fi
done
ufw show added | grep -qx "$want" || ufw allow "$port/tcp" >/dev/null

if ! ufw status | grep -q '^Status: active'; then
  log "enabling ufw"
  ufw --force enable >/dev/null
fi
ufw status verbose | grep -q "^$port/tcp .*ALLOW IN" || { log "ufw does not allow $port/tcp"; exit 1; }
