#!/usr/bin/env bash
# Puts Debian trixie's ssh-audit (3.x; bookworm's 2.5 predates the Terrapin strict-kex check) in
# the project's cache without touching the host's apt sources: InRelease is verified with the
# Debian archive keyring, the Packages index against InRelease, the .deb against the index.
# Prints the path of a runnable ssh-audit. Idempotent.
set -eu
top="$(cd "$(dirname "$0")/../.." && pwd)"
cache="${OPENCLAW_HETZNER_CACHE:-$top/.cache}"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
dest="$cache/ssh-audit"
if [ ! -x "$dest/ssh-audit" ]; then
  mkdir -p "$cache"
  work="$(mktemp -d "$cache/ssh-audit-XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  curl -fsS -o "$work/InRelease" "$mirror/dists/trixie/InRelease"
  gpgv --keyring /usr/share/keyrings/debian-archive-keyring.gpg --output "$work/Release" "$work/InRelease" 2>/dev/null
  curl -fsS -o "$work/Packages.xz" "$mirror/dists/trixie/main/binary-all/Packages.xz"
  want="$(awk '/^SHA256:/ { s = 1; next } /^[^ ]/ { s = 0 } s && $3 == "main/binary-all/Packages.xz" { print $1 }' "$work/Release")"
  [ "$(sha256sum "$work/Packages.xz" | cut -d' ' -f1)" = "$want" ] || { echo "Packages.xz hash mismatch" >&2; exit 1; }
  xz -dc "$work/Packages.xz" | awk '/^Package: ssh-audit$/ { p = 1 } p && /^$/ { exit } p' >"$work/entry"
  file="$(sed -n 's/^Filename: //p' "$work/entry")"
  sum="$(sed -n 's/^SHA256: //p' "$work/entry")"
  curl -fsS -o "$work/ssh-audit.deb" "$mirror/$file"
  [ "$(sha256sum "$work/ssh-audit.deb" | cut -d' ' -f1)" = "$sum" ] || { echo "ssh-audit .deb hash mismatch" >&2; exit 1; }
  dpkg-deb -x "$work/ssh-audit.deb" "$work/root"
  printf '#!/bin/sh\nPYTHONPATH=%s/root/usr/lib/python3/dist-packages exec python3 -m ssh_audit.ssh_audit "$@"\n' "$dest" >"$work/ssh-audit"
  chmod +x "$work/ssh-audit"
  rm -rf "$dest"
  mkdir -p "$dest"
  mv "$work/root" "$work/ssh-audit" "$dest/"
fi
"$dest/ssh-audit" --help >/dev/null 2>&1 || true
echo "$dest/ssh-audit"
