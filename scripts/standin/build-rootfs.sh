#!/usr/bin/env bash
# Builds the stand-in VPS base image: a Debian rootfs (debootstrap minbase + systemd, sshd,
# cloud-init) cached as a zstd tarball under .cache/standin/. Idempotent: an existing tarball is kept.
# Usage: build-rootfs.sh [trixie|bookworm]. Root only.
set -eu
suite="${1:-trixie}"
top="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${OPENCLAW_HETZNER_CACHE:-$top/.cache}/standin"
tarball="$cache/$suite-base.tar.zst"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
[ -f "$tarball" ] && { echo "$tarball"; exit 0; }
[ "$(id -u)" -eq 0 ] || { echo "build-rootfs.sh: needs root (debootstrap)" >&2; exit 1; }
mkdir -p "$cache"
root="$(mktemp -d "$cache/rootfs-$suite-XXXXXX")"
cleanup() {
  for m in dev/pts dev proc sys run; do umount -l "$root/$m" 2>/dev/null || true; done
  rm -rf "$root"
}
trap cleanup EXIT

echo "debootstrap $suite (minbase)" >&2
debootstrap --variant=minbase "$suite" "$root" "$mirror" >&2
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
# --uts: cloud-init's postinst must not rename the host.
# shellcheck disable=SC2016 # the inner script expands its own $1
unshare --mount --uts --ipc --pid --mount-proc --fork sh -eu -c '
  root="$1"
  mount -t proc proc "$root/proc"
  mount -t sysfs sys "$root/sys"
  mount --bind /dev "$root/dev"
  mount --bind /dev/pts "$root/dev/pts"
  mount -t tmpfs tmpfs "$root/run"
  chroot "$root" sh -eu -c "
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends systemd-sysv dbus openssh-server sudo iproute2 procps \
      ca-certificates cloud-init ifupdown python3-systemd netbase
    apt-get clean
  "
' sh "$root" >&2
rm -f "$root/usr/sbin/policy-rc.d" "$root"/etc/ssh/ssh_host_*
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin
: >"$root/etc/machine-id"
tar --numeric-owner --xattrs -C "$root" -I 'zstd -T0 -3' -cf "$tarball.tmp" .
mv "$tarball.tmp" "$tarball"
echo "$tarball"
