#!/usr/bin/env bash
# Every Debian package the hardening steps configure, in one apt transaction (one dpkg run) instead
# of one per step: ufw, fail2ban and unattended upgrades run after this one and find them installed.
# Their own ensure_packages calls stay, as no-ops, so each step still stands alone.
set -eu
ensure_packages openssh-server ufw fail2ban python3-systemd iptables unattended-upgrades
