#!/usr/bin/env bash
# Every Debian package the steps rely on, in one apt transaction (one `apt-get update`, one dpkg
# run) instead of one per step: the steps that configure them run after this one and find them
# installed. Their own ensure_packages calls stay, as no-ops, so each step still stands alone.
set -eu
ensure_packages openssh-server ufw fail2ban python3-systemd iptables unattended-upgrades curl ca-certificates \
  auditd aide aide-common debsums kmod libpam-passwdqc libpam-tmpdir
