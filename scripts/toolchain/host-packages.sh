#!/usr/bin/env bash
# Debian packages the tests use: OpenSSH (sshd -t/-T and a live sshd for ssh-audit), shellcheck,
# systemd-analyze, gpgv + the archive keyring (to verify the ssh-audit download), unshare; and for
# the local stand-in (npm run test:local): debootstrap, systemd-nspawn, socat, nmap, sshpass, nc, zstd.
# Installs the missing ones when run as root; otherwise names them. Idempotent.
set -eu
packages="openssh-server openssh-client shellcheck systemd jq curl xz-utils gpgv debian-archive-keyring util-linux ca-certificates
  debootstrap systemd-container socat nmap sshpass netcat-openbsd zstd iproute2 python3"
missing=""
for pkg in $packages; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing Debian packages:$missing (install them as root, or run this script as root)" >&2
  exit 1
fi
echo "installing Debian packages:$missing" >&2
apt-get update -qq
# The tests start sshd themselves; keep the package scripts from starting a system sshd.
created_policy=""
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  created_policy=1
fi
# shellcheck disable=SC2086 # word splitting of the package list is intended
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
[ -z "$created_policy" ] || rm -f /usr/sbin/policy-rc.d
