#!/usr/bin/env bash
# Unattended security upgrades and journald retention.
# Inputs: OC_AUTO_UPGRADES_B64, OC_UNATTENDED_B64, OC_JOURNALD_B64.
set -eu
ensure_packages unattended-upgrades
b64 "${OC_AUTO_UPGRADES_B64:?}" | install_file 644 root:root /etc/apt/apt.conf.d/20auto-upgrades >/dev/null
b64 "${OC_UNATTENDED_B64:?}" | install_file 644 root:root /etc/apt/apt.conf.d/52openclaw-hetzner-unattended >/dev/null
mkdir -p /etc/systemd/journald.conf.d
changed="$(b64 "${OC_JOURNALD_B64:?}" | install_file 644 root:root /etc/systemd/journald.conf.d/00-openclaw-hetzner.conf)"
if [ -n "$changed" ]; then
  log "journald retention changed; restarting journald"
  systemctl restart systemd-journald
fi
