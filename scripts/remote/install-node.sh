#!/usr/bin/env bash
# Node.js from the official tarball, SHA-256 checked (against a pinned sum when given, else the
# mirror's SHASUMS256.txt), unpacked root-owned under /opt. No curl | bash, no third-party repo.
# Inputs: OC_NODE_VERSION, OC_NODE_MIRROR, OC_NODE_SHA256 (may be empty).
set -eu
version="${OC_NODE_VERSION:?}"
mirror="${OC_NODE_MIRROR:?}"
dest="/opt/node-v$version"
if [ -x "$dest/bin/node" ] && [ "$("$dest/bin/node" --version)" = "v$version" ]; then
  exit 0
fi
# apt's own downloader (apt-helper, on every Debian and Ubuntu), not curl: the long path (Node.js,
# OpenClaw, the gateway) then waits for no package install. It honours apt's proxy settings; https
# needs the CA certificates, which every cloud image has (if not, they go in first).
ensure_packages ca-certificates
fetch() {
  /usr/lib/apt/apt-helper -o APT::Sandbox::User=root -o Acquire::Retries=3 download-file "$1" "$2" >&2
}
case "$(uname -m)" in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) log "unsupported architecture $(uname -m)"; exit 1 ;;
esac
name="node-v$version-linux-$arch.tar.gz"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
log "downloading $mirror/v$version/$name"
fetch "$mirror/v$version/$name" "$work/$name"
want="${OC_NODE_SHA256:-}"
if [ -z "$want" ]; then
  fetch "$mirror/v$version/SHASUMS256.txt" "$work/SHASUMS256.txt"
  want="$(awk -v n="$name" '$2 == n { print $1 }' "$work/SHASUMS256.txt")"
  [ -n "$want" ] || { log "$name is not listed in SHASUMS256.txt"; exit 1; }
fi
got="$(sha256sum "$work/$name" | cut -d' ' -f1)"
if [ "$got" != "$want" ]; then
  log "SHA-256 mismatch for $name: expected $want, got $got"
  exit 1
fi
mkdir -p "$work/unpacked"
tar -xzf "$work/$name" -C "$work/unpacked" --strip-components=1 --no-same-owner
chown -R root:root "$work/unpacked"
chmod -R go-w "$work/unpacked"
"$work/unpacked/bin/node" --version >/dev/null
rm -rf "$dest"
mv "$work/unpacked" "$dest"
chmod 755 "$dest"
log "installed Node.js v$version in $dest"
