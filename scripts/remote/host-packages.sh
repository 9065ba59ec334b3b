#!/usr/bin/env bash
# Every Debian package the steps rely on, in one apt transaction (one `apt-get update`, one dpkg
# run) instead of one per step: the steps that configure them run after this one and find them
# installed. Their own ensure_packages calls stay, as no-ops, so each step still stands alone.
# First the distribution's security suite: added to the apt sources when the image lacks it (else
# unattended-upgrades has nothing to install), and the security fixes pending on the image
# installed after the packages, so a new server starts patched.
# Inputs: OC_SECURITY_SUITE (name), OC_SECURITY_SOURCES_B64.
set -eu
suite="${OC_SECURITY_SUITE:?}"
ours=/etc/apt/sources.list.d/openclaw-hetzner-security.list
if apt_sources_carry "$suite" "$(basename "$ours")"; then
  if [ -f "$ours" ]; then
    rm -f "$ours"
    log "the image's sources carry $suite: removed ours"
  fi
elif [ -n "$(b64 "${OC_SECURITY_SOURCES_B64:?}" | install_file 644 root:root "$ours")" ]; then
  log "no apt source carried $suite: added $ours"
  rm -f /run/openclaw-hetzner-apt-updated
fi

packages="openssh-server ufw fail2ban python3-systemd iptables unattended-upgrades curl ca-certificates auditd aide aide-common debsums kmod libpam-passwdqc libpam-tmpdir"

# One dpkg run for the missing packages and the security fixes the lists offer for installed ones
# (apt-get install upgrades an installed package to its candidate). Fresh lists: the stamp is
# under 10 minutes old, or this updates them.
apt_update
pending_fixes() {
  apt-get -s -o Debug::NoLocking=1 upgrade 2>/dev/null | sed -n 's/^Inst \([^ ]*\) .*[Ss]ecurity.*/\1/p' | tr '\n' ' ' | sed 's/ $//'
}
# shellcheck disable=SC2086 # word splitting of the package list is intended
if [ -n "$(missing_packages $packages)$(pending_fixes)" ]; then
  exec 9>/run/openclaw-hetzner-apt.lock
  flock -w 900 9 || { log "another step held the apt lock for 15 minutes"; exit 1; }
  # shellcheck disable=SC2086
  missing="$(missing_packages $packages)"
  pending="$(pending_fixes)"
  [ -z "$missing" ] || log "installing:$missing"
  [ -z "$pending" ] || log "installing pending security fixes: $pending"
  # shellcheck disable=SC2086
  [ -z "$missing$pending" ] || apt_get install -y --no-install-recommends $missing $pending >/dev/null
  exec 9>&-
fi
